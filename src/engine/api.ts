import type { DockerfileModel, Instruction, Range, Stage } from '../model/types';
import type { ShellCommand } from '../parse/shell';
import type { Simulation } from '../simulate/types';

export type Severity = 'error' | 'warning' | 'info' | 'style';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'style'];

export type Category = 'correctness' | 'security' | 'best-practice' | 'maintainability' | 'layer-cost' | 'portability' | 'style' | 'syntax';

export interface TextEdit {
  range: Range;
  text: string;
}

export interface Fix {
  /** Safe fixes are applied by `--fix`; unsafe ones are only shown. */
  safe: boolean;
  edits: TextEdit[];
}

export interface Finding {
  rule: string;
  aliases: string[];
  severity: Severity;
  message: string;
  range: Range;
  fix: Fix | null;
  /** What to do, as text (for the big rewrites: concrete Dockerfile text). */
  suggestion: string | null;
}

export interface RuleMeta {
  /** kebab-case id. */
  id: string;
  /** Other tools' names: hadolint `DLxxxx`, BuildKit check names. */
  aliases: string[];
  severity: Severity;
  category: Category;
  /** Whether the rule can carry a fix (safe or not). */
  fixable: boolean;
  /** One line: what the rule reports. */
  description: string;
  /** Rules that are off unless configured (e.g. missing HEALTHCHECK). */
  enabledByDefault?: boolean;
  /** The rule also checks ONBUILD triggers. */
  onbuild?: boolean;
  /** Message templates by id; `{{name}}` placeholders are filled from `data`. */
  messages: Record<string, string>;
  /** JSON schema of the rule's options (when it takes any). */
  optionsSchema?: Record<string, unknown>;
  /** Absolute docs URL; filled in from the id by defineRule. */
  docs?: string;
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: Fix | null;
  suggestion?: string | null;
  /** Report on a different instruction than the one being visited (for suppression look-ups). */
  instruction?: Instruction;
  /** Further instructions whose pragmas also suppress this finding (BuildKit puts them above the later of two). */
  alsoSuppressedBy?: Instruction[];
}

export interface LabelSchema {
  [label: string]: 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';
}

/** Settings rules may read (from config). */
export interface RuleSettings {
  trustedRegistries: string[];
  labelSchema: LabelSchema;
  strictLabels: boolean;
  /** Options given to this rule in config. */
  options: Record<string, unknown>;
}

/** Lazy access to slower analyses, computed once per file and shared by every rule that asks. */
export interface Analyses {
  /**
   * The layer simulation of the file (what each layer weighs, hides and could avoid), computed on first use.
   * Null when the file has no stages.
   */
  simulation(): Simulation | null;
}

export interface RuleContext {
  readonly model: DockerfileModel;
  readonly settings: RuleSettings;
  readonly analyses: Analyses;
  /** Path of the Dockerfile as given (or `-`). */
  readonly filePath: string;
  report(descriptor: ReportDescriptor): void;
}

/** Visitors are called in one pass over the file, in document order. */
export interface Visitors {
  file?(model: DockerfileModel): void;
  stage?(stage: Stage): void;
  stageEnd?(stage: Stage): void;
  instruction?(ins: Instruction): void;
  /** Called for every command of a RUN's (or shell-form CMD's) shell script. */
  command?(cmd: ShellCommand, ins: Instruction): void;
  fileEnd?(model: DockerfileModel): void;
  /** Keyword visitors, called for each instruction with that keyword. */
  FROM?: KeywordVisitor;
  RUN?: KeywordVisitor;
  COPY?: KeywordVisitor;
  ADD?: KeywordVisitor;
  WORKDIR?: KeywordVisitor;
  ENV?: KeywordVisitor;
  LABEL?: KeywordVisitor;
  CMD?: KeywordVisitor;
  ENTRYPOINT?: KeywordVisitor;
  EXPOSE?: KeywordVisitor;
  USER?: KeywordVisitor;
  VOLUME?: KeywordVisitor;
  ARG?: KeywordVisitor;
  SHELL?: KeywordVisitor;
  STOPSIGNAL?: KeywordVisitor;
  HEALTHCHECK?: KeywordVisitor;
  MAINTAINER?: KeywordVisitor;
  ONBUILD?: KeywordVisitor;
}

export type KeywordVisitor = (ins: Instruction) => void;

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): Visitors;
}

export const HOMEPAGE = 'https://github.com/layerlint/layerlint';

export function docsUrl(id: string): string {
  return `${HOMEPAGE}/blob/main/docs/rules/${id}.md`;
}

export function defineRule(rule: Rule): Rule {
  rule.meta.docs ??= docsUrl(rule.meta.id);
  return rule;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, style: 0 };
