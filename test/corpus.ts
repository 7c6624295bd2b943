/**
 * The malformed-dump corpus: named inputs, each with the error code it must produce and, where it
 * pins it down, the file offset and field. Built on the dump builder; used by validation.test.ts
 * (library), corpus.test.ts (every CLI command) and the fuzzer's seeds.
 */
import * as fs from 'node:fs';
import { buildDump, BuiltDump, DumpLayout, programHeaderOffset } from '../src/builder';
import { ProblemCode } from '../src';
import { foreignCore } from './foreign-cores';
import { qemuCore } from './qemu-cores';
import { readBytes, writeBytes, writeU16, writeU32, writeU64 } from './helpers';

const MIB = 1024 * 1024;
/** The valid dump every mutation starts from: two vCPUs, every kind of range, pattern everywhere. */
export const baseLayout: DumpLayout = {
  cpuCount: 2,
  fill: 'full',
  ranges: [
    { physicalAddress: 0, size: MIB },
    { physicalAddress: 0xe000_0000, size: 64 * 1024 },
    { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true },
    { physicalAddress: 0xffff_0000, size: 64 * 1024 },
    { physicalAddress: 0x1_0000_0000, size: MIB },
  ],
};

export interface CorpusEntry {
  name: string;
  make: () => { file: string; built?: BuiltDump };
  code: ProblemCode;
  /** Where the problem must be reported, when the entry pins it down. */
  at?: (built: BuiltDump) => { fileOffset: number | null; field: string | null };
  /** What the message must say, when it names what the file is. */
  message?: RegExp;
}

/** The corpus, its files created on demand under `place(name)`. */
export function corpus(place: (name: string) => string): CorpusEntry[] {

  // Field offsets inside the structures, as VirtualBox writes them (the builder's own layout).
  const P_TYPE = 0;
  const P_OFFSET = 8;
  const P_PADDR = 24;
  const P_FILESZ = 32;
  const P_MEMSZ = 40;
  const N_DESCSZ = 4;
  const N_TYPE = 8;
  const N_NAME = 12;

  let counter = 0;
  function build(layout: DumpLayout = baseLayout): BuiltDump {
    counter += 1;
    return buildDump(place(`case-${counter}.elf`), layout);
  }

  function fileOf(bytes: Uint8Array): string {
    counter += 1;
    const file = place(`raw-${counter}.bin`);
    fs.writeFileSync(file, bytes);
    return file;
  }

  function elfIdent(fileClass: number, dataEncoding: number, length: number): Buffer {
    const bytes = Buffer.alloc(length);
    bytes.writeUInt32BE(0x7f454c46, 0);
    bytes[4] = fileClass;
    bytes[5] = dataEncoding;
    return bytes;
  }

  function mutated(change: (built: BuiltDump) => void, layout?: DumpLayout): () => { file: string; built: BuiltDump } {
    return () => {
      const built = build(layout);
      change(built);
      return { file: built.path, built };
    };
  }

  function swapProgramHeaders(built: BuiltDump, first: number, second: number): void {
    const firstEntry = readBytes(built.path, programHeaderOffset(built, first), 56);
    writeBytes(built.path, programHeaderOffset(built, first), readBytes(built.path, programHeaderOffset(built, second), 56));
    writeBytes(built.path, programHeaderOffset(built, second), firstEntry);
  }

  function builtWith(layout: DumpLayout): () => { file: string; built: BuiltDump } {
    return mutated(() => undefined, layout);
  }

  const entries: CorpusEntry[] = [
    { name: 'a missing file', make: () => ({ file: place('does-not-exist.elf') }), code: 'FILE_UNREADABLE' },
    { name: 'an empty file', make: () => ({ file: fileOf(Buffer.alloc(0)) }), code: 'EMPTY_FILE' },
    { name: 'an ELF64 ident and nothing else (40 bytes)', make: () => ({ file: fileOf(elfIdent(2, 1, 40)) }), code: 'HEADER_TRUNCATED' },
    { name: 'three bytes', make: () => ({ file: fileOf(Buffer.from('abc')) }), code: 'HEADER_TRUNCATED' },
    { name: 'a text file', make: () => ({ file: fileOf(Buffer.from('this is not a core dump, just some text to fill 64 bytes.......\n')) }), code: 'NOT_ELF', at: () => ({ fileOffset: 0, field: 'e_ident[EI_MAG0..3]' }) },
    { name: 'an ELF32 file', make: () => ({ file: fileOf(elfIdent(1, 1, 52)) }), code: 'NOT_ELF64', at: () => ({ fileOffset: 4, field: 'e_ident[EI_CLASS]' }) },
    { name: 'a big-endian ELF64 file', make: () => ({ file: fileOf(elfIdent(2, 2, 64)) }), code: 'NOT_LITTLE_ENDIAN', at: () => ({ fileOffset: 5, field: 'e_ident[EI_DATA]' }) },
    { name: 'an executable', make: mutated((built) => writeU16(built.path, 16, 2)), code: 'NOT_CORE', at: () => ({ fileOffset: 16, field: 'e_type' }) },
    { name: 'e_machine AArch64', make: mutated((built) => writeU16(built.path, 18, 183)), code: 'UNEXPECTED_MACHINE', at: () => ({ fileOffset: 18, field: 'e_machine' }) },
    { name: 'e_phentsize 64', make: mutated((built) => writeU16(built.path, 54, 64)), code: 'BAD_PHENTSIZE', at: () => ({ fileOffset: 54, field: 'e_phentsize' }) },
    { name: 'e_phnum 0', make: mutated((built) => writeU16(built.path, 56, 0)), code: 'NO_PROGRAM_HEADERS', at: () => ({ fileOffset: 56, field: 'e_phnum' }) },
    { name: 'e_phnum 65535 in a small file', make: mutated((built) => { writeU16(built.path, 56, 65535); fs.truncateSync(built.path, 4096); }), code: 'PROGRAM_HEADERS_BEYOND_EOF', at: () => ({ fileOffset: 32, field: 'e_phoff' }) },
    { name: 'e_phoff near 2^64', make: mutated((built) => writeU64(built.path, 32, 0xffff_ffff_ffff_ff00n)), code: 'VALUE_NOT_SAFE_INTEGER', at: () => ({ fileOffset: 32, field: 'e_phoff' }) },
    { name: 'p_paddr of 2^60', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 5) + P_PADDR, 1n << 60n)), code: 'VALUE_NOT_SAFE_INTEGER', at: (built) => ({ fileOffset: programHeaderOffset(built, 5) + P_PADDR, field: 'program_header[5].p_paddr' }) },
    { name: 'p_offset + p_filesz beyond 2^53', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 5) + P_OFFSET, BigInt(Number.MAX_SAFE_INTEGER - 10))), code: 'VALUE_NOT_SAFE_INTEGER', at: (built) => ({ fileOffset: programHeaderOffset(built, 5) + P_FILESZ, field: 'program_header[5].p_filesz' }) },
    { name: 'no PT_NOTE (its entry made PT_NULL)', make: mutated((built) => writeU32(built.path, programHeaderOffset(built, 0) + P_TYPE, 0)), code: 'NO_NOTE_SEGMENT' },
    { name: 'no PT_NOTE (its entry made a PT_LOAD over the headers)', make: mutated((built) => writeU32(built.path, programHeaderOffset(built, 0) + P_TYPE, 1)), code: 'NO_NOTE_SEGMENT' },
    { name: 'two PT_NOTE', make: mutated((built) => writeU32(built.path, programHeaderOffset(built, 5) + P_TYPE, 4)), code: 'MULTIPLE_NOTE_SEGMENTS', at: (built) => ({ fileOffset: programHeaderOffset(built, 5) + P_TYPE, field: 'program_header[5].p_type' }) },
    {
      name: 'the PT_NOTE after a PT_LOAD',
      make: mutated((built) => swapProgramHeaders(built, 0, 1)),
      code: 'NOTE_SEGMENT_NOT_FIRST',
    },
    { name: 'a PT_PHDR segment', make: mutated((built) => writeU32(built.path, programHeaderOffset(built, 5) + P_TYPE, 6)), code: 'UNEXPECTED_SEGMENT_TYPE', at: (built) => ({ fileOffset: programHeaderOffset(built, 5) + P_TYPE, field: 'program_header[5].p_type' }) },
    { name: 'p_filesz half of p_memsz', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 1) + P_FILESZ, BigInt(MIB / 2))), code: 'BAD_FILESZ', at: (built) => ({ fileOffset: programHeaderOffset(built, 1) + P_FILESZ, field: 'program_header[1].p_filesz' }) },
    { name: 'p_filesz larger than p_memsz', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 1) + P_FILESZ, BigInt(2 * MIB))), code: 'BAD_FILESZ' },
    { name: 'a range of size 0', make: builtWith({ ...baseLayout, ranges: [...baseLayout.ranges, { physicalAddress: 0x2_0000_0000, size: 0 }] }), code: 'EMPTY_RANGE' },
    { name: 'a range above 2^52', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 5) + P_PADDR, 1n << 52n)), code: 'RANGE_ABOVE_PHYSICAL_LIMIT', at: (built) => ({ fileOffset: programHeaderOffset(built, 5) + P_PADDR, field: 'program_header[5].p_paddr' }) },
    {
      name: 'ranges out of order',
      make: mutated((built) => swapProgramHeaders(built, 1, 2)),
      code: 'RANGES_UNSORTED',
    },
    { name: 'overlapping ranges', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 2) + P_PADDR, 0x8_0000n)), code: 'RANGES_OVERLAP' },
    { name: 'duplicate ranges', make: mutated((built) => writeBytes(built.path, programHeaderOffset(built, 2), readBytes(built.path, programHeaderOffset(built, 1), 56))), code: 'RANGES_OVERLAP' },
    { name: 'a dump cut in the middle of its last range', make: mutated((built) => fs.truncateSync(built.path, built.fileSize - 4096)), code: 'TRUNCATED_DUMP' },
    { name: 'bytes appended to a dump', make: mutated((built) => fs.appendFileSync(built.path, Buffer.alloc(100))), code: 'TRAILING_DATA' },
    { name: 'a note segment past EOF', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 0) + P_OFFSET, BigInt(built.fileSize - 16))), code: 'NOTE_SEGMENT_BEYOND_EOF' },
    { name: 'a 32 MiB note segment', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 0) + P_FILESZ, 32n * 1024n * 1024n)), code: 'NOTE_SEGMENT_TOO_LARGE' },
    { name: 'n_descsz 2^32 - 1', make: mutated((built) => writeU32(built.path, built.cpuNoteOffsets[1] + N_DESCSZ, 0xffff_ffff)), code: 'NOTE_BEYOND_SEGMENT', at: (built) => ({ fileOffset: built.cpuNoteOffsets[1], field: 'note[2].n_descsz' }) },
    { name: 'n_namesz 2^31', make: mutated((built) => writeU32(built.path, built.noteSegmentOffset, 0x8000_0000)), code: 'NOTE_BEYOND_SEGMENT' },
    { name: 'VBCORE renamed', make: mutated((built) => writeBytes(built.path, built.noteSegmentOffset + N_NAME, Buffer.from('XBCORE'))), code: 'VBCORE_MISSING' },
    {
      name: 'VBCORE after the VBCPU notes',
      make: mutated((built) => {
        const coreSize = built.cpuNoteOffsets[0] - built.noteSegmentOffset;
        const segment = readBytes(built.path, built.noteSegmentOffset, built.noteSegmentSize);
        writeBytes(built.path, built.noteSegmentOffset, Buffer.concat([segment.subarray(coreSize), segment.subarray(0, coreSize)]));
      }),
      code: 'VBCORE_NOT_FIRST',
    },
    { name: 'VBCORE with n_type NT_VBOXCPU', make: mutated((built) => writeU32(built.path, built.noteSegmentOffset + N_TYPE, 0xb01)), code: 'NOTE_TYPE_MISMATCH', at: (built) => ({ fileOffset: built.noteSegmentOffset + N_TYPE, field: 'note[0].n_type' }) },
    { name: 'a 16-byte VBCORE descriptor', make: mutated((built) => writeU32(built.path, built.noteSegmentOffset + N_DESCSZ, 16)), code: 'DESCRIPTOR_TOO_SHORT' },
    { name: 'a bad magic', make: mutated((built) => writeU32(built.path, built.descriptorOffset, 0xdeadbeef)), code: 'BAD_MAGIC', at: (built) => ({ fileOffset: built.descriptorOffset, field: 'DBGFCOREDESCRIPTOR.u32Magic' }) },
    { name: 'format version 0x00020000', make: mutated((built) => writeU32(built.path, built.descriptorOffset + 4, 0x0002_0000)), code: 'UNSUPPORTED_FORMAT_FAMILY' },
    { name: 'format version 0x00010009', make: mutated((built) => writeU32(built.path, built.descriptorOffset + 4, 0x0001_0009)), code: 'UNKNOWN_FORMAT_VERSION', at: (built) => ({ fileOffset: built.descriptorOffset + 4, field: 'DBGFCOREDESCRIPTOR.u32FmtVersion' }) },
    { name: 'cbSelf 32', make: mutated((built) => writeU32(built.path, built.descriptorOffset + 8, 32)), code: 'BAD_DESCRIPTOR_SIZE', at: (built) => ({ fileOffset: built.descriptorOffset + 8, field: 'DBGFCOREDESCRIPTOR.cbSelf' }) },
    { name: 'cCpus 0', make: mutated((built) => writeU32(built.path, built.descriptorOffset + 20, 0)), code: 'NO_CPUS' },
    { name: 'cCpus larger than the VBCPU notes', make: mutated((built) => writeU32(built.path, built.descriptorOffset + 20, 3)), code: 'CPU_COUNT_MISMATCH', at: (built) => ({ fileOffset: built.descriptorOffset + 20, field: 'DBGFCOREDESCRIPTOR.cCpus' }) },
    { name: 'cCpus smaller than the VBCPU notes', make: mutated((built) => writeU32(built.path, built.descriptorOffset + 20, 1)), code: 'CPU_COUNT_MISMATCH' },
    { name: 'a VBCPU descriptor too short for its format\'s layout', make: builtWith({ ...baseLayout, cpuDescriptorSize: 0x100 }), code: 'CPU_NOTE_TOO_SHORT', at: (built) => ({ fileOffset: built.cpuNoteOffsets[0] + N_DESCSZ, field: 'note[1].n_descsz' }) },
    { name: 'format 0x10000 with a CPUMCTX of a size no release wrote', make: builtWith({ ...baseLayout, formatVersion: 0x10000, cpuDescriptorSize: 0x500 }), code: 'CPU_LAYOUT_UNKNOWN', message: /0x500 bytes: no VirtualBox release wrote/ },
    { name: 'an unknown format and a VBCPU size no release wrote', make: builtWith({ ...baseLayout, formatVersion: 0x10007, cpuDescriptorSize: 0x2300 }), code: 'CPU_LAYOUT_UNKNOWN' },
    { name: 'a VBCPU descriptor of a size no release wrote, under a known format', make: builtWith({ ...baseLayout, cpuDescriptorSize: 0x2300 }), code: 'CPU_LAYOUT_INFERRED', message: /decoded as DBGFCORECPU of format 0x10006 .*\(inferred\)/ },
    { name: 'a 0x2240-byte VBCPU descriptor (format 0x10005\'s) under format 0x10006', make: builtWith({ ...baseLayout, formatVersion: 0x10006, cpuLayout: 'dbgfcorecpu-0x10005' }), code: 'CPU_LAYOUT_VERSION_MISMATCH', at: (built) => ({ fileOffset: built.cpuNoteOffsets[0] + N_DESCSZ, field: 'note[1].n_descsz' }) },
    {
      name: 'a second per-vCPU note of type 0xbeef, also named VBCPU (a modified VirtualBox)',
      make: mutated((built) => {
        writeU32(built.path, built.descriptorOffset + 20, 1);
        writeU32(built.path, built.cpuNoteOffsets[1] + N_TYPE, 0xbeef);
      }),
      code: 'UNKNOWN_NOTE_TYPE',
      at: (built) => ({ fileOffset: built.cpuNoteOffsets[1] + N_TYPE, field: 'note[2].n_type' }),
    },
    {
      name: 'a file that ends right after the VBCORE note (VirtualBox 7.1 dumping an ARM guest)',
      make: mutated((built) => fs.truncateSync(built.path, built.cpuNoteOffsets[0]), { ...baseLayout, vboxVersion: { major: 7, minor: 1, build: 4 } }),
      code: 'DUMP_STOPPED_AFTER_DESCRIPTOR',
      at: (built) => ({ fileOffset: built.cpuNoteOffsets[0], field: 'note[1]' }),
      message: /right after the VBCORE note \(VirtualBox 7\.1\.4, 2 vCPUs\).*probably an ARM guest/,
    },
    { name: 'a note that is neither VBCORE nor VBCPU', make: mutated((built) => writeBytes(built.path, built.cpuNoteOffsets[1] + N_NAME, Buffer.from('CORE\0'))), code: 'UNKNOWN_NOTE' },
  ];
  // Files that are something else, refused by name
  const randomBytes = Buffer.alloc(64 * 1024);
  for (let index = 0, state = 12345; index < randomBytes.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    randomBytes[index] = state >>> 24;
  }
  const kdumpCompressed = Buffer.alloc(4096);
  kdumpCompressed.write('KDUMP   ', 'latin1');
  const lime = Buffer.alloc(4096);
  lime.writeUInt32LE(0x4c694d45, 0);
  entries.push(
    { name: 'a Linux kdump ELF core (/proc/vmcore)', make: () => ({ file: fileOf(foreignCore('kdump')) }), code: 'FOREIGN_CORE', message: /a Linux kdump core/ },
    { name: 'a process core dump', make: () => ({ file: fileOf(foreignCore('process')) }), code: 'FOREIGN_CORE', message: /a process core dump/ },
    { name: 'a makedumpfile kdump file', make: () => ({ file: fileOf(kdumpCompressed) }), code: 'NOT_ELF', message: /a kdump-compressed file \(makedumpfile, or QEMU's dump-guest-memory -z/ },
    { name: 'QEMU dump-guest-memory -z through a pipe (makedumpfile\'s flattened format)', make: () => ({ file: fileOf(Buffer.concat([Buffer.from('makedumpfile\0\0\0\0', 'latin1'), Buffer.alloc(4096 - 16)])) }), code: 'NOT_ELF', message: /makedumpfile's flattened format \(QEMU's dump-guest-memory -z/ },
    { name: 'a QEMU paging dump (dump-guest-memory -p)', make: () => ({ file: fileOf(qemuCore({ pagingVirtualAddress: 0xffff_8880_0000_0000n }).bytes) }), code: 'QEMU_PAGING_DUMP', message: /maps virtual an address of 2\^53 or more to physical 0x0/ },
    { name: 'a QEMU paging dump of a 32-bit guest', make: () => ({ file: fileOf(qemuCore({ pagingVirtualAddress: 0xc000_0000n }).bytes) }), code: 'QEMU_PAGING_DUMP', message: /maps virtual 0xc0000000 to physical 0x0/ },
    { name: 'a LiME image', make: () => ({ file: fileOf(lime) }), code: 'NOT_ELF', message: /a LiME memory image/ },
    { name: 'random bytes', make: () => ({ file: fileOf(randomBytes) }), code: 'NOT_ELF', message: /^not an ELF file: the first bytes are/ },
  );

  // QEMU guest cores with what QEMU never writes
  entries.push(
    { name: 'a QEMU core whose QEMUCPUState has version 2', make: () => ({ file: fileOf(qemuCore({ stateVersion: 2 }).bytes) }), code: 'QEMU_CPU_STATE_VERSION', message: /version 2, expected 1/ },
    { name: 'a QEMU core whose QEMUCPUState.size is not n_descsz', make: () => ({ file: fileOf(qemuCore({ stateSizeField: 0x1b0 }).bytes) }), code: 'QEMU_CPU_STATE_SIZE_MISMATCH', message: /says 0x1b0 bytes, the note holds 0x1b8/ },
    { name: 'a QEMU core whose QEMU note is cut to 0x100 bytes', make: () => ({ file: fileOf(qemuCore({ stateNoteSize: 0x100 }).bytes) }), code: 'CPU_NOTE_TOO_SHORT', message: /QEMU note 0 is 0x100 bytes/ },
    { name: 'a QEMU core with one NT_PRSTATUS for two vCPUs', make: () => ({ file: fileOf(qemuCore({ cpuCount: 2, prstatusCount: 1 }).bytes) }), code: 'QEMU_CPU_NOTES_MISMATCH', message: /1 NT_PRSTATUS note\(s\) but 2 QEMU note\(s\)/ },
    { name: 'a QEMU core whose NT_PRSTATUS names another vCPU', make: () => ({ file: fileOf(qemuCore({ cpuCount: 2, prstatusPid: (cpu) => 2 - cpu }).bytes) }), code: 'QEMU_NOTES_DISAGREE', message: /pr_pid 2, expected 1/ },
    { name: 'a QEMU core whose section header table is past the end', make: () => ({ file: fileOf(qemuCore({ sectionHeaderOffset: 0x7fff_0000 }).bytes) }), code: 'BAD_SECTION_HEADERS', message: /ends past the end of the file/ },
  );

  // Headers that overlap each other
  entries.push(
    { name: 'e_phoff 0: the table over the ELF header', make: mutated((built) => writeU64(built.path, 32, 0n)), code: 'PROGRAM_HEADERS_OVERLAP', at: () => ({ fileOffset: 32, field: 'e_phoff' }) },
    { name: 'a PT_LOAD whose bytes start inside the headers', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 1) + P_OFFSET, 0x40n)), code: 'SEGMENT_OVERLAPS_HEADERS', at: (built) => ({ fileOffset: programHeaderOffset(built, 1) + P_OFFSET, field: 'program_header[1].p_offset' }) },
    { name: 'a PT_NOTE inside the program header table', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 0) + P_OFFSET, 0x60n)), code: 'SEGMENT_OVERLAPS_HEADERS' },
    { name: 'a note name without its NUL', make: mutated((built) => writeBytes(built.path, built.cpuNoteOffsets[0] + N_NAME + 5, Buffer.from('X'))), code: 'NOTE_NAME_NOT_TERMINATED' },
    { name: 'n_namesz 2^32 - 8', make: mutated((built) => writeU32(built.path, built.noteSegmentOffset, 0xffff_fff8)), code: 'NOTE_BEYOND_SEGMENT' },
    { name: 'a 1 MiB note segment running into zeroed memory', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 0) + P_FILESZ, BigInt(MIB)), { ...baseLayout, fill: 'none' }), code: 'TOO_MANY_NOTES' },
    { name: 'n_descsz 2^31', make: mutated((built) => writeU32(built.path, built.noteSegmentOffset + N_DESCSZ, 0x8000_0000)), code: 'NOTE_BEYOND_SEGMENT' },
    { name: 'p_offset near 2^64 (p_offset + p_filesz overflows)', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 1) + P_OFFSET, 0xffff_ffff_ffff_f000n)), code: 'VALUE_NOT_SAFE_INTEGER', at: (built) => ({ fileOffset: programHeaderOffset(built, 1) + P_OFFSET, field: 'program_header[1].p_offset' }) },
    { name: 'p_memsz 2^64 - 1', make: mutated((built) => writeU64(built.path, programHeaderOffset(built, 1) + P_MEMSZ, 0xffff_ffff_ffff_ffffn)), code: 'VALUE_NOT_SAFE_INTEGER' },
  );

  // Cut at every position: inside the program headers, inside the notes, and at the start and in
  // the middle of every range with data.
  const layoutRanges = baseLayout.ranges;
  entries.push(
    { name: 'cut inside the program header table', make: mutated((built) => fs.truncateSync(built.path, built.programHeaderTableOffset + 100)), code: 'PROGRAM_HEADERS_BEYOND_EOF' },
    { name: 'cut inside the notes', make: mutated((built) => fs.truncateSync(built.path, built.noteSegmentOffset + 30)), code: 'NOTE_SEGMENT_BEYOND_EOF' },
    { name: 'cut right after the notes (no memory at all)', make: mutated((built) => fs.truncateSync(built.path, built.dataOffset)), code: 'TRUNCATED_DUMP' },
  );
  layoutRanges.forEach((range, index) => {
    if (range.mmio) return;
    entries.push(
      { name: `cut at the start of range ${index} (${range.physicalAddress.toString(16)})`, make: mutated((built) => fs.truncateSync(built.path, built.ranges[index].fileOffset)), code: 'TRUNCATED_DUMP' },
      { name: `cut in the middle of range ${index} (${range.physicalAddress.toString(16)})`, make: mutated((built) => fs.truncateSync(built.path, built.ranges[index].fileOffset + Math.floor(range.size / 2) + 3)), code: 'TRUNCATED_DUMP' },
    );
  });
  return entries;
}
