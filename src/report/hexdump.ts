/**
 * hexdump -C layout with the address in the first column, written straight into a buffer: a
 * 256 MiB read is 16 million lines, and building each from strings costs more than reading it.
 * The text is that of formatHexdump, byte for byte.
 */
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const SPACE = 0x20;
const BAR = 0x7c;
const NEWLINE = 0x0a;
const DOT = 0x2e;
const FULL_LINE = 87;
const TWO_TO_THE_32 = 2 ** 32;

function writeHex32(out: Buffer, at: number, value: number): void {
  for (let digit = 7; digit >= 0; digit--) {
    out[at + digit] = HEX_DIGITS[value & 0xf];
    value >>>= 4;
  }
}

/** The lines for `bytes` read at `address` (16 bytes a line; only the last may be shorter). */
export function hexdumpLines(address: bigint, bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(Math.ceil(bytes.length / 16) * FULL_LINE);
  let high = Number(address >> 32n);
  let low = Number(address & 0xffff_ffffn);
  let at = 0;
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const count = Math.min(16, bytes.length - offset);
    writeHex32(out, at, high);
    writeHex32(out, at + 8, low);
    at += 16;
    out[at++] = SPACE;
    out[at++] = SPACE;
    for (let index = 0; index < 16; index++) {
      if (index < count) {
        const byte = bytes[offset + index];
        out[at++] = HEX_DIGITS[byte >>> 4];
        out[at++] = HEX_DIGITS[byte & 0xf];
      } else {
        out[at++] = SPACE;
        out[at++] = SPACE;
      }
      if (index === 7) {
        out[at++] = SPACE;
        out[at++] = SPACE;
      } else if (index !== 15) {
        out[at++] = SPACE;
      }
    }
    out[at++] = SPACE;
    out[at++] = SPACE;
    out[at++] = BAR;
    for (let index = 0; index < count; index++) {
      const byte = bytes[offset + index];
      out[at++] = byte >= 0x20 && byte < 0x7f ? byte : DOT;
    }
    out[at++] = BAR;
    out[at++] = NEWLINE;
    low += 16;
    if (low >= TWO_TO_THE_32) {
      low -= TWO_TO_THE_32;
      high++;
    }
  }
  return out.subarray(0, at);
}
