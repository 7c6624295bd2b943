/**
 * The thread behind every RemoteSyncSource of a thread: it holds their HttpSources and
 * S3Sources, by id, and
 * answers each request the owning thread posts by filling that source's shared buffer and waking
 * it (Atomics.notify). The owner waits meanwhile (Atomics.wait): that is how synchronous code
 * (openDump, the CLI's commands, page walks) reads a dump over HTTP. One thread serves them all,
 * so a batch of a thousand remote dumps starts one thread, not a thousand.
 */
import { parentPort } from 'node:worker_threads';
import type { AsyncByteSource } from './async-source';
import { HttpSource } from './http-source';
import { isHttpAddress } from './remote-address';
import { S3Source } from './s3-source';
import { ANSWER_DONE, ANSWER_FAILED, RemoteRequest, STATE, LENGTH, writeAnswer } from './remote-protocol';

interface Opened {
  readonly controlWords: Int32Array;
  readonly data: Uint8Array;
  source: AsyncByteSource | null;
}

const sources = new Map<number, Opened>();

function answer(opened: Opened, state: typeof ANSWER_DONE | typeof ANSWER_FAILED, length: number): void {
  Atomics.store(opened.controlWords, LENGTH, length);
  Atomics.store(opened.controlWords, STATE, state);
  Atomics.notify(opened.controlWords, STATE);
}

function fail(opened: Opened, error: unknown): void {
  const failure = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const code = typeof failure.code === 'string' ? failure.code : 'REMOTE_UNREACHABLE';
  answer(opened, ANSWER_FAILED, writeAnswer(opened.data, { code, message: typeof failure.message === 'string' ? failure.message : String(error) }));
}

parentPort!.on('message', (request: RemoteRequest) => {
  if (request.kind === 'open') {
    const opened: Opened = { controlWords: new Int32Array(request.control), data: new Uint8Array(request.data), source: null };
    sources.set(request.id, opened);
    (isHttpAddress(request.address) ? HttpSource.open(request.address, request.options) : S3Source.open(request.address, { timeoutMs: request.options.timeoutMs })).then((source: AsyncByteSource) => {
      opened.source = source;
      answer(opened, ANSWER_DONE, writeAnswer(opened.data, { path: source.path, size: source.size }));
    }, (error: unknown) => {
      sources.delete(request.id);
      fail(opened, error);
    });
    return;
  }
  const opened = sources.get(request.id);
  if (opened === undefined) return;
  if (request.kind === 'close') {
    sources.delete(request.id);
    void opened.source?.close();
    return;
  }
  opened.source!.readInto(opened.data.subarray(0, request.length), request.fileOffset).then(() => answer(opened, ANSWER_DONE, request.length), (error: unknown) => fail(opened, error));
});
