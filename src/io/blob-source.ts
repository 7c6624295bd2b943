import { describeValue } from '../address-space/address';
import { VboxCoreError } from '../errors';
import type { AsyncByteSource } from './async-source';
import { checkWindow } from './byte-source';

/** What a browser `File` (or Node's `Blob`) offers: a size, and slices read on demand. */
export interface BlobLike {
  /** Bytes in the blob. */
  readonly size: number;
  /** A view of bytes [start, end), read only when asked. */
  slice(start: number, end: number): {
    /** The slice's bytes. */
    arrayBuffer(): Promise<ArrayBuffer>;
  };
}

/** True in Node.js (whose Blobs of large files misreport their size), false in a browser. */
const IN_NODE = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Node's `fs.openAsBlob` gives files of 4 GiB and more their size modulo 2^32 and returns empty
 * slices across 2 GiB (nodejs/node#52585, open in Node 20 to 24): in Node, Blobs from 2 GiB on
 * are refused, and a dump whose segments end a whole multiple of 4 GiB past the Blob's end is
 * taken for that bug, not for a truncated file.
 */
const NODE_BLOB_LIMIT = 2 ** 31;
const FOUR_GIB = 2 ** 32;

function nodeBlobAdvice(path: string, why: string): VboxCoreError {
  return new VboxCoreError('FILE_UNREADABLE', `${path}: ${why}; Node's Blobs of files from 2 GiB on give wrong sizes and empty slices (fs.openAsBlob, nodejs/node#52585): open the path itself (openDumpAsync(path), or a FileHandleSource)`);
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/**
 * A dump held by a `Blob` or `File` (a file picked or dropped in a browser page): each read slices
 * only the bytes asked for, so a 24 GB dump is opened without reading it. Counts what it reads.
 */
export class BlobSource implements AsyncByteSource {
  readonly size: number;
  /** Bytes read so far. */
  bytesRead = 0;
  /** Reads made so far. */
  readCount = 0;
  private closed = false;

  /**
   * @param blob the dump's bytes
   * @param path the name used in messages (a File's name)
   */
  constructor(
    private readonly blob: BlobLike,
    readonly path: string,
  ) {
    if (typeof blob !== 'object' || blob === null || typeof blob.slice !== 'function') throw new VboxCoreError('INVALID_ARGUMENT', `BlobSource reads a Blob or File, not ${describeValue(blob)}`);
    if (typeof path !== 'string') throw new VboxCoreError('INVALID_ARGUMENT', `BlobSource's name is a string (a File's name), not ${describeValue(path)}`);
    const size: unknown = blob.size;
    if (!(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) throw new VboxCoreError('INVALID_ARGUMENT', `${path}: the Blob's size ${describeValue(size)} is not a whole number of bytes below 2^53`);
    if (IN_NODE && size >= NODE_BLOB_LIMIT) throw nodeBlobAdvice(path, `a Blob of ${size} bytes`);
    this.size = size;
  }

  async readInto(target: Uint8Array, fileOffset: number): Promise<void> {
    checkWindow(this, fileOffset, target.length);
    if (this.closed) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    let bytes: unknown;
    try {
      bytes = await this.blob.slice(fileOffset, fileOffset + target.length).arrayBuffer();
    } catch (cause) {
      // A File whose disk file changed or vanished since it was picked fails here (NotReadableError).
      throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: cannot read ${target.length} bytes at file offset ${fileOffset}: ${cause instanceof Error ? cause.message : String(cause)}`, { fileOffset });
    }
    if (!isArrayBuffer(bytes)) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: a slice of the Blob gave ${describeValue(bytes)} instead of bytes (an ArrayBuffer) at file offset ${fileOffset}`, { fileOffset });
    if (bytes.byteLength > target.length) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: a slice of ${target.length} bytes at file offset ${fileOffset} gave ${bytes.byteLength} bytes: not a Blob's slice`, { fileOffset });
    if (bytes.byteLength < target.length) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the file shrank while being read (${bytes.byteLength} of ${target.length} bytes at ${fileOffset})`, { fileOffset });
    target.set(new Uint8Array(bytes));
    this.bytesRead += target.length;
    this.readCount += 1;
  }

  /** In Node, a dump declaring data a whole multiple of 4 GiB past the Blob's end met Node's size bug, not a truncation. */
  checkDeclaredEnd(fileOffset: number): void {
    if (IN_NODE && fileOffset > this.size && (fileOffset - this.size) % FOUR_GIB === 0) {
      throw nodeBlobAdvice(this.path, `the dump's segments end at ${fileOffset}, exactly ${(fileOffset - this.size) / FOUR_GIB} x 4 GiB past the Blob's size of ${this.size}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
