import { VboxCoreError } from '../errors';
import type { AsyncByteSource } from './async-source';
import { checkWindow } from './byte-source';
import { ByteSource } from './byte-source';

/**
 * Thrown for bytes that have not been fetched yet. The parsing and translation code is the
 * synchronous one; the asynchronous layer runs it over fetched windows, catches this, fetches
 * the window and runs the step again (the same reads, in the same order, so it converges).
 */
export class MissingBytes extends Error {
  constructor(
    readonly fileOffset: number,
    readonly length: number,
  ) {
    super(`bytes ${fileOffset}+${length} are not fetched yet`);
  }
}

/**
 * A synchronous byte source over windows fetched from an asynchronous one, keyed by the file
 * offset they were asked at. Bounded: the oldest window goes first when `capacity` are held.
 * Lenient, it answers a missing window with zeros and notes it instead of throwing: for a walk
 * over many tables, which fetches every table one level reveals at once (maps()).
 */
export class FetchedWindows extends ByteSource {
  private readonly windows = new Map<number, Uint8Array>();
  /** Windows asked for while lenient and not held, by file offset: fetched together before the next round. */
  readonly missing = new Map<number, number>();
  lenient = false;

  constructor(
    readonly source: AsyncByteSource,
    private readonly capacity: number,
  ) {
    super();
  }

  get path(): string {
    return this.source.path;
  }

  get size(): number {
    return this.source.size;
  }

  /** How many windows are held. */
  get held(): number {
    return this.windows.size;
  }

  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void {
    this.checkBounds(fileOffset, length);
    const window = this.windows.get(fileOffset);
    if (window !== undefined && window.length >= length) {
      target.set(window.subarray(0, length), targetOffset);
      return;
    }
    if (!this.lenient) throw new MissingBytes(fileOffset, length);
    this.missing.set(fileOffset, Math.max(length, this.missing.get(fileOffset) ?? 0));
    target.fill(0, targetOffset, targetOffset + length);
  }

  /** Fetches one window from the asynchronous source and holds it. */
  async fetch(fileOffset: number, length: number): Promise<void> {
    checkWindow(this, fileOffset, length);
    const bytes = new Uint8Array(length);
    await this.source.readInto(bytes, fileOffset);
    this.hold(fileOffset, bytes);
  }

  /**
   * Fetches every window noted while lenient, in parallel, and forgets the notes. Windows that
   * lie next to each other in the file (page tables allocated together) are read as one run of
   * at most MAX_RUN bytes, and each is kept as a view of it: one trip through the source per run.
   */
  async fetchMissing(): Promise<void> {
    const wanted = [...this.missing].sort(([a], [b]) => a - b);
    this.missing.clear();
    const runs: { start: number; end: number; windows: [number, number][] }[] = [];
    for (const [fileOffset, length] of wanted) {
      const last = runs[runs.length - 1];
      if (last !== undefined && fileOffset <= last.end && Math.max(last.end, fileOffset + length) - last.start <= MAX_RUN) {
        last.end = Math.max(last.end, fileOffset + length);
        last.windows.push([fileOffset, length]);
      } else {
        runs.push({ start: fileOffset, end: fileOffset + length, windows: [[fileOffset, length]] });
      }
    }
    await Promise.all(runs.map(async (run) => {
      if (run.windows.length === 1) return this.fetch(run.start, run.end - run.start);
      checkWindow(this, run.start, run.end - run.start);
      const bytes = new Uint8Array(run.end - run.start);
      await this.source.readInto(bytes, run.start);
      for (const [fileOffset, length] of run.windows) this.hold(fileOffset, bytes.subarray(fileOffset - run.start, fileOffset - run.start + length));
    }));
  }

  private hold(fileOffset: number, bytes: Uint8Array): void {
    if (this.windows.size >= this.capacity) this.windows.delete(this.windows.keys().next().value as number);
    this.windows.set(fileOffset, bytes);
  }

  close(): void {
    this.windows.clear();
  }
}

/** The longest read fetchMissing makes of windows next to each other: 1 MiB (256 page tables). */
const MAX_RUN = 1 << 20;

/** Rounds a step may take before the fetching gives up: far more than any dump needs (a walk needs one per level). */
const MAX_ROUNDS = 1024;

/**
 * Runs a synchronous step over fetched windows, fetching what it lacks until it completes: the
 * one implementation of parsing and translation, driven asynchronously.
 */
export async function settle<T>(windows: FetchedWindows, step: () => T): Promise<T> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof MissingBytes)) throw error;
      await windows.fetch(error.fileOffset, error.length);
    }
  }
  throw new VboxCoreError('FILE_UNREADABLE', `${windows.path}: reading did not settle after ${MAX_ROUNDS} fetches (more windows than the cache of ${windows.held} holds)`);
}
