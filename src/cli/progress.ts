/**
 * One updating line on stderr while many files are linted: `layerlint: 12/40 files · path/to/Dockerfile`. Only on
 * a terminal, only from PROGRESS_MIN_FILES files on, never when CI is set. The line is redrawn with a carriage
 * return and padded with spaces (no escape sequences, so a dumb terminal shows it too), and cleared at the end.
 */
export const PROGRESS_MIN_FILES = 20;
/** Redraw at most this often (ms); the first file is always shown. */
const REDRAW_MS = 50;

export interface Progress {
  /** A file is about to be linted (the files before it are done). */
  next(file: string): void;
  /** Clears the line; safe to call more than once. */
  done(): void;
}

const NONE: Progress = { next: () => undefined, done: () => undefined };
const active = new WeakMap<NodeJS.WritableStream, Progress>();

function ciSet(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Whether progress is drawn for `total` files on `stream` in `env`. */
export function showsProgress(total: number, stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  return total >= PROGRESS_MIN_FILES && (stream as NodeJS.WriteStream).isTTY === true && !ciSet(env);
}

/** Fits `text` in `width` columns, cutting the middle of the file path when it is too long. */
export function fitLine(prefix: string, file: string, width: number): string {
  const room = width - prefix.length;
  if (file.length <= room) return prefix + file;
  if (room < 8) return (prefix + file).slice(0, Math.max(0, width));
  const keep = room - 1;
  const head = Math.floor(keep / 3);
  return prefix + file.slice(0, head) + '…' + file.slice(file.length - (keep - head));
}

type Write = (...args: unknown[]) => boolean;

export function startProgress(total: number, stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv, now: () => number = Date.now): Progress {
  if (!showsProgress(total, stream, env)) return NONE;
  let doneCount = 0;
  let started = false;
  let shown = 0;
  let last = -Infinity;
  const width = (): number => Math.max(20, ((stream as NodeJS.WriteStream).columns || 80) - 1);
  // Anything else written to the stream meanwhile (a notice, a warning) first blanks the progress line, so it
  // starts at the left margin; the next file redraws the line below it.
  const target = stream as unknown as { write: Write };
  const hadOwnWrite = Object.prototype.hasOwnProperty.call(target, 'write');
  const ownWrite = target.write;
  const write: Write = (...args) => ownWrite.apply(stream, args);
  const blank = (): void => {
    if (shown > 0) write('\r' + ' '.repeat(shown) + '\r');
    shown = 0;
  };
  target.write = (...args: unknown[]): boolean => {
    blank();
    return write(...args);
  };
  const p: Progress = {
    next(file: string) {
      const t = now();
      if (started) doneCount++;
      started = true;
      if (t - last < REDRAW_MS) return;
      last = t;
      // One line, never wider than the terminal (a wrapped line cannot be redrawn with \r).
      const line = fitLine(`layerlint: ${Math.min(doneCount, total)}/${total} files · `, file.replace(/[\r\n\t]/g, ' '), width());
      write('\r' + line + ' '.repeat(Math.max(0, shown - line.length)));
      shown = line.length;
    },
    done() {
      if (active.get(stream) !== p) return;
      active.delete(stream);
      blank();
      if (hadOwnWrite) target.write = ownWrite;
      else delete (target as { write?: Write }).write;
    },
  };
  active.set(stream, p);
  return p;
}

/** Clears the progress line drawn on `stream`, if any (before an error message is written there). */
export function endProgress(stream: NodeJS.WritableStream): void {
  active.get(stream)?.done();
}
