import * as fs from 'node:fs';
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

  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void {
    this.checkBounds(fileOffset, length);
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
