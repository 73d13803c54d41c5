import * as path from 'node:path';

/** `--path-in-report FROM=TO`: a reported path equal to FROM, or under FROM/, gets FROM replaced by TO. */
export interface PathRewrite {
  from: string;
  to: string;
}

function clean(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** Parse `FROM=TO` (either side may be empty: `=prefix/` prepends, `-=docker/Dockerfile` names stdin). */
export function parsePathRewrite(spec: string): PathRewrite | null {
  const eq = spec.indexOf('=');
  if (eq < 0) return null;
  return { from: clean(spec.slice(0, eq)), to: spec.slice(eq + 1).replace(/\\/g, '/') };
}

/** Forward-slash path relative to `cwd` when the file lies inside it, else absolute; `-` (stdin) stays `-`. */
export function relativeToCwd(file: string, cwd: string): string {
  if (file === '-') return '-';
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return (inside ? rel : abs).replace(/\\/g, '/');
}

function applyRewrite(p: string, r: PathRewrite): string | null {
  let rest: string;
  if (r.from === '') rest = '/' + p;
  else if (p === r.from) rest = '';
  else if (p.startsWith(r.from + '/')) rest = p.slice(r.from.length);
  else return null;
  const to = r.to.replace(/\/+$/, '');
  return to === '' ? rest.replace(/^\//, '') : to + rest;
}

/** The path a report shows for a file: relative to the working folder, then the first matching rewrite. */
export function reportPath(file: string, cwd: string, rewrites: readonly PathRewrite[]): string {
  const p = relativeToCwd(file, cwd);
  for (const r of rewrites) {
    const out = applyRewrite(p, r);
    if (out !== null) return out;
  }
  return p;
}
