/**
 * The viewer's search, in a Web Worker so the page stays responsive: it reads the dump itself
 * (the picked file, or the served dump by range requests, through the library's own sources) and
 * posts hits and progress back. One search per worker; the page cancels by ending the worker.
 */
import { HttpSource } from '../src/io/http-source';
import { isVboxCoreError, VboxCoreError } from '../src/errors';
import { searchRuns, SearchPattern, SearchRun } from './search-core';

/** Where the worker reads the dump from. */
export type SearchSource = { readonly kind: 'blob'; readonly blob: Blob; readonly name: string } | { readonly kind: 'http'; readonly url: string; readonly name: string };

/** What the page asks. */
export interface SearchRequest {
  readonly source: SearchSource;
  readonly runs: readonly SearchRun[];
  readonly pattern: SearchPattern;
  readonly maxHits: number;
}

/** What the worker answers, in order: hits and progress as they come, then done or an error. */
export type SearchMessage =
  | { readonly type: 'hits'; readonly addresses: readonly bigint[] }
  | { readonly type: 'progress'; readonly bytesSearched: number; readonly bytesTotal: number }
  | { readonly type: 'done'; readonly hits: number; readonly truncated: boolean; readonly bytesSearched: number; readonly milliseconds: number }
  | { readonly type: 'error'; readonly code: string; readonly text: string };

/** Bytes read and searched at a time (two in flight). */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** Progress is posted at most this often. */
const PROGRESS_MILLISECONDS = 100;

const scope = self as unknown as { onmessage: ((event: MessageEvent<SearchRequest>) => void) | null; postMessage(message: SearchMessage): void };

scope.onmessage = (event) => {
  void run(event.data);
};

async function run(request: SearchRequest): Promise<void> {
  const started = performance.now();
  try {
    const read = request.source.kind === 'blob' ? streamedReads(request.source.blob, request.source.name) : await rangeReads(request.source.url, request.source.name);
    let posted = 0;
    const result = await searchRuns({
      runs: request.runs,
      pattern: request.pattern,
      read,
      chunkBytes: CHUNK_BYTES,
      maxHits: request.maxHits,
      onHits: (addresses) => scope.postMessage({ type: 'hits', addresses }),
      onProgress: ({ bytesSearched, bytesTotal }) => {
        const now = performance.now();
        if (now - posted < PROGRESS_MILLISECONDS && bytesSearched < bytesTotal) return;
        posted = now;
        scope.postMessage({ type: 'progress', bytesSearched, bytesTotal });
      },
    });
    scope.postMessage({ type: 'done', ...result, milliseconds: performance.now() - started });
  } catch (error) {
    const code = isVboxCoreError(error) ? error.code : 'INTERNAL_ERROR';
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ type: 'error', code, text: isVboxCoreError(error) ? `${code}: ${message}` : `INTERNAL_ERROR: ${message} (this is a bug in vboxcore)` });
  }
}

/**
 * Reads of a picked file as one stream per stretch of the file read in order, into two buffers
 * used in turn that the stream fills itself (a BYOB reader; searchRuns is done with a chunk's
 * bytes before the read after next). In Chromium 156, 1 GiB from the page cache: 680-1000 MB/s so,
 * 290 MB/s with a new buffer per 4 MiB chunk, 170-260 MB/s by `slice().arrayBuffer()` per chunk.
 * A read elsewhere than where the last one ended starts a new stream there.
 */
function streamedReads(blob: Blob, name: string): (fileOffset: number, length: number) => Promise<Uint8Array> {
  let reader: ReadableStreamBYOBReader | null = null;
  let next = -1;
  const buffers: ArrayBuffer[] = [];
  let turn = 0;
  return async (fileOffset, length) => {
    if (reader === null || next !== fileOffset) {
      void reader?.cancel().catch(() => undefined);
      reader = blob.slice(fileOffset).stream().getReader({ mode: 'byob' });
      next = fileOffset;
    }
    const slot = turn;
    turn ^= 1;
    if ((buffers[slot]?.byteLength ?? -1) < length) buffers[slot] = new ArrayBuffer(length);
    let buffer = buffers[slot];
    let filled = 0;
    try {
      while (filled < length) {
        // the stream takes the buffer and gives it back, filled a little further
        const { done, value } = await reader.read(new Uint8Array(buffer, filled, length - filled));
        if (done || value === undefined) throw new Error(`the file ended at ${fileOffset + filled}`);
        buffer = value.buffer as ArrayBuffer;
        filled += value.byteLength;
      }
    } catch (cause) {
      reader = null;
      delete buffers[slot];
      throw new VboxCoreError('FILE_UNREADABLE', `${name}: cannot read ${length} bytes at file offset ${fileOffset} (${cause instanceof Error ? cause.message : String(cause)}); was the file changed since it was picked?`, { fileOffset });
    }
    buffers[slot] = buffer;
    next = fileOffset + length;
    return new Uint8Array(buffer, 0, length);
  };
}

/** Reads of a served dump by range requests, through the library's HttpSource. */
async function rangeReads(url: string, name: string): Promise<(fileOffset: number, length: number) => Promise<Uint8Array>> {
  const source = await HttpSource.open(url, { name });
  return async (fileOffset, length) => {
    const bytes = new Uint8Array(length);
    await source.readInto(bytes, fileOffset);
    return bytes;
  };
}
