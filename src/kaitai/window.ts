import KaitaiStream from 'kaitai-struct/KaitaiStream';
import type { KaitaiFieldSpan } from '../../generated/KaitaiFieldSpan';

/** An object a debug-mode parser read: where each of its fields was, by field name. */
export interface WithFieldSpans {
  readonly _debug: Record<string, KaitaiFieldSpan>;
}

/** A generated debug-mode parser class: construct over a stream, then `_read()`. */
interface KaitaiParsed extends WithFieldSpans {
  _read(): void;
}

/** Its constructor; a schema with `params` takes them after parent and root. */
type KaitaiParserClass<T extends KaitaiParsed, P extends unknown[]> = new (io: KaitaiStream, parent?: unknown, root?: unknown, ...params: P) => T;

/** Why a window did not parse: it ended too early, or a `valid:`/`contents:` check failed. */
export type ParseFailureKind = 'end-of-window' | 'validation';

export class ParseFailure<T> {
  constructor(
    readonly kind: ParseFailureKind,
    /** The object as far as it was read; fields after the failing one are undefined. */
    readonly partial: T,
    readonly cause: Error,
  ) {}
}

/**
 * Parses `bytes` (a window read from the file at `windowFileOffset`) with a generated parser.
 * Kaitai's own errors are turned into a ParseFailure value; anything else is a bug and is rethrown.
 */
export function parseWindow<T extends KaitaiParsed, P extends unknown[] = []>(
  parserClass: KaitaiParserClass<T, P>,
  bytes: Uint8Array,
  ...params: P
): { value: T } | ParseFailure<T> {
  return parseAt(parserClass, streamOver(bytes), 0, ...params);
}

export function streamOver(bytes: Uint8Array): KaitaiStream {
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return new KaitaiStream(arrayBuffer);
}

/** Parses one object at `position` of an existing stream (entries of a table, records of a segment). */
export function parseAt<T extends KaitaiParsed, P extends unknown[] = []>(
  parserClass: KaitaiParserClass<T, P>,
  stream: KaitaiStream,
  position: number,
  ...params: P
): { value: T } | ParseFailure<T> {
  stream.seek(position);
  const parsed = new parserClass(stream, undefined, undefined, ...params);
  try {
    parsed._read();
    return { value: parsed };
  } catch (cause) {
    if (cause instanceof KaitaiStream.EOFError) return new ParseFailure('end-of-window', parsed, cause);
    if (isKaitaiValidationError(cause)) return new ParseFailure('validation', parsed, cause as Error);
    throw cause;
  }
}

/**
 * The `count` fixed-size entries of a table read whole into `window` (program or section
 * headers). The caller has checked that the window holds every entry, so a failure is a bug.
 */
export function parseTable<T extends KaitaiParsed>(parserClass: KaitaiParserClass<T, []>, window: Uint8Array, count: number, entrySize: number): T[] {
  const stream = streamOver(window);
  const entries: T[] = [];
  for (let index = 0; index < count; index++) {
    const parsed = parseAt(parserClass, stream, index * entrySize);
    if (parsed instanceof ParseFailure) throw parsed.cause;
    entries.push(parsed.value);
  }
  return entries;
}

function isKaitaiValidationError(cause: unknown): boolean {
  return (
    cause instanceof KaitaiStream.ValidationNotEqualError ||
    cause instanceof KaitaiStream.ValidationLessThanError ||
    cause instanceof KaitaiStream.ValidationGreaterThanError ||
    cause instanceof KaitaiStream.ValidationNotAnyOfError ||
    cause instanceof KaitaiStream.ValidationNotInEnumError ||
    cause instanceof KaitaiStream.UnexpectedDataError
  );
}

/** Position of a field inside the window, as recorded by the debug-mode parser. */
export function fieldPosition(parsed: WithFieldSpans, fieldName: string): number {
  const span = parsed._debug[fieldName];
  if (span === undefined) throw new Error(`no debug span for field ${fieldName}`);
  return span.start;
}

/**
 * The Kaitai JavaScript runtime reads u8 fields as doubles, exact only below 2^53. This re-reads
 * a u8 field from the window as a BigInt at the position the parser recorded, so exact values
 * never depend on a second copy of the layout.
 */
export function exactU64(parsed: WithFieldSpans, fieldName: string, window: Uint8Array): bigint {
  const span = parsed._debug[fieldName];
  if (span === undefined) throw new Error(`no debug span for field ${fieldName}`);
  // ioOffset: where a substream (a field with `size:`) starts in the window; 0 at the top
  return Buffer.from(window.buffer, window.byteOffset, window.byteLength).readBigUInt64LE(span.ioOffset + span.start);
}

/** The same for a repeated u8 field (`repeat: expr`), one value per element. */
export function exactU64Array(parsed: WithFieldSpans, fieldName: string, window: Uint8Array): bigint[] {
  const elements = parsed._debug[fieldName]?.arr;
  if (elements === undefined) throw new Error(`no debug spans for the elements of ${fieldName}`);
  const view = Buffer.from(window.buffer, window.byteOffset, window.byteLength);
  const ioOffset = parsed._debug[fieldName].ioOffset;
  return elements.map((element) => view.readBigUInt64LE((element.ioOffset ?? ioOffset) + element.start));
}
