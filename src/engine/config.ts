import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Builder } from '../model/types';
import type { LabelSchema, Severity } from './api';
import type * as ConfigValidate from './config-validate';

export type RuleSetting = 'off' | Severity | [Severity | 'off', Record<string, unknown>?];
export type Threshold = Severity | 'never';

/** Configuration as the user writes it (`.layerlint.yaml`), after validation. */
export interface UserConfig {
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  failureThreshold?: Threshold;
  trustedRegistries?: string[];
  labelSchema?: LabelSchema;
  strictLabels?: boolean;
  builder?: Builder;
  buildArgs?: Record<string, string>;
  /** Ignore inline `# hadolint ignore` / `# layerlint ignore` pragmas. */
  disableInlinePragmas?: boolean;
  shellcheck?: boolean;
}

export interface LoadedConfig {
  config: UserConfig;
  /** File it came from, or null for defaults. */
  file: string | null;
  /** Translated from a hadolint config. */
  fromHadolint: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const OWN_NAMES = ['.layerlint.yaml', '.layerlint.yml', '.layerlint.json'];
const HADOLINT_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/** Find the config for a Dockerfile: ours from its folder upwards, else hadolint's (same walk, then its home locations). */
export function findConfigFile(startDir: string): { file: string; hadolint: boolean } | null {
  const own = searchUp(startDir, OWN_NAMES);
  if (own) return { file: own, hadolint: false };
  const had = searchUp(startDir, HADOLINT_NAMES);
  if (had) return { file: had, hadolint: true };
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  for (const f of [path.join(xdg, 'hadolint.yaml'), path.join(xdg, 'hadolint.yml'), path.join(home, '.hadolint.yaml'), path.join(home, '.hadolint.yml'), path.join(home, '.config', 'hadolint.yaml')]) {
    if (isFile(f)) return { file: f, hadolint: true };
  }
  return null;
}

function isFile(f: string): boolean {
  try {
    // No exception for the usual answer (not there): the upward search probes five names per folder level.
    return fs.statSync(f, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function searchUp(startDir: string, names: string[]): string | null {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const n of names) {
      const f = path.join(dir, n);
      if (isFile(f)) return f;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function loadConfigFile(file: string, hadolint: boolean): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read config: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // Load the YAML parser and validator only when a config exists: start-up stays cheap without one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseConfigText } = require('./config-validate') as typeof ConfigValidate;
  const raw = parseConfigText(text, file, hadolint);
  return { config: raw, file, fromHadolint: hadolint };
}

export function loadConfigFor(dockerfileDir: string, explicit: string | null): LoadedConfig {
  if (explicit) {
    const isHadolint = /(^|[\\/])\.?hadolint\.ya?ml$/i.test(explicit);
    return loadConfigFile(explicit, isHadolint);
  }
  const found = findConfigFile(dockerfileDir);
  if (!found) return { config: {}, file: null, fromHadolint: false };
  return loadConfigFile(found.file, found.hadolint);
}
