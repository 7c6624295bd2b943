import { VboxCoreError } from '../errors';
import { hex } from '../model/numbers';
import { PhysicalRange } from '../model/types';
import { AddressInput, ADDRESS_SPACE_END, describeValue, toAddress, toSafeNumber } from './address';
import { ScanChunk, ScanOptions, scanChunkSize, scanSteps } from './scan';

/** Why a run has no bytes behind it. */
export type HoleKind =
  /** no range covers these addresses */
  | 'gap'
  /** an MMIO range: VirtualBox writes no bytes for it */
  | 'mmio'
  /** the range's bytes should be in the file but the file ends first */
  | 'truncated'
  /** the program header declares fewer file bytes than the range's size */
  | 'absent';

/** Addresses backed by bytes of the file. */
export interface DataRun {
  /** Tells data runs from holes. */
  readonly kind: 'data';
  /** First guest-physical address of the run. */
  readonly physicalAddress: bigint;
  /** Bytes in the run. */
  readonly length: number;
  /** Where the run's bytes are in the file. */
  readonly fileOffset: number;
  /** The range the run is in. */
  readonly range: PhysicalRange;
}

/** Addresses with no bytes behind them. */
export interface HoleRun {
  /** Tells holes from data runs. */
  readonly kind: 'hole';
  /** First guest-physical address of the hole. */
  readonly physicalAddress: bigint;
  /** Bytes in the hole. */
  readonly length: number;
  /** Why there are no bytes. */
  readonly hole: HoleKind;
  /** The range the hole is in; null for a gap between ranges. */
  readonly range: PhysicalRange | null;
}

/** One piece of the answer to `mapping(address, length)`: data or a hole. */
export type Run = DataRun | HoleRun;

/** Where one guest-physical address is in the file. */
export interface Translation {
  /** The address translated. */
  readonly physicalAddress: bigint;
  /** Its byte in the file. */
  readonly fileOffset: number;
  /** The range it is in. */
  readonly range: PhysicalRange;
  /** Its distance from the range's start. */
  readonly offsetInRange: number;
  /** Bytes readable from fileOffset before the range's data ends. */
  readonly bytesToDataEnd: number;
}

/** How `read` treats holes. */
export interface ReadOptions {
  /** What a hole reads as: an error naming it (the default), or zeros. */
  readonly holes?: 'error' | 'zero';
}

/** Refuses read options that are not `{ holes: 'error' | 'zero' }` (a misspelt value would silently mean 'error'). */
export function checkReadOptions(options: ReadOptions): void {
  if (typeof options !== 'object' || options === null) throw new VboxCoreError('INVALID_ARGUMENT', `read options are an object such as { holes: 'zero' }, not ${describeValue(options)}`);
  const { holes } = options;
  if (holes !== undefined && holes !== 'error' && holes !== 'zero') throw new VboxCoreError('INVALID_ARGUMENT', `read option holes is 'error' or 'zero', not ${describeValue(holes)}`);
}

/**
 * Refuses a read target that is not a Uint8Array (a Buffer is one): a DataView or an array would
 * be filled wrongly or not at all. By its tag, so that arrays of another realm (a vm context,
 * Jest's sandbox) count too.
 */
export function checkReadTarget(target: unknown): asserts target is Uint8Array {
  if (!(ArrayBuffer.isView(target) && (target as Uint8Array)[Symbol.toStringTag] === 'Uint8Array')) {
    throw new VboxCoreError('INVALID_ARGUMENT', `readInto fills a Uint8Array or a Buffer, not ${ArrayBuffer.isView(target) ? (target as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? 'a DataView' : describeValue(target)}`);
  }
}

/** Refuses a read() larger than MAX_READ_LENGTH (READ_TOO_LARGE); other bad lengths are the mapping's to name. */
export function checkReadLength(length: number): void {
  if (Number.isSafeInteger(length) && length > MAX_READ_LENGTH) {
    throw new VboxCoreError('READ_TOO_LARGE', `a read of ${length} bytes is larger than the ${MAX_READ_LENGTH}-byte limit; read in pieces`);
  }
}

/** Anything that can fill a buffer from file offsets: the dump file, or a test double. */
export interface ByteReader {
  /** Fills `target[targetOffset, targetOffset + length)` from `fileOffset`. */
  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void;
}

/** The largest single read; bigger transfers should stream (export walks mapping() instead). */
export const MAX_READ_LENGTH = 256 * 1024 * 1024;

/** The piece of a range that one physical address falls in. */
interface Piece {
  readonly range: PhysicalRange;
  /** First address of the piece. */
  readonly start: number;
  readonly end: number;
  readonly hole: HoleKind | null;
}

function piecesOf(range: PhysicalRange): Piece[] {
  const dataEnd = range.physicalStart + range.presentBytes;
  const declaredEnd = range.physicalStart + range.declaredFileBytes;
  const pieces: Piece[] = [];
  if (range.presentBytes > 0) pieces.push({ range, start: range.physicalStart, end: dataEnd, hole: null });
  if (declaredEnd > dataEnd) pieces.push({ range, start: dataEnd, end: declaredEnd, hole: 'truncated' });
  if (range.physicalEnd > declaredEnd) pieces.push({ range, start: declaredEnd, end: range.physicalEnd, hole: range.declaredFileBytes === 0 ? 'mmio' : 'absent' });
  return pieces;
}

function describeHole(run: HoleRun): string {
  const span = run.length === 1 ? hex(run.physicalAddress) : `${hex(run.physicalAddress)}-${hex(run.physicalAddress + BigInt(run.length))}`;
  const range = run.range === null ? '' : ` (range ${run.range.index}: ${hex(run.range.physicalStart)}-${hex(run.range.physicalEnd)}, ${run.range.kind})`;
  switch (run.hole) {
    case 'gap':
      return `physical ${span} is not covered by any range of the dump`;
    case 'mmio':
      return `physical ${span} is MMIO with no data in the file${range}`;
    case 'truncated':
      return `physical ${span} is missing: the dump is truncated${range}`;
    case 'absent':
      return `physical ${span} has no bytes in the file (p_filesz smaller than p_memsz)${range}`;
  }
}

/** The error for touching a hole: UNMAPPED_ADDRESS outside every range, PHYSICAL_HOLE inside one. */
function holeError(run: HoleRun): VboxCoreError {
  return new VboxCoreError(run.hole === 'gap' ? 'UNMAPPED_ADDRESS' : 'PHYSICAL_HOLE', describeHole(run), {
    details: { physicalAddress: hex(run.physicalAddress), length: run.length, hole: run.hole, range: run.range?.index ?? null },
  });
}

/**
 * The guest-physical address space of a dump, as one layer in the Volatility sense: `mapping`
 * answers which file bytes (or which holes) back an address window, and `translate` and `read`
 * are built on it.
 */
export class PhysicalAddressSpace {
  private readonly pieces: Piece[];
  private readonly pieceStarts: Float64Array;

  constructor(
    private readonly reader: ByteReader,
    private readonly ranges: readonly PhysicalRange[],
  ) {
    this.pieces = [...ranges]
      .sort((a, b) => a.physicalStart - b.physicalStart)
      .flatMap(piecesOf);
    this.pieceStarts = Float64Array.from(this.pieces, (piece) => piece.start);
  }

  /** The piece the last lookup landed in: reads that follow each other stay in it. */
  private lastPiece = 0;

  /**
   * The data piece holding `length` bytes at `address` whole, or -1 (a hole, a boundary crossed,
   * an address that is not a safe number): the fast path of translate and read, which allocates
   * nothing and leaves every other case to mapping().
   */
  private dataPieceOf(address: number, length: number): number {
    let index = this.lastPiece;
    let piece = this.pieces[index];
    if (piece === undefined || address < piece.start || address >= piece.end) {
      index = this.pieceAtOrBefore(address);
      if (index < 0) return -1;
      piece = this.pieces[index];
      this.lastPiece = index;
    }
    return piece.hole === null && address + length <= piece.end ? index : -1;
  }

  /**
   * The file offset of the byte at a physical address given as a number, or null when no file
   * byte backs it (a gap, MMIO, a truncated or absent part). The allocation-free form of
   * `translate` for hot loops; addresses from 2^53 on need `translate` with a BigInt.
   */
  fileOffsetOf(address: number): number | null {
    if (!(Number.isSafeInteger(address) && address >= 0)) {
      throw new VboxCoreError('INVALID_ARGUMENT', `fileOffsetOf takes a physical address below 2^53 as a number, not ${String(address)}; use translate() for BigInt addresses`);
    }
    const index = this.dataPieceOf(address, 1);
    if (index < 0) return null;
    const { range } = this.pieces[index];
    return range.fileOffset + (address - range.physicalStart);
  }

  /**
   * The file offset of `length` bytes at a physical address given as a number, when they are all
   * data of one range (one read fetches them); null otherwise (a hole, a range boundary): then
   * mapping() says what is there.
   */
  fileOffsetOfWindow(address: number, length: number): number | null {
    if (!(Number.isSafeInteger(address) && address >= 0 && Number.isSafeInteger(length) && length >= 0)) {
      throw new VboxCoreError('INVALID_ARGUMENT', `fileOffsetOfWindow takes a physical address below 2^53 and a length as non-negative whole numbers, not ${describeValue(address)} and ${describeValue(length)}; use mapping() for BigInt addresses`);
    }
    const index = this.fastReadPiece(address, length);
    if (index < 0) return null;
    const { range } = this.pieces[index];
    return range.fileOffset + (address - range.physicalStart);
  }

  /** Index of the last piece starting at or below `address`, or -1. */
  private pieceAtOrBefore(address: number): number {
    let low = 0;
    let high = this.pieces.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.pieceStarts[middle] <= address) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** The runs of file data and holes that make up `length` bytes at `address`, in order. */
  mapping(address: AddressInput, length: number): Run[] {
    if (!Number.isSafeInteger(length) || length < 0) throw new VboxCoreError('INVALID_ARGUMENT', `length ${length} is not a non-negative safe integer`);
    // Hot path: a safe-integer address whose window ends below 2^53 needs no BigInt arithmetic.
    let cursor = typeof address === 'number' && Number.isSafeInteger(address) && address >= 0 && Number.isSafeInteger(address + length) ? address : null;
    let start = 0n;
    if (cursor === null) {
      start = toAddress(address);
      if (start + BigInt(length) > ADDRESS_SPACE_END) {
        throw new VboxCoreError('INVALID_ARGUMENT', `${length} bytes at ${hex(start)} run past the end of the 64-bit address space`);
      }
      cursor = toSafeNumber(start);
    }
    const runs: Run[] = [];
    let remaining = length;
    if (cursor === null) {
      if (length > 0) runs.push({ kind: 'hole', physicalAddress: start, length, hole: 'gap', range: null });
      return runs;
    }
    let index = this.pieceAtOrBefore(cursor);
    if (index >= 0 && this.pieces[index].end <= cursor) index++;
    else if (index < 0) index = 0;
    while (remaining > 0) {
      const piece = this.pieces[index];
      if (piece === undefined) {
        runs.push({ kind: 'hole', physicalAddress: BigInt(cursor), length: remaining, hole: 'gap', range: null });
        break;
      }
      if (cursor < piece.start) {
        const gapLength = Math.min(remaining, piece.start - cursor);
        runs.push({ kind: 'hole', physicalAddress: BigInt(cursor), length: gapLength, hole: 'gap', range: null });
        cursor += gapLength;
        remaining -= gapLength;
        continue;
      }
      const runLength = Math.min(remaining, piece.end - cursor);
      if (piece.hole === null) {
        runs.push({ kind: 'data', physicalAddress: BigInt(cursor), length: runLength, fileOffset: piece.range.fileOffset + (cursor - piece.range.physicalStart), range: piece.range });
      } else {
        runs.push({ kind: 'hole', physicalAddress: BigInt(cursor), length: runLength, hole: piece.hole, range: piece.range });
      }
      cursor += runLength;
      remaining -= runLength;
      index++;
    }
    return runs;
  }

  /** The file offset holding the byte at `address`; an error names the hole when there is none. */
  translate(address: AddressInput): Translation {
    if (typeof address === 'number' && Number.isSafeInteger(address) && address >= 0) {
      const index = this.dataPieceOf(address, 1);
      if (index >= 0) {
        const { range } = this.pieces[index];
        const offsetInRange = address - range.physicalStart;
        return { physicalAddress: BigInt(address), fileOffset: range.fileOffset + offsetInRange, range, offsetInRange, bytesToDataEnd: range.presentBytes - offsetInRange };
      }
    }
    const [run] = this.mapping(address, 1);
    if (run.kind === 'hole') throw holeError(run);
    const offsetInRange = run.fileOffset - run.range.fileOffset;
    return {
      physicalAddress: run.physicalAddress,
      fileOffset: run.fileOffset,
      range: run.range,
      offsetInRange,
      bytesToDataEnd: run.range.presentBytes - offsetInRange,
    };
  }

  /** Reads `length` bytes at `address`, across range boundaries. Holes are an error unless zeros are asked for. */
  read(address: AddressInput, length: number, options: ReadOptions = {}): Buffer {
    checkReadLength(length);
    checkReadOptions(options);
    const index = this.fastReadPiece(address, length);
    if (index >= 0) {
      const target = allocateReadBuffer(length);
      this.readPiece(index, address as number, target);
      return target;
    }
    const runs = this.mapping(address, length);
    const target = allocateReadBuffer(length);
    this.fill(runs, target, options);
    return target;
  }

  /** The data piece a read lies in whole, when the address is a plain number: the path without runs. */
  private fastReadPiece(address: AddressInput, length: number): number {
    return typeof address === 'number' && Number.isSafeInteger(address) && address >= 0 && Number.isSafeInteger(length) && length > 0 ? this.dataPieceOf(address, length) : -1;
  }

  private readPiece(index: number, address: number, target: Uint8Array): void {
    const { range } = this.pieces[index];
    this.reader.readInto(target, 0, target.length, range.fileOffset + (address - range.physicalStart));
  }

  /** The bytes at `address`, or null when any of them is a hole: for callers that expect holes often (page-table walks over hostile tables) and must not pay an error each. */
  readOrNull(address: AddressInput, length: number): Buffer | null {
    const runs = this.mapping(address, length);
    if (runs.some((run) => run.kind === 'hole')) return null;
    const target = Buffer.allocUnsafe(length);
    this.fill(runs, target, {});
    return target;
  }

  /** Fills `target` with the bytes at `address`: the same as read(), into a buffer the caller reuses. */
  readInto(address: AddressInput, target: Uint8Array, options: ReadOptions = {}): void {
    checkReadTarget(target);
    checkReadOptions(options);
    const index = this.fastReadPiece(address, target.length);
    if (index >= 0) this.readPiece(index, address as number, target);
    else this.fill(this.mapping(address, target.length), target, options);
  }

  /**
   * Scans the selected memory in order: data in chunks (of `chunkSize`, 4 MiB by default) read
   * into one buffer that the next chunk overwrites, and every hole on the way. For whole-dump
   * passes (strings, YARA, carving) with memory that does not grow with the dump.
   */
  *scan(options: ScanOptions = {}): Generator<ScanChunk> {
    const buffer = Buffer.allocUnsafeSlow(scanChunkSize(options));
    for (const step of scanSteps(this.ranges, (address, length) => this.mapping(address, length), options)) {
      if (step.kind === 'hole') {
        yield step;
        continue;
      }
      const bytes = buffer.subarray(0, step.length);
      this.reader.readInto(bytes, 0, step.length, step.fileOffset);
      yield { kind: 'data', physicalAddress: step.physicalAddress, fileOffset: step.fileOffset, bytes };
    }
  }

  /** Throws what read() would throw for this window (a hole, a bad argument), without reading it. */
  assertReadable(address: AddressInput, length: number): void {
    firstHoleIsError(this.mapping(address, length));
  }

  /** Throws the error read() gives for the first hole among `runs` (from mapping()), if there is one. */
  assertNoHole(runs: readonly Run[]): void {
    firstHoleIsError(runs);
  }

  private fill(runs: readonly Run[], target: Uint8Array, options: ReadOptions): void {
    if (options.holes !== 'zero') firstHoleIsError(runs);
    let position = 0;
    for (const run of runs) {
      if (run.kind === 'data') this.reader.readInto(target, position, run.length, run.fileOffset);
      else target.fill(0, position, position + run.length);
      position += run.length;
    }
  }
}

function firstHoleIsError(runs: readonly Run[]): void {
  const hole = runs.find((run): run is HoleRun => run.kind === 'hole');
  if (hole !== undefined) throw holeError(hole);
}

// Small reads are carved from a shared slab, as Node's own Buffer pool does below 4 KiB: a
// fresh ArrayBuffer per 4 KiB read costs about as much as the read itself.
const SLAB_SIZE = 1024 * 1024;
const SLAB_MAX_PIECE = 64 * 1024;
let slab = Buffer.allocUnsafe(0);
let slabUsed = 0;

function allocateReadBuffer(length: number): Buffer {
  if (length > SLAB_MAX_PIECE) return Buffer.allocUnsafe(length);
  if (slabUsed + length > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const piece = slab.subarray(slabUsed, slabUsed + length);
  slabUsed = (slabUsed + length + 7) & ~7;
  return piece;
}

