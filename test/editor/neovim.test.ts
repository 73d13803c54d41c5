import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { tempTree } from '../helpers/cli-inprocess';
import { needProgram } from '../helpers/programs';
import { fixturePath, repoRoot } from '../helpers/shared';

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  message: string;
  source: string;
  code: string;
}

interface NvimReport {
  client_started: boolean;
  filetype: string;
  first: NvimDiagnostic[];
  hover?: string;
  actions?: string[];
  fixed?: boolean;
  after?: NvimDiagnostic[];
  lines: string[];
}

/** vim.diagnostic severities: 1 error, 2 warning, 3 info, 4 hint. */
const NVIM_SEVERITY = { error: 1, warning: 2, info: 3, style: 4 };

describe('end to end with Neovim (headless, its built-in LSP client)', function () {
  this.timeout(120000);

  it('shows the diagnostics, hovers, and applies a quick fix that Neovim syncs back', async function () {
    needProgram(this, 'nvim', 'Neovim (Debian package neovim, 0.7 on bookworm) is the editor of the end-to-end test');
    await prepareLinter();
    const text = fs.readFileSync(fixturePath('editor', 'Dockerfile'), 'utf8');
    const dir = tempTree({ 'Dockerfile': text, 'state/.keep': '', 'cache/.keep': '', 'data/.keep': '', 'config/.keep': '' }, 'layerlint-nvim-');
    const out = path.join(dir, 'out.json');
    const t0 = Date.now();
    const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(repoRoot, 'test', 'editor', 'nvim-init.lua'), 'Dockerfile'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90000,
      env: {
        ...process.env,
        XDG_STATE_HOME: path.join(dir, 'state'),
        XDG_CACHE_HOME: path.join(dir, 'cache'),
        XDG_DATA_HOME: path.join(dir, 'data'),
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        LAYERLINT_NODE: process.execPath,
        LAYERLINT_BIN: path.join(repoRoot, 'bin', 'layerlint.js'),
        LAYERLINT_OUT: out,
      },
    });
    console.log(`      (nvim start → diagnostics, hover, quick fix, re-lint → quit: ${Date.now() - t0} ms)`);
    assert.equal(r.status, 0, `nvim: ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimReport;
    assert.equal(report.filetype, 'dockerfile');
    assert.equal(report.client_started, true);

    // What Neovim shows is exactly what the engine finds (0-based lines and columns in Neovim).
    const want = lintText(text).findings.map((f) => ({ lnum: f.range.start.line - 1, col: f.range.start.column - 1, end_lnum: f.range.end.line - 1, end_col: f.range.end.column - 1, severity: NVIM_SEVERITY[f.severity], code: f.rule, source: 'layerlint' }));
    assert.ok(want.length >= 3);
    assert.deepEqual(report.first.map(({ message: _m, ...rest }) => rest), want);

    assert.match(report.hover ?? '', /^\*\*RUN\*\* \(stage 0\) creates a filesystem layer\./);
    assert.deepEqual(report.actions?.slice(0, 3), [
      "Fix: Command 'run' should match the case of the other instructions (upper case)",
      'Ignore consistent-instruction-casing for this instruction',
      'Ignore consistent-instruction-casing for this file',
    ]);
    // Neovim applied the fix to its buffer, sent the change, and got fresh diagnostics without that finding.
    assert.equal(report.fixed, true);
    assert.equal(report.lines[2], 'RUN apt-get update');
    const fixedText = report.lines.join('\n') + '\n';
    assert.deepEqual(report.after?.map((d) => d.code), lintText(fixedText).findings.map((f) => f.rule));
    assert.ok(!report.after?.some((d) => d.code === 'consistent-instruction-casing'));
  });
});
