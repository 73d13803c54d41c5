/**
 * A lint thread (see lint-pool.ts): lints the batches of files it is sent with the run's settings and posts back
 * each file's outcome. Batches are handled one after another, in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../engine/config';
import { prepareLinter } from '../engine/lint';
import { FileLinter, type RunSettings } from './lint-file';
import type { BatchReply, BatchRequest, TaskResult } from './lint-pool';

const port = parentPort;
if (port) {
  const linter = new FileLinter(workerData as RunSettings);
  let queue: Promise<void> = prepareLinter();
  port.on('message', (msg: BatchRequest) => {
    queue = queue.then(async () => {
      const done: TaskResult[] = [];
      for (const task of msg.batch) {
        try {
          done.push({ index: task.index, outcome: await linter.lint(task.file) });
        } catch (err) {
          // Handed back to the main thread, which fails the run at this file as a one-thread run would.
          done.push({ index: task.index, fatal: { config: err instanceof ConfigError, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined } });
        }
      }
      const reply: BatchReply = { done };
      port.postMessage(reply);
    });
  });
}
