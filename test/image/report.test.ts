/** The pure parts: report building from entries, JSON, the text table and the CI gates. */
import * as assert from 'node:assert/strict';
import { buildReport, checkGates, imageReportJson, renderImageTable } from '../../src/image';
import type { ImageReport } from '../../src/image';
import { alignHistory, layerStats } from '../../src/image/analyze';
import type { LayerEntry } from '../../src/image/types';

const MiB = 1024 * 1024;
const f = (name: string, size: number): LayerEntry => ({ name, type: '0', size });
const d = (name: string): LayerEntry => ({ name, type: '5', size: 0 });

/** COPY 3 MiB, chmod it in a later RUN, and delete a 1 MiB file: the c1 example plus a delete. */
function sample(): ImageReport {
  return buildReport(
    [
      { createdBy: 'FROM scratch base', emptyLayer: false },
      { createdBy: 'ENV A=1', emptyLayer: true },
      { createdBy: 'COPY tool /app/tool # buildkit', emptyLayer: false },
      { createdBy: 'RUN chmod +x /app/tool && rm /base/blob # buildkit', emptyLayer: false },
    ],
    [[d('base'), f('base/blob', MiB), f('base/keep', 100)], [d('app'), f('app/tool', 3 * MiB)], [d('app'), f('app/tool', 3 * MiB), f('base/.wh.blob', 0)]],
  );
}

describe('image/report: building', function () {
  it('per-layer bytes and counts follow the history, empty entries included', function () {
    const r = sample();
    assert.deepEqual(
      r.layers.map((l) => [l.index, l.emptyLayer, l.bytes, l.files, l.dirs, l.whiteouts]),
      [
        [0, false, MiB + 100, 2, 1, 0],
        [1, true, 0, 0, 0, 0],
        [2, false, 3 * MiB, 1, 1, 0],
        [3, false, 3 * MiB, 1, 1, 1],
      ],
    );
    assert.equal(r.totalBytes, 7 * MiB + 100);
    assert.equal(r.wastedBytes, 4 * MiB);
    assert.deepEqual(r.wastedPaths, [
      { path: '/app/tool', bytes: 3 * MiB, addedIn: 2, removedOrReplacedIn: 3 },
      { path: '/base/blob', bytes: MiB, addedIn: 0, removedOrReplacedIn: 3 },
    ]);
    // dive: both copies of /app/tool (6 MiB) plus the deleted file (1 MiB)
    assert.equal(r.dive.wastedBytes, 7 * MiB);
    assert.equal(r.dive.wastedUserPercent, (7 * MiB) / (6 * MiB));
    // leaves: /base/blob (1 MiB, then a file whiteout worth 0), /base/keep, /app/tool twice (min 3 MiB)
    assert.equal(r.dive.efficiency, (3 * MiB + 100) / (7 * MiB + 100));
  });

  it('content bytes: hardlinks, symlinks, dirs and whiteouts weigh what their header says (0 in practice)', function () {
    assert.deepEqual(layerStats([f('a', 5), d('b'), { name: 'c', type: '2', size: 0 }, { name: 'h', type: '1', size: 0 }, f('x/.wh.y', 0), f('x/.wh..wh..opq', 0)]), { bytes: 5, files: 3, dirs: 1, whiteouts: 2 });
  });

  it('aligns history with layers, or gives one row per layer when it cannot', function () {
    assert.deepEqual(alignHistory([{ createdBy: 'a', emptyLayer: false }, { createdBy: 'b', emptyLayer: true }, { createdBy: 'c', emptyLayer: false }], 2).map((r) => r.layer), [0, null, 1]);
    assert.deepEqual(alignHistory(null, 2), [
      { index: 0, createdBy: '', layer: 0 },
      { index: 1, createdBy: '', layer: 1 },
    ]);
    assert.deepEqual(alignHistory([{ createdBy: 'a', emptyLayer: false }], 2).map((r) => r.createdBy), ['', '']);
  });

  it('writes versioned JSON with a fixed key order', function () {
    const r = sample();
    const text = imageReportJson(r);
    const back = JSON.parse(text) as ImageReport;
    assert.deepEqual(back, r);
    assert.deepEqual(Object.keys(back), ['version', 'layers', 'totalBytes', 'wastedBytes', 'wastedPaths', 'dive']);
    assert.deepEqual(Object.keys(back.layers[0] as object), ['index', 'createdBy', 'emptyLayer', 'bytes', 'files', 'dirs', 'whiteouts']);
    assert.deepEqual(Object.keys(back.dive), ['wastedBytes', 'efficiency', 'wastedUserPercent']);
    assert.equal(back.version, 1);
    const reordered = { ...r, dive: { wastedUserPercent: r.dive.wastedUserPercent, efficiency: r.dive.efficiency, wastedBytes: r.dive.wastedBytes } };
    assert.equal(imageReportJson(reordered), text);
  });
});

describe('image/format: the text table', function () {
  it('renders layers, totals, wasted paths and dive figures', function () {
    const text = renderImageTable(sample());
    assert.equal(
      text,
      [
        '#     SIZE  FILES  COMMAND',
        '0  1.0 MiB      2  FROM scratch base',
        '1        -      -  ENV A=1 (no layer)',
        '2  3.0 MiB      1  COPY tool /app/tool # buildkit',
        '3  3.0 MiB      1  RUN chmod +x /app/tool && rm /base/blob # buildkit',
        '',
        'Total: 7,340,132 B (7.0 MiB) in 3 layers',
        'Wasted: 4,194,304 B (4.0 MiB) = 57.14 % of the image, in copies the final image cannot see',
        '     SIZE  ADDED  HIDDEN BY  PATH',
        '  3.0 MiB      2          3  /app/tool',
        '  1.0 MiB      0          3  /base/blob',
        'dive: efficiency 42.86 %, wasted 7,340,032 B (7.0 MiB), 116.67 % of user bytes',
        '',
      ].join('\n'),
    );
  });

  it('cuts long commands, lists only the largest paths, and leaves no trailing spaces', function () {
    const r = sample();
    r.layers[3] = { ...(r.layers[3] as ImageReport['layers'][number]), createdBy: 'RUN ' + 'apt-get install -y thing\n  && '.repeat(10) };
    const text = renderImageTable(r, { maxPaths: 1, commandWidth: 30 });
    assert.match(text, /RUN apt-get install -y thing…\n/);
    assert.match(text, / {2}… and 1 more\n/);
    for (const line of text.split('\n')) assert.equal(line, line.trimEnd());
  });
});

describe('image/gates: dive-style CI checks', function () {
  const r = sample(); // dive: wasted 7 MiB, efficiency (3 MiB + 100) / (7 MiB + 100), user percent 1.1667; hidden: 4 MiB

  it('passes with no gates, and at exactly the limits (comparisons are strict, as in dive)', function () {
    assert.deepEqual(checkGates(r, {}), { ok: true, failures: [] });
    assert.equal(checkGates(r, { maxWastedBytes: 7 * MiB, minEfficiency: r.dive.efficiency }).ok, true);
    assert.equal(checkGates(r, { maxWastedBytes: 4 * MiB, maxWastedFraction: 4 / 6, basis: 'hidden' }).ok, true);
    assert.equal(checkGates(r, { maxWastedBytes: 7 * MiB - 1 }).ok, false);
  });

  it('fails each rule with a message saying what and by how much', function () {
    const g = checkGates(r, { maxWastedBytes: MiB, maxWastedFraction: 0.1, minEfficiency: 0.9 });
    assert.equal(g.ok, false);
    assert.deepEqual(g.failures, [
      "wasted bytes (dive's count): 7,340,032 B (7.0 MiB) is more than the limit of 1,048,576 B (1.0 MiB)",
      "wasted bytes (dive's count) are 116.67 % of the bytes above the first layer, more than the limit of 10.00 %",
      "efficiency (dive's score): 42.86 % is below the minimum of 90.00 %",
    ]);
  });

  it("measures layerlint's hidden-copy waste when asked", function () {
    assert.equal(checkGates(r, { maxWastedBytes: 5 * MiB, basis: 'hidden' }).ok, true);
    assert.deepEqual(checkGates(r, { maxWastedBytes: 3 * MiB, maxWastedFraction: 0.5, basis: 'hidden' }).failures, [
      'wasted bytes (hidden copies): 4,194,304 B (4.0 MiB) is more than the limit of 3,145,728 B (3.0 MiB)',
      'wasted bytes (hidden copies) are 66.67 % of the bytes above the first layer, more than the limit of 50.00 %',
    ]);
  });

  it('a one-layer image has no user bytes: the fraction gate passes, as NaN does in dive', function () {
    const one = buildReport([{ createdBy: 'x', emptyLayer: false }], [[f('a', 10)]]);
    assert.equal(one.dive.wastedUserPercent, null);
    assert.equal(checkGates(one, { maxWastedFraction: 0 }).ok, true);
    assert.equal(checkGates(one, { maxWastedFraction: 0, basis: 'hidden' }).ok, true);
  });

  it('rejects thresholds that make no sense', function () {
    assert.throws(() => checkGates(r, { minEfficiency: 90 }), /minEfficiency must be a ratio between 0 and 1, got 90/);
    assert.throws(() => checkGates(r, { maxWastedFraction: -0.1 }), /maxWastedFraction must be a ratio/);
    assert.throws(() => checkGates(r, { maxWastedBytes: Number.NaN }), /maxWastedBytes must be a non-negative number/);
  });
});
