import * as fs from 'node:fs';
import { VboxCoreError } from '../errors';
import type { AsyncByteSource } from './async-source';
import { checkWindow } from './byte-source';
import { checkDumpPath, DUMP_OPEN_FLAGS, sizeOf, unreadable } from './file-source';

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
