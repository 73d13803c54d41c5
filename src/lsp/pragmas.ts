import type { TextEdit } from '../engine/api';
import type { Comment, DockerfileModel, Instruction } from '../model/types';

/**
 * Edits that add a rule to an inline suppression: `# layerlint ignore=RULE` above an instruction, or
 * `# layerlint ignore-file=RULE` for the whole file. An existing pragma in the right place is extended instead of a
 * second one being added; null means the rule is already suppressed there.
 */
const PRAGMA = /^(\s*layerlint\s+(ignore|ignore-file)\s*=\s*)([^\s#]*)/i;

function lineBreak(model: DockerfileModel): string {
  return /\r\n/.test(model.text) ? '\r\n' : '\n';
}

interface PragmaMatch {
  comment: Comment;
  kind: 'ignore' | 'ignore-file';
  list: string[];
  /** Column (1-based) just after the rule list. */
  endColumn: number;
}

function readPragma(model: DockerfileModel, c: Comment): PragmaMatch | null {
  const m = PRAGMA.exec(c.text);
  if (!m) return null;
  const lineText = model.lines.lineText(c.line);
  const at = lineText.indexOf(c.text);
  if (at < 0) return null;
  return { comment: c, kind: m[2].toLowerCase() as PragmaMatch['kind'], list: m[3].split(',').filter(Boolean), endColumn: at + m[1].length + m[3].length + 1 };
}

function extend(p: PragmaMatch, rule: string): TextEdit | null {
  if (p.list.some((n) => n.toLowerCase() === rule.toLowerCase())) return null;
  const pos = { line: p.comment.line, column: p.endColumn };
  return { range: { start: pos, end: pos }, text: p.list.length ? `,${rule}` : rule };
}

function indentOf(model: DockerfileModel, line: number): string {
  return /^[ \t]*/.exec(model.lines.lineText(line))?.[0] ?? '';
}

/** Suppress `rule` on one instruction (an ONBUILD trigger's pragma goes above its ONBUILD). */
export function ignoreInstructionEdit(model: DockerfileModel, ins: Instruction, rule: string): TextEdit | null {
  const target = ins.onbuildParent ?? ins;
  const line = target.range.start.line;
  const above = target.leadingComments.find((c) => c.line === line - 1);
  const existing = above ? readPragma(model, above) : null;
  if (existing && existing.kind === 'ignore') return extend(existing, rule);
  const pos = { line, column: 1 };
  return { range: { start: pos, end: pos }, text: `${indentOf(model, line)}# layerlint ignore=${rule}${lineBreak(model)}` };
}

/** Suppress `rule` in the whole file; a new pragma goes after the parser directives, which must stay first. */
export function ignoreFileEdit(model: DockerfileModel, rule: string): TextEdit | null {
  for (const c of model.comments) {
    const p = readPragma(model, c);
    if (p && p.kind === 'ignore-file') return p.list.length === 0 ? null : extend(p, rule);
  }
  const lastDirective = model.directives.reduce((n, d) => Math.max(n, d.range.end.line), 0);
  if (lastDirective >= model.lines.lineCount) {
    // Nothing but directives and no final line break: start a new line after the last one.
    const end = { line: lastDirective, column: model.lines.lineText(lastDirective).length + 1 };
    return { range: { start: end, end }, text: `${lineBreak(model)}# layerlint ignore-file=${rule}` };
  }
  const pos = { line: lastDirective + 1, column: 1 };
  return { range: { start: pos, end: pos }, text: `# layerlint ignore-file=${rule}${lineBreak(model)}` };
}
