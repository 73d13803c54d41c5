import * as assert from 'node:assert';
import { loadDebianIndex, minbasePackages } from '../../src/estimate/debian-index';
import type { DebianIndex } from '../../src/estimate/debian-index';
import { parseInstallArg, resolveAptInstall } from '../../src/estimate/apt-resolver';
import { readFixture, table } from './helpers';

/**
 * The resolver against apt itself. `apt-sim-bookworm.json` holds `apt-get -s install` answers recorded by
 * scripts/kb-debian.js from the same archive state as the shipped index, on a fresh minbase status; `study-cases.json`
 * holds the package counts and Installed-Size sums the apt-size-model study recorded from apt for 72 requests.
 */

interface SimCase {
  set: string;
  request: string[];
  noInstallRecommends: boolean;
  ok: boolean;
  count: number;
  installedSizeKiB: number;
  packages: string;
}
interface StudyCase {
  request: string[];
  noInstallRecommends: boolean;
  aptPackages: number;
  installedSizeKiB: number;
}

function mustIndex(): DebianIndex {
  const ix = loadDebianIndex('bookworm');
  assert.ok(ix, 'data/debian-bookworm.json.br is missing (npm run kb:debian)');
  return ix;
}

function minbase(suite = 'bookworm'): Set<string> {
  const m = minbasePackages(suite);
  assert.ok(m, `data/debian-minbase.json has no ${suite}`);
  return new Set(m.packages);
}

function resolve(packages: string[], noInstallRecommends: boolean, installed = minbase()) {
  return resolveAptInstall({ index: mustIndex(), installed, packages, noInstallRecommends });
}

const mode = (noRec: boolean): string => (noRec ? 'no-rec' : 'rec');

describe('estimate/apt-resolver', () => {
  describe('parseInstallArg', () => {
    it('reads versions, releases, architectures and the +/- suffixes', () => {
      assert.deepStrictEqual(parseInstallArg('curl=7.88.1-10+deb12u14'), { name: 'curl', version: '7.88.1-10+deb12u14', release: null, arch: null, suffix: null });
      assert.deepStrictEqual(parseInstallArg('git/bookworm-backports'), { name: 'git', version: null, release: 'bookworm-backports', arch: null, suffix: null });
      assert.deepStrictEqual(parseInstallArg('libc6:amd64'), { name: 'libc6', version: null, release: null, arch: 'amd64', suffix: null });
      assert.strictEqual(parseInstallArg('nano-').suffix, '-');
    });

    it('keeps a trailing + that belongs to the name (g++) and strips one that does not', () => {
      assert.ok(resolve(['g++'], true).added.some((p) => p.name === 'g++'));
      assert.ok(resolve(['curl+'], true).added.some((p) => p.name === 'curl'));
      const removal = resolve(['nano-'], true);
      assert.deepStrictEqual(removal.unknown, []);
      assert.deepStrictEqual(removal.added, []);
      assert.ok(removal.notes.some((n) => n.includes('remove nano')));
    });
  });

  describe('the base set (debootstrap minbase)', () => {
    it('has the 88 packages and 117,538 KiB of the real bookworm minbase image (study §2)', () => {
      const m = minbasePackages('bookworm');
      assert.ok(m);
      assert.strictEqual(m.packages.length, 88);
      assert.strictEqual(m.installedSizeKiB, 117_538);
      assert.ok(m.packages.includes('usr-is-merged') && !m.packages.includes('usrmerge'));
    });
  });

  describe('against apt-get -s (fixture recorded with the index)', () => {
    const fx = readFixture<{ apt: string; cases: SimCase[] }>('apt-sim-bookworm.json');
    const results = fx.cases.map((c) => {
      const r = resolve(c.request, c.noInstallRecommends);
      const got = r.added.map((p) => p.name).sort();
      const want = c.packages === '' ? [] : c.packages.split(' ');
      const kib = r.added.reduce((t, p) => t + p.installedSizeKiB, 0);
      // When apt itself refuses, the resolver must say its answer is incomplete.
      const exact = c.ok ? got.join(' ') === want.join(' ') && r.complete : !r.complete;
      return { c, got, want, kib, exact };
    });

    it('matches apt exactly on at least 99% of requests, and within 2% of the KiB on the rest', () => {
      const sets = [...new Set(fx.cases.map((c) => c.set))];
      const rows = sets.map((s) => {
        const rs = results.filter((r) => r.c.set === s);
        return [s, String(rs.length), String(rs.filter((r) => r.exact).length)];
      });
      const misses = results.filter((r) => !r.exact);
      console.log(`\n      resolver vs ${fx.apt} (apt-get -s), bookworm minbase\n` + table(['set', 'requests', 'exact'], rows).replace(/^/gm, '      '));
      for (const m of misses) {
        const extra = m.got.filter((n) => !m.want.includes(n));
        const missing = m.want.filter((n) => !m.got.includes(n));
        console.log(`      miss: ${m.c.request.join(' ')} ${mode(m.c.noInstallRecommends)}: apt ${m.want.length} pkgs ${m.c.installedSizeKiB} KiB, ours ${m.got.length} pkgs ${m.kib} KiB; extra [${extra.join(' ')}] missing [${missing.join(' ')}]`);
      }
      assert.ok(results.length >= 100, 'fixture too small');
      assert.ok(results.filter((r) => r.exact).length >= Math.ceil(results.length * 0.99), `${misses.length} of ${results.length} requests differ from apt`);
      for (const m of misses) {
        if (!m.c.ok) continue;
        assert.ok(Math.abs(m.kib - m.c.installedSizeKiB) <= 0.02 * m.c.installedSizeKiB, `${m.c.request.join(' ')}: ${m.kib} KiB vs apt ${m.c.installedSizeKiB}`);
      }
    });

    it('matches apt exactly on every popular request and package line', () => {
      const bad = results.filter((r) => (r.c.set === 'popular' || r.c.set === 'lines') && !r.exact).map((r) => `${r.c.request.join(' ')} ${mode(r.c.noInstallRecommends)}`);
      assert.deepStrictEqual(bad, []);
    });
  });

  describe('against apt-get -s on trixie metadata (apt 2.6 marking; trixie images ship apt 3.0)', () => {
    it('matches apt exactly on the popular requests and lines', () => {
      const ix = loadDebianIndex('trixie');
      const base = minbasePackages('trixie');
      if (ix === null || base === null) return; // knowledge base built without trixie
      const fx = readFixture<{ cases: SimCase[] }>('apt-sim-trixie.json');
      const bad = fx.cases
        .filter((c) => {
          const r = resolveAptInstall({ index: ix, installed: new Set(base.packages), packages: c.request, noInstallRecommends: c.noInstallRecommends });
          const got = r.added.map((p) => p.name).sort().join(' ');
          return c.ok ? got !== c.packages || !r.complete : r.complete;
        })
        .map((c) => `${c.request.join(' ')} ${mode(c.noInstallRecommends)}`);
      assert.deepStrictEqual(bad, []);
      assert.ok(fx.cases.length >= 70);
    });
  });

  describe('against the study\'s apt answers (same archive state, late November 2026)', () => {
    const fx = readFixture<{ popular: StudyCase[]; lines: StudyCase[] }>('study-cases.json');
    it('gives apt\'s package count and Installed-Size sum for the 25 popular packages and 11 lines', () => {
      const rows: string[][] = [];
      const bad: string[] = [];
      for (const c of fx.popular.concat(fx.lines)) {
        const r = resolve(c.request, c.noInstallRecommends);
        const kib = r.added.reduce((t, p) => t + p.installedSizeKiB, 0);
        rows.push([`${c.request.join(' ')} ${mode(c.noInstallRecommends)}`, `${r.added.length}/${c.aptPackages}`, `${kib}/${c.installedSizeKiB}`]);
        if (r.added.length !== c.aptPackages || kib !== c.installedSizeKiB) bad.push(rows[rows.length - 1]?.join(' ') ?? '');
      }
      if (bad.length > 0) console.log('      differs from the study (archive drift?):\n' + bad.map((b) => '        ' + b).join('\n'));
      assert.deepStrictEqual(bad, []);
    });
  });

  describe('apt behaviour', () => {
    it('picks zutty for x-terminal-emulator in npm\'s recommends, as apt\'s provider order does (study §3.3)', () => {
      const names = resolve(['npm'], false).added.map((p) => p.name);
      assert.ok(names.includes('zutty'));
      assert.ok(!names.includes('xterm') && !names.includes('gnome-terminal'));
    });

    it('follows Recommends only without --no-install-recommends', () => {
      const noRec = resolve(['curl'], true).added.map((p) => p.name);
      const rec = resolve(['curl'], false).added.map((p) => p.name);
      assert.ok(!noRec.includes('ca-certificates'));
      assert.ok(rec.includes('ca-certificates'));
      assert.ok(noRec.every((n) => rec.includes(n)));
    });

    it('adds nothing for a package the base already has', () => {
      const r = resolve(['bash', 'coreutils'], true);
      assert.deepStrictEqual(r.added, []);
      assert.deepStrictEqual(r.alreadyInstalled.sort(), ['bash', 'coreutils']);
    });

    it('counts packages installed by earlier steps as installed', () => {
      const installed = minbase();
      for (const p of resolve(['curl'], true).added) installed.add(p.name);
      const r = resolve(['curl', 'wget'], true, installed);
      assert.deepStrictEqual(r.added.map((p) => p.name).sort(), resolve(['wget'], true).added.map((p) => p.name).filter((n) => !installed.has(n)).sort());
    });

    it('reports unknown names instead of guessing', () => {
      const r = resolve(['curl', 'definitely-not-a-debian-package'], true);
      assert.deepStrictEqual(r.unknown, ['definitely-not-a-debian-package']);
      assert.strictEqual(r.complete, false);
      assert.ok(r.added.some((p) => p.name === 'curl'));
    });

    it('selects the only provider of a virtual package and refuses an ambiguous one', () => {
      const ix = mustIndex();
      const virtuals = Array.from({ length: ix.nameCount - ix.realCount }, (_, k) => ix.name(ix.realCount + k) ?? '');
      const single = virtuals.find((v) => ix.providersOf(ix.byName.get(v) ?? -1).length === 1);
      assert.ok(single, 'no single-provider virtual name in the index');
      const one = resolve([single], true);
      assert.strictEqual(one.unknown.length, 0);
      assert.ok(one.notes.some((n) => n.includes('virtual')));
      const many = resolve(['awk'], true);
      // awk is provided by mawk (in the base) and others; apt asks the user to choose.
      assert.deepStrictEqual(many.unknown, ['awk']);
    });

    it('notes a pinned version that is not the candidate', () => {
      const r = resolve(['curl=1.0-1'], true);
      assert.ok(r.notes.some((n) => n.includes('curl=1.0-1')));
      assert.ok(r.added.some((p) => p.name === 'curl'));
    });
  });
});
