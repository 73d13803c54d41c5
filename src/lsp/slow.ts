import type { Finding } from '../engine/api';
import type { UserConfig } from '../engine/config';
import type { DockerfileModel } from '../model/types';
import type { SlowStage } from './server';

/**
 * The slow stages the server runs after its fast diagnostics: ShellCheck, through the engine's
 * `runShellcheck(model, options)` when the build has it (looked up at run time, so a build without the ShellCheck
 * pass simply has no slow stage).
 */
type RunShellcheck = (model: DockerfileModel, opts: { config?: UserConfig; ruleOverrides?: Record<string, string>; ignore?: string[] }) => Promise<{ findings: Finding[] }>;

export function loadSlowStages(load: () => unknown = requireShellcheck): SlowStage[] {
  let mod: unknown;
  try {
    mod = load();
  } catch {
    return [];
  }
  const run = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>).runShellcheck : undefined;
  if (typeof run !== 'function') return [];
  const shellcheck = run as RunShellcheck;
  return [async ({ model, options }) => (await shellcheck(model, { config: options.config, ruleOverrides: options.ruleOverrides, ignore: options.ignore })).findings];
}

function requireShellcheck(): unknown {
  const target = '../engine/shellcheck';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(target);
}
