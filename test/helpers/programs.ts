import { spawnSync } from 'node:child_process';

/** Whether a program runs at all (found on PATH and starts). */
export function hasProgram(cmd: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 20000 });
  return r.error === undefined && r.status === 0;
}

/**
 * Tests that need a Debian program skip with a clear message where it is missing, and fail instead when CI is set
 * (CI installs it, so a missing program there is a broken setup, not a reason to skip).
 */
export function needProgram(ctx: Mocha.Context, cmd: string, why: string, args: string[] = ['--version']): void {
  if (hasProgram(cmd, args)) return;
  if (process.env.CI) throw new Error(`${cmd} is not installed, and CI is set: ${why}`);
  console.log(`      (skipped: ${cmd} not found; ${why})`);
  ctx.skip();
}
