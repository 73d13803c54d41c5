import { defineRule } from '../src/engine/api';
import { appendCommand } from '../src/engine/shell-fix';
import { operands, runCommands, type RunCommand } from '../src/model/query/commands';
import { hasCacheMountWith } from '../src/model/query/mounts';
import { followedBy } from '../src/model/query/packages';
import { layerShips } from '../src/model/query/stages';

/**
 * `yarn install` fills yarn's global cache (often hundreds of MB); unless `yarn cache clean` runs after it in the same
 * RUN the cache ships in the layer (hadolint DL3060). Only stages whose layers ship are checked; a cache mount keeps
 * the cache out. Unlike hadolint, a bare `yarn` (which installs) counts too.
 */
const YARN_CACHE = /\.cache\/yarn|\.yarn\/(berry\/)?cache/;

export default defineRule({
  meta: {
    id: 'yarn-cache-not-cleaned',
    aliases: ['DL3060'],
    severity: 'info',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: '`yarn cache clean` missing after `yarn install` was run',
    messages: { clean: '`yarn install` leaves the yarn cache in this layer; run `yarn cache clean` after it in the same RUN' },
  },
  create(context) {
    const model = context.model;
    return {
      RUN(ins) {
        if (!layerShips(model, ins) || hasCacheMountWith(ins, '.cache/yarn') || hasCacheMountWith(ins, '.yarn')) return;
        for (const c of runCommands(ins)) {
          if (!isYarnInstall(c)) continue;
          if (followedBy(ins, c, (x) => isCacheClean(x) || (x.name === 'rm' && operands(x.args).some((o) => YARN_CACHE.test(o.word.value))))) continue;
          context.report({ messageId: 'clean', range: model.lines.range(c.cmd.span), fix: appendCommand(model, ins, 'yarn cache clean') });
        }
      },
    };
  },
});

function isYarnInstall(c: RunCommand): boolean {
  if (c.name !== 'yarn') return false;
  const ops = operands(c.args, new Set(['cwd', 'network-timeout', 'mutex', 'cache-folder', 'modules-folder', 'registry']));
  if (ops.length > 0) return ops[0].word.value === 'install';
  // A bare `yarn` installs, unless it only asks for the version or help.
  return !c.args.some((a) => ['-v', '--version', '-h', '--help'].includes(a.value));
}

function isCacheClean(c: RunCommand): boolean {
  if (c.name !== 'yarn') return false;
  const ops = operands(c.args).map((o) => o.word.value);
  return ops[0] === 'cache' && ops[1] === 'clean';
}
