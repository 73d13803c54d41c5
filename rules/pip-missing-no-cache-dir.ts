import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { hasCacheMountWith, mountTargets } from '../src/model/query/mounts';
import { isPipWrapper, pipInstalls } from '../src/model/query/packages';
import type { Instruction } from '../src/model/types';

/**
 * pip keeps every downloaded wheel in ~/.cache/pip, which then ships in the layer (hadolint DL3042). Not reported when
 * the cache is off (`--no-cache-dir`, or a truthy PIP_NO_CACHE_DIR from ENV/ARG or set in the script), or when the
 * cache lives on a cache/tmpfs mount. pipx and pipenv manage their own environments and are left alone.
 */
const TRUTHY = /^["']?(1|true|on|yes)\b/i;

export default defineRule({
  meta: {
    id: 'pip-missing-no-cache-dir',
    aliases: ['DL3042'],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: 'Avoid use of cache directory with pip: pip install --no-cache-dir <package>',
    messages: { cache: "`pip install` keeps its download cache in the layer; add --no-cache-dir (or mount a cache at ~/.cache/pip)" },
  },
  create(context) {
    return {
      RUN(ins) {
        if (cacheOff(ins)) return;
        for (const pip of pipInstalls(ins)) {
          if (isPipWrapper(pip.cmd)) continue;
          if (pip.args.some((a) => a.value === '--no-cache-dir' || a.value.startsWith('--no-cache-dir='))) continue;
          if (pip.cmd.cmd.assignments.some((a) => a.name === 'PIP_NO_CACHE_DIR' && TRUTHY.test(a.value))) continue;
          context.report({ messageId: 'cache', range: context.model.lines.range(pip.cmd.cmd.span), fix: insertAfterWord(context.model, ins, pip.sub, ' --no-cache-dir') });
        }
      },
    };
  },
});

function cacheOff(ins: Instruction): boolean {
  const bound = ins.scope.get('PIP_NO_CACHE_DIR');
  if (bound?.value !== undefined && TRUTHY.test(bound.value)) return true;
  if (hasCacheMountWith(ins, '.cache/pip') || mountTargets(ins).some((t) => /\/\.cache\/?$/.test(t))) return true;
  // `export PIP_NO_CACHE_DIR=1 && pip install ...`: set anywhere in the script (as hadolint reads it).
  const text = ins.script?.text ?? '';
  const m = /PIP_NO_CACHE_DIR=(\S*)/.exec(text);
  return m !== null && TRUTHY.test(m[1]);
}
