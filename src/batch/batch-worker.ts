/**
 * A thread of `validate --jobs N`: it checks the dumps the main thread hands it, one at a time,
 * and posts each result back. Each dump is read synchronously (a file, or over HTTP through its
 * own reading thread), so N of them are read side by side only in N threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDump, DumpCheckOptions } from './check-dump';

/** What the main thread posts: the next dump to check, or null to end. */
export type BatchTask = { readonly index: number; readonly path: string } | null;
/** What this thread posts back for a task. */
export type BatchAnswer = { readonly index: number; readonly check?: unknown; readonly failure?: { readonly code: string; readonly message: string } };

const options = workerData as DumpCheckOptions;

parentPort!.on('message', (task: BatchTask) => {
  if (task === null) {
    parentPort!.close();
    return;
  }
  checkDump(task.path, options, task.index).then(
    (check) => parentPort!.postMessage({ index: task.index, check } satisfies BatchAnswer),
    (error: unknown) => {
      const failure = error as { code?: unknown; message?: unknown };
      parentPort!.postMessage({ index: task.index, failure: { code: typeof failure.code === 'string' ? failure.code : 'INTERNAL_ERROR', message: String(failure.message ?? error) } } satisfies BatchAnswer);
    },
  );
});
