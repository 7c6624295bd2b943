/**
 * The viewer's logic that needs no browser: go-to expressions, the URL's place, copies of a
 * selection and the data inspector, on real bytes; bytes the dump lacks never read as zeros.
 */
import { evaluateAddressExpression } from '../src/address-space/address-expression';
import { copyText, inspectBytes, ShownBytes } from '../web/byte-formats';
import { parsePlace, placeFragment, START_PLACE } from '../web/url-state';

const shown = (bytes: number[], missing: (string | null)[] = bytes.map(() => null)): ShownBytes => ({ bytes: Uint8Array.from(bytes), missing });

describe('go-to expressions', () => {
  const names = { rsp: 0x7fff_0000n, '.': 0x50n };
  test.each([
    ['0x1000+4KiB', 0x2000n],
    ['rsp-0x20', 0x7ffe_ffe0n],
    ['RSP + 16', 0x7fff_0010n],
    ['.+0x10', 0x60n],
    ['1.5KiB', 0x600n],
    ['4096 - 1', 0xfffn],
    ['0xffffffffffffffff', 0xffff_ffff_ffff_ffffn],
    ['0xffff_ffff_8100_0000', 0xffff_ffff_8100_0000n],
  ])('%s', (text, value) => expect(evaluateAddressExpression(text, names)).toBe(value));

  test.each([
    ['', /empty/],
    ['0xffffffffffffffff+1', /comes to 0x10000000000000000, outside/],
    ['-1', /comes to -0x1/],
    ['0x1000 0x20', /expected \+ or - at character 8/],
    ['0x1000+', /expected a number, size or name at character 7/],
    ['rbx', /"rbx" is neither a number, a size \(4KiB\) nor a name \(rsp, \.\)/],
    ['4Kb', /counts bits/],
  ])('%s is refused, by INVALID_ARGUMENT', (text, message) => {
    expect(() => evaluateAddressExpression(text, names)).toThrow(message);
    expect(() => evaluateAddressExpression(text, names)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('the place in the URL', () => {
  test('round trips, every space, near 2^64', () => {
    for (const place of [
      { view: 'hex', space: 'physical', address: 0x1000n, cpu: 1, selectionLength: 24 },
      { view: 'structure', space: 'file', address: 0x1dcn, cpu: 0, selectionLength: 0 },
      { view: 'hex', space: 'virtual', address: 0xffff_ffff_ffff_fff0n, cpu: 3, selectionLength: 16 },
    ] as const) {
      expect(parsePlace(placeFragment(place))).toEqual(place);
    }
    expect(placeFragment({ view: 'hex', space: 'physical', address: 0x1000n, cpu: 0, selectionLength: 24 })).toBe('#view=hex&paddr=0x1000&cpu=0&sel=24');
  });

  test('what is not a place is ignored, not trusted', () => {
    const fallback = { ...START_PLACE, address: 0x42n };
    expect(parsePlace('#view=evil&paddr=0x10000000000000000&cpu=-1&sel=1e9', fallback)).toEqual(fallback);
    expect(parsePlace('#paddr=<script>', fallback)).toEqual(fallback);
    expect(parsePlace('', fallback)).toEqual(fallback);
    // an address without a selection has none, whatever the place before had
    expect(parsePlace('#view=hex&paddr=0x10', { ...fallback, selectionLength: 16 })).toMatchObject({ address: 0x10n, selectionLength: 0 });
  });
});

describe('copies of a selection', () => {
  const bytes = shown([0x4d, 0x5a, 0x90, 0x00, 0x41]);
  test('as hex, text, C and Python', () => {
    expect(copyText(bytes, 'hex', 0x1000n)).toEqual({ text: '4d 5a 90 00 41' });
    expect(copyText(bytes, 'text', 0x1000n)).toEqual({ text: 'MZ..A' });
    expect(copyText(bytes, 'c', 0x1000n)).toEqual({ text: 'unsigned char bytes_1000[5] = {\n    0x4d, 0x5a, 0x90, 0x00, 0x41,\n};' });
    expect(copyText(bytes, 'python', 0x1000n)).toEqual({ text: 'bytes_1000 = bytes([\n    0x4d, 0x5a, 0x90, 0x00, 0x41,\n])' });
  });

  test('bytes the dump lacks: ?? in hex, and the other formats refuse naming the first', () => {
    const holed = shown([0x41, 0, 0, 0x42], [null, 'MMIO', 'MMIO', null]);
    expect(copyText(holed, 'hex', 0x10n)).toEqual({ text: '41 ?? ?? 42' });
    for (const format of ['text', 'c', 'python'] as const) expect(copyText(holed, format, 0x10n)).toEqual({ error: expect.stringContaining('the first at 0x11: MMIO') });
  });
});

describe('the data inspector', () => {
  const row = (rows: ReturnType<typeof inspectBytes>, type: string) => rows.find((entry) => entry.type === type);

  test('integers in both orders, signed, floats; u64 exact past 2^53 and a pointer to follow', () => {
    const rows = inspectBytes(shown([0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(row(rows, 'u8')?.value).toBe('0xf0 (240)');
    expect(row(rows, 'i8')?.value).toBe('-16');
    expect(row(rows, 'u16 be')?.value).toBe('0xf0ff (61695)');
    expect(row(rows, 'i32 le')?.value).toBe('-16');
    expect(row(rows, 'u64 le')).toMatchObject({ value: '0xfffffffffffffff0 (18446744073709551600)', pointer: 0xffff_ffff_ffff_fff0n });
    expect(row(rows, 'i64 le')?.value).toBe('-16');
    const float = inspectBytes(shown([0, 0, 0x80, 0x3f, 0, 0, 0, 0]));
    expect(row(float, 'f32 le')?.value).toBe('1');
    const double = inspectBytes(shown([0x18, 0x2d, 0x44, 0x54, 0xfb, 0x21, 0x09, 0x40]));
    expect(row(double, 'f64 le')?.value).toBe(String(Math.PI));
  });

  test('a value that needs a byte the dump lacks says so; short views too', () => {
    const rows = inspectBytes(shown([1, 2, 3, 4, 5, 6, 7, 8], [null, null, null, null, 'no range: not guest memory', null, null, null]));
    expect(row(rows, 'u32 le')?.value).toBe('0x4030201 (67305985)');
    expect(row(rows, 'u64 le')).toMatchObject({ value: '— byte 4 not in the dump (no range: not guest memory)', pointer: null });
    expect(row(inspectBytes(shown([1, 2])), 'u32 le')?.value).toBe('— past what is shown');
  });
});
