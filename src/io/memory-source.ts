import { ByteSource } from './byte-source';

/**
 * A dump held in memory: `head` holds the first bytes, and the rest up to `size` reads as
 * zeros, the way a sparse file does. Lets tests and the fuzzer run thousands of dumps a second.
 */
export class MemorySource extends ByteSource {
  /** Bytes readable: `head.length` unless a larger size is given. */
  readonly size: number;

  /**
   * @param path a name for the dump, used in messages
   * @param head the dump's first bytes
   * @param size the dump's size; bytes past `head` read as zeros
   */
  constructor(
    readonly path: string,
    private readonly head: Uint8Array,
    size: number = head.length,
  ) {
    super();
    this.size = size;
  }

  readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void {
    this.checkBounds(fileOffset, length);
    const fromHead = Math.max(0, Math.min(length, this.head.length - fileOffset));
    if (fromHead > 0) target.set(this.head.subarray(fileOffset, fileOffset + fromHead), targetOffset);
    target.fill(0, targetOffset + fromHead, targetOffset + length);
  }

  /** Nothing to release; present for the ByteSource contract. */
  close(): void {
    // nothing to release
  }
}
