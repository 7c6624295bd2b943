/**
 * The viewer's search, in a Web Worker so the page stays responsive: it reads the dump itself
 * (the picked file, or the served dump by range requests, through the library's own sources) and
 * posts hits and progress back. One search per worker; the page cancels by ending the worker.
 */
import { BlobSource } from '../src/io/blob-source';
import { HttpSource } from '../src/io/http-source';
import { isVboxCoreError } from '../src/errors';
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
    const source = request.source.kind === 'blob' ? new BlobSource(request.source.blob, request.source.name) : await HttpSource.open(request.source.url, { name: request.source.name });
    let posted = 0;
    const result = await searchRuns({
      runs: request.runs,
      pattern: request.pattern,
      read: (target, fileOffset) => source.readInto(target, fileOffset),
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
