import { describeValue } from '../address-space/address';
import { VboxCoreError } from '../errors';
import { ByteSource } from './byte-source';

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
