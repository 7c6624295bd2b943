/**
 * Digests for a chain of custody: of a whole dump (the evidence as it sits on disk) and of what
 * is derived from it. Files are read in order in large positional reads through a
 * FileHandleSource, the next read in flight while the previous chunk is hashed, so memory stays
 * two chunks whatever the file's size.
 */
import { createHash, type Hash } from 'node:crypto';
import { VboxCoreError } from '../errors';
import { openAsyncSource } from './open-async-source';
import { shownName } from './remote-address';
import type { HashAlgorithm } from './hash-algorithms';

export { HASH_ALGORITHMS, parseHashAlgorithms, type HashAlgorithm } from './hash-algorithms';

/** One digest of a file or stream. */
export interface Digest {
  /** Which algorithm made it. */
  readonly algorithm: HashAlgorithm;
  /** Lowercase hexadecimal, as sha256sum and md5sum print it. */
  readonly hex: string;
}

/** The digests of one file, with how many bytes went into them. */
export interface FileDigests {
  /** The file hashed (`-` for a stream). */
  readonly path: string;
  /** Bytes hashed: the file's size when it was opened (for a stream, the bytes written). */
  readonly bytes: number;
  /** One per algorithm asked for, in that order. */
  readonly digests: readonly Digest[];
}

const CHUNK_SIZE = 4 * 1024 * 1024;

/** Running digests over bytes handed in order: what an export writes to a stream. */
export class Digester {
  private readonly hashes: { algorithm: HashAlgorithm; hash: Hash }[];
  private byteCount = 0;

  constructor(algorithms: readonly HashAlgorithm[]) {
    this.hashes = algorithms.map((algorithm) => ({ algorithm, hash: createHash(algorithm) }));
  }

  /** Adds the next bytes to every digest. */
  update(bytes: Uint8Array): void {
    for (const { hash } of this.hashes) hash.update(bytes);
    this.byteCount += bytes.length;
  }

  /** How many bytes went in so far. */
  get bytes(): number {
    return this.byteCount;
  }

  /** The digests of everything handed in (call once, at the end). */
  digests(): Digest[] {
    return this.hashes.map(({ algorithm, hash }) => ({ algorithm, hex: hash.digest('hex') }));
  }
}

/**
 * Hashes a whole file, in order: the size it has when opened, its holes as zeros as any reader
 * sees them. Opened as every dump is (a FIFO swapped in is refused, never waited on); a file that
 * shrinks meanwhile is FILE_UNREADABLE. Stops with EXPORT_ABORTED when `signal` fires (an export
 * hashing its input).
 */
export async function hashFile(path: string, algorithms: readonly HashAlgorithm[], options: { signal?: AbortSignal } = {}): Promise<FileDigests> {
  const source = await openAsyncSource(path);
  const buffers = [new Uint8Array(CHUNK_SIZE), new Uint8Array(CHUNK_SIZE)];
  const chunk = (position: number, turn: number) => buffers[turn % 2].subarray(0, Math.min(CHUNK_SIZE, source.size - position));
  let pending = source.readInto(chunk(0, 0), 0);
  try {
    const digester = new Digester(algorithms);
    for (let position = 0, turn = 0; position < source.size; turn++) {
      if (options.signal?.aborted) throw new VboxCoreError('EXPORT_ABORTED', `hashing ${path} was interrupted`);
      await pending;
      const current = chunk(position, turn);
      position += current.length;
      // The next read runs on the thread pool while this chunk is hashed here.
      if (position < source.size) pending = source.readInto(chunk(position, turn + 1), position);
      digester.update(current);
    }
    return { path: shownName(path), bytes: digester.bytes, digests: digester.digests() };
  } finally {
    await pending.catch(() => undefined);
    await source.close();
  }
}
