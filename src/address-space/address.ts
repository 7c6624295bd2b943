import { VboxCoreError } from '../errors';
import { sizeFromText } from '../model/size-text';

/** A 64-bit address or size as the caller holds it. Numbers must be safe integers. */
export type AddressInput = number | bigint;

export const ADDRESS_SPACE_END = 1n << 64n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Checks a 64-bit address and returns it exactly. */
export function toAddress(value: AddressInput, what = 'address'): bigint {
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    // JavaScript callers get the same typed error as everyone else, not a TypeError from deep inside.
    throw new VboxCoreError('INVALID_ARGUMENT', `${what} must be a number or a BigInt, not ${describeValue(value)}${typeof value === 'string' ? ' (parseAddress turns text into an address)' : ''}`);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new VboxCoreError('INVALID_ARGUMENT', `${what} ${value} is not a non-negative safe integer; pass a BigInt for values of 2^53 and above`);
    }
    return BigInt(value);
  }
  if (value < 0n || value >= ADDRESS_SPACE_END) {
    throw new VboxCoreError('INVALID_ARGUMENT', `${what} 0x${value.toString(16)} is outside the 64-bit address space`);
  }
  return value;
}

/** The address as a number when it is exactly representable, else null (it lies above every range). */
export function toSafeNumber(address: bigint): number | null {
  return address <= MAX_SAFE ? Number(address) : null;
}

/** Parses a user-typed address or size: decimal, or hexadecimal with 0x; `_` separators allowed. */
export function parseAddress(text: string, what = 'address'): bigint {
  if (typeof text !== 'string') throw new VboxCoreError('INVALID_ARGUMENT', `parseAddress reads text; ${what} ${describeValue(text)} is not a string`);
  const cleaned = text.trim().replace(/_/g, '');
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(cleaned)) {
    throw new VboxCoreError('INVALID_ARGUMENT', `${what} "${text}" is not a number (use decimal or 0x-prefixed hexadecimal)`);
  }
  return toAddress(BigInt(cleaned), what);
}

/** Whether user-typed text is a decimal count with a unit (`4KiB`, `1.5G`), as against a plain or 0x number. */
export function hasSizeUnit(text: unknown): text is string {
  return typeof text === 'string' && /^\s*[0-9][0-9_]*(\.[0-9_]+)?\s*[A-Za-z]+\s*$/.test(text) && !/^\s*0[xX]/.test(text);
}

/**
 * Parses a user-typed byte count that must fit a safe integer: decimal or 0x hexadecimal, or a
 * size with a unit as `--expect` takes it (`4KiB`, `64M`, `1.5G`, `100kB`).
 */
export function parseLength(text: string, what = 'length'): number {
  if (hasSizeUnit(text)) {
    const size = sizeFromText(text.trim());
    if ('why' in size) throw new VboxCoreError('INVALID_ARGUMENT', `${what}: ${size.why}`);
    return size.value;
  }
  const value = parseAddress(text, what);
  if (value > MAX_SAFE) throw new VboxCoreError('INVALID_ARGUMENT', `${what} ${text} is too large`);
  return Number(value);
}

/** A value a JavaScript caller passed, for an error message: its type and a short rendering. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value)}`;
}
