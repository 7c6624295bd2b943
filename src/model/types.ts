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

/** The registers every producer's vCPU notes hold. 64-bit registers are exact BigInts. */
interface CommonCpuRegisters {
  readonly general: Readonly<Record<'rax' | 'rbx' | 'rcx' | 'rdx' | 'rsi' | 'rdi' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15' | 'rip' | 'rsp' | 'rbp' | 'rflags', bigint>>;
  readonly segments: Readonly<Record<'cs' | 'ds' | 'es' | 'fs' | 'gs' | 'ss' | 'ldtr' | 'tr', SegmentRegister>>;
  readonly control: Readonly<Record<'cr0' | 'cr2' | 'cr3' | 'cr4', bigint>>;
  readonly gdtr: DescriptorTableRegister;
  readonly idtr: DescriptorTableRegister;
}

/** A VBCPU note: the DBGFCORECPU prefix every layout shares, and the tail of known layouts. */
export interface VirtualBoxCpuRegisters extends CommonCpuRegisters {
  readonly producer: 'virtualbox';
  readonly debug: readonly bigint[];
  readonly sysenter: Readonly<Record<'cs' | 'eip' | 'esp', bigint>>;
  readonly msrs: Readonly<Record<'efer' | 'star' | 'pat' | 'lstar' | 'cstar' | 'sfmask' | 'kernelGsBase' | 'apicBase', bigint>>;
  /** The fields after the prefix; null when the note's size is not a layout vboxcore knows. */
  readonly extended: ExtendedCpuState | null;
}

/** A QEMU note (QEMUCPUState): no EFER, no other MSRs, no debug or FPU registers. */
export interface QemuCpuRegisters extends CommonCpuRegisters {
  readonly producer: 'qemu';
  /** QEMUCPUState's version and size fields (QEMU writes 1 and 0x1b8). */
  readonly stateVersion: number;
  readonly stateSize: number;
  /** IA32_KERNEL_GS_BASE; null in notes written before QEMU 4.2. */
  readonly kernelGsBase: bigint | null;
  /**
   * EFER.LMA, which the note does not hold: QEMU writes e_machine EM_X86_64 exactly when the
   * first vCPU is in long mode, so this is the dump's e_machine, for every vCPU.
   */
  readonly longModeActive: boolean;
}

export type CpuRegisters = VirtualBoxCpuRegisters | QemuCpuRegisters;

/** Which DBGFCORECPU layout a VBCPU note has, named by its size. */
export type CpuLayoutName = 'dbgfcorecpu-0x2230' | 'dbgfcorecpu-0x2240' | 'dbgfcorecpu-0x2248';

/** FPU/SSE state and the fields that moved between DBGFCORECPU versions. */
export interface ExtendedCpuState {
  readonly layout: CpuLayoutName;
  /** IA32_TSC_AUX; null in layouts before format 0x00010006. */
  readonly tscAux: bigint | null;
  /** XCR0 and XCR1; null in the 0x2230 layout, which does not store them. */
  readonly xcr0: bigint | null;
  readonly xcr1: bigint | null;
  /** Bytes of the XSAVE area holding state (cbExt); null in the 0x2230 layout. */
  readonly xsaveSize: number | null;
  /** Offset of the XSAVE area inside the descriptor. */
  readonly xsaveOffset: number;
  readonly fpu: {
    readonly fcw: number;
    readonly fsw: number;
    readonly ftw: number;
    readonly fop: number;
    readonly mxcsr: number;
    readonly mxcsrMask: number;
  };
  /** XSAVE header: the state components present, and the compaction bitmap. */
  readonly xstateBv: bigint;
  readonly xcompBv: bigint;
  /** XMM0-XMM15 as 128-bit values. */
  readonly xmm: readonly bigint[];
}

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
  readonly problems: readonly Problem[];
}
