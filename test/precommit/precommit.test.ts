import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { isDockerfileName } from '../../src/cli/discover';
import { tempTree } from '../helpers/cli-inprocess';
import { needProgram } from '../helpers/programs';
import { repoRoot } from '../helpers/shared';

interface HookDef {
  id: string;
  entry: string;
  language: string;
  files: string;
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function git(cwd: string, ...args: string[]): string {
  const r = sh('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * The hook repository pre-commit clones: this checkout at HEAD when nothing is uncommitted, otherwise a snapshot of
 * the working tree (tracked and new files, not ignored ones) committed to a temporary repository, so the test
 * always exercises the code as it stands.
 */
function hookRepo(tmp: string): { repo: string; rev: string; snapshot: boolean } {
  const status = sh('git', ['status', '--porcelain'], repoRoot);
  if (status.status === 0 && status.stdout.trim() === '') return { repo: repoRoot, rev: git(repoRoot, 'rev-parse', 'HEAD'), snapshot: false };
  const list = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repoRoot);
  if (list.status !== 0) throw new Error(`not a git checkout: ${list.stderr}`);
  const dest = path.join(tmp, 'hook-repo');
  for (const rel of list.stdout.split('\0').filter(Boolean)) {
    const src = path.join(repoRoot, rel);
    if (!fs.existsSync(src)) continue; // deleted but not yet committed
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(src, path.join(dest, rel));
  }
  git(dest, 'init', '-q');
  git(dest, 'add', '-A');
  git(dest, 'commit', '-q', '-m', 'snapshot of the working tree');
  return { repo: dest, rev: git(dest, 'rev-parse', 'HEAD'), snapshot: true };
}

describe('pre-commit hook', function () {
  this.timeout(15 * 60 * 1000);
  let tmp: string | null = null;
  // pre-commit's cache (the hook's node environment) is tens of MB: do not leave it behind.
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('.pre-commit-hooks.yaml: a node hook whose files pattern selects exactly the names layerlint lints', function () {
    needProgram(this, 'python3', 'pre-commit evaluates `files` with Python regular expressions');
    const hooks = parse(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as HookDef[];
    const hook = hooks.find((h) => h.id === 'layerlint');
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'layerlint');
    const names = ['Dockerfile', 'dockerfile', 'DOCKERFILE', 'Containerfile', 'Dockerfile.prod', 'Dockerfile-dev', 'Dockerfile_x', 'api.Dockerfile', 'web.containerfile', 'Dockerfile.md', 'Dockerfile.yaml', 'dockerfile.sh', 'Dockerfiles', 'README.md', 'my-Dockerfile', 'docker-compose.yml', 'Dockerfile.bak', 'Containerfile.in'];
    const paths = names.flatMap((n) => [n, `services/api/${n}`]);
    // pre-commit matches `files` with re.search on the path relative to the repository root.
    const r = spawnSync('python3', ['-c', 'import re,sys,json; p=re.compile(sys.argv[1]); print(json.dumps([bool(p.search(x)) for x in json.loads(sys.stdin.read())]))', hook.files], { input: JSON.stringify(paths), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const matched = JSON.parse(r.stdout) as boolean[];
    paths.forEach((p, i) => assert.equal(matched[i], isDockerfileName(path.posix.basename(p)), `${p}: pre-commit ${matched[i] ? 'selects' : 'skips'} it, layerlint ${isDockerfileName(path.posix.basename(p)) ? 'lints' : 'skips'} it`));
  });

  it('a real commit: the hook installs from this checkout, fails on a bad Dockerfile with the finding, passes once fixed', function () {
    needProgram(this, 'git', 'the pre-commit test makes real commits');
    needProgram(this, 'pre-commit', 'pre-commit (Debian package pre-commit) runs the hook');
    tmp = tempTree({}, 'layerlint-precommit-');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PRE_COMMIT_HOME: path.join(tmp, 'cache'),
      // The registry is reachable but slow to ask; what the hook needs is in npm's cache after `npm ci`.
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
    const t0 = Date.now();
    const hook = hookRepo(tmp);
    const project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    git(project, 'init', '-q');
    fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${JSON.stringify(hook.repo)}\n    rev: ${hook.rev}\n    hooks:\n      - id: layerlint\n`);
    fs.writeFileSync(path.join(project, 'README.md'), 'CMD python app.py\n');
    const install = sh('pre-commit', ['install', '--install-hooks'], project, env);
    const tInstall = Date.now() - t0;
    assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}\n${readLog(env)}`);

    fs.writeFileSync(path.join(project, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD python /app/app.py\n');
    git(project, 'add', '-A');
    const t1 = Date.now();
    const bad = sh('git', ['commit', '-m', 'bad'], project, env);
    const tBad = Date.now() - t1;
    const out = bad.stdout + bad.stderr;
    assert.notEqual(bad.status, 0, `the commit must be refused:\n${out}`);
    assert.match(out, /layerlint\.+Failed/);
    assert.match(out, /Dockerfile\n\s+3:1\s+warning CMD in shell form .* json-args-recommended/);
    assert.ok(!out.includes('README.md'), 'files that are not Dockerfiles are not passed to the hook');
    assert.throws(() => git(project, 'rev-parse', 'HEAD'), 'nothing was committed');

    fs.writeFileSync(path.join(project, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY app.py /app/\nUSER 10001\nCMD ["python", "/app/app.py"]\n');
    git(project, 'add', '-A');
    const t2 = Date.now();
    const good = sh('git', ['commit', '-m', 'good'], project, env);
    const tGood = Date.now() - t2;
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout + good.stderr, /layerlint\.+Passed/);
    assert.equal(git(project, 'log', '--format=%s'), 'good');
    console.log(`      (hook repo: ${hook.snapshot ? 'snapshot of the working tree' : 'this checkout at HEAD'}; install ${tInstall} ms, failing commit ${tBad} ms, passing commit ${tGood} ms)`);
  });
});

function readLog(env: NodeJS.ProcessEnv): string {
  try {
    return fs.readFileSync(path.join(env.PRE_COMMIT_HOME ?? '', 'pre-commit.log'), 'utf8');
  } catch {
    return '';
  }
}
