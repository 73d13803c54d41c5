/**
 * Linting many files on several threads: the main thread and `threads - 1` lint threads (lint-worker.ts) take
 * small batches of files from one queue, so a slow file holds up one batch, not a whole share. Outcomes are kept
 * by the file's position in the run: the report is assembled in the same order, and is the same, as when one
 * thread lints every file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../engine/config';
import type { FileLinter, FileOutcome, RunSettings } from './lint-file';

export interface Task {
  index: number;
  file: string;
}

/** A file's outcome, or the error that stops the run at that file (a config that cannot be read, a bug). */
export interface TaskResult {
  index: number;
  outcome?: FileOutcome;
  fatal?: { config: boolean; message: string; stack?: string };
}

export interface BatchRequest {
  batch: Task[];
}

export interface BatchReply {
  done: TaskResult[];
}

/** A lint thread ended before answering: the run stops with exit code 2. */
export class LintThreadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LintThreadError';
  }
}

/**
 * Below this many files per thread, starting a thread (loading the linter and the shell grammar again, ~0.2-0.4 s
 * of one core) costs more than it saves.
 */
export const MIN_FILES_PER_THREAD = 32;
/** Files per batch: small enough to balance the load, large enough that messages cost little next to linting. */
const BATCH = 8;
/** Batches handed to a lint thread ahead, so it never waits while the main thread is busy with its own batch. */
const AHEAD = 2;

/**
 * Threads to lint `files` files with: one per core that is free (cores minus the load average over the last
 * minute, rounded up), at most one per MIN_FILES_PER_THREAD files. A second thread pays its own start-up and
 * warm-up (~3-6 s of CPU over the corpus, measured): on cores that other work keeps busy it only slows the run
 * (corpus, 2 cores, load 3-5: 22.2 s on two threads against 17.4 s on one). `LAYERLINT_JOBS` sets the number
 * (1: the main thread only).
 */
export function threadCount(files: number, env: NodeJS.ProcessEnv, load: () => number = () => os.loadavg()[0]): number {
  const forced = env.LAYERLINT_JOBS;
  if (forced !== undefined && /^\d+$/.test(forced.trim())) return Math.max(1, Math.min(Number(forced), files));
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const free = Math.max(1, Math.ceil(cores - load()));
  return Math.max(1, Math.min(cores, free, Math.floor(files / MIN_FILES_PER_THREAD)));
}

/** The lint thread's script: beside this module, bundled (.cjs) when this module runs from the bundle. */
export function defaultWorkerScript(): string {
  const bundled = path.join(__dirname, 'lint-worker.cjs');
  if (__filename.endsWith('.cjs') && fs.existsSync(bundled)) return bundled;
  return path.join(__dirname, 'lint-worker.js');
}

/**
 * Lint `tasks` on `threads` threads (the main thread, through `local`, is one of them). Resolves to the results by
 * task index; stops handing out files after the first fatal result (the run ends there). `onSettled` is told each
 * finished task. Rejects with LintThreadError when a lint thread dies.
 */
export function lintInThreads(tasks: readonly Task[], opts: { threads: number; settings: RunSettings; local: FileLinter; script?: string; onSettled?: (r: TaskResult) => void }): Promise<TaskResult[]> {
  return new Promise<TaskResult[]>((resolve, reject) => {
    const results: TaskResult[] = [];
    let next = 0;
    let settled = 0;
    let stopped = false;
    let finished = false;
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, number>();

    const takeBatch = (): Task[] => {
      if (stopped) return [];
      const batch = tasks.slice(next, next + BATCH);
      next += batch.length;
      return batch;
    };
    const finish = (err: Error | null): void => {
      if (finished) return;
      finished = true;
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const record = (r: TaskResult): void => {
      results[r.index] = r;
      settled++;
      if (r.fatal) stopped = true;
      opts.onSettled?.(r);
    };
    const allDone = (): boolean => {
      if (stopped) return [...inFlight.values()].every((n) => n === 0);
      return settled === tasks.length;
    };
    const feed = (w: Worker): void => {
      while ((inFlight.get(w) ?? 0) < AHEAD) {
        const batch = takeBatch();
        if (batch.length === 0) return;
        inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
        const req: BatchRequest = { batch };
        w.postMessage(req);
      }
    };

    const script = opts.script ?? defaultWorkerScript();
    for (let i = 1; i < opts.threads; i++) {
      let w: Worker;
      try {
        w = new Worker(script, { workerData: opts.settings, stdout: true, stderr: true });
      } catch (err) {
        finish(new LintThreadError(`could not start a lint thread (${(err as Error).message})`));
        return;
      }
      workers.push(w);
      inFlight.set(w, 0);
      w.on('message', (reply: BatchReply) => {
        if (finished) return;
        inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
        for (const r of reply.done) record(r);
        if (allDone()) finish(null);
        else feed(w);
      });
      w.on('error', (err: Error) => finish(new LintThreadError(`a lint thread stopped unexpectedly (${err.message})`)));
      w.on('exit', (code) => {
        if (!finished) finish(new LintThreadError(`a lint thread exited unexpectedly (exit code ${code})`));
      });
      feed(w);
    }

    // The main thread lints batches too, yielding between them so the threads' replies are read and they are fed.
    const localLoop = async (): Promise<void> => {
      for (;;) {
        if (finished) return;
        const batch = takeBatch();
        if (batch.length === 0) break;
        for (const task of batch) {
          if (finished) return;
          try {
            record({ index: task.index, outcome: await opts.local.lint(task.file) });
          } catch (err) {
            record({ index: task.index, fatal: { config: err instanceof ConfigError, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined } });
          }
        }
        await new Promise<void>((r) => setImmediate(r));
      }
      if (allDone()) finish(null);
    };
    localLoop().catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
  });
}
