import type { Finding, Severity } from '../engine/api';

/** One linted file as the formatters see it. */
export interface FileResult {
  /** Path as given on the command line (or rewritten by --path-in-report). */
  path: string;
  /** Set when the file could not be read or linted; the run exits 2. */
  error?: string;
  findings: Finding[];
  /** The file's text, for code frames (absent when unreadable). */
  source?: string;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  styles: number;
  fixable: number;
}

export function summarize(results: readonly FileResult[]): Summary {
  const s: Summary = { files: results.length, errors: 0, warnings: 0, infos: 0, styles: 0, fixable: 0 };
  const key: Record<Severity, 'errors' | 'warnings' | 'infos' | 'styles'> = { error: 'errors', warning: 'warnings', info: 'infos', style: 'styles' };
  for (const r of results) {
    for (const f of r.findings) {
      s[key[f.severity]]++;
      if (f.fix?.safe) s.fixable++;
    }
  }
  return s;
}

export interface FormatOptions {
  color: boolean;
  /** Hide findings below the failure threshold and the clean-run summary. */
  quiet?: boolean;
}
