import { buildPageTables, BuiltPageTables } from './page-tables';
import { DumpLayout, RangeSpec } from './build-dump';
import { RAM_CHUNK_SIZE } from './layout';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const FOUR_GIB = 4 * GIB;

/**
 * The real VirtualBox 5.0.16 layout from the format notes: 1 vCPU, 9 program headers (1 PT_NOTE
 * and 8 ranges), notes at 0x238, VBCPU descriptor 0x2230 bytes, memory from 0x24a8.
 * The ranges below are a plausible 5.0 guest map with 2 MMIO ranges.
 */
export function layoutVbox5016(): DumpLayout {
  return {
    formatVersion: 0x10003,
    vboxVersion: { major: 5, minor: 0, build: 16 },
    vboxRevision: 105871,
    cpuCount: 1,
    cpuDescriptorSize: 0x2230,
    ranges: [
      { physicalAddress: 0, size: 0x4000_0000 },
      { physicalAddress: 0xe000_0000, size: 0x80_0000 },
      { physicalAddress: 0xf040_0000, size: 0x40_0000 },
      { physicalAddress: 0xf080_0000, size: 0x4000 },
      { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0xfff8_0000, size: 0x8_0000 },
      { physicalAddress: 0x1_0000_0000, size: 0x1000_0000 },
    ],
  };
}

/** The guests of the Volatility wiki's VirtualBox tables (see the format notes). */
export type Vbox4WikiGuest = '5.5g' | '8g' | '16g' | '24g';

/**
 * The VirtualBox 4.x guests whose vboxinfo tables the format notes quote (format 0x10000, 1
 * vCPU). Their first data offsets name the release: 0x758 (5.5 GB) fits 12 PT_LOADs and a
 * 0x400-byte CPUMCTX (4.0/4.1); 0x808, 0x878 and 0x8e8 (8, 16, 24 GB) fit 14, 16 and 18 PT_LOADs
 * and a 0x440-byte one (4.2/4.3). The ranges with data are the 8 GB table's (low RAM, VGA, two
 * VMMDev ranges, the BIOS, RAM above 4 GiB in 0xffdf0000-byte chunks). The tables hide the MMIO
 * ranges (p_filesz 0); their count follows from the PT_LOAD count (6 on 4.0/4.1, 7 on 4.2/4.3),
 * their places here are plausible device addresses, inferred, not read from a dump.
 */
export function layoutVbox4WikiGuest(guest: Vbox4WikiGuest): DumpLayout {
  const ramBytes = { '5.5g': 5.5 * GIB, '8g': 8 * GIB, '16g': 16 * GIB, '24g': 24 * GIB }[guest];
  const is41 = guest === '5.5g';
  const below = 0xe000_0000;
  const mmio = (physicalAddress: number, size: number): RangeSpec => ({ physicalAddress, size, mmio: true });
  const deviceMmio = [mmio(0xf080_4000, 0x2_0000), mmio(0xf082_4000, 0x1000), mmio(0xf082_5000, 0x1000), mmio(0xf082_6000, 0x1000)];
  return {
    formatVersion: 0x10000,
    vboxVersion: is41 ? { major: 4, minor: 1, build: 23 } : { major: 4, minor: 3, build: 40 },
    vboxRevision: is41 ? 80870 : 117224,
    cpuCount: 1,
    ranges: [
      { physicalAddress: 0, size: below },
      { physicalAddress: 0xe000_0000, size: 0x01b0_0000 },
      { physicalAddress: 0xf040_0000, size: 0x0040_0000 },
      { physicalAddress: 0xf080_0000, size: 0x0000_4000 },
      ...deviceMmio,
      mmio(0xfec0_0000, 0x1000),
      ...(is41 ? [] : [mmio(0xfed0_0000, 0x400)]),
      mmio(0xfee0_0000, 0x1000),
      { physicalAddress: 0xffff_0000, size: 0x0001_0000 },
      ...chunkedRam(0x1_0000_0000, ramBytes - below),
    ],
  };
}

/** RAM above 4 GiB split into 0xffdf0000-byte chunks, the way large guests are written. */
export function chunkedRam(physicalAddress: number, size: number): RangeSpec[] {
  const chunks: RangeSpec[] = [];
  for (let done = 0; done < size; done += RAM_CHUNK_SIZE) {
    chunks.push({ physicalAddress: physicalAddress + done, size: Math.min(RAM_CHUNK_SIZE, size - done) });
  }
  return chunks;
}

/** A guest with `totalRam` bytes of RAM: 3.5 GiB below the PCI hole at most, the rest above 4 GiB. */
export function layoutGuest(totalRam: number, cpuCount = 1): DumpLayout {
  const below = Math.min(totalRam, 0xe000_0000);
  const above = totalRam - below;
  return {
    cpuCount,
    ranges: [
      { physicalAddress: 0, size: below },
      { physicalAddress: 0xe000_0000, size: 16 * MIB },
      { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0xfffc_0000, size: 0x4_0000 },
      ...(above > 0 ? chunkedRam(FOUR_GIB, above) : []),
    ],
  };
}

/** A 24 GB guest: RAM above 4 GiB in 0xffdf0000-byte chunks. */
export function layoutGuest24g(cpuCount = 2): DumpLayout {
  return layoutGuest(24 * GIB, cpuCount);
}

/** A 64 MiB guest, the size of the bundled sample and the small benchmark layout. */
export function layoutGuest64m(cpuCount = 1): DumpLayout {
  return layoutGuest(64 * MIB, cpuCount);
}

/** 4-level page tables of the sample: a kernel image, a slice of the direct map, a user program and its stack. */
export function samplePageTables(): BuiltPageTables {
  return buildPageTables({
    mode: '4-level',
    tableArea: { physicalAddress: 0x1_0000, size: 0x1_0000 },
    mappings: [
      { virtualAddress: 0xffff_ffff_8100_0000n, physicalAddress: 0x4_0000n, size: 0x1_0000, pageSize: 0x1000 },
      { virtualAddress: 0xffff_8880_0000_0000n, physicalAddress: 0n, size: 0x8_0000, pageSize: 0x1000, writable: true, noExecute: true },
      { virtualAddress: 0x40_0000n, physicalAddress: 0x6_0000n, size: 0x2000, pageSize: 0x1000, user: true },
      { virtualAddress: 0x7fff_fffd_e000n, physicalAddress: 0x7_0000n, size: 0x2000, pageSize: 0x1000, user: true, writable: true, noExecute: true },
    ],
  });
}

/**
 * The bundled sample (samples/small-guest.elf): a tiny guest with every kind of range, two
 * vCPUs and the address pattern in every byte, small enough to commit.
 */
export function layoutSample(): DumpLayout {
  const pageTables = samplePageTables();
  return {
    cpuCount: 2,
    cpus: [pageTables.cpu, pageTables.cpu],
    physicalWrites: pageTables.writes,
    fill: 'full',
    ranges: [
      { physicalAddress: 0, size: 512 * 1024 },
      { physicalAddress: 0xe000_0000, size: 64 * 1024 },
      { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0xffff_0000, size: 64 * 1024 },
      { physicalAddress: 0x1_0000_0000, size: 128 * 1024 },
    ],
  };
}
