import type { PagingMode } from '../address-space/paging';

/** Which kernel a guest ran, as far as the dump shows it, and how that was found. */
export interface KernelIdentity {
  /** 'linux', 'windows', or null when no kernel was found (see `reason`). */
  readonly os: 'linux' | 'windows' | null;
  /** Linux: the kernel release (6.1.0-28-cloud-amd64). Windows: null (the image holds no version string; see `pe`). */
  readonly release: string | null;
  /** Linux: the version banner in the kernel's memory ("Linux version ..."), null when not read. */
  readonly banner: string | null;
  /** Virtual address of the kernel image: Linux's _text, the Windows kernel's image base. */
  readonly virtualBase: bigint | null;
  /** Linux: _text less its link address 0xffffffff81000000 (KASLR's slide; the default CONFIG_PHYSICAL_START assumed). */
  readonly kaslrSlide: bigint | null;
  /** The page-table root (DTB) the kernel image was read through: a kernel CR3 (KPTI's user copy never). */
  readonly kernelCr3: bigint | null;
  /** The paging mode of those tables; null where no tables were walked (VMCOREINFO alone). */
  readonly pagingMode: PagingMode | null;
  /** The vCPU whose registers led to the kernel. */
  readonly cpu: number | null;
  /** The kernel address the search started from: LSTAR (the system-call entry) or an IDT gate. */
  readonly entry: KernelEntry | null;
  /** How the kernel was found, in words, step by step. */
  readonly foundBy: readonly string[];
  /** Windows: what the PE headers and the CodeView record say. */
  readonly pe: PeIdentity | null;
  /** Set where this part is not checked against a real guest of that OS. */
  readonly unverified: string | null;
  /** Why no kernel was named (os null). */
  readonly reason: string | null;
}

/** A kernel image's PE headers and the PDB its symbols are in. */
export interface PeIdentity {
  /** IMAGE_FILE_HEADER.Machine (0x8664 for x86-64). */
  readonly machine: number;
  /** IMAGE_FILE_HEADER.TimeDateStamp. */
  readonly timeDateStamp: number;
  /** IMAGE_OPTIONAL_HEADER.SizeOfImage. */
  readonly sizeOfImage: number;
  /** The image's sections by name, with their RVAs and sizes. */
  readonly sections: readonly PeSection[];
  /** The CodeView record, or null when the debug directory has none in memory. */
  readonly codeView: {
    /** The PDB's file name as the linker wrote it (ntkrnlmp.pdb). */
    readonly pdbName: string;
    /** The GUID, formatted {8-4-4-4-12}, upper case. */
    readonly guid: string;
    /** The PDB's age. */
    readonly age: number;
    /** The key a symbol server and Volatility 3 use: GUID digits then the age in hex, upper case. */
    readonly symbolId: string;
  } | null;
}

/** A kernel address taken from the CPU state. */
export interface KernelEntry {
  /** Where it was read: LSTAR, or an IDT gate's handler. */
  readonly register: 'lstar' | 'idt';
  /** The address. */
  readonly address: bigint;
}

/** One section of a PE image. */
export interface PeSection {
  /** Its name (.text, PAGE, KVASCODE, INIT, ...). */
  readonly name: string;
  /** Its RVA. */
  readonly virtualAddress: number;
  /** Its size in memory. */
  readonly virtualSize: number;
}
