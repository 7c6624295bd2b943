/**
 * A dump at an http://, https:// or s3:// address read synchronously, as a file is: its
 * HttpSource or S3Source runs in a worker thread (io/remote-worker, one for all the remote dumps
 * of a thread), and each read here waits for its answer in shared memory. So openDump,
 * validation, the page walks and every CLI command read remote dumps with the code that reads
 * files, and every answer is checked as those sources check it.
 *
 * Small reads go through a cache of 64 KiB blocks (4 MiB in all), filled by one request per run of
 * missing blocks: the headers, the notes and a walk's page tables cost a few requests, not one per
 * read. Larger reads go to the server as they are, in requests of up to 8 MiB.
 */
import { Worker } from 'node:worker_threads';
import { VboxCoreError } from '../errors';
import { workerPath } from '../worker-path';
import { ByteSource } from './byte-source';
import type { HttpSourceOptions } from './http-source';
import { redactedUrl } from './http-source';
import { ANSWER_DONE, DATA_BYTES, LENGTH, readAnswer, RemoteRequest, STATE, WAITING } from './remote-protocol';

const BLOCK_BYTES = 64 * 1024;
const CACHED_BLOCKS = 64;
/** Reads up to this long go through the block cache. */
const CACHED_READ_LIMIT = 4 * BLOCK_BYTES;
/** What HttpSource does when not told otherwise: the wait for one answer follows from it. */
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;

/** The reading thread of this thread's remote sources: one for all, started with the first, never holding the process open. */
let sharedWorker: Worker | null = null;
let nextId = 0;

function readingThread(): Worker {
  if (sharedWorker === null) {
    sharedWorker = new Worker(workerPath('io/remote-worker.js'));
    sharedWorker.unref();
    sharedWorker.on('exit', () => (sharedWorker = null));
  }
  return sharedWorker;
}

export class RemoteSyncSource extends ByteSource {
  /** Requests to the worker so far (each is one or more HTTP requests, retries apart). */
  fetchCount = 0;
  private readonly blocks = new Map<number, Uint8Array>();
  private worker: Worker | null;
  private readonly controlWords: Int32Array;
  private readonly data: Uint8Array;
  private readonly answerWaitMs: number;

  private constructor(
    private readonly id: number,
    readonly path: string,
    readonly size: number,
    worker: Worker,
    controlWords: Int32Array,
    data: Uint8Array,
    answerWaitMs: number,
  ) {
    super();
    this.worker = worker;
    this.controlWords = controlWords;
    this.data = data;
    this.answerWaitMs = answerWaitMs;
  }

  /** Opens the dump at `url` (one ranged GET, in the reading thread) and waits for it. For s3:// only the timeout counts of the options. */
  static open(url: string, options: HttpSourceOptions = {}): RemoteSyncSource {
    if (options.fetch !== undefined) throw new VboxCoreError('INVALID_ARGUMENT', 'a synchronous remote source cannot take a fetch function (it runs in another thread); use HttpSource with the asynchronous API');
    const control = new SharedArrayBuffer(8);
    const data = new SharedArrayBuffer(DATA_BYTES);
    const controlWords = new Int32Array(control);
    const dataBytes = new Uint8Array(data);
    const { fetch: _fetch, ...cloneable } = options;
    // One answer may take every try of up to 4 requests in turn (a read split over them), with the waits between.
    const answerWaitMs = ((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 4000) * ((options.retries ?? DEFAULT_RETRIES) + 1) * 4 + 5000;
    const worker = readingThread();
    const id = (nextId += 1);
    worker.postMessage({ kind: 'open', id, address: url, options: cloneable, control, data } satisfies RemoteRequest);
    const opened = waitForAnswer(controlWords, dataBytes, answerWaitMs, options.name ?? redactedUrl(url));
    const { path: sourcePath, size } = readAnswer<{ path: string; size: number }>(dataBytes, opened);
    return new RemoteSyncSource(id, sourcePath, size, worker, controlWords, dataBytes, answerWaitMs);
  }

  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void {
    this.checkBounds(fileOffset, length);
    if (length === 0) return;
    if (length > CACHED_READ_LIMIT) {
      for (let done = 0; done < length; done += DATA_BYTES) {
        const piece = Math.min(DATA_BYTES, length - done);
        this.fetch(fileOffset + done, piece);
        target.set(this.data.subarray(0, piece), targetOffset + done);
      }
      return;
    }
    const first = Math.floor(fileOffset / BLOCK_BYTES);
    const last = Math.floor((fileOffset + length - 1) / BLOCK_BYTES);
    // Missing blocks next to each other come in one request.
    for (let block = first; block <= last; ) {
      if (this.blocks.has(block)) {
        block++;
        continue;
      }
      let end = block;
      while (end + 1 <= last && !this.blocks.has(end + 1)) end++;
      const start = block * BLOCK_BYTES;
      const bytes = Math.min((end + 1) * BLOCK_BYTES, this.size) - start;
      this.fetch(start, bytes);
      for (let index = block; index <= end; index++) {
        const offset = (index - block) * BLOCK_BYTES;
        this.keep(index, this.data.slice(offset, Math.min(offset + BLOCK_BYTES, bytes)));
      }
      block = end + 1;
    }
    for (let block = first; block <= last; block++) {
      const bytes = this.blocks.get(block)!;
      const blockStart = block * BLOCK_BYTES;
      const from = Math.max(fileOffset, blockStart);
      const to = Math.min(fileOffset + length, blockStart + bytes.length);
      target.set(bytes.subarray(from - blockStart, to - blockStart), targetOffset + from - fileOffset);
    }
  }

  close(): void {
    if (this.worker === null) return;
    this.worker.postMessage({ kind: 'close', id: this.id } satisfies RemoteRequest);
    this.worker = null;
    this.blocks.clear();
  }

  private keep(block: number, bytes: Uint8Array): void {
    if (this.blocks.size >= CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    this.blocks.set(block, bytes);
  }

  /** Asks the worker for `length` bytes at `fileOffset` (at most DATA_BYTES) and waits: they are then at the start of `data`. */
  private fetch(fileOffset: number, length: number): void {
    if (this.worker === null) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    this.fetchCount += 1;
    Atomics.store(this.controlWords, STATE, WAITING);
    this.worker.postMessage({ kind: 'read', id: this.id, fileOffset, length } satisfies RemoteRequest);
    waitForAnswer(this.controlWords, this.data, this.answerWaitMs, this.path);
  }
}

/** Waits for the worker's answer; its length, or the worker's error thrown as it was made. */
function waitForAnswer(controlWords: Int32Array, data: Uint8Array, waitMs: number, name: string): number {
  if (Atomics.wait(controlWords, STATE, WAITING, waitMs) === 'timed-out') {
    throw new VboxCoreError('REMOTE_TIMEOUT', `${name}: no answer from the server within ${Math.round(waitMs / 1000)} s, retries included`);
  }
  const length = Atomics.load(controlWords, LENGTH);
  if (Atomics.load(controlWords, STATE) === ANSWER_DONE) return length;
  const failure = readAnswer<{ code: string; message: string }>(data, length);
  throw new VboxCoreError(failure.code as ConstructorParameters<typeof VboxCoreError>[0], failure.message);
}
