/**
 * The dump model as plain data: what `vboxcore info --json` prints and what the library
 * returns. Every number here has been checked to be a safe integer.
 */
import { Problem } from '../problems';

/** The ELF header as read. */
export interface ElfHeaderInfo {
  /** e_ident[EI_CLASS]: 2 (ELF64) in every core vboxcore reads. */
  readonly fileClass: number;
  /** e_ident[EI_DATA]: 1 (little-endian). */
  readonly dataEncoding: number;
  /** e_ident[EI_VERSION]: 0 in every VirtualBox core. */
  readonly identVersion: number;
  /** e_ident[EI_OSABI]. */
  readonly osAbi: number;
  /** e_type: 4 (ET_CORE) for a core. */
  readonly type: number;
  /** e_type in words ("CORE"). */
  readonly typeName: string;
  /** e_machine: the host's architecture in a VirtualBox core, the guest's in a QEMU core. */
  readonly machine: number;
  /** e_machine in words ("x86-64"). */
  readonly machineName: string;
  /** e_version. */
  readonly version: number;
  /** e_entry; null where it is not a safe integer. */
  readonly entry: number | null;
  /** e_phoff: file offset of the program header table. */
  readonly programHeaderOffset: number;
  /** e_shoff: file offset of the section header table; null where it is not a safe integer. */
  readonly sectionHeaderOffset: number | null;
  /** e_flags. */
  readonly flags: number;
  /** e_ehsize: 64 for ELF64. */
  readonly headerSize: number;
  /** e_phentsize: 56 for ELF64. */
  readonly programHeaderEntrySize: number;
  /** The number of program headers: e_phnum, or section 0's sh_info under PN_XNUM. */
  readonly programHeaderCount: number;
  /** e_shentsize. */
  readonly sectionHeaderEntrySize: number;
  /** e_shnum. */
  readonly sectionHeaderCount: number;
  /** e_shstrndx. */
  readonly sectionNameIndex: number;
}

/** One program header as read. */
export interface ProgramHeaderInfo {
  /** Position in the program header table. */
  readonly index: number;
  /** File offset of this 56-byte entry. */
  readonly entryOffset: number;
  /** p_type. */
  readonly type: number;
  /** p_type in words ("LOAD", "NOTE"). */
  readonly typeName: string;
  /** p_flags (PF_R 4, PF_W 2, PF_X 1). */
  readonly flags: number;
  /** p_offset; null (as for the fields below) where the field is not a safe integer. */
  readonly fileOffset: number | null;
  /** p_vaddr: 0 in VirtualBox cores. */
  readonly virtualAddress: number | null;
  /** p_paddr: the guest-physical address of the range. */
  readonly physicalAddress: number | null;
  /** p_filesz: bytes in the file (0 for MMIO ranges). */
  readonly fileSize: number | null;
  /** p_memsz: bytes of guest-physical address space. */
  readonly memorySize: number | null;
  /** p_align. */
  readonly align: number | null;
}

/** The VirtualBox version that wrote a dump, from the VBCORE descriptor. */
export interface VirtualBoxVersion {
  /** Major version (7 in 7.0.14). */
  readonly major: number;
  /** Minor version (0 in 7.0.14). */
  readonly minor: number;
  /** Build number (14 in 7.0.14). */
  readonly build: number;
  /** "5.0.16" */
  readonly text: string;
}

/** The VBCORE note's DBGFCOREDESCRIPTOR. */
export interface CoreDescriptorInfo {
  /** File offset of the descriptor (the note's payload). */
  readonly fileOffset: number;
  /** u32Magic: 0xc01ac0de. */
  readonly magic: number;
  /** u32FmtVersion: picks the VBCPU layout. */
  readonly formatVersion: number;
  /** True for the format versions this release knows (0x00010000 to 0x00010006). */
  readonly formatKnown: boolean;
  /** cbSelf: the descriptor's own size. */
  readonly descriptorSize: number;
  /** u32VBoxVersion, split into its parts. */
  readonly vboxVersion: VirtualBoxVersion;
  /** u32VBoxRevision: the source revision of the build. */
  readonly vboxRevision: number;
  /** cCpus: the number of vCPUs, one VBCPU note each. */
  readonly cpuCount: number;
}

/** A segment register with its hidden (cached descriptor) parts. */
export interface SegmentRegister {
  /** The visible selector. */
  readonly selector: number;
  /** The hidden base address. */
  readonly base: bigint;
  /** The hidden limit, in bytes, granularity applied. */
  readonly limit: number;
  /**
   * Attribute bits in the VMX access-rights layout VirtualBox stores (type 0-3, S 4, DPL 5-6,
   * P 7, AVL 12, L 13, D/B 14, G 15, unusable 16); QEMU's descriptor-position flags are
   * shifted into it.
   */
  readonly attributes: number;
}

/** GDTR or IDTR. */
export interface DescriptorTableRegister {
  /** Linear address of the table. */
  readonly base: bigint;
  /** The table's limit (its size in bytes less 1). */
  readonly limit: number;
}

/** Which program wrote a dump, told by its notes. 'unknown': the notes name neither (VirtualBox's rules apply). */
export type Producer = 'virtualbox' | 'qemu' | 'unknown';

/** The general registers every producer's vCPU notes hold, rflags aside. */
export type GeneralRegisterName = 'rax' | 'rbx' | 'rcx' | 'rdx' | 'rsi' | 'rdi' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15' | 'rip' | 'rsp' | 'rbp';

/** The registers every producer's vCPU notes hold. 64-bit registers are exact BigInts. */
interface CommonCpuRegisters {
  /** rflags is null where a layout does not store it (VirtualBox formats 0x10002 and 0x10003). */
  readonly general: Readonly<Record<GeneralRegisterName, bigint>> & {
    /** null where the layout does not store it. */
    readonly rflags: bigint | null;
  };
  /** The six segment registers, LDTR and TR. */
  readonly segments: Readonly<Record<'cs' | 'ds' | 'es' | 'fs' | 'gs' | 'ss' | 'ldtr' | 'tr', SegmentRegister>>;
  /** CR0, CR2, CR3 (the page-table base the virtual address space starts from) and CR4. */
  readonly control: Readonly<Record<'cr0' | 'cr2' | 'cr3' | 'cr4', bigint>>;
  /** The global descriptor table register. */
  readonly gdtr: DescriptorTableRegister;
  /** The interrupt descriptor table register. */
  readonly idtr: DescriptorTableRegister;
}

/** The structures VirtualBox has written into VBCPU notes. */
export type CpuStructure = 'DBGFCORECPU' | 'CPUMCTX';

/** Which layout a VBCPU note was decoded with, and why. */
export interface CpuLayoutInfo {
  /** A stable name: `dbgfcorecpu-0x10006`, `cpumctx-4.2`, ... */
  readonly name: string;
  /** The C structure VirtualBox copied into the note. */
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
  /** x87 control word. */
  readonly fcw: number;
  /** x87 status word. */
  readonly fsw: number;
  /** x87 tag word, abridged (one bit per register) as FXSAVE stores it. */
  readonly ftw: number;
  /** Last x87 opcode. */
  readonly fop: number;
  /** Last x87 instruction pointer (FPUIP: the low 32 bits, as FXSAVE without REX.W stores it). */
  readonly fpuIp: number;
  /** Its code selector (FPU CS). */
  readonly fpuCs: number;
  /** Last x87 data pointer (FPUDP, low 32 bits). */
  readonly fpuDp: number;
  /** Its data selector (FPU DS). */
  readonly fpuDs: number;
  /** SSE control and status. */
  readonly mxcsr: number;
  /** The MXCSR bits the CPU supports. */
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
  /**
   * YMM0-15 whole, 256 bits each (XMM's low half joined with AVX's upper half), where XSTATE_BV
   * marks AVX present, the area is in the standard format and cbExt reaches it; else null.
   */
  readonly ymm: readonly bigint[] | null;
  /** AVX-512's opmask registers k0-k7, under the same conditions; else null. */
  readonly opmask: readonly bigint[] | null;
  /** ZMM0-31 whole, 512 bits each, where AVX, ZMM_Hi256 and Hi16_ZMM are all present; else null. */
  readonly zmm: readonly bigint[] | null;
}

/**
 * A VBCPU note's registers. A field the layout does not store is null, never 0: formats 0x10002
 * and 0x10003 have no rflags and keep only SYSENTER_ESP; CPUMCTX has no XSAVE area, 4.0-4.2 no
 * APIC base, the 5.0 betas no FPU state; TSC_AUX came with format 0x10006.
 */
export interface VirtualBoxCpuRegisters extends CommonCpuRegisters {
  /** Written by VirtualBox (a VBCPU note). */
  readonly producer: 'virtualbox';
  /** The layout the note was decoded with, and why. */
  readonly layout: CpuLayoutInfo;
  /** DR0-DR7 (DR4 and DR5 as stored, which VirtualBox keeps at 0). */
  readonly debug: readonly bigint[];
  /** The SYSENTER MSRs. */
  readonly sysenter: {
    /** IA32_SYSENTER_CS; null where the layout does not keep it. */
    readonly cs: bigint | null;
    /** IA32_SYSENTER_EIP; null where the layout does not keep it. */
    readonly eip: bigint | null;
    /** IA32_SYSENTER_ESP. */
    readonly esp: bigint;
  };
  /** The MSRs VirtualBox stores. */
  readonly msrs: Readonly<Record<'efer' | 'star' | 'pat' | 'lstar' | 'cstar' | 'sfmask' | 'kernelGsBase', bigint>> & {
    /** IA32_APIC_BASE; null in 4.0-4.2's CPUMCTX. */
    readonly apicBase: bigint | null;
    /** IA32_TSC_AUX; null before format 0x10006. */
    readonly tscAux: bigint | null;
  };
  /** The extended control registers; null in layouts without them. */
  readonly xcr: {
    /** XCR0: the state components XSAVE manages. */
    readonly xcr0: bigint;
    /** XCR1. */
    readonly xcr1: bigint;
  } | null;
  /** The FXSAVE image; null in the 5.0 betas' CPUMCTX. */
  readonly fpu: FpuState | null;
  /** The XSAVE area; null in CPUMCTX layouts. */
  readonly xsave: XsaveState | null;
}

/** A QEMU note (QEMUCPUState): no EFER, no other MSRs, no debug or FPU registers. */
export interface QemuCpuRegisters extends CommonCpuRegisters {
  /** Written by QEMU (a QEMU note). */
  readonly producer: 'qemu';
  readonly general: Readonly<Record<GeneralRegisterName | 'rflags', bigint>>;
  /** QEMUCPUState's version and size fields (QEMU writes 1 and 0x1b8). */
  readonly stateVersion: number;
  /** QEMUCPUState's size field. */
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

/** A vCPU's registers, told apart by `producer`. */
export type CpuRegisters = VirtualBoxCpuRegisters | QemuCpuRegisters;

/** One vCPU's note and its decoded registers. */
export interface CpuNoteInfo {
  /** The vCPU's number, in note order. */
  readonly index: number;
  /** The note the registers come from: VBCPU, or QEMU's "QEMU" note. */
  readonly noteOffset: number;
  /** File offset of the note's payload (the register block). */
  readonly descriptorOffset: number;
  /** n_descsz: the payload's size, which (with the format version) picks the layout. */
  readonly descriptorSize: number;
  /** null when the layout is not decoded (see the problems for why). */
  readonly registers: CpuRegisters | null;
}

/** What a range probably is. The file does not say: see `inferRangeKind` for the rule. */
export type RangeKind = 'ram' | 'vram' | 'rom' | 'device' | 'mmio';

/** One guest-physical range: a PT_LOAD, checked. */
export interface PhysicalRange {
  /** Index of the range among the PT_LOADs, in program header order. */
  readonly index: number;
  /** Index of its program header. */
  readonly programHeaderIndex: number;
  /** First guest-physical address (p_paddr). */
  readonly physicalStart: number;
  /** Exclusive end. */
  readonly physicalEnd: number;
  /** Bytes of address space (p_memsz). */
  readonly size: number;
  /** Where its bytes start in the file (p_offset). */
  readonly fileOffset: number;
  /** Bytes of the range the program header says are in the file (p_filesz, capped at p_memsz). */
  readonly declaredFileBytes: number;
  /** Bytes actually present: less than declaredFileBytes when the file is truncated. */
  readonly presentBytes: number;
  /** What the range probably is (inferred). */
  readonly kind: RangeKind;
  /** Why the kind was inferred, in words. */
  readonly kindReason: string;
  /** Consecutive RAM chunks (contiguous in address and file offset) share a region number. */
  readonly region: number;
}

/** A run of consecutive ranges that is one piece of guest memory (large RAM is split in chunks). */
export interface PhysicalRegion {
  /** The region's number, shared by its ranges. */
  readonly region: number;
  /** The kind its ranges share. */
  readonly kind: RangeKind;
  /** First guest-physical address. */
  readonly physicalStart: number;
  /** Exclusive end. */
  readonly physicalEnd: number;
  /** Bytes of address space. */
  readonly size: number;
  /** Bytes of it whose data is in the file. */
  readonly presentBytes: number;
  /** The ranges it is made of. */
  readonly rangeIndexes: readonly number[];
}

/**
 * How much memory the dump describes, and how much of it is there: the guest's RAM size as the
 * dump shows it, and what a truncated file lost. Kinds are inferred (see `inferRangeKind`).
 */
export interface MemoryTotals {
  /** Guest-physical bytes the ranges cover, every kind. */
  readonly addressSpaceBytes: number;
  /** The same, by kind of range (`mmio` is device memory with no bytes in the file). */
  readonly byKind: Readonly<Record<RangeKind, number>>;
  /** Bytes of RAM (ranges of kind `ram`). */
  readonly ramBytes: number;
  /** Bytes of RAM whose data is in the file. */
  readonly ramPresentBytes: number;
  /** Bytes of data the file holds for the ranges, every kind. */
  readonly fileDataBytes: number;
  /** Bytes the program headers put in the file that it does not hold (a truncated dump). */
  readonly missingBytes: number;
  /** How many regions (pieces of guest memory) are RAM. */
  readonly ramRegions: number;
}

/** What `validate` says about one file. */
export interface ValidationReport {
  /** The file as named. */
  readonly path: string;
  /** Its size; null when it could not be read at all. */
  readonly fileSize: number | null;
  /** No problem of severity 'error'. */
  readonly valid: boolean;
  /** Problems of severity 'error'. */
  readonly errorCount: number;
  /** Problems of severity 'warning'. */
  readonly warningCount: number;
  /** Problems of severity 'info': worth knowing, nothing wrong. */
  readonly infoCount: number;
  /** Every problem found, errors first, at most 16 per code (then a summary problem). */
  readonly problems: readonly Problem[];
}
