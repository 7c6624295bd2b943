import * as fs from 'node:fs';
import * as path from 'node:path';
import { CopyPiece } from './plan';

/** What native/vboxcore_copy.c exports. */
export interface NativeCopyAddon {
  /** Copies (source offset, output offset, length) triples between two file descriptors, off the main thread. */
  copyPieces(inputFd: number, outputFd: number, pieces: Float64Array, skipZeroPages: boolean, bytesDone: BigInt64Array, abortFlag: Int32Array, kernelCopy: boolean): Promise<NativeCopyResult>;
  /** Sends bytes of the input to the output by sendfile, synchronously; fewer than asked only where the input ended. */
  sendRange(inputFd: number, outputFd: number, fileOffset: number, length: number): number;
}

/** What a finished native copy reports. */
export interface NativeCopyResult {
  /** Bytes written in all. */
  readonly bytesWritten: number;
  /** Of those, bytes the kernel copied by copy_file_range (a dense copy only). */
  readonly bytesCopiedInKernel: number;
  /** The errno name with which copy_file_range was refused (the rest went through the engine's buffers), or null. */
  readonly kernelCopyRefusal: string | null;
}

/** How the addon reports a failed read or write: errno name, the system call and the file offset. */
export interface NativeCopyFailure extends Error {
  readonly code: string;
  readonly syscall: 'pread' | 'pwrite' | 'copy_file_range' | 'copy' | 'setup';
  readonly position: number;
}

/** The native engine, or why it cannot be used. */
export type NativeCopyAvailability =
  | {
      /** The loaded addon. */
      readonly addon: NativeCopyAddon;
      /** null: nothing stands in the way. */
      readonly reason: null;
    }
  | {
      /** null: the addon is not there or does not load. */
      readonly addon: null;
      /** Why, in words, with what to do about it. */
      readonly reason: string;
    };

const ADDON_PATH = path.join('native', 'build', 'Release', 'vboxcore_copy.node');
/**
 * The engine built when the package was packed, for Linux on x86-64 with glibc: N-API, so one
 * build loads in every Node line from 20 on, and nothing needs compiling at install (npm's install
 * scripts can be turned off, and pnpm 10 skips them).
 */
export const PREBUILT_PATH = path.join('prebuilds', 'linux-x64-glibc', 'vboxcore_copy.node');
const PROGRESS_INTERVAL_MS = 100;
let availability: NativeCopyAvailability | undefined;

/**
 * The native copy engine: the one built here (at install, by `npm rebuild`, or by `make build`)
 * first, else the package's prebuilt one where it is for this machine; the first that loads. Why
 * neither, otherwise.
 */
export function nativeCopyEngine(): NativeCopyAvailability {
  if (availability !== undefined) return availability;
  // This module runs from src/export (tests), dist/src/export (built) or dist/ (the CLI's bundle);
  // the addon sits under the project root.
  const roots = [path.resolve(__dirname, '..', '..'), path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..', '..')];
  const prebuiltHere = process.platform === 'linux' && process.arch === 'x64';
  const candidates = [...roots.map((root) => path.join(root, ADDON_PATH)), ...(prebuiltHere ? roots.map((root) => path.join(root, PREBUILT_PATH)) : [])].filter((candidate) => fs.existsSync(candidate));
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      availability = { addon: require(candidate) as NativeCopyAddon, reason: null };
      return availability;
    } catch (error) {
      // A prebuilt engine linked against glibc does not load on musl (Alpine): the next candidate, or the reason.
      failures.push(`${candidate}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const platform = `${process.platform}-${process.arch}`;
  availability = failures.length > 0
    ? { addon: null, reason: `does not load here (${failures.join('; ')}); \`npm rebuild vboxcore\` builds it for this machine and Node.js` }
    : {
        addon: null,
        reason: `${prebuiltHere ? `is not built, and the prebuilt one is missing (no ${path.join(roots[path.basename(__dirname) === 'dist' ? 1 : 2], PREBUILT_PATH)})` : `is not built for ${platform} (the package carries a prebuilt one for linux-x64 with glibc only)`}: with a C compiler and Node's headers, \`npm rebuild vboxcore\` builds it where the package is installed, \`make build\` in a clone`,
      };
  return availability;
}

/** Told by shape, not instanceof: the addon's errors come from Node's own realm, which a vm context (Jest) does not share. */
export function isNativeCopyFailure(error: unknown): error is NativeCopyFailure {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<NativeCopyFailure>;
  return typeof candidate.code === 'string' && typeof candidate.syscall === 'string' && typeof candidate.position === 'number';
}

/**
 * Copies every piece with the native engine, leaving all-zero output pages unwritten when
 * `skipZeroPages`; a dense copy goes through the kernel's copy_file_range when `kernelCopy` and
 * the kernel accepts. Reports the bytes done about ten times a second, with how many of them were
 * holes of a sparse dump file stepped over unread; an abort stops it at the
 * next 128 KiB chunk (4 MiB in the kernel) and rejects with code ABORT_ERR.
 */
export async function copyNatively(
  addon: NativeCopyAddon,
  inputFd: number,
  outputFd: number,
  pieces: readonly CopyPiece[],
  skipZeroPages: boolean,
  kernelCopy: boolean,
  signal: AbortSignal | undefined,
  onBytesDone: (bytesDone: number, bytesSteppedOver: number) => void,
): Promise<NativeCopyResult> {
  // Nothing to copy (a selection of MMIO only): the addon is not asked for an empty copy.
  if (pieces.length === 0) {
    onBytesDone(0, 0);
    return { bytesWritten: 0, bytesCopiedInKernel: 0, kernelCopyRefusal: null };
  }
  const triples = new Float64Array(pieces.length * 3);
  pieces.forEach((piece, index) => triples.set([piece.sourceOffset, piece.outputOffset, piece.length], index * 3));
  // [bytes done, of them the input's holes stepped over unread]
  const bytesDone = new BigInt64Array(2);
  const abortFlag = new Int32Array(1);
  const abort = (): void => {
    abortFlag[0] = 1;
  };
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort);
  // A throwing progress callback must not escape from a timer (it would end the process): it
  // stops the copy and becomes the copy's error, as it does on the JavaScript path.
  let callbackFailure = null as { error: unknown } | null; // assigned in the timer, which narrowing cannot see
  const timer = setInterval(() => {
    if (abortFlag[0] !== 0) return; // nothing is reported after an abort, whatever step the copy is finishing
    try {
      onBytesDone(Number(bytesDone[0]), Number(bytesDone[1]));
    } catch (error) {
      callbackFailure ??= { error };
      abort();
    }
  }, PROGRESS_INTERVAL_MS);
  try {
    let result: NativeCopyResult | null = null;
    try {
      result = await addon.copyPieces(inputFd, outputFd, triples, skipZeroPages, bytesDone, abortFlag, kernelCopy);
    } catch (error) {
      if (callbackFailure === null) throw error;
    }
    if (callbackFailure !== null) throw callbackFailure.error; // whether or not the copy noticed the abort in time
    onBytesDone(Number(bytesDone[0]), Number(bytesDone[1]));
    return result as NativeCopyResult; // set: the addon either resolved or its rejection was rethrown above
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', abort);
  }
}
