import * as fs from 'node:fs';
import { buildDump, layoutGuest24g, patternBytes, RAM_CHUNK_SIZE } from '../src/builder';
import { MAX_READ_LENGTH, openDump, parseAddress, VBoxCoreDump, VboxCoreError } from '../src';
import { FileSource } from '../src/io/file-source';
import { inspectSource } from '../src/inspect';
import { codeOf, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
const FOUR_GIB = 0x1_0000_0000;
const built = buildDump(scratch.path('guest-24g.elf'), {
  ...layoutGuest24g(),
  patternWindows: [
    // a window that straddles the first chunk boundary above 4 GiB
    { physicalAddress: FOUR_GIB + RAM_CHUNK_SIZE - 8192, length: 8192 },
    { physicalAddress: FOUR_GIB + RAM_CHUNK_SIZE, length: 8192 },
  ],
});
let dump: VBoxCoreDump;
beforeAll(() => {
  dump = openDump(built.path);
});
afterAll(() => {
  dump.close();
  scratch.cleanup();
});

describe('translate', () => {
  test('maps addresses below and above 4 GiB to the right file offsets', () => {
    for (const range of built.ranges.filter((candidate) => candidate.fileSize > 0)) {
      for (const offsetInRange of [0, 8, range.size - 1]) {
        const translation = dump.physical.translate(range.physicalAddress + offsetInRange);
        expect(translation.fileOffset).toBe(range.fileOffset + offsetInRange);
        expect(translation.range.physicalStart).toBe(range.physicalAddress);
        expect(translation.offsetInRange).toBe(offsetInRange);
      }
    }
  });

  test('takes BigInt addresses and hexadecimal text exactly', () => {
    const address = FOUR_GIB + RAM_CHUNK_SIZE + 0x123;
    expect(dump.physical.translate(BigInt(address)).fileOffset).toBe(dump.physical.translate(address).fileOffset);
    expect(dump.physical.translate(parseAddress(`0x${address.toString(16)}`)).physicalAddress).toBe(BigInt(address));
  });

  test('names the hole for MMIO and the gap for unmapped addresses', () => {
    expect(codeOf(() => dump.physical.translate(0xfee0_0000))).toBe('PHYSICAL_HOLE');
    expect(() => dump.physical.translate(0xfee0_0010)).toThrow(/MMIO with no data/);
    expect(codeOf(() => dump.physical.translate(0xf000_0000))).toBe('UNMAPPED_ADDRESS');
  });

  test.each([
    ['just below 2^53', BigInt(Number.MAX_SAFE_INTEGER)],
    ['2^53', 1n << 53n],
    ['2^53 + 1 (not a double)', (1n << 53n) + 1n],
    ['0xffffffffffffffff', 0xffff_ffff_ffff_ffffn],
  ])('an address %s is unmapped, reported exactly', (_name, address) => {
    let caught: unknown;
    try {
      dump.physical.translate(address);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VboxCoreError);
    expect((caught as VboxCoreError).code).toBe('UNMAPPED_ADDRESS');
    expect((caught as VboxCoreError).message).toContain(`0x${address.toString(16)}`);
  });

  test('rejects numbers that are not safe integers and addresses beyond 64 bits', () => {
    expect(codeOf(() => dump.physical.translate(2 ** 53))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => dump.physical.translate(-1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => dump.physical.translate(1n << 64n))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseAddress('0x1_0000_0000_0000_0000'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseAddress('12abc'))).toBe('INVALID_ARGUMENT');
  });
});

describe('mapping', () => {
  test('describes a window as data runs and named holes, in order, with no byte lost', () => {
    const start = 0xe000_0000 + 16 * 1024 * 1024 - 0x1000; // end of VRAM, then gap, MMIO, gap, ROM, RAM
    const length = FOUR_GIB + 0x2000 - start;
    const runs = dump.physical.mapping(start, length);
    expect(runs.map((run) => (run.kind === 'data' ? `data:${run.range.kind}` : `hole:${run.hole}`))).toEqual([
      'data:vram',
      'hole:gap',
      'hole:mmio',
      'hole:gap',
      'hole:mmio',
      'hole:gap',
      'data:rom',
      'data:ram',
    ]);
    expect(runs.reduce((sum, run) => sum + run.length, 0)).toBe(length);
    runs.slice(1).forEach((run, position) => expect(run.physicalAddress).toBe(runs[position].physicalAddress + BigInt(runs[position].length)));
  });

  test('a window beyond 2^53 is one gap run', () => {
    const runs = dump.physical.mapping(0xffff_ffff_ffff_f000n, 0x1000);
    expect(runs).toEqual([{ kind: 'hole', physicalAddress: 0xffff_ffff_ffff_f000n, length: 0x1000, hole: 'gap', range: null }]);
    expect(codeOf(() => dump.physical.mapping(0xffff_ffff_ffff_f000n, 0x1001))).toBe('INVALID_ARGUMENT');
  });

  test('a window starting below 2^53 and running past it ends in one exact gap', () => {
    const start = Number.MAX_SAFE_INTEGER - 0xfff;
    const runs = dump.physical.mapping(start, 0x2000);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'hole', hole: 'gap', length: 0x2000, physicalAddress: BigInt(start) });
  });
});

describe('read', () => {
  test('reads across the boundary of two RAM chunks above 4 GiB', () => {
    const boundary = FOUR_GIB + RAM_CHUNK_SIZE;
    expect(dump.physical.read(boundary - 4096, 8192).equals(patternBytes(boundary - 4096, 8192))).toBe(true);
  });

  test('reads across ROM into RAM at 4 GiB (two ranges, one read)', () => {
    expect(dump.physical.read(FOUR_GIB - 24, 48).equals(patternBytes(FOUR_GIB - 24, 48))).toBe(true);
  });

  test('unaligned reads match the pattern byte for byte', () => {
    for (const address of [1, 7, 4093, 0x1234, 0xfff2]) {
      expect(dump.physical.read(address, 13).equals(patternBytes(address, 13))).toBe(true);
    }
  });

  test('refuses a read that touches a hole, naming it, and reads zeros on request', () => {
    const start = 0xe000_0000 + 16 * 1024 * 1024 - 16;
    expect(codeOf(() => dump.physical.read(start, 32))).toBe('UNMAPPED_ADDRESS');
    const bytes = dump.physical.read(start, 32, { holes: 'zero' });
    expect(bytes.subarray(0, 16).equals(patternBytes(start, 16))).toBe(true);
    expect(bytes.subarray(16).equals(Buffer.alloc(16))).toBe(true);
    expect(codeOf(() => dump.physical.read(0xfec0_0000, 4))).toBe('PHYSICAL_HOLE');
    expect(dump.physical.read(0xfec0_0000, 4, { holes: 'zero' }).equals(Buffer.alloc(4))).toBe(true);
  });

  test('a zero-length read is empty; an oversized one is refused before allocating', () => {
    expect(dump.physical.read(0, 0).length).toBe(0);
    expect(codeOf(() => dump.physical.read(0, MAX_READ_LENGTH + 1))).toBe('READ_TOO_LARGE');
    expect(codeOf(() => dump.physical.read(0, 2 ** 40))).toBe('READ_TOO_LARGE');
    expect(codeOf(() => dump.physical.read(0, 2 ** 60))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => dump.physical.read(0, -1))).toBe('INVALID_ARGUMENT');
  });

  test('sparse parts of ranges read as the zeros VirtualBox wrote', () => {
    expect(dump.physical.read(0x1000_0000, 64).equals(Buffer.alloc(64))).toBe(true);
  });
});

test('operations on a closed dump fail with a clear error', () => {
  const other = openDump(built.path);
  other.close();
  expect(codeOf(() => other.physical.read(0, 8))).toBe('FILE_UNREADABLE');
});

test('a file that shrinks under an open dump is an error, not zeros', () => {
  const small = buildDump(scratch.path('shrinking.elf'), { ranges: [{ physicalAddress: 0, size: 1024 * 1024 }], fill: 'full' });
  const opened = openDump(small.path);
  try {
    fs.truncateSync(small.path, small.dataOffset + 100);
    expect(codeOf(() => opened.physical.read(0, 4096))).toBe('FILE_UNREADABLE');
  } finally {
    opened.close();
  }
});

test('buffers returned by read() never share bytes with each other', () => {
  const first = dump.physical.read(0x100, 4096);
  const kept = Buffer.from(first);
  for (let index = 0; index < 600; index++) dump.physical.read(0x2000 + (index % 8) * 8, 4096); // walks over several slabs
  expect(first.equals(kept)).toBe(true);
  expect(first.equals(patternBytes(0x100, 4096))).toBe(true);
});

test('readInto fills the caller\'s buffer exactly as read() returns', () => {
  const target = Buffer.alloc(8192, 0xaa);
  const start = FOUR_GIB + RAM_CHUNK_SIZE - 4096;
  dump.physical.readInto(start, target);
  expect(target.equals(dump.physical.read(start, 8192))).toBe(true);
  const holey = Buffer.alloc(32, 0xaa);
  dump.physical.readInto(0xfec0_0000 - 16, holey, { holes: 'zero' });
  expect(holey.equals(Buffer.alloc(32))).toBe(true);
});

test('opening a 24 GB dump reads only its headers and notes, never memory', () => {
  const source = FileSource.open(built.path);
  const reads: { length: number; position: number }[] = [];
  const readInto = source.readInto.bind(source);
  source.readInto = (target, targetOffset, length, fileOffset) => {
    reads.push({ length, position: fileOffset });
    readInto(target, targetOffset, length, fileOffset);
  };
  try {
    const { structure } = inspectSource(source);
    expect(structure!.ranges.length).toBe(built.ranges.length);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.reduce((sum, read) => sum + read.length, 0)).toBeLessThan(64 * 1024);
    expect(Math.max(...reads.map((read) => read.position + read.length))).toBeLessThanOrEqual(built.dataOffset);
  } finally {
    source.close();
  }
});
