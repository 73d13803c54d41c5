import type { Finding } from '../engine/api';
import type { UserConfig } from '../engine/config';
import type { DockerfileModel } from '../model/types';
import type { SlowStage } from './server';

/**
 * The slow stages the server runs after its fast diagnostics: ShellCheck, through the engine's
 * `runShellcheck(model, options)` when the build has it (looked up at run time, so a build without the ShellCheck
 * pass simply has no slow stage).
 */
type RunShellcheck = (
  model: DockerfileModel,
  opts: { config?: UserConfig; ruleOverrides?: Record<string, string>; ignore?: string[]; signal?: AbortSignal; cache?: unknown },
) => Promise<{ findings: Finding[] }>;

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
  // One result cache per server: after an edit only the RUN scripts that changed go to ShellCheck (a 500-line
  // document has ~140; checking them all on every keystroke kept both cores busy). The signal kills a run that an
  // edit overtook, instead of letting one ShellCheck process per keystroke pile up.
  const Cache = (mod as Record<string, unknown>).ScriptResultCache;
  const cache: unknown = typeof Cache === 'function' ? new (Cache as new () => unknown)() : undefined;
  return [async ({ model, options, signal }) => (await shellcheck(model, { config: options.config, ruleOverrides: options.ruleOverrides, ignore: options.ignore, signal, cache })).findings];
}

function requireShellcheck(): unknown {
  const target = '../engine/shellcheck';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(target);
}
