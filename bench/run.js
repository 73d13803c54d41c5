#!/usr/bin/env node
'use strict';
/**
 * layerlint's benchmark (`npm run bench`; not part of `npm test`). Every figure is a median of several runs, and every
 * goal is a ratio against a baseline measured in the same run, interleaved with it, so a loaded machine slows both.
 *
 *   node bench/run.js [--only corpus,cold,lsp,scaling,fuzz] [--runs N] [--fuzz-count N] [--seed S] [--quick]
 *
 * Sections: corpus throughput (vs dockerfilelint 1.8's CLI; dockerfile-utils in-process; ShellCheck apart), peak
 * memory of the corpus run, cold start (vs `node -e 0`), language server latency and memory (when the build has
 * one), scaling with file size, and the mutation fuzzer at 100,000 inputs. Needs `npm run build` first, and the
 * shared corpus beside the repository (../shared/corpus/dockerfiles).
 */
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
/** The build to measure (another worktree's with --root). */
const root = path.resolve(opt('root', path.join(__dirname, '..')));
const quick = args.includes('--quick');
const only = opt('only', 'corpus,cold,lsp,scaling,fuzz').split(',');
const RUNS = Number(opt('runs', quick ? '1' : '3'));
const corpusDir = path.resolve(opt('corpus', path.join(root, '..', 'shared', 'corpus', 'dockerfiles')));
const bin = path.join(root, 'bin', 'layerlint.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-bench-'));
const rows = [];
const notes = [];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
function row(section, what, value, baseline, ratio, goal) {
  rows.push({ section, what, value, baseline: baseline ?? '', ratio: ratio === undefined || ratio === null ? '' : `${ratio.toFixed(2)}×`, goal: goal ?? '' });
  process.stderr.write(`  ${section}: ${what}: ${value}${baseline ? ` (baseline ${baseline})` : ''}${ratio ? ` ${ratio.toFixed(2)}×` : ''}\n`);
}

/** Wall time of a child process (and its peak RSS when GNU time is there). */
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
function timed(cmd, argv, opts = {}) {
  const rssFile = path.join(work, 'rss');
  const useTime = GNU_TIME && opts.rss;
  const full = useTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...argv]] : [cmd, argv];
  // Output goes to a file, as a shell redirect would send it: dockerfilelint exits right after printing, which
  // cuts a large report short on a pipe.
  const outFile = path.join(work, 'stdout');
  const fd = fs.openSync(outFile, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full[1], { cwd: opts.cwd ?? work, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(fd);
  const stdout = fs.readFileSync(outFile, 'utf8');
  let rssKb = null;
  if (useTime) {
    try {
      rssKb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    } catch {
      rssKb = null;
    }
  }
  return { ms, code: r.status, stdout, stderr: r.stderr ?? '', rssKb };
}

function corpusFiles() {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(corpusDir);
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------------------
function benchCorpus() {
  if (!fs.existsSync(corpusDir)) {
    notes.push(`corpus: skipped, ${corpusDir} not found`);
    return;
  }
  const files = corpusFiles();
  // dockerfilelint's CLI dies on the whole run for some files: an empty file ("Invalid input", exit 1) and an
  // exception inside its checks (e.g. HEALTHCHECK without options). Find them with its own library, file by file.
  const dfl = require('dockerfilelint');
  const crashing = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (!text) {
      crashing.push({ f, why: 'empty file' });
      continue;
    }
    try {
      dfl.run(path.dirname(f), text);
    } catch (err) {
      crashing.push({ f, why: String(err && err.message).slice(0, 60) });
    }
  }
  const crashSet = new Set(crashing.map((c) => c.f));
  const kept = files.filter((f) => !crashSet.has(f));
  const why = {};
  for (const c of crashing) why[c.why] = (why[c.why] ?? 0) + 1;
  notes.push(`corpus: ${files.length} files; ${crashing.length} crash dockerfilelint 1.8 and are left out of the comparison (${Object.entries(why).map(([k, v]) => `${v}× ${k}`).join('; ')})`);
  const keptList = path.join(work, 'kept.txt');
  fs.writeFileSync(keptList, kept.join('\n') + '\n');
  const allList = path.join(work, 'all.txt');
  fs.writeFileSync(allList, files.join('\n') + '\n');
  const dflBin = require.resolve('dockerfilelint/bin/dockerfilelint');

  // ShellCheck (run by layerlint when installed, unless the config says `shellcheck: false`) is timed apart.
  const schema = path.join(root, 'schema', 'layerlint.schema.json');
  const canSkipShellcheck = fs.existsSync(schema) && /"shellcheck"\s*:/.test(fs.readFileSync(schema, 'utf8'));
  const noShellcheck = [];
  if (canSkipShellcheck) {
    fs.writeFileSync(path.join(work, 'no-shellcheck.yaml'), 'shellcheck: false\n');
    noShellcheck.push('--config', path.join(work, 'no-shellcheck.yaml'));
  }
  const ll = [];
  const dl = [];
  for (let i = 0; i < RUNS; i++) {
    const a = timed(process.execPath, [bin, '--format', 'json', ...noShellcheck, '--files-from', keptList]);
    let parsed;
    try {
      parsed = JSON.parse(a.stdout);
    } catch {
      parsed = null;
    }
    if (!parsed || parsed.files.length !== kept.length || a.code === 2) throw new Error(`layerlint corpus run failed (exit ${a.code}): ${a.stderr.slice(0, 300)}`);
    ll.push(a.ms);
    const b = timed(process.execPath, [dflBin, '-o', 'json', ...kept]);
    let dparsed;
    try {
      dparsed = JSON.parse(b.stdout);
    } catch {
      dparsed = null;
    }
    if (!dparsed || dparsed.files.length !== kept.length) throw new Error(`dockerfilelint crashed on the kept files (exit ${b.code}): ${b.stderr.slice(0, 300)}`);
    dl.push(b.ms);
  }
  const mLl = median(ll);
  const mDl = median(dl);
  row('corpus', `layerlint --format json, ${kept.length} files, one process`, fmtMs(mLl), `dockerfilelint 1.8 CLI ${fmtMs(mDl)}`, mLl / mDl, '≤ 1.00×');
  row('corpus', 'layerlint per file', fmtMs(mLl / kept.length), `dockerfilelint ${fmtMs(mDl / kept.length)}`, mLl / mDl);
  if (canSkipShellcheck && !quick) {
    const withSc = timed(process.execPath, [bin, '--format', 'json', '--files-from', keptList]);
    row('corpus', `layerlint with its ShellCheck pass on (the default where shellcheck is installed; not in the ratio)`, fmtMs(withSc.ms));
  }
  notes.push(canSkipShellcheck ? 'corpus: the ratio runs layerlint with `shellcheck: false` (a bench config); ShellCheck is timed apart' : 'corpus: this build has no ShellCheck pass');
  const simulation = fs.existsSync(path.join(root, 'dist', 'src', 'simulate'));
  notes.push(`corpus: every rule on${simulation ? ', with the layer simulation (dist/src/simulate exists)' : '; the layer simulation is not in this build (it runs automatically once dist/src/simulate exists, through the normal lint path)'}`);

  // Peak memory: the whole corpus (all files) in one process.
  const all = timed(process.execPath, [bin, '--format', 'json', ...noShellcheck, '--files-from', allList], { rss: true });
  if (all.rssKb) row('memory', `peak RSS, layerlint over all ${files.length} files`, `${Math.round(all.rssKb / 1024)} MB`, null, null, '< 300 MB');
  row('corpus', `layerlint over all ${files.length} files (incl. the ${crashing.length} left out above)`, fmtMs(all.ms));

  // In-process figures: dockerfile-utils' validate, and layerlint's lintText for the same files.
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const du = require('dockerfile-utils');
  const { lintText, prepareLinter } = require(path.join(root, 'dist', 'src', 'engine', 'lint.js'));
  return prepareLinter().then(() => {
    const duT = [];
    const llT = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      for (const t of texts) du.validate(t);
      duT.push(performance.now() - t0);
      t0 = performance.now();
      for (const t of texts) lintText(t);
      llT.push(performance.now() - t0);
    }
    row('corpus', `in-process: layerlint lintText over ${files.length} files`, fmtMs(median(llT)), `dockerfile-utils validate ${fmtMs(median(duT))}`, median(llT) / median(duT));
    benchShellcheck(files, texts);
  });
}

/** ShellCheck over the corpus's RUN scripts, timed apart (it is an external program and not in the ratio). */
function benchShellcheck(files, texts) {
  const which = spawnSync('sh', ['-c', 'command -v shellcheck'], { encoding: 'utf8' });
  const sc = which.status === 0 ? which.stdout.trim() : null;
  if (!sc) {
    notes.push('shellcheck: not installed; not timed');
    return;
  }
  const { buildModel } = require(path.join(root, 'dist', 'src', 'model', 'build.js'));
  const dir = path.join(work, 'scripts');
  fs.mkdirSync(dir, { recursive: true });
  const scripts = [];
  texts.forEach((t, i) => {
    const m = buildModel(t);
    m.instructions.forEach((ins, k) => {
      if (ins.keyword === 'RUN' && ins.script && ins.script.origin !== 'exec') {
        const f = path.join(dir, `${i}-${k}.sh`);
        fs.writeFileSync(f, `#!/bin/sh\n${ins.script.text}\n`);
        scripts.push(f);
      }
    });
  });
  const t0 = performance.now();
  for (let i = 0; i < scripts.length; i += 400) spawnSync(sc, ['-f', 'json1', ...scripts.slice(i, i + 400)], { maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  row('corpus', `ShellCheck alone over the ${scripts.length} RUN scripts of ${files.length} files (not in the ratio)`, fmtMs(ms));
}

// ---------------------------------------------------------------------------------------------------------------
function benchCold() {
  const small = path.join(work, 'Dockerfile');
  fs.writeFileSync(small, 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD ["curl", "--version"]\n');
  const cfgDir = path.join(work, 'with-config');
  fs.mkdirSync(cfgDir, { recursive: true });
  fs.copyFileSync(small, path.join(cfgDir, 'Dockerfile'));
  fs.writeFileSync(path.join(cfgDir, '.layerlint.yaml'), 'failureThreshold: error\nrules:\n  DL3008: off\n');
  const n = quick ? 5 : 11;
  const base = [];
  const plain = [];
  const cfg = [];
  const ver = [];
  for (let i = 0; i < n; i++) {
    base.push(timed(process.execPath, ['-e', '0']).ms);
    plain.push(timed(process.execPath, [bin, small]).ms);
    cfg.push(timed(process.execPath, [bin, path.join(cfgDir, 'Dockerfile')], { cwd: cfgDir }).ms);
    ver.push(timed(process.execPath, [bin, '--version']).ms);
  }
  const b = median(base);
  row('cold start', `layerlint on one small Dockerfile (median of ${n})`, fmtMs(median(plain)), `node -e 0 ${fmtMs(b)}`, median(plain) / b, '≤ 3.00×');
  row('cold start', 'the same with a .layerlint.yaml', fmtMs(median(cfg)), `node -e 0 ${fmtMs(b)}`, median(cfg) / b);
  row('cold start', 'layerlint --version', fmtMs(median(ver)), `node -e 0 ${fmtMs(b)}`, median(ver) / b);
  const bundled = fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'layerlint.cjs'));
  notes.push(`cold start: ${bundled ? 'bundled CLI (dist/src/cli/layerlint.cjs)' : 'unbundled CLI (no dist/src/cli/layerlint.cjs)'}`);
}

// ---------------------------------------------------------------------------------------------------------------
function lspDocument(lines) {
  const { generateDockerfile } = require(path.join(__dirname, '..', 'dist', 'test', 'helpers', 'generate.js'));
  return generateDockerfile(lines, 7);
}

async function benchLsp() {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'lsp'))) {
    row('language server', 'didChange → publishDiagnostics', 'not available (no dist/src/lsp in this build)');
    return;
  }
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = Buffer.alloc(0);
  const waiters = [];
  const onMessage = (msg) => {
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i].match(msg)) {
        const [w] = waiters.splice(i, 1);
        w.resolve(msg);
        return;
      }
    }
  };
  child.stdout.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, sep).toString());
      const len = m ? Number(m[1]) : 0;
      if (buf.length < sep + 4 + len) return;
      const body = buf.subarray(sep + 4, sep + 4 + len).toString('utf8');
      buf = buf.subarray(sep + 4 + len);
      onMessage(JSON.parse(body));
    }
  });
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const wait = (match, ms = 30000) =>
    new Promise((resolve, reject) => {
      const w = { match, resolve };
      waiters.push(w);
      setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) {
          waiters.splice(i, 1);
          reject(new Error('language server did not answer in time'));
        }
      }, ms).unref();
    });
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  };
  try {
    const uri = `file://${path.join(work, 'lsp', 'Dockerfile')}`;
    fs.mkdirSync(path.join(work, 'lsp'), { recursive: true });
    const text = lspDocument(500);
    fs.writeFileSync(new URL(uri), text);
    const init = wait((m) => m.id === 1);
    // The server waits debounceMs after a change before linting (typing bursts): measured here is the work, so 0.
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: `file://${path.join(work, 'lsp')}`, capabilities: {}, initializationOptions: { debounceMs: 0 } } });
    await init;
    send({ method: 'initialized', params: {} });
    const diag = (version) => wait((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (m.params.version === undefined || m.params.version === version));
    let version = 1;
    const first = diag(version);
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dockerfile', version, text } } });
    await first;
    const lines = text.split('\n');
    const edit = async () => {
      version++;
      const k = 200 + (version % 100);
      lines[k] = `RUN echo edit-${version} && apt-get install -y pkg${version}`;
      const p = diag(version);
      const t0 = performance.now();
      send({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ text: lines.join('\n') }] } });
      await p;
      return performance.now() - t0;
    };
    for (let i = 0; i < 50; i++) await edit();
    const rssWarm = rss();
    const lat = [];
    const total = quick ? 200 : 1000;
    for (let i = 0; i < total; i++) lat.push(await edit());
    const rssEnd = rss();
    lat.sort((a, b) => a - b);
    row('language server', `didChange → publishDiagnostics (debounceMs 0), 500-line Dockerfile, ${total} edits after 50 warm-up (median)`, fmtMs(median(lat)), null, null, '< 15 ms');
    row('language server', 'the same, 95th percentile', fmtMs(lat[Math.floor(lat.length * 0.95)]));
    row('language server', `RSS after warm-up → after ${total} edits`, `${rssWarm.toFixed(0)} → ${rssEnd.toFixed(0)} MB`, null, null, 'no growth');
    send({ id: 2, method: 'shutdown' });
    await wait((m) => m.id === 2).catch(() => null);
    send({ method: 'exit' });
  } catch (err) {
    row('language server', 'didChange → publishDiagnostics', `failed: ${err.message}`);
  } finally {
    setTimeout(() => child.kill(), 2000).unref();
  }
}

// ---------------------------------------------------------------------------------------------------------------
async function benchScaling() {
  const { lintText, prepareLinter } = require(path.join(root, 'dist', 'src', 'engine', 'lint.js'));
  const { clearShellCache } = require(path.join(root, 'dist', 'src', 'parse', 'shell.js'));
  const { generateDockerfile } = require(path.join(__dirname, '..', 'dist', 'test', 'helpers', 'generate.js'));
  await prepareLinter();
  for (let i = 0; i < 3; i++) lintText(generateDockerfile(2000, 99));
  const sizes = quick ? [100, 1000, 10000] : [100, 1000, 10000, 100000];
  const reps = { 100: 31, 1000: 9, 10000: 3, 100000: 1 };
  const perLine = {};
  const measured = [];
  for (const n of sizes) {
    const text = generateDockerfile(n, 5);
    const ts = [];
    for (let r = 0; r < (quick ? Math.min(3, reps[n]) : reps[n]); r++) {
      // Each repetition parses its shell scripts afresh: the parse cache would otherwise answer all but the first.
      clearShellCache?.();
      const t0 = performance.now();
      lintText(text);
      ts.push(performance.now() - t0);
    }
    const m = median(ts);
    perLine[n] = (m * 1000) / n;
    measured.push({ n, m, kib: text.length / 1024 });
  }
  const ref = perLine[1000];
  for (const { n, m, kib } of measured) {
    const isRef = n === 1000;
    row('scaling', `${n.toLocaleString('en')} lines (${kib.toFixed(0)} KiB), lintText`, fmtMs(m), isRef ? null : `${perLine[n].toFixed(0)} µs/line vs ${ref.toFixed(0)} at 1,000`, isRef ? null : perLine[n] / ref, isRef ? `${ref.toFixed(0)} µs/line` : 'flat (≈ 1×)');
  }
}

// ---------------------------------------------------------------------------------------------------------------
function benchFuzz() {
  const count = opt('fuzz-count', quick ? '5000' : '100000');
  const r = spawnSync(process.execPath, [path.join(__dirname, 'fuzz.js'), '--count', count, '--seed', opt('seed', '20260701'), '--corpus', corpusDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  let s;
  try {
    s = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    row('fuzz', 'mutation fuzzer', `failed to run: ${r.stdout.slice(0, 200)}`);
    return;
  }
  if (s.skipped) {
    notes.push(`fuzz: ${s.skipped}`);
    return;
  }
  row('fuzz', `${s.inputs.toLocaleString('en')} mutants (seed ${s.seed}): failures`, String(s.failures), null, null, '0');
  row('fuzz', 'slowest input', `${fmtMs(s.slowestMs)} (#${s.slowestIndex}: ${s.slowestKinds.join('+')})`, null, null, '< 10 s');
  row('fuzz', 'mean per input', fmtMs(s.meanMs));
  for (const p of s.problems) notes.push(`fuzz failure: ${p}`);
}

function printTable() {
  const head = ['section', 'measure', 'value', 'baseline (same run)', 'ratio', 'goal'];
  const data = rows.map((r) => [r.section, r.what, r.value, r.baseline, r.ratio, r.goal]);
  const width = head.map((h, i) => Math.max(h.length, ...data.map((d) => String(d[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(width[i])).join(' | ')} |`;
  const out = [line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...data.map(line)];
  out.push('', `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; medians of ${RUNS} interleaved runs unless stated`);
  for (const n of notes) out.push(`- ${n}`);
  process.stdout.write(out.join('\n') + '\n');
}

(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) {
    console.error('bench: build first (npm run build)');
    process.exit(2);
  }
  try {
    if (only.includes('cold')) benchCold();
    if (only.includes('corpus')) await benchCorpus();
    if (only.includes('scaling')) await benchScaling();
    if (only.includes('lsp')) await benchLsp();
    if (only.includes('fuzz')) benchFuzz();
  } finally {
    printTable();
    fs.rmSync(work, { recursive: true, force: true });
  }
})().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exitCode = 1;
});
