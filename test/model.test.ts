import * as assert from 'node:assert/strict';
import { buildModel } from '../src/model/build';
import { prepareLinter } from '../src/engine/lint';
import type { DockerfileModel } from '../src/model/types';

function text(model: DockerfileModel, span: { start: number; end: number }): string {
  return model.text.slice(span.start, span.end);
}

describe('Dockerfile model', () => {
  before(async () => {
    await prepareLinter();
  });

  it('splits stages, names them and links FROM <stage> parents', () => {
    const m = buildModel('FROM golang:1.22 AS Build\nRUN go build\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /x /x\n');
    assert.equal(m.stages.length, 3);
    assert.equal(m.stages[0].name, 'build');
    assert.equal(m.stages[0].nameRaw, 'Build');
    assert.equal(m.stages[1].parentStage, 0);
    assert.equal(m.stages[2].parentStage, null);
    assert.equal(m.stages[2].base.name, 'alpine');
    assert.equal(m.stages[2].base.tag, '3.20');
    assert.equal(m.targetStage, 2);
    assert.deepEqual([...m.reachableStages].sort(), [0, 2]);
  });

  it('expands global ARGs in FROM, with defaults and build args', () => {
    const src = 'ARG VERSION=3.19\nARG REG\nFROM ${REG:-docker.io}/library/alpine:${VERSION} AS base\n';
    const m = buildModel(src);
    assert.equal(m.stages[0].base.text, 'docker.io/library/alpine:3.19');
    assert.equal(m.stages[0].base.registry, 'docker.io');
    assert.equal(m.stages[0].base.name, 'alpine');
    const m2 = buildModel(src, { buildArgs: { VERSION: '3.20', REG: 'ghcr.io' } });
    assert.equal(m2.stages[0].base.text, 'ghcr.io/library/alpine:3.20');
  });

  it('parses image references with a registry port and a digest', () => {
    const m = buildModel('FROM reg.example:5000/ns/img:1.0@sha256:abc\n');
    const b = m.stages[0].base;
    assert.equal(b.registry, 'reg.example:5000');
    assert.equal(b.name, 'ns/img');
    assert.equal(b.tag, '1.0');
    assert.equal(b.digest, 'sha256:abc');
  });

  it('resolves variables through several levels and carries ENV into FROM <stage> children', () => {
    const m = buildModel('ARG GLOBAL=g\nFROM alpine:3 AS a\nARG GLOBAL\nENV E1=${GLOBAL}-x\nENV E2=$E1-y\nFROM a\nWORKDIR /$E2\n');
    const workdir = m.instructions[m.instructions.length - 1];
    assert.equal(workdir.args[0].expanded, '/g-x-y');
    assert.equal(m.stages[1].inheritedEnv.get('E1')?.value, 'g-x');
  });

  it('keeps a global ARG out of a stage until it is declared there', () => {
    const m = buildModel('ARG V=1\nFROM alpine:3\nWORKDIR /a$V\nARG V\nWORKDIR /b$V\n');
    const [w1, w2] = m.instructions.filter((i) => i.keyword === 'WORKDIR');
    assert.equal(w1.args[0].expanded, '/a');
    assert.equal(w2.args[0].expanded, '/b1');
  });

  it('applies ${VAR:+alt} and ${VAR-default} forms', () => {
    const m = buildModel('FROM alpine:3\nARG A=set\nARG EMPTY=\nENV X=${A:+yes} Y=${EMPTY:-d1} Z=${EMPTY-d2} W=${UNSET:+no}\nUSER x\n');
    const env = m.instructions[4].scope;
    assert.equal(env.get('X')?.value, 'yes');
    assert.equal(env.get('Y')?.value, 'd1');
    assert.equal(env.get('Z')?.value, '');
    assert.equal(env.get('W')?.value, '');
  });

  it('predefines the platform ARGs', () => {
    const m = buildModel('FROM --platform=$BUILDPLATFORM golang:1 AS b\nARG TARGETARCH\nWORKDIR /$TARGETARCH\n');
    assert.equal(m.stages[0].platform, 'linux/amd64');
    assert.equal(m.instructions[2].args[0].expanded, '/amd64');
  });

  it('tells exec form from shell form and reads exec values exactly (spaces and escapes kept)', () => {
    const m = buildModel('FROM alpine:3\nRUN ["echo", "a b", "\\u0041"]\nCMD echo hi\nENTRYPOINT ["broken",\n');
    assert.equal(m.instructions[1].form, 'exec');
    assert.deepEqual(m.instructions[1].execArgs, ['echo', 'a b', 'A']);
    assert.equal(m.instructions[2].form, 'shell');
    assert.equal(m.instructions[3].form, 'shell');
  });

  it('parses flags with options and exact ranges', () => {
    const m = buildModel('FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk --network=none apk add x\nCOPY --from=build --chown=1:1 --chmod=755 --link a /b/\n');
    const run = m.instructions[1];
    assert.deepEqual(run.flags.map((f) => f.name), ['mount', 'network']);
    assert.equal(run.flags[0].options['type'], 'cache');
    assert.equal(run.flags[0].options['target'], '/var/cache/apk');
    assert.equal(text(m, run.flags[1].span), '--network=none');
    assert.deepEqual(run.flags[1].range, { start: { line: 2, column: 46 }, end: { line: 2, column: 60 } });
    assert.equal(run.argsText, 'apk add x');
    const copy = m.instructions[2];
    assert.deepEqual(copy.flags.map((f) => [f.name, f.value]), [['from', 'build'], ['chown', '1:1'], ['chmod', '755'], ['link', null]]);
    assert.deepEqual(copy.args.map((a) => a.raw), ['a', '/b/']);
  });

  it('maps sub-commands of a multi-line RUN to exact Dockerfile ranges', () => {
    const src = 'FROM debian:12\nRUN apt-get update \\\n    # a comment inside the continuation\n    && apt-get install -y \\\n       curl \\\n    && rm -rf /var/lib/apt/lists/*\n';
    const m = buildModel(src);
    const run = m.instructions[1];
    assert.ok(run.script);
    const cmds = run.script.commands;
    assert.deepEqual(cmds.map((c) => c.name), ['apt-get', 'apt-get', 'rm']);
    assert.deepEqual(cmds.map((c) => c.op), [null, '&&', '&&']);
    assert.deepEqual(m.lines.range(cmds[1].span), { start: { line: 4, column: 8 }, end: { line: 5, column: 12 } });
    assert.equal(text(m, cmds[1].nameSpan), 'apt-get');
    assert.deepEqual(m.lines.range(cmds[1].args[2].span), { start: { line: 5, column: 8 }, end: { line: 5, column: 12 } });
    assert.equal(text(m, cmds[2].args[1].span), '/var/lib/apt/lists/*');
    // The comment line inside the continuation is dropped from the joined text.
    assert.ok(!run.argsText.includes('comment'));
  });

  it('finds commands inside $(...) and marks them', () => {
    const m = buildModel('FROM alpine:3\nRUN echo $(cat /etc/os-release | grep ID) && true\n');
    const cmds = m.instructions[1].script?.commands ?? [];
    assert.deepEqual(cmds.map((c) => c.name), ['echo', 'cat', 'grep', 'true']);
    assert.deepEqual(cmds.map((c) => c.inSubstitution), [false, true, true, false]);
    assert.equal(cmds[3].op, '&&');
    assert.equal(cmds[2].op, '|');
  });

  it('honours the backtick escape directive', () => {
    const src = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n    && echo C:\\src\\\nWORKDIR C:\\app\n';
    const m = buildModel(src);
    assert.equal(m.escape, '`');
    assert.equal(m.directives[0].name, 'escape');
    assert.equal(m.instructions.length, 3);
    assert.equal(m.instructions[1].argsText, 'echo a     && echo C:\\src\\');
    assert.equal(m.instructions[2].args[0].expanded, 'C:\\app');
  });

  it('models RUN heredocs as the script they are', () => {
    const src = 'FROM alpine:3\nRUN <<EOF\nset -e\napk add --no-cache curl\nrm -rf /tmp/x\nEOF\nRUN python3 <<PY\nprint("hi")\nPY\n';
    const m = buildModel(src);
    const [, h1, h2] = m.instructions;
    assert.equal(h1.heredocs.length, 1);
    assert.equal(h1.heredocs[0].name, 'EOF');
    assert.equal(h1.heredocs[0].content, 'set -e\napk add --no-cache curl\nrm -rf /tmp/x\n');
    assert.equal(h1.script?.origin, 'heredoc');
    const names = h1.script?.commands.map((c) => c.name);
    assert.deepEqual(names, ['set', 'apk', 'rm']);
    const apk = h1.script!.commands[1];
    assert.deepEqual(m.lines.range(apk.span).start, { line: 4, column: 1 });
    assert.equal(text(m, apk.span), 'apk add --no-cache curl');
    // `python3 <<PY`: the body is data on stdin, not commands.
    assert.deepEqual(h2.script?.commands.map((c) => c.name), ['python3']);
    assert.equal(h2.script?.commands[0].heredocInput, true);
  });

  it('accepts `<< \'EOF\'` with a space (dockerfile-ast splits it; BuildKit >= 0.22 accepts it)', () => {
    const m = buildModel("FROM alpine:3\nRUN cat << 'EOF' > /etc/motd\nhello\nworld\nEOF\nRUN true\n");
    assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'RUN']);
    assert.equal(m.instructions[1].heredocs[0].content, 'hello\nworld\n');
    assert.equal(m.instructions[1].heredocs[0].quoted, true);
    assert.equal(m.problems.length + m.instructions.flatMap((i) => i.problems).length, 0);
  });

  it('survives the getHeredocs() crash on a comment in a continuation', () => {
    const m = buildModel('FROM alpine:3\nRUN \\\n# comment\\comment\n  echo\n');
    assert.equal(m.instructions.length, 2);
    assert.deepEqual(m.instructions[1].script?.commands.map((c) => c.name), ['echo']);
  });

  it('reports an unterminated heredoc and keeps modelling', () => {
    const m = buildModel('FROM alpine:3\nRUN <<EOF\necho never ends\n');
    assert.ok(m.instructions[1].problems.some((p) => /never terminated/.test(p.message)));
  });

  it('records a broken instruction as a problem and models the rest', () => {
    const m = buildModel('FROM alpine:3\nFOO bar\nCOPY onlyone\nRUN echo ok\n');
    assert.equal(m.instructions.length, 4);
    assert.ok(m.instructions[1].problems.some((p) => /unknown instruction/.test(p.message)));
    assert.ok(m.instructions[2].problems.some((p) => /source and a destination/.test(p.message)));
    assert.deepEqual(m.instructions[3].script?.commands.map((c) => c.name), ['echo']);
  });

  it('classifies layers: RUN/COPY/ADD/WORKDIR make layers, metadata does not; classic builder differs for WORKDIR', () => {
    const src = 'FROM alpine:3\nLABEL a=b\nENV X=1\nWORKDIR /app\nWORKDIR /tmp\nCOPY a /b\nRUN true\nCMD ["x"]\nEXPOSE 80\nUSER 1000\n';
    const bk = buildModel(src);
    assert.deepEqual(bk.instructions.map((i) => `${i.keyword}:${i.createsLayer}`), ['FROM:false', 'LABEL:false', 'ENV:false', 'WORKDIR:true', 'WORKDIR:true', 'COPY:true', 'RUN:true', 'CMD:false', 'EXPOSE:false', 'USER:false']);
    const classic = buildModel(src, { builder: 'classic' });
    assert.equal(classic.instructions[4].createsLayer, false);
    assert.equal(classic.instructions[3].createsLayer, true);
  });

  it('gives ONBUILD its trigger instruction with ranges in the file', () => {
    const m = buildModel('FROM node:20\nONBUILD RUN npm install express\n');
    const trig = m.instructions[1].trigger;
    assert.ok(trig);
    assert.equal(trig.keyword, 'RUN');
    assert.equal(trig.range.start.line, 2);
    assert.deepEqual(trig.script?.commands.map((c) => c.name), ['npm']);
  });

  it('strips a BOM and handles CRLF with the same positions as LF', () => {
    const lf = buildModel('FROM alpine:3\nRUN apk add \\\n  curl\n');
    const crlf = buildModel('\ufeffFROM alpine:3\r\nRUN apk add \\\r\n  curl\r\n');
    assert.deepEqual(crlf.instructions.map((i) => i.range), lf.instructions.map((i) => i.range));
    assert.deepEqual(crlf.instructions[1].script?.commands[0].args.map((a) => a.value), ['add', 'curl']);
  });

  it('tracks SHELL and skips shell parsing for PowerShell', () => {
    const m = buildModel('FROM mcr.microsoft.com/powershell:lts\nSHELL ["pwsh", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n');
    assert.deepEqual(m.instructions[2].shell, ['pwsh', '-Command']);
    assert.equal(m.instructions[2].script, null);
  });

  it('reports instructions before FROM other than ARG', () => {
    const m = buildModel('RUN echo hi\nFROM alpine:3\n');
    assert.ok(m.instructions[0].problems.some((p) => /before the first FROM/.test(p.message)));
  });
});
