/**
 * Bytes as an analyst copies and reads them: the selection as hex, text or a C / Python array,
 * and the values at the cursor (the data inspector). Bytes the dump lacks are never zeros here:
 * a copy names them (`??` in hex) or is refused, and an inspector row that needs one says so.
 */

/** Bytes of the hex view, and for each one why the dump lacks it (null: it has it). */
export interface ShownBytes {
  readonly bytes: Uint8Array;
  readonly missing: readonly (string | null)[];
}

/** The ways the selection can be copied. */
export type CopyFormat = 'hex' | 'text' | 'c' | 'python';

/** Bytes copied at most (the page reads them first). */
export const COPY_LIMIT = 1024 * 1024;

const hexByte = (byte: number): string => byte.toString(16).padStart(2, '0');

/** The first byte the dump lacks, and why; null when it has them all. */
export function firstMissing(shown: ShownBytes): { index: number; reason: string } | null {
  const index = shown.missing.findIndex((reason) => reason !== null);
  return index < 0 ? null : { index, reason: shown.missing[index] as string };
}

/**
 * The selection in `format`. Hex writes `??` for bytes the dump lacks; text, C and Python have
 * no way to say so and are refused for such a selection (the error names the first one).
 */
export function copyText(shown: ShownBytes, format: CopyFormat, startAddress: bigint): { text: string } | { error: string } {
  const { bytes } = shown;
  if (format === 'hex') return { text: Array.from(bytes, (byte, index) => (shown.missing[index] === null ? hexByte(byte) : '??')).join(' ') };
  const missing = firstMissing(shown);
  if (missing !== null) return { error: `the selection has bytes the dump lacks (the first at 0x${(startAddress + BigInt(missing.index)).toString(16)}: ${missing.reason}); copy it as hex, which shows them as ??` };
  if (format === 'text') return { text: Array.from(bytes, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('') };
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += 12) lines.push(`    ${Array.from(bytes.subarray(start, start + 12), (byte) => `0x${hexByte(byte)}`).join(', ')},`);
  const name = `bytes_${startAddress.toString(16)}`;
  if (format === 'c') return { text: [`unsigned char ${name}[${bytes.length}] = {`, ...lines, '};'].join('\n') };
  return { text: [`${name} = bytes([`, ...lines, '])'].join('\n') };
}

/** One line of the data inspector. */
export interface InspectorRow {
  /** What the bytes are read as: `u32 le`, `f64 be`... */
  readonly type: string;
  /** The value, or why there is none (bytes the dump lacks, past the end of what is shown). */
  readonly value: string;
  /** Bytes it reads. */
  readonly width: number;
  /** The unsigned value, for rows a pointer can be followed from (u64, u32). */
  readonly pointer: bigint | null;
}

const INTEGERS: readonly { width: 1 | 2 | 4 | 8; signed: boolean }[] = [
  { width: 1, signed: false },
  { width: 1, signed: true },
  { width: 2, signed: false },
  { width: 2, signed: true },
  { width: 4, signed: false },
  { width: 4, signed: true },
  { width: 8, signed: false },
  { width: 8, signed: true },
];

function integerAt(view: DataView, width: 1 | 2 | 4 | 8, signed: boolean, little: boolean): bigint {
  switch (width) {
    case 1:
      return BigInt(signed ? view.getInt8(0) : view.getUint8(0));
    case 2:
      return BigInt(signed ? view.getInt16(0, little) : view.getUint16(0, little));
    case 4:
      return BigInt(signed ? view.getInt32(0, little) : view.getUint32(0, little));
    default:
      return signed ? view.getBigInt64(0, little) : view.getBigUint64(0, little);
  }
}

function unavailable(shown: ShownBytes, width: number): string | null {
  if (shown.bytes.length < width) return 'past what is shown';
  const missing = shown.missing.slice(0, width).findIndex((reason) => reason !== null);
  return missing < 0 ? null : `byte ${missing} not in the dump (${shown.missing[missing]})`;
}

/**
 * What the bytes from the cursor are, read every common way: unsigned and signed integers of
 * 1 to 8 bytes in both byte orders, IEEE floats and doubles. `shown` starts at the cursor.
 */
export function inspectBytes(shown: ShownBytes): InspectorRow[] {
  const rows: InspectorRow[] = [];
  const view = new DataView(shown.bytes.buffer, shown.bytes.byteOffset, shown.bytes.byteLength);
  for (const order of ['le', 'be'] as const) {
    for (const { width, signed } of INTEGERS) {
      if (width === 1 && order === 'be') continue;
      const type = `${signed ? 'i' : 'u'}${width * 8}${width === 1 ? '' : ` ${order}`}`;
      const why = unavailable(shown, width);
      if (why !== null) {
        rows.push({ type, value: `— ${why}`, width, pointer: null });
        continue;
      }
      const value = integerAt(view, width, signed, order === 'le');
      const text = signed ? value.toString() : `0x${value.toString(16)} (${value.toString()})`;
      rows.push({ type, value: text, width, pointer: !signed && width >= 4 ? value : null });
    }
    for (const width of [4, 8] as const) {
      const type = `f${width * 8} ${order}`;
      const why = unavailable(shown, width);
      const value = width === 4 ? () => view.getFloat32(0, order === 'le') : () => view.getFloat64(0, order === 'le');
      rows.push({ type, value: why === null ? String(value()) : `— ${why}`, width, pointer: null });
    }
  }
  return rows;
}
