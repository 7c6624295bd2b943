import { fieldPosition } from './kaitai-window';
import { KaitaiFieldSpan } from '../../generated/VboxElf64Header';

/**
 * The Kaitai JavaScript runtime reads u8 fields as doubles, exact only below 2^53. These
 * helpers re-read a u8 field from the window as a BigInt at the position the parser recorded,
 * so exact values never depend on a second copy of the layout.
 */
export function exactU64(parsed: { readonly _debug: Record<string, KaitaiFieldSpan> }, fieldName: string, window: Uint8Array): bigint {
  const position = fieldPosition(parsed, fieldName);
  return Buffer.from(window.buffer, window.byteOffset, window.byteLength).readBigUInt64LE(position);
}

export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The enum constant's name for a value of a generated enum table, or `unknown (value)`. */
export function enumName(table: object, value: number): string {
  const name = (table as Record<number, unknown>)[value];
  return typeof name === 'string' ? name : `unknown (${hex(value)})`;
}
