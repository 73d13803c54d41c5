import { defineRule } from '../src/engine/api';
import { hasExternalBase, likelyBaseImageEnv, looksWindows, PLATFORM_ARGS, PROXY_ARGS, refSpan, stageChain, suggestName, windowsBaseEnv } from '../src/engine/buildkit-helpers';
import { parseKeyValues } from '../src/model/kv';
import type { Instruction, Span, Stage } from '../src/model/types';
import { expandVariables } from '../src/parse/expand';

/**
 * A `$VAR` in a word the builder expands itself (ENV, LABEL, COPY, ADD, WORKDIR, USER, VOLUME, STOPSIGNAL, a
 * stage ARG's default, RUN `--mount` options) that nothing defines at that point: it silently becomes an empty
 * string (BuildKit UndefinedVar). The shell text of RUN, CMD and ENTRYPOINT is the shell's business and is not
 * checked, nor are COPY/ADD heredoc bodies.
 *
 * Defined means: an ARG or ENV earlier in the stage or in a stage it builds FROM, `PATH` (the builder always
 * sets one), the proxy ARGs, or - when the stage starts from a real image - a name the base image commonly sets
 * (`*PATH`, `*_HOME`, `*_VERSION`, `LANG`, ..., and the usual Windows variables for a Windows image), since
 * the image's own ENV cannot be read here. The option `baseImageEnv` lists more names a base image defines.
 */
export default defineRule({
  meta: {
    id: 'undefined-var',
    aliases: ['UndefinedVar'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'Variables should be defined before they are used',
    optionsSchema: {
      type: 'object',
      properties: { baseImageEnv: { type: 'array', items: { type: 'string' }, description: 'Names the base images set with ENV (they count as defined)' } },
      additionalProperties: false,
    },
    messages: {
      undefined: "Usage of undefined variable '${{name}}': it expands to an empty string",
      undefinedSuggest: "Usage of undefined variable '${{name}}' (did you mean ${{suggest}}?)",
      platform: "'${{name}}' is predefined only outside the stages: declare it with `ARG {{name}}` in this stage before using it",
    },
  },
  create(context) {
    const model = context.model;
    const argsOfStage = new Map<number, Set<string>>();
    const stageArgNames = (stage: Stage): Set<string> => {
      let set = argsOfStage.get(stage.index);
      if (set) return set;
      set = new Set();
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'ARG') continue;
        for (const kv of parseKeyValues(ins.argsJoined.text, 0, null, model.escape, () => undefined, true)) set.add(kv.key);
      }
      argsOfStage.set(stage.index, set);
      return set;
    };
    const external = new Map<number, boolean>();
    const windows = new Map<number, boolean>();
    const option = context.settings.options['baseImageEnv'];
    const extraEnv = new Set(Array.isArray(option) ? option.filter((x): x is string => typeof x === 'string') : []);

    return {
      instruction(ins) {
        if (ins.onbuildParent || ins.stageIndex < 0) return;
        const stage = model.stages[ins.stageIndex];
        if (!stage || ins === stage.from) return;
        const pieces = piecesOf(ins, model.buildArgs, model.escape);
        if (pieces.length === 0) return;
        if (!external.has(stage.index)) external.set(stage.index, hasExternalBase(model, stage));
        const fromImage = external.get(stage.index) === true;
        if (fromImage && !windows.has(stage.index)) windows.set(stage.index, looksWindows(model, stage));
        const windowsImage = windows.get(stage.index) === true;
        const ancestors = stageChain(model, stage).slice(1);
        const isDefined = (name: string): boolean =>
          ins.scope.has(name) || name === 'PATH' || PROXY_ARGS.includes(name) ||
          ancestors.some((s) => stageArgNames(s).has(name)) || extraEnv.has(name) ||
          (fromImage && (likelyBaseImageEnv(name) || (windowsImage && windowsBaseEnv(name))));
        const reported = new Set<string>();
        for (const p of pieces) {
          if (!p.text.includes('$')) continue;
          const { undefinedNames } = expandVariables(p.text, (n) => (isDefined(n) ? '' : undefined), model.escape);
          for (const name of undefinedNames) {
            if (reported.has(name)) continue;
            reported.add(name);
            const range = model.lines.range(refSpan(model.text, p.span, name));
            if (PLATFORM_ARGS.includes(name)) {
              context.report({ messageId: 'platform', data: { name }, range });
              continue;
            }
            const options = [...ins.scope.keys(), 'PATH'];
            const suggest = suggestName(name, options);
            context.report({ messageId: suggest ? 'undefinedSuggest' : 'undefined', data: { name, suggest: suggest ?? '' }, range });
          }
        }
      },
    };
  },
});

interface Piece {
  text: string;
  span: Span;
}

const EXPANDED_FLAGS: Record<string, string[]> = { COPY: ['from', 'chown', 'chmod'], ADD: ['chown', 'chmod', 'checksum'], RUN: ['mount'] };

/** The words of an instruction that the builder expands. */
function piecesOf(ins: Instruction, buildArgs: ReadonlyMap<string, string>, escape: string): Piece[] {
  const out: Piece[] = [];
  for (const f of ins.flags) {
    if ((EXPANDED_FLAGS[ins.keyword] ?? []).includes(f.name) && f.value !== null && f.valueSpan) out.push({ text: f.value, span: f.valueSpan });
  }
  switch (ins.keyword) {
    case 'ENV':
    case 'LABEL':
    case 'WORKDIR':
    case 'USER':
    case 'VOLUME':
    case 'STOPSIGNAL':
      for (const a of ins.args) out.push({ text: a.raw, span: a.span });
      break;
    case 'COPY':
    case 'ADD':
      // Heredoc markers are not paths; heredoc bodies are not checked (BuildKit reports them, docker/buildx#3718).
      for (const a of ins.args) if (!a.raw.startsWith('<<')) out.push({ text: a.raw, span: a.span });
      break;
    case 'ARG':
      // A stage ARG's default is expanded unless a build arg overrides it.
      for (const kv of parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, escape, () => undefined, true)) {
        if (kv.rawValue === null || buildArgs.has(kv.key)) continue;
        out.push({ text: kv.rawValue, span: kv.span });
      }
      break;
  }
  return out;
}
