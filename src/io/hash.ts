/**
 * Digests for a chain of custody: of a whole dump (the evidence as it sits on disk) and of what
 * is derived from it. Files are read in order in large positional reads, the next read in flight
 * while the previous chunk is hashed, so memory stays two chunks whatever the file's size.
 */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { VboxCoreError } from '../errors';
import { checkDumpPath, DUMP_OPEN_FLAGS, sizeOf, unreadable } from './file-source';
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
  /** Bytes hashed: the file's length when it was read to its end. */
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
 * Hashes a whole file, in order, to its end. A file's holes read as zeros, as any reader sees
 * them. Stops with EXPORT_ABORTED when `signal` fires (an export hashing its input).
 */
export async function hashFile(path: string, algorithms: readonly HashAlgorithm[], options: { signal?: AbortSignal } = {}): Promise<FileDigests> {
  checkDumpPath(path);
  let handle: fs.promises.FileHandle;
  try {
    // As every dump is opened: a FIFO swapped in meanwhile is refused (sizeOf), never waited on.
    handle = await fs.promises.open(path, DUMP_OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    sizeOf(path, handle.fd, await handle.stat());
    const digester = new Digester(algorithms);
    const buffers = [Buffer.allocUnsafe(CHUNK_SIZE), Buffer.allocUnsafe(CHUNK_SIZE)];
    let position = 0;
    let pending = handle.read(buffers[0], 0, CHUNK_SIZE, position);
    for (let turn = 0; ; turn++) {
      if (options.signal?.aborted) throw new VboxCoreError('EXPORT_ABORTED', `hashing ${path} was interrupted`);
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      // The next read runs on the thread pool while this chunk is hashed here.
      const next = buffers[(turn + 1) % 2];
      pending = handle.read(next, 0, CHUNK_SIZE, position);
      digester.update(buffers[turn % 2].subarray(0, bytesRead));
    }
    return { path, bytes: digester.bytes, digests: digester.digests() };
  } catch (error) {
    if (error instanceof VboxCoreError) throw error;
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}

/** `sha256sum` style: the algorithm's name as coreutils spells the tool (SHA256, MD5). */
export function digestLabel(algorithm: HashAlgorithm): string {
  return algorithm.toUpperCase();
}
