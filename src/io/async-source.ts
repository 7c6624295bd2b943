import * as fs from 'node:fs';
import { describeValue } from '../address-space/address';
import { VboxCoreError } from '../errors';
import { ByteSource, checkWindow } from './byte-source';
import { checkDumpPath, DUMP_OPEN_FLAGS, sizeOf, unreadable } from './file-source';

/**
 * Where a dump's bytes come from when reads are asynchronous: a file handle here, a `Blob` in a
 * browser. Every read asks for a window that lies inside the source and gets exactly its bytes.
 */
export interface AsyncByteSource {
  /** A name for the dump, used in messages. */
  readonly path: string;
  /** Bytes readable, fixed when the source is opened. */
  readonly size: number;
  /** Fills `target` (length bytes from its start) with the bytes at `fileOffset`. */
  readInto(target: Uint8Array, fileOffset: number): Promise<void>;
  /** Releases the source; reads after it fail. */
  close(): Promise<void>;
  /**
   * Throws where the source knows its size cannot be trusted for a dump whose segments end at
   * `fileOffset` (a Blob of Node's over 4 GiB), instead of letting the dump look truncated.
   */
  checkDeclaredEnd?(fileOffset: number): void;
}

/**
 * A dump file opened as a `FileHandle` and read on libuv's thread pool, so several reads can be in
 * flight at once. Opened with the same checks, and failing with the same errors, as the
 * synchronous FileSource. Reads go through `fs.read` on the handle's descriptor: the callback
 * form costs a third of what `FileHandle.read` does per call, and small reads are all calls.
 */
export class FileHandleSource implements AsyncByteSource {
  private handle: fs.promises.FileHandle | null;

  private constructor(
    readonly path: string,
    handle: fs.promises.FileHandle,
    readonly size: number,
  ) {
    this.handle = handle;
  }

  /** Opens `path` read-only; FILE_UNREADABLE (or INVALID_ARGUMENT for a bad path) when it cannot be a dump. */
  static async open(path: string): Promise<FileHandleSource> {
    checkDumpPath(path);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(path, DUMP_OPEN_FLAGS);
    } catch (cause) {
      throw unreadable(path, cause);
    }
    try {
      return new FileHandleSource(path, handle, sizeOf(path, handle.fd, await handle.stat()));
    } catch (cause) {
      await handle.close();
      throw cause instanceof VboxCoreError ? cause : unreadable(path, cause);
    }
  }

  async readInto(target: Uint8Array, fileOffset: number): Promise<void> {
    checkWindow(this, fileOffset, target.length);
    if (this.handle === null) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    const descriptor = this.handle.fd;
    let done = 0;
    while (done < target.length) {
      let bytesRead: number;
      try {
        bytesRead = await readAt(descriptor, target, done, target.length - done, fileOffset + done);
      } catch (cause) {
        throw unreadable(this.path, cause);
      }
      if (bytesRead === 0) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the file shrank while being read (end at ${fileOffset + done})`, { fileOffset: fileOffset + done });
      done += bytesRead;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}

function readAt(descriptor: number, target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(descriptor, target, offset, length, position, (error, bytesRead) => (error === null ? resolve(bytesRead) : reject(error)));
  });
}

/**
 * Refuses what is not an asynchronous byte source before anything is read from it: a path that is
 * not a string, or an object without a name, a size, readInto and close.
 */
export function checkAsyncSource(source: unknown, caller: string): AsyncByteSource {
  const candidate = source as Partial<AsyncByteSource> | null;
  const missing = typeof candidate !== 'object' || candidate === null
    ? null
    : [typeof candidate.path === 'string' ? null : 'path (a string)', isSize(candidate.size) ? null : 'size (a whole number of bytes below 2^53)', typeof candidate.readInto === 'function' ? null : 'readInto()', typeof candidate.close === 'function' ? null : 'close()'].filter((part) => part !== null);
  if (missing === null) throw new VboxCoreError('INVALID_ARGUMENT', `${caller} takes a dump's path or an asynchronous byte source (FileHandleSource, BlobSource, HttpSource...), not ${describeValue(source)}`);
  if (missing.length > 0) throw new VboxCoreError('INVALID_ARGUMENT', `${caller} was given an object that is not an asynchronous byte source: it lacks ${missing.join(', ')}`);
  return candidate as AsyncByteSource;
}

const isSize = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Any synchronous source (a dump in memory, for tests) as an asynchronous one. */
export function asyncSourceOf(source: ByteSource): AsyncByteSource {
  if (!(source instanceof ByteSource)) throw new VboxCoreError('INVALID_ARGUMENT', `asyncSourceOf takes a synchronous ByteSource (MemorySource, FileSource), not ${describeValue(source)}`);
  return {
    path: source.path,
    size: source.size,
    readInto: async (target, fileOffset) => source.readInto(target, 0, target.length, fileOffset),
    close: async () => source.close(),
  };
}
