import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './shared';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI in a child process, as a user would. */
export function runCli(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'layerlint.js'), ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
