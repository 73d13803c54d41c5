import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Build contexts of the ground-truth examples (../shared/groundtruth/examples), each copied into `tmp` and
 * prepared once: `prepare.sh` only writes generated input bytes into the copy, never outside it.
 */
export function groundtruthContexts(gtDir: () => string, tmp: () => string): (example: string) => string {
  const prepared = new Map<string, string>();
  return (example) => {
    let dir = prepared.get(example);
    if (dir) return dir;
    dir = path.join(tmp(), example);
    fs.cpSync(path.join(gtDir(), 'examples', example), dir, { recursive: true });
    // The harness ran on a checkout whose files were executable; the copy keeps that (modes are part of a layer).
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o755);
    const prepare = path.join(dir, 'prepare.sh');
    if (fs.existsSync(prepare)) {
      const r = spawnSync('bash', [prepare, dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, `prepare.sh of ${example} failed: ${r.stderr}`);
    }
    prepared.set(example, dir);
    return dir;
  };
}
