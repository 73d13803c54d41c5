import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { generateDockerfile } from '../helpers/generate';
import { fixturePath, repoRoot } from '../helpers/shared';

function sourceFiles(): string[] {
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
  return [...walk(path.join(repoRoot, 'src')), ...walk(path.join(repoRoot, 'rules'))];
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-sec-'));
}

/** A Dockerfile that names every program a careless linter might run. */
const BAIT = [
  'FROM alpine:3 AS build',
  'RUN curl -fsSL https://example.com/x.sh | sh && wget http://example.com/y && git clone https://example.com/r.git',
  'RUN bash -c "make install" && apt-get update && apt-get install -y make && docker build . && node -e 1 && python3 -c 1',
  'ADD https://example.com/file.tgz /tmp/',
  'ADD git@example.com:org/repo.git /src',
  'COPY --from=build /a /b',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  'CMD ["sh", "-c", "echo hi"]',
  '',
].join('\n');

describe('security', function () {
  this.timeout(120000);

  it('runs no program from src/ or rules/ except ShellCheck, and never through a shell', () => {
    const offenders: string[] = [];
    for (const f of sourceFiles()) {
      const text = fs.readFileSync(f, 'utf8');
      const rel = path.relative(repoRoot, f);
      const usesChild = /['"](node:)?child_process['"]/.test(text);
      if (usesChild && !/shellcheck/i.test(path.basename(f))) offenders.push(`${rel}: imports child_process`);
      if (usesChild && /\b(exec|execSync)\s*\(|shell\s*:\s*true/.test(text)) offenders.push(`${rel}: runs a command through a shell`);
      if (/\beval\s*\(|new Function\s*\(|['"](node:)?vm['"]/.test(text)) offenders.push(`${rel}: evaluates code`);
    }
    assert.deepEqual(offenders, []);
  });

  it('imports nothing that talks to the network', () => {
    const offenders: string[] = [];
    for (const f of sourceFiles()) {
      const text = fs.readFileSync(f, 'utf8');
      const m = /['"](node:)?(http|https|http2|net|tls|dgram|dns|undici)['"]|\bfetch\s*\(|\bWebSocket\b|XMLHttpRequest/.exec(text);
      if (m) offenders.push(`${path.relative(repoRoot, f)}: ${m[0]}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('executes nothing named in a Dockerfile: stub programs on PATH are never started', () => {
    const dir = tmpDir();
    try {
      const stubs = path.join(dir, 'bin');
      fs.mkdirSync(stubs);
      const marker = path.join(dir, 'ran');
      for (const name of ['sh', 'bash', 'curl', 'wget', 'git', 'make', 'apt-get', 'docker', 'python3', 'tar', 'env']) {
        fs.writeFileSync(path.join(stubs, name), `#!/bin/sh\necho ${name} >> '${marker}'\n`, { mode: 0o755 });
      }
      const df = path.join(dir, 'Dockerfile');
      fs.writeFileSync(df, BAIT);
      fs.writeFileSync(path.join(dir, '.dockerignore'), '**/*.sh\n!keep.sh\n');
      const r = runCli(['--format', 'json', df], { env: { PATH: `${stubs}:${process.env.PATH ?? ''}` } });
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      assert.ok(!fs.existsSync(marker), `ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same output without any network (unshare -n)', function () {
    const unshare = ['/usr/bin/unshare', '/bin/unshare'].find((p) => fs.existsSync(p));
    const probe = unshare ? spawnSync(unshare, ['-n', 'true']) : null;
    if (!unshare || !probe || probe.status !== 0) {
      if (process.env.CI) throw new Error('unshare -n is not available, and CI is set: the no-network check must run in CI');
      console.log('      (skipped: unshare -n is not available here; it needs root or user namespaces)');
      this.skip();
    }
    const dir = tmpDir();
    try {
      const files = [fixturePath('examples', 'seed', 'Dockerfile'), path.join(dir, 'bait.Dockerfile'), path.join(dir, 'big.Dockerfile')];
      fs.writeFileSync(files[1], BAIT);
      fs.writeFileSync(files[2], generateDockerfile(400, 9));
      const argv = [path.join(repoRoot, 'bin', 'layerlint.js'), '--format', 'json', ...files];
      const online = spawnSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const offline = spawnSync(unshare as string, ['-n', process.execPath, ...argv], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(offline.status, online.status, offline.stderr);
      assert.equal(offline.stderr, online.stderr);
      assert.equal(offline.stdout, online.stdout);
      assert.ok(JSON.parse(offline.stdout));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('--fix writes only the files it lints', () => {
    const FIXABLE = 'FROM debian:12\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n';
    let dir: string;
    beforeEach(() => {
      dir = tmpDir();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const snapshot = (d: string): Map<string, string> => {
      const out = new Map<string, string>();
      const walk = (p: string): void => {
        for (const e of fs.readdirSync(p, { withFileTypes: true })) {
          const q = path.join(p, e.name);
          const st = fs.lstatSync(q);
          if (e.isDirectory()) walk(q);
          out.set(path.relative(d, q), `${st.mode.toString(8)} ${st.mtimeMs} ${st.isSymbolicLink() ? fs.readlinkSync(q) : e.isFile() ? fs.readFileSync(q, 'utf8') : ''}`);
        }
      };
      walk(d);
      return out;
    };

    it('rewrites the given file atomically (new inode, no temp file left), keeping its mode; nothing else changes', () => {
      const target = path.join(dir, 'Dockerfile');
      fs.writeFileSync(target, FIXABLE);
      fs.chmodSync(target, 0o640);
      fs.writeFileSync(path.join(dir, 'other.Dockerfile'), FIXABLE);
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me\n');
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'Dockerfile'), FIXABLE);
      const before = snapshot(dir);
      const inode = fs.statSync(target).ino;
      const r = runCli(['--fix', target]);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      const after = snapshot(dir);
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed (no temp file left)');
      for (const [k, v] of before) if (k !== 'Dockerfile') assert.equal(after.get(k), v, `${k} changed`);
      const fixed = fs.readFileSync(target, 'utf8');
      assert.notEqual(fixed, FIXABLE);
      assert.match(fixed, /apt-get install .*-y curl/);
      assert.equal(fs.statSync(target).mode & 0o7777, 0o640);
      assert.notEqual(fs.statSync(target).ino, inode, 'replaced by rename, not rewritten in place');
    });

    it('--fix-dry-run and a clean file write nothing', () => {
      const target = path.join(dir, 'Dockerfile');
      fs.writeFileSync(target, FIXABLE);
      fs.writeFileSync(path.join(dir, 'clean.Dockerfile'), 'FROM debian:12\nUSER 1000\n');
      const before = snapshot(dir);
      const r = runCli(['--fix-dry-run', target]);
      assert.match(r.stdout, /^\+.*apt-get install .*-y curl/m);
      runCli(['--fix', path.join(dir, 'clean.Dockerfile')]);
      assert.deepEqual(snapshot(dir), before);
    });

    it('through a symlink, rewrites the file it points to and keeps the link', () => {
      const real = path.join(dir, 'real');
      fs.mkdirSync(real);
      fs.writeFileSync(path.join(real, 'Dockerfile'), FIXABLE);
      const link = path.join(dir, 'link.Dockerfile');
      fs.symlinkSync(path.join(real, 'Dockerfile'), link);
      runCli(['--fix', link]);
      assert.ok(fs.lstatSync(link).isSymbolicLink());
      assert.match(fs.readFileSync(path.join(real, 'Dockerfile'), 'utf8'), /apt-get install .*-y curl/);
      assert.deepEqual(fs.readdirSync(real), ['Dockerfile']);
    });

    it('a file it cannot replace is reported, and left as it was', function () {
      if (process.getuid?.() === 0) {
        const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
        if (!setpriv) {
          if (process.env.CI) throw new Error('setpriv is missing, and CI is set');
          this.skip();
        }
      }
      const ro = path.join(dir, 'ro');
      fs.mkdirSync(ro);
      const target = path.join(ro, 'Dockerfile');
      fs.writeFileSync(target, FIXABLE);
      fs.chmodSync(ro, 0o555);
      try {
        const cli = [path.join(repoRoot, 'bin', 'layerlint.js'), '--format', 'json', '--fix', target];
        const r = process.getuid?.() === 0 ? spawnSync('/usr/bin/setpriv', ['--bounding-set=-all', '--inh-caps=-all', '--', process.execPath, ...cli], { encoding: 'utf8' }) : spawnSync(process.execPath, cli, { encoding: 'utf8' });
        assert.equal(r.status, 2, r.stderr);
        assert.match((JSON.parse(r.stdout) as { files: { error?: string }[] }).files[0].error ?? '', /could not write the fixed file/);
        assert.equal(fs.readFileSync(target, 'utf8'), FIXABLE);
        assert.deepEqual(fs.readdirSync(ro), ['Dockerfile']);
      } finally {
        fs.chmodSync(ro, 0o755);
      }
    });
  });
});
