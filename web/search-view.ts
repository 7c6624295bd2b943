/**
 * The search pane: a pattern (hex with ?? wildcards, ASCII, UTF-16LE) over all of the dump's
 * memory or a range of it, physical or through a vCPU's page tables. The search runs in a Web
 * Worker (web/search-worker.ts) that reads the dump itself; the page shows progress and the hits
 * as links, and Cancel ends the worker.
 */
import type { AsyncVBoxCoreDump, AsyncVirtualAddressSpace } from '../src/async/dump-core';
import { batchRuns, parsePattern, PatternKind, SearchPattern, SearchRun } from './search-core';
import type { SearchMessage, SearchRequest, SearchSource } from './search-worker';
import { Place, placeFragment } from './url-state';

/** Hits listed at most; the search stops there and says so. */
export const MAX_HITS = 1000;
/** Runs a virtual search takes at most (one per physically contiguous piece of a mapping). */
const MAX_VIRTUAL_RUNS = 1_000_000;

/** What the page learns of a search, for its state and its tests. */
export interface SearchStatus {
  state: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  hits: number;
  bytesSearched: number;
  bytesTotal: number;
  milliseconds: number | null;
  truncated: boolean;
}

/** The file pieces behind [from, to) of the physical space. */
export function physicalRuns(dump: AsyncVBoxCoreDump, from: bigint, to: bigint): SearchRun[] {
  const runs: SearchRun[] = [];
  for (const range of dump.ranges) {
    const start = BigInt(range.physicalStart);
    const end = start + BigInt(range.presentBytes);
    const low = start > from ? start : from;
    const high = end < to ? end : to;
    if (low >= high) continue;
    runs.push({ address: low, fileOffset: range.fileOffset + Number(low - start), length: Number(high - low) });
  }
  return runs.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/**
 * The file pieces behind the mapped pages of [from, to) of a vCPU's virtual space, in virtual
 * order (a mapping maps() folded as repeated, each repeat), and why they are not all of them
 * when they are not (maps() stopped, or more than MAX_VIRTUAL_RUNS pieces): the page says so.
 */
export async function virtualRuns(dump: AsyncVBoxCoreDump, space: AsyncVirtualAddressSpace, from: bigint, to: bigint): Promise<{ runs: SearchRun[]; incomplete: string | null }> {
  const runs: SearchRun[] = [];
  const listing = await space.maps();
  let incomplete = listing.truncated ? `the page tables were not all walked (${listing.stopReason}): pages past that are not searched` : null;
  for (const mapping of listing.mappings) {
    for (let repeat = 0; repeat < mapping.repeats; repeat++) {
      const shift = BigInt(repeat) * (mapping.repeatStride ?? 0n);
      const low = mapping.virtualStart + shift > from ? mapping.virtualStart + shift : from;
      const high = mapping.virtualEnd + shift < to ? mapping.virtualEnd + shift : to;
      for (let address = low; address < high; ) {
        if (runs.length >= MAX_VIRTUAL_RUNS) return { runs, incomplete: `more than ${MAX_VIRTUAL_RUNS.toLocaleString('en')} pieces of mapped memory: the search stops at 0x${address.toString(16)}; give a range` };
        const step = high - address > 1n << 30n ? 1 << 30 : Number(high - address);
        for (const run of await space.mapping(address, step)) {
          if (run.kind !== 'data') continue;
          for (const piece of physicalRuns(dump, run.physicalAddress, run.physicalAddress + BigInt(run.length))) {
            runs.push({ address: run.virtualAddress + (piece.address - run.physicalAddress), fileOffset: piece.fileOffset, length: piece.length });
          }
        }
        address += BigInt(step);
      }
    }
  }
  return { runs: runs.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)), incomplete };
}

/**
 * Bytes one worker searches at most. Chromium's BYOB streams of a Blob stop delivering after
 * some 3.5 to 3.8 GB read in one worker (Chromium 156, measured on a 1 GiB file read again and
 * again and on the 24 GB layout: the read never settles); a fresh worker per GiB keeps clear of it.
 */
const WORKER_BYTES = 2 ** 30;

type Done = Extract<SearchMessage, { type: 'done' }>;

/** One batch in one new worker; resolves with its end, or null when it failed (already told). */
function runWorker(workerSource: string, request: SearchRequest, listeners: { hits(addresses: readonly bigint[]): void; progress(searched: number): void; failed(code: string, text: string): void }, started: (worker: Worker) => void): Promise<Done | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const worker = new Worker(url);
    URL.revokeObjectURL(url);
    started(worker);
    const end = (value: Done | null): void => {
      worker.terminate();
      resolve(value);
    };
    worker.onmessage = (event: MessageEvent<SearchMessage>) => {
      const message = event.data;
      if (message.type === 'hits') listeners.hits(message.addresses);
      else if (message.type === 'progress') listeners.progress(message.bytesSearched);
      else if (message.type === 'done') end(message);
      else {
        listeners.failed(message.code, message.text);
        end(null);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      listeners.failed('INTERNAL_ERROR', `INTERNAL_ERROR: the search worker failed: ${event.message} (this is a bug in vboxcore)`);
      end(null);
    };
    worker.postMessage(request);
  });
}

/**
 * Runs a search in workers, one after another, each given at most WORKER_BYTES (batchRuns: a
 * match across two shares is found once); `cancel()` ends the one running and the rest.
 */
export function startSearch(
  workerSource: string,
  request: Omit<SearchRequest, 'maxHits'>,
  listeners: { hits(addresses: readonly bigint[]): void; progress(searched: number, total: number): void; done(message: Done): void; failed(code: string, text: string): void },
): { cancel(): void } {
  let running: Worker | null = null;
  let cancelled = false;
  const batches = batchRuns(request.runs, WORKER_BYTES, request.pattern.bytes.length - 1);
  const total = batches.reduce((sum, batch) => sum + batch.ownBytes, 0);
  void (async () => {
    const started = performance.now();
    let searched = 0;
    let hits = 0;
    for (const batch of batches) {
      const carried = batch.runs.reduce((sum, run) => sum + run.length, 0) - batch.ownBytes;
      const end = await runWorker(workerSource, { ...request, runs: batch.runs, maxHits: MAX_HITS - hits }, {
        hits: (addresses) => {
          hits += addresses.length;
          listeners.hits(addresses);
        },
        progress: (bytes) => listeners.progress(searched + Math.max(0, bytes - carried), total),
        failed: listeners.failed,
      }, (worker) => {
        running = worker;
      });
      if (end === null || cancelled) return;
      searched += batch.ownBytes;
      if (end.truncated) {
        listeners.done({ ...end, hits, bytesSearched: searched, milliseconds: performance.now() - started });
        return;
      }
    }
    listeners.done({ type: 'done', hits, truncated: false, bytesSearched: searched, milliseconds: performance.now() - started });
  })();
  return {
    cancel: () => {
      cancelled = true;
      running?.terminate();
    },
  };
}

/** A hit as a list item: its address, a link to the hex there with the match selected. */
export function hitItem(address: bigint, pattern: SearchPattern, base: Place, space: 'physical' | 'virtual'): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.className = 'hit address';
  link.textContent = `0x${address.toString(16)}`;
  link.href = placeFragment({ ...base, view: 'hex', space, address, selectionLength: pattern.bytes.length });
  link.dataset.address = link.textContent;
  item.append(link);
  return item;
}

export { parsePattern };
export type { PatternKind, SearchSource };
