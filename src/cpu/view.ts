import { describeValue } from '../address-space/address';
import { PagingMode, pagingModeOf } from '../address-space/paging';
import { VboxCoreError } from '../errors';
import { CpuNoteInfo, CpuRegisters, SegmentRegister } from '../model/types';
import { CR0_BITS, CR4_BITS, EFER_BITS, RFLAGS_BITS, setBitNames } from './bits';

/** A segment's attribute word (VMX access-rights layout, as VirtualBox stores it) taken apart. */
export interface SegmentAttributes {
  readonly type: number;
  /** S: code/data (true) or system descriptor. */
  readonly codeOrData: boolean;
  readonly dpl: number;
  readonly present: boolean;
  readonly available: boolean;
  readonly long: boolean;
  readonly defaultBig: boolean;
  readonly granularity: boolean;
  readonly unusable: boolean;
}

export interface SegmentView extends SegmentRegister {
  readonly decoded: SegmentAttributes;
}

/** One vCPU as a debugger shows it: registers plus the meaning of the bits that matter. */
export interface CpuView {
  readonly index: number;
  readonly descriptorOffset: number;
  readonly descriptorSize: number;
  /** null when the registers are not decoded (see the dump's problems for why). */
  readonly registers: CpuRegisters | null;
  readonly decoded: {
    /** null where the layout stores no rflags (VirtualBox formats 0x10002 and 0x10003). */
    readonly rflags: readonly string[] | null;
    readonly iopl: number | null;
    readonly cr0: readonly string[];
    readonly cr4: readonly string[];
    /** null for QEMU cores, whose notes hold no EFER. */
    readonly efer: readonly string[] | null;
    readonly pagingMode: PagingMode;
    readonly segments: Readonly<Record<keyof CpuRegisters['segments'], SegmentAttributes>>;
  } | null;
}

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

export function describeCpu(cpu: CpuNoteInfo): CpuView {
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
    },
  };
}
