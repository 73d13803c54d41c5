import * as assert from 'node:assert/strict';
import { buildModel } from '../src/model/build';
import { operands, peel, runCommands, takesNextWord } from '../src/model/query/commands';
import { rpmPinned } from '../src/model/query/packages';
import { allEffective, commandsNamed } from '../src/model/shell-query';
import { declaredNames, layerShips } from '../src/model/query/stages';
import { loadShellParser } from '../src/parse/shell';

function run(script: string) {
  const model = buildModel(`FROM debian:12\nRUN ${script}\n`);
  return model.instructions[1];
}

describe('RUN command queries', () => {
  before(async () => {
    await loadShellParser();
  });

  it('peels wrappers with their option values', () => {
    const names = (s: string): string[] => runCommands(run(s)).map((c) => c.name);
    assert.deepEqual(names('sudo -u app env A=1 nice -n 10 apk add x'), ['apk']);
    assert.deepEqual(names('find . -name "*.tmp" | xargs -I {} rm {}'), ['find', 'rm']);
    assert.deepEqual(names('timeout 30 curl -fsS http://x'), ['curl']);
    assert.deepEqual(runCommands(run('sudo apt-get update'))[0].via, ['sudo']);
  });

  it('effective() (shell-query) peels the same way, and keeps a look-up as the `command` builtin', () => {
    const eff = (s: string): string[] => allEffective(run(s)).map((c) => c.name);
    assert.deepEqual(eff('sudo -u app env A=1 nice -n 10 apk add x'), ['apk']);
    assert.deepEqual(eff('command -v curl && curl -fsS http://x'), ['command', 'curl']);
    assert.deepEqual(commandsNamed(run('nice -n 5 apt-get install -y x'), 'apt-get').map((c) => c.args.map((a) => a.value)), [['install', '-y', 'x']]);
  });

  it('drops look-ups that only name a program', () => {
    assert.deepEqual(runCommands(run('command -v wget || apk add wget')).map((c) => c.name), ['apk']);
    const lookup = run('command -V curl').script!.commands[0];
    assert.equal(peel(lookup), null);
  });

  it('separates operands from options and their values', () => {
    const cmd = runCommands(run('apk --no-cache add --virtual .deps -X https://r gcc -- -odd'))[0];
    const ops = operands(cmd.args, new Set(['virtual', 'X'])).map((o) => o.word.value);
    assert.deepEqual(ops, ['add', 'gcc', '-odd']);
    assert.equal(takesNextWord('-yt', new Set(['t'])), true);
    assert.equal(takesNextWord('-tbuster', new Set(['t'])), false);
    assert.equal(takesNextWord('--target-release=x', new Set(['target-release'])), false);
  });

  it('reads rpm versions as yum and dnf name them', () => {
    const none = new Set<string>();
    assert.equal(rpmPinned('httpd', none), false);
    assert.equal(rpmPinned('httpd-tools', none), false);
    assert.equal(rpmPinned('httpd-2.4.6', none), true);
    assert.equal(rpmPinned('gcc-c++-4.8.5', none), true);
    assert.equal(rpmPinned('openssl-1:1.0.2k', none), true);
    assert.equal(rpmPinned('git-core-${V}', none), false);
    assert.equal(rpmPinned('git-core-${V}', new Set(['V'])), true);
  });

  it('knows which stages ship and which names are declared', () => {
    const model = buildModel('ARG TOP=1\nFROM a AS base\nENV E=1\nRUN x\nFROM base\nRUN y\nFROM b AS tools\nARG T2\nRUN z\nFROM c\nRUN w\n');
    const runs = model.instructions.filter((i) => i.keyword === 'RUN');
    assert.deepEqual(runs.map((r) => layerShips(model, r)), [true, false, false, true]);
    const names = declaredNames(model, runs[3]);
    assert.ok(names.has('TOP') && names.has('T2') && !names.has('E'));
    const targeted = buildModel('FROM a AS build\nRUN x\nFROM b\nRUN y\n', { target: 'build' });
    assert.deepEqual(targeted.instructions.filter((i) => i.keyword === 'RUN').map((r) => layerShips(targeted, r)), [true, false]);
  });
});
