import type { DockerfileModel, Instruction } from '../model/types';
import { parseShell, shellParserReady, type ShellWord } from '../parse/shell';
import type { Fix } from './api';
import { insertAt, safeFix } from './fix';

/**
 * Fix builders for RUN scripts. They refuse (return null) whenever the edit could change what the script means in a
 * way the rule did not intend: exec form (the words are JSON strings), or text that would not parse the same.
 */

/** Insert `text` right after a word of the script (an option after `install`, say). */
export function insertAfterWord(model: DockerfileModel, ins: Instruction, word: ShellWord, text: string): Fix | null {
  if (!ins.script || ins.script.origin === 'exec') return null;
  return safeFix(insertAt(model, word.span.end, text));
}

/**
 * Append `&& command` at the end of a shell-form RUN, on a continuation line. The joined script with the command
 * appended is parsed first: the fix is offered only when that parses cleanly and the appended command really is the
 * last command (a trailing `# comment` would swallow it; a trailing `;` or `&&` would not parse).
 */
export function appendCommand(model: DockerfileModel, ins: Instruction, command: string): Fix | null {
  if (!ins.script || ins.script.origin !== 'shell' || ins.heredocs.length > 0 || !shellParserReady()) return null;
  const joined = ins.argsJoined;
  const body = joined.text.trimEnd();
  if (body.length === 0) return null;
  const candidate = `${body} && ${command}`;
  const parsed = parseShell(candidate, (s, e) => ({ start: s, end: e }), 'shell');
  if (parsed.errors.length > 0) return null;
  const last = parsed.commands[parsed.commands.length - 1];
  if (!last || last.span.start < body.length || last.inSubstitution || last.conditional) return null;
  const end = joined.map[body.length - 1] + 1;
  const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
  return safeFix(insertAt(model, end, ` ${model.escape}${eol}    && ${command}`));
}
