import * as fs from 'node:fs';
import { describeValue } from '../address-space/address';
import { VboxCoreError } from '../errors';
import { ByteSource } from './byte-source';

/**
 * A dump file opened read-only, read with positional reads only. Nothing is mapped or read
 * ahead: callers ask for the window they need.
 */
export class FileSource extends ByteSource {
  readonly path: string;
  readonly size: number;
  private fileDescriptor: number | null;

  private constructor(path: string, fileDescriptor: number, size: number) {
    super();
    this.path = path;
    this.fileDescriptor = fileDescriptor;
    this.size = size;
  }

  static open(path: string): FileSource {
    checkDumpPath(path);
    let fileDescriptor: number;
    try {
      // Reads of regular files and block devices do not depend on O_NONBLOCK.
      fileDescriptor = fs.openSync(path, DUMP_OPEN_FLAGS);
    } catch (cause) {
      throw unreadable(path, cause);
    }
    try {
      return new FileSource(path, fileDescriptor, sizeOf(path, fileDescriptor, fs.fstatSync(fileDescriptor)));
    } catch (cause) {
      fs.closeSync(fileDescriptor);
      throw cause instanceof VboxCoreError ? cause : unreadable(path, cause);
    }
  }

  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void {
    this.checkBounds(fileOffset, length);
    // One pread is the rule for a regular file; the loop below is for the short reads it may give.
    if (this.fileDescriptor !== null && length > 0) {
      let count = 0;
      try {
        count = fs.readSync(this.fileDescriptor, target, targetOffset, length, fileOffset);
      } catch (cause) {
        throw unreadable(this.path, cause);
      }
      if (count === length) return;
      if (count === 0) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the file shrank while being read (end at ${fileOffset})`, { fileOffset });
      this.readRest(target, targetOffset, length, fileOffset, count);
      return;
    }
    this.readRest(target, targetOffset, length, fileOffset, 0);
  }

  private readRest(target: Uint8Array, targetOffset: number, length: number, fileOffset: number, alreadyDone: number): void {
    let done = alreadyDone;
    while (done < length) {
      let count: number;
      try {
        count = fs.readSync(this.descriptor(), target, targetOffset + done, length - done, fileOffset + done);
      } catch (cause) {
        throw unreadable(this.path, cause);
      }
      if (count === 0) {
        throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the file shrank while being read (end at ${fileOffset + done})`, { fileOffset: fileOffset + done });
      }
      done += count;
    }
  }

  close(): void {
    if (this.fileDescriptor !== null) {
      fs.closeSync(this.fileDescriptor);
      this.fileDescriptor = null;
    }
  }

  /** The open file descriptor, for the kernel to copy from (sendfile); FILE_UNREADABLE once closed. */
  descriptor(): number {
    if (this.fileDescriptor === null) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    return this.fileDescriptor;
  }
}

/** A dump is named by a non-empty path (a number would be taken for a file descriptor by fs.open). */
export function checkDumpPath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') throw new VboxCoreError('INVALID_ARGUMENT', `a dump is opened by its file path, not ${describeValue(path)}`);
}

/** The flags every dump is opened with. O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused). */
export const DUMP_OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/** What a file that is not a regular file or a block device is, for the refusal. */
function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * The size of what a dump can be read from: a regular file's length, or a block device's (a
 * dump on a loop device), which stat gives as 0 and sysfs gives in 512-byte sectors.
 */
export function sizeOf(path: string, fileDescriptor: number, stat: fs.Stats): number {
  if (stat.isBlockDevice()) return blockDeviceSize(path, stat.rdev);
  if (!stat.isFile()) throw new VboxCoreError('FILE_UNREADABLE', `${path}: ${kindOf(stat)}, not a file: vboxcore reads dumps from files and block devices (positional reads)`);
  if (stat.size === 0 && fs.readSync(fileDescriptor, Buffer.alloc(1), 0, 1, 0) > 0) {
    // /proc and /sys files report size 0 and have content all the same.
    throw new VboxCoreError('FILE_UNREADABLE', `${path}: a pseudo-file (stat gives size 0, yet it has content, as /proc and /sys files do): not a core dump`);
  }
  return stat.size;
}

const SECTOR_SIZE = 512;

function blockDeviceSize(path: string, rdev: number): number {
  // glibc's major() and minor() of a Linux dev_t
  const device = BigInt(rdev);
  const major = Number(((device >> 8n) & 0xfffn) | ((device >> 32n) & ~0xfffn));
  const minor = Number((device & 0xffn) | ((device >> 12n) & ~0xffn));
  const sysfs = `/sys/dev/block/${major}:${minor}/size`;
  let sectors: number;
  try {
    sectors = Number(fs.readFileSync(sysfs, 'utf8').trim());
  } catch (cause) {
    throw new VboxCoreError('FILE_UNREADABLE', `${path}: a block device whose size cannot be read (${sysfs}: ${(cause as Error).message})`);
  }
  if (!Number.isSafeInteger(sectors * SECTOR_SIZE)) throw new VboxCoreError('FILE_UNREADABLE', `${path}: a block device of an unusable size (${sysfs} says ${sectors} sectors)`);
  return sectors * SECTOR_SIZE;
}

const ERRNO_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOTDIR: 'a part of the path is not a directory',
};

export function unreadable(path: string, cause: unknown): VboxCoreError {
  const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = (errno !== undefined ? ERRNO_REASONS[errno] : undefined) ?? (cause instanceof Error ? cause.message : String(cause));
  return new VboxCoreError('FILE_UNREADABLE', `${path}: cannot read: ${reason}`);
}
