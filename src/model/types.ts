/**
 * The dump model as plain data: what `vboxcore info --json` prints and what the library
 * returns. Every number here has been checked to be a safe integer.
 */
import { Problem } from '../problems';

export interface ElfHeaderInfo {
  readonly fileClass: number;
  readonly dataEncoding: number;
  /** e_ident[EI_VERSION]: 0 in every VirtualBox core. */
  readonly identVersion: number;
  readonly osAbi: number;
  readonly type: number;
  readonly typeName: string;
  readonly machine: number;
  readonly machineName: string;
  readonly version: number;
  readonly entry: number | null;
  readonly programHeaderOffset: number;
  readonly sectionHeaderOffset: number | null;
  readonly flags: number;
  readonly headerSize: number;
  readonly programHeaderEntrySize: number;
  readonly programHeaderCount: number;
  readonly sectionHeaderEntrySize: number;
  readonly sectionHeaderCount: number;
  readonly sectionNameIndex: number;
}

export interface ProgramHeaderInfo {
  readonly index: number;
  /** File offset of this 56-byte entry. */
  readonly entryOffset: number;
  readonly type: number;
  readonly typeName: string;
  readonly flags: number;
  /** p_offset, p_vaddr... as numbers; null where the field is not a safe integer. */
  readonly fileOffset: number | null;
  readonly virtualAddress: number | null;
  readonly physicalAddress: number | null;
  readonly fileSize: number | null;
  readonly memorySize: number | null;
  readonly align: number | null;
}

export interface VirtualBoxVersion {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
  /** "5.0.16" */
  readonly text: string;
}

export interface CoreDescriptorInfo {
  readonly fileOffset: number;
  readonly magic: number;
  readonly formatVersion: number;
  /** True for the format versions this release knows (0x00010000 to 0x00010006). */
  readonly formatKnown: boolean;
  readonly descriptorSize: number;
  readonly vboxVersion: VirtualBoxVersion;
  readonly vboxRevision: number;
  readonly cpuCount: number;
}

export interface SegmentRegister {
  readonly selector: number;
  readonly base: bigint;
  readonly limit: number;
  /**
   * Attribute bits in the VMX access-rights layout VirtualBox stores (type 0-3, S 4, DPL 5-6,
   * P 7, AVL 12, L 13, D/B 14, G 15, unusable 16); QEMU's descriptor-position flags are
   * shifted into it.
   */
  readonly attributes: number;
}

export interface DescriptorTableRegister {
  readonly base: bigint;
  readonly limit: number;
}

/** Which program wrote a dump, told by its notes. 'unknown': the notes name neither (VirtualBox's rules apply). */
export type Producer = 'virtualbox' | 'qemu' | 'unknown';

/** The general registers every producer's vCPU notes hold, rflags aside. */
export type GeneralRegisterName = 'rax' | 'rbx' | 'rcx' | 'rdx' | 'rsi' | 'rdi' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15' | 'rip' | 'rsp' | 'rbp';

/** The registers every producer's vCPU notes hold. 64-bit registers are exact BigInts. */
interface CommonCpuRegisters {
  /** rflags is null where a layout does not store it (VirtualBox formats 0x10002 and 0x10003). */
  readonly general: Readonly<Record<GeneralRegisterName, bigint>> & { readonly rflags: bigint | null };
  readonly segments: Readonly<Record<'cs' | 'ds' | 'es' | 'fs' | 'gs' | 'ss' | 'ldtr' | 'tr', SegmentRegister>>;
  readonly control: Readonly<Record<'cr0' | 'cr2' | 'cr3' | 'cr4', bigint>>;
  readonly gdtr: DescriptorTableRegister;
  readonly idtr: DescriptorTableRegister;
}

/** The structures VirtualBox has written into VBCPU notes. */
export type CpuStructure = 'DBGFCORECPU' | 'CPUMCTX';

/** Which layout a VBCPU note was decoded with, and why. */
export interface CpuLayoutInfo {
  /** A stable name: `dbgfcorecpu-0x10006`, `cpumctx-4.2`, ... */
  readonly name: string;
  readonly structure: CpuStructure;
  /** The format version whose layout this is (0x10000 for every CPUMCTX). */
  readonly formatVersion: number;
  /** The VirtualBox releases that wrote it. */
  readonly releases: string;
  /** The note's size (n_descsz). */
  readonly size: number;
  /** What the size says about the host VirtualBox ran on (the compiler aligns the XSAVE area). */
  readonly host: string;
  /**
   * 'release': a release wrote this format version at this size (exact). 'size': a release wrote
   * this size, under another format version than the descriptor's (decoded by the size; see the
   * problems). 'format-version': a size no release wrote, decoded as the format version's layout
   * (inferred; see the problems).
   */
  readonly chosenBy: 'release' | 'size' | 'format-version';
}

/** The legacy FXSAVE image: x87 environment, MXCSR, ST0-7 and XMM0-15. */
export interface FpuState {
  readonly fcw: number;
  readonly fsw: number;
  readonly ftw: number;
  readonly fop: number;
  readonly mxcsr: number;
  readonly mxcsrMask: number;
  /** ST0-ST7 (MM0-MM7) as 80-bit values: sign and exponent in bits 64-79. */
  readonly st: readonly bigint[];
  /** XMM0-XMM15 as 128-bit values. */
  readonly xmm: readonly bigint[];
}

/** Where DBGFCORECPU's XSAVE area is, how much of it holds state, and its header. */
export interface XsaveState {
  /** Offset of the 8 KiB area inside the note's descriptor (n_descsz - 0x2000). */
  readonly offset: number;
  /** Bytes of the area holding state (cbExt); null in format 0x10002, which copied all 8 KiB. */
  readonly stateSize: number | null;
  /** XSTATE_BV: the state components present. */
  readonly xstateBv: bigint;
  /** XCOMP_BV: bit 63 set for the compacted format. */
  readonly xcompBv: bigint;
}

/**
 * A VBCPU note's registers. A field the layout does not store is null, never 0: formats 0x10002
 * and 0x10003 have no rflags and keep only SYSENTER_ESP; CPUMCTX has no XSAVE area, 4.0-4.2 no
 * APIC base, the 5.0 betas no FPU state; TSC_AUX came with format 0x10006.
 */
export interface VirtualBoxCpuRegisters extends CommonCpuRegisters {
  readonly producer: 'virtualbox';
  readonly layout: CpuLayoutInfo;
  readonly debug: readonly bigint[];
  readonly sysenter: { readonly cs: bigint | null; readonly eip: bigint | null; readonly esp: bigint };
  readonly msrs: Readonly<Record<'efer' | 'star' | 'pat' | 'lstar' | 'cstar' | 'sfmask' | 'kernelGsBase', bigint>> & {
    readonly apicBase: bigint | null;
    readonly tscAux: bigint | null;
  };
  readonly xcr: { readonly xcr0: bigint; readonly xcr1: bigint } | null;
  readonly fpu: FpuState | null;
  readonly xsave: XsaveState | null;
}

/** A QEMU note (QEMUCPUState): no EFER, no other MSRs, no debug or FPU registers. */
export interface QemuCpuRegisters extends CommonCpuRegisters {
  readonly producer: 'qemu';
  readonly general: Readonly<Record<GeneralRegisterName | 'rflags', bigint>>;
  /** QEMUCPUState's version and size fields (QEMU writes 1 and 0x1b8). */
  readonly stateVersion: number;
  readonly stateSize: number;
  /** IA32_KERNEL_GS_BASE; null in notes written before QEMU 4.2. */
  readonly kernelGsBase: bigint | null;
  /**
   * EFER.LMA, which the note does not hold, inferred: QEMU writes e_machine EM_X86_64 exactly
   * when the first vCPU is in long mode; a vCPU counts as in long mode when e_machine says so and
   * its own CR0.PG and CR4.PAE are set (an application processor still in real mode is not).
   */
  readonly longModeActive: boolean;
}

export type CpuRegisters = VirtualBoxCpuRegisters | QemuCpuRegisters;

export interface CpuNoteInfo {
  readonly index: number;
  /** The note the registers come from: VBCPU, or QEMU's "QEMU" note. */
  readonly noteOffset: number;
  readonly descriptorOffset: number;
  readonly descriptorSize: number;
  /** null when the layout is not decoded (see the problems for why). */
  readonly registers: CpuRegisters | null;
}

/** What a range probably is. The file does not say: see `inferRangeKind` for the rule. */
export type RangeKind = 'ram' | 'vram' | 'rom' | 'device' | 'mmio';

export interface PhysicalRange {
  /** Index of the range among the PT_LOADs, in program header order. */
  readonly index: number;
  readonly programHeaderIndex: number;
  readonly physicalStart: number;
  /** Exclusive end. */
  readonly physicalEnd: number;
  readonly size: number;
  readonly fileOffset: number;
  /** Bytes of the range the program header says are in the file (p_filesz, capped at p_memsz). */
  readonly declaredFileBytes: number;
  /** Bytes actually present: less than declaredFileBytes when the file is truncated. */
  readonly presentBytes: number;
  readonly kind: RangeKind;
  /** Why the kind was inferred, in words. */
  readonly kindReason: string;
  /** Consecutive RAM chunks (contiguous in address and file offset) share a region number. */
  readonly region: number;
}

/** A run of consecutive ranges that is one piece of guest memory (large RAM is split in chunks). */
export interface PhysicalRegion {
  readonly region: number;
  readonly kind: RangeKind;
  readonly physicalStart: number;
  readonly physicalEnd: number;
  readonly size: number;
  readonly rangeIndexes: readonly number[];
}

export interface ValidationReport {
  readonly path: string;
  readonly fileSize: number | null;
  readonly valid: boolean;
  readonly errorCount: number;
  readonly warningCount: number;
  /** Problems of severity 'info': worth knowing, nothing wrong. */
  readonly infoCount: number;
  readonly problems: readonly Problem[];
}
