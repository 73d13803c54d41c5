/**
 * Small committed images with their expected JSON and table, for CLI tests and for trying
 * `layerlint image` by hand. The same image is stored as a docker save tarball and as an OCI archive.
 * UPDATE_IMAGE_FIXTURES=1 rewrites them from the builders below; otherwise the test only reads them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeImage, imageReportJson, renderImageTable } from '../../src/image';
import type { HistorySpec } from './helpers/tarbuild';
import { buildImage, dir, dockerArchive, file, hardlink, symlink, tarOfDirectory, whiteout, writeOciLayout } from './helpers/tarbuild';
import { assertAgrees, requireGroundTruth, runGroundTruth } from './helpers/groundtruth';
import { fixturePath } from '../helpers/shared';

const NAME = 'copy-chmod-rm';

/** A base layer, a COPY, a chmod (copy-up), a deleted cache directory, and config-only steps between. */
const ITEMS: HistorySpec[] = [
  { layer: [dir('bin'), file('bin/busybox', 20_000), hardlink('bin/sh', 'bin/busybox'), dir('etc'), file('etc/passwd', 120), symlink('etc/mtab', '/proc/mounts')], createdBy: 'base: busybox', gzip: true },
  { empty: 'ENV APP=/app' },
  { layer: [dir('app'), file('app/tool', 3072), dir('root'), dir('root/.cache'), file('root/.cache/blob', 5000)], createdBy: 'COPY . /app # buildkit', gzip: true },
  { layer: [dir('app'), file('app/tool', 3072, 0o755)], createdBy: 'RUN /bin/sh -c chmod +x /app/tool # buildkit' },
  { layer: [dir('root'), whiteout('root/.cache')], createdBy: 'RUN /bin/sh -c rm -rf /root/.cache # buildkit' },
  { empty: 'CMD ["/app/tool"]' },
];

describe('image fixtures', function () {
  const dirPath = fixturePath('image');
  const dockerTar = path.join(dirPath, `${NAME}.docker.tar`);
  const ociTar = path.join(dirPath, `${NAME}.oci.tar`);
  const expectedJson = path.join(dirPath, `${NAME}.expected.json`);
  const expectedTable = path.join(dirPath, `${NAME}.expected.txt`);

  before(async function () {
    if (process.env['UPDATE_IMAGE_FIXTURES'] !== '1') return;
    const image = buildImage(ITEMS);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-fixture-'));
    try {
      writeOciLayout(path.join(tmp, 'oci'), [{ image, refName: 'example:1' }]);
      fs.mkdirSync(dirPath, { recursive: true });
      fs.writeFileSync(ociTar, tarOfDirectory(path.join(tmp, 'oci')));
      fs.writeFileSync(dockerTar, dockerArchive([{ image, repoTags: ['example:1'] }]));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    const report = await analyzeImage(ociTar);
    fs.writeFileSync(expectedJson, imageReportJson(report));
    fs.writeFileSync(expectedTable, renderImageTable(report));
  });

  it('the docker save tarball and the OCI archive give the expected report and table', async function () {
    for (const input of [dockerTar, ociTar]) {
      const report = await analyzeImage(input);
      assert.equal(imageReportJson(report), fs.readFileSync(expectedJson, 'utf8'), input);
      assert.equal(renderImageTable(report), fs.readFileSync(expectedTable, 'utf8'), input);
    }
  });

  it('the expected report agrees with the ground truth', async function () {
    const analyzeJs = requireGroundTruth(this);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-fixture-gt-'));
    try {
      writeOciLayout(tmp, [{ image: buildImage(ITEMS), refName: 'example:1' }]);
      assertAgrees(await analyzeImage(ociTar), runGroundTruth(analyzeJs, tmp), NAME);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
