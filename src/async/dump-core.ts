/**
 * The asynchronous API: the same dump model, physical and virtual address spaces, results and
 * errors as the synchronous one, over an asynchronous byte source (a FileHandle, a browser Blob).
 * Nothing here parses or translates: the synchronous code does, over fetched windows (`settle`),
 * and only the bytes of memory are read here, where several reads can be in flight at once.
 */
import { AddressInput } from '../address-space/address';
import { checkReadLength, checkReadOptions, checkReadTarget, PhysicalAddressSpace, ReadOptions, Run, Translation } from '../address-space/physical';
import { ScanChunk, ScanOptions, scanChunkSize, ScanStep, scanSteps } from '../address-space/scan';
import { MapsListing, MapsOptions, MappedPage, VirtualAddressSpace, VirtualRun, Walk } from '../address-space/virtual';
import { cpuControl4, cpuPagingContext, CpuSpaceOptions, withTableRoots } from '../cpu/cpu-address-space';
import { identifyKernel, IdentifyOptions, KernelIdentity, noKernel } from '../guest-kernel/identify';
import { memoryTotals, regionsOf } from '../elf/ranges';
import { VboxCoreError } from '../errors';
import { DumpStructure, Inspection, inspectSource, reportOfOpenError } from '../inspect';
import { AsyncByteSource, checkAsyncSource } from '../io/async-source';
import { FetchedWindows, settle } from '../io/fetched-windows';
import { MemoryTotals, PhysicalRange, PhysicalRegion, ValidationReport } from '../model/types';
import { PROBLEMS } from '../problems';
import { PagingContext, rootTableAddress } from '../address-space/paging';

/** Windows an open keeps while it reads headers and notes (a handful for any real dump). */
const OPEN_WINDOWS = 4096;
/** Page tables (and other small windows) a virtual space keeps fetched: 4096, as the synchronous table cache. */
/** Tables a complete maps() leaves fetched for the next call at most (16 MiB of 4 KiB tables, the synchronous walker's cache). */
const MAPS_TABLES_KEPT = 4096;

/** Tables the asynchronous maps() fetches at most (64 MiB of 4 KiB tables), where hostile tables would ask for millions. */
const ASYNC_MAPS_TABLES = 16_384;
const TABLE_WINDOWS = 4096;

/** An open dump whose reads are asynchronous: `VBoxCoreDump`'s facts, and promises for bytes. */
export interface AsyncVBoxCoreDump extends DumpStructure {
  /** The dump's name (its path, or the name its source gives). */
  readonly path: string;
  /** The dump's size in bytes. */
  readonly fileSize: number;
  /** Problems found while opening (none of them fatal). */
  readonly report: ValidationReport;
  /** Consecutive ranges grouped into pieces of guest memory. */
  readonly regions: readonly PhysicalRegion[];
  /** RAM, data in the file, MMIO and what is missing, in bytes. */
  readonly memory: MemoryTotals;
  /** The guest-physical address space. */
  readonly physical: AsyncPhysicalAddressSpace;
  /** Raw bytes of the file (headers, notes); the window must lie inside the file. */
  readFileBytes(fileOffset: number, length: number): Promise<Uint8Array>;
  /** Closes the source; the dump must not be used afterwards. */
  close(): Promise<void>;
}

/**
 * Opens a dump for asynchronous reads from any asynchronous byte source (a Blob, HTTP; under Node
 * `vboxcore`'s openDumpAsync takes a path too). Reads only the headers and notes, as openDump
 * does, and fails the same way.
 */
export async function openDumpAsync(input: AsyncByteSource): Promise<AsyncVBoxCoreDump> {
  const source: AsyncByteSource = checkAsyncSource(input, 'openDumpAsync');
  try {
    const windows = new FetchedWindows(source, OPEN_WINDOWS);
    const { report, structure } = await settle(windows, () => inspectSource(windows));
    windows.close();
    if (structure !== null) source.checkDeclaredEnd?.(declaredEnd(structure.programHeaders));
    if (structure === null) {
      const fatal = report.problems.find((problem) => PROBLEMS[problem.code].fatal) ?? report.problems[0];
      throw VboxCoreError.fromProblem(fatal, source.path);
    }
    const regions = regionsOf(structure.ranges);
    return {
      ...structure,
      path: source.path,
      fileSize: source.size,
      report,
      regions,
      memory: memoryTotals(structure.ranges, regions),
      physical: new AsyncPhysicalAddressSpace(source, structure.ranges),
      readFileBytes: async (fileOffset, length) => {
        const bytes = new Uint8Array(length);
        await source.readInto(bytes, fileOffset);
        return bytes;
      },
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

/**
 * The validation report of a dump read asynchronously (a Blob, an HTTP source; under Node, a path
 * too): every problem, as `validateDump` gives it for a file. The source is closed afterwards.
 */
export async function validateDumpAsync(input: AsyncByteSource): Promise<ValidationReport> {
  const source = checkAsyncSource(input, 'validateDumpAsync');
  try {
    return (await inspectAsync(source)).report;
  } finally {
    await source.close();
  }
}

/** The inspection of a dump read asynchronously (its report, and its structure where it has one), as inspectSource gives it for a file; the source stays open. */
export async function inspectAsync(source: AsyncByteSource): Promise<Inspection> {
  const windows = new FetchedWindows(source, OPEN_WINDOWS);
  try {
    return await settle(windows, () => inspectSource(windows));
  } finally {
    windows.close();
  }
}

/** Where the last segment's bytes end, as the program headers declare them. */
function declaredEnd(programHeaders: DumpStructure['programHeaders']): number {
  return programHeaders.reduce((end, entry) => (entry.fileOffset !== null && entry.fileSize !== null ? Math.max(end, entry.fileOffset + entry.fileSize) : end), 0);
}

/** The mapping-only physical layer: its reader is never asked (mapping and translate read nothing). */
const NO_READS = {
  readInto(): void {
    throw new Error('unreachable: mapping() reads no bytes');
  },
};

/**
 * The guest-physical address space with asynchronous reads. `mapping`, `translate` and
 * `fileOffsetOf` are the synchronous layer's own (they read nothing); reads ask the source for
 * each data run, and may run side by side.
 */
export class AsyncPhysicalAddressSpace {
  private readonly layout: PhysicalAddressSpace;

  /**
   * @param source where the bytes are read
   * @param ranges the dump's ranges
   */
  constructor(
    readonly source: AsyncByteSource,
    readonly ranges: readonly PhysicalRange[],
  ) {
    this.layout = new PhysicalAddressSpace(NO_READS, ranges);
  }

  /** The runs of file data and holes that make up `length` bytes at `address` (as the synchronous layer). */
  mapping(address: AddressInput, length: number): Run[] {
    return this.layout.mapping(address, length);
  }

  /** The file offset holding the byte at `address` (as the synchronous layer). */
  translate(address: AddressInput): Translation {
    return this.layout.translate(address);
  }

  /** The file offset of a physical address below 2^53, or null for a hole (as the synchronous layer). */
  fileOffsetOf(address: number): number | null {
    return this.layout.fileOffsetOf(address);
  }

  /** Reads `length` bytes at `address`; holes are an error unless zeros are asked for. */
  async read(address: AddressInput, length: number, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadLength(length);
    checkReadOptions(options);
    const runs = this.layout.mapping(address, length);
    const target = new Uint8Array(length);
    await this.fill(runs, target, options);
    return target;
  }

  /** Fills `target` with the bytes at `address` (the same as read(), into a buffer the caller reuses). */
  async readInto(address: AddressInput, target: Uint8Array, options: ReadOptions = {}): Promise<void> {
    checkReadTarget(target);
    checkReadOptions(options);
    // One range's data: one read, no runs.
    const fileOffset = typeof address === 'number' ? this.layout.fileOffsetOfWindow(address, target.length) : null;
    if (fileOffset !== null) return this.source.readInto(target, fileOffset);
    await this.fill(this.layout.mapping(address, target.length), target, options);
  }

  /**
   * The asynchronous twin of the synchronous `scan`: chunks of data, and the holes. A chunk's
   * bytes stay valid until the next one is asked for: the next data chunk is read into a second
   * buffer while the caller works on this one, so the source's latency is hidden behind the work.
   */
  async *scan(options: ScanOptions = {}): AsyncGenerator<ScanChunk> {
    const chunkSize = scanChunkSize(options);
    const buffers = [new Uint8Array(chunkSize), new Uint8Array(0)];
    const steps = scanSteps(this.ranges, (address, length) => this.layout.mapping(address, length), options);
    // The next step, its read already started when it is data.
    type Ahead = { step: ScanStep; read: Promise<Uint8Array> | null };
    let turn = 0;
    const advance = (): Ahead | null => {
      const next = steps.next();
      if (next.done === true) return null;
      const step = next.value;
      if (step.kind === 'hole') return { step, read: null };
      turn ^= 1;
      // The second buffer is made when a second data chunk is first read: one chunk, one buffer.
      if (buffers[turn].length === 0) buffers[turn] = new Uint8Array(chunkSize);
      const bytes = buffers[turn].subarray(0, step.length);
      const read = this.source.readInto(bytes, step.fileOffset).then(() => bytes);
      read.catch(() => undefined); // awaited below; not an unhandled rejection if the caller stops first
      return { step, read };
    };
    let ahead = advance();
    while (ahead !== null) {
      const { step, read } = ahead;
      if (step.kind === 'hole') {
        ahead = advance();
        yield step;
        continue;
      }
      const bytes = await read!;
      ahead = advance(); // reads into the other buffer while the caller has this one
      yield { kind: 'data', physicalAddress: step.physicalAddress, fileOffset: step.fileOffset, bytes };
    }
  }

  private async fill(runs: readonly Run[], target: Uint8Array, options: ReadOptions): Promise<void> {
    if (options.holes !== 'zero') this.layout.assertNoHole(runs);
    let position = 0;
    const reads: Promise<void>[] = [];
    for (const run of runs) {
      const piece = target.subarray(position, position + run.length);
      if (run.kind === 'data') reads.push(this.source.readInto(piece, run.fileOffset));
      else piece.fill(0);
      position += run.length;
    }
    await Promise.all(reads);
  }
}

/**
 * A guest-virtual address space with asynchronous reads: the synchronous walker, over page
 * tables fetched as the walks ask for them; memory itself is read by the physical layer.
 */
export class AsyncVirtualAddressSpace {
  private readonly tables: FetchedWindows;
  private readonly walker: VirtualAddressSpace;
  /** The tables the last complete maps() fetched and its walker, when they were few enough to keep. */
  private keptForMaps: { readonly windows: FetchedWindows; readonly walker: VirtualAddressSpace } | null = null;

  /**
   * @param physical the asynchronous physical layer
   * @param context the paging mode and CR3
   */
  constructor(
    readonly physical: AsyncPhysicalAddressSpace,
    readonly context: PagingContext,
  ) {
    this.tables = new FetchedWindows(physical.source, TABLE_WINDOWS);
    this.walker = new VirtualAddressSpace(new PhysicalAddressSpace(this.tables, physical.ranges), context);
  }

  /** Walks the tables for one address, level by level (as the synchronous walk). */
  walk(address: AddressInput): Promise<Walk> {
    return settle(this.tables, () => this.walker.walk(address));
  }

  /** The physical address of one virtual address; a fault is an error naming the level and entry. */
  translate(address: AddressInput): Promise<MappedPage> {
    return settle(this.tables, () => this.walker.translate(address));
  }

  /** The runs of physical addresses and faults that make up `length` bytes at `address`. */
  mapping(address: AddressInput, length: number): Promise<VirtualRun[]> {
    return settle(this.tables, () => this.walker.mapping(address, length));
  }

  /** Reads `length` bytes at a virtual address; faults and physical holes are errors unless zeros are asked for. */
  async read(address: AddressInput, length: number, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadLength(length);
    const target = new Uint8Array(length);
    await this.readInto(address, target, options);
    return target;
  }

  /** Fills `target` with the bytes at a virtual address (as read(), into the caller's buffer). */
  async readInto(address: AddressInput, target: Uint8Array, options: ReadOptions = {}): Promise<void> {
    checkReadTarget(target);
    checkReadOptions(options);
    const runs = await this.mapping(address, target.length);
    if (options.holes !== 'zero') this.walker.assertNoFault(runs);
    let position = 0;
    const reads: Promise<void>[] = [];
    for (const run of runs) {
      const piece = target.subarray(position, position + run.length);
      if (run.kind === 'data') reads.push(this.physical.readInto(Number(run.physicalAddress), piece, options));
      else piece.fill(0);
      position += run.length;
    }
    await Promise.all(reads);
  }

  /**
   * Every mapped virtual range (as the synchronous maps()). The walk runs in rounds: each fetches
   * at once every table the previous round found missing, so a 4-level tree takes about four.
   */
  async maps(options: MapsOptions = {}): Promise<MapsListing> {
    // A call starts from what the last complete one fetched and the walker that finished it (with
    // its table cache), as the synchronous space keeps its own cache from one maps() to the next.
    const kept = this.keptForMaps;
    this.keptForMaps = null; // a call running beside this one starts afresh
    const windows = kept?.windows ?? new FetchedWindows(this.physical.source, Number.MAX_SAFE_INTEGER);
    windows.lenient = true;
    for (let walker = kept?.walker ?? null; ; walker = null) {
      // A walker that met a missing table holds it as zeros in its cache: each round has a new one.
      walker ??= new VirtualAddressSpace(new PhysicalAddressSpace(windows, this.physical.ranges), this.context);
      const listing = walker.maps(options);
      if (windows.missing.size === 0) {
        if (windows.held <= MAPS_TABLES_KEPT) this.keptForMaps = { windows, walker };
        return listing;
      }
      // Tables that are not fetched read as zeros (not present): past the limit the listing would
      // silently lack their pages, so it is returned as stopped instead.
      if (windows.held + windows.missing.size > ASYNC_MAPS_TABLES) return { ...listing, truncated: true, stopReason: 'table-limit' };
      await windows.fetchMissing();
    }
  }
}

/** Rounds of fetching `identifyKernelAsync` runs at most: a walk's levels, then the banner's chunks, are few. */
const IDENTIFY_ROUNDS = 24;

/**
 * The asynchronous twin of `identifyKernel`: the same bounded search run over fetched windows,
 * in rounds, each fetching at once what the previous one found missing (as `maps()` does).
 */
export async function identifyKernelAsync(dump: AsyncVBoxCoreDump, options: IdentifyOptions = {}): Promise<KernelIdentity> {
  const windows = new FetchedWindows(dump.physical.source, Number.MAX_SAFE_INTEGER);
  windows.lenient = true;
  for (let round = 0; round < IDENTIFY_ROUNDS; round++) {
    const kernel = identifyKernel({ cpus: dump.cpus, vmcoreinfo: dump.vmcoreinfo, physical: new PhysicalAddressSpace(windows, dump.physical.ranges) }, options);
    if (windows.missing.size === 0) return kernel;
    await windows.fetchMissing();
  }
  return noKernel(`the kernel's memory was still being fetched after ${IDENTIFY_ROUNDS} rounds`);
}

/** The asynchronous twin of `cpuAddressSpace`: one vCPU's virtual address space, or a given CR3 and mode. */
export function cpuAddressSpaceAsync(dump: AsyncVBoxCoreDump, options: CpuSpaceOptions = {}): AsyncVirtualAddressSpace {
  const context = cpuPagingContext(dump, options, 'cpuAddressSpaceAsync');
  // Telling KPTI's tables apart reads two of them, which this synchronous call cannot await.
  if (options.kernel === true) throw new VboxCoreError('INVALID_ARGUMENT', 'cpuAddressSpaceAsync cannot look for the kernel\'s tables without reading; use `await cpuAddressSpaceWithTablesAsync(dump, { kernel: true })`');
  return new AsyncVirtualAddressSpace(dump.physical, context);
}

/**
 * The asynchronous twin of `cpuAddressSpace` in full: the context says what the tables at CR3
 * are (PCID, KPTI), and `kernel: true` walks the kernel's tables.
 */
export async function cpuAddressSpaceWithTablesAsync(dump: AsyncVBoxCoreDump, options: CpuSpaceOptions = {}): Promise<AsyncVirtualAddressSpace> {
  const context = cpuPagingContext(dump, options, 'cpuAddressSpaceWithTablesAsync');
  const tables = new Map<bigint, Uint8Array | null>();
  // the top-level table and its KPTI partner: all that pageTableRootsFrom reads
  const root = rootTableAddress(context) & ~0x1000n;
  for (const address of [root, root | 0x1000n]) {
    tables.set(address, address > BigInt(Number.MAX_SAFE_INTEGER) ? null : await readTableOrNull(dump.physical, Number(address)));
  }
  const resolved = withTableRoots(context, cpuControl4(dump, options), options.kernel === true, (address) => tables.get(address) ?? null);
  return new AsyncVirtualAddressSpace(dump.physical, resolved);
}

async function readTableOrNull(physical: AsyncPhysicalAddressSpace, address: number): Promise<Uint8Array | null> {
  try {
    return await physical.read(address, 0x1000);
  } catch (error) {
    if (error instanceof VboxCoreError && (error.code === 'PHYSICAL_HOLE' || error.code === 'UNMAPPED_ADDRESS' || error.code === 'ADDRESS_OUTSIDE_WIDTH')) return null;
    throw error;
  }
}

