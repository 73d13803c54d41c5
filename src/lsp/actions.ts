import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Finding, TextEdit } from '../engine/api';
import { instructionAt } from '../engine/lint';
import type { DockerfileModel } from '../model/types';
import { rangesTouch, toLspEdit, toLspRange, type DiagnosticData } from './convert';
import { ignoreFileEdit, ignoreInstructionEdit } from './pragmas';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.layerlint`;

export interface ActionInput {
  uri: string;
  model: DockerfileModel;
  /** Findings of the current text (fast and slow stages). */
  findings: readonly Finding[];
  bom: boolean;
  /** Diagnostics the client sent with the request. */
  diagnostics: readonly Diagnostic[];
  range: LspRange;
  /** `context.only`, when the client restricts the kinds. */
  only?: readonly string[];
  /** Text with every safe fix applied (computed on demand), or null when nothing changes. */
  fixAll: () => string | null;
}

function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.length === 0 || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/** The diagnostic the client showed for a finding, so the action is linked to it. */
function matchingDiagnostic(f: Finding, lspRange: LspRange, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => {
    const data = d.data as DiagnosticData | undefined;
    const rule = data?.rule ?? d.code;
    return rule === f.rule && d.range.start.line === lspRange.start.line && d.range.start.character === lspRange.start.character;
  });
}

function workspaceEdit(uri: string, edits: LspTextEdit[]): CodeAction['edit'] {
  return { changes: { [uri]: edits } };
}

/** Quick fixes (each finding's fix, and ignoring its rule for the instruction or the file) plus "fix all". */
export function codeActions(input: ActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const quickFix = wanted(input.only, CodeActionKind.QuickFix);
  const seenIgnore = new Set<string>();
  for (const f of quickFix ? input.findings : []) {
    const lspRange = toLspRange(f.range, input.bom);
    const diags = matchingDiagnostic(f, lspRange, input.diagnostics);
    if (diags.length === 0 && !rangesTouch(lspRange, input.range)) continue;
    if (f.fix && f.fix.edits.length > 0) {
      actions.push({
        title: f.fix.safe ? `Fix: ${f.message}` : `Apply suggested change (review it): ${f.message}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: diags,
        isPreferred: f.fix.safe,
        edit: workspaceEdit(input.uri, f.fix.edits.map((e) => toLspEdit(e, input.bom))),
      });
    }
    if (f.rule === 'internal-error') continue;
    const ins = instructionAt(input.model, f.range);
    const pushIgnore = (key: string, title: string, edit: TextEdit | null): void => {
      if (!edit || seenIgnore.has(key)) return;
      seenIgnore.add(key);
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: diags, edit: workspaceEdit(input.uri, [toLspEdit(edit, input.bom)]) });
    };
    if (ins) pushIgnore(`ins:${ins.index}:${f.rule}`, `Ignore ${f.rule} for this instruction`, ignoreInstructionEdit(input.model, ins, f.rule));
    pushIgnore(`file:${f.rule}`, `Ignore ${f.rule} for this file`, ignoreFileEdit(input.model, f.rule));
  }
  if (wanted(input.only, FIX_ALL_KIND) && input.findings.some((f) => f.fix?.safe)) {
    const fixed = input.fixAll();
    if (fixed !== null) {
      const end = input.model.lines.position(input.model.text.length);
      const whole: TextEdit = { range: { start: { line: 1, column: 1 }, end }, text: fixed };
      actions.push({ title: 'Fix all safely fixable layerlint problems', kind: FIX_ALL_KIND, edit: workspaceEdit(input.uri, [toLspEdit(whole, input.bom)]) });
    }
  }
  return actions;
}
