import { defineRule, type Fix } from '../src/engine/api';
import { insertAt, safeFix } from '../src/engine/fix';
import { allEffective, subcommand } from '../src/model/shell-query';
import type { DockerfileModel, Instruction } from '../src/model/types';
import { bytesText, pathList, sumBytes, targetStage } from '../src/simulate/findings';
import type { AvoidableEntry, WasteEntry } from '../src/simulate/types';

/**
 * Package managers keep caches (pip's wheels, npm's cacache, apk indexes, Go module and build caches, dnf/yum
 * metadata, gem files, kept .deb files) that nothing needs at run time. Left in a layer, or cleaned only in a later
 * one, they ship with the image. apt lists are left to apt-lists-not-cleaned (DL3009).
 */
export default defineRule({
  meta: {
    id: 'package-cache-in-layer',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    description: 'A package manager leaves its cache in the image',
    messages: {
      left: '{{tool}} leaves its cache in this layer ({{path}}, {{bytes}}). {{advice}}',
      cleanedLater: '{{tool}} writes its cache here ({{path}}, {{bytes}}) and line {{removed}} deletes it, but the bytes stay in this layer. {{advice}}',
    },
  },
  create(context) {
    return {
      fileEnd() {
        const stage = targetStage(context.analyses.simulation());
        if (!stage) return;
        // One finding per instruction and situation, naming every cache it leaves.
        const groups = new Map<string, { ins: Instruction; tool: string; left: boolean; entries: (AvoidableEntry | WasteEntry)[]; removed: Set<number> }>();
        const add = (entry: AvoidableEntry | WasteEntry, ins: Instruction, tool: string, left: boolean, removed: number | null): void => {
          const key = `${ins.index}:${left}`;
          const g = groups.get(key) ?? { ins, tool, left, entries: [], removed: new Set<number>() };
          if (!g.entries.some((e) => e.path === entry.path)) g.entries.push(entry);
          if (removed !== null) g.removed.add(removed);
          groups.set(key, g);
        };
        for (const a of stage.avoidable) if (a.kind === 'package-cache') add(a, a.layer.instruction, a.tool ?? 'a package manager', true, null);
        for (const w of stage.waste) {
          if (w.avoidable !== 'package-cache' || w.kind !== 'deleted-later') continue;
          add(w, w.addedBy.instruction, w.addedBy.versions.find((v) => v.avoidable === 'package-cache')?.tool ?? 'a package manager', false, w.removedLine);
        }
        for (const g of groups.values()) {
          const data = { tool: g.tool, path: pathList(g.entries), bytes: bytesText(sumBytes(g.entries)), advice: advice(g.tool), removed: [...g.removed].join(', ') };
          context.report({ messageId: g.left ? 'left' : 'cleanedLater', data, range: g.ins.range, instruction: g.ins, fix: g.left ? cacheFix(context.model, g.ins, g.tool) : null });
        }
      },
    };
  },
});

function advice(tool: string): string {
  switch (tool) {
    case 'pip':
      return 'Use `pip install --no-cache-dir` (or PIP_NO_CACHE_DIR=1), or a cache mount: RUN --mount=type=cache,target=/root/.cache/pip';
    case 'uv':
      return 'Use `uv ... --no-cache` (or UV_NO_CACHE=1), or a cache mount on the uv cache folder';
    case 'npm':
      return 'Add `&& npm cache clean --force` to the same RUN, or use RUN --mount=type=cache,target=/root/.npm';
    case 'yarn':
      return 'Add `&& yarn cache clean` to the same RUN, or use a cache mount on the yarn cache folder';
    case 'pnpm':
      return 'Add `&& pnpm store prune` to the same RUN, or use a cache mount on the pnpm store';
    case 'apk':
      return 'Use `apk add --no-cache` (it also skips `apk update`)';
    case 'go':
      return 'Build in a separate stage, or use RUN --mount=type=cache,target=/root/.cache/go-build (and /go/pkg/mod)';
    case 'gem':
    case 'bundle':
      return 'Remove the gem cache in the same RUN (rm -rf "$GEM_HOME/cache"), or build in a separate stage';
    case 'dnf':
    case 'yum':
    case 'microdnf':
    case 'tdnf':
      return `Add \`&& ${tool} clean all\` to the same RUN, or use a cache mount on /var/cache/${tool === 'dnf' ? 'dnf' : 'yum'}`;
    case 'apt-get':
    case 'apt':
      return 'Add `&& apt-get clean` to the same RUN (the official images do this through docker-clean)';
    default:
      return 'Clean the cache in the same RUN, or use a cache mount';
  }
}

/** pip: add --no-cache-dir after `install`; apk: add --no-cache after `add`. Both only change what is cached. */
function cacheFix(model: DockerfileModel, ins: Instruction, tool: string): Fix | null {
  if (ins.form !== 'shell' || ins.heredocs.length > 0 || (tool !== 'pip' && tool !== 'apk')) return null;
  const edits = [];
  for (const c of allEffective(ins)) {
    if (c.cmd.inSubstitution) continue;
    const isPip = tool === 'pip' && (c.name === 'pip' || c.name === 'pip3' || ((c.name === 'python' || c.name === 'python3') && c.args[0]?.value === '-m' && c.args[1]?.value === 'pip'));
    const isApk = tool === 'apk' && c.name === 'apk';
    if (!isPip && !isApk) continue;
    const args = isPip && c.name.startsWith('python') ? c.args.slice(2) : c.args;
    const sub = subcommand(args);
    if (!sub || sub.word.value !== (isPip ? 'install' : 'add')) continue;
    if (args.some((a) => a.value === (isPip ? '--no-cache-dir' : '--no-cache'))) continue;
    edits.push(insertAt(model, sub.word.span.end, isPip ? ' --no-cache-dir' : ' --no-cache'));
  }
  return edits.length > 0 ? safeFix(...edits) : null;
}
