/**
 * The CLI's machine output. Every --json document is an object that names its command and the
 * version of its layout (`schemaVersion`); json-schemas/<command>.schema.json describes it.
 *
 * One convention for 64-bit values: every address, file offset, size and byte count is a
 * 0x-prefixed hexadecimal string, and so is every register. JSON numbers are doubles in most
 * parsers, exact only below 2^53, and guest addresses and registers go up to 2^64 - 1: a string
 * is exact everywhere, and hexadecimal is how these values are read and written. Counts,
 * indexes, flags, versions and times stay numbers.
 */

/** The layout version of every document; raised when a field changes meaning or goes away. */
export const JSON_SCHEMA_VERSION = 1;

export type JsonCommand = 'info' | 'validate' | 'validate-dump' | 'validate-summary' | 'read' | 'cpus' | 'vtop' | 'maps' | 'translate' | 'export' | 'error' | 'warning';

/** Keys whose numbers are addresses, offsets, sizes or byte counts. */
const SIXTY_FOUR_BIT_KEY = /^(size|length|align|entry|bytes|offset|offsetInRange)$|^bytes(?!PerSecond)[A-Z]|(Address|Offset|Start|End|Size|Length|Bytes)$/;
/** Byte counts by kind: of hole ({ gap, mmio, truncated, absent }), of range ({ ram, vram, ... }). */
const BYTE_COUNT_TABLES = new Set(['holes', 'byKind']);

const hexOf = (value: number | bigint): string => `0x${value.toString(16)}`;

function jsonValue(key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return hexOf(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && SIXTY_FOUR_BIT_KEY.test(key)) return hexOf(value);
  if (BYTE_COUNT_TABLES.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([kind, bytes]) => [kind, typeof bytes === 'number' ? hexOf(bytes) : bytes]));
  }
  return value;
}

/**
 * JSON text of a value under that convention. DEL and the C1 control characters, which
 * JSON.stringify leaves raw and some terminals act on, are escaped too.
 */
export function toJson(value: unknown, indent: 2 | 0 = 2): string {
  return JSON.stringify(value, jsonValue, indent === 0 ? undefined : indent).replace(/[\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A command's document: its name and layout version first, then its facts. */
export function jsonDocument(command: JsonCommand, body: object): string {
  return `${toJson({ command, schemaVersion: JSON_SCHEMA_VERSION, ...body })}\n`;
}

/**
 * A document for standard error (an error, a warning): on one line, so that a reader can take
 * stderr as JSON Lines, one document per line, however many warnings come before an error.
 */
export function jsonLine(command: 'error' | 'warning' | 'validate-dump' | 'validate-summary' | 'info', body: object): string {
  return `${toJson({ command, schemaVersion: JSON_SCHEMA_VERSION, ...body }, 0)}\n`;
}
