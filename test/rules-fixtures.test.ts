import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UserConfig } from '../src/engine/config';
import { lintText, prepareLinter } from '../src/engine/lint';
import { getRegistry } from '../src/engine/registry';
import { readContext } from '../src/simulate/context';
import { fixturePath } from './helpers/shared';

/**
 * Tests generated from fixtures/rules/<id>/: `*.fire.Dockerfile` must produce findings of <id> starting exactly on
 * the lines of its `# test: expect=` line; `*.pass.Dockerfile` must produce none. `# test: config=` gives config JSON,
 * `# test: target=` the target stage, `# test: build-args=` a JSON object, `# test: context=` a build-context folder
 * beside the fixture.
 */
interface Expectation {
  lines: number[] | null;
  config: UserConfig;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Build context folder, relative to the fixture's folder (for the layer-cost rules). */
  context?: string;
}

export function readExpectation(text: string): Expectation {
  const exp: Expectation = { lines: null, config: {} };
  for (const line of text.split(/\r?\n/)) {
    const m = /^#\s*test:\s*(expect|config|target|build-args|context)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const value = m[2].trim();
    if (m[1] === 'expect') exp.lines = value === '' ? [] : value.split(',').map((n) => Number(n.trim()));
    else if (m[1] === 'config') exp.config = JSON.parse(value) as UserConfig;
    else if (m[1] === 'target') exp.target = value;
    else if (m[1] === 'context') exp.context = value;
    else exp.buildArgs = JSON.parse(value) as Record<string, string>;
  }
  return exp;
}

const root = fixturePath('rules');
const ruleDirs = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];

describe('rule fixtures', () => {
  before(async () => {
    await prepareLinter();
  });

  it('every rule has fixtures that fire and that pass', () => {
    const missing = getRegistry().rules.map((r) => r.meta.id).filter((id) => {
      const dir = path.join(root, id);
      const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      return !names.some((n) => n.includes('.fire.')) || !names.some((n) => n.includes('.pass.'));
    });
    assert.deepEqual(missing, []);
  });

  for (const id of ruleDirs) {
    describe(id, () => {
      for (const name of fs.readdirSync(path.join(root, id)).sort()) {
        const fire = name.includes('.fire.');
        // Side files (e.g. `<fixture>.dockerignore`) belong to the fixture they are named after.
        if ((!fire && !name.includes('.pass.')) || !name.endsWith('Dockerfile')) continue;
        it(`${fire ? 'fires on' : 'passes'} ${name}`, () => {
          assert.ok(getRegistry().find(id), `no rule named ${id}`);
          const text = fs.readFileSync(path.join(root, id, name), 'utf8');
          const exp = readExpectation(text);
          assert.ok(exp.lines !== null, `${name} has no "# test: expect=" line`);
          if (fire) assert.ok(exp.lines.length > 0, `${name} is a fire fixture but expects no finding`);
          else assert.deepEqual(exp.lines, [], `${name} is a pass fixture but expects findings`);
          const context = exp.context ? readContext(path.join(root, id, exp.context), { dockerfile: path.join(root, id, name) }) : null;
          const result = lintText(text, { config: exp.config, target: exp.target, buildArgs: exp.buildArgs, filePath: path.join(root, id, name), context });
          assert.equal(result.internalErrors, 0, result.findings.filter((f) => f.rule === 'internal-error').map((f) => f.message).join('\n'));
          const lines = result.findings.filter((f) => f.rule === id).map((f) => f.range.start.line).sort((a, b) => a - b);
          assert.deepEqual(lines, [...exp.lines].sort((a, b) => a - b));
        });
      }
    });
  }
});
