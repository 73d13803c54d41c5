import { defineRule } from '../src/engine/api';
import type { DockerfileModel, Instruction, Stage } from '../src/model/types';
import { bytesText, sumBytes, targetStage } from '../src/simulate/findings';
import { isToolchainPackage, packageName } from '../src/simulate/toolchain';
import type { AvoidableEntry, LayerSim } from '../src/simulate/types';

/**
 * Compilers, -dev packages and build-essential in the image that ships: they are needed to build, not to run.
 * The suggestion is a concrete multi-stage rewrite, with the predicted saving.
 */
export default defineRule({
  meta: {
    id: 'build-tools-in-final-stage',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: false,
    description: 'Build toolchains installed in the final image',
    messages: {
      tools: 'Build tools ({{packages}}, {{bytes}}) stay in the final image. Build in a separate stage and copy only the results: that saves {{bytes}} (see the suggested rewrite)',
    },
  },
  create(context) {
    return {
      fileEnd() {
        const sim = context.analyses.simulation();
        const stage = targetStage(sim);
        if (!sim || !stage) return;
        const byLayer = new Map<LayerSim, AvoidableEntry[]>();
        for (const a of stage.avoidable) if (a.kind === 'build-tools') byLayer.set(a.layer, [...(byLayer.get(a.layer) ?? []), a]);
        for (const [layer, entries] of byLayer) {
          const ins = layer.instruction;
          const size = sumBytes(entries);
          const tools = toolchainWords(ins);
          const packages = tools.length > 0 ? tools.slice(0, 4).join(', ') + (tools.length > 4 ? ', …' : '') : entries.map((e) => e.path.replace(/^dpkg:/, '')).join(', ');
          const model = context.model;
          const st = model.stages[ins.stageIndex];
          const dirs = outputDirs(stage.chain, st.index, layer);
          const guessed = stage.chain.some((l) => l.stageIndex === st.index && l.keyword === 'RUN' && l.id > layer.id && l.unknowns.length > 0);
          if (guessed && !dirs.includes('/usr/local')) dirs.push('/usr/local');
          const suggestion = rewrite(model, st, ins, tools, dirs, guessed);
          context.report({ messageId: 'tools', data: { packages, bytes: bytesText(size) }, range: ins.range, instruction: ins, suggestion });
        }
      },
    };
  },
});

/** Package words of the instruction that are toolchains. */
function toolchainWords(ins: Instruction): string[] {
  const out: string[] = [];
  for (const c of ins.script?.commands ?? []) {
    const manager = c.name === 'apk' ? 'apk' : /^(dnf|yum|microdnf|tdnf)$/.test(c.name) ? 'rpm' : 'apt';
    for (const a of c.args) if (!a.value.startsWith('-') && !a.dynamic && isToolchainPackage(manager, a.value) && !['install', 'add'].includes(a.value)) out.push(packageName(a.value));
  }
  return [...new Set(out)];
}

const SKIP = /^\/(tmp|var\/lib\/apt|var\/cache|var\/lib\/dpkg|var\/log|root\/\.cache|root\/\.npm|etc\/apt|run|proc|sys|dev)(\/|$)/;

/** Folders the build writes after the toolchain arrives (and the COPY destinations): what the runtime stage copies. */
function outputDirs(chain: LayerSim[], stageIndex: number, install: LayerSim): string[] {
  const dirs = new Set<string>();
  for (const l of chain) {
    if (l.stageIndex !== stageIndex) continue;
    if (!(l.keyword === 'COPY' || l.keyword === 'ADD' || (l.keyword === 'RUN' && l.id > install.id))) continue;
    for (const v of l.versions) {
      if (v.dropped || v.avoidable || v.path === '/' || SKIP.test(v.path)) continue;
      const parts = v.path.split('/').filter(Boolean);
      const depth = ['usr', 'opt', 'var', 'etc', 'srv', 'home'].includes(parts[0]) ? 2 : 1;
      dirs.add('/' + parts.slice(0, Math.min(depth, parts.length)).join('/'));
    }
  }
  const list = [...dirs].sort();
  return list.filter((d) => !list.some((o) => o !== d && d.startsWith(o + '/')));
}

const RUNTIME_KEYWORDS = new Set(['ENV', 'WORKDIR', 'USER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'LABEL', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'ARG']);

function insText(model: DockerfileModel, ins: Instruction): string {
  return model.text.slice(ins.span.start, ins.span.end).trimEnd();
}

const LATE_KEYWORDS = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'LABEL', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL']);

/** The stage as a build stage, then a runtime stage with the toolchain left out and the outputs copied in. */
function rewrite(model: DockerfileModel, st: Stage, install: Instruction, tools: string[], dirs: string[], guessed: boolean): string {
  const base = st.base.text || 'scratch';
  const lines: string[] = [`FROM ${base} AS build`];
  for (const ins of st.instructions) {
    if (ins === st.from || LATE_KEYWORDS.has(ins.keyword)) continue;
    lines.push(insText(model, ins));
  }
  lines.push('', `FROM ${base}`);
  const late: string[] = [];
  let installed = false;
  for (const ins of st.instructions) {
    if (ins === st.from) continue;
    if (ins === install) {
      const runtimeInstall = withoutTools(insText(model, install), tools);
      const dev = tools.filter((t) => /-(dev|devel)$/.test(t));
      if (dev.length > 0) lines.push(`# add the runtime libraries of ${dev.join(', ')} (the packages without -dev) if the program links them`);
      if (runtimeInstall) lines.push(runtimeInstall);
      installed = true;
      continue;
    }
    if (!RUNTIME_KEYWORDS.has(ins.keyword)) continue;
    if (LATE_KEYWORDS.has(ins.keyword)) late.push(insText(model, ins));
    else if (installed || ins.keyword === 'ARG' || ins.keyword === 'ENV') lines.push(insText(model, ins));
  }
  if (guessed) lines.push('# the build output could not be predicted: copy what it produces (an install prefix such as /usr/local, a binary)');
  for (const d of dirs) lines.push(`COPY --from=build ${d} ${d}`);
  lines.push(...late);
  return lines.join('\n');
}

/** The install RUN without the toolchain packages, or null when nothing else is installed. */
function withoutTools(text: string, tools: string[]): string | null {
  let out = text;
  for (const t of tools) out = withoutWord(out, t);
  const pkgsLeft = /(install|add)((\s+-[-\w=]+)*)\s+[a-z0-9]/i.test(out.replace(/\\\n/g, ' '));
  return pkgsLeft ? dropEmptyContinuations(out) : null;
}

const SPACE = /\s/;

/**
 * `text` without each whitespace-separated word that is `word` or `word=VERSION` (a version without a backslash),
 * together with the one whitespace character before it. A scan, not a RegExp built from the package name: a name
 * taken from a hostile file made that RegExp too large to compile.
 */
function withoutWord(text: string, word: string): string {
  const kept: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (SPACE.test(text[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && !SPACE.test(text[j])) j++;
    const token = text.slice(i, j);
    if (token === word || (token.startsWith(word + '=') && !token.includes('\\', word.length))) {
      kept.push(text.slice(copied, i > 0 ? i - 1 : 0));
      copied = j;
    }
    i = j;
  }
  kept.push(text.slice(copied));
  return kept.join('');
}

/** Drop lines left holding only a continuation after a removed package (linear: a RegExp here was quadratic). */
function dropEmptyContinuations(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.trimEnd().endsWith('\\') && line.trim() === '\\') continue;
    out.push(line);
  }
  return out.join('\n');
}
