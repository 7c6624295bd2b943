/**
 * Byte layout of what VirtualBox writes, restated independently of schemas/ so that tests built
 * with this builder check the schemas rather than echo them. Facts from DBGFCoreWrite.cpp and
 * dbgfcorefmt.h (see ../shared/docs/vbox-core-format.md).
 */

import { BuilderCpuLayout, CPU_FIELD_OFFSETS, GeneralName, MsrName, SegmentName } from './cpu-layouts';

export type { SegmentName } from './cpu-layouts';

export const NOTE_HEADER_SIZE = 12;
export const CORE_DESCRIPTOR_SIZE = 24;
export const CORE_MAGIC = 0xc01ac0de;
export const NT_VBOXCORE = 0xb00;
export const NT_VBOXCPU = 0xb01;
export const EM_X86_64 = 62;
export const CORE_NOTE_NAME = 'VBCORE';
export const CPU_NOTE_NAME = 'VBCPU';
/** Size of one chunk of large RAM on VirtualBox 4.1.x. */
export const RAM_CHUNK_SIZE = 0xffdf0000;

export function align8(value: number): number {
  return Math.ceil(value / 8) * 8;
}

/** Bytes one note takes: header, name with NUL padded to 8, descriptor padded to 8. */
export function noteSize(name: string, descriptorSize: number): number {
  return NOTE_HEADER_SIZE + align8(name.length + 1) + align8(descriptorSize);
}

/** The XSAVE area (X86XSAVEAREA) is 8 KiB and always the last member of DBGFCORECPU. */
export const XSAVE_AREA_SIZE = 0x2000;

/** A segment register to write. */
export interface SegmentValue {
  /** Hidden base. */
  base: bigint;
  /** Hidden limit. */
  limit: number;
  /** Attribute word (VMX access-rights layout). */
  attributes: number;
  /** Visible selector. */
  selector: number;
}

/** Register values of one vCPU; anything not given gets a value derived from the CPU index. */
export interface CpuValues {
  /** General registers (a layout without rflags leaves it out). */
  general: Partial<Record<GeneralName, bigint>>;
  /** Segment registers, LDTR and TR. */
  segments: Partial<Record<SegmentName, SegmentValue>>;
  /** CR0, CR2, CR3, CR4. */
  control: Partial<Record<'cr0' | 'cr2' | 'cr3' | 'cr4', bigint>>;
  /** DR0-DR7. */
  debug: bigint[];
  /** GDTR. */
  gdtr: TableValue;
  /** IDTR. */
  idtr: TableValue;
  /** The SYSENTER MSRs (a layout keeping only ESP writes only that). */
  sysenter: Partial<Record<'cs' | 'eip' | 'esp', bigint>>;
  /** The MSRs (each written where the layout has it). */
  msrs: Partial<Record<MsrName, bigint>>;
  /** XCR0/XCR1 and cbExt (written by layouts from format 0x00010004 on). */
  xcr: [bigint, bigint];
  /** cbExt: bytes of the XSAVE area holding state. */
  xsaveSize: number;
  /** The legacy FXSAVE header and XMM registers at the start of the XSAVE area. */
  fpu: FxsaveHeaderValues;
  /** ST0-ST7 as 80-bit values (sign and exponent in bits 64-79). */
  st: bigint[];
  /** XSTATE_BV in the XSAVE header. */
  xstateBv: bigint;
  /** XCOMP_BV in the XSAVE header. */
  xcompBv: bigint;
  /** XMM0-XMM15 as 128-bit values. */
  xmm: bigint[];
  /** Bits 128-255 of YMM0-15 (AVX), written at 0x240 of the XSAVE area when given. */
  ymmHigh?: bigint[];
  /** AVX-512 opmask k0-k7, written at 0x440 when given. */
  opmask?: bigint[];
  /** Bits 256-511 of ZMM0-15, written at 0x480 when given. */
  zmmHigh256?: bigint[];
  /** ZMM16-31 whole (512 bits each), written at 0x680 when given. */
  zmm16?: bigint[];
}

/** GDTR or IDTR to write. */
export interface TableValue {
  /** Linear base. */
  base: bigint;
  /** Limit. */
  limit: number;
}

/** The FXSAVE image's control and status words. */
export interface FxsaveHeaderValues {
  /** x87 control word. */
  fcw: number;
  /** x87 status word. */
  fsw: number;
  /** Abridged x87 tag word. */
  ftw: number;
  /** Last x87 opcode. */
  fop: number;
  /** Last x87 instruction pointer (low 32 bits). */
  fpuIp: number;
  /** Its code selector. */
  fpuCs: number;
  /** Last x87 data pointer (low 32 bits). */
  fpuDp: number;
  /** Its data selector. */
  fpuDs: number;
  /** MXCSR. */
  mxcsr: number;
  /** MXCSR_MASK. */
  mxcsrMask: number;
}

const GENERAL_ORDER = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp', 'rflags'] as const;

/** The value the builder gives a register of vCPU `cpuIndex` when none is specified. */
export function defaultCpuValues(cpuIndex: number): CpuValues {
  const tag = BigInt(cpuIndex);
  const general = Object.fromEntries(GENERAL_ORDER.map((name, position) => [name, (0x1000n + BigInt(position)) * 0x1_0000_0000n + tag])) as CpuValues['general'];
  general.rflags = 0x246n;
  general.rip = 0xffff_ffff_8100_0000n + tag * 0x100n;
  const segment = (selector: number): SegmentValue => ({ base: 0n, limit: 0xffffffff, attributes: 0xa09b, selector });
  return {
    general,
    segments: { cs: segment(0x10), ds: segment(0x18), es: segment(0x18), fs: segment(0), gs: { ...segment(0), base: 0xffff_8880_0000_0000n + tag * 0x1000n }, ss: segment(0x18), ldtr: segment(0), tr: { ...segment(0x40), limit: 0x67, attributes: 0x8b } },
    control: { cr0: 0x8005_0033n, cr2: 0n, cr3: 0x10_0000n + tag * 0x1000n, cr4: 0x3606e0n },
    debug: [0n, 0n, 0n, 0n, 0n, 0n, 0xffff0ff0n, 0x400n],
    gdtr: { base: 0xffff_fe00_0000_1000n + tag * 0x10000n, limit: 0x7f },
    idtr: { base: 0xffff_fe00_0000_0000n, limit: 0xfff },
    sysenter: { cs: 0x10n, eip: 0n, esp: 0xffff_fe00_0000_6000n },
    msrs: { efer: 0xd01n, star: 0x0023_0010_0000_0000n, pat: 0x0007_0406_0007_0406n, lstar: 0xffff_ffff_8180_0000n, cstar: 0xffff_ffff_8180_1000n, sfmask: 0x47700n, kernelGsBase: 0n, apicBase: 0xfee0_0900n, tscAux: tag },
    xcr: [0x7n, 0n],
    xsaveSize: 0x340,
    fpu: { fcw: 0x37f, fsw: 0, ftw: 0, fop: 0, fpuIp: 0, fpuCs: 0, fpuDp: 0, fpuDs: 0, mxcsr: 0x1f80, mxcsrMask: 0xffff },
    st: Array.from({ length: 8 }, (_, index) => (0x3fffn << 64n) | (0x8000_0000_0000_0000n + BigInt(index) * 0x100n + tag)),
    xstateBv: 0x7n,
    xcompBv: 0n,
    xmm: Array.from({ length: 16 }, (_, index) => (BigInt(index + 1) << 120n) | (0x0123_4567_89ab_cdefn << 32n) | tag),
  };
}

/** Every register zero (a segment's attributes too: an unusable, zero-base null segment). */
export function zeroCpuValues(): CpuValues {
  return {
    general: {},
    segments: {},
    control: {},
    debug: Array.from({ length: 8 }, () => 0n),
    gdtr: { base: 0n, limit: 0 },
    idtr: { base: 0n, limit: 0 },
    sysenter: {},
    msrs: {},
    xcr: [0n, 0n],
    xsaveSize: 0,
    fpu: { fcw: 0, fsw: 0, ftw: 0, fop: 0, fpuIp: 0, fpuCs: 0, fpuDp: 0, fpuDs: 0, mxcsr: 0, mxcsrMask: 0 },
    st: Array.from({ length: 8 }, () => 0n),
    xstateBv: 0n,
    xcompBv: 0n,
    xmm: Array.from({ length: 16 }, () => 0n),
  };
}

/** What VirtualBox stores beyond the table: whether the APIC base slot holds it (not in 4.2, whose CPUMCTX has padding there). */
export interface EncodeOptions {
  readonly storesApicBase?: boolean;
}

/**
 * Serializes one vCPU as a VBCPU note of `size` bytes in `layout`, placing every register at the
 * offset the release's table gives. Fields past `size` are left out, so odd sizes can be built;
 * DBGFCORECPU's XSAVE area goes in the last 8 KiB, as VirtualBox's compilers put it.
 */
export function encodeCpu(values: CpuValues, layout: BuilderCpuLayout, size: number, options: EncodeOptions = {}): Buffer {
  const table = CPU_FIELD_OFFSETS[layout];
  const out = Buffer.alloc(size);
  const fits = (offset: number, width: number): boolean => offset >= 0 && offset + width <= size;
  const u64 = (offset: number | undefined, value: bigint): void => {
    if (offset !== undefined && fits(offset, 8)) out.writeBigUInt64LE(BigInt.asUintN(64, value), offset);
  };
  const u32 = (offset: number, value: number): void => {
    if (fits(offset, 4)) out.writeUInt32LE(value >>> 0, offset);
  };
  const u16 = (offset: number, value: number): void => {
    if (fits(offset, 2)) out.writeUInt16LE(value & 0xffff, offset);
  };
  for (const [name, offset] of Object.entries(table.general) as [GeneralName, number][]) u64(offset, values.general[name] ?? 0n);
  for (const [name, offset] of Object.entries(table.segments) as [SegmentName, number][]) {
    const segment = values.segments[name] ?? { base: 0n, limit: 0, attributes: 0, selector: 0 };
    if (table.segmentForm === 'dbgfcoresel') {
      u64(offset, segment.base);
      u32(offset + 8, segment.limit);
      u32(offset + 0xc, segment.attributes);
      u16(offset + 0x10, segment.selector);
    } else if (table.segmentForm === 'cpumselreg') {
      u16(offset, segment.selector);
      u16(offset + 4, segment.selector); // ValidSel: the hidden part is loaded for this selector
      u16(offset + 6, 1); // CPUMSELREG_FLAGS_VALID
      u64(offset + 8, segment.base);
      u32(offset + 0x10, segment.limit);
      u32(offset + 0x14, segment.attributes);
    } else {
      const hidden = table.hiddenParts![name];
      u16(offset, segment.selector);
      u64(hidden, segment.base);
      u32(hidden + 8, segment.limit);
      u32(hidden + 0xc, segment.attributes);
    }
  }
  (['cr0', 'cr2', 'cr3', 'cr4'] as const).forEach((name, index) => u64(table.control + index * 8, values.control[name] ?? 0n));
  for (let index = 0; index < 8; index++) u64(table.debug + index * 8, values.debug[index] ?? 0n);
  for (const [place, value] of [[table.gdtr, values.gdtr], [table.idtr, values.idtr]] as const) {
    u64(place.base, value.base);
    if (table.tableLimitWidth === 2) u16(place.limit, value.limit);
    else u32(place.limit, value.limit);
  }
  for (const [name, offset] of Object.entries(table.sysenter) as ['cs' | 'eip' | 'esp', number][]) u64(offset, values.sysenter[name] ?? 0n);
  for (const [name, offset] of Object.entries(table.msrs) as [MsrName, number][]) {
    if (name === 'apicBase' && options.storesApicBase === false) continue;
    u64(offset, values.msrs[name] ?? 0n);
  }
  if (table.xcr !== undefined) {
    u64(table.xcr, values.xcr[0]);
    u64(table.xcr + 8, values.xcr[1]);
  }
  if (table.cbExt !== undefined) u32(table.cbExt, values.xsaveSize);
  const fxsaveOffset = table.fxsave === 'xsave-area' ? size - XSAVE_AREA_SIZE : table.fxsave;
  if (fxsaveOffset !== null && fits(fxsaveOffset, FXSAVE_SIZE)) encodeFxsave(out, fxsaveOffset, values);
  if (table.fxsave === 'xsave-area' && fits(size - XSAVE_AREA_SIZE, XSAVE_AREA_SIZE)) {
    const area = size - XSAVE_AREA_SIZE;
    out.writeBigUInt64LE(values.xstateBv, area + 0x200);
    out.writeBigUInt64LE(values.xcompBv, area + 0x208);
    // the standard-format offsets of the extended components (Intel SDM vol. 1, 13.4; X86XSAVEAREA)
    const wide = (offset: number, registers: bigint[] | undefined, words: number): void => registers?.forEach((value, index) => {
      for (let word = 0; word < words; word++) out.writeBigUInt64LE(BigInt.asUintN(64, value >> BigInt(64 * word)), area + offset + (index * words + word) * 8);
    });
    wide(0x240, values.ymmHigh, 2);
    wide(0x440, values.opmask, 1);
    wide(0x480, values.zmmHigh256, 4);
    wide(0x680, values.zmm16, 8);
  }
  return out;
}

const FXSAVE_SIZE = 512;

/** The FXSAVE image (Intel SDM vol. 1, 10.5.1): FCW 0, FSW 2, FTW 4, FOP 6, MXCSR 0x18, MXCSR_MASK 0x1c, ST from 0x20, XMM from 0xa0. */
function encodeFxsave(out: Buffer, offset: number, values: CpuValues): void {
  out.writeUInt16LE(values.fpu.fcw, offset);
  out.writeUInt16LE(values.fpu.fsw, offset + 2);
  out.writeUInt16LE(values.fpu.ftw, offset + 4);
  out.writeUInt16LE(values.fpu.fop, offset + 6);
  // FPUIP 8, FPU CS 0xc, FPUDP 0x10, FPU DS 0x14 (the 32-bit form, as VirtualBox's X86FXSTATE names them)
  out.writeUInt32LE(values.fpu.fpuIp >>> 0, offset + 8);
  out.writeUInt16LE(values.fpu.fpuCs, offset + 0xc);
  out.writeUInt32LE(values.fpu.fpuDp >>> 0, offset + 0x10);
  out.writeUInt16LE(values.fpu.fpuDs, offset + 0x14);
  out.writeUInt32LE(values.fpu.mxcsr, offset + 0x18);
  out.writeUInt32LE(values.fpu.mxcsrMask, offset + 0x1c);
  values.st.slice(0, 8).forEach((value, index) => {
    out.writeBigUInt64LE(BigInt.asUintN(64, value), offset + 0x20 + index * 16);
    out.writeUInt16LE(Number((value >> 64n) & 0xffffn), offset + 0x28 + index * 16);
  });
  values.xmm.slice(0, 16).forEach((value, index) => {
    out.writeBigUInt64LE(BigInt.asUintN(64, value), offset + 0xa0 + index * 16);
    out.writeBigUInt64LE(BigInt.asUintN(64, value >> 64n), offset + 0xa8 + index * 16);
  });
}

export function mergeCpuValues(base: CpuValues, override: DeepPartialCpu | undefined): CpuValues {
  if (override === undefined) return base;
  return {
    general: { ...base.general, ...override.general },
    segments: { ...base.segments, ...override.segments },
    control: { ...base.control, ...override.control },
    debug: override.debug ?? base.debug,
    gdtr: override.gdtr ?? base.gdtr,
    idtr: override.idtr ?? base.idtr,
    sysenter: { ...base.sysenter, ...override.sysenter },
    msrs: { ...base.msrs, ...override.msrs },
    xcr: override.xcr ?? base.xcr,
    xsaveSize: override.xsaveSize ?? base.xsaveSize,
    fpu: override.fpu ?? base.fpu,
    st: override.st ?? base.st,
    xstateBv: override.xstateBv ?? base.xstateBv,
    xcompBv: override.xcompBv ?? base.xcompBv,
    xmm: override.xmm ?? base.xmm,
    ymmHigh: override.ymmHigh ?? base.ymmHigh,
    opmask: override.opmask ?? base.opmask,
    zmmHigh256: override.zmmHigh256 ?? base.zmmHigh256,
    zmm16: override.zmm16 ?? base.zmm16,
  };
}

/** Register values to write over the defaults: any subset of each group. */
export type DeepPartialCpu = { [K in keyof CpuValues]?: CpuValues[K] };
