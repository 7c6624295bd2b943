/**
 * Addresses as an analyst types them into a go-to box: sums and differences of numbers (decimal
 * or 0x hexadecimal), sizes with units (`4KiB`, `1.5M`) and names the caller gives (a vCPU's
 * registers, `.` for where the cursor is): `0x1000+4KiB`, `rsp-0x20`, `cr3+8*0x1000` is not one
 * (no products: an address is a sum). Computed exactly in BigInt; the result lies in [0, 2^64).
 */
import { VboxCoreError } from '../errors';
import { sizeFromText } from '../model/size-text';
import { ADDRESS_SPACE_END, hasSizeUnit } from './address';

const TERM = /\s*([+-]?)\s*(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]+)?\s*[A-Za-z]*|[A-Za-z_.][A-Za-z0-9_.]*)\s*/y;

/** Values an expression may name (lower case), e.g. a vCPU's registers. */
export type ExpressionNames = Readonly<Record<string, bigint>>;

function termValue(text: string, names: ExpressionNames, what: string): bigint {
  const name = text.toLowerCase();
  if (/^0[xX]/.test(text)) return BigInt(text.replace(/_/g, ''));
  if (/^[0-9][0-9_]*$/.test(text)) return BigInt(text.replace(/_/g, ''));
  if (hasSizeUnit(text)) {
    const size = sizeFromText(text.replace(/\s+/g, ''));
    if ('why' in size) throw new VboxCoreError('INVALID_ARGUMENT', `${what}: ${size.why}`);
    return BigInt(size.value);
  }
  const value = names[name];
  if (value === undefined) {
    const known = Object.keys(names);
    throw new VboxCoreError('INVALID_ARGUMENT', `${what}: "${text}" is neither a number, a size (4KiB) nor a name${known.length === 0 ? '' : ` (${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''})`}`);
  }
  return value;
}

/**
 * The address `text` names: terms joined by + and -, each a number, a size or one of `names`.
 * Refused, by INVALID_ARGUMENT naming the place: anything else, and a result below 0 or at or
 * past 2^64.
 */
export function evaluateAddressExpression(text: string, names: ExpressionNames = {}, what = 'address'): bigint {
  if (typeof text !== 'string' || text.trim() === '') throw new VboxCoreError('INVALID_ARGUMENT', `${what} is empty: type an address (0x1000), a sum (0x1000+4KiB) or a register (rip)`);
  TERM.lastIndex = 0;
  let total = 0n;
  let position = 0;
  let first = true;
  while (position < text.length) {
    TERM.lastIndex = position;
    const match = TERM.exec(text);
    if (match === null || match[0] === '' || (!first && match[1] === '')) {
      const afterSign = /^\s*[+-]/.test(text.slice(position)) && (first || match === null || match[1] !== '');
      const expected = first || afterSign ? 'a number, size or name' : '+ or -';
      throw new VboxCoreError('INVALID_ARGUMENT', `${what} "${text}": expected ${expected} at character ${position + 1}`);
    }
    const value = termValue(match[2].trim(), names, `${what} "${text}"`);
    total += match[1] === '-' ? -value : value;
    position = TERM.lastIndex;
    first = false;
  }
  if (total < 0n || total >= ADDRESS_SPACE_END) {
    throw new VboxCoreError('INVALID_ARGUMENT', `${what} "${text}" comes to ${total < 0n ? `-0x${(-total).toString(16)}` : `0x${total.toString(16)}`}, outside 0 to 0xffffffffffffffff`);
  }
  return total;
}
