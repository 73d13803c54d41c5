import type { DockerfileModel, Range, Span } from '../model/types';
import type { Fix, TextEdit } from './api';

export function spanRange(model: DockerfileModel, span: Span): Range {
  return model.lines.range(span);
}

export function replaceSpan(model: DockerfileModel, span: Span, text: string): TextEdit {
  return { range: model.lines.range(span), text };
}

export function insertAt(model: DockerfileModel, offset: number, text: string): TextEdit {
  return { range: model.lines.range({ start: offset, end: offset }), text };
}

export function safeFix(...edits: TextEdit[]): Fix {
  return { safe: true, edits };
}

export function unsafeFix(...edits: TextEdit[]): Fix {
  return { safe: false, edits };
}
