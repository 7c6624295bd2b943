import { describeValue } from '../address-space/address';
import { PagingMode, pagingContextOf, pagingModeOf } from '../address-space/paging';
import type { PhysicalAddressSpace } from '../address-space/physical';
import { PageTableRoots, pageTableRootsFrom, tableReaderOf } from './page-table-roots';
import { VboxCoreError } from '../errors';
import { CpuNoteInfo, CpuRegisters, SegmentRegister } from '../model/types';
import { CR0_BITS, CR4_BITS, EFER_BITS, RFLAGS_BITS, setBitNames } from './bits';

/** A segment's attribute word (VMX access-rights layout, as VirtualBox stores it) taken apart. */
export interface SegmentAttributes {
  /** Type (bits 0-3): code/data access bits, or the system descriptor's type. */
  readonly type: number;
  /** S: code/data (true) or system descriptor. */
  readonly codeOrData: boolean;
  /** Descriptor privilege level, 0-3. */
  readonly dpl: number;
  /** P: the segment is present. */
  readonly present: boolean;
  /** AVL: the bit left to software. */
  readonly available: boolean;
  /** L: 64-bit code segment. */
  readonly long: boolean;
  /** D/B: 32-bit default operand size (or big stack). */
  readonly defaultBig: boolean;
  /** G: the limit counts 4 KiB units. */
  readonly granularity: boolean;
  /** VMX's unusable bit: the register holds no usable segment (a null selector). */
  readonly unusable: boolean;
}

/** One vCPU as a debugger shows it: registers plus the meaning of the bits that matter. */
export interface CpuView {
  /** The vCPU's number. */
  readonly index: number;
  /** File offset of its register block. */
  readonly descriptorOffset: number;
  /** The register block's size (n_descsz). */
  readonly descriptorSize: number;
  /** null when the registers are not decoded (see the dump's problems for why). */
  readonly registers: CpuRegisters | null;
  /** The bits that matter, named; null when the registers are not decoded. */
  readonly decoded: {
    /** null where the layout stores no rflags (VirtualBox formats 0x10002 and 0x10003). */
    readonly rflags: readonly string[] | null;
    /** RFLAGS.IOPL; null without rflags. */
    readonly iopl: number | null;
    /** CR0's set bits by name (PE, WP, PG...). */
    readonly cr0: readonly string[];
    /** CR4's set bits by name (PAE, PSE, LA57...). */
    readonly cr4: readonly string[];
    /** null for QEMU cores, whose notes hold no EFER. */
    readonly efer: readonly string[] | null;
    /** The paging mode CR0, CR4 and EFER select. */
    readonly pagingMode: PagingMode;
    /** Each segment register's attributes, taken apart. */
    readonly segments: Readonly<Record<keyof CpuRegisters['segments'], SegmentAttributes>>;
    /** PCID and KPTI: what the tables at CR3 are; only when `describeCpu` was given the dump's physical memory. */
    readonly pageTables?: PageTableRoots;
  } | null;
}

/** Takes a segment attribute word (VMX access-rights layout) apart. */
export function segmentAttributes(attributes: number): SegmentAttributes {
  const bit = (position: number): boolean => ((attributes >>> position) & 1) === 1;
  return {
    type: attributes & 0xf,
    codeOrData: bit(4),
    dpl: (attributes >>> 5) & 3,
    present: bit(7),
    available: bit(12),
    long: bit(13),
    defaultBig: bit(14),
    granularity: bit(15),
    unusable: bit(16),
  };
}

/**
 * A vCPU's registers with the meaning of their bits (what `vboxcore cpus` prints). Given the
 * dump's physical memory, it also says what the tables at CR3 are (PCID, KPTI: two tables read).
 */
export function describeCpu(cpu: CpuNoteInfo, physical?: Pick<PhysicalAddressSpace, 'readOrNull'>): CpuView {
  if (typeof cpu !== 'object' || cpu === null || !('registers' in cpu)) throw new VboxCoreError('INVALID_ARGUMENT', `describeCpu takes one of dump.cpus, not ${describeValue(cpu)}`);
  const base = { index: cpu.index, descriptorOffset: cpu.descriptorOffset, descriptorSize: cpu.descriptorSize, registers: cpu.registers };
  const registers = cpu.registers;
  if (registers === null) return { ...base, decoded: null };
  const rflags = registers.general.rflags;
  const segments = Object.fromEntries(Object.entries(registers.segments).map(([name, segment]) => [name, segmentAttributes(segment.attributes)])) as Record<keyof CpuRegisters['segments'], SegmentAttributes>;
  return {
    ...base,
    decoded: {
      rflags: rflags === null ? null : setBitNames(rflags, RFLAGS_BITS),
      iopl: rflags === null ? null : Number((rflags >> 12n) & 3n),
      cr0: setBitNames(registers.control.cr0, CR0_BITS),
      cr4: setBitNames(registers.control.cr4, CR4_BITS),
      efer: registers.producer === 'virtualbox' ? setBitNames(registers.msrs.efer, EFER_BITS) : null,
      pagingMode: pagingModeOf(registers),
      segments,
      ...(physical === undefined ? {} : { pageTables: pageTableRootsFrom(pagingContextOf(registers), registers.control.cr4, tableReaderOf(physical)) }),
    },
  };
}
