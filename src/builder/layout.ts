/**
 * Byte layout of what VirtualBox writes, restated independently of schemas/ so that tests built
 * with this builder check the schemas rather than echo them. Facts from DBGFCoreWrite.cpp and
 * dbgfcorefmt.h (see ../shared/docs/vbox-core-format.md).
 */

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

/** The VBCPU descriptor size VirtualBox writes for a format version (sizes seen in real dumps). */
export function cpuDescriptorSizeFor(formatVersion: number): number {
  if (formatVersion >= 0x10006) return 0x2248;
  if (formatVersion >= 0x10004) return 0x2240;
  return 0x2230;
}

/** The XSAVE area (X86XSAVEAREA) is 8 KiB and always the last member of DBGFCORECPU. */
export const XSAVE_AREA_SIZE = 0x2000;

export type SegmentName = 'cs' | 'ds' | 'es' | 'fs' | 'gs' | 'ss' | 'ldtr' | 'tr';

export interface SegmentValue {
  base: bigint;
  limit: number;
  attributes: number;
  selector: number;
}

/** Register values of one vCPU; anything not given gets a value derived from the CPU index. */
export interface CpuValues {
  general: Partial<Record<'rax' | 'rbx' | 'rcx' | 'rdx' | 'rsi' | 'rdi' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15' | 'rip' | 'rsp' | 'rbp' | 'rflags', bigint>>;
  segments: Partial<Record<SegmentName, SegmentValue>>;
  control: Partial<Record<'cr0' | 'cr2' | 'cr3' | 'cr4', bigint>>;
  debug: bigint[];
  gdtr: { base: bigint; limit: number };
  idtr: { base: bigint; limit: number };
  sysenter: Partial<Record<'cs' | 'eip' | 'esp', bigint>>;
  msrs: Partial<Record<'efer' | 'star' | 'pat' | 'lstar' | 'cstar' | 'sfmask' | 'kernelGsBase' | 'apicBase' | 'tscAux', bigint>>;
  /** XCR0/XCR1 and cbExt (written by layouts from format 0x00010004 on). */
  xcr: [bigint, bigint];
  xsaveSize: number;
  /** The legacy FXSAVE header and XMM registers at the start of the XSAVE area. */
  fpu: { fcw: number; fsw: number; ftw: number; fop: number; mxcsr: number; mxcsrMask: number };
  xstateBv: bigint;
  xmm: bigint[];
}

const GENERAL_ORDER = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp', 'rflags'] as const;
const MSR_ORDER = ['efer', 'star', 'pat', 'lstar', 'cstar', 'sfmask', 'kernelGsBase', 'apicBase'] as const;

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
    fpu: { fcw: 0x37f, fsw: 0, ftw: 0, fop: 0, mxcsr: 0x1f80, mxcsrMask: 0xffff },
    xstateBv: 0x7n,
    xmm: Array.from({ length: 16 }, (_, index) => (BigInt(index + 1) << 120n) | (0x0123_4567_89ab_cdefn << 32n) | tag),
  };
}

/** Serializes a DBGFCORECPU of `size` bytes; the size picks the layout, as it does for readers. */
export function encodeCpu(values: CpuValues, size: number): Buffer {
  const out = Buffer.alloc(size);
  let position = 0;
  const u64 = (value: bigint): void => {
    if (position + 8 <= size) out.writeBigUInt64LE(BigInt.asUintN(64, value), position);
    position += 8;
  };
  const u32 = (value: number): void => {
    if (position + 4 <= size) out.writeUInt32LE(value >>> 0, position);
    position += 4;
  };
  const u16 = (value: number): void => {
    if (position + 2 <= size) out.writeUInt16LE(value & 0xffff, position);
    position += 2;
  };
  const segment = (value: SegmentValue | undefined): void => {
    const register = value ?? { base: 0n, limit: 0, attributes: 0, selector: 0 };
    u64(register.base);
    u32(register.limit);
    u32(register.attributes);
    u16(register.selector);
    u16(0);
    u32(0);
  };
  for (const name of GENERAL_ORDER) u64(values.general[name] ?? 0n);
  for (const name of ['cs', 'ds', 'es', 'fs', 'gs', 'ss'] as const) segment(values.segments[name]);
  for (const name of ['cr0', 'cr2', 'cr3', 'cr4'] as const) u64(values.control[name] ?? 0n);
  for (let index = 0; index < 8; index++) u64(values.debug[index] ?? 0n);
  for (const table of [values.gdtr, values.idtr]) {
    u64(table.base);
    u32(table.limit);
    u32(0);
  }
  segment(values.segments.ldtr);
  segment(values.segments.tr);
  for (const name of ['cs', 'eip', 'esp'] as const) u64(values.sysenter[name] ?? 0n);
  for (const name of MSR_ORDER) u64(values.msrs[name] ?? 0n);
  // What follows depends on the layout; the size tells them apart, as in dbgfcorefmt.h's history.
  const xsaveOffset = size - XSAVE_AREA_SIZE;
  if (size === 0x2248 || size === 0x2240) {
    if (size === 0x2248) u64(values.msrs.tscAux ?? 0n);
    u64(values.xcr[0]);
    u64(values.xcr[1]);
    u32(values.xsaveSize);
    u32(0);
  }
  if (xsaveOffset >= position) encodeXsaveHeader(out, xsaveOffset, values);
  return out;
}

/** FXSAVE legacy region and XSAVE header fields (Intel SDM vol. 1, 10.5.1 and 13.4.2). */
function encodeXsaveHeader(out: Buffer, offset: number, values: CpuValues): void {
  out.writeUInt16LE(values.fpu.fcw, offset);
  out.writeUInt16LE(values.fpu.fsw, offset + 2);
  out.writeUInt8(values.fpu.ftw, offset + 4);
  out.writeUInt16LE(values.fpu.fop, offset + 6);
  out.writeUInt32LE(values.fpu.mxcsr, offset + 24);
  out.writeUInt32LE(values.fpu.mxcsrMask, offset + 28);
  values.xmm.slice(0, 16).forEach((value, index) => {
    out.writeBigUInt64LE(BigInt.asUintN(64, value), offset + 160 + index * 16);
    out.writeBigUInt64LE(BigInt.asUintN(64, value >> 64n), offset + 168 + index * 16);
  });
  out.writeBigUInt64LE(values.xstateBv, offset + 512);
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
    xstateBv: override.xstateBv ?? base.xstateBv,
    xmm: override.xmm ?? base.xmm,
  };
}

export type DeepPartialCpu = { [K in keyof CpuValues]?: CpuValues[K] };
