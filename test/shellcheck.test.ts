import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../src/engine/api';
import { lintText, prepareLinter } from '../src/engine/lint';
import { collectScripts, resetShellcheckCache, runShellcheck, ScriptResultCache, type ShellcheckOptions } from '../src/engine/shellcheck';
import { buildModel } from '../src/model/build';
import { main } from '../src/cli/main';
import { requireShellcheck } from './helpers/shellcheck';

async function sc(text: string, opts: ShellcheckOptions = {}): Promise<Finding[]> {
  const model = buildModel(text);
  const r = await runShellcheck(model, opts);
  assert.equal(r.skipped, null, r.error);
  return r.findings;
}

function at(findings: Finding[], code: string): string[] {
  return findings.filter((f) => f.rule === code).map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

describe('ShellCheck pass', () => {
  before(async () => {
    await prepareLinter();
  });

  describe('without the binary', () => {
    it('reports the pass as skipped, never as a failure', async () => {
      const r = await runShellcheck(buildModel('FROM alpine:3.20\nRUN echo $x\n'), { binary: null });
      assert.equal(r.skipped, 'missing');
      assert.deepEqual(r.findings, []);
    });

    it('is off with `shellcheck: false` in config', async () => {
      const r = await runShellcheck(buildModel('FROM alpine:3.20\nRUN echo $x\n'), { config: { shellcheck: false } });
      assert.equal(r.skipped, 'disabled');
    });

    it('builds one script per shell-form RUN with a shebang from SHELL and exports for the names in scope', () => {
      const model = buildModel('ARG G=1\nFROM alpine:3.20 AS a\nARG A=1\nENV E=2\nRUN echo $A\nSHELL ["/bin/bash", "-c"]\nRUN echo $E\nRUN ["echo", "exec form is skipped"]\nONBUILD RUN echo on\n');
      const units = collectScripts(model);
      assert.equal(units.length, 3);
      const [first, second, third] = units;
      assert.ok(first.text.startsWith('#!/bin/sh\n'));
      assert.ok(first.text.includes('export A=1\n'));
      assert.ok(first.text.includes('export HTTP_PROXY=1\n'));
      assert.ok(!first.text.includes('export G=1\n'), 'a global ARG is not visible in the stage');
      assert.ok(first.text.endsWith('echo $A\n'));
      assert.ok(second.text.startsWith('#!/bin/bash\n'));
      assert.ok(second.text.includes('export E=1\n'));
      assert.ok(third.text.endsWith('echo on\n'));
    });

    it('skips non-POSIX shells: SHELL pwsh/cmd and the hadolint shell pragma', () => {
      assert.equal(collectScripts(buildModel('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["pwsh", "-Command"]\nRUN Write-Host $env:X\n')).length, 0);
      assert.equal(collectScripts(buildModel('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["cmd", "/S", "/C"]\nRUN echo %X%\n')).length, 0);
      assert.equal(collectScripts(buildModel('# hadolint shell=powershell\nFROM example.org/base:1\nRUN Write-Host hi\n')).length, 0);
      assert.equal(collectScripts(buildModel('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN mkdir c:\\data\n')).length, 0, 'Windows default shell is cmd');
      assert.equal(collectScripts(buildModel('# escape=`\nFROM example.org/win:1\nRUN dir\n')).length, 0, 'backtick escape means Windows');
    });

    it('skips heredoc scripts with a non-shell shebang', () => {
      assert.equal(collectScripts(buildModel('FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint("hi")\nEOF\n')).length, 0);
      assert.equal(collectScripts(buildModel('FROM alpine:3.20\nRUN <<EOF\n#!/bin/bash\necho hi\nEOF\n'))[0].text.split('\n')[0], '#!/bin/bash');
    });
  });

  describe('with shellcheck installed', () => {
    before(function () {
      requireShellcheck(this);
    });

    it('maps findings to the exact Dockerfile line and column across continuations', async () => {
      const text = 'FROM alpine:3.20\nRUN echo start \\\n    && echo $foo \\\n\t&& echo `date`\n';
      const f = await sc(text);
      assert.deepEqual(at(f, 'SC2086'), ['3:13-3:17']);
      assert.deepEqual(at(f, 'SC2154'), ['3:13-3:17']);
      assert.deepEqual(at(f, 'SC2006'), ['4:10-4:16']);
      assert.equal(f.find((x) => x.rule === 'SC2006')?.severity, 'style');
      assert.equal(f.find((x) => x.rule === 'SC2154')?.severity, 'warning');
      assert.equal(f.find((x) => x.rule === 'SC2086')?.severity, 'info');
    });

    it('maps findings inside continuation comment lines and heredoc bodies', async () => {
      const text = 'FROM alpine:3.20\nRUN echo a \\\n# a comment line is dropped from the script\n  && echo $one\nRUN <<EOF\nset -e\necho $two\nEOF\nRUN cat <<EOF > /x && echo $three\nbody $four\nEOF\n';
      const f = await sc(text);
      assert.deepEqual(at(f, 'SC2154'), ['4:11-4:15', '7:6-7:10', '9:28-9:34', '10:6-10:11']);
    });

    it('checks ONBUILD RUN and knows ARG/ENV names in scope', async () => {
      const text = 'FROM alpine:3.20\nARG dir=/x\nENV home=/h\nRUN echo "$dir" "$home" "$nope"\nONBUILD RUN echo $later\n';
      const f = await sc(text);
      assert.deepEqual(at(f, 'SC2154'), ['4:26-4:31', '5:18-5:24']);
    });

    it('honours inline pragmas, config and --ignore for SC codes', async () => {
      const text = 'FROM alpine:3.20\n# hadolint ignore=SC2086\nRUN echo $a\nRUN echo $b\n';
      assert.deepEqual(at(await sc(text), 'SC2086'), ['4:10-4:12']);
      assert.deepEqual(at(await sc(text, { config: { rules: { SC2086: 'off' } } }), 'SC2086'), []);
      assert.deepEqual(at(await sc(text, { ignore: ['SC2086'] }), 'SC2086'), []);
      assert.deepEqual(at(await sc(text, { ignore: ['sc2154'] }), 'SC2154'), []);
      const raised = await sc(text, { config: { rules: { SC2086: 'error' } } });
      assert.equal(raised.find((x) => x.rule === 'SC2086')?.severity, 'error');
      assert.deepEqual(at(await sc('FROM alpine:3.20\n# layerlint ignore-file=SC2154\nRUN echo "$a"\n'), 'SC2154'), []);
    });

    it('hands scripts over on stdin: nothing is written to the temporary folder, identical scripts are checked once', async () => {
      // A temporary folder that cannot be written: any script file would make the pass fail.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-sc-test-'));
      const saved = process.env.TMPDIR;
      process.env.TMPDIR = path.join(tmp, 'missing');
      try {
        const text = 'FROM alpine:3.20\n' + Array.from({ length: 12 }, (_, i) => `RUN echo $v${i % 6}\n`).join('');
        const f = await sc(text);
        assert.equal(at(f, 'SC2154').length, 12, 'each RUN reports its own finding, duplicates included');
        assert.deepEqual(fs.readdirSync(tmp), []);
        assert.equal(os.tmpdir(), path.join(tmp, 'missing'));
      } finally {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });

    it('never reports the excluded codes SC1090, SC1091 and SC2187', async () => {
      const f = await sc('FROM alpine:3.20\nRUN . /etc/profile.d/x.sh && . "$HOME/y"\n');
      assert.deepEqual(f.filter((x) => ['SC1090', 'SC1091', 'SC2187'].includes(x.rule)), []);
    });

    it('with a result cache, checks only scripts it has not seen, and gives the same findings', async () => {
      const cache = new ScriptResultCache();
      const v1 = 'FROM alpine:3.20\nRUN echo $a\nRUN echo `date`\nRUN echo $a\n';
      const v2 = 'FROM alpine:3.20\n# a line above shifts every position\nRUN echo $a\nRUN echo `date`\nRUN echo $b && ls $a\n';
      const fresh1 = await sc(v1);
      assert.deepEqual(await sc(v1, { cache }), fresh1);
      assert.equal(cache.size, 2, 'two distinct scripts');
      // Every script of v1 is cached: no ShellCheck process is needed (a missing binary path would fail the run).
      assert.deepEqual(await sc(v1, { cache, binary: '/nonexistent/shellcheck' }), fresh1);
      assert.deepEqual(await sc(v2, { cache }), await sc(v2), 'cached and checked scripts mix, positions mapped afresh');
      assert.equal(cache.size, 3);
    });

    it('an aborted run kills ShellCheck, reports an error and caches nothing', async () => {
      const cache = new ScriptResultCache();
      const a = new AbortController();
      const run = runShellcheck(buildModel('FROM alpine:3.20\nRUN echo $a\n'), { cache, signal: a.signal });
      a.abort();
      const r = await run;
      assert.equal(r.skipped, 'error');
      assert.deepEqual(r.findings, []);
      assert.equal(cache.size, 0);
    });

    it('runs in the CLI after the fast pass and merges findings in document order', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-sc-cli-'));
      try {
        const file = path.join(dir, 'Dockerfile');
        fs.writeFileSync(file, 'FROM alpine:3.20\nRUN echo $x\nWORKDIR app\n');
        let out = '';
        let err = '';
        const sink = (fn: (s: string) => void): Writable => new Writable({ write(chunk: Buffer, _e, cb) { fn(chunk.toString()); cb(); } });
        const code = await main(['-f', 'json', file], { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, isTTY: false, cwd: dir });
        assert.equal(code, 1);
        assert.equal(err, '');
        assert.ok(out.includes('SC2154'), out);
        const lintOnly = lintText(fs.readFileSync(file, 'utf8'));
        assert.ok(!lintOnly.findings.some((f) => f.rule.startsWith('SC')), 'the fast pass has no SC findings');
        let skippedOut = '';
        assert.equal(await main(['-f', 'json', '--no-shellcheck', file], { stdout: sink((s) => (skippedOut += s)), stderr: sink((s) => (err += s)), env: {}, isTTY: false, cwd: dir }), 1);
        assert.ok(!skippedOut.includes('"SC'), skippedOut);
        assert.ok(skippedOut.includes('"rule"'), 'the other rules still ran');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('CLI without the binary', () => {
    it('prints one notice per run and still lints', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-sc-none-'));
      const savedPath = process.env.PATH;
      try {
        for (const n of ['a', 'b']) fs.writeFileSync(path.join(dir, `${n}.Dockerfile`), 'FROM alpine:3.20\nRUN echo $x\n');
        process.env.PATH = dir;
        resetShellcheckCache();
        let out = '';
        let err = '';
        const sink = (fn: (s: string) => void): Writable => new Writable({ write(chunk: Buffer, _e, cb) { fn(chunk.toString()); cb(); } });
        const code = await main(['-f', 'json', path.join(dir, 'a.Dockerfile'), path.join(dir, 'b.Dockerfile')], { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {}, isTTY: false, cwd: dir });
        assert.ok(code === 0 || code === 1);
        assert.equal(err.split('\n').filter((l) => l.includes('shellcheck')).length, 1, err);
        assert.ok(!out.includes('SC2154'));
      } finally {
        process.env.PATH = savedPath;
        resetShellcheckCache();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
