import { VboxCoreError } from '../errors';

/**
 * Where a dump's bytes come from: a file read with positional I/O, or memory (tests, fuzzing,
 * dumps already loaded by a caller). Reads past `size` are refused, never padded.
 */
export abstract class ByteSource {
  /** The file's path as given, or a name for bytes in memory; used in messages. */
  abstract readonly path: string;
  /** Bytes readable, fixed when the source is opened. */
  abstract readonly size: number;

  /** Fills `target[targetOffset, targetOffset + length)` from `fileOffset`; the range must lie inside the source. */
  abstract readInto(target: Uint8Array, targetOffset: number, length: number, fileOffset: number): void;

  /** Releases the file descriptor (nothing for memory); reads after it fail. */
  abstract close(): void;

  /** Reads exactly `length` bytes at `fileOffset`; the caller has checked they lie inside. */
  readAt(fileOffset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    this.readInto(buffer, 0, length, fileOffset);
    return buffer;
  }

  /**
   * Reads up to `length` bytes at `fileOffset`, fewer when the source ends first, into a buffer
   * that owns its whole ArrayBuffer (a Kaitai stream sees exactly the window, nothing more).
   */
  readWindow(fileOffset: number, length: number): Buffer {
    const available = Math.max(0, Math.min(length, this.size - fileOffset));
    const window = Buffer.allocUnsafeSlow(available);
    this.readInto(window, 0, available, fileOffset);
    return window;
  }

  /** Throws FILE_UNREADABLE unless `[fileOffset, fileOffset + length)` lies inside the source. */
  protected checkBounds(fileOffset: number, length: number): void {
    checkWindow(this, fileOffset, length);
  }
}

/** Refuses a read outside a source, synchronous or not: FILE_UNREADABLE naming the window and the size. */
export function checkWindow(source: { readonly path: string; readonly size: number }, fileOffset: number, length: number): void {
  if (!(Number.isSafeInteger(fileOffset) && fileOffset >= 0 && Number.isSafeInteger(length) && length >= 0 && fileOffset + length <= source.size)) {
    throw new VboxCoreError('FILE_UNREADABLE', `${source.path}: read of ${length} bytes at file offset ${fileOffset} lies outside the file (${source.size} bytes)`, { fileOffset });
  }
}
