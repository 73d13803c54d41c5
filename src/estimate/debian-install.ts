import { loadDebianIndex } from './debian-index';
import { resolveAptInstall } from './apt-resolver';
import type { ResolveResult } from './apt-resolver';
import { aptLayerBytes, aptRunRewrites } from './apt-layer';
import type { AptRewrite, AptStateSizes, LayerBreakdown } from './apt-layer';

/** A Debian system at one point of a build: what is installed and how big apt's state files are. */
export interface DebianContext {
  suite: string;
  /** The -slim dpkg path filters are in effect (docs, man pages and locales are not unpacked). */
  slim: boolean;
  installed: ReadonlySet<string>;
  aptState: Readonly<AptStateSizes>;
}

export interface DebianInstall {
  resolved: ResolveResult;
  layer: LayerBreakdown;
  /** Files of lower layers this install replaces (their old copies become hidden). */
  rewrites: AptRewrite[];
  /** The system after the install, for the next step. */
  after: DebianContext;
}

/** Python's byte-compilers exist once python3-minimal or a python3.X-minimal is installed. */
function hasPythonCompiler(names: Iterable<string>): boolean {
  for (const n of names) if (n === 'python3-minimal' || /^python3\.\d+-minimal$/.test(n)) return true;
  return false;
}

/**
 * `apt-get install` in a Debian context: resolve with the suite's index, size the layer, list the rewrites. Returns
 * null when the suite has no index.
 */
export function installInContext(ctx: DebianContext, packages: readonly string[], noInstallRecommends: boolean, opts: { useMeasured?: boolean } = {}): DebianInstall | null {
  const index = loadDebianIndex(ctx.suite);
  if (index === null) return null;
  const resolved = resolveAptInstall({ index, installed: ctx.installed, packages, noInstallRecommends });
  const addedNames = resolved.added.map((p) => p.name);
  const layer = aptLayerBytes({
    suite: ctx.suite,
    slim: ctx.slim,
    added: resolved.added,
    // Only byte-compiles what this step adds: with nothing added, the scan of the installed set is skipped.
    pythonAfter: addedNames.length > 0 && (hasPythonCompiler(addedNames) || hasPythonCompiler(ctx.installed)),
    before: ctx.aptState,
    useMeasured: opts.useMeasured,
  });
  // ldconfig runs (and rewrites /etc/ld.so.cache) through libc-bin's trigger when a package ships shared libraries;
  // library packages are named lib* by Debian policy.
  const ldconfig = addedNames.some((n) => n.startsWith('lib'));
  const rewrites = resolved.added.length === 0 ? [] : aptRunRewrites(ctx.aptState, layer.debconfRan, ldconfig);
  // Unchanged when nothing was added or removed (a read-only set: shared, not copied).
  let installed: ReadonlySet<string> = ctx.installed;
  if (addedNames.length > 0 || resolved.removed.length > 0) {
    const changed = new Set(ctx.installed);
    for (const n of addedNames) changed.add(n);
    for (const n of resolved.removed) changed.delete(n);
    installed = changed;
  }
  return { resolved, layer, rewrites, after: { suite: ctx.suite, slim: ctx.slim, installed, aptState: layer.after } };
}
