import * as fs from 'node:fs';
import * as path from 'node:path';

/** Names that are Dockerfiles: Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.* */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile') return true;
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return true;
  if (/^(dockerfile|containerfile)[._-]/.test(lower)) return !/\.(md|json|ya?ml|sh|go|ts|js|py|txt|orig|rej|swp|bak)$/.test(lower);
  return false;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Expand folders into the Dockerfiles under them (sorted, stable), without following symlinked folders. */
export function discover(inputs: readonly string[]): { files: string[]; errors: { path: string; message: string }[] } {
  const files: string[] = [];
  const errors: { path: string; message: string }[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push(input);
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (err) {
      errors.push({ path: input, message: describeFsError(err) });
      files.push(input);
      continue;
    }
    if (!st.isDirectory()) {
      files.push(input);
      continue;
    }
    const found: string[] = [];
    walk(input, found, 0);
    found.sort();
    files.push(...found);
  }
  return { files, errors };
}

function walk(dir: string, out: string[], depth: number): void {
  if (depth > 64) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out, depth + 1);
    } else if (e.isFile() && isDockerfileName(e.name)) out.push(p);
  }
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e.code ? `cannot read (${e.code})` : String(e.message ?? err);
  }
}
