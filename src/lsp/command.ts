import { createConnection } from 'vscode-languageserver/node';
import { UsageError } from '../cli/args';
import type { Io } from '../cli/main';
import { loadSimulator } from '../format/layer-costs';
import { startServer } from './server';
import { loadSlowStages } from './slow';

const HELP = `Usage: layerlint lsp --stdio

Runs the layerlint language server over standard input and output (the Language Server Protocol).
Editors start it themselves; see docs/editors.md. Nothing but protocol messages is written to stdout;
logs go to stderr.
`;

/** Everything that would print to stdout goes to stderr instead: stdout carries only protocol messages. */
function guardStdout(): void {
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\n');
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
}

/** `layerlint lsp --stdio`: never resolves; the connection ends the process on `exit` or when stdin closes. */
export function runLsp(argv: readonly string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(HELP);
    return Promise.resolve(0);
  }
  const unknown = argv.filter((a) => a !== '--stdio' && !a.startsWith('--clientProcessId'));
  if (!argv.includes('--stdio') || unknown.some((a) => !/^\d+$/.test(a))) throw new UsageError('lsp supports only --stdio');
  guardStdout();
  const connection = createConnection(process.stdin, process.stdout);
  startServer(connection, { simulator: loadSimulator(), slowStages: loadSlowStages() });
  connection.listen();
  return new Promise<number>(() => undefined);
}
