import { defineRule, type Fix } from '../src/engine/api';
import { insertAt, safeFix } from '../src/engine/fix';
import { allEffective } from '../src/model/shell-query';
import type { DockerfileModel, Instruction } from '../src/model/types';
import { adjacentRuns, bytesText, groupWaste, pathList, sumBytes, targetStage } from '../src/simulate/findings';
import type { LayerSim, WasteEntry } from '../src/simulate/types';

/**
 * chmod, chown, touch or mv of a file an earlier layer added copies the whole file into the new layer: the old
 * copy stays below, hidden. Set the metadata where the file is created (COPY --chmod/--chown, or the creating RUN).
 */
export default defineRule({
  meta: {
    id: 'metadata-copy-up',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    description: 'chmod/chown/touch/mv of files from an earlier layer stores them twice',
    messages: {
      copyUp: 'This RUN changes {{paths}} from line {{added}} ({{what}}), which copies {{bytes}} into this layer again; the old copy stays in line {{added}}. {{advice}}',
    },
  },
  create(context) {
    return {
      fileEnd() {
        const sim = context.analyses.simulation();
        const stage = targetStage(sim);
        if (!stage) return;
        const groups = groupWaste(stage.waste.filter((e) => e.kind === 'metadata-copy-up' && !adjacentRuns(e.addedBy, e.removedBy)));
        for (const g of groups) {
          const size = sumBytes(g.entries);
          const what = changeCommands(g.removed.instruction).join(', ') || 'metadata';
          const fromCopy = g.added.keyword === 'COPY' || g.added.keyword === 'ADD';
          const advice = fromCopy ? `Set it on the ${g.added.keyword} instead (--chmod/--chown), or store the mode in the build context` : `Do it in the RUN on line ${g.added.line} that creates the files`;
          const fix = fromCopy ? copyFlagFix(context.model, g.added, g.removed, stage.waste) : null;
          context.report({
            messageId: 'copyUp',
            data: { paths: pathList(g.entries), added: g.added.line, bytes: bytesText(size), what, advice },
            range: g.removed.instruction.range,
            instruction: g.removed.instruction,
            fix,
            suggestion: fix ? null : copySuggestion(context.model, g.added, g.removed, g.entries),
          });
        }
      },
    };
  },
});

const CHANGERS = new Set(['chmod', 'chown', 'chgrp', 'touch', 'mv']);

function changeCommands(ins: Instruction): string[] {
  return [...new Set(allEffective(ins).map((c) => c.name).filter((n) => CHANGERS.has(n)))];
}

/**
 * The RUN is exactly one `chmod MODE paths` or `chown SPEC paths`, and it re-copies exactly the files the COPY
 * wrote (single files, no folders): add --chmod/--chown to the COPY and drop the RUN. Safe under BuildKit only.
 */
function copyFlagFix(model: DockerfileModel, added: LayerSim, removed: LayerSim, waste: readonly WasteEntry[]): Fix | null {
  const copy = added.instruction;
  const run = removed.instruction;
  if (model.builder !== 'buildkit' || copy.keyword !== 'COPY' || copy.heredocs.length > 0 || run.form !== 'shell' || run.heredocs.length > 0) return null;
  if (copy.stageIndex !== run.stageIndex) return null;
  const cmds = allEffective(run).filter((c) => !c.cmd.inSubstitution);
  if (cmds.length !== 1 || (cmds[0].name !== 'chmod' && cmds[0].name !== 'chown') || cmds[0].cmd.redirects.length > 0) return null;
  const cmd = cmds[0];
  const flag = cmd.name === 'chmod' ? 'chmod' : 'chown';
  if (copy.flags.some((f) => f.name === flag)) return null;
  const files = added.versions.filter((v) => !v.dropped);
  if (files.length === 0 || files.some((v) => v.kind !== 'file')) return null;
  const sources = copy.form === 'exec' && copy.execArgs ? copy.execArgs.length - 1 : copy.args.length - 1;
  if (files.length !== sources) return null;
  const hidden = waste.filter((w) => w.removedBy === removed);
  if (hidden.some((w) => w.addedBy !== added || w.kind !== 'metadata-copy-up')) return null;
  const copied = new Set(removed.versions.filter((v) => !v.dropped).map((v) => v.path));
  if (files.some((v) => !copied.has(v.path)) || copied.size !== files.length) return null;
  const words = cmd.args.filter((a) => !a.value.startsWith('-'));
  if (words.some((w) => w.dynamic)) return null;
  const value = flagValue(cmd.name, words.map((w) => w.value), removed);
  if (!value) return null;
  const insert = insertAt(model, copy.keywordRange.end.line === copy.range.start.line ? model.lines.offset(copy.keywordRange.end) : copy.span.start, ` --${flag}=${value}`);
  const start = model.lines.lineStart(run.range.start.line);
  const endLine = run.range.end.line;
  const end = endLine < model.lines.lineCount ? model.lines.lineStart(endLine + 1) : model.text.length;
  return safeFix(insert, { range: model.lines.range({ start, end }), text: '' });
}

function copySuggestion(model: DockerfileModel, added: LayerSim, removed: LayerSim, entries: readonly WasteEntry[]): string | null {
  if (added.keyword !== 'COPY' && added.keyword !== 'ADD') return null;
  const cmd = allEffective(removed.instruction).find((c) => c.name === 'chmod' || c.name === 'chown');
  if (!cmd) return null;
  const flag = cmd.name;
  const value = flagValue(cmd.name, cmd.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value), removed);
  if (!value) return null;
  const copied = new Set(removed.versions.filter((v) => !v.dropped).map((v) => v.path));
  const written = added.versions.filter((v) => !v.dropped && v.kind === 'file');
  const copyText = model.text.slice(added.instruction.span.start, added.instruction.span.end).trimEnd();
  if (written.length > 0 && written.every((v) => copied.has(v.path))) {
    return `${copyText.replace(/^(\S+)/, `$1 --${flag}=${value}`)}\n# ... and drop the RUN on line ${removed.line}`;
  }
  const origins = added.versions.filter((v) => copied.has(v.path) && v.origin).map((v) => v.origin as string);
  if (flag === 'chmod' && origins.length > 0 && origins.length <= 5) return `chmod ${value} ${origins.join(' ')}   # in the build context (and git update-index --chmod=+x): COPY keeps the mode\n# ... then drop the RUN on line ${removed.line}`;
  void entries;
  return null;
}

/** The --chmod/--chown value equivalent to the RUN's command (octal mode; symbolic modes only when the result is known). */
function flagValue(name: string, words: string[], removed: LayerSim): string | null {
  if (words.length < 2) return null;
  if (name === 'chown') return words[0];
  if (/^[0-7]{3,4}$/.test(words[0])) return words[0];
  const modes = new Set(removed.versions.filter((v) => !v.dropped).map((v) => v.mode));
  if (modes.size !== 1 || [...modes][0] === null) return null;
  return ([...modes][0] as number).toString(8).padStart(3, '0');
}
