import type { Comment, DockerfileModel, Instruction } from '../model/types';

/**
 * Inline suppressions, from our own pragmas and from the tools users come from:
 *   # layerlint ignore=RULE[,RULE]       next instruction
 *   # layerlint ignore-file=RULE[,RULE]  whole file (no list: every rule)
 *   # hadolint ignore=DLxxxx             next instruction
 *   # hadolint global ignore=DLxxxx      whole file
 *   # hadolint stage ignore=DLxxxx       the stage the comment is in
 *   # check=skip=Name[,Name]|all         BuildKit: file directive, or above one instruction
 */
export interface Suppressions {
  /** Names (lower-cased ids or aliases) ignored in the whole file; '*' = all. */
  file: Set<string>;
  /** BuildKit `skip=all` at file level: every rule that has a BuildKit alias. */
  fileSkipAllBuildkit: boolean;
  /** Per instruction index. */
  instruction: Map<number, Set<string>>;
  /** Per instruction index: BuildKit `skip=all` above it. */
  instructionSkipAllBuildkit: Set<number>;
  /** Per stage index. */
  stage: Map<number, Set<string>>;
  /** Every pragma comment seen (for the rule that reports them). */
  pragmas: Comment[];
}

const LAYERLINT = /^\s*layerlint\s+(ignore-file|ignore)\b(?:\s*=\s*([^\s#]*))?/i;
const HADOLINT = /^\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([^\s#]+)/i;
const CHECK = /^\s*check\s*=\s*(\S+)/i;

function names(list: string | undefined): string[] {
  if (!list) return ['*'];
  return list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

export function collectSuppressions(model: DockerfileModel, honourInline: boolean): Suppressions {
  const sup: Suppressions = { file: new Set(), fileSkipAllBuildkit: false, instruction: new Map(), instructionSkipAllBuildkit: new Set(), stage: new Map(), pragmas: [] };
  const checkDirective = model.directives.find((d) => d.name === 'check');
  // Only the directive's first word counts, so `# check=skip=X // reason` works as in BuildKit.
  if (checkDirective) applyCheckOptions(checkDirective.value.trim().split(/\s+/)[0] ?? '', (n) => sup.file.add(n), () => (sup.fileSkipAllBuildkit = true));
  if (!honourInline) return sup;

  const byLine = new Map<number, Instruction>();
  for (const ins of model.instructions) for (const c of ins.leadingComments) byLine.set(c.line, ins);

  for (const c of model.comments) {
    let m = LAYERLINT.exec(c.text);
    if (m) {
      sup.pragmas.push(c);
      if (m[1].toLowerCase() === 'ignore-file') for (const n of names(m[2])) sup.file.add(n);
      else {
        const ins = byLine.get(c.line);
        if (ins) add(sup.instruction, ins.index, names(m[2]));
      }
      continue;
    }
    m = HADOLINT.exec(c.text);
    if (m) {
      sup.pragmas.push(c);
      const scope = (m[1] ?? '').toLowerCase();
      if (scope === 'global') for (const n of names(m[2])) sup.file.add(n);
      else if (scope === 'stage') {
        const stage = stageAtLine(model, c.line);
        if (stage >= 0) add(sup.stage, stage, names(m[2]));
      } else {
        const ins = byLine.get(c.line);
        if (ins) add(sup.instruction, ins.index, names(m[2]));
      }
      continue;
    }
    m = CHECK.exec(c.text);
    if (m && !model.directives.some((d) => d.span.start === c.span.start)) {
      const ins = byLine.get(c.line);
      if (!ins) continue;
      sup.pragmas.push(c);
      applyCheckOptions(m[1], (n) => add(sup.instruction, ins.index, [n]), () => sup.instructionSkipAllBuildkit.add(ins.index));
    }
  }
  return sup;
}

function add(map: Map<number, Set<string>>, key: number, list: string[]): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  for (const n of list) set.add(n);
}

function applyCheckOptions(value: string, skip: (name: string) => void, skipAll: () => void): void {
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const val = part.slice(eq + 1).trim();
    if (key !== 'skip') continue;
    for (const n of val.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (n.toLowerCase() === 'all') skipAll();
      else skip(n.toLowerCase());
    }
  }
}

function stageAtLine(model: DockerfileModel, line: number): number {
  let found = -1;
  for (const st of model.stages) if (st.from.range.start.line <= line) found = st.index;
  return found;
}

export function isSuppressed(sup: Suppressions, ruleNames: readonly string[], hasBuildkitAlias: boolean, ins: Instruction | null): boolean {
  const hit = (set: Set<string> | undefined): boolean => !!set && (set.has('*') || ruleNames.some((n) => set.has(n)));
  if (hit(sup.file)) return true;
  if (hasBuildkitAlias && sup.fileSkipAllBuildkit) return true;
  if (!ins) return false;
  const target = ins.onbuildParent ?? ins;
  if (hit(sup.instruction.get(target.index))) return true;
  if (hasBuildkitAlias && sup.instructionSkipAllBuildkit.has(target.index)) return true;
  if (target.stageIndex >= 0 && hit(sup.stage.get(target.stageIndex))) return true;
  return false;
}
