import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/shared';

describe('npm pack', function () {
  this.timeout(180000);

  it('produces a tarball that installs and runs `layerlint --version` and lints a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-pack-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
    const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    const files = info[0].files.map((f) => f.path);
    assert.ok(files.includes('dist/data/tree-sitter-bash.wasm'), 'the shell grammar ships in the package');
    assert.ok(files.includes('schema/layerlint.schema.json'));
    assert.ok(!files.some((f) => f.startsWith('dist/test/')), 'tests are not shipped');
    const tarball = path.join(dir, info[0].filename);
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
    // Install from the local npm cache where possible: the registry is reachable, but a fast test prefers the cache.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
    const bin = path.join(app, 'node_modules', '.bin', 'layerlint');
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version, pkg.version);
    fs.writeFileSync(path.join(app, 'Dockerfile'), 'FROM alpine:3.20\nRUN cd /tmp\n');
    let code = 0;
    let stdout: string;
    try {
      stdout = execFileSync(bin, ['--format', 'json', 'Dockerfile'], { cwd: app, encoding: 'utf8' });
    } catch (err) {
      const e = err as { status: number; stdout: string };
      code = e.status;
      stdout = e.stdout;
    }
    assert.equal(code, 1);
    assert.ok((JSON.parse(stdout) as { files: { findings: { rule: string }[] }[] }).files[0].findings.some((f) => f.rule === 'run-cd'));
  });
});
