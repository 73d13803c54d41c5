import { findShellcheck } from '../../src/engine/shellcheck';

/**
 * Tests that need the shellcheck binary skip with a message where it is absent, and fail when CI is set (CI
 * installs it, so nothing may hide there).
 */
export function requireShellcheck(ctx: Mocha.Context): string {
  const bin = findShellcheck();
  if (bin) return bin;
  if (process.env.CI) throw new Error('shellcheck is not on PATH, and CI is set: CI must install it (apt-get install shellcheck)');
  console.log('      (skipped: shellcheck is not on PATH; install it to run the ShellCheck tests)');
  ctx.skip();
  return '';
}
