import * as fs from 'node:fs';
import { VboxCoreError } from '../errors';

/**
 * A dump file opened read-only, read with positional reads only. Nothing is mapped or read
 * ahead: callers ask for the window they need.
 */
export class FileSource {
  readonly path: string;
  readonly size: number;
  private fileDescriptor: number | null;

  private constructor(path: string, fileDescriptor: number, size: number) {
    this.path = path;
    this.fileDescriptor = fileDescriptor;
    this.size = size;
  }

  static open(path: string): FileSource {
    let fileDescriptor: number;
    try {
      fileDescriptor = fs.openSync(path, fs.constants.O_RDONLY);
    } catch (cause) {
      throw unreadable(path, cause);
    }
    try {
      const stat = fs.fstatSync(fileDescriptor);
      if (!stat.isFile() && !stat.isBlockDevice()) {
        throw new VboxCoreError('FILE_UNREADABLE', `${path}: not a regular file`);
      }
      return new FileSource(path, fileDescriptor, stat.size);
    } catch (cause) {
      fs.closeSync(fileDescriptor);
      throw cause instanceof VboxCoreError ? cause : unreadable(path, cause);
    }
  }

  /** Reads exactly `length` bytes at `fileOffset`; the caller has checked they lie inside the file. */
  readAt(fileOffset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    this.readInto(buffer, 0, length, fileOffset);
    return buffer;
  }

  /**
   * Reads up to `length` bytes at `fileOffset`, fewer when the file ends first, into a buffer
   * that owns its whole ArrayBuffer (a Kaitai stream sees exactly the window, nothing more).
   */
  readWindow(fileOffset: number, length: number): Buffer {
    const available = Math.max(0, Math.min(length, this.size - fileOffset));
    const window = Buffer.allocUnsafeSlow(available);
    this.readInto(window, 0, available, fileOffset);
    return window;
  }

  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void {
    if (!(Number.isSafeInteger(fileOffset) && fileOffset >= 0 && fileOffset + length <= this.size)) {
      throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: read of ${length} bytes at file offset ${fileOffset} lies outside the file (${this.size} bytes)`, { fileOffset });
    }
    let done = 0;
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

  private descriptor(): number {
    if (this.fileDescriptor === null) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    return this.fileDescriptor;
  }
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

function unreadable(path: string, cause: unknown): VboxCoreError {
  const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = (errno !== undefined ? ERRNO_REASONS[errno] : undefined) ?? (cause instanceof Error ? cause.message : String(cause));
  return new VboxCoreError('FILE_UNREADABLE', `${path}: cannot read: ${reason}`);
}
