/**
 * Small pieces shared by the rules that mirror BuildKit's build checks: name suggestions, the ARGs BuildKit
 * predefines, and the variables a base image is likely to set.
 */
import type { DockerfileModel, Instruction, Span, Stage } from '../model/types';

/** Platform ARGs BuildKit defines in the global scope (visible in FROM; inside a stage only after `ARG NAME`). */
export const PLATFORM_ARGS: readonly string[] = [
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETOSVERSION',
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'BUILDOSVERSION',
  'TARGETSTAGE',
];

/** Proxy ARGs every build accepts without a declaration. */
export const PROXY_ARGS: readonly string[] = [
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
];

/** Levenshtein distance (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The closest option at an edit distance of at most 2 (BuildKit's threshold for "did you mean"), or null.
 * An exact match means there is nothing to suggest.
 */
export function suggestName(name: string, options: Iterable<string>, caseSensitive = true): string | null {
  const want = caseSensitive ? name : name.toLowerCase();
  let best: string | null = null;
  let bestDist = 3;
  for (const opt of options) {
    const o = caseSensitive ? opt : opt.toLowerCase();
    if (o === want) return null;
    const d = editDistance(want, o);
    if (d < bestDist) {
      bestDist = d;
      best = opt;
    }
  }
  return best;
}

/** Stages from this one up its `FROM <stage>` chain (this one first). */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let cur: Stage | undefined = stage;
  while (cur && !seen.has(cur.index)) {
    seen.add(cur.index);
    chain.push(cur);
    cur = cur.parentStage === null ? undefined : model.stages[cur.parentStage];
  }
  return chain;
}

/** True when the chain of stages ends in a real image (not `scratch`): that image may set ENV we cannot see. */
export function hasExternalBase(model: DockerfileModel, stage: Stage): boolean {
  const chain = stageChain(model, stage);
  const root = chain[chain.length - 1];
  return root.base.name.toLowerCase() !== 'scratch' || root.base.registry !== null;
}

/**
 * Variables an external base image commonly sets with ENV and that Dockerfiles use without defining them:
 * search paths (`PATH`, `LD_LIBRARY_PATH`, `PYTHONPATH`, ...), tool homes (`JAVA_HOME`), versions of the
 * runtime the image ships (`NODE_VERSION`), locale and home variables. Without the image's config these cannot
 * be checked, so they are assumed to be defined.
 */
export function likelyBaseImageEnv(name: string): boolean {
  if (BASE_ENV_NAMES.has(name)) return true;
  return /PATH$/.test(name) || /_(HOME|VERSION)$/.test(name) || /^LC_[A-Z]+$/.test(name);
}

const BASE_ENV_NAMES = new Set([
  'HOME', 'USER', 'LANG', 'LANGUAGE', 'TZ', 'SHELL', 'TERM', 'HOSTNAME',
  'GOPATH', 'GOROOT', 'GOTOOLCHAIN', 'CARGO_HOME', 'RUSTUP_HOME', 'GEM_HOME', 'BUNDLE_APP_CONFIG', 'PHP_INI_DIR',
  'DEBIAN_FRONTEND', 'NB_USER', 'NB_UID', 'NB_GID', 'APP_UID', 'CONDA_DIR', 'VIRTUAL_ENV',
]);

/** The instruction's stage, or null before the first FROM. */
export function stageOf(model: DockerfileModel, ins: Instruction): Stage | null {
  return ins.stageIndex >= 0 ? (model.stages[ins.stageIndex] ?? null) : null;
}

/** The `$NAME` / `${NAME...}` reference inside a document span, or the whole span when it cannot be found. */
export function refSpan(doc: string, span: Span, name: string): Span {
  const text = doc.slice(span.start, span.end);
  const re = new RegExp(`\\$(\\{)?${name}(?![A-Za-z0-9_])`);
  const m = re.exec(text);
  if (!m) return span;
  let end = m.index + m[0].length;
  if (m[1]) {
    const close = text.indexOf('}', end);
    if (close >= 0) end = close + 1;
  }
  return { start: span.start + m.index, end: span.start + end };
}

/** Variables a Windows base image sets (matched without regard to case, as Windows does). */
const WINDOWS_ENV = new Set([
  'programfiles', 'programfiles(x86)', 'programdata', 'systemroot', 'systemdrive', 'windir', 'userprofile', 'appdata',
  'localappdata', 'temp', 'tmp', 'comspec', 'pathext', 'public', 'allusersprofile', 'computername', 'username', 'os',
  'processor_architecture', 'number_of_processors', 'commonprogramfiles', 'driverdata', 'psmodulepath',
]);

export function windowsBaseEnv(name: string): boolean {
  return WINDOWS_ENV.has(name.toLowerCase());
}

/** Heuristic: the stage builds a Windows image (backtick escape, a Windows base image, or a Windows shell). */
export function looksWindows(model: DockerfileModel, stage: Stage): boolean {
  if (model.escape === '`') return true;
  const root = stageChain(model, stage).pop() ?? stage;
  if (/windows|nanoserver|servercore/i.test(root.base.text)) return true;
  return stage.instructions.some((i) => i.keyword === 'SHELL' && /(pwsh|powershell|cmd)(\.exe)?$/i.test(i.execArgs?.[0] ?? ''));
}
