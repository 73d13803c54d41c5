/**
 * `layerlint image IMAGE --dockerfile FILE --context DIR`: a Dockerfile and its context made here, images whose history
 * matches it built here (BuildKit-style and buildah-style histories, OCI layout and docker save tarball), and every
 * figure of the comparison checked against the two sides it joins: the predicted bytes against `layerlint cost`, the
 * actual bytes against `layerlint image` without --dockerfile, the error against both.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { repoRoot } from '../helpers/shared';
import { launchChromium, requireChromium, type DomElement } from '../helpers/chromium';
import { pathToFileURL } from 'node:url';
import { tempTree } from '../helpers/cli-inprocess';
import type { EntrySpec, HistorySpec } from './helpers/tarbuild';
import { buildImage, dir, dockerArchive, file, whiteout, writeOciLayout } from './helpers/tarbuild';
import { buildModel } from '../../src/model/build';
import { prepareLinter } from '../../src/engine/lint';
import { simulate } from '../../src/simulate/simulate';
import { readContext } from '../../src/simulate/context';
import { matchHistory, historyInstructions } from '../../src/simulate/align';
import { compareWithImage, relativeError } from '../../src/simulate/compare';
import { signedBytes, signedPercent, predictedText } from '../../src/format/image-compare';

const DOCKERFILE = `FROM debian:bookworm-slim
ARG APP=demo
COPY app/ /srv/app/
WORKDIR /srv/app
RUN chmod -R 755 /srv/app
COPY big.bin /opt/big.bin
RUN rm /opt/big.bin
ENV MODE=prod
CMD ["/srv/app/run.sh"]
`;

const CONTEXT: Record<string, string> = {
  Dockerfile: DOCKERFILE,
  '.dockerignore': 'app/*.md\n',
  'app/run.sh': 'x'.repeat(100),
  'app/data.txt': 'd'.repeat(2000),
  'app/notes.md': 'n'.repeat(700),
  'big.bin': 'b'.repeat(5000),
};

const BASE: HistorySpec[] = [
  { layer: [dir('etc'), file('etc/os-release', 300), dir('usr'), dir('usr/bin'), file('usr/bin/sh', 9000)], createdBy: 'ADD rootfs.tar.xz / # buildkit' },
  { empty: 'CMD ["bash"]' },
];
const APP: EntrySpec[] = [dir('srv'), dir('srv/app'), file('srv/app/data.txt', 2000), file('srv/app/run.sh', 100)];
/** The chmod layer of the built image also holds a 300-byte file the prediction cannot know: an error of −300 B. */
const CHMOD: EntrySpec[] = [dir('srv/app'), file('srv/app/data.txt', 2000, 0o755), file('srv/app/run.sh', 100, 0o755), file('srv/app/.cache', 300)];

/** BuildKit's history: one entry per instruction, WORKDIR with its own (directory-only) layer. */
function buildkitHistory(opts: { dropRm?: boolean; extra?: boolean } = {}): HistorySpec[] {
  return [
    ...BASE,
    { empty: 'ARG APP=demo' },
    { layer: APP, createdBy: 'COPY app/ /srv/app/ # buildkit' },
    { layer: [dir('srv'), dir('srv/app')], createdBy: 'WORKDIR /srv/app' },
    { layer: CHMOD, createdBy: 'RUN |1 APP=demo /bin/sh -c chmod -R 755 /srv/app # buildkit' },
    ...(opts.extra ? [{ layer: [dir('var'), file('var/log/extra.log', 4096)], createdBy: 'RUN |1 APP=demo /bin/sh -c echo hi > /var/log/extra.log # buildkit' }] : []),
    { layer: [dir('opt'), file('opt/big.bin', 5000)], createdBy: 'COPY big.bin /opt/big.bin # buildkit' },
    ...(opts.dropRm ? [] : [{ layer: [dir('opt'), whiteout('opt/big.bin')], createdBy: 'RUN |1 APP=demo /bin/sh -c rm /opt/big.bin # buildkit' }]),
    { empty: 'ENV MODE=prod' },
    { empty: 'CMD ["/srv/app/run.sh"]' },
  ];
}

/** buildah's (classic builder's) history: `#(nop)` texts, WORKDIR and ARG as empty entries. */
function buildahHistory(): HistorySpec[] {
  return [
    ...BASE,
    { empty: '/bin/sh -c #(nop) ARG APP=demo' },
    { layer: APP, createdBy: '/bin/sh -c #(nop) COPY dir:0123abcd in /srv/app/ ' },
    { empty: '/bin/sh -c #(nop) WORKDIR /srv/app' },
    { layer: CHMOD, createdBy: '|1 APP=demo /bin/sh -c chmod -R 755 /srv/app' },
    { layer: [dir('opt'), file('opt/big.bin', 5000)], createdBy: '/bin/sh -c #(nop) COPY file:4567cdef in /opt/big.bin ' },
    { layer: [dir('opt'), whiteout('opt/big.bin')], createdBy: '|1 APP=demo /bin/sh -c rm /opt/big.bin' },
    { empty: '/bin/sh -c #(nop) ENV MODE=prod' },
    { empty: '/bin/sh -c #(nop) CMD ["/srv/app/run.sh"]' },
  ];
}

interface Row {
  kind: string;
  historyIndex: number | null;
  line: number | null;
  instruction: string | null;
  predictedBytes: number | null;
  confidence: string | null;
  actualBytes: number | null;
  errorBytes: number | null;
  relativeError: number | null;
  keywordMismatch: boolean;
}
interface Total {
  predictedBytes: number;
  confidence: string;
  actualBytes: number;
  errorBytes: number;
  relativeError: number | null;
}
interface ComparisonDoc {
  dockerfile: string;
  context: string | null;
  status: string;
  problems: string[];
  matched: { instructions: number; ofInstructions: number; layers: number; ofLayers: number };
  rows: Row[];
  baseImage: string;
  base: Total;
  added: Total;
  total: Total;
  wasted: Total | null;
  maxAbsErrorBytes: number;
}
interface ImageDoc {
  version: number;
  layers: { index: number; createdBy: string; emptyLayer: boolean; bytes: number }[];
  wastedBytes: number;
  comparison?: ComparisonDoc;
}
interface CostDoc {
  image: { baseBytes: number; baseConfidence: string; addedBytes: number; wastedBytes: number };
  stages: { layers: { line: number; instruction: string; bytes: number; confidence: string }[] }[];
}

function json<T>(args: string[], cwd: string): T {
  const r = runCli(args, { cwd });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

describe('layerlint image --dockerfile (predicted vs. actual)', function () {
  this.timeout(60000);
  let work = '';
  let cost: CostDoc;

  before(function () {
    work = tempTree(CONTEXT, 'layerlint-imgcmp-');
    const write = (name: string, items: HistorySpec[]): void => writeOciLayout(path.join(work, name), [{ image: buildImage(items) }]);
    write('bk-oci', buildkitHistory());
    fs.writeFileSync(path.join(work, 'bk.docker.tar'), dockerArchive([{ image: buildImage(buildkitHistory()), repoTags: ['app:1'] }]));
    write('buildah-oci', buildahHistory());
    write('missing-oci', buildkitHistory({ dropRm: true }));
    write('extra-oci', buildkitHistory({ extra: true }));
    cost = json<CostDoc>(['cost', '--format', 'json', '--context', '.', 'Dockerfile'], work);
  });

  /** Every figure: rows against cost and image JSON, totals against their sums. */
  function checkFigures(image: string): ComparisonDoc {
    const plain = json<ImageDoc>(['image', '--format', 'json', image], work);
    const doc = json<ImageDoc>(['image', '--format', 'json', '--dockerfile', 'Dockerfile', '--context', '.', image], work);
    assert.equal(doc.version, 1);
    const c = doc.comparison;
    assert.ok(c, 'comparison object');
    // The image part of the document is unchanged by --dockerfile.
    assert.deepEqual({ ...doc, comparison: undefined }, { ...plain, comparison: undefined });
    const predictedByLine = new Map(cost.stages[0].layers.map((l) => [l.line, l]));
    for (const r of c.rows) {
      if (r.historyIndex !== null) assert.equal(r.actualBytes, plain.layers[r.historyIndex].bytes, `row #${r.historyIndex}: actual = the analyser's bytes`);
      if (r.line !== null) {
        const p = predictedByLine.get(r.line);
        assert.ok(p, `line ${r.line} in the cost report`);
        assert.equal(r.predictedBytes, p.bytes, `line ${r.line}: predicted = the simulation's`);
        assert.equal(r.confidence, p.confidence);
        assert.equal(r.instruction, p.instruction);
      }
      if (r.kind === 'instruction') {
        assert.equal(r.errorBytes, (r.predictedBytes as number) - (r.actualBytes as number));
        assert.equal(r.relativeError, r.actualBytes === 0 ? (r.predictedBytes === 0 ? 0 : null) : (r.errorBytes as number) / (r.actualBytes as number));
      } else assert.equal(r.errorBytes, null);
    }
    const actualOf = (kinds: string[]): number => c.rows.filter((r) => kinds.includes(r.kind)).reduce((n, r) => n + (r.actualBytes ?? 0), 0);
    assert.deepEqual(c.base, { predictedBytes: cost.image.baseBytes, confidence: cost.image.baseConfidence, actualBytes: actualOf(['base']), errorBytes: cost.image.baseBytes - actualOf(['base']), relativeError: (cost.image.baseBytes - actualOf(['base'])) / actualOf(['base']) });
    assert.equal(c.added.predictedBytes, cost.image.addedBytes);
    assert.equal(c.added.actualBytes, actualOf(['instruction', 'extra']));
    assert.equal(c.added.errorBytes, c.added.predictedBytes - c.added.actualBytes);
    assert.equal(c.total.actualBytes, plain.layers.reduce((n, l) => n + l.bytes, 0));
    assert.equal(c.total.predictedBytes, cost.image.baseBytes + cost.image.addedBytes);
    assert.deepEqual(c.wasted && [c.wasted.predictedBytes, c.wasted.actualBytes], [cost.image.wastedBytes, plain.wastedBytes]);
    return c;
  }

  it('BuildKit history, OCI layout and docker save tarball: every figure, aligned', function () {
    for (const image of ['bk-oci', 'bk.docker.tar']) {
      const c = checkFigures(image);
      assert.equal(c.status, 'aligned', c.problems.join('; '));
      assert.deepEqual(c.problems, []);
      assert.deepEqual(c.matched, { instructions: 8, ofInstructions: 8, layers: 5, ofLayers: 5 });
      assert.deepEqual(
        c.rows.map((r) => [r.kind, r.historyIndex, r.line]),
        [['base', 0, null], ['base', 1, null], ['instruction', 2, 2], ['instruction', 3, 3], ['instruction', 4, 4], ['instruction', 5, 5], ['instruction', 6, 6], ['instruction', 7, 7], ['instruction', 8, 8], ['instruction', 9, 9]],
      );
      // The figures themselves, independently of the reports: the context's files, the base layer, the extra file.
      const byLine = new Map(c.rows.map((r) => [r.line, r]));
      assert.deepEqual([byLine.get(3)?.predictedBytes, byLine.get(3)?.actualBytes, byLine.get(3)?.errorBytes], [2100, 2100, 0]);
      assert.deepEqual([byLine.get(5)?.predictedBytes, byLine.get(5)?.actualBytes, byLine.get(5)?.errorBytes, byLine.get(5)?.relativeError], [2100, 2400, -300, -300 / 2400]);
      assert.deepEqual([byLine.get(6)?.predictedBytes, byLine.get(6)?.actualBytes], [5000, 5000]);
      assert.equal(c.base.actualBytes, 9300);
      assert.equal(c.added.actualBytes, 2100 + 2400 + 5000);
      assert.equal(c.maxAbsErrorBytes, 300);
      assert.deepEqual(c.wasted && [c.wasted.predictedBytes, c.wasted.actualBytes], [7100, 7100]);
    }
  });

  it('buildah history (#(nop) texts, WORKDIR as an empty entry): the same lines, aligned', function () {
    const c = checkFigures('buildah-oci');
    assert.equal(c.status, 'aligned', c.problems.join('; '));
    assert.deepEqual(c.matched, { instructions: 8, ofInstructions: 8, layers: 4, ofLayers: 4 });
    assert.deepEqual(c.rows.filter((r) => r.kind === 'instruction').map((r) => r.line), [2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('an instruction the image lacks: partial, said clearly, the rest still lined up, exit 0', function () {
    const c = checkFigures('missing-oci');
    assert.equal(c.status, 'partial');
    const missing = c.rows.filter((r) => r.kind === 'missing');
    assert.deepEqual(missing.map((r) => [r.line, r.predictedBytes, r.actualBytes, r.historyIndex]), [[7, 0, null, null]]);
    assert.deepEqual(c.problems, ['1 instruction (line 7) has no history entry']);
    assert.deepEqual(c.matched, { instructions: 7, ofInstructions: 8, layers: 4, ofLayers: 4 });
    assert.deepEqual(c.rows.filter((r) => r.kind === 'instruction').map((r) => r.line), [2, 3, 4, 5, 6, 8, 9]);
    const table = runCli(['image', '--dockerfile', 'Dockerfile', '--context', '.', 'missing-oci'], { cwd: work });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Alignment: partial — 7 of 8 instructions and 4 of 4 layers above the base lined up$/m);
    assert.match(table.stdout, /^ {2}! 1 instruction \(line 7\) has no history entry$/m);
    assert.match(table.stdout, /RUN rm \/opt\/big\.bin {2}\[no entry in the image\]/);
  });

  it('an entry no instruction explains: extra, its bytes counted in the actual added total', function () {
    const c = checkFigures('extra-oci');
    assert.equal(c.status, 'partial');
    const extra = c.rows.filter((r) => r.kind === 'extra');
    assert.deepEqual(extra.map((r) => [r.historyIndex, r.actualBytes, r.line]), [[6, 4096, null]]);
    assert.deepEqual(c.problems, ['1 history entry after the base (#6) matches no instruction']);
    assert.deepEqual(c.matched, { instructions: 8, ofInstructions: 8, layers: 5, ofLayers: 6 });
  });

  it('the table shows each row, the totals and the image summary', function () {
    const r = runCli(['image', '--dockerfile', 'Dockerfile', '--context', '.', 'bk-oci'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Predicted from Dockerfile (context ., buildkit) vs. the image');
    assert.equal(lines[1], 'Alignment: aligned — 8 of 8 instructions and 5 of 5 layers above the base lined up');
    assert.ok(lines.some((l) => /^5 +5 +2\.1 KiB +2\.3 KiB +−300 B +−12\.5 % +RUN chmod -R 755 \/srv\/app$/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^0 +- +9\.1 KiB +base: ADD rootfs\.tar\.xz \/ # buildkit$/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^8 +8 +0 B +0 B +0 B +0\.0 % +ENV MODE=prod \(no layer\)$/.test(l)), r.stdout);
    assert.match(r.stdout, /^Added +9\.0 KiB +9\.3 KiB +−300 B +−3\.2 % +9,200 vs 9,500 B$/m);
    assert.match(r.stdout, /^Wasted +6\.9 KiB +6\.9 KiB +0 B +0\.0 % +7,100 vs 7,100 B$/m);
    assert.match(r.stdout, /^Total: 18,800 B/m);
    assert.match(r.stdout, /^dive: efficiency/m);
  });

  it('without --context, COPY sizes are unknown and the table says so', function () {
    const r = runCli(['image', '--format', 'json', '--dockerfile', 'Dockerfile', 'bk-oci'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    const c = (JSON.parse(r.stdout) as ImageDoc).comparison as ComparisonDoc;
    assert.equal(c.context, null);
    assert.equal(c.status, 'aligned');
    assert.equal(c.rows.find((r) => r.line === 3)?.confidence, 'unknown');
    const t = runCli(['image', '--dockerfile', 'Dockerfile', 'bk-oci'], { cwd: work });
    assert.match(t.stdout, /no build context: COPY\/ADD sizes unknown/);
  });

  it('--target and --build-arg are passed to the simulation', function () {
    fs.writeFileSync(path.join(work, 'Multi.Dockerfile'), 'FROM busybox AS tools\nRUN echo a > /a\nFROM debian:bookworm-slim AS app\nARG APP\nCOPY app/ /srv/app/\n');
    const tools = json<ImageDoc>(['image', '--format', 'json', '--dockerfile', 'Multi.Dockerfile', '--target', 'tools', 'bk-oci'], work).comparison as ComparisonDoc;
    assert.equal(tools.baseImage, 'busybox:latest');
    assert.equal(tools.matched.ofInstructions, 1);
    const app = json<ImageDoc>(['image', '--format', 'json', '--dockerfile', 'Multi.Dockerfile', '--build-arg', 'APP=x', '--context', '.', 'bk-oci'], work).comparison as ComparisonDoc;
    assert.equal(app.matched.ofInstructions, 2);
  });

  it('usage and I/O errors: one line on stderr, exit 2, no stack trace', function () {
    const cases: [string[], RegExp][] = [
      [['image', '--dockerfile', 'nope/Dockerfile', 'bk-oci'], /^layerlint: nope\/Dockerfile: /],
      [['image', '--dockerfile', 'Dockerfile', '--context', 'no-such-dir', 'bk-oci'], /^layerlint: --context no-such-dir: ENOENT/],
      [['image', '--context', '.', 'bk-oci'], /^layerlint: --context needs --dockerfile FILE/],
      [['image', '--build-arg', 'A=1', 'bk-oci'], /^layerlint: --build-arg needs --dockerfile FILE/],
      [['image', '--dockerfile', 'Dockerfile', '--build-arg', 'NOEQUALS', 'bk-oci'], /^layerlint: --build-arg must be KEY=VALUE/],
      [['image', '--dockerfile', 'Dockerfile', '--target', 'nosuch', 'bk-oci'], /^layerlint: --target: no stage named "nosuch"/],
      [['image', '--dockerfile', 'Dockerfile', '--builder', 'kaniko', 'bk-oci'], /^layerlint: --builder must be buildkit or classic/],
      [['image', '--dockerfile', '-', 'bk-oci'], /^layerlint: --dockerfile needs a file/],
      [['image', '--dockerfile', 'Dockerfile', 'no-such-image.tar'], /^layerlint: no-such-image\.tar/],
      [['image', '--dockerfile', 'Dockerfile', '--format', 'json', '-o', 'no/such/dir/out.json', 'bk-oci'], /^layerlint: no\/such\/dir\/out\.json: cannot write/],
      [['image', '--dockerfile', 'app', 'bk-oci'], /^layerlint: app: is a folder/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(args, { cwd: work });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(r.stdout, '');
    }
  });

  it('--format html: one self-contained page with the comparison, every text escaped', function () {
    const hostile = '<script>alert(1)</script>';
    writeOciLayout(path.join(work, 'hostile-oci'), [{ image: buildImage([...BASE, { layer: [file('x', 5)], createdBy: `RUN /bin/sh -c echo "${hostile}" # buildkit` }]) }]);
    fs.writeFileSync(path.join(work, 'Hostile.Dockerfile'), `FROM debian:bookworm-slim\nRUN echo "${hostile}" > /x\nLABEL a="<img src=x onerror=alert(2)>"\n`);
    const r = runCli(['image', '--format', 'html', '--dockerfile', 'Hostile.Dockerfile', 'hostile-oci'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    const html = r.stdout;
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[^"]+; script-src &#39;none&#39;;/);
    assert.doesNotMatch(html, /<script/);
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<h2 id="comparison-h">Predicted vs\. actual<\/h2>/);
    assert.match(html, /1 instruction \(line 3\) has no history entry/);
    assert.match(html, /LABEL a=&quot;&lt;img src=x onerror=alert\(2\)&gt;&quot;/);
    const plain = runCli(['image', '--format', 'html', 'bk-oci'], { cwd: work });
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /id="comparison"/);
    assert.match(plain.stdout, /<h2 id="layers-h">Layers<\/h2>/);
    const out = runCli(['image', '--format', 'html', '-o', 'report.html', '--dockerfile', 'Dockerfile', '--context', '.', 'bk-oci'], { cwd: work });
    assert.equal(out.code, 0, out.stderr);
    const page = fs.readFileSync(path.join(work, 'report.html'), 'utf8');
    // The rows, with the figures of the JSON: the chmod row is −300 B off.
    assert.match(page, /<tr class="k-instruction"><td class="num">5<\/td><td class="num">5<\/td><td class="num"><span class="size c-exact" title="2,100 bytes">2\.1 KiB<\/span><\/td><td class="num" title="2,400 bytes">2\.3 KiB<\/td><td class="num" title="-300 bytes">−300 B<\/td><td class="num">−12\.5 %<\/td><td><code>RUN chmod -R 755 \/srv\/app<\/code><\/td><\/tr>/);
    assert.match(page, /<tr class="k-base"><td class="num">0<\/td><td class="num">–<\/td><td><\/td><td class="num" title="9,300 bytes">9\.1 KiB<\/td>/);
    fs.mkdirSync(path.join(repoRoot, 'test-output'), { recursive: true });
    fs.copyFileSync(path.join(work, 'report.html'), path.join(repoRoot, 'test-output', 'image-compare.html'));
  });

  it('--format html in Chromium: no request, no console error, the comparison table readable (screenshot in test-output/)', async function () {
    requireChromium(this);
    const file = path.join(work, 'shot.html');
    const r = runCli(['image', '--format', 'html', '-o', file, '--dockerfile', 'Dockerfile', '--context', '.', 'missing-oci'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    const browser = await launchChromium({ width: 1100, height: 800 });
    try {
      const page = await browser.context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (q) => requests.push(q.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [pathToFileURL(file).href]);
      const rows = await page.$$eval('#comparison tbody tr', (els) => (els as unknown as DomElement[]).map((e) => e.getAttribute('class') ?? ''));
      assert.deepEqual(rows.slice(0, 10), ['k-base', 'k-base', 'k-instruction', 'k-instruction', 'k-instruction', 'k-instruction', 'k-instruction', 'k-missing', 'k-instruction', 'k-instruction']);
      fs.mkdirSync(path.join(repoRoot, 'test-output'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, 'test-output', 'image-compare.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('--help documents --dockerfile', function () {
    const r = runCli(['image', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--dockerfile FILE/);
    assert.match(r.stdout, /--context DIR/);
  });
});

describe('compare: alignment and arithmetic (pure)', function () {
  before(async () => {
    await prepareLinter();
  });

  const simOf = (text: string) => {
    const model = buildModel(text, {});
    return { model, sim: simulate(model, { context: null }) };
  };

  it('relative error: 0/0 is 0, x/0 is null, signs kept', function () {
    assert.equal(relativeError(0, 0), 0);
    assert.equal(relativeError(5, 0), null);
    assert.equal(relativeError(90, 100), -0.1);
    assert.equal(relativeError(150, 100), 0.5);
    assert.equal(signedPercent(null), 'n/a');
    assert.equal(signedPercent(-0.125), '−12.5 %');
    assert.equal(signedPercent(-0.000092), '−0.0092 %');
    assert.equal(signedPercent(0.001), '+0.1 %');
    assert.equal(signedBytes(2048), '+2.0 KiB');
    assert.equal(predictedText(0, 'unknown'), '?');
    assert.equal(predictedText(2048, 'unknown'), '2.0 KiB+?');
    assert.equal(predictedText(2048, 'estimated'), '~2.0 KiB');
  });

  it('a history without texts (the analyser could not pair it): layers line up with layer-writing instructions', function () {
    const { sim } = simOf('FROM debian:bookworm-slim\nENV A=1\nRUN echo a > /a\nLABEL x=y\nRUN echo b > /b\n');
    const steps = matchHistory(historyInstructions(sim), [{ createdBy: '', emptyLayer: false }, { createdBy: '', emptyLayer: false }, { createdBy: '', emptyLayer: false }], { baseAllowed: true });
    assert.deepEqual(
      steps.map((s) => [s.kind, 'index' in s ? s.index : null, 'layer' in s ? s.layer.line : null]),
      [['base', 0, null], ['missing', null, 2], ['pair', 1, 3], ['missing', null, 4], ['pair', 2, 5]],
    );
  });

  it('no usable history: sizes decide where the base ends; instructions without a layer are not problems', function () {
    // COPY of a known 5-byte file, a WORKDIR (BuildKit: a layer; buildah: none) and an ENV, over a one-layer base.
    const dir = tempTree({ a: 'aaaaa' }, 'layerlint-textless-');
    const model = buildModel('FROM debian:bookworm-slim\nCOPY a /a\nWORKDIR /w\nENV X=1\n', {});
    const sim = simulate(model, { context: readContext(dir, { dockerfile: null }) });
    const layers = [
      { createdBy: '', emptyLayer: false, bytes: 1000 },
      { createdBy: '', emptyLayer: false, bytes: 5 },
    ];
    const c = compareWithImage(model, sim, layers);
    assert.deepEqual(c.rows.map((r) => [r.kind, r.historyIndex, r.line]), [['base', 0, null], ['instruction', 1, 2], ['missing', null, 3], ['missing', null, 4]]);
    assert.deepEqual(c.problems, ['the image has no usable history (no texts, one entry per layer): layers were lined up by order and size, not by instruction']);
    assert.equal(c.status, 'partial');
    // A third layer that fits the WORKDIR (BuildKit made one): it pairs.
    const c3 = compareWithImage(model, sim, [...layers, { createdBy: '', emptyLayer: false, bytes: 0 }]);
    assert.deepEqual(c3.rows.map((r) => [r.kind, r.historyIndex, r.line]), [['base', 0, null], ['instruction', 1, 2], ['instruction', 2, 3], ['missing', null, 4]]);
  });

  it('FROM scratch: leading entries are not a base, they are extra', function () {
    const { model, sim } = simOf('FROM scratch\nCOPY a /a\n');
    const c = compareWithImage(model, sim, [
      { createdBy: 'ADD rootfs / # buildkit', emptyLayer: false, bytes: 10 },
      { createdBy: 'COPY a /a # buildkit', emptyLayer: false, bytes: 5 },
    ]);
    assert.deepEqual(c.rows.map((r) => r.kind), ['extra', 'instruction']);
    assert.equal(c.status, 'partial');
    assert.equal(c.base.actualBytes, 0);
    assert.equal(c.added.actualBytes, 15);
    assert.match(c.problems.join('\n'), /FROM scratch/);
  });

  it('a wrong Dockerfile: an instruction the history lacks, or a keyword mismatch, is flagged, not hidden', function () {
    // ENV may be a base entry (base images have them), so COPY is the one without an entry.
    const a = simOf('FROM debian:bookworm-slim\nCOPY a /a\nRUN echo b > /b\n');
    const c1 = compareWithImage(a.model, a.sim, [
      { createdBy: 'base', emptyLayer: false, bytes: 100 },
      { createdBy: 'ENV X=1', emptyLayer: true, bytes: 0 },
      { createdBy: 'RUN /bin/sh -c echo b > /b # buildkit', emptyLayer: false, bytes: 2 },
    ]);
    assert.equal(c1.status, 'partial');
    assert.deepEqual(c1.rows.map((r) => r.kind), ['base', 'base', 'missing', 'instruction']);
    assert.deepEqual(c1.problems, ['1 instruction (line 2) has no history entry']);
    // In the middle, a pair of other keywords costs less than an entry and an instruction left alone.
    const b = simOf('FROM debian:bookworm-slim\nRUN echo a > /a\nCOPY a /a\nRUN echo b > /b\n');
    const c2 = compareWithImage(b.model, b.sim, [
      { createdBy: 'base', emptyLayer: false, bytes: 100 },
      { createdBy: 'RUN /bin/sh -c echo a > /a # buildkit', emptyLayer: false, bytes: 2 },
      { createdBy: 'ENV X=1', emptyLayer: true, bytes: 0 },
      { createdBy: 'RUN /bin/sh -c echo b > /b # buildkit', emptyLayer: false, bytes: 2 },
    ]);
    assert.equal(c2.status, 'partial');
    assert.deepEqual(c2.rows.map((r) => [r.kind, r.line, r.keywordMismatch]), [['base', null, false], ['instruction', 2, false], ['instruction', 3, true], ['instruction', 4, false]]);
    assert.equal(c2.matched.instructions, 2);
    assert.deepEqual(c2.problems, ['1 history entry (#2) names another instruction than the line it is lined up with']);
  });

  it('no stage at all: every entry is extra, nothing predicted', function () {
    const { model, sim } = simOf('# nothing here\n');
    const c = compareWithImage(model, sim, [{ createdBy: 'x', emptyLayer: false, bytes: 7 }]);
    assert.deepEqual(c.rows.map((r) => r.kind), ['extra']);
    assert.equal(c.status, 'partial');
    assert.equal(c.total.predictedBytes, 0);
  });
});
