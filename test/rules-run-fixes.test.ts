import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../src/engine/api';
import { applyEdits } from '../src/engine/apply-fix';
import { lintText, prepareLinter } from '../src/engine/lint';
import { getRegistry } from '../src/engine/registry';
import { fixturePath } from './helpers/shared';

/**
 * Every safe fix of the RUN rules, applied alone to each fixture that fires: the file must still parse, the fixed
 * finding must go away, and no other rule may report more than before.
 */
const FIXABLE = [
  'apk-missing-no-cache', 'apt-instead-of-apt-get', 'dnf-cache-not-cleaned', 'dnf-missing-yes', 'pip-missing-no-cache-dir',
  'useradd-missing-no-log-init', 'yarn-cache-not-cleaned', 'yum-cache-not-cleaned', 'yum-missing-yes', 'zypper-cache-not-cleaned',
  'zypper-missing-non-interactive', 'apt-lists-not-cleaned', 'apt-get-missing-yes', 'apt-get-no-install-recommends',
];

function countBy(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
}

function lint(text: string): Finding[] {
  return lintText(text).findings;
}

describe('RUN rule fixes', () => {
  before(async () => {
    await prepareLinter();
  });

  for (const id of FIXABLE) {
    it(`${id}: each safe fix removes its finding and makes nothing worse`, function () {
      assert.ok(getRegistry().find(id)?.meta.fixable, `${id} should be fixable`);
      const dir = fixturePath('rules', id);
      assert.ok(fs.existsSync(dir), `${dir}: every fixable rule has fixtures`);
      let checked = 0;
      for (const name of fs.readdirSync(dir).filter((n) => n.includes('.fire.'))) {
        const text = fs.readFileSync(path.join(dir, name), 'utf8');
        const before = lint(text);
        const counts = countBy(before);
        for (const f of before.filter((x) => x.rule === id && x.fix?.safe)) {
          const fixed = applyEdits(text, f.fix!.edits).text;
          const after = countBy(lint(fixed));
          assert.equal(after.get('parse-error') ?? 0, counts.get('parse-error') ?? 0, `${name}: fix adds a parse error:\n${fixed}`);
          assert.equal(after.get('internal-error') ?? 0, 0, `${name}: internal error after fix`);
          assert.ok((after.get(id) ?? 0) < (counts.get(id) ?? 0), `${name}: finding not removed by its fix:\n${fixed}`);
          for (const [rule, n] of after) if (rule !== id) assert.ok(n <= (counts.get(rule) ?? 0), `${name}: fix adds a ${rule} finding:\n${fixed}`);
          checked++;
        }
      }
      assert.ok(checked > 0, `no safe fix exercised for ${id}`);
    });
  }

  it('appending a clean-up command is refused when a comment or a dangling `;` ends the script', () => {
    const cases = ['FROM centos:7\nRUN yum install -y x-1.0 # keep\n', 'FROM centos:7\nRUN yum install -y x-1.0;\n'];
    for (const text of cases) {
      const f = lint(text).find((x) => x.rule === 'yum-cache-not-cleaned');
      assert.ok(f, text);
      assert.equal(f.fix, null, text);
    }
  });

  it('appends on a continuation line written with the escape character of the file', () => {
    const text = '# escape=`\nFROM centos:7\nRUN yum install -y x-1.0\n';
    const f = lint(text).find((x) => x.rule === 'yum-cache-not-cleaned');
    assert.ok(f?.fix);
    assert.equal(applyEdits(text, f.fix.edits).text, '# escape=`\nFROM centos:7\nRUN yum install -y x-1.0 `\n    && yum clean all\n');
  });

  it('never offers a fix that rewrites exec-form JSON', () => {
    const text = 'FROM alpine:3.20\nRUN ["apk", "add", "curl=8.9.1-r1"]\nRUN ["pip", "install", "x==1"]\n';
    const fs2 = lint(text).filter((x) => x.rule === 'apk-missing-no-cache' || x.rule === 'pip-missing-no-cache-dir');
    assert.equal(fs2.length, 2);
    for (const f of fs2) assert.equal(f.fix, null);
  });
});
