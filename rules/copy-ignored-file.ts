import * as path from 'node:path';
import { defineRule } from '../src/engine/api';
import { isSourceIgnored, readIgnoreFileFor, type IgnoreFile } from '../src/engine/dockerignore';
import type { Instruction } from '../src/model/types';

/**
 * COPY or ADD of a build-context path that the context's ignore file excludes (BuildKit CopyIgnoredFile): the
 * file is never sent to the builder, so the build fails with "not found" or silently copies less than meant.
 *
 * The context is taken to be the Dockerfile's folder; `<Dockerfile>.dockerignore` beside the Dockerfile wins
 * over `.dockerignore`, as in BuildKit. Unlike BuildKit, which gives up as soon as the ignore file has any `!`
 * line, re-inclusions are evaluated per path. Sources with `--from`, URLs and heredocs are not context paths.
 */
export default defineRule({
  meta: {
    id: 'copy-ignored-file',
    aliases: ['CopyIgnoredFile'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'Do not COPY or ADD files that the .dockerignore excludes',
    messages: { ignored: 'Attempting to {{verb}} "{{file}}", which {{ignoreFile}} excludes from the build context' },
  },
  create(context) {
    let loaded = false;
    let ig: IgnoreFile | null = null;
    const ignoreFile = (): IgnoreFile | null => {
      if (!loaded) {
        loaded = true;
        ig = readIgnoreFileFor(context.filePath);
      }
      return ig;
    };
    const check = (ins: Instruction): void => {
      if (ins.flags.some((f) => f.name === 'from')) return;
      const sources = sourcesOf(ins);
      if (sources.length === 0) return;
      const file = ignoreFile();
      if (!file) return;
      for (const s of sources) {
        if (!isSourceIgnored(file, s.path)) continue;
        context.report({
          messageId: 'ignored',
          data: { verb: ins.keyword === 'ADD' ? 'ADD' : 'COPY', file: s.path, ignoreFile: path.basename(file.file) },
          range: s.range,
        });
      }
    };
    return { COPY: check, ADD: check };
  },
});

function sourcesOf(ins: Instruction): { path: string; range: Instruction['range'] }[] {
  if (ins.form === 'exec' && ins.execArgs) {
    return ins.execArgs.slice(0, -1).filter(isContextPath).map((p) => ({ path: p, range: ins.range }));
  }
  const args = ins.args.filter((a) => !a.raw.startsWith('<<'));
  if (args.length < 2) return [];
  return args
    .slice(0, -1)
    .map((a) => ({ path: unquote(a.expanded), range: a.range }))
    .filter((s) => isContextPath(s.path));
}

function isContextPath(p: string): boolean {
  return p !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !/^git@/.test(p) && !p.includes('$');
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;
}
