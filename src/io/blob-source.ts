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
    this.size = blob.size;
  }

  async readInto(target: Uint8Array, fileOffset: number): Promise<void> {
    checkWindow(this, fileOffset, target.length);
    if (this.closed) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    let bytes: ArrayBuffer;
    try {
      bytes = await this.blob.slice(fileOffset, fileOffset + target.length).arrayBuffer();
    } catch (cause) {
      // A File whose disk file changed or vanished since it was picked fails here (NotReadableError).
      throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: cannot read ${target.length} bytes at file offset ${fileOffset}: ${cause instanceof Error ? cause.message : String(cause)}`, { fileOffset });
    }
    if (bytes.byteLength !== target.length) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the file shrank while being read (${bytes.byteLength} of ${target.length} bytes at ${fileOffset})`, { fileOffset });
    target.set(new Uint8Array(bytes));
    this.bytesRead += target.length;
    this.readCount += 1;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
