import type { JoinedText } from '../parse/join';
import type { ShellScript } from '../parse/shell';
import type { LineIndex, Range, Span } from '../parse/text';

export type { Range, Span, Position } from '../parse/text';

export type Builder = 'buildkit' | 'classic';

export interface Directive {
  /** Lower-cased name: `syntax`, `escape`, `check`, or another. */
  name: string;
  value: string;
  range: Range;
  span: Span;
}

export interface Comment {
  text: string;
  range: Range;
  span: Span;
  line: number;
}

export interface Flag {
  /** Name without dashes, lower-cased: `mount`, `from`, `chown` ... */
  name: string;
  /** Value as written (null for a bare flag such as `--link`). */
  value: string | null;
  /** Value after ARG/ENV expansion. */
  expanded: string | null;
  /** `--mount=type=cache,target=/x` → {type: 'cache', target: '/x'}. */
  options: Record<string, string>;
  range: Range;
  span: Span;
  valueSpan: Span | null;
}

export interface Arg {
  /** Token as written (whitespace-separated, continuation removed). */
  raw: string;
  /** After ARG/ENV expansion (quotes kept). */
  expanded: string;
  range: Range;
  span: Span;
}

export interface Heredoc {
  name: string;
  /** `<<-` strips leading tabs. */
  stripTabs: boolean;
  /** Quoted delimiter: no expansion in the body. */
  quoted: boolean;
  /** Body text as it stands in the file. */
  content: string;
  contentSpan: Span;
  /** The `<<EOF` marker in the instruction line. */
  markerSpan: Span;
  /** False when the file ends before the delimiter. */
  terminated: boolean;
}

export type InstructionForm = 'exec' | 'shell' | 'none';

export interface ImageRef {
  /** As written, after expansion. */
  text: string;
  registry: string | null;
  /** Repository path without registry, e.g. `library/ubuntu` → `ubuntu`. */
  name: string;
  tag: string | null;
  digest: string | null;
  /** Still holds an unexpanded variable. */
  dynamic: boolean;
}

export interface Instruction {
  /** Position in file order among all instructions (ONBUILD triggers get their own). */
  index: number;
  keyword: string;
  keywordRaw: string;
  keywordRange: Range;
  range: Range;
  span: Span;
  /** Stage index, or -1 before the first FROM. */
  stageIndex: number;
  flags: Flag[];
  args: Arg[];
  /** Arguments after the flags, continuations joined (raw, unexpanded). */
  argsText: string;
  argsSpan: Span;
  argsJoined: JoinedText;
  form: InstructionForm;
  /** Exec-form values read exactly from the JSON text. */
  execArgs: string[] | null;
  heredocs: Heredoc[];
  /** The trigger instruction of an ONBUILD. */
  trigger: Instruction | null;
  /** Set on a trigger instruction: the ONBUILD that holds it. */
  onbuildParent: Instruction | null;
  /** Shell script for RUN and shell-form CMD/ENTRYPOINT/HEALTHCHECK; null otherwise or before the parser is loaded. */
  script: ShellScript | null;
  /** Comments in the block directly above the instruction. */
  leadingComments: Comment[];
  /** Variables in scope at this instruction (ARG and ENV), after expansion. */
  scope: ReadonlyMap<string, VarBinding>;
  /** The active SHELL at this instruction (exec-form array). */
  shell: string[];
  /** Index of the SHELL instruction in effect (this stage or a parent stage), or null for the default shell. */
  shellSetBy: number | null;
  /** True when this instruction creates a filesystem layer under the chosen builder. */
  createsLayer: boolean;
  /** Parse problems found in this instruction. */
  problems: ParseProblem[];
}

export interface VarBinding {
  name: string;
  value: string | undefined;
  kind: 'arg' | 'env' | 'predefined' | 'build-arg';
  /** Instruction that defined it (null for predefined). */
  definedAt: number | null;
}

export interface Stage {
  index: number;
  /** Lower-cased stage name, or null. */
  name: string | null;
  nameRaw: string | null;
  from: Instruction;
  /** Base image reference after expansion of global ARGs. */
  base: ImageRef;
  /** Index of the stage this one is built FROM, or null for an external image/scratch. */
  parentStage: number | null;
  instructions: Instruction[];
  /** ENV carried in from a parent stage. */
  inheritedEnv: ReadonlyMap<string, VarBinding>;
  platform: string | null;
}

export interface ParseProblem {
  message: string;
  range: Range;
  span: Span;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escape: string;
  directives: Directive[];
  comments: Comment[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  /** Every instruction in file order (ONBUILD triggers are only reachable through `trigger`). */
  instructions: Instruction[];
  stages: Stage[];
  problems: ParseProblem[];
  builder: Builder;
  buildArgs: ReadonlyMap<string, string>;
  /** Index of the stage that is built (the last one unless a target is given), or -1. */
  targetStage: number;
  /** `# hadolint shell=...` pragma or non-POSIX SHELL: the shell flavour of RUN text. */
  shellPragma: string | null;
  /** Stage indexes the target depends on (FROM chain, COPY --from, RUN --mount from), target included. */
  reachableStages: ReadonlySet<number>;
}

export const METADATA_KEYWORDS = new Set([
  'ENV', 'LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'USER', 'VOLUME', 'ARG', 'SHELL', 'STOPSIGNAL', 'HEALTHCHECK', 'MAINTAINER', 'ONBUILD',
]);

export const KNOWN_KEYWORDS = new Set([
  'FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', ...METADATA_KEYWORDS,
]);
