/**
 * The fast paths (issue 16) against the general ones, on the same random addresses: range
 * boundaries, holes, addresses near 2^53 and 2^64. The physical side is checked against the
 * builder's own record of where each range went (independent of the library), the virtual side
 * against walk(), the page walk the other tests check against the architecture.
 */
import * as fs from 'node:fs';
import { buildDump, buildPageTables, BuiltDump, layoutGuest } from '../src/builder';
import { openDump, VBoxCoreDump } from '../src/dump';
import { cpuAddressSpace } from '../src/cpu/cpu-address-space';
import { VirtualAddressSpace, VirtualRun } from '../src/address-space/virtual';
import { codeOf, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The bytes of a physical window as the builder laid the file out: null where no byte is in the file. */
function expectedBytes(built: BuiltDump, file: Buffer, address: number, length: number): (number | null)[] {
  const bytes: (number | null)[] = [];
  for (let at = address; at < address + length; at++) {
    const range = built.ranges.find((candidate) => at >= candidate.physicalAddress && at < candidate.physicalAddress + candidate.size);
    bytes.push(range === undefined || at - range.physicalAddress >= range.fileSize ? null : file[range.fileOffset + (at - range.physicalAddress)]);
  }
  return bytes;
}

describe('physical fast paths', () => {
  // Small ranges next to each other, an MMIO range, gaps, and RAM above 4 GiB.
  const built = buildDump(scratch.path('boundaries.elf'), {
    ranges: [
      { physicalAddress: 0, size: 0x3000 },
      { physicalAddress: 0x3000, size: 0x2000 },
      { physicalAddress: 0x8000, size: 0x1000, mmio: true },
      { physicalAddress: 0x9000, size: 0x1800 },
      { physicalAddress: 0x1_0000_0000, size: 0x4000 },
    ],
    fill: 'full',
  });
  let dump: VBoxCoreDump;
  // The file is small: the reference reads it whole, with no code of the library.
  const file = fs.readFileSync(built.path);
  beforeAll(() => {
    dump = openDump(built.path);
  });
  afterAll(() => dump.close());

  const edges = [0, 1, 0x2fff, 0x3000, 0x3001, 0x4fff, 0x5000, 0x7fff, 0x8000, 0x8fff, 0x9000, 0xa7ff, 0xa800, 0xffff_ffff, 0x1_0000_0000, 0x1_0000_3fff, 0x1_0000_4000];
  const next = random(16);
  const addresses = [...edges, ...Array.from({ length: 120 }, () => Math.floor(next() * 0xb000)), ...Array.from({ length: 40 }, () => 0x1_0000_0000 + Math.floor(next() * 0x5000))];

  test('fileOffsetOf and translate agree with the file layout on every address', () => {
    for (const address of addresses) {
      const expected = expectedBytes(built, file, address, 1)[0];
      const fileOffset = dump.physical.fileOffsetOf(address);
      if (expected === null) {
        expect({ address, fileOffset }).toEqual({ address, fileOffset: null });
        expect(codeOf(() => dump.physical.translate(address))).toMatch(/^(UNMAPPED_ADDRESS|PHYSICAL_HOLE)$/);
      } else {
        expect({ address, byte: file[fileOffset!] }).toEqual({ address, byte: expected });
        expect(dump.physical.translate(address).fileOffset).toBe(fileOffset);
        expect(dump.physical.translate(BigInt(address)).fileOffset).toBe(fileOffset); // the BigInt (general) path
      }
    }
  });

  test('read and readInto, inside a range and across its ends, holes refused or zeroed as before', () => {
    for (const address of addresses) {
      for (const length of [1, 7, 0x100, 0x1801]) {
        const expected = expectedBytes(built, file, address, length);
        if (expected.includes(null)) {
          expect(codeOf(() => dump.physical.read(address, length))).toMatch(/^(UNMAPPED_ADDRESS|PHYSICAL_HOLE)$/);
          expect(codeOf(() => dump.physical.readInto(address, Buffer.alloc(length)))).toMatch(/^(UNMAPPED_ADDRESS|PHYSICAL_HOLE)$/);
          expect([...dump.physical.read(address, length, { holes: 'zero' })]).toEqual(expected.map((byte) => byte ?? 0));
        } else {
          expect({ address, length, bytes: [...dump.physical.read(address, length)] }).toEqual({ address, length, bytes: expected });
          const target = Buffer.alloc(length);
          dump.physical.readInto(address, target);
          expect([...target]).toEqual(expected);
          expect(dump.physical.read(BigInt(address), length).equals(target)).toBe(true);
        }
      }
    }
  });

  test('addresses near 2^53 and 2^64: fileOffsetOf refuses what is not a safe number, the general path answers the rest', () => {
    for (const bad of [2 ** 53, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(codeOf(() => dump.physical.fileOffsetOf(bad))).toBe('INVALID_ARGUMENT');
    expect(dump.physical.fileOffsetOf(2 ** 53 - 1)).toBeNull();
    expect(codeOf(() => dump.physical.read(2 ** 53 - 1, 1))).toBe('UNMAPPED_ADDRESS');
    expect(codeOf(() => dump.physical.read(2 ** 53 - 1, 2))).toBe('UNMAPPED_ADDRESS');
    expect(codeOf(() => dump.physical.read(2n ** 64n - 1n, 1))).toBe('UNMAPPED_ADDRESS');
    expect(codeOf(() => dump.physical.read(2n ** 64n - 1n, 2))).toBe('INVALID_ARGUMENT');
    expect([...dump.physical.read(2n ** 64n - 16n, 16, { holes: 'zero' })]).toEqual(Array(16).fill(0));
  });

  test('scan yields every selected byte once, in order, in chunks of the size asked, with the holes', () => {
    const seen: { address: number; length: number; kind: string }[] = [];
    for (const chunk of dump.physical.scan({ chunkSize: 0x1000 })) {
      const length = chunk.kind === 'data' ? chunk.bytes.length : chunk.length;
      if (chunk.kind === 'data') expect([...chunk.bytes]).toEqual(expectedBytes(built, file, chunk.physicalAddress, length));
      seen.push({ address: chunk.physicalAddress, length, kind: chunk.kind });
    }
    expect(seen.every((chunk) => chunk.length <= 0x1000)).toBe(true);
    const total = (kind: string): number => seen.filter((chunk) => chunk.kind === kind).reduce((sum, chunk) => sum + chunk.length, 0);
    expect(total('data')).toBe(0x3000 + 0x2000 + 0x1800 + 0x4000);
    expect(total('hole')).toBe(0x1000);
    expect(seen.map((chunk) => chunk.address)).toEqual([...seen.map((chunk) => chunk.address)].sort((a, b) => a - b));
    expect([...dump.physical.scan({ selection: 'ram' })].every((chunk) => chunk.kind === 'data')).toBe(true);
    expect(codeOf(() => [...dump.physical.scan({ chunkSize: 0 })])).toBe('INVALID_ARGUMENT');
  });
});

/** The runs of a window, page by page through walk(): the reference the fast mapping must equal. */
function referenceRuns(space: VirtualAddressSpace, address: bigint, length: number): { kind: string; virtualAddress: bigint; length: number; physicalAddress?: bigint }[] {
  const runs: { kind: string; virtualAddress: bigint; length: number; physicalAddress?: bigint }[] = [];
  let cursor = address;
  let remaining = length;
  while (remaining > 0) {
    const walk = space.walk(cursor);
    const pageEnd = walk.kind === 'mapped' ? walk.page.pageVirtualAddress + BigInt(walk.page.pageSize) : walk.fault.coverEnd;
    const take = Math.min(remaining, Number(pageEnd - cursor));
    const previous = runs[runs.length - 1];
    if (walk.kind === 'mapped' && previous?.kind === 'data' && previous.physicalAddress! + BigInt(previous.length) === walk.page.physicalAddress) previous.length += take;
    else if (walk.kind === 'fault' && previous?.kind === 'fault') previous.length += take;
    else runs.push(walk.kind === 'mapped' ? { kind: 'data', virtualAddress: cursor, length: take, physicalAddress: walk.page.physicalAddress } : { kind: 'fault', virtualAddress: cursor, length: take });
    cursor += BigInt(take);
    remaining -= take;
  }
  return runs;
}

const simplified = (runs: readonly VirtualRun[]): { kind: string; virtualAddress: bigint; length: number; physicalAddress?: bigint }[] =>
  runs.map((run) => (run.kind === 'data' ? { kind: 'data', virtualAddress: run.virtualAddress, length: run.length, physicalAddress: run.physicalAddress } : { kind: 'fault', virtualAddress: run.virtualAddress, length: run.length }));

describe.each(['4-level', '5-level', 'pae', '32-bit'] as const)('virtual fast paths, %s paging', (mode) => {
  const top = mode === '4-level' ? 0xffff_8000_0000_0000n : mode === '5-level' ? 0xff00_0000_0000_0000n : 0xc000_0000n;
  const large = mode === '32-bit' ? 0x40_0000 : 0x20_0000;
  // Small pages mapped out of order (physically scattered), a gap, then large pages: runs split and join.
  const mappings = [
    { virtualAddress: top, physicalAddress: 0x30_0000n, size: 0x4000, pageSize: 0x1000 },
    { virtualAddress: top + 0x4000n, physicalAddress: 0x20_0000n, size: 0x2000, pageSize: 0x1000 },
    { virtualAddress: top + 0x6000n, physicalAddress: 0x20_2000n, size: 0x2000, pageSize: 0x1000 },
    { virtualAddress: top + BigInt(large), physicalAddress: BigInt(large * 2), size: large * 2, pageSize: large },
    // absent entries with a present one after them in the same table, in the small pages' table
    // and in the large pages' directory
    { virtualAddress: top + 0x1_0000n, physicalAddress: 0x30_8000n, size: 0x1000, pageSize: 0x1000 },
    { virtualAddress: top + BigInt(large * 4), physicalAddress: mode === '32-bit' ? 0x40_0000n : 0x80_0000n, size: large, pageSize: large },
  ];
  const tables = buildPageTables({ mode, tableArea: { physicalAddress: 0x1_0000, size: 0x1_0000 }, mappings });
  const built = buildDump(scratch.path(`${mode}.elf`), { ranges: [{ physicalAddress: 0, size: 0x100_0000 }], fill: 'full', cpus: [tables.cpu], physicalWrites: tables.writes });
  let dump: VBoxCoreDump;
  let space: VirtualAddressSpace;
  let reference: VirtualAddressSpace;
  beforeAll(() => {
    dump = openDump(built.path);
    space = cpuAddressSpace(dump);
    reference = cpuAddressSpace(dump);
  });
  afterAll(() => dump.close());

  const next = random(mode.length);
  const spans = [0x9000, large * 3];
  const starts = [top, top + 0xfffn, top + 0x3ff0n, top + 0x7ff8n, top + 0x8000n, top + BigInt(large) - 8n, top + BigInt(large * 2) - 0x10n, ...Array.from({ length: 200 }, () => top + BigInt(Math.floor(next() * large * 3)))];

  test('mapping() equals the page-by-page walk on every window', () => {
    for (const start of starts) {
      for (const length of [1, 0x10, 0x1000, 0x3001, spans[0]]) {
        expect({ start, length, runs: simplified(space.mapping(start, length)) }).toEqual({ start, length, runs: referenceRuns(reference, start, length) });
      }
    }
  });

  test('mapping() over the absent entries between the mappings equals the page-by-page walk (it steps over them a table at a time)', () => {
    // from below the first mapping (absent directory entries), across the gap of absent table
    // entries, into the large pages and past them
    for (const start of [top - BigInt(large) * 2n, top + 0x3000n, top + 0x7000n, top + 0x9000n, top + 0x1_1000n, top + BigInt(large * 3) + 0x5000n]) {
      const length = Number(top + BigInt(large * 6) - start);
      expect({ start, runs: simplified(space.mapping(start, length)) }).toEqual({ start, runs: referenceRuns(reference, start, length) });
    }
  });

  test('readInto and read equal the bytes of each walked page, through the translation cache and without it', () => {
    for (const start of starts) {
      for (const length of [1, 0x10, 0xff0, 0x1000, 0x2345]) {
        const runs = referenceRuns(reference, start, length);
        const expected = Buffer.concat(runs.map((run) => (run.kind === 'data' ? dump.physical.read(run.physicalAddress!, run.length) : Buffer.alloc(run.length))));
        if (runs.some((run) => run.kind === 'fault')) {
          expect(codeOf(() => space.read(start, length))).toBe('PAGE_FAULT');
          expect(space.read(start, length, { holes: 'zero' }).equals(expected)).toBe(true);
        } else {
          const target = Buffer.alloc(length);
          space.readInto(start, target);
          expect({ start, length, equal: target.equals(expected) }).toEqual({ start, length, equal: true });
          // twice: the second comes from the translation cache
          space.readInto(start, target);
          expect(target.equals(expected)).toBe(true);
          if (start < 2n ** 53n) {
            space.readInto(Number(start), target);
            expect(target.equals(expected)).toBe(true);
          }
        }
      }
    }
  });
});

test('virtual addresses near 2^64 and outside the mode still fail as the walk says', () => {
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x1_0000, size: 0x1_0000 }, mappings: [{ virtualAddress: 0xffff_ffff_ffff_f000n, physicalAddress: 0x20_0000n, size: 0x1000, pageSize: 0x1000 }] });
  const built = buildDump(scratch.path('top.elf'), { ...layoutGuest(0x100_0000), fill: 'full', cpus: [tables.cpu], physicalWrites: tables.writes });
  const dump = openDump(built.path);
  try {
    const space = cpuAddressSpace(dump);
    expect(space.read(0xffff_ffff_ffff_fff0n, 16).equals(dump.physical.read(0x20_0ff0, 16))).toBe(true);
    expect(codeOf(() => space.read(0xffff_ffff_ffff_fff0n, 17))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => space.read(0x0000_8000_0000_0000n, 16))).toBe('NON_CANONICAL_ADDRESS');
    expect(codeOf(() => space.readInto(2 ** 53 - 16, Buffer.alloc(16)))).toBe('NON_CANONICAL_ADDRESS');
  } finally {
    dump.close();
  }
});

test('the translation cache, small at first, grows once a space walks more pages than it holds, and answers as the walk does before and after', () => {
  // 40 large pages of virtual memory, every one onto the same 2 MiB frame: 20,480 distinct 4 KiB
  // pages to translate, more than twice the first cache's 4,096.
  const base = 0xffff_8000_0000_0000n;
  const frame = 0x20_0000n;
  const mappings = Array.from({ length: 40 }, (_, index) => ({ virtualAddress: base + BigInt(index) * 0x20_0000n, physicalAddress: frame, size: 0x20_0000, pageSize: 0x20_0000 }));
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x1_0000, size: 0x1_0000 }, mappings });
  const built = buildDump(scratch.path('aliases.elf'), { ranges: [{ physicalAddress: 0, size: 0x40_0000 }], fill: 'full', cpus: [tables.cpu], physicalWrites: tables.writes });
  const dump = openDump(built.path);
  try {
    const space = cpuAddressSpace(dump);
    const reference = cpuAddressSpace(dump);
    const target = Buffer.alloc(16);
    const next = random(7);
    // in order (every page once, the growth midway), then at random (cached and not)
    const pages = [...Array.from({ length: 40 * 512 }, (_, index) => index), ...Array.from({ length: 20_000 }, () => Math.floor(next() * 40 * 512))];
    let checked = 0;
    for (const page of pages) {
      const offset = (page * 40) % 0xff0;
      const virtualAddress = base + BigInt(page) * 0x1000n + BigInt(offset);
      space.readInto(virtualAddress, target);
      const walk = reference.walk(virtualAddress);
      if (walk.kind !== 'mapped') throw new Error(`${virtualAddress.toString(16)} does not map`);
      expect(walk.page.physicalAddress).toBe(frame + BigInt((page % 512) * 0x1000 + offset));
      if (!target.equals(dump.physical.read(walk.page.physicalAddress, 16))) throw new Error(`page ${page}: the bytes differ from the walk's`);
      checked++;
    }
    expect(checked).toBe(pages.length);
  } finally {
    dump.close();
  }
});
