import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { lintText, prepareLinter } from '../src/engine/lint';
import { buildModel } from '../src/model/build';
import { listTar, readArchive } from '../src/simulate/archive';
import { parseDockerignore } from '../src/parse/dockerignore';
import { readContext, readContextFile, resolveInContext, type BuildContext } from '../src/simulate/context';
import type { PackageEstimator } from '../src/simulate/estimator';
import { costJson, type CostJson } from '../src/simulate/report';
import { layerSize, simulate } from '../src/simulate/simulate';
import { formatSize, parseSizeArg } from '../src/simulate/size';
import { fixturePath } from './helpers/shared';

function cost(text: string, opts: { context?: BuildContext | null; estimator?: PackageEstimator; target?: string; builder?: 'buildkit' | 'classic' } = {}): CostJson {
  const model = buildModel(text, { target: opts.target, builder: opts.builder });
  return costJson(model, simulate(model, { context: opts.context ?? null, estimator: opts.estimator }), 'Dockerfile');
}

function layer(doc: CostJson, line: number): CostJson['stages'][number]['layers'][number] {
  for (const s of doc.stages) for (const l of s.layers) if (l.line === line) return l;
  throw new Error(`no layer on line ${line}`);
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-sim-'));
}

function write(dir: string, rel: string, bytes: number | string): void {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, typeof bytes === 'number' ? Buffer.alloc(bytes, 1) : bytes);
}

/** A tar with one file (ustar header, padded), for archive tests. */
function tarOf(files: { name: string; size: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(f.size.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    parts.push(h, Buffer.alloc(Math.ceil(f.size / 512) * 512, 7));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

describe('layer simulation', () => {
  before(async () => {
    await prepareLinter();
  });

  describe('sizes and formatting', () => {
    it('reads dd/head/fallocate size arguments', () => {
      assert.equal(parseSizeArg('1M'), 1048576);
      assert.equal(parseSizeArg('1MB'), 1000000);
      assert.equal(parseSizeArg('3145728'), 3145728);
      assert.equal(parseSizeArg('2k'), 2048);
      assert.equal(parseSizeArg('10c'), 10);
      assert.equal(parseSizeArg('$SIZE'), null);
    });

    it('never shows an unknown as a precise number', () => {
      assert.equal(formatSize({ bytes: 0, confidence: 'unknown' }), '?');
      assert.equal(formatSize({ bytes: 5_000_000, confidence: 'unknown' }), '5.00MB+?');
      assert.equal(formatSize({ bytes: 19_862_064, confidence: 'estimated' }), '~19.9MB');
      assert.equal(formatSize({ bytes: 5_242_880, confidence: 'exact' }), '5.24MB');
    });
  });

  describe('RUN command models', () => {
    it('sizes dd, head -c, fallocate, truncate, echo and printf output exactly', () => {
      const doc = cost(
        [
          'FROM debian:12',
          'RUN dd if=/dev/zero of=/a bs=1M count=2 status=none',
          'RUN head -c 1000 /dev/urandom > /b',
          'RUN fallocate -l 4k /c && truncate -s 10 /d',
          'RUN echo hello > /e && printf "%s-%s\\n" a b > /f',
          'RUN echo -n abc >> /e',
        ].join('\n'),
      );
      assert.deepEqual([2, 3, 4, 5, 6].map((l) => [layer(doc, l).bytes, layer(doc, l).confidence]), [
        [2097152, 'exact'],
        [1000, 'exact'],
        [4096 + 10, 'exact'],
        [6 + 4, 'exact'],
        [9, 'exact'],
      ]);
      // The append rewrote /e: its 6-byte copy from line 5 is hidden.
      assert.deepEqual(doc.waste.map((w) => [w.path, w.bytes, w.kind, w.addedLine, w.removedLine]), [['/e', 6, 'overwritten-later', 5, 6]]);
    });

    it('drops what a RUN writes and deletes itself; hides what it deletes from earlier layers', () => {
      const doc = cost('FROM debian:12\nRUN mkdir -p /w && head -c 3000 /dev/zero > /w/tmp && head -c 10 /dev/zero > /w/keep && rm -rf /w/tmp\nRUN rm /w/keep\n');
      assert.equal(layer(doc, 2).bytes, 10);
      assert.equal(layer(doc, 3).bytes, 0);
      assert.deepEqual(doc.waste.map((w) => [w.path, w.bytes, w.kind]), [['/w/keep', 10, 'deleted-later']]);
      assert.equal(doc.image?.wastedBytes, 10);
    });

    it('copies a lower file up on chmod/chown/touch, but not when nothing changes', () => {
      const doc = cost(
        [
          'FROM debian:12',
          'RUN head -c 100 /dev/zero > /x && chmod 644 /x && chown 0:0 /x',
          'RUN chmod 644 /x && chown root:root /x',
          'RUN chmod +x /x',
          'RUN touch /x',
        ].join('\n'),
      );
      assert.equal(layer(doc, 3).bytes, 0, 'same mode and owner: no copy-up');
      assert.equal(layer(doc, 4).bytes, 100);
      assert.equal(layer(doc, 5).bytes, 100);
      assert.deepEqual(doc.waste.map((w) => [w.kind, w.addedLine, w.removedLine]), [
        ['metadata-copy-up', 2, 4],
        ['metadata-copy-up', 4, 5],
      ]);
    });

    it('moves a lower file as a whiteout plus a new copy; cp keeps both', () => {
      const doc = cost('FROM busybox:1.36\nRUN head -c 500 /dev/zero > /a\nRUN mv /a /b && cp /b /c\n');
      assert.equal(layer(doc, 3).bytes, 1000);
      assert.deepEqual(doc.waste.map((w) => [w.path, w.bytes, w.kind]), [['/a', 500, 'metadata-copy-up']]);
    });

    it('follows cd, WORKDIR, variables, ~ and `||` alternatives', () => {
      const doc = cost(
        ['FROM debian:12', 'ENV DATA=/data N=7', 'WORKDIR /srv', 'RUN mkdir sub && cd sub && head -c "$N" /dev/zero > f && head -c 3 /dev/zero > ~/g', 'RUN rm -f /none || head -c 999 /dev/zero > /never', 'RUN rm /srv/sub/f /root/g'].join('\n'),
      );
      assert.equal(layer(doc, 4).bytes, 10);
      assert.equal(layer(doc, 5).bytes, 0);
      assert.deepEqual(doc.waste.map((w) => w.path).sort(), ['/root/g', '/srv/sub/f']);
    });

    it('knows that appending to a base-image file stores all of it again', () => {
      const doc = cost('FROM debian:12\nRUN echo "alias ll=\'ls -l\'" >> /etc/bash.bashrc\n');
      assert.equal(layer(doc, 2).confidence, 'unknown');
      assert.match(layer(doc, 2).reasons.join(), /bash\.bashrc/);
    });

    it('reads shell assignments that stand alone as statements', () => {
      const doc = cost('FROM debian:12\nRUN N=100; D=/srv; head -c $N /dev/zero > "$D/f"\n');
      assert.equal(layer(doc, 2).bytes, 100);
    });

    it('follows the official images\' apt-mark idiom: build deps purged in the same RUN, earlier packages kept', () => {
      const est: PackageEstimator = {
        available: true,
        estimateAptInstall: (r) => ({ packages: r.packages.map((name) => ({ name, installedSizeKiB: 100 })), unknownPackages: [], contentBytes: 102_400 * r.packages.length, confidence: 'estimated', notes: [], stateFiles: [] }),
        aptStateFiles: () => [],
        aptListsBytes: () => 1000,
        lookupBaseImage: (ref) => ({ image: ref, contentBytes: 1, confidence: 'estimated', packages: [], source: 'test' }),
      };
      const doc = cost(
        [
          'FROM debian:12',
          'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
          'RUN savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc make; \\',
          '    apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*',
        ].join('\n'),
        { estimator: est },
      );
      assert.equal(layer(doc, 2).bytes, 102_400);
      assert.equal(layer(doc, 3).bytes, 0, 'gcc and make are installed and purged inside the RUN');
      assert.deepEqual(doc.waste, []);
      assert.deepEqual(doc.avoidable, []);
    });

    it('keeps what goes to a RUN --mount out of the layer', () => {
      const doc = cost('FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\nRUN --mount=type=tmpfs,target=/scratch head -c 5000 /dev/zero > /scratch/x\n');
      assert.deepEqual(doc.avoidable, []);
      assert.equal(layer(doc, 3).bytes, 0);
      assert.equal(layer(doc, 3).confidence, 'exact');
    });

    it('tracks caches of pip, npm and apk, and their clean-up', () => {
      const doc = cost('FROM python:3.12-alpine\nRUN apk add curl\nRUN pip install flask\nRUN PIP_NO_CACHE_DIR=1 pip install gunicorn && npm install -g x && npm cache clean --force\n');
      assert.deepEqual(doc.avoidable.map((a) => [a.path, a.kind, a.line]).sort(), [
        ['/root/.cache/pip', 'package-cache', 3],
        ['/var/cache/apk', 'package-cache', 2],
      ]);
    });

    it('says why a layer is unknown, and never counts unknown as zero-exact', () => {
      const doc = cost('FROM debian:12\nRUN make all\nRUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz\n');
      assert.equal(layer(doc, 2).confidence, 'unknown');
      assert.match(layer(doc, 2).reasons.join(' '), /make/);
      assert.equal(layer(doc, 3).confidence, 'unknown');
      assert.match(layer(doc, 3).reasons.join(' '), /downloads https:\/\/example\.com\/x\.tgz/);
      assert.equal(doc.image?.addedConfidence, 'unknown');
    });

    it('runs `sh -c` scripts and exec-form RUN', () => {
      const doc = cost('FROM debian:12\nRUN ["sh", "-c", "head -c 42 /dev/zero > /x"]\nRUN sh -c \'head -c 8 /dev/zero > /y\'\n');
      assert.equal(layer(doc, 2).bytes, 42);
      assert.equal(layer(doc, 3).bytes, 8);
    });

    it('sizes useradd from the bookworm account files and hides their base copies', () => {
      const doc = cost('FROM debian:bookworm-slim\nRUN useradd --uid 123456789 appuser\n');
      const l = layer(doc, 2);
      assert.equal(l.confidence, 'estimated');
      assert.ok(Math.abs(l.bytes - 4327) < 100, `useradd layer ${l.bytes}`);
      assert.equal(doc.image?.wastedBytes, 3384);
    });
  });

  describe('COPY and ADD from the build context', () => {
    let dir = '';
    before(() => {
      dir = tmpDir();
      write(dir, 'a.txt', 100);
      write(dir, 'b.txt', 200);
      write(dir, 'src/x.js', 300);
      write(dir, 'src/lib/y.js', 400);
      write(dir, 'src/lib/y.test.js', 50);
      write(dir, 'node_modules/m/index.js', 10_000);
      write(dir, 'keep/.env', 'A=1\n');
      write(dir, '.dockerignore', '# deps\nnode_modules\n/keep\n!keep/.env\n*.log\n');
      write(dir, 'build.log', 999);
      fs.writeFileSync(path.join(dir, 'payload.tar.gz'), zlib.gzipSync(tarOf([{ name: 'p/one.bin', size: 1000 }, { name: 'p/two.bin', size: 24 }])));
      fs.writeFileSync(path.join(dir, 'plain.tar'), tarOf([{ name: 'z.bin', size: 700 }]));
      fs.symlinkSync('src/x.js', path.join(dir, 'link.js'));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'outside'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('applies .dockerignore with exceptions, comments and rooted patterns', () => {
      assert.deepEqual(parseDockerignore('# c\n/abs/x/\n !keep \n\n./a/../b\n'), ['abs/x', '!keep', 'b']);
      const ctx = readContext(dir);
      assert.ok(!ctx.entries.has('node_modules/m/index.js'));
      assert.ok(!ctx.entries.has('build.log'));
      assert.ok(ctx.entries.has('keep/.env'), 'the exception re-includes a file inside an excluded folder');
      assert.equal(ctx.entries.get('link.js')?.type, 'symlink');
    });

    it('never reads through a symlink that leaves the context', () => {
      const outside = tmpDir();
      write(outside, 'secret/big.bin', 5000);
      fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'linked-dir'));
      const ctx = readContext(dir);
      assert.equal(ctx.entries.get('linked-dir')?.type, 'symlink', 'a linked folder is sent as a link');
      assert.ok(![...ctx.entries.keys()].some((k) => k.startsWith('linked-dir/')), 'and never walked');
      const doc = cost('FROM debian:12\nCOPY linked-dir/ /x/\n', { context: ctx });
      assert.equal(doc.stages[0].layers[1].bytes, 0);
      fs.unlinkSync(path.join(dir, 'linked-dir'));
      fs.rmSync(outside, { recursive: true, force: true });
      assert.equal(resolveInContext(ctx, 'link.js'), 'src/x.js');
      assert.equal(resolveInContext(ctx, 'outside'), null);
      assert.equal(readContextFile(ctx, 'outside'), null);
    });

    it('copies files, folders (contents), globs and --exclude with exact sizes', () => {
      // --exclude patterns match like .dockerignore lines, relative to the source: `*.test.js` only at its top.
      const ctx = readContext(dir);
      const doc = cost(
        ['FROM debian:12', 'COPY a.txt /one', 'COPY src /app/', 'COPY *.txt /txt/', 'COPY --exclude=**/*.test.js src/ /ex/', 'COPY link.js /l.js', 'COPY --parents src/lib/y.js /p/'].join('\n'),
        { context: ctx },
      );
      assert.deepEqual([2, 3, 4, 5, 6, 7].map((l) => layer(doc, l).bytes), [100, 750, 300, 700, 300, 400]);
      assert.ok([2, 3, 4, 5, 6, 7].every((l) => layer(doc, l).confidence === 'exact'));
    });

    it('extracts a local tar or tar.gz with ADD (not with COPY)', () => {
      const ctx = readContext(dir);
      const doc = cost('FROM debian:12\nADD payload.tar.gz /opt/\nADD plain.tar /p/\nCOPY payload.tar.gz /tmp/\n', { context: ctx });
      assert.equal(layer(doc, 2).bytes, 1024);
      assert.equal(layer(doc, 3).bytes, 700);
      assert.equal(layer(doc, 4).bytes, fs.statSync(path.join(dir, 'payload.tar.gz')).size);
    });

    it('extracts an archive a RUN unpacks after COPY, and counts the archive as waste when deleted later', () => {
      const ctx = readContext(dir);
      const doc = cost('FROM debian:12\nCOPY payload.tar.gz /tmp/p.tgz\nRUN tar -xzf /tmp/p.tgz -C /opt --strip-components=1 && rm /tmp/p.tgz\n', { context: ctx });
      assert.equal(layer(doc, 3).bytes, 1024);
      assert.equal(doc.waste[0].path, '/tmp/p.tgz');
      assert.equal(doc.waste[0].kind, 'deleted-later');
    });

    it('reads a bind-mounted context without storing it', () => {
      const ctx = readContext(dir);
      const doc = cost('FROM debian:12\nRUN --mount=type=bind,source=payload.tar.gz,target=/tmp/p.tgz tar -xzf /tmp/p.tgz -C /opt\nRUN --mount=type=bind,target=/src cp /src/a.txt /a.txt\n', { context: ctx });
      assert.equal(layer(doc, 2).bytes, 1024);
      assert.equal(layer(doc, 2).confidence, 'exact');
      assert.equal(layer(doc, 3).bytes, 100);
    });

    it('is unknown, not zero, without a context', () => {
      const doc = cost('FROM debian:12\nCOPY . /app\n');
      assert.equal(layer(doc, 2).confidence, 'unknown');
      assert.match(layer(doc, 2).reasons[0], /context was not read/);
    });

    it('reads the archive bytes of a tar listing with long names and sizes', () => {
      const t = tarOf([{ name: 'a/b', size: 5 }]);
      assert.deepEqual(listTar(t).map((e) => [e.path, e.size, e.type]), [['a/b', 5, 'file']]);
      assert.equal(readArchive(Buffer.from('not an archive at all')), null);
    });
  });

  describe('stages and builders', () => {
    it('chains stages through FROM <stage> and copies from a stage\'s final filesystem', () => {
      const doc = cost('FROM debian:12 AS build\nRUN head -c 4096 /dev/zero > /out.bin && head -c 99 /dev/zero > /junk\nFROM build AS test\nRUN rm /junk\nFROM scratch\nCOPY --from=build /out.bin /app.bin\n');
      assert.equal(doc.stages.length, 3);
      assert.equal(doc.target, 2);
      assert.equal(doc.image?.baseBytes, 0);
      assert.equal(doc.image?.addedBytes, 4096);
      assert.equal(doc.image?.confidence, 'exact');
      const test = cost('FROM debian:12 AS build\nRUN head -c 4096 /dev/zero > /out.bin && head -c 99 /dev/zero > /junk\nFROM build AS test\nRUN rm /junk\n', { target: 'test' });
      assert.equal(test.image?.addedBytes, 4096 + 99);
      assert.equal(test.image?.wastedBytes, 99);
    });

    it('gives WORKDIR a layer under BuildKit but not under buildah, with the same content bytes', () => {
      const doc = cost('FROM debian:12\nWORKDIR /app\nVOLUME /data\nRUN true\n');
      assert.deepEqual(doc.stages[0].layers.map((l) => [l.line, l.createsLayer, l.buildahLayer, l.bytes]), [
        [1, false, false, 0],
        [2, true, false, 0],
        [3, false, false, 0],
        [4, true, true, 0],
      ]);
    });

    it('takes the lowest confidence of the parts for a total', () => {
      const est: PackageEstimator = {
        available: true,
        estimateAptInstall: (r) => ({ packages: r.packages.map((name) => ({ name, installedSizeKiB: 1000 })), unknownPackages: [], contentBytes: 1_024_000 * r.packages.length, confidence: 'estimated', notes: [], stateFiles: [] }),
        aptStateFiles: () => [],
        aptListsBytes: (_b, gz) => (gz ? 19_862_064 : 52_873_404),
        lookupBaseImage: (ref) => ({ image: ref, contentBytes: 74_856_363, confidence: 'exact', packages: [], source: 'test' }),
      };
      const doc = cost('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN head -c 10 /dev/zero > /x\n', { estimator: est });
      assert.equal(layer(doc, 2).bytes, 19_862_064 + 1_024_000);
      assert.equal(layer(doc, 2).confidence, 'estimated');
      assert.equal(doc.image?.baseBytes, 74_856_363);
      assert.equal(doc.image?.totalBytes, 74_856_363 + 19_862_064 + 1_024_000 + 10);
      assert.equal(doc.image?.addedConfidence, 'estimated');
      assert.deepEqual(doc.avoidable.map((a) => [a.path, a.kind, a.bytes]), [['/var/lib/apt/lists', 'apt-lists', 19_862_064]]);
      // Without docker-gzip-indexes the lists are bigger; a purge in a later RUN hides the packages.
      const b0 = cost('FROM debian:bookworm\nRUN rm /etc/apt/apt.conf.d/docker-gzip-indexes && apt-get update\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n', { estimator: est });
      assert.equal(layer(b0, 2).bytes, 52_873_404);
      assert.deepEqual(b0.waste.map((w) => [w.path, w.bytes, w.addedLine, w.removedLine]).filter((w) => String(w[0]).startsWith('dpkg:')), [['dpkg:gcc', 1_024_000, 3, 4]]);
    });
  });

  describe('with the package-size estimator', () => {
    it('takes the docs the -slim images leave out away when the same RUN deletes /usr/share/doc', () => {
      const full = cost('FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
      const noDocs = cost('FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* /usr/share/doc/*\n');
      const slim = cost('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
      assert.equal(layer(full, 2).confidence, 'estimated');
      assert.ok(layer(noDocs, 2).bytes < layer(full, 2).bytes);
      assert.equal(layer(noDocs, 2).bytes, layer(slim, 2).bytes);
    });
  });

  describe('analyses hook', () => {
    it('simulates once per file, however many rules ask', () => {
      let lookups = 0;
      const est: PackageEstimator = {
        available: true,
        estimateAptInstall: () => ({ packages: [], unknownPackages: [], contentBytes: 0, confidence: 'estimated', notes: [], stateFiles: [] }),
        aptStateFiles: () => [],
        aptListsBytes: () => 0,
        lookupBaseImage: (ref) => {
          lookups++;
          return { image: ref, contentBytes: null, confidence: 'unknown', packages: null, source: 'test' };
        },
      };
      const r = lintText('FROM debian:12\nRUN head -c 3000000 /dev/zero > /x\nWORKDIR /\nRUN rm /x && echo > /y\n', { estimator: est });
      assert.equal(lookups, 1);
      assert.ok(r.findings.some((f) => f.rule === 'deleted-in-later-layer'));
      assert.equal(r.internalErrors, 0);
    });
  });

  describe('seed examples', () => {
    it('seed: metadata instructions make no layer; `rm -r $HOME/.cache` frees nothing', () => {
      const text = fs.readFileSync(fixturePath('examples', 'seed', 'Dockerfile'), 'utf8');
      const doc = cost(text);
      const rows = doc.stages[0].layers.map((l) => [l.instruction.split(' ')[0], l.createsLayer]);
      assert.deepEqual(rows, [['FROM', false], ['LABEL', false], ['COPY', true], ['RUN', true], ['RUN', true], ['CMD', false]]);
      const rm = layer(doc, 6);
      assert.equal(rm.bytes, 0);
      assert.equal(doc.image?.wastedConfidence, 'unknown', 'what the rm hides comes from the base image or `make`: not known');
      const lint = lintText(text, { filePath: 'seed/Dockerfile' });
      const f = lint.findings.find((x) => x.rule === 'run-only-deletes');
      assert.ok(f);
      assert.equal(f.range.start.line, 6);
      assert.match(f.message, /frees nothing/);
    });

    it('cow-test: `chmod +x /app/hello.sh` stores hello.sh a second time', () => {
      const dir = fixturePath('examples', 'cow-test');
      const ctx = readContext(dir, { dockerfile: path.join(dir, 'Dockerfile') });
      const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const doc = cost(text, { context: ctx });
      const size = fs.statSync(path.join(dir, 'hello.sh')).size;
      assert.equal(layer(doc, 3).bytes, size);
      assert.equal(layer(doc, 3).confidence, 'exact');
      assert.deepEqual(doc.waste.map((w) => [w.path, w.bytes, w.kind, w.addedLine, w.removedLine]), [['/app/hello.sh', size, 'metadata-copy-up', 2, 3]]);
      const lint = lintText(text, { filePath: 'cow-test/Dockerfile', context: ctx });
      assert.deepEqual(lint.findings.filter((x) => x.rule === 'metadata-copy-up').map((x) => x.range.start.line), [3]);
    });
  });

  describe('safe fixes', () => {
    it('metadata-copy-up moves a lone chmod of a copied file onto the COPY', () => {
      const dir = tmpDir();
      write(dir, 'run.sh', 'echo hi\n');
      fs.chmodSync(path.join(dir, 'run.sh'), 0o644);
      const text = 'FROM debian:12\nCOPY run.sh /usr/local/bin/run.sh\nRUN chmod +x /usr/local/bin/run.sh\nCMD ["run.sh"]\n';
      const r = lintText(text, { context: readContext(dir) });
      const f = r.findings.find((x) => x.rule === 'metadata-copy-up');
      assert.ok(f?.fix?.safe);
      const model = buildModel(text);
      let out = text;
      for (const e of [...f.fix.edits].sort((a, b) => model.lines.offset(b.range.start) - model.lines.offset(a.range.start))) {
        out = out.slice(0, model.lines.offset(e.range.start)) + e.text + out.slice(model.lines.offset(e.range.end));
      }
      assert.equal(out, 'FROM debian:12\nCOPY --chmod=755 run.sh /usr/local/bin/run.sh\nCMD ["run.sh"]\n');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('gives no safe fix when the COPY brings more than the chmod touches', () => {
      const r = lintText('FROM debian:12\nCOPY a.sh b.sh /bin/\nRUN chmod 755 /bin/a.sh\n');
      const f = r.findings.find((x) => x.rule === 'metadata-copy-up');
      assert.ok(f);
      assert.equal(f.fix, null);
    });
  });

  describe('command line', () => {
    it('`layerlint cost` prints JSON version 1 and a table with bars', () => {
      const bin = path.join(__dirname, '..', '..', 'bin', 'layerlint.js');
      const dir = tmpDir();
      try {
        fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM registry.example/base:1\nRUN head -c 2000000 /dev/zero > /a\nRUN rm /a\n');
        const json = spawnSync(process.execPath, [bin, 'cost', '--format', 'json', path.join(dir, 'Dockerfile')], { encoding: 'utf8' });
        assert.equal(json.status, 0, json.stderr);
        const doc = JSON.parse(json.stdout) as CostJson;
        assert.equal(doc.version, 1);
        assert.equal(doc.image?.wastedBytes, 2_000_000);
        assert.deepEqual(doc.waste.map((w) => [w.path, w.addedLine, w.removedLine, w.kind]), [['/a', 2, 3, 'deleted-later']]);
        const table = spawnSync(process.execPath, [bin, 'cost', path.join(dir, 'Dockerfile')], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' } });
        assert.equal(table.status, 0);
        assert.match(table.stdout, /█/);
        assert.match(table.stdout, /Base image\s+registry\.example\/base:1\s+\?/);
        assert.match(table.stdout, /Image\s+2\.00MB\+\?/);
        const ascii = spawnSync(process.execPath, [bin, 'cost', '--ascii', path.join(dir, 'Dockerfile')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        assert.match(ascii.stdout, /####/);
        assert.doesNotMatch(ascii.stdout, /█|\x1b\[/);
        const html = spawnSync(process.execPath, [bin, 'cost', '--format', 'html', '-o', path.join(dir, 'r.html'), path.join(dir, 'Dockerfile')], { encoding: 'utf8' });
        assert.equal(html.status, 0, html.stderr);
        const page = fs.readFileSync(path.join(dir, 'r.html'), 'utf8');
        assert.match(page, /<html/);
        assert.match(page, /run-only-deletes/, 'the report carries the findings of the same file');
        const bad = spawnSync(process.execPath, [bin, 'cost', '--context', path.join(dir, 'nope'), path.join(dir, 'Dockerfile')], { encoding: 'utf8' });
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /--context/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('layerSize of FROM is 0: the base is reported separately', () => {
    const model = buildModel('FROM debian:12\n');
    const sim = simulate(model);
    assert.deepEqual(layerSize(sim.stages[0].layers[0]), { bytes: 0, confidence: 'exact' });
  });
});
