import { hasGlob, matchSegment } from '../src/simulate/paths';
import { defineRule } from '../src/engine/api';
import { allEffective, subcommand } from '../src/model/shell-query';
import type { Instruction, Stage } from '../src/model/types';
import { layerSize } from '../src/simulate/simulate';
import { bytesText } from '../src/simulate/findings';

/**
 * `COPY . .` before installing dependencies: every source change invalidates the install layer's cache, so the
 * dependencies are downloaded and stored again. Copy the manifests first, install, then copy the rest.
 */
export default defineRule({
  meta: {
    id: 'copy-context-before-install',
    aliases: [],
    severity: 'info',
    category: 'layer-cost',
    fixable: false,
    description: 'The whole build context is copied before installing dependencies',
    messages: {
      copyAll: 'This COPY brings in the whole build context before `{{command}}` (line {{line}}): any source change rebuilds that install layer ({{bytes}}). Copy {{manifests}} first, install, then copy the rest',
    },
  },
  create(context) {
    return {
      stage(stage: Stage) {
        let copyAll: Instruction | null = null;
        const copiedFirst = new Set<string>();
        for (const ins of stage.instructions) {
          if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from')) {
            const sources = sourcesOf(ins);
            if (sources.some((s) => s === '.' || s === './' || s === '*' || s === './*')) copyAll ??= ins;
            else if (!copyAll) for (const s of sources) copiedFirst.add(s.replace(/^\.\//, '').split('/').pop() ?? s);
            continue;
          }
          if (ins.keyword !== 'RUN' || !copyAll) continue;
          const install = dependencyInstall(ins);
          if (!install) continue;
          if (install.manifests.some((m) => copiedFirst.has(m) || [...copiedFirst].some((c) => hasGlob(c) && matchSegment(c, m, true)))) break;
          const sim = context.analyses.simulation();
          const layer = sim?.layerOf(ins);
          const bytes = layer ? bytesText(layerSize(layer)) : '?';
          const manifests = install.manifests.join(' ');
          const suggestion = `COPY ${manifests} ./\n${context.model.text.slice(ins.span.start, ins.span.end).trimEnd()}\nCOPY . .`;
          context.report({ messageId: 'copyAll', data: { command: install.command, line: ins.range.start.line, bytes, manifests }, range: copyAll.range, instruction: copyAll, suggestion });
          break;
        }
      },
    };
  },
});

function sourcesOf(ins: Instruction): string[] {
  const words = ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.map((a) => a.expanded.replace(/^["']|["']$/g, ''));
  return words.slice(0, -1);
}

/** A dependency install from manifests (not `npm install express`): the command and the manifest files it reads. */
function dependencyInstall(ins: Instruction): { command: string; manifests: string[] } | null {
  for (const c of allEffective(ins)) {
    if (c.cmd.inSubstitution) continue;
    const sub = subcommand(c.args)?.word.value ?? '';
    const positional = c.args.filter((a) => !a.value.startsWith('-'));
    switch (c.name) {
      case 'npm':
        if (sub === 'ci' || ((sub === 'install' || sub === 'i') && positional.length === 1)) return { command: `npm ${sub}`, manifests: ['package.json', 'package-lock.json'] };
        break;
      case 'yarn':
        if (sub === '' || (sub === 'install' && positional.length === 1)) return { command: 'yarn install', manifests: ['package.json', 'yarn.lock'] };
        break;
      case 'pnpm':
        if (sub === 'install' || sub === 'i') return { command: 'pnpm install', manifests: ['package.json', 'pnpm-lock.yaml'] };
        break;
      case 'pip':
      case 'pip3': {
        const r = c.args.findIndex((a) => a.value === '-r' || a.value === '--requirement');
        if (sub === 'install' && r >= 0 && c.args[r + 1]) return { command: `${c.name} install -r`, manifests: [c.args[r + 1].value.split('/').pop() ?? 'requirements.txt'] };
        break;
      }
      case 'poetry':
        if (sub === 'install') return { command: 'poetry install', manifests: ['pyproject.toml', 'poetry.lock'] };
        break;
      case 'pipenv':
        if (sub === 'install' || sub === 'sync') return { command: `pipenv ${sub}`, manifests: ['Pipfile', 'Pipfile.lock'] };
        break;
      case 'uv':
        if (sub === 'sync') return { command: 'uv sync', manifests: ['pyproject.toml', 'uv.lock'] };
        break;
      case 'bundle':
        if (sub === 'install' || sub === '') return { command: 'bundle install', manifests: ['Gemfile', 'Gemfile.lock'] };
        break;
      case 'composer':
        if (sub === 'install') return { command: 'composer install', manifests: ['composer.json', 'composer.lock'] };
        break;
      case 'go':
        if (sub === 'mod' && positional[1]?.value === 'download') return { command: 'go mod download', manifests: ['go.mod', 'go.sum'] };
        break;
      case 'cargo':
        if (sub === 'fetch') return { command: 'cargo fetch', manifests: ['Cargo.toml', 'Cargo.lock'] };
        break;
      case 'dotnet':
        if (sub === 'restore') return { command: 'dotnet restore', manifests: ['*.csproj'] };
        break;
      case 'mvn':
        if (c.args.some((a) => a.value.startsWith('dependency:'))) return { command: 'mvn dependency', manifests: ['pom.xml'] };
        break;
      default:
        break;
    }
  }
  return null;
}
