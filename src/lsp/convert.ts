import { DiagnosticSeverity, type Diagnostic, type Position as LspPosition, type Range as LspRange, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Finding, Severity, TextEdit } from '../engine/api';
import type { Position, Range } from '../parse/text';

/**
 * Our positions are 1-based lines and columns in UTF-16 code units over BOM-less text; LSP's are 0-based over the
 * text as the editor holds it. A leading BOM shifts line 1 by one code unit, which `bom` accounts for.
 */
export function toLspPosition(p: Position, bom: boolean): LspPosition {
  const shift = bom && p.line === 1 ? 1 : 0;
  return { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1 + shift) };
}

export function toLspRange(r: Range, bom: boolean): LspRange {
  return { start: toLspPosition(r.start, bom), end: toLspPosition(r.end, bom) };
}

export function fromLspPosition(p: LspPosition, bom: boolean): Position {
  const shift = bom && p.line === 0 ? 1 : 0;
  return { line: p.line + 1, column: Math.max(1, p.character + 1 - shift) };
}

export function toLspEdit(e: TextEdit, bom: boolean): LspTextEdit {
  return { range: toLspRange(e.range, bom), newText: e.text };
}

export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries back to us in code-action requests. */
export interface DiagnosticData {
  rule: string;
}

export function toDiagnostic(f: Finding, docs: string, bom: boolean): Diagnostic {
  return {
    range: toLspRange(f.range, bom),
    severity: LSP_SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: docs },
    source: 'layerlint',
    message: f.suggestion ? `${f.message}\nSuggested:\n${f.suggestion}` : f.message,
    data: { rule: f.rule } satisfies DiagnosticData,
  };
}

/** Whether two LSP ranges touch (an empty range at a boundary counts). */
export function rangesTouch(a: LspRange, b: LspRange): boolean {
  const before = (p: LspPosition, q: LspPosition): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
