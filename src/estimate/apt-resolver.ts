import type { Alt, DebianIndex, Group } from './debian-index';

/**
 * What `apt-get install` adds to a Debian system, computed from the compact index the way apt 2.6's
 * `pkgDepCache::MarkInstall` does it (apt-pkg/depcache.cc), on a fresh base where every installed package is at its
 * candidate version:
 *
 * - two passes as in apt-get: every requested package is marked first, then each one's dependencies are resolved
 *   (in apt's package order, because apt keeps the requests in a set ordered by package);
 * - depth-first: a package is marked, then its Pre-Depends, Depends and (unless disabled) Recommends are walked in
 *   the order apt stores them; an OR group already satisfied by an installed or marked package is skipped;
 * - an unsatisfied group tries the candidates apt's `getAllPossibleSolutions` lists, sorted by `CompareProviders`
 *   (protected, installed, the real package of that name, Essential, Important, Priority, then the later package);
 *   the first one whose own MarkInstall succeeds wins;
 * - a candidate is rejected when one of its Depends can never be met, when a critical dependency fails recursively,
 *   or when its Conflicts/Breaks hit a package whose dependencies are being installed right now;
 * - new packages that end up unreachable from the installed and requested ones are dropped, as apt does not install
 *   new garbage.
 *
 * Not modelled: apt's problem resolver (only runs when the above leaves something broken; reported in `notes`),
 * upgrades of installed packages (fresh bases have none), and Suggests.
 */

export interface ResolveRequest {
  index: DebianIndex;
  /** Names of the packages the base image has installed (assumed at their candidate versions). */
  installed: ReadonlySet<string>;
  /** Command-line arguments as written: `curl`, `curl=7.88.1-10+deb12u14`, `curl/bookworm-backports`, `curl:amd64`. */
  packages: readonly string[];
  noInstallRecommends: boolean;
  /**
   * Order of apt-get's second (auto-install) pass. apt iterates a set ordered by package, so `'package'` is what apt
   * does; `'request'` exists for comparison.
   */
  secondPassOrder?: 'package' | 'request';
}

export interface ResolvedPackage {
  name: string;
  version: string;
  installedSizeKiB: number;
  dependsOnDebconf: boolean;
}

export interface ResolveResult {
  /** New packages in the order apt marks them. */
  added: ResolvedPackage[];
  /** Requested names the index does not know (or that apt would refuse, e.g. a virtual name with several providers). */
  unknown: string[];
  /** Installed packages apt would remove because a new package conflicts with them. */
  removed: string[];
  /** Requested packages that were already installed. */
  alreadyInstalled: string[];
  /** False when apt would need its problem resolver or would stop with an error; the package set is then approximate. */
  complete: boolean;
  notes: string[];
}

interface AltView {
  name: number;
  target: number | null;
  providers: readonly number[];
}

/**
 * Parse one install argument the way apt-get reads it: `name[:arch][=version|/release]`, optionally followed by
 * `+` (install) or `-` (remove). Names may themselves end in `+` (g++), so `suffix` is only a candidate reading; the
 * resolver keeps the full name when the archive has a package by that name, as apt does.
 */
export function parseInstallArg(arg: string): { name: string; version: string | null; release: string | null; arch: string | null; suffix: '+' | '-' | null } {
  let rest = arg.trim();
  let version: string | null = null;
  let release: string | null = null;
  const eq = rest.indexOf('=');
  if (eq > 0) {
    version = rest.slice(eq + 1);
    rest = rest.slice(0, eq);
  } else {
    const slash = rest.indexOf('/');
    if (slash > 0) {
      release = rest.slice(slash + 1);
      rest = rest.slice(0, slash);
    }
  }
  let arch: string | null = null;
  const colon = rest.indexOf(':');
  if (colon > 0) {
    arch = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const last = rest.slice(-1);
  const suffix = rest.length > 1 && (last === '+' || last === '-') ? last : null;
  return { name: rest.toLowerCase(), version, release, arch, suffix };
}

const VALID_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const SKIP = -1;

export function resolveAptInstall(req: ResolveRequest): ResolveResult {
  return new AptMarker(req).run();
}

class AptMarker {
  private readonly ix: DebianIndex;
  private readonly installed = new Set<number>();
  private readonly marked = new Set<number>();
  private readonly markOrder: number[] = [];
  private readonly protect = new Set<number>();
  /** Packages whose candidate apt discarded: they cannot be installed any more in this run. */
  private readonly noCandidate = new Set<number>();
  private readonly removed = new Set<number>();
  private readonly recommends: boolean;
  private readonly notes: string[] = [];
  private complete = true;

  constructor(private readonly req: ResolveRequest) {
    this.ix = req.index;
    this.recommends = !req.noInstallRecommends;
  }

  /** The installed names as package indexes: one look-up per installed package, so only done when something resolves. */
  private loadInstalled(): void {
    for (const name of this.req.installed) {
      const i = this.ix.byName.get(name);
      if (i !== undefined && i < this.ix.realCount) this.installed.add(i);
    }
  }

  run(): ResolveResult {
    const requested: number[] = [];
    const unknown: string[] = [];
    const alreadyInstalled: string[] = [];
    // Picking reads the index only. A request whose names are all unknown (or removals) changes nothing, and the
    // installed set is never needed for it.
    const picks = this.req.packages.map((arg) => ({ arg, pick: this.pickRequested(arg) }));
    if (picks.some(({ pick }) => pick !== null && pick !== SKIP)) this.loadInstalled();
    for (const { arg, pick } of picks) {
      if (pick === SKIP) continue;
      if (pick === null) {
        unknown.push(arg);
        continue;
      }
      if (this.installed.has(pick)) alreadyInstalled.push(this.ix.name(pick) ?? arg);
      else if (!requested.includes(pick)) requested.push(pick);
    }
    if (unknown.length > 0) {
      // apt-get stops before installing anything when one argument cannot be found.
      this.complete = false;
      this.notes.push(`apt-get would fail: unable to locate ${unknown.join(', ')}; the other packages are sized as if it had not been named.`);
    }

    // Pass 1: mark every request (apt-get's TryToInstall: MarkInstall without auto-install, and protect it).
    for (const p of requested) {
      this.protect.add(p);
      this.mark(p);
    }
    // Pass 2: resolve each request's dependencies.
    const order = this.req.secondPassOrder === 'request' ? requested : [...requested].sort((a, b) => a - b);
    for (const p of order) {
      if (!this.brokenNow(p)) continue;
      this.markInstall(p, true, false, 0);
    }
    for (const p of this.marked) {
      if (this.criticalBroken(p)) {
        this.complete = false;
        this.notes.push(`apt could not satisfy the dependencies of ${this.ix.name(p) ?? '?'} directly; apt's problem resolver would have to step in (result approximate).`);
      }
    }
    this.sweepGarbage(requested);

    const added = this.markOrder.filter((p) => this.marked.has(p)).map((p) => this.describe(p));
    return {
      added,
      unknown,
      removed: [...this.removed].map((p) => this.ix.name(p) ?? '?'),
      alreadyInstalled,
      complete: this.complete,
      notes: this.notes,
    };
  }

  private describe(p: number): ResolvedPackage {
    const rec = this.ix.pkg(p);
    return { name: this.ix.name(p) ?? '?', version: this.ix.version(p) ?? '', installedSizeKiB: rec?.installedSizeKiB ?? 0, dependsOnDebconf: rec?.dependsOnDebconf ?? false };
  }

  /** The package index apt would install for one argument, null when apt would not find one, SKIP for a removal. */
  private pickRequested(arg: string): number | null {
    const a = parseInstallArg(arg);
    if (a.suffix !== null && !this.ix.byName.has(a.name)) {
      if (a.suffix === '-') {
        this.notes.push(`'${arg}' asks apt to remove ${a.name.slice(0, -1)}; removals are not sized.`);
        return SKIP;
      }
      a.name = a.name.slice(0, -1);
    }
    if (!VALID_NAME.test(a.name)) {
      this.notes.push(`'${arg}' is not a plain package name (patterns and globs are not resolved).`);
      return null;
    }
    if (a.arch !== null && a.arch !== this.ix.arch && a.arch !== 'all' && a.arch !== 'native') {
      this.notes.push(`'${arg}': only ${this.ix.arch} packages are indexed.`);
      return null;
    }
    const i = this.ix.byName.get(a.name);
    if (i === undefined) return null;
    let p: number | null = i < this.ix.realCount ? i : null;
    if (p === null) {
      const provs = this.ix.providersOf(i).filter((q) => !this.noCandidate.has(q));
      if (provs.length === 1) {
        p = provs[0] ?? null;
        this.notes.push(`'${a.name}' is a virtual package; apt selects its only provider ${this.ix.name(p ?? 0) ?? '?'}.`);
      } else {
        const names = provs.map((q) => this.ix.name(q) ?? '?');
        this.notes.push(`'${a.name}' is a virtual package provided by ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}: apt-get asks to pick one and installs nothing.`);
        return null;
      }
    }
    if (p === null) return null;
    const candidate = this.ix.version(p) ?? '';
    if (a.version !== null && a.version !== candidate) {
      this.notes.push(`${a.name}=${a.version} is not the archive's candidate (${candidate}) as of this index; apt fails if that version is gone from the mirror. Sized with the candidate.`);
    }
    if (a.release !== null && !this.ix.sources.some((s) => s.suite === a.release || s.codename === a.release)) {
      this.notes.push(`${a.name}/${a.release}: that release is not indexed (only ${this.ix.sources.map((s) => s.suite).join(', ')}); sized with the ${this.ix.suite} candidate.`);
    }
    return p;
  }

  // ---- state helpers -------------------------------------------------------------------------------------------

  private present(p: number): boolean {
    return (this.installed.has(p) && !this.removed.has(p)) || this.marked.has(p);
  }

  private hasCandidate(p: number): boolean {
    return !this.noCandidate.has(p);
  }

  private alts(g: Group): AltView[] {
    const list: readonly Alt[] = typeof g === 'number' ? [g] : g;
    return list.map((a) => this.view(a));
  }

  private view(a: Alt): AltView {
    if (typeof a === 'number') return { name: a, target: a < this.ix.realCount ? a : null, providers: this.ix.providersOf(a) };
    const [name = -1, ok = 0, ...providers] = a;
    return { name, target: ok === 1 && name < this.ix.realCount ? name : null, providers };
  }

  private satisfiedNow(g: Group): boolean {
    return this.alts(g).some((a) => (a.target !== null && this.present(a.target)) || a.providers.some((q) => this.present(q)));
  }

  private satisfiableByCandidates(g: Group): boolean {
    return this.alts(g).some(
      (a) => (a.target !== null && (this.present(a.target) || this.hasCandidate(a.target))) || a.providers.some((q) => this.present(q) || this.hasCandidate(q)),
    );
  }

  private criticalGroups(p: number): readonly Group[] {
    const rec = this.ix.pkg(p);
    return rec ? rec.preDepends.concat(rec.depends) : [];
  }

  private criticalBroken(p: number): boolean {
    return this.criticalGroups(p).some((g) => !this.satisfiedNow(g));
  }

  /** apt's InstBroken || InstPolicyBroken for a marked package. */
  private brokenNow(p: number): boolean {
    if (this.criticalBroken(p)) return true;
    const rec = this.ix.pkg(p);
    return this.recommends && rec !== undefined && rec.recommends.some((g) => !this.satisfiedNow(g));
  }

  private mark(p: number): void {
    if (this.marked.has(p)) return;
    this.marked.add(p);
    this.markOrder.push(p);
  }

  /** apt's CompareProviders for the solutions of a dependency on `name`: negative when `a` is preferred. */
  private compareProviders(name: number, a: number, b: number): number {
    const pa = this.protect.has(a);
    if (pa !== this.protect.has(b)) return pa ? -1 : 1;
    const ia = this.installed.has(a);
    if (ia !== this.installed.has(b)) return ia ? -1 : 1;
    // The real package of the requested name is in the target's group; providers are not.
    if ((a === name) !== (b === name)) return a === name ? -1 : 1;
    const ra = this.ix.pkg(a);
    const rb = this.ix.pkg(b);
    if (ra && rb) {
      if (ra.essential !== rb.essential) return ra.essential ? -1 : 1;
      if (ra.important !== rb.important) return ra.important ? -1 : 1;
      if (ra.priority !== rb.priority) return ra.priority - rb.priority;
    }
    // "unable to decide…": apt prefers the higher package ID; the index keeps apt's ID order.
    return b - a;
  }

  /** apt's getAllPossibleSolutions(CANDIDATE, sorted): installed packages (to upgrade) first, then new ones. */
  private solutions(g: Group): number[] {
    const upgrade: number[] = [];
    const fresh: number[] = [];
    for (const a of this.alts(g)) {
      const list: number[] = [];
      if (a.target !== null && this.hasCandidate(a.target)) list.push(a.target);
      for (const q of a.providers) if (this.hasCandidate(q)) list.push(q);
      list.sort((x, y) => this.compareProviders(a.name, x, y));
      for (const q of list) (this.installed.has(q) ? upgrade : fresh).push(q);
    }
    const all = upgrade.concat(fresh).filter((q, i, arr) => i === 0 || arr[i - 1] !== q);
    // A protected package that is being kept back (not installed, not marked) is no solution.
    return all.filter((q) => !(this.protect.has(q) && !this.marked.has(q) && !this.installed.has(q)));
  }

  /** The distinct packages that satisfy a group from the installed or candidate state (CANDANDINST, unsorted). */
  private satisfiers(g: Group): Set<number> {
    const out = new Set<number>();
    for (const a of this.alts(g)) {
      if (a.target !== null && (this.installed.has(a.target) || this.hasCandidate(a.target))) out.add(a.target);
      for (const q of a.providers) if (this.installed.has(q) || this.hasCandidate(q)) out.add(q);
    }
    return out;
  }

  // ---- MarkInstall -------------------------------------------------------------------------------------------

  /**
   * apt's MarkInstall(Pkg, AutoInst, Depth, FromUser). Returns false when the package cannot be installed; then
   * nothing is marked for it (packages marked for its dependencies stay, and the garbage sweep removes them).
   */
  private markInstall(p: number, autoInst: boolean, fromUser: boolean, depth: number): boolean {
    if (depth > 1000) return false;
    const wasProtected = this.protect.has(p);
    if (this.installed.has(p) && !this.removed.has(p)) {
      if (wasProtected && autoInst) this.propagateProtection(p, depth);
      return true;
    }
    // IsModeChangeOk: a protected package that is kept back stays kept back.
    if (wasProtected && !this.marked.has(p) && !fromUser) return false;
    if (!this.hasCandidate(p)) return false;
    if (!wasProtected && this.marked.has(p) && !this.brokenNow(p)) return true;
    const rec = this.ix.pkg(p);
    if (!rec) return false;

    // IsInstallOkDependenciesSatisfiableByCandidates
    if (autoInst) {
      for (const g of this.criticalGroups(p)) {
        if (this.satisfiableByCandidates(g)) continue;
        if (!wasProtected) {
          this.noCandidate.add(p);
          this.marked.delete(p);
        }
        return false;
      }
    }
    if (fromUser) this.mark(p);
    if (!autoInst) {
      this.mark(p);
      return true;
    }
    const failEarly = !wasProtected && !fromUser;
    let failed = false;

    // MarkInstall_CollectDependencies, in apt's DependsList order: Pre-Depends, Depends, then Recommends.
    const collected: { g: Group; critical: boolean }[] = [];
    for (const g of rec.preDepends) if (wasProtected || !this.satisfiedNow(g)) collected.push({ g, critical: true });
    for (const g of rec.depends) if (wasProtected || !this.satisfiedNow(g)) collected.push({ g, critical: true });
    if (this.recommends) for (const g of rec.recommends) if (wasProtected || !this.satisfiedNow(g)) collected.push({ g, critical: false });

    // MarkInstall_RemoveConflictsIfNotUpgradeable
    const delayedRemove: number[] = [];
    for (const q of rec.conflicts) {
      if (q === p) continue;
      if (this.marked.has(q) && !this.installed.has(q)) {
        if (this.protect.has(q)) {
          failed = true;
        } else {
          this.marked.delete(q);
          if (wasProtected) this.noCandidate.add(q);
        }
      } else if (this.installed.has(q) && !this.removed.has(q)) {
        if (this.protect.has(q)) failed = true;
        else delayedRemove.push(q);
      } else if (wasProtected && !this.installed.has(q)) {
        this.noCandidate.add(q);
        this.protect.add(q);
      }
      if (failed && failEarly) break;
    }
    if (failed && failEarly) return false;

    if (!fromUser) this.mark(p);
    if (!wasProtected) this.protect.add(p); // ScopedProtected: nobody may un-mark p while its dependencies install

    // MarkInstall_InstallDependencies
    for (const { g, critical } of collected) {
      const satisfied = this.satisfiedNow(g);
      if (satisfied && !wasProtected) continue;
      if (satisfied) {
        if (!critical) continue;
        const only = this.satisfiers(g);
        if (only.size !== 1) continue;
        const q = only.values().next().value;
        if (q === undefined || this.protect.has(q)) continue;
        this.protect.add(q);
        if (!this.markInstall(q, true, false, depth + 1)) failed = true;
        continue;
      }
      const sols = this.solutions(g);
      let found = false;
      for (const q of sols) {
        if (!this.hasCandidate(q)) continue;
        if (wasProtected && critical && sols.length === 1) {
          if (!this.markInstall(q, false, false, depth + 1)) continue;
          this.protect.add(q);
        }
        if (!this.markInstall(q, true, false, depth + 1)) continue;
        found = true;
        break;
      }
      if (!found && critical) {
        failed = true;
        if (failEarly) break;
      }
    }
    if (failed && failEarly) {
      this.protect.delete(p);
      this.marked.delete(p);
      return false;
    }
    for (const q of delayedRemove) this.removed.add(q);
    if (!wasProtected) this.protect.delete(p);
    return !failed;
  }

  /** A protected installed package passes protection on to the single package satisfying each critical dependency. */
  private propagateProtection(p: number, depth: number): void {
    for (const g of this.criticalGroups(p)) {
      const only = this.satisfiers(g);
      if (only.size !== 1) continue;
      const q = only.values().next().value;
      if (q === undefined || this.protect.has(q)) continue;
      this.protect.add(q);
      this.markInstall(q, true, false, depth + 1);
    }
  }

  // ---- garbage ------------------------------------------------------------------------------------------------

  /** Drop new packages that nothing installed or requested reaches through Pre-Depends, Depends or Recommends. */
  private sweepGarbage(requested: readonly number[]): void {
    // Only marked packages can be dropped, so the walk stops once it has reached them all: a run that adds nothing
    // (every name unknown or installed) skips the walk over the base system's whole dependency closure.
    if (this.marked.size === 0) return;
    const reach = new Set<number>();
    const stack: number[] = [];
    let markedReached = 0;
    const visit = (q: number): void => {
      if (reach.has(q) || !this.present(q)) return;
      reach.add(q);
      stack.push(q);
      if (this.marked.has(q)) markedReached++;
    };
    // Requests first: their closure holds nearly every new package, so the walk usually ends early.
    for (const q of requested) visit(q);
    for (const q of this.installed) visit(q);
    while (stack.length > 0) {
      if (markedReached === this.marked.size) return;
      const q = stack.pop();
      const rec = q === undefined ? undefined : this.ix.pkg(q);
      if (!rec) continue;
      for (const g of rec.preDepends.concat(rec.depends, rec.recommends)) {
        for (const a of this.alts(g)) {
          if (a.target !== null) visit(a.target);
          for (const r of a.providers) visit(r);
        }
      }
    }
    for (const q of [...this.marked]) {
      if (!reach.has(q)) this.marked.delete(q);
    }
  }
}
