import * as fs from 'node:fs';
import { buildDump, BuiltDump, layoutGuest, layoutGuest24g, layoutGuest64m, layoutVbox4WikiGuest, Vbox4WikiGuest, layoutVbox5016, patternBytes, RAM_CHUNK_SIZE } from '../src/builder';
import { openDump } from '../src';
import { cli, readelfSegments, scratchDirectory, virtualBoxRegisters } from './helpers';

const hex = (value: number): string => `0x${value.toString(16)}`;

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

function checkAgainstReadelf(built: BuiltDump): void {
  const segments = readelfSegments(built.path);
  const dump = openDump(built.path);
  try {
    expect(segments).toHaveLength(dump.programHeaders.length);
    expect(segments.length).toBe(1 + built.ranges.length);
    dump.programHeaders.forEach((entry, index) => {
      const segment = segments[index];
      expect(segment.type).toBe(entry.typeName === 'LOAD' ? 'LOAD' : 'NOTE');
      expect(segment.offset).toBe(BigInt(entry.fileOffset!));
      expect(segment.virtualAddress).toBe(BigInt(entry.virtualAddress!));
      expect(segment.physicalAddress).toBe(BigInt(entry.physicalAddress!));
      expect(segment.fileSize).toBe(BigInt(entry.fileSize!));
      expect(segment.memorySize).toBe(BigInt(entry.memorySize!));
      expect(segment.align).toBe(BigInt(entry.align!));
      expect(segment.flags).toBe('R');
    });
  } finally {
    dump.close();
  }
}

function checkPatternWindows(built: BuiltDump): void {
  const dump = openDump(built.path);
  try {
    for (const window of built.patternWindows) {
      const length = Math.min(window.length, 4096);
      expect(dump.physical.read(window.physicalAddress, length).equals(patternBytes(window.physicalAddress, length))).toBe(true);
      const tail = window.physicalAddress + window.length - length;
      expect(dump.physical.read(tail, length).equals(patternBytes(tail, length))).toBe(true);
    }
  } finally {
    dump.close();
  }
}

describe('the real VirtualBox 5.0.16 layout from the format notes', () => {
  const built = buildDump(scratch.path('vbox-5.0.16.elf'), layoutVbox5016());

  test('has 9 program headers, notes at 0x238 and data at 0x24a8', () => {
    const dump = openDump(built.path);
    try {
      expect(dump.header.programHeaderCount).toBe(9);
      expect(dump.header.identVersion).toBe(0);
      expect(dump.programHeaders[0].fileOffset).toBe(0x238);
      expect(dump.programHeaders[0].fileSize).toBe(0x2270);
      expect(dump.ranges[0].fileOffset).toBe(0x24a8);
      expect(dump.cpus).toHaveLength(1);
      expect(dump.cpus[0].descriptorSize).toBe(0x2230);
      expect(dump.descriptor).toMatchObject({ formatVersion: 0x10003, vboxRevision: 105871, cpuCount: 1, vboxVersion: { text: '5.0.16' } });
      expect(dump.report.problems).toEqual([]);
      // MMIO ranges have no bytes and share the next range's offset
      const mmio = dump.ranges.filter((range) => range.kind === 'mmio');
      expect(mmio).toHaveLength(2);
      for (const range of mmio) {
        expect(range.presentBytes).toBe(0);
        expect(range.fileOffset).toBe(dump.ranges[range.index + 1].fileOffset);
      }
    } finally {
      dump.close();
    }
  });

  test('matches readelf -lW', () => checkAgainstReadelf(built));
  test('reads back the pattern', () => checkPatternWindows(built));
});

describe.each<{ guest: Vbox4WikiGuest; firstDataOffset: number; loads: number; mmio: number; cpumctxSize: number; layout: string }>([
  { guest: '5.5g', firstDataOffset: 0x758, loads: 12, mmio: 6, cpumctxSize: 0x400, layout: 'cpumctx-4.0' },
  { guest: '8g', firstDataOffset: 0x808, loads: 14, mmio: 7, cpumctxSize: 0x440, layout: 'cpumctx-4.2' },
  { guest: '16g', firstDataOffset: 0x878, loads: 16, mmio: 7, cpumctxSize: 0x440, layout: 'cpumctx-4.2' },
  { guest: '24g', firstDataOffset: 0x8e8, loads: 18, mmio: 7, cpumctxSize: 0x440, layout: 'cpumctx-4.2' },
])('the VirtualBox 4.x $guest guest of the format notes\' vboxinfo tables', ({ guest, firstDataOffset, loads, mmio, cpumctxSize, layout }) => {
  const built = buildDump(scratch.path(`vbox-4-${guest}.elf`), layoutVbox4WikiGuest(guest));

  test(`its memory starts at ${hex(firstDataOffset)}, as in the table: ${loads} PT_LOADs (${mmio} MMIO) and a ${hex(cpumctxSize)}-byte CPUMCTX`, () => {
    expect(built.dataOffset).toBe(firstDataOffset);
    expect(built.ranges).toHaveLength(loads);
    expect(built.ranges.filter((range) => range.fileSize === 0)).toHaveLength(mmio);
    expect(built.cpuDescriptorSize).toBe(cpumctxSize);
    // the format notes' rule for the first memory byte
    expect(64 + 56 * (1 + loads) + 44 + 1 * (20 + cpumctxSize)).toBe(firstDataOffset);
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems).toEqual([]);
      expect(dump.ranges.find((range) => range.presentBytes > 0)!.fileOffset).toBe(firstDataOffset);
      expect(virtualBoxRegisters(dump.cpus[0]).layout.name).toBe(layout);
    } finally {
      dump.close();
    }
  });

  test('matches readelf -lW', () => checkAgainstReadelf(built));
});

test('vboxcore info prints the 8 GB guest\'s table rows exactly, and every range the table hides', async () => {
  const built = buildDump(scratch.path('vbox-4-8g-info.elf'), layoutVbox4WikiGuest('8g'));
  // The vboxinfo table of the format notes: file offset, physical address, size of each range with data.
  const table = [
    [0x000000808, 0x00000000000, 0xe0000000],
    [0x0e0000808, 0x000e0000000, 0x01b00000],
    [0x0e1b00808, 0x000f0400000, 0x00400000],
    [0x0e1f00808, 0x000f0800000, 0x00004000],
    [0x0e1f04808, 0x000ffff0000, 0x00010000],
    [0x0e1f14808, 0x00100000000, 0xffdf0000],
    [0x1e1d04808, 0x001ffdf0000, 0x20210000],
  ];
  const { stdout, status } = await cli('info', built.path);
  expect(status).toBe(0);
  expect(stdout).toContain('VirtualBox 4.3.40');
  expect(stdout).toContain('(cpumctx-4.2)');
  const rows = stdout.split('\n').filter((line) => /^\d+ +0x/.test(line)).map((line) => line.split(/ +/));
  expect(rows).toHaveLength(14);
  const withData = rows.filter((row) => row[6] !== 'mmio').map((row) => [Number(row[1]), Number(row[2]), Number(row[4])]);
  expect(withData).toEqual(table);
  expect(rows.filter((row) => row[6] === 'mmio').every((row) => row[5] === '0x0')).toBe(true);
  const dump = openDump(built.path);
  try {
    expect(dump.ranges.map((range) => range.kind)).toEqual(['ram', 'vram', 'device', 'device', 'mmio', 'mmio', 'mmio', 'mmio', 'mmio', 'mmio', 'mmio', 'rom', 'ram', 'ram']);
    const high = dump.regions.find((region) => region.physicalStart === 0x1_0000_0000)!;
    expect(high.rangeIndexes).toEqual([12, 13]);
    expect(high.size).toBe(0xffdf0000 + 0x20210000);
  } finally {
    dump.close();
  }
});

describe('a 24 GB guest with RAM above 4 GiB in 0xffdf0000-byte chunks', () => {
  const built = buildDump(scratch.path('guest-24g.elf'), layoutGuest24g());

  test('shows each chunk and one region for them', () => {
    const dump = openDump(built.path);
    try {
      const chunks = dump.ranges.filter((range) => range.physicalStart >= 0x1_0000_0000);
      expect(chunks.length).toBe(6);
      expect(chunks.slice(0, -1).every((range) => range.size === RAM_CHUNK_SIZE)).toBe(true);
      expect(new Set(chunks.map((range) => range.region)).size).toBe(1);
      const total = chunks.reduce((sum, range) => sum + range.size, 0);
      expect(total + 0xe000_0000).toBe(24 * 1024 ** 3);
      expect(dump.fileSize).toBeGreaterThan(24 * 1024 ** 3);
      expect(dump.report.valid).toBe(true);
    } finally {
      dump.close();
    }
  });

  test('matches readelf -lW', () => checkAgainstReadelf(built));
  test('reads back the pattern, also across chunk boundaries', () => {
    checkPatternWindows(built);
    const dump = openDump(built.path);
    try {
      const boundary = 0x1_0000_0000 + RAM_CHUNK_SIZE;
      const bytes = dump.physical.read(boundary - 64, 128);
      expect(bytes.equals(patternBytes(boundary - 64, 128))).toBe(true);
      const runs = dump.physical.mapping(boundary - 64, 128);
      expect(runs.map((run) => run.kind)).toEqual(['data', 'data']);
    } finally {
      dump.close();
    }
  });
});

describe.each([1, 2, 8])('%i vCPU(s)', (cpuCount) => {
  test('one VBCPU note per vCPU, with its own registers', () => {
    const built = buildDump(scratch.path(`cpus-${cpuCount}.elf`), { ...layoutGuest64m(cpuCount), cpus: [{ control: { cr3: 0x7000n } }] });
    const dump = openDump(built.path);
    try {
      expect(dump.descriptor!.cpuCount).toBe(cpuCount);
      expect(dump.cpus.map((cpu) => cpu.noteOffset)).toEqual(built.cpuNoteOffsets);
      expect(dump.cpus.map((cpu) => cpu.descriptorOffset)).toEqual(built.cpuDescriptorOffsets);
      expect(dump.cpus[0].registers!.control.cr3).toBe(0x7000n);
      dump.cpus.slice(1).forEach((cpu, position) => {
        expect(cpu.registers!.control.cr3).toBe(0x10_0000n + BigInt(position + 1) * 0x1000n);
        expect(cpu.registers!.general.rip).toBe(0xffff_ffff_8100_0000n + BigInt(position + 1) * 0x100n);
      });
      expect(dump.report.valid).toBe(true);
      expect(dump.ranges[0].fileOffset).toBe(built.dataOffset);
    } finally {
      dump.close();
    }
  });
});

test('a guest with RAM only below 4 GiB has no high region', () => {
  const built = buildDump(scratch.path('small.elf'), layoutGuest(256 * 1024 ** 2));
  const dump = openDump(built.path);
  try {
    expect(dump.ranges.every((range) => range.physicalEnd <= 0x1_0000_0000)).toBe(true);
    expect(dump.ranges.map((range) => range.kind)).toEqual(['ram', 'vram', 'mmio', 'mmio', 'rom']);
  } finally {
    dump.close();
  }
});

describe('a dump written from a memory source (a conversion)', () => {
  const MIB = 1024 * 1024;
  const ranges = [{ physicalAddress: 0, size: 9 * MIB }, { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true }, { physicalAddress: 0x1_0000_0000, size: 3 * MIB }];
  // A source with data only in some chunks: bytes name their address, everything else zero.
  const dataWindows = [[0x1000, 0x3000], [5 * MIB - 16, 5 * MIB + 16], [0x1_0000_0000 + 3 * MIB - 0x1000, 0x1_0000_0000 + 3 * MIB]];
  const requests: { physicalAddress: number; length: number }[] = [];
  const memory = {
    readInto(physicalAddress: number, target: Uint8Array): void {
      requests.push({ physicalAddress, length: target.length });
      target.fill(0);
      for (const [start, end] of dataWindows) {
        const from = Math.max(start, physicalAddress);
        const to = Math.min(end, physicalAddress + target.length);
        if (from < to) target.set(patternBytes(from, to - from), from - physicalAddress);
      }
    },
  };
  let built: BuiltDump;
  beforeAll(() => {
    built = buildDump(scratch.path('from-memory.elf'), { ranges, cpus: [{ control: { cr3: 0x5000n } }], memory });
  });

  test('every byte of every data range comes from the source, asked for in chunks of at most 4 MiB, never for MMIO', () => {
    expect(requests.every((request) => request.length <= 4 * MIB)).toBe(true);
    expect(requests.some((request) => request.physicalAddress >= 0xfee0_0000 && request.physicalAddress < 0x1_0000_0000)).toBe(false);
    expect(requests.reduce((sum, request) => sum + request.length, 0)).toBe(12 * MIB);
    const dump = openDump(built.path);
    try {
      for (const [start, end] of dataWindows) expect(dump.physical.read(start, end - start).equals(patternBytes(start, end - start))).toBe(true);
      expect(dump.physical.read(0, 0x1000).every((byte) => byte === 0)).toBe(true);
      expect(dump.physical.read(8 * MIB, MIB).every((byte) => byte === 0)).toBe(true);
    } finally {
      dump.close();
    }
  });

  test('64 KiB blocks of zeros stay holes in the sparse file', () => {
    const { blocks } = fs.statSync(built.path);
    // four 64 KiB blocks hold data (one window crosses a block boundary), and the headers
    expect(blocks * 512).toBeLessThanOrEqual(6 * 64 * 1024);
  });

  test('registers not given are zero, not the builder\'s test values', () => {
    const dump = openDump(built.path);
    try {
      const registers = virtualBoxRegisters(dump.cpus[0]);
      expect(registers.control.cr3).toBe(0x5000n);
      expect([registers.general.rax, registers.general.rip, registers.control.cr0, registers.msrs.efer, registers.msrs.lstar, registers.gdtr.base]).toEqual([0n, 0n, 0n, 0n, 0n, 0n]);
      expect(registers.segments.cs).toEqual({ selector: 0, base: 0n, limit: 0, attributes: 0 });
    } finally {
      dump.close();
    }
  });
});
