import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root (tests run from dist/test/...). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The shared material beside the project root. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');

/**
 * Tests that need ../shared skip with a clear message where it is absent, and fail instead when CI is set
 * (CI always has it, so nothing may hide there).
 */
export function requireShared(ctx: Mocha.Context, sub = ''): string {
  const dir = path.join(sharedDir, sub);
  if (fs.existsSync(dir)) return dir;
  if (process.env.CI) throw new Error(`${dir} is missing, and CI is set: the shared material must be present in CI`);
  console.log(`      (skipped: ${dir} not found; it holds the shared corpus and ground truth)`);
  ctx.skip();
  return dir;
}

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot, 'fixtures', ...parts);
}

/** Every file under a folder (the shared corpus), sorted so runs over it are deterministic. */
export function corpusFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  return files.sort();
}
