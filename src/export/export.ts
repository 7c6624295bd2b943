import { createHash } from 'node:crypto';
import { Digester, HASH_ALGORITHMS, hashFile, type FileDigests, type HashAlgorithm } from '../io/hash';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HoleKind } from '../address-space/physical';
import { openDump } from '../dump';
import { VboxCoreError } from '../errors';
import { hex } from '../model/numbers';
import { approximateSize } from '../model/sizes';
import { copyNatively, isNativeCopyFailure, NativeCopyAddon, NativeCopyAvailability, nativeCopyEngine, NativeCopyResult } from './native-copy';
import { HttpSource } from '../io/http-source';
import { isHttpAddress, isRemoteAddress, shownName } from '../io/remote-address';
import { S3Source } from '../io/s3-source';
import { AtomicOutput, checkOutputPath, OutputHandle, writeFailure } from './output-file';
import { CopyPiece, ExportFormat, ExportPlan, IgnoredLoad, ignoredLoads, noteSegmentBytes, planExport, refuseIgnoredLoads } from './plan';
import { checkSelection, RangeSelection } from './selection';
import { describeValue } from '../address-space/address';

/** How far an export is, reported about ten times a second. */
export interface ExportProgress {
  /** Bytes of the dump copied so far. */
  readonly bytesDone: number;
  /** Of those, bytes in holes of a sparse dump file, stepped over unread (they count in no rate). */
  readonly bytesSteppedOver: number;
  /** Bytes of the dump the export copies in all. */
  readonly bytesTotal: number;
  /** Milliseconds since the copy started. */
  readonly elapsedMs: number;
}

/** What to export and how; every field is optional. */
export interface ExportOptions {
  /** raw (file offset = physical address; the default), lime, or elf. */
  readonly format?: ExportFormat;
  /** Which ranges or physical windows (all ranges by default). */
  readonly selection?: RangeSelection;
  /** Write explicit zeros instead of leaving holes (zero pages, gaps, MMIO). */
  readonly dense?: boolean;
  /** Replace an existing output file (never the input). */
  readonly force?: boolean;
  /** Export a truncated dump's remaining data; the missing part becomes holes. */
  readonly allowTruncated?: boolean;
  /** Read the output back and compare a SHA-256 per range with the dump's bytes. */
  readonly verify?: boolean;
  /**
   * fsync the output before renaming it into place (the default), so a crash cannot leave a
   * renamed but incomplete file. false skips it for scratch copies, as cp does.
   */
  readonly sync?: boolean;
  /** Called with the progress about ten times a second; an exception it throws stops the export. */
  readonly onProgress?: (progress: ExportProgress) => void;
  /**
   * Digests for a chain of custody (`['sha256']`, `['sha256', 'md5']`) of the whole dump, read
   * beside the copy, in the summary's `hashes`. Write them beside the output with
   * writeHashManifests().
   */
  readonly hash?: readonly HashAlgorithm[];
  /** With `hash`, the output's digests too, as a reader sees it (holes as zeros): read back once the copy is done. */
  readonly hashOutput?: boolean;
  /** Aborting it stops the export (EXPORT_ABORTED) and removes the partial output. */
  readonly signal?: AbortSignal;
  /**
   * Who copies the bytes: 'native' (native/vboxcore_copy.c, built by `make build`; 1.4 to 2
   * times the JavaScript engine's speed in `make bench`), 'javascript', or 'auto' (the default:
   * native when it loads, JavaScript otherwise or when `wrapOutput` is given).
   */
  readonly engine?: 'auto' | CopyEngine;
  /**
   * With `dense` and the native engine, pieces whose offsets lie alike in a page can be copied
   * inside the kernel (Linux's copy_file_range). 'auto' (the default) does so where the output's
   * file system shares blocks or copies on its server (XFS, btrfs, bcachefs, ZFS, OCFS2, NFS, SMB,
   * Ceph): on ext4 and tmpfs the kernel copies pages as the engine does, and was measured slower.
   * 'always' wherever the kernel accepts; 'never' through the engine's buffers, as a sparse export
   * always is.
   */
  readonly kernelCopy?: KernelCopy;
  /** Wraps the output file handle; for tests that simulate a failing disk. Implies the JavaScript engine. */
  readonly wrapOutput?: (handle: OutputHandle) => OutputHandle;
}

/** When a dense native export copies inside the kernel: see ExportOptions.kernelCopy. */
export type KernelCopy = 'auto' | 'always' | 'never';

/** The two ways the bytes are copied: the C addon (native) or positional reads and writes in JavaScript. */
export type CopyEngine = 'native' | 'javascript';

/** One range read back after an export (`verify`). */
export interface RangeVerification {
  /** The range's index in the dump. */
  readonly rangeIndex: number;
  /** Its first guest-physical address. */
  readonly physicalStart: number;
  /** Bytes compared. */
  readonly bytes: number;
  /** SHA-256 of the dump's bytes, hex. */
  readonly sourceSha256: string;
  /** SHA-256 of the output's bytes, hex. */
  readonly outputSha256: string;
  /** The two digests are equal. */
  readonly match: boolean;
}

/** What `hash` gives: the whole dump's digests and, with `hashOutput`, the output's (holes as zeros; for a stream, the bytes written). */
export interface ExportHashes {
  /** The whole dump file, read beside the copy. */
  readonly input: FileDigests;
  /** The output as a reader sees it; null without `hashOutput`. */
  readonly output: FileDigests | null;
}

/** What an export did. */
export interface ExportSummary {
  /** The dump's path. */
  readonly input: string;
  /** The output's path, or '-' for a stream (standard output). */
  readonly output: string;
  /** The output format. */
  readonly format: ExportFormat;
  /** Zeros were written instead of holes. */
  readonly dense: boolean;
  /** Length of the output file. */
  readonly outputLength: number;
  /** Bytes the output occupies on disk (allocated blocks); null for a stream. */
  readonly outputDiskBytes: number | null;
  /** Pieces of data copied (a range, or the part of one inside a selected window). */
  readonly piecesExported: number;
  /** Bytes of the dump that went into the output (zero pages included, whether written or skipped). */
  readonly bytesExported: number;
  /** Bytes actually written: headers, non-zero pages, and zeros in dense mode. */
  readonly bytesWritten: number;
  /** All-zero pages left as holes instead of being written. */
  readonly bytesSkippedZero: number;
  /** Selected bytes with no data in the dump, by kind of hole. */
  readonly holes: Readonly<Record<HoleKind, number>>;
  /** Milliseconds the copy took. */
  readonly elapsedMs: number;
  /** Bytes read from the dump per second of the copy: bytesExported less bytesSteppedOver. */
  readonly bytesPerSecond: number;
  /** Bytes of bytesExported in holes of a sparse dump file, stepped over unread (native engine; 0 otherwise). */
  readonly bytesSteppedOver: number;
  /** Which engine copied the bytes. */
  readonly copyEngine: CopyEngine;
  /**
   * Why the JavaScript engine copied the bytes although the native one was not ruled out by the
   * caller: the addon is not built or does not load (with what to do about it), or the output
   * is a stream. null when the native engine copied them or JavaScript was asked for.
   */
  readonly copyEngineNote: string | null;
  /** Of bytesWritten, bytes copied inside the kernel by copy_file_range (dense exports by the native engine). */
  readonly bytesCopiedInKernel: number;
  /** Why copy_file_range was not used for a dense native export although it was not turned off (the kernel's refusal, named), or null. */
  readonly kernelCopyNote: string | null;
  /** One entry per range read back; null without `verify`. */
  readonly verification: readonly RangeVerification[] | null;
  /** PT_LOADs of the dump left out for unusable headers (exported without them only with allowTruncated). */
  readonly ignoredProgramHeaders: readonly IgnoredLoad[];
  /** Temporary files of earlier, killed exports to the same output that were found and removed. */
  readonly staleTemporariesRemoved: readonly string[];
  /** The dump's and the output's digests when `hash` asked for them, else null. */
  readonly hashes: ExportHashes | null;
}

const CHUNK_SIZE = 4 * 1024 * 1024;
const PAGE_SIZE = 4096;
const ZERO_PAGE = Buffer.alloc(PAGE_SIZE);
let zeroChunk: Buffer | null = null;

/** Zeros for --dense, allocated only when asked for. */
function zeros(): Buffer {
  zeroChunk ??= Buffer.alloc(CHUNK_SIZE);
  return zeroChunk;
}

interface ChunkTask {
  readonly sourceOffset: number;
  readonly outputOffset: number;
  readonly length: number;
}

function* chunksOf(copies: readonly CopyPiece[]): Generator<ChunkTask> {
  for (const copy of copies) {
    for (let done = 0; done < copy.length; done += CHUNK_SIZE) {
      yield { sourceOffset: copy.sourceOffset + done, outputOffset: copy.outputOffset + done, length: Math.min(CHUNK_SIZE, copy.length - done) };
    }
  }
}

function dumpEnded(inputPath: string, fileOffset: number): VboxCoreError {
  return new VboxCoreError('FILE_UNREADABLE', `${inputPath}: the dump ended at ${hex(fileOffset)} while being exported (did it shrink?)`, { fileOffset });
}

function dumpUnreadable(inputPath: string, fileOffset: number, error: unknown): VboxCoreError {
  return new VboxCoreError('FILE_UNREADABLE', `${inputPath}: reading at ${hex(fileOffset)} failed: ${error instanceof Error ? error.message : String(error)}`, { fileOffset });
}

/**
 * The dump as the copy reads it: a file handle (whose descriptor the native engine takes), or
 * a remote dump's HttpSource behind the same read() (every read answered whole or refused).
 */
interface ExportInput {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** The file descriptor, or null for a remote dump. */
  readonly fd: number | null;
  /** The permission bits the output gets. */
  readonly mode: number;
  close(): Promise<void>;
}

async function readFully(handle: ExportInput, buffer: Buffer, length: number, position: number, inputPath: string): Promise<void> {
  let done = 0;
  while (done < length) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, done, length - done, position + done));
    } catch (error) {
      throw error instanceof VboxCoreError ? error : dumpUnreadable(inputPath, position + done, error);
    }
    if (bytesRead === 0) throw dumpEnded(inputPath, position + done);
    done += bytesRead;
  }
}

async function writeFully(handle: OutputHandle, buffer: Uint8Array, offset: number, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, offset + done, length - done, position + done);
    if (bytesWritten <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
    done += bytesWritten;
  }
}

function isZero(buffer: Buffer, start: number, end: number): boolean {
  // Most pages of real memory are non-zero in their first or last bytes: decide those in
  // JavaScript and leave the full memcmp to the pages that might be all zero.
  const last = end - 1;
  if ((buffer[start] | buffer[start + 1] | buffer[start + 2] | buffer[start + 3] | buffer[last] | buffer[last - 1]) !== 0 && end - start >= 4) return false;
  return ZERO_PAGE.compare(buffer, start, end, 0, end - start) === 0;
}

/**
 * Writes one chunk, leaving all-zero pages (aligned on the output's page grid) unwritten so the
 * output stays sparse. Returns the bytes written.
 */
async function writeChunk(output: OutputHandle, buffer: Buffer, task: ChunkTask, dense: boolean): Promise<number> {
  if (dense) {
    await writeFully(output, buffer, 0, task.length, task.outputOffset);
    return task.length;
  }
  let written = 0;
  let runStart = -1;
  let position = 0;
  while (position < task.length) {
    const pageEnd = Math.min(task.length, position + PAGE_SIZE - ((task.outputOffset + position) % PAGE_SIZE));
    if (isZero(buffer, position, pageEnd)) {
      if (runStart >= 0) {
        await writeFully(output, buffer, runStart, position - runStart, task.outputOffset + runStart);
        written += position - runStart;
        runStart = -1;
      }
    } else if (runStart < 0) {
      runStart = position;
    }
    position = pageEnd;
  }
  if (runStart >= 0) {
    await writeFully(output, buffer, runStart, task.length - runStart, task.outputOffset + runStart);
    written += task.length - runStart;
  }
  return written;
}

/** Reads chunks of the pieces and writes them, two buffers in turn: the next chunk is read while the current one is written. */
async function copyWithJavaScript(input: ExportInput, output: OutputHandle, pieces: readonly CopyPiece[], dense: boolean, inputPath: string, signal: AbortSignal | undefined, onBytesDone: (bytesDone: number) => void): Promise<number> {
  const buffers = [Buffer.allocUnsafe(CHUNK_SIZE), Buffer.allocUnsafe(CHUNK_SIZE)];
  const tasks = chunksOf(pieces);
  let current = tasks.next();
  let pending = current.done ? null : readFully(input, buffers[0], current.value.length, current.value.sourceOffset, inputPath);
  let bytesDone = 0;
  let bytesWritten = 0;
  for (let index = 0; !current.done; index++) {
    checkAborted(signal);
    await pending;
    const task = current.value;
    current = tasks.next();
    pending = current.done ? null : readFully(input, buffers[(index + 1) % 2], current.value.length, current.value.sourceOffset, inputPath);
    pending?.catch(() => undefined); // awaited on the next turn; keep an early failure from going unhandled
    bytesWritten += await writeChunk(output, buffers[index % 2], task, dense);
    bytesDone += task.length;
    onBytesDone(bytesDone);
  }
  return bytesWritten;
}

/** The same copy by native/vboxcore_copy.c; its failures become the JavaScript path's errors. */
async function copyWithNativeEngine(addon: NativeCopyAddon, inputFd: number, outputFd: number, pieces: readonly CopyPiece[], dense: boolean, kernelCopy: boolean, inputPath: string, signal: AbortSignal | undefined, onBytesDone: (bytesDone: number, bytesSteppedOver: number) => void): Promise<NativeCopyResult> {
  try {
    return await copyNatively(addon, inputFd, outputFd, pieces, !dense, kernelCopy, signal, onBytesDone);
  } catch (error) {
    if (!isNativeCopyFailure(error)) throw error;
    if (error.code === 'ABORT_ERR') checkAborted(signal);
    if (error.code === 'EOF') throw dumpEnded(inputPath, error.position);
    if (error.syscall === 'pread') throw dumpUnreadable(inputPath, error.position, error);
    throw error; // a failed write: reported as WRITE_FAILED with its errno by the caller
  }
}

/** Writes `chunk` to a stream and resolves once it is handed on: backpressure, and the stream's errors as rejections. */
function writeToStream(stream: NodeJS.WritableStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => (error === null || error === undefined ? resolve() : reject(error)));
  });
}

/**
 * The export as one sequential stream (standard output): headers and pieces in output order,
 * the gaps between them and up to the output's length as zeros, since a stream cannot seek.
 */
async function copyToStream(plan: ExportPlan, input: ExportInput, stream: NodeJS.WritableStream, inputPath: string, signal: AbortSignal | undefined, onBytesDone: (bytesDone: number) => void, digester: Digester | null): Promise<number> {
  const emit = async (bytes: Uint8Array): Promise<void> => {
    digester?.update(bytes);
    await writeToStream(stream, bytes);
  };
  type Item = { readonly outputOffset: number; readonly header?: Buffer; readonly copy?: CopyPiece };
  const items: Item[] = [...plan.headers.map((header) => ({ outputOffset: header.outputOffset, header: header.bytes })), ...plan.copies.map((copy) => ({ outputOffset: copy.outputOffset, copy }))].sort((a, b) => a.outputOffset - b.outputOffset);
  const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
  let cursor = 0;
  let bytesDone = 0;
  const zerosUpTo = async (position: number): Promise<void> => {
    while (cursor < position) {
      checkAborted(signal);
      const length = Math.min(CHUNK_SIZE, position - cursor);
      await emit(zeros().subarray(0, length));
      cursor += length;
    }
  };
  for (const item of items) {
    await zerosUpTo(item.outputOffset);
    if (item.header !== undefined) {
      await emit(item.header);
      cursor += item.header.length;
      continue;
    }
    const copy = item.copy!;
    for (let done = 0; done < copy.length; done += CHUNK_SIZE) {
      checkAborted(signal);
      const length = Math.min(CHUNK_SIZE, copy.length - done);
      await readFully(input, buffer, length, copy.sourceOffset + done, inputPath);
      await emit(buffer.subarray(0, length)); // handed on before the buffer is refilled
      cursor += length;
      bytesDone += length;
      onBytesDone(bytesDone);
    }
  }
  await zerosUpTo(plan.outputLength);
  return cursor;
}

/**
 * File systems (statfs f_type) on which copy_file_range does better than copying pages: they
 * share the blocks (XFS, btrfs, bcachefs, ZFS, OCFS2) or copy on the server (NFS, SMB, Ceph).
 */
const KERNEL_COPY_FILE_SYSTEMS: ReadonlySet<number> = new Set([0x58465342, 0x9123683e, 0xca451a4e, 0x2fc12fc1, 0x7461636f, 0x6969, 0xfe534d42, 0xff534d42, 0x00c36400]);

/** Whether the output's file system is one of those. */
function kernelCopyPays(outputPath: string): boolean {
  try {
    return KERNEL_COPY_FILE_SYSTEMS.has(fs.statfsSync(path.dirname(path.resolve(outputPath))).type);
  } catch {
    return false;
  }
}

/** What the kernel means by refusing copy_file_range, in words. */
const KERNEL_REFUSALS: Readonly<Record<string, string>> = {
  EXDEV: 'the output is on another file system',
  ENOSYS: 'this kernel has no copy_file_range',
  EOPNOTSUPP: 'the file system does not support it',
  EINVAL: 'the file system or the files do not allow it',
};

/** Why `auto` fell back to the JavaScript engine, or null. */
function fallbackNote(options: ExportOptions, native: NativeCopyAvailability, engine: CopyEngine, remote: boolean): string | null {
  if (engine === 'native' || (options.engine ?? 'auto') !== 'auto' || options.wrapOutput !== undefined) return null;
  if (remote) return REMOTE_ENGINE_NOTE;
  return `the native copy engine ${native.reason ?? 'is not used here'}`;
}

const REMOTE_ENGINE_NOTE = 'a dump read over the network is copied by the JavaScript engine (the native one reads files)';

function chooseEngine(options: ExportOptions, native: NativeCopyAvailability, remote: boolean): CopyEngine {
  const asked = options.engine ?? 'auto';
  if (asked === 'native') {
    if (remote) throw new VboxCoreError('NATIVE_ENGINE_UNAVAILABLE', `the native copy engine was asked for, but it reads files: ${REMOTE_ENGINE_NOTE}`);
    if (native.addon === null) throw new VboxCoreError('NATIVE_ENGINE_UNAVAILABLE', `the native copy engine was asked for, but it ${native.reason}`);
    if (options.wrapOutput !== undefined) throw new VboxCoreError('NATIVE_ENGINE_UNAVAILABLE', 'the native copy engine writes to the output file itself, so it cannot go through wrapOutput');
  }
  if (asked !== 'auto') return asked;
  return native.addon !== null && options.wrapOutput === undefined && !remote ? 'native' : 'javascript';
}

/** The parts of [0, length) not covered by headers or copies: what --dense fills with zeros. */
function uncovered(plan: ExportPlan): { outputOffset: number; length: number }[] {
  const covered = [...plan.headers.map((header) => ({ start: header.outputOffset, end: header.outputOffset + header.bytes.length })), ...plan.copies.map((copy) => ({ start: copy.outputOffset, end: copy.outputOffset + copy.length }))].sort((a, b) => a.start - b.start);
  const gaps: { outputOffset: number; length: number }[] = [];
  let cursor = 0;
  for (const span of covered) {
    if (span.start > cursor) gaps.push({ outputOffset: cursor, length: span.start - cursor });
    cursor = Math.max(cursor, span.end);
  }
  if (plan.outputLength > cursor) gaps.push({ outputOffset: cursor, length: plan.outputLength - cursor });
  return gaps;
}

/** A promise whose rejection is held until asked for, so that work running beside the copy never rejects unheard. */
function settled<T>(promise: Promise<T>): { result(): Promise<T> } {
  const outcome = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  return {
    async result() {
      const settledOutcome = await outcome;
      if ('error' in settledOutcome) throw settledOutcome.error;
      return settledOutcome.value;
    },
  };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new VboxCoreError('EXPORT_ABORTED', 'the export was interrupted; the partial output was removed');
}

async function verifyOutput(plan: ExportPlan, input: ExportInput, output: OutputHandle, inputPath: string, signal: AbortSignal | undefined): Promise<RangeVerification[]> {
  const sourceBuffer = Buffer.allocUnsafe(CHUNK_SIZE);
  const outputBuffer = Buffer.allocUnsafe(CHUNK_SIZE);
  const byRange = new Map<number, { physicalStart: number; bytes: number; source: ReturnType<typeof createHash>; output: ReturnType<typeof createHash> }>();
  for (const copy of plan.copies) {
    let entry = byRange.get(copy.rangeIndex);
    if (entry === undefined) {
      entry = { physicalStart: copy.physicalStart, bytes: 0, source: createHash('sha256'), output: createHash('sha256') };
      byRange.set(copy.rangeIndex, entry);
    }
    for (let done = 0; done < copy.length; done += CHUNK_SIZE) {
      checkAborted(signal);
      const length = Math.min(CHUNK_SIZE, copy.length - done);
      await readFully(input, sourceBuffer, length, copy.sourceOffset + done, inputPath);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await output.read(outputBuffer, got, length - got, copy.outputOffset + done + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      outputBuffer.fill(0, got, length); // past the end reads as nothing: hash what is there
      entry.source.update(sourceBuffer.subarray(0, length));
      entry.output.update(outputBuffer.subarray(0, length));
      entry.bytes += length;
    }
  }
  return [...byRange.entries()].map(([rangeIndex, entry]) => {
    const sourceSha256 = entry.source.digest('hex');
    const outputSha256 = entry.output.digest('hex');
    return { rangeIndex, physicalStart: entry.physicalStart, bytes: entry.bytes, sourceSha256, outputSha256, match: sourceSha256 === outputSha256 };
  });
}

/**
 * Exports a dump's selected physical memory as a raw image (file offset = physical address),
 * a LiME file, or a clean ELF64 core. The output appears under its name only when complete.
 */
const FORMATS: readonly ExportFormat[] = ['raw', 'lime', 'elf'];
const ENGINES: readonly ('auto' | CopyEngine)[] = ['auto', 'native', 'javascript'];
const KERNEL_COPIES: readonly KernelCopy[] = ['auto', 'always', 'never'];

/** The options as a JavaScript caller may have passed them, checked: a typo must not export something else. */
function checkOptions(inputPath: unknown, outputPath: unknown, options: ExportOptions): void {
  if (typeof inputPath !== 'string' || typeof outputPath !== 'string') throw new VboxCoreError('INVALID_ARGUMENT', `exportDump takes the dump's path and the output's path as strings, not ${describeValue(typeof inputPath !== 'string' ? inputPath : outputPath)}`);
  if (typeof options !== 'object' || options === null) throw new VboxCoreError('INVALID_ARGUMENT', `exportDump options must be an object, not ${describeValue(options)}`);
  if (options.format !== undefined && !FORMATS.includes(options.format)) throw new VboxCoreError('INVALID_ARGUMENT', `format ${describeValue(options.format)} is not one of ${FORMATS.join(', ')}`);
  if (options.engine !== undefined && !ENGINES.includes(options.engine)) throw new VboxCoreError('INVALID_ARGUMENT', `engine ${describeValue(options.engine)} is not one of ${ENGINES.join(', ')}`);
  if (options.selection !== undefined) checkSelection(options.selection);
  if (options.kernelCopy !== undefined && !KERNEL_COPIES.includes(options.kernelCopy)) throw new VboxCoreError('INVALID_ARGUMENT', `kernelCopy ${describeValue(options.kernelCopy)} is not one of ${KERNEL_COPIES.join(', ')}`);
  for (const flag of ['dense', 'force', 'allowTruncated', 'verify', 'sync', 'hashOutput'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw new VboxCoreError('INVALID_ARGUMENT', `option ${flag} must be true or false, not ${describeValue(options[flag])}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new VboxCoreError('INVALID_ARGUMENT', `onProgress must be a function, not ${describeValue(options.onProgress)}`);
  if (options.hash !== undefined && (!Array.isArray(options.hash) || options.hash.length === 0 || !options.hash.every((algorithm) => (HASH_ALGORITHMS as readonly unknown[]).includes(algorithm)))) {
    throw new VboxCoreError('INVALID_ARGUMENT', `hash must be a list of ${HASH_ALGORITHMS.join(', ')}, not ${describeValue(options.hash)}`);
  }
  if (options.hashOutput === true && options.hash === undefined) throw new VboxCoreError('INVALID_ARGUMENT', 'hashOutput (--hash-output) hashes with the algorithms of hash (--hash): give them');
}

/**
 * Copies a dump's memory into `output` (a path, written atomically, or a writable stream) as a
 * raw image, LiME or ELF64 core. Streams with memory that does not grow with the dump; throws
 * a VboxCoreError (nothing left behind) when the dump, the options or the output forbid it.
 */
export async function exportDump(inputPath: string, output: string | NodeJS.WritableStream, options: ExportOptions = {}): Promise<ExportSummary> {
  const toStream = typeof output !== 'string';
  checkOptions(inputPath, toStream ? '-' : output, options);
  if (toStream && options.verify) throw new VboxCoreError('INVALID_ARGUMENT', '--verify reads the output back, which a stream (standard output) cannot do; export to a file to verify');
  if (toStream && options.engine === 'native') throw new VboxCoreError('NATIVE_ENGINE_UNAVAILABLE', 'the native copy engine writes into a file; a stream (standard output) is copied by the JavaScript engine');
  const format = options.format ?? 'raw';
  const dense = options.dense ?? false;
  const native = nativeCopyEngine();
  const remote = isRemoteAddress(inputPath);
  const engine = toStream ? 'javascript' : chooseEngine(options, native, remote);
  const allowTruncated = options.allowTruncated ?? false;
  const dump = openDump(inputPath);
  let plan: ExportPlan;
  let ignored: IgnoredLoad[];
  try {
    if (typeof output === 'string') checkOutputPath(inputPath, output, options.force ?? false);
    ignored = ignoredLoads(dump);
    if (!allowTruncated) refuseIgnoredLoads(ignored);
    const noteSegment = format === 'elf' ? noteSegmentBytes(dump) : null;
    plan = planExport(dump, { format, selection: options.selection ?? 'all', allowTruncated, noteSegment });
  } finally {
    dump.close();
  }
  if (typeof output !== 'string') return exportToStream(inputPath, output, plan, ignored, options);
  const outputPath = output;
  checkAborted(options.signal);

  const started = process.hrtime.bigint();
  const elapsedMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;
  const zeroFill = dense ? uncovered(plan) : [];
  const bytesTotal = plan.bytesToCopy + zeroFill.reduce((sum, gap) => sum + gap.length, 0);
  let bytesDone = 0;
  let bytesSteppedOver = 0;
  let bytesWritten = 0;
  let bytesCopiedInKernel = 0;
  let kernelCopyNote: string | null = null;
  const report = (): void => options.onProgress?.({ bytesDone, bytesSteppedOver, bytesTotal, elapsedMs: elapsedMs() });

  const input = await openInput(inputPath);
  // The whole dump is hashed by a reader of its own beside the copy (both through the page cache).
  const inputHashing = options.hash === undefined ? null : settled(hashFile(inputPath, options.hash, { signal: options.signal }));
  let atomic: AtomicOutput | null = null;
  try {
    atomic = await AtomicOutput.create(outputPath, input.mode, options.wrapOutput);
    const file = atomic.file;
    for (const header of plan.headers) {
      await writeFully(file, header.bytes, 0, header.bytes.length, header.outputOffset);
      bytesWritten += header.bytes.length;
    }
    const copied = (copyBytesDone: number, steppedOver = 0): void => {
      bytesDone = copyBytesDone;
      bytesSteppedOver = steppedOver;
      report();
    };
    const descriptor = atomic.descriptor;
    if (engine === 'native' && native.addon !== null && descriptor !== null && input.fd !== null) { // chooseEngine saw to all three
      const kernelCopyMode = options.kernelCopy ?? 'auto';
      const kernelCopy = dense && (kernelCopyMode === 'always' || (kernelCopyMode === 'auto' && kernelCopyPays(outputPath)));
      const result = await copyWithNativeEngine(native.addon, input.fd, descriptor, plan.copies, dense, kernelCopy, inputPath, options.signal, copied);
      bytesWritten += result.bytesWritten;
      bytesCopiedInKernel = result.bytesCopiedInKernel;
      if (result.kernelCopyRefusal !== null) kernelCopyNote = `the kernel refused copy_file_range (${result.kernelCopyRefusal}: ${KERNEL_REFUSALS[result.kernelCopyRefusal] ?? 'not possible between these files'}); ${approximateSize(result.bytesWritten - result.bytesCopiedInKernel)} went through the native engine's buffers`;
    } else {
      bytesWritten += await copyWithJavaScript(input, file, plan.copies, dense, inputPath, options.signal, copied);
    }
    for (const gap of zeroFill) {
      for (let done = 0; done < gap.length; done += CHUNK_SIZE) {
        checkAborted(options.signal);
        const length = Math.min(CHUNK_SIZE, gap.length - done);
        await writeFully(file, zeros(), 0, length, gap.outputOffset + done);
        bytesWritten += length;
        bytesDone += length;
        report();
      }
    }
    await file.truncate(plan.outputLength);
    checkAborted(options.signal);

    let verification: RangeVerification[] | null = null;
    if (options.verify) {
      await file.sync();
      verification = await verifyOutput(plan, input, file, inputPath, options.signal);
      const failed = verification.filter((range) => !range.match);
      if (failed.length > 0) {
        throw new VboxCoreError('VERIFY_FAILED', `${outputPath}: ${failed.length} range(s) do not read back as in the dump (first at physical ${hex(failed[0].physicalStart)}); the output was removed`, { details: { failed } });
      }
    }
    // The output as a reader will see it, holes as zeros, before it is put in place; the time
    // this takes is not the copy's.
    const hashingStarted = elapsedMs();
    const hashes = inputHashing === null ? null : { input: await inputHashing.result(), output: options.hashOutput === true ? { ...(await hashFile(atomic.temporaryPath, options.hash!, { signal: options.signal })), path: outputPath } : null };
    const hashingMs = elapsedMs() - hashingStarted;
    await atomic.commit(options.sync ?? true, options.force ?? false);
    const stat = fs.statSync(outputPath);
    const holes: Record<HoleKind, number> = { gap: 0, mmio: 0, truncated: 0, absent: 0 };
    for (const hole of plan.holes) holes[hole.hole] += hole.length;
    const elapsed = elapsedMs() - hashingMs;
    return {
      input: shownName(inputPath),
      output: outputPath,
      format,
      dense,
      outputLength: stat.size,
      outputDiskBytes: stat.blocks * 512,
      piecesExported: plan.copies.length,
      bytesExported: plan.bytesToCopy,
      bytesWritten,
      bytesSkippedZero: dense ? 0 : plan.bytesToCopy + plan.headers.reduce((sum, header) => sum + header.bytes.length, 0) - bytesWritten,
      holes,
      elapsedMs: elapsed,
      bytesPerSecond: elapsed > 0 ? ((plan.bytesToCopy - bytesSteppedOver) / elapsed) * 1000 : 0,
      bytesSteppedOver,
      copyEngine: engine,
      copyEngineNote: fallbackNote(options, native, engine, remote),
      bytesCopiedInKernel,
      kernelCopyNote,
      verification,
      ignoredProgramHeaders: ignored,
      staleTemporariesRemoved: atomic.staleRemoved,
      hashes,
    };
  } catch (error) {
    await inputHashing?.result().catch(() => undefined);
    await atomic?.discard();
    throw error instanceof VboxCoreError ? error : writeFailure(outputPath, error, atomic !== null);
  } finally {
    await input.close();
  }
}

/** The export written to a stream, for `-`: sequential, so holes are zeros, and nothing to verify or rename. */
async function exportToStream(inputPath: string, stream: NodeJS.WritableStream, plan: ExportPlan, ignored: readonly IgnoredLoad[], options: ExportOptions): Promise<ExportSummary> {
  checkAborted(options.signal);
  const started = process.hrtime.bigint();
  const elapsedMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;
  const input = await openInput(inputPath);
  // An 'error' event with no listener would end the process; the write callbacks carry the error.
  const ignore = (): void => undefined;
  stream.on('error', ignore);
  const inputHashing = options.hash === undefined ? null : settled(hashFile(inputPath, options.hash, { signal: options.signal }));
  const outputDigester = options.hash === undefined || options.hashOutput !== true ? null : new Digester(options.hash);
  try {
    const bytesWritten = await copyToStream(plan, input, stream, inputPath, options.signal, (bytesDone) => options.onProgress?.({ bytesDone, bytesSteppedOver: 0, bytesTotal: plan.bytesToCopy, elapsedMs: elapsedMs() }), outputDigester);
    const hashes = inputHashing === null ? null : { input: await inputHashing.result(), output: outputDigester === null ? null : { path: '-', bytes: outputDigester.bytes, digests: outputDigester.digests() } };
    const holes: Record<HoleKind, number> = { gap: 0, mmio: 0, truncated: 0, absent: 0 };
    for (const hole of plan.holes) holes[hole.hole] += hole.length;
    const elapsed = elapsedMs();
    return {
      input: shownName(inputPath),
      output: '-',
      format: plan.format,
      dense: true,
      outputLength: bytesWritten,
      outputDiskBytes: null,
      piecesExported: plan.copies.length,
      bytesExported: plan.bytesToCopy,
      bytesWritten,
      bytesSkippedZero: 0,
      holes,
      elapsedMs: elapsed,
      bytesPerSecond: elapsed > 0 ? (plan.bytesToCopy / elapsed) * 1000 : 0,
      bytesSteppedOver: 0,
      copyEngine: 'javascript',
      bytesCopiedInKernel: 0,
      kernelCopyNote: null,
      copyEngineNote: (options.engine ?? 'auto') === 'auto' ? 'a stream is copied by the JavaScript engine (the native one writes into files)' : null,
      verification: null,
      ignoredProgramHeaders: ignored,
      staleTemporariesRemoved: [],
      hashes,
    };
  } catch (error) {
    await inputHashing?.result().catch(() => undefined);
    throw error instanceof VboxCoreError ? error : writeFailure('standard output', error, false);
  } finally {
    stream.removeListener('error', ignore);
    await input.close();
  }
}

/**
 * Opens the dump again for the copy, as FileSource does: without waiting on a FIFO swapped in
 * meanwhile, and only a file or a block device.
 */
async function openInput(inputPath: string): Promise<ExportInput> {
  if (isRemoteAddress(inputPath)) {
    // Chunks of 4 MiB come as four 1 MiB requests side by side.
    const ranges = { maxRequestBytes: 1024 * 1024, parallel: 4 };
    const source = isHttpAddress(inputPath) ? await HttpSource.open(inputPath, ranges) : await S3Source.open(inputPath, ranges);
    return {
      read: async (buffer, offset, length, position) => {
        await source.readInto(buffer.subarray(offset, offset + length), position);
        return { bytesRead: length };
      },
      fd: null,
      mode: 0o644,
      close: () => source.close(),
    };
  }
  let input: fs.promises.FileHandle;
  try {
    input = await fs.promises.open(inputPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw dumpUnreadable(inputPath, 0, error);
  }
  const stat = await input.stat();
  if (!stat.isFile() && !stat.isBlockDevice()) {
    await input.close();
    throw new VboxCoreError('FILE_UNREADABLE', `${inputPath}: no longer a file (it was replaced while the export started)`);
  }
  return { read: (buffer, offset, length, position) => input.read(buffer, offset, length, position), fd: input.fd, mode: stat.mode, close: () => input.close() };
}
