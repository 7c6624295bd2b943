/**
 * The viewer's search (web/search-core.ts) against a plain reference: every position where the
 * pattern matches, over runs cut into chunks of every awkward size, matches across chunks and
 * across runs whose addresses follow on, none across a gap; and the patterns it refuses.
 */
import { batchRuns, findMatches, parsePattern, searchRuns, SearchPattern, SearchRun } from '../web/search-core';

/** Every match of `pattern` in `bytes`, the slow way. */
function reference(bytes: Uint8Array, pattern: SearchPattern): number[] {
  const found: number[] = [];
  for (let start = 0; start + pattern.bytes.length <= bytes.length; start++) {
    if (pattern.bytes.every((byte, index) => pattern.mask[index] === 0 || bytes[start + index] === byte)) found.push(start);
  }
  return found;
}

/** A file of pseudo-random bytes over a small alphabet, so that patterns match often. */
function file(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = 0x41 + ((state >>> 16) % 3);
  }
  return bytes;
}

async function search(bytes: Uint8Array, runs: SearchRun[], pattern: SearchPattern, chunkBytes: number, maxHits = 1_000_000): Promise<{ addresses: bigint[]; truncated: boolean }> {
  const addresses: bigint[] = [];
  const result = await searchRuns({
    runs,
    pattern,
    read: async (fileOffset, length) => bytes.slice(fileOffset, fileOffset + length),
    chunkBytes,
    maxHits,
    onHits: (found) => addresses.push(...found),
    onProgress: () => undefined,
  });
  return { addresses, truncated: result.truncated };
}

test('patterns: hex with wildcards, ASCII, UTF-16LE; refusals named', () => {
  expect(parsePattern('hex', '4d 5a ?? 00')).toEqual({ bytes: Uint8Array.from([0x4d, 0x5a, 0, 0]), mask: Uint8Array.from([1, 1, 0, 1]) });
  expect(parsePattern('ascii', 'MZ').bytes).toEqual(Uint8Array.from([0x4d, 0x5a]));
  expect(parsePattern('utf16le', 'Aé').bytes).toEqual(Uint8Array.from([0x41, 0, 0xe9, 0]));
  expect(() => parsePattern('hex', '4d5')).toThrow(/pairs of hex digits/);
  expect(() => parsePattern('hex', '?? ??')).toThrow(/wildcards only/);
  expect(() => parsePattern('ascii', 'é')).toThrow(/not ASCII/);
  expect(() => parsePattern('ascii', '')).toThrow(/empty/);
  expect(() => parsePattern('ascii', 'x'.repeat(257))).toThrow(/at most 256/);
});

test('findMatches equals the reference, wildcards first and last', () => {
  const bytes = file(5000);
  for (const text of ['41', '41 42', '?? 41 43', '41 ?? ?? 42', '43 43 43 43', '42 ??']) {
    const pattern = parsePattern('hex', text);
    expect(findMatches(bytes, pattern, 0, 1e9)).toEqual(reference(bytes, pattern));
  }
});

test('searchRuns: every chunk size finds what the reference finds, across chunks and contiguous runs', async () => {
  const bytes = file(3000, 11);
  const pattern = parsePattern('hex', '41 42 ?? 43 41');
  // Two runs whose addresses follow on (file pieces apart), then one after a gap.
  const runs: SearchRun[] = [
    { address: 0x1000n, fileOffset: 0, length: 1000 },
    { address: 0x1000n + 1000n, fileOffset: 2000, length: 500 },
    { address: 0x9000n, fileOffset: 1000, length: 700 },
  ];
  const joined = new Uint8Array([...bytes.subarray(0, 1000), ...bytes.subarray(2000, 2500)]);
  const expected = [...reference(joined, pattern).map((position) => 0x1000n + BigInt(position)), ...reference(bytes.subarray(1000, 1700), pattern).map((position) => 0x9000n + BigInt(position))];
  expect(expected.length).toBeGreaterThan(5);
  for (const chunkBytes of [1, 2, 3, 4, 5, 7, 64, 999, 1000, 4096]) {
    expect((await search(bytes, runs, pattern, chunkBytes)).addresses).toEqual(expected);
  }
  // a match across the seam between the contiguous runs is found; none across the gap
  const seam = await search(Uint8Array.from([0, 0x41, 0x42, 0x43, 0, 0x41]), [{ address: 10n, fileOffset: 0, length: 3 }, { address: 13n, fileOffset: 3, length: 2 }, { address: 100n, fileOffset: 5, length: 1 }], parsePattern('ascii', 'ABC'), 2);
  expect(seam.addresses).toEqual([11n]);
  const gap = await search(Uint8Array.from([0x41, 0x42, 0x43]), [{ address: 10n, fileOffset: 0, length: 2 }, { address: 20n, fileOffset: 2, length: 1 }], parsePattern('ascii', 'ABC'), 4);
  expect(gap.addresses).toEqual([]);
});

test('searchRuns stops at maxHits and says there were more; addresses near 2^64 stay exact', async () => {
  const bytes = new Uint8Array(100).fill(0x41);
  expect(await search(bytes, [{ address: 0n, fileOffset: 0, length: 100 }], parsePattern('ascii', 'A'), 16, 10)).toEqual({ addresses: Array.from({ length: 10 }, (_, index) => BigInt(index)), truncated: true });
  expect(await search(bytes, [{ address: 0n, fileOffset: 0, length: 100 }], parsePattern('ascii', 'A'), 16, 100)).toMatchObject({ truncated: false });
  const top = (1n << 64n) - 100n;
  expect((await search(bytes, [{ address: top, fileOffset: 0, length: 100 }], parsePattern('ascii', 'AA'), 7)).addresses.at(-1)).toBe((1n << 64n) - 2n);
});

test('batches: a search cut into workers\' shares finds what one search finds, across every cut, once', async () => {
  const bytes = file(4000, 5);
  const pattern = parsePattern('hex', '41 ?? 42 43');
  const runs: SearchRun[] = [
    { address: 0x1000n, fileOffset: 0, length: 1500 },
    { address: 0x1000n + 1500n, fileOffset: 2000, length: 700 },
    { address: 0x9000n, fileOffset: 1500, length: 500 },
    { address: 0x9000n + 500n, fileOffset: 2700, length: 1300 },
  ];
  const whole = (await search(bytes, runs, pattern, 64)).addresses;
  expect(whole.length).toBeGreaterThan(10);
  for (const batchBytes of [1, 2, 3, 5, 100, 499, 500, 1000, 1500, 4000, 10000]) {
    const batches = batchRuns(runs, batchBytes, pattern.bytes.length - 1);
    expect(batches.reduce((sum, batch) => sum + batch.ownBytes, 0)).toBe(4000);
    const found: bigint[] = [];
    for (const batch of batches) found.push(...(await search(bytes, [...batch.runs], pattern, 7)).addresses);
    expect([batchBytes, found]).toEqual([batchBytes, whole]);
  }
});
