import { VboxCoreError } from '../errors';

/** A 64-bit address or size as the caller holds it. Numbers must be safe integers. */
export type AddressInput = number | bigint;

export const ADDRESS_SPACE_END = 1n << 64n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Checks a 64-bit address and returns it exactly. */
export function toAddress(value: AddressInput, what = 'address'): bigint {
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
  const cleaned = text.trim().replace(/_/g, '');
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(cleaned)) {
    throw new VboxCoreError('INVALID_ARGUMENT', `${what} "${text}" is not a number (use decimal or 0x-prefixed hexadecimal)`);
  }
  return toAddress(BigInt(cleaned), what);
}

/** Parses a user-typed byte count that must fit a safe integer. */
export function parseLength(text: string, what = 'length'): number {
  const value = parseAddress(text, what);
  if (value > MAX_SAFE) throw new VboxCoreError('INVALID_ARGUMENT', `${what} ${text} is too large`);
  return Number(value);
}
