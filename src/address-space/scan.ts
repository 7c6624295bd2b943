/**
 * Sequential scans of guest-physical memory: the runs of mapping(), cut into large chunks, each
 * with its physical address. Holes are reported as they come, never filled in. The chunk buffer
 * is one, reused from chunk to chunk, so memory stays flat however much is scanned.
 */
import { VboxCoreError } from '../errors';
import { checkSelection, RangeSelection, selectedWindows } from '../export/selection';
import { HoleKind, Run } from './physical';
import { PhysicalRange } from '../model/types';

/** What to scan and in what pieces. */
export interface ScanOptions {
  /** Which memory: every range (the default), the RAM ranges, or physical windows. */
  readonly selection?: RangeSelection;
  /** Bytes per data chunk (4 MiB by default; at most 256 MiB). */
  readonly chunkSize?: number;
}

/** A piece of a scan: data, in the scan's buffer, or a hole. */
export type ScanChunk =
  | {
      /** Bytes of the dump. */
      readonly kind: 'data';
      /** The physical address of the first byte. */
      readonly physicalAddress: number;
      /** Where the bytes are in the file. */
      readonly fileOffset: number;
      /** The bytes: a view of the scan's own buffer, overwritten by the next chunk (copy it to keep it). */
      readonly bytes: Uint8Array;
    }
  | {
      /** No bytes here. */
      readonly kind: 'hole';
      /** The physical address of the hole. */
      readonly physicalAddress: number;
      /** Its length. */
      readonly length: number;
      /** Why there are no bytes. */
      readonly hole: HoleKind;
    };

const DEFAULT_CHUNK = 4 * 1024 * 1024;
const MAX_CHUNK = 256 * 1024 * 1024;

/** The chunk size asked for, checked. */
export function scanChunkSize(options: ScanOptions): number {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK) throw new VboxCoreError('INVALID_ARGUMENT', `scan chunkSize ${String(chunkSize)} is not a whole number from 1 to ${MAX_CHUNK}`);
  return chunkSize;
}

/** A piece of a scan before its bytes are read: a data run cut to the chunk size, or a hole. */
export type ScanStep = { readonly kind: 'data'; readonly physicalAddress: number; readonly fileOffset: number; readonly length: number } | { readonly kind: 'hole'; readonly physicalAddress: number; readonly length: number; readonly hole: HoleKind };

/**
 * The steps of a scan, in address order: what both the synchronous and the asynchronous scans
 * read. `mapping` is the physical layer's own.
 */
export function* scanSteps(ranges: readonly PhysicalRange[], mapping: (address: number, length: number) => Run[], options: ScanOptions): Generator<ScanStep> {
  if (typeof options !== 'object' || options === null) throw new VboxCoreError('INVALID_ARGUMENT', 'scan options must be an object ({ selection, chunkSize })');
  const chunkSize = scanChunkSize(options);
  const selection = options.selection ?? 'all';
  checkSelection(selection);
  for (const window of selectedWindows(selection, ranges)) {
    // Windows are cut before mapping() so that its list of runs stays short on huge ranges.
    for (let start = window.start; start < window.end; start += MAX_CHUNK) {
      for (const run of mapping(start, Math.min(MAX_CHUNK, window.end - start))) {
        const address = Number(run.physicalAddress);
        if (run.kind === 'hole') {
          yield { kind: 'hole', physicalAddress: address, length: run.length, hole: run.hole };
          continue;
        }
        for (let done = 0; done < run.length; done += chunkSize) {
          yield { kind: 'data', physicalAddress: address + done, fileOffset: run.fileOffset + done, length: Math.min(chunkSize, run.length - done) };
        }
      }
    }
  }
}
