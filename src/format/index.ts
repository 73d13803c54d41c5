import { formatCheckstyle } from './checkstyle';
import { formatCodeClimate, formatGitlab } from './codequality';
import type { ReportContext } from './context';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatCompact, formatGnu } from './lines';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';
import type { FileResult } from './types';

type Formatter = (results: readonly FileResult[], ctx: ReportContext) => string;

const FORMATTERS: Record<string, Formatter> = {
  stylish: (r, ctx) => formatStylish(r, { color: ctx.color, quiet: ctx.quiet }),
  json: (r) => formatJson(r),
  sarif: formatSarif,
  github: (r) => formatGithub(r),
  checkstyle: (r) => formatCheckstyle(r),
  junit: formatJunit,
  gitlab: (r) => formatGitlab(r),
  codeclimate: formatCodeClimate,
  gnu: (r) => formatGnu(r),
  compact: (r) => formatCompact(r),
  markdown: formatMarkdown,
};

export const FORMAT_NAMES: readonly string[] = Object.keys(FORMATTERS);

/** `NAME` or `NAME=FILE` (the report goes to FILE instead of the default output). */
export interface FormatSpec {
  name: string;
  file: string | null;
}

export function parseFormatSpec(spec: string): FormatSpec | null {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim().toLowerCase();
  const file = eq < 0 ? null : spec.slice(eq + 1);
  if (!Object.hasOwn(FORMATTERS, name) || file === '') return null;
  return { name, file };
}

export function render(name: string, results: readonly FileResult[], ctx: ReportContext): string {
  const f = Object.hasOwn(FORMATTERS, name) ? FORMATTERS[name] : undefined;
  if (!f) throw new Error(`unknown format ${name}`);
  return f(results, ctx);
}
