/**
 * The catalogue of everything vboxcore can find wrong with a dump or a request. Codes are
 * stable: scripts may match on them. The README's error table is printed from this list
 * (`npm run codes`), so the two cannot drift apart.
 */

/** 'info': worth knowing, nothing wrong (a note of a known modified VirtualBox, stepped over). */
export type Severity = 'error' | 'warning' | 'info';

/**
 * 0 success; 1 the dump is invalid, the data asked for is not in it, or an output could not be
 * written; 2 usage errors or unreadable input; 130 interrupted (Ctrl-C), nothing left behind.
 */
export type ExitStatus = 0 | 1 | 2 | 130;

/** What a problem code means and what to do about it. */
export interface ProblemDefinition {
  /** How bad it is. */
  readonly severity: Severity;
  /** True when no dump model can be built past this problem. */
  readonly fatal: boolean;
  /** The CLI's exit status when this problem ends a command. */
  readonly exitStatus: ExitStatus;
  /** What it means, in a sentence. */
  readonly meaning: string;
  /** What to do about it. */
  readonly remedy: string;
}

function error(meaning: string, remedy: string, fatal = false): ProblemDefinition {
  return { severity: 'error', fatal, exitStatus: 1, meaning, remedy };
}

function warning(meaning: string, remedy: string): ProblemDefinition {
  return { severity: 'warning', fatal: false, exitStatus: 0, meaning, remedy };
}

function info(meaning: string, remedy: string): ProblemDefinition {
  return { severity: 'info', fatal: false, exitStatus: 0, meaning, remedy };
}

function usage(meaning: string, remedy: string): ProblemDefinition {
  return { severity: 'error', fatal: true, exitStatus: 2, meaning, remedy };
}

const CATALOGUE = {
  // Input and usage
  FILE_UNREADABLE: usage('The file cannot be opened or read (missing, a directory, no permission, I/O error).', 'Check the path and permissions.'),
  INVALID_ARGUMENT: usage('A command-line or API argument is malformed (address, length, CPU number...).', 'See `vboxcore help <command>`.'),
  READ_TOO_LARGE: usage('A single read asks for more bytes than vboxcore reads into memory at once.', 'Read in smaller pieces (at most 256 MiB); the CLI streams any length with read --raw.'),

  // Remote dumps (HTTP(S), S3)
  REMOTE_UNREACHABLE: usage('The server holding the dump cannot be reached (refused, reset, name not found, too many redirects), after the retries.', 'Check the address and the network; `vboxcore view` stops serving when it is stopped.'),
  REMOTE_TIMEOUT: usage('The server holding the dump did not answer a request in time (headers and body), after the retries.', 'Try again later, or give more time (timeout option).'),
  REMOTE_NOT_FOUND: usage('The server has no such dump (HTTP 404, S3 NoSuchKey or NoSuchBucket).', 'Check the address, bucket and key.'),
  REMOTE_FORBIDDEN: usage('The server refuses to give the dump (HTTP 401 or 403): credentials are missing, wrong or not allowed to read it.', 'Give credentials that may read the object (for S3: the standard AWS chain: environment, profile, SSO or instance role).'),
  REMOTE_BAD_RESPONSE: usage('The server\'s answer is not what was asked for: another status, another byte range (Content-Range), another length, a body too long or too short, or no support for byte ranges.', 'The server or a proxy is broken or hostile; nothing of the answer was used.'),
  REMOTE_CHANGED: usage('The dump changed on the server while it was read (another ETag, Last-Modified or size; HTTP 412).', 'Read it again once it no longer changes; bytes of two versions are never mixed.'),

  // ELF header
  EMPTY_FILE: error('The file is empty.', 'The dump was never written: re-run dumpvmcore and check free disk space.', true),
  HEADER_TRUNCATED: error('The file is shorter than the 64-byte ELF64 header.', 'The dump was cut off right at the start; re-run dumpvmcore.', true),
  NOT_ELF: error('The file does not start with the ELF magic 7f 45 4c 46 (the message names the format when it is a known one).', 'This is not a VirtualBox core dump; check that you picked the right file.', true),
  NOT_ELF64: error('The ELF file is not 64-bit (EI_CLASS is not ELFCLASS64).', 'VirtualBox writes ELF64 cores only; QEMU writes ELF32 for a guest outside long mode with no memory above 4 GiB, which vboxcore does not read yet. Otherwise the file came from another tool.', true),
  NOT_LITTLE_ENDIAN: error('The ELF file is not little-endian (EI_DATA is not ELFDATA2LSB).', 'VirtualBox writes little-endian cores only; this file came from another tool.', true),
  NOT_CORE: error('The ELF file is not a core file (e_type is not ET_CORE).', 'This is an executable or library, not a memory dump.', true),
  BAD_PHENTSIZE: error('e_phentsize is not 56, the size of an ELF64 program header.', 'The header is corrupt; the program header table cannot be read.', true),
  NO_PROGRAM_HEADERS: error('e_phnum is 0: the file describes no segments.', 'The header is corrupt or the dump was never finished.', true),
  PROGRAM_HEADERS_OVERLAP: error('The program header table overlaps the ELF header (e_phoff below 64).', 'The header is corrupt.', true),
  PROGRAM_HEADERS_BEYOND_EOF: error('The program header table lies (partly) beyond the end of the file.', 'The dump is truncated or the header is corrupt.', true),
  VALUE_NOT_SAFE_INTEGER: error('A 64-bit field holds a value of 2^53 or more, beyond what vboxcore handles exactly.', 'The field is corrupt; no real guest has such addresses or sizes.'),
  UNEXPECTED_MACHINE: warning('e_machine is neither EM_X86_64 nor EM_386.', 'Check that this dump comes from VirtualBox.'),

  // Program headers and ranges
  NO_NOTE_SEGMENT: error('There is no PT_NOTE segment, so no VBCORE descriptor and no vCPU state.', 'This is not a VirtualBox core, or its header table is corrupt.'),
  MULTIPLE_NOTE_SEGMENTS: error('There is more than one PT_NOTE segment; VirtualBox writes exactly one.', 'The header table is corrupt or the file was written by another tool; only the first is read.'),
  NOTE_SEGMENT_NOT_FIRST: warning('The PT_NOTE is not the first program header, unlike VirtualBox.', 'The file was probably rewritten by another tool.'),
  UNEXPECTED_SEGMENT_TYPE: warning('A program header is neither PT_LOAD nor PT_NOTE; it is ignored.', 'The file was probably written or edited by another tool.'),
  BAD_FILESZ: error('A PT_LOAD has p_filesz neither 0 (MMIO) nor p_memsz.', 'The header is corrupt; only the bytes present are used, the rest of the range is a hole.'),
  EMPTY_RANGE: warning('A PT_LOAD has p_memsz 0.', 'Harmless: the range holds nothing.'),
  RANGE_ABOVE_PHYSICAL_LIMIT: error('A range reaches above 2^52, the largest x86 physical address.', 'The header is corrupt.'),
  RANGES_UNSORTED: error('The PT_LOAD ranges are not in ascending physical order, unlike VirtualBox.', 'vboxcore sorts them; the file was rewritten or corrupted.'),
  RANGES_OVERLAP: error('Two PT_LOAD ranges cover the same physical addresses.', 'Addresses in the overlap would be ambiguous; the header table is corrupt.', true),
  SEGMENT_OVERLAPS_HEADERS: error('A segment\'s bytes overlap the ELF header or the program header table.', 'The header is corrupt; header bytes would be read as memory. The segment is ignored.'),
  TRUNCATED_DUMP: error('The file ends before the data of one or more ranges: the dump is truncated.', 'Re-run dumpvmcore with enough free disk space; the named ranges lose data.'),
  BAD_SECTION_HEADERS: warning('The section header table or a section lies (partly) beyond the end of the file, or e_shentsize is not 64.', 'Nothing vboxcore reads depends on sections; the header or the file end is damaged.'),
  TRAILING_DATA: warning('The file continues past the end of the last segment and section.', 'Harmless for reading; the file may have been appended to.'),

  // Notes
  NOTE_SEGMENT_BEYOND_EOF: error('The PT_NOTE segment lies (partly) beyond the end of the file.', 'The dump is truncated or the header is corrupt; the notes before the end are read, the rest of the vCPU state is lost.'),
  DUMP_STOPPED_AFTER_DESCRIPTOR: error('The file ends right after the VBCORE note: VirtualBox wrote the headers and the core descriptor, then stopped. VirtualBox 7.1 and later do this when dumping an ARM guest (the VM aborts).', 'There are no registers and no memory to read; VirtualBox cannot dump ARM guests this way (use the guest\'s own tools, or a VirtualBox that supports it).'),
  NOTE_SEGMENT_TOO_LARGE: error('The PT_NOTE segment is larger than any VirtualBox writes (16 MiB).', 'The header is corrupt; notes are not read.'),
  NOTE_BEYOND_SEGMENT: error('A note record runs past the end of the PT_NOTE segment.', 'The note header is corrupt (n_namesz or n_descsz too large).'),
  FOREIGN_CORE: error('The file is an ELF core from a producer vboxcore does not read (Linux kdump, Xen, a process), not a VirtualBox or QEMU guest core.', 'Use a tool for that format; vboxcore reads VirtualBox and QEMU guest cores.', true),
  NOTE_NAME_NOT_TERMINATED: warning('A note name is not followed by its NUL terminator.', 'The note header is probably corrupt; the name is read by n_namesz.'),
  TOO_MANY_NOTES: error('The PT_NOTE segment holds more notes than any VirtualBox dump (1 + 4096); the rest are not read.', 'The note segment is corrupt (often an n_descsz or p_filesz that is wrong).'),
  VBCORE_MISSING: error('There is no VBCORE note (the core descriptor).', 'This is not a VirtualBox core, or its notes are corrupt.'),
  VBCORE_NOT_FIRST: error('The VBCORE note is not the first note.', 'The notes were rewritten or corrupted.'),
  NOTE_TYPE_MISMATCH: error('A note named VBCORE or VBCPU has the wrong n_type.', 'The note header is corrupt.'),
  DESCRIPTOR_TOO_SHORT: error('The VBCORE descriptor is shorter than 24 bytes.', 'The note is corrupt; version and CPU count are unknown.'),
  BAD_MAGIC: error('The VBCORE descriptor magic is not 0xc01ac0de.', 'The descriptor is corrupt or the file is not from VirtualBox.'),
  UNSUPPORTED_FORMAT_FAMILY: error('The core format version is not in the 0x0001xxxx family VirtualBox writes.', 'The descriptor is corrupt or from a future, incompatible VirtualBox.'),
  UNKNOWN_FORMAT_VERSION: warning('The core format version is in the 0x0001xxxx family but not one a release wrote that vboxcore knows.', 'Memory is read as usual; VBCPU notes are decoded only when their size is a released layout\'s. Update vboxcore.'),
  BAD_DESCRIPTOR_SIZE: error('cbSelf in the VBCORE descriptor is not 24.', 'The descriptor is corrupt.'),
  NO_CPUS: error('cCpus in the VBCORE descriptor is 0.', 'The descriptor is corrupt; a VM has at least one vCPU.'),
  CPU_COUNT_MISMATCH: error('cCpus in the VBCORE descriptor differs from the number of VBCPU notes.', 'The notes are corrupt or truncated; vCPU state may be incomplete.'),
  CPU_NOTE_TOO_SHORT: warning('A vCPU note (VBCPU, or QEMU\'s QEMUCPUState) is too short for the registers of its format.', 'That vCPU\'s registers are not decoded; give --mode and --cr3 for virtual addresses.'),
  CPU_LAYOUT_UNKNOWN: warning('A VBCPU note has a size no VirtualBox release wrote, and the format version names no layout that fits it.', 'That vCPU\'s registers are not decoded; give --mode and --cr3 for virtual addresses.'),
  CPU_LAYOUT_INFERRED: warning('A VBCPU note has a size no VirtualBox release wrote; it is decoded as the format version\'s layout, with the XSAVE area in the last 8 KiB.', 'The registers are an inference: check them (CR3, EFER) before trusting a page walk.'),
  CPU_LAYOUT_VERSION_MISMATCH: warning('A VBCPU note\'s size is that of another format version than the descriptor states.', 'The note is decoded by its size, which names exactly one released layout.'),
  QEMU_PAGING_DUMP: error('A QEMU paging dump (dump-guest-memory -p): its segments are the guest\'s virtual mappings, not its physical memory.', 'Dump again without -p (dump-guest-memory writes the physical memory then), or use a tool for virtual-memory dumps.', true),
  QEMU_CPU_STATE_VERSION: warning('A QEMU note\'s QEMUCPUState version is not 1, the only version QEMU has written.', 'Decoded as version 1: QEMU appends fields without changing the version.'),
  QEMU_CPU_STATE_SIZE_MISMATCH: warning('A QEMU note\'s QEMUCPUState.size differs from the note\'s n_descsz.', 'The note is decoded by its n_descsz; the note header or the state is corrupt.'),
  QEMU_CPU_NOTES_MISMATCH: warning('A QEMU core has not as many NT_PRSTATUS notes as QEMU notes (QEMU writes one of each per vCPU).', 'Registers come from the QEMU notes; the notes are corrupt or truncated.'),
  QEMU_NOTES_DISAGREE: warning('The NT_PRSTATUS and QEMU notes of one vCPU disagree (vCPU number, instruction or stack pointer).', 'Registers come from the QEMU note; the notes were edited or corrupted.'),
  UNKNOWN_NOTE: warning('A note is neither VBCORE nor VBCPU; it is skipped.', 'The file was probably written by another tool.'),
  UNKNOWN_NOTE_TYPE: info('A note named VBCPU has a type other than NT_VBOXCPU (a modified VirtualBox adds one of type 0xbeef per vCPU); it is stepped over.', 'Nothing to do: the vCPU\'s registers come from its NT_VBOXCPU note.'),

  // Export
  OUTPUT_EXISTS: usage('The output file already exists.', 'Choose another name, or pass --force to replace it.'),
  OUTPUT_NOT_REGULAR: usage('The output path is a symbolic link, a device, a FIFO, a socket or a folder.', 'Give the path of a regular file (or of none yet); vboxcore never writes through links or over special files, even with --force.'),
  RANGES_IGNORED: error('Some PT_LOADs of the dump were left out when it was read (unusable headers), so an export would miss their data.', 'Fix or re-create the dump, or pass --allow-truncated to export the rest without them.'),
  OUTPUT_IS_INPUT: usage('The output path names the dump itself.', 'Write the export to another file; the dump is never modified.'),
  WRITE_FAILED: { severity: 'error', fatal: true, exitStatus: 1, meaning: 'Writing the output failed (disk full, I/O error, permissions, a missing folder, a closed standard output); any partial output was removed.', remedy: 'Free space or pick another place, then export again.' },
  VERIFY_FAILED: { severity: 'error', fatal: true, exitStatus: 1, meaning: 'The written output does not read back as the dump\'s bytes; it was removed.', remedy: 'Check the disk and export again; report it if it repeats.' },
  NATIVE_ENGINE_UNAVAILABLE: usage('The native copy engine was asked for (--engine native) but is not built or does not load here.', 'Run `npm rebuild vboxcore` where the package is installed, or `make build` in a clone (both need a C compiler and Node\'s headers), or leave --engine at auto.'),
  EXPORT_ABORTED: { severity: 'error', fatal: true, exitStatus: 130, meaning: 'The export was interrupted (Ctrl-C or an AbortSignal); the partial output was removed.', remedy: 'Run the export again.' },

  // Reading
  PHYSICAL_HOLE: error('The physical addresses asked for are not backed by data in the file (a gap, an MMIO range, or a truncated range).', 'Ask for other addresses, or ask for zeros in holes (--zero-holes).'),
  UNMAPPED_ADDRESS: error('The physical address is not inside any range of the dump.', 'See `vboxcore info` for the ranges.'),
  PAGE_FAULT: error('The virtual address is not mapped: a page-table entry on the way is not present or sets reserved bits (bit 63 without EFER.NXE, for one), or a table is not in the dump.', 'See `vboxcore vtop` for the walk and `vboxcore maps` for what is mapped; --zero-holes reads unmapped bytes as zeros.'),
  NON_CANONICAL_ADDRESS: error('The virtual address is not canonical in this paging mode (4- and 5-level paging translate only sign-extended addresses).', 'Use a sign-extended address (bits 63 down to 47, or 56 with LA57, all equal).'),
  ADDRESS_OUTSIDE_WIDTH: error('The virtual address is wider than this paging mode translates: 32 bits with paging off (outside long mode), in 32-bit and in PAE paging.', 'Use an address below 4 GiB, or another --mode if the vCPU was in long mode.'),
  PAGING_DISABLED: error('The vCPU runs with paging off (CR0.PG = 0), so there are no page tables to list.', 'Virtual addresses equal physical ones: use --paddr, or give --mode and --cr3.'),
  KERNEL_NOT_FOUND: error('No guest kernel was named from the CPU state, so there is no kernel page-table root or image base to hand to another tool.', 'See `vboxcore info` for why (Kernel: not named ...); for a 5-level guest, Volatility 3 reads 4-level page tables only.'),
  CPU_STATE_UNAVAILABLE: error('The vCPU\'s registers are not decoded, so its paging mode and CR3 are unknown.', 'Give --mode and --cr3 yourself (see `vboxcore validate` for why the registers are missing).'),
} as const satisfies Record<string, ProblemDefinition>;

/** Every stable error, warning and info code (the README's error table lists them). */
export type ProblemCode = keyof typeof CATALOGUE;

/** Each code's severity, exit status, meaning and remedy. */
export const PROBLEMS: Readonly<Record<ProblemCode, ProblemDefinition>> = CATALOGUE;

/** The definition of one code. */
export function problemDefinition(code: ProblemCode): ProblemDefinition {
  return PROBLEMS[code];
}

/** One thing wrong with a dump, with where it is. */
export interface Problem {
  /** The stable code. */
  readonly code: ProblemCode;
  /** The code's severity. */
  readonly severity: Severity;
  /** What is wrong, where, and what was expected, in words. */
  readonly message: string;
  /** Absolute file offset of the offending bytes, when there is one. */
  readonly fileOffset: number | null;
  /** The field at fault, as `structure.field` with the C name (for example `program_header[3].p_filesz`). */
  readonly field: string | null;
  /** Structured facts behind the message (sizes, ranges), for --json. */
  readonly details?: Readonly<Record<string, unknown>>;
}
