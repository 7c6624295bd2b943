/**
 * The thread behind RemoteSyncSource: it holds the HttpSource and answers each read the main
 * thread posts by filling the shared buffer and waking it (Atomics.notify). The main thread waits
 * meanwhile (Atomics.wait): that is how synchronous code (openDump, the CLI's commands, page
 * walks) reads a dump over HTTP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HttpSource, HttpSourceOptions } from './http-source';
import { ANSWER_DONE, ANSWER_FAILED, RemoteRequest, STATE, LENGTH, writeAnswer } from './remote-protocol';

interface Setup {
  readonly address: string;
  readonly options: HttpSourceOptions;
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

const { address, options, control, data } = workerData as Setup;
const controlWords = new Int32Array(control);
const dataBytes = new Uint8Array(data);

function answer(state: typeof ANSWER_DONE | typeof ANSWER_FAILED, length: number): void {
  Atomics.store(controlWords, LENGTH, length);
  Atomics.store(controlWords, STATE, state);
  Atomics.notify(controlWords, STATE);
}

function fail(error: unknown): void {
  const failure = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown; details?: unknown }) : {};
  const code = typeof failure.code === 'string' ? failure.code : 'REMOTE_UNREACHABLE';
  answer(ANSWER_FAILED, writeAnswer(dataBytes, { code, message: typeof failure.message === 'string' ? failure.message : String(error) }));
}

let source: HttpSource | null = null;
HttpSource.open(address, options).then(
  (opened) => {
    source = opened;
    answer(ANSWER_DONE, writeAnswer(dataBytes, { path: opened.path, size: opened.size }));
  },
  fail,
);

parentPort!.on('message', (request: RemoteRequest) => {
  if (request.kind === 'close') {
    void source?.close();
    parentPort!.close();
    return;
  }
  const target = dataBytes.subarray(0, request.length);
  source!.readInto(target, request.fileOffset).then(() => answer(ANSWER_DONE, request.length), fail);
});
