/**
 * The malformed-dump corpus: named inputs, each with the code it is about and the whole list of
 * problems it must produce (code, file offset, field, in order), a judgment written down here
 * once, from how each file is made, not from what the reader says. Built on the dump builder from
 * a base layout (the tests' own, or the conformance corpus's smaller one); used by
 * validation.test.ts (library), corpus.test.ts (every CLI command), async.test.ts, the fuzzer's
 * seeds and test/conformance/make-corpus.ts, which writes it into conformance/.
 */
import * as fs from 'node:fs';
import { buildDump, BuiltDump, DumpLayout, programHeaderOffset } from '../src/builder';
import { ProblemCode, Producer } from '../src';
import { foreignCore } from './foreign-cores';
import { qemuCore, QemuCoreOptions } from './qemu-cores';
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

/** What each range of a base layout is, by construction (the same five kinds, in order). */
export const BASE_RANGE_KINDS = ['ram', 'vram', 'mmio', 'rom', 'ram'] as const;

/** One problem as it must be reported: its code, file offset and field. */
export type ExpectedProblem = readonly [code: ProblemCode, fileOffset: number | null, field: string | null];

/** What an entry's file is made from, for its expectations. */
export interface Made {
  readonly file: string;
  /** The builder's record of a VirtualBox-layout dump (before the mutation). */
  readonly built?: BuiltDump;
  /** The layout it was built from. */
  readonly layout?: DumpLayout;
  /** The file's size after the mutation. */
  readonly fileSize?: number;
  /** A QEMU-style core: the options test/qemu-cores.ts made it with. */
  readonly qemu?: QemuCoreOptions;
}

/** How a readable entry's dump differs from what its layout says (everything else is the layout's). */
export interface StructureChange {
  /** Who the notes say wrote it, when not VirtualBox. */
  readonly producer?: Producer;
  /** The descriptor cannot be read. */
  readonly noDescriptor?: true;
  /** Program headers that are no range (their fields unusable, or no PT_LOAD any more). */
  readonly droppedLoads?: readonly number[];
  /** Ranges in program header order when entries were swapped: [program header, the builder's range number]. */
  readonly loadOrder?: readonly (readonly [number, number])[];
  /** Descriptor fields the mutation changed. */
  readonly descriptor?: { readonly formatVersion?: number; readonly cpuCount?: number };
  /** A range's physical start or declared bytes changed by the mutation, by program header. */
  readonly rangeChanges?: Readonly<Record<number, { physicalStart?: number; declaredFileBytes?: number; kind?: string }>>;
  /** The vCPU notes that are read as vCPUs (indexes of the builder's), when not all. */
  readonly cpusKept?: readonly number[];
  /** The vCPUs' registers are not decoded. */
  readonly registersUndecoded?: true;
  /** The layout the registers are decoded with, when not the builder's. */
  readonly decodedLayout?: string;
  /** e_machine, when the mutation changed it. */
  readonly machine?: number;
}

export interface CorpusEntry {
  name: string;
  /** A file name for the case in the conformance corpus. */
  id: string;
  make: () => Made;
  /** The code the entry is about. */
  code: ProblemCode;
  /** Where that problem must be reported, when the entry pins it down. */
  at?: (built: BuiltDump) => { fileOffset: number | null; field: string | null };
  /** What the message must say, when it names what the file is. */
  message?: RegExp;
  /** Every problem the file must produce, in order (the one that stops the reading first). */
  problems: (made: Made) => ExpectedProblem[];
  /** How the dump read differs from its layout (readable entries of the builder). */
  structure?: (made: Made) => StructureChange;
  /** The problem that stops the reading when its code is not one that always does (e_phoff past 2^53). */
  stops?: ProblemCode;
}

// Field offsets inside the structures, as VirtualBox writes them (the builder's own layout).
const P_TYPE = 0;
const P_OFFSET = 8;
const P_VADDR = 16;
const P_PADDR = 24;
const P_FILESZ = 32;
const P_MEMSZ = 40;
const N_DESCSZ = 4;
const N_TYPE = 8;
const N_NAME = 12;
const D_FORMAT = 4;
const D_SIZE = 8;
const D_CPUS = 20;

/** The corpus, its files created on demand under `place(name)`, every mutation made on `base`. */
export function corpus(place: (name: string) => string, base: DumpLayout = baseLayout): CorpusEntry[] {
  let counter = 0;
  const firstRange = base.ranges[0];
  const ph = (made: Made, index: number): number => programHeaderOffset(made.built!, index);
  const built = (made: Made): BuiltDump => made.built!;
  const only = (code: ProblemCode, fileOffset: number | null, field: string | null) => (): ExpectedProblem[] => [[code, fileOffset, field]];

  function build(layout: DumpLayout = base): BuiltDump {
    counter += 1;
    return buildDump(place(`case-${counter}.elf`), layout);
  }

  function fileOf(bytes: Uint8Array): Made {
    counter += 1;
    const file = place(`raw-${counter}.bin`);
    fs.writeFileSync(file, bytes);
    return { file, fileSize: bytes.length };
  }

  function qemuFile(options: QemuCoreOptions): Made {
    return { ...fileOf(qemuCore(options).bytes), qemu: options };
  }

  function elfIdent(fileClass: number, dataEncoding: number, length: number): Buffer {
    const bytes = Buffer.alloc(length);
    bytes.writeUInt32BE(0x7f454c46, 0);
    bytes[4] = fileClass;
    bytes[5] = dataEncoding;
    return bytes;
  }

  function mutated(change: (built: BuiltDump) => void, layout: DumpLayout = base): () => Made {
    return () => {
      const result = build(layout);
      change(result);
      return { file: result.path, built: result, layout, fileSize: fs.statSync(result.path).size };
    };
  }

  function swapProgramHeaders(result: BuiltDump, first: number, second: number): void {
    const firstEntry = readBytes(result.path, programHeaderOffset(result, first), 56);
    writeBytes(result.path, programHeaderOffset(result, first), readBytes(result.path, programHeaderOffset(result, second), 56));
    writeBytes(result.path, programHeaderOffset(result, second), firstEntry);
  }

  const builtWith = (layout: DumpLayout): (() => Made) => mutated(() => undefined, layout);
  const cpuNote = (made: Made, cpu: number): number => built(made).cpuNoteOffsets[cpu];
  /** The CPU_LAYOUT_* problem of each vCPU note, at its n_descsz. */
  const perCpu = (code: ProblemCode) => (made: Made): ExpectedProblem[] => built(made).cpuNoteOffsets.map((offset, cpu): ExpectedProblem => [code, offset + N_DESCSZ, `note[${cpu + 1}].n_descsz`]);
  const truncated = (made: Made, firstLosing: number): ExpectedProblem => ['TRUNCATED_DUMP', made.fileSize!, `program_header[${firstLosing}].p_filesz`];
  /** The program header of the first range whose data the file lacks, when it ends at `size`. */
  const firstLosing = (result: BuiltDump, size: number): number => 1 + result.ranges.findIndex((range) => range.fileSize > 0 && range.fileOffset + range.fileSize > size);
  const notesGone: StructureChange = { producer: 'unknown', noDescriptor: true, cpusKept: [] };

  const entries: CorpusEntry[] = [
    { name: 'a missing file', id: 'missing-file', make: () => ({ file: place('does-not-exist.elf') }), code: 'FILE_UNREADABLE', problems: only('FILE_UNREADABLE', null, null) },
    { name: 'an empty file', id: 'empty-file', make: () => fileOf(Buffer.alloc(0)), code: 'EMPTY_FILE', problems: only('EMPTY_FILE', 0, null) },
    { name: 'an ELF64 ident and nothing else (40 bytes)', id: 'ident-only-40-bytes', make: () => fileOf(elfIdent(2, 1, 40)), code: 'HEADER_TRUNCATED', problems: only('HEADER_TRUNCATED', 40, 'ELF64 header') },
    { name: 'three bytes', id: 'three-bytes', make: () => fileOf(Buffer.from('abc')), code: 'HEADER_TRUNCATED', problems: only('HEADER_TRUNCATED', 0, 'e_ident') },
    { name: 'a text file', id: 'text-file', make: () => fileOf(Buffer.from('this is not a core dump, just some text to fill 64 bytes.......\n')), code: 'NOT_ELF', at: () => ({ fileOffset: 0, field: 'e_ident[EI_MAG0..3]' }), problems: only('NOT_ELF', 0, 'e_ident[EI_MAG0..3]') },
    { name: 'an ELF32 file', id: 'elf32', make: () => fileOf(elfIdent(1, 1, 52)), code: 'NOT_ELF64', at: () => ({ fileOffset: 4, field: 'e_ident[EI_CLASS]' }), problems: only('NOT_ELF64', 4, 'e_ident[EI_CLASS]') },
    { name: 'a big-endian ELF64 file', id: 'big-endian', make: () => fileOf(elfIdent(2, 2, 64)), code: 'NOT_LITTLE_ENDIAN', at: () => ({ fileOffset: 5, field: 'e_ident[EI_DATA]' }), problems: only('NOT_LITTLE_ENDIAN', 5, 'e_ident[EI_DATA]') },
    { name: 'an executable', id: 'e-type-executable', make: mutated((result) => writeU16(result.path, 16, 2)), code: 'NOT_CORE', at: () => ({ fileOffset: 16, field: 'e_type' }), problems: only('NOT_CORE', 16, 'e_type') },
    { name: 'e_machine AArch64', id: 'e-machine-aarch64', make: mutated((result) => writeU16(result.path, 18, 183)), code: 'UNEXPECTED_MACHINE', at: () => ({ fileOffset: 18, field: 'e_machine' }), problems: only('UNEXPECTED_MACHINE', 18, 'e_machine'), structure: () => ({ machine: 183 }) },
    { name: 'e_phentsize 64', id: 'e-phentsize-64', make: mutated((result) => writeU16(result.path, 54, 64)), code: 'BAD_PHENTSIZE', at: () => ({ fileOffset: 54, field: 'e_phentsize' }), problems: only('BAD_PHENTSIZE', 54, 'e_phentsize') },
    { name: 'e_phentsize 0 with e_phnum 65535', id: 'e-phentsize-0-e-phnum-65535', make: mutated((result) => { writeU16(result.path, 54, 0); writeU16(result.path, 56, 65535); }), code: 'BAD_PHENTSIZE', problems: only('BAD_PHENTSIZE', 54, 'e_phentsize') },
    { name: 'e_phnum 0', id: 'e-phnum-0', make: mutated((result) => writeU16(result.path, 56, 0)), code: 'NO_PROGRAM_HEADERS', at: () => ({ fileOffset: 56, field: 'e_phnum' }), problems: only('NO_PROGRAM_HEADERS', 56, 'e_phnum') },
    { name: 'e_phnum 65535 in a small file', id: 'e-phnum-65535-small-file', make: mutated((result) => { writeU16(result.path, 56, 65535); fs.truncateSync(result.path, 4096); }), code: 'PROGRAM_HEADERS_BEYOND_EOF', at: () => ({ fileOffset: 32, field: 'e_phoff' }), problems: only('PROGRAM_HEADERS_BEYOND_EOF', 32, 'e_phoff') },
    { name: 'e_phoff near 2^64', id: 'e-phoff-near-2-64', make: mutated((result) => writeU64(result.path, 32, 0xffff_ffff_ffff_ff00n)), code: 'VALUE_NOT_SAFE_INTEGER', at: () => ({ fileOffset: 32, field: 'e_phoff' }), problems: only('VALUE_NOT_SAFE_INTEGER', 32, 'e_phoff'), stops: 'VALUE_NOT_SAFE_INTEGER' },
    {
      name: 'p_paddr of 2^60', id: 'p-paddr-2-60', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 5) + P_PADDR, 1n << 60n)), code: 'VALUE_NOT_SAFE_INTEGER',
      at: (result) => ({ fileOffset: programHeaderOffset(result, 5) + P_PADDR, field: 'program_header[5].p_paddr' }),
      problems: (made) => [['VALUE_NOT_SAFE_INTEGER', ph(made, 5) + P_PADDR, 'program_header[5].p_paddr']], structure: () => ({ droppedLoads: [5] }),
    },
    {
      name: 'p_offset + p_filesz beyond 2^53', id: 'p-offset-plus-p-filesz-beyond-2-53', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 5) + P_OFFSET, BigInt(Number.MAX_SAFE_INTEGER - 10))), code: 'VALUE_NOT_SAFE_INTEGER',
      at: (result) => ({ fileOffset: programHeaderOffset(result, 5) + P_FILESZ, field: 'program_header[5].p_filesz' }),
      problems: (made) => [['VALUE_NOT_SAFE_INTEGER', ph(made, 5) + P_FILESZ, 'program_header[5].p_filesz']], structure: () => ({ droppedLoads: [5] }),
    },
    {
      name: 'no PT_NOTE (its entry made PT_NULL)', id: 'no-pt-note-null', make: mutated((result) => writeU32(result.path, programHeaderOffset(result, 0) + P_TYPE, 0)), code: 'NO_NOTE_SEGMENT',
      problems: (made) => [['UNEXPECTED_SEGMENT_TYPE', ph(made, 0) + P_TYPE, 'program_header[0].p_type'], ['NO_NOTE_SEGMENT', ph(made, 0), 'program_header[*].p_type']], structure: () => notesGone,
    },
    {
      name: 'no PT_NOTE (its entry made a PT_LOAD over the headers)', id: 'no-pt-note-load', make: mutated((result) => writeU32(result.path, programHeaderOffset(result, 0) + P_TYPE, 1)), code: 'NO_NOTE_SEGMENT',
      // the note bytes become a range at physical 0, over the RAM's: reading stops there
      problems: (made) => [['RANGES_OVERLAP', ph(made, 1) + P_PADDR, 'program_header[1].p_paddr'], ['NO_NOTE_SEGMENT', ph(made, 0), 'program_header[*].p_type']],
    },
    {
      name: 'two PT_NOTE', id: 'two-pt-note', make: mutated((result) => writeU32(result.path, programHeaderOffset(result, 5) + P_TYPE, 4)), code: 'MULTIPLE_NOTE_SEGMENTS', at: (result) => ({ fileOffset: programHeaderOffset(result, 5) + P_TYPE, field: 'program_header[5].p_type' }),
      problems: (made) => [['MULTIPLE_NOTE_SEGMENTS', ph(made, 5) + P_TYPE, 'program_header[5].p_type']], structure: () => ({ droppedLoads: [5] }),
    },
    {
      name: 'the PT_NOTE after a PT_LOAD', id: 'pt-note-after-pt-load', make: mutated((result) => swapProgramHeaders(result, 0, 1)), code: 'NOTE_SEGMENT_NOT_FIRST',
      problems: (made) => [['NOTE_SEGMENT_NOT_FIRST', ph(made, 1), 'program_header[1].p_type']], structure: () => ({ loadOrder: [[0, 0], [2, 1], [3, 2], [4, 3], [5, 4]] }),
    },
    {
      name: 'a PT_PHDR segment', id: 'pt-phdr-segment', make: mutated((result) => writeU32(result.path, programHeaderOffset(result, 5) + P_TYPE, 6)), code: 'UNEXPECTED_SEGMENT_TYPE', at: (result) => ({ fileOffset: programHeaderOffset(result, 5) + P_TYPE, field: 'program_header[5].p_type' }),
      problems: (made) => [['UNEXPECTED_SEGMENT_TYPE', ph(made, 5) + P_TYPE, 'program_header[5].p_type']], structure: () => ({ droppedLoads: [5] }),
    },
    {
      name: 'p_filesz half of p_memsz', id: 'p-filesz-half-p-memsz', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 1) + P_FILESZ, BigInt(firstRange.size / 2))), code: 'BAD_FILESZ', at: (result) => ({ fileOffset: programHeaderOffset(result, 1) + P_FILESZ, field: 'program_header[1].p_filesz' }),
      problems: (made) => [['BAD_FILESZ', ph(made, 1) + P_FILESZ, 'program_header[1].p_filesz']], structure: () => ({ rangeChanges: { 1: { declaredFileBytes: firstRange.size / 2 } } }),
    },
    {
      name: 'p_filesz larger than p_memsz', id: 'p-filesz-larger-than-p-memsz', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 1) + P_FILESZ, BigInt(2 * firstRange.size))), code: 'BAD_FILESZ',
      problems: (made) => [['BAD_FILESZ', ph(made, 1) + P_FILESZ, 'program_header[1].p_filesz']],
    },
    {
      name: 'a range of size 0', id: 'range-of-size-0', make: builtWith({ ...base, ranges: [...base.ranges, { physicalAddress: 0x2_0000_0000, size: 0 }] }), code: 'EMPTY_RANGE',
      problems: (made) => [['EMPTY_RANGE', ph(made, 6) + P_MEMSZ, 'program_header[6].p_memsz']],
    },
    {
      name: 'a range above 2^52', id: 'range-above-2-52', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 5) + P_PADDR, 1n << 52n)), code: 'RANGE_ABOVE_PHYSICAL_LIMIT', at: (result) => ({ fileOffset: programHeaderOffset(result, 5) + P_PADDR, field: 'program_header[5].p_paddr' }),
      problems: (made) => [['RANGE_ABOVE_PHYSICAL_LIMIT', ph(made, 5) + P_PADDR, 'program_header[5].p_paddr']], structure: () => ({ rangeChanges: { 5: { physicalStart: 2 ** 52 } } }),
    },
    {
      name: 'ranges out of order', id: 'ranges-out-of-order', make: mutated((result) => swapProgramHeaders(result, 1, 2)), code: 'RANGES_UNSORTED',
      problems: (made) => [['RANGES_UNSORTED', ph(made, 2) + P_PADDR, 'program_header[2].p_paddr']], structure: () => ({ loadOrder: [[1, 1], [2, 0], [3, 2], [4, 3], [5, 4]] }),
    },
    { name: 'overlapping ranges', id: 'overlapping-ranges', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 2) + P_PADDR, BigInt(firstRange.size / 2))), code: 'RANGES_OVERLAP', problems: (made) => [['RANGES_OVERLAP', ph(made, 2) + P_PADDR, 'program_header[2].p_paddr']] },
    { name: 'duplicate ranges', id: 'duplicate-ranges', make: mutated((result) => writeBytes(result.path, programHeaderOffset(result, 2), readBytes(result.path, programHeaderOffset(result, 1), 56))), code: 'RANGES_OVERLAP', problems: (made) => [['RANGES_OVERLAP', ph(made, 2) + P_PADDR, 'program_header[2].p_paddr']] },
    { name: 'a dump cut in the middle of its last range', id: 'cut-in-last-range', make: mutated((result) => fs.truncateSync(result.path, result.fileSize - 4096)), code: 'TRUNCATED_DUMP', problems: (made) => [truncated(made, 5)] },
    { name: 'bytes appended to a dump', id: 'bytes-appended', make: mutated((result) => fs.appendFileSync(result.path, Buffer.alloc(100))), code: 'TRAILING_DATA', problems: (made) => [['TRAILING_DATA', built(made).fileSize, null]] },
    {
      name: 'a note segment past EOF', id: 'note-segment-past-eof', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 0) + P_OFFSET, BigInt(result.fileSize - 16))), code: 'NOTE_SEGMENT_BEYOND_EOF',
      // the last 16 bytes of memory are taken for notes: no record fits before the end of the file
      problems: (made) => [['VBCORE_MISSING', built(made).fileSize - 16, 'note[0].name'], ['NOTE_SEGMENT_BEYOND_EOF', ph(made, 0) + P_FILESZ, 'program_header[0].p_filesz']], structure: () => notesGone,
    },
    { name: 'a 32 MiB note segment', id: 'note-segment-32-mib', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 0) + P_FILESZ, 32n * 1024n * 1024n)), code: 'NOTE_SEGMENT_TOO_LARGE', problems: (made) => [['NOTE_SEGMENT_TOO_LARGE', ph(made, 0) + P_FILESZ, 'program_header[0].p_filesz']], structure: () => notesGone },
    {
      name: 'n_descsz 2^32 - 1', id: 'n-descsz-2-32-minus-1', make: mutated((result) => writeU32(result.path, result.cpuNoteOffsets[1] + N_DESCSZ, 0xffff_ffff)), code: 'NOTE_BEYOND_SEGMENT', at: (result) => ({ fileOffset: result.cpuNoteOffsets[1], field: 'note[2].n_descsz' }),
      problems: (made) => [['NOTE_BEYOND_SEGMENT', cpuNote(made, 1), 'note[2].n_descsz'], ['CPU_COUNT_MISMATCH', built(made).descriptorOffset + D_CPUS, 'DBGFCOREDESCRIPTOR.cCpus']], structure: () => ({ cpusKept: [0] }),
    },
    {
      name: 'n_namesz 2^31', id: 'n-namesz-2-31', make: mutated((result) => writeU32(result.path, result.noteSegmentOffset, 0x8000_0000)), code: 'NOTE_BEYOND_SEGMENT',
      problems: (made) => [['NOTE_BEYOND_SEGMENT', built(made).noteSegmentOffset, 'note[0].n_descsz'], ['VBCORE_MISSING', built(made).noteSegmentOffset, 'note[0].name']], structure: () => notesGone,
    },
    {
      name: 'VBCORE renamed', id: 'vbcore-renamed', make: mutated((result) => writeBytes(result.path, result.noteSegmentOffset + N_NAME, Buffer.from('XBCORE'))), code: 'VBCORE_MISSING',
      // the VBCPU notes are still read, by their size (no descriptor names a format)
      problems: (made) => [['VBCORE_MISSING', built(made).noteSegmentOffset, 'note[0].name'], ['UNKNOWN_NOTE', built(made).noteSegmentOffset, 'note[0].name']], structure: () => ({ producer: 'unknown', noDescriptor: true }),
    },
    {
      name: 'VBCORE after the VBCPU notes', id: 'vbcore-after-vbcpu',
      make: mutated((result) => {
        const coreSize = result.cpuNoteOffsets[0] - result.noteSegmentOffset;
        const segment = readBytes(result.path, result.noteSegmentOffset, result.noteSegmentSize);
        writeBytes(result.path, result.noteSegmentOffset, Buffer.concat([segment.subarray(coreSize), segment.subarray(0, coreSize)]));
      }),
      code: 'VBCORE_NOT_FIRST',
      problems: (made) => [['VBCORE_NOT_FIRST', built(made).noteSegmentOffset + built(made).noteSegmentSize - (cpuNote(made, 0) - built(made).noteSegmentOffset), `note[${built(made).cpuCount}].name`]],
    },
    { name: 'VBCORE with n_type NT_VBOXCPU', id: 'vbcore-type-vboxcpu', make: mutated((result) => writeU32(result.path, result.noteSegmentOffset + N_TYPE, 0xb01)), code: 'NOTE_TYPE_MISMATCH', at: (result) => ({ fileOffset: result.noteSegmentOffset + N_TYPE, field: 'note[0].n_type' }), problems: (made) => [['NOTE_TYPE_MISMATCH', built(made).noteSegmentOffset + N_TYPE, 'note[0].n_type']] },
    {
      name: 'a 16-byte VBCORE descriptor', id: 'vbcore-descriptor-16-bytes', make: mutated((result) => writeU32(result.path, result.noteSegmentOffset + N_DESCSZ, 16)), code: 'DESCRIPTOR_TOO_SHORT',
      // the next record is then read 8 bytes early, from inside the descriptor: it does not fit
      problems: (made) => [['NOTE_BEYOND_SEGMENT', built(made).noteSegmentOffset + 12 + 8 + 16, 'note[1].n_descsz'], ['DESCRIPTOR_TOO_SHORT', built(made).noteSegmentOffset + N_DESCSZ, 'note[0].n_descsz']],
      structure: () => ({ noDescriptor: true, cpusKept: [] }),
    },
    { name: 'a bad magic', id: 'bad-magic', make: mutated((result) => writeU32(result.path, result.descriptorOffset, 0xdeadbeef)), code: 'BAD_MAGIC', at: (result) => ({ fileOffset: result.descriptorOffset, field: 'DBGFCOREDESCRIPTOR.u32Magic' }), problems: (made) => [['BAD_MAGIC', built(made).descriptorOffset, 'DBGFCOREDESCRIPTOR.u32Magic']], structure: () => ({ noDescriptor: true }) },
    {
      name: 'format version 0x00020000', id: 'format-0x20000', make: mutated((result) => writeU32(result.path, result.descriptorOffset + D_FORMAT, 0x0002_0000)), code: 'UNSUPPORTED_FORMAT_FAMILY',
      problems: (made) => [['UNSUPPORTED_FORMAT_FAMILY', built(made).descriptorOffset + D_FORMAT, 'DBGFCOREDESCRIPTOR.u32FmtVersion'], ...perCpu('CPU_LAYOUT_VERSION_MISMATCH')(made)], structure: () => ({ descriptor: { formatVersion: 0x2_0000 } }),
    },
    {
      name: 'format version 0x00010009', id: 'format-0x10009', make: mutated((result) => writeU32(result.path, result.descriptorOffset + D_FORMAT, 0x0001_0009)), code: 'UNKNOWN_FORMAT_VERSION', at: (result) => ({ fileOffset: result.descriptorOffset + D_FORMAT, field: 'DBGFCOREDESCRIPTOR.u32FmtVersion' }),
      problems: (made) => [['UNKNOWN_FORMAT_VERSION', built(made).descriptorOffset + D_FORMAT, 'DBGFCOREDESCRIPTOR.u32FmtVersion'], ...perCpu('CPU_LAYOUT_VERSION_MISMATCH')(made)], structure: () => ({ descriptor: { formatVersion: 0x1_0009 } }),
    },
    { name: 'cbSelf 32', id: 'cbself-32', make: mutated((result) => writeU32(result.path, result.descriptorOffset + D_SIZE, 32)), code: 'BAD_DESCRIPTOR_SIZE', at: (result) => ({ fileOffset: result.descriptorOffset + D_SIZE, field: 'DBGFCOREDESCRIPTOR.cbSelf' }), problems: (made) => [['BAD_DESCRIPTOR_SIZE', built(made).descriptorOffset + D_SIZE, 'DBGFCOREDESCRIPTOR.cbSelf']] },
    { name: 'cCpus 0', id: 'ccpus-0', make: mutated((result) => writeU32(result.path, result.descriptorOffset + D_CPUS, 0)), code: 'NO_CPUS', problems: (made) => [['NO_CPUS', built(made).descriptorOffset + D_CPUS, 'DBGFCOREDESCRIPTOR.cCpus']], structure: () => ({ descriptor: { cpuCount: 0 } }) },
    { name: 'cCpus larger than the VBCPU notes', id: 'ccpus-larger', make: mutated((result) => writeU32(result.path, result.descriptorOffset + D_CPUS, 3)), code: 'CPU_COUNT_MISMATCH', at: (result) => ({ fileOffset: result.descriptorOffset + D_CPUS, field: 'DBGFCOREDESCRIPTOR.cCpus' }), problems: (made) => [['CPU_COUNT_MISMATCH', built(made).descriptorOffset + D_CPUS, 'DBGFCOREDESCRIPTOR.cCpus']], structure: () => ({ descriptor: { cpuCount: 3 } }) },
    { name: 'cCpus smaller than the VBCPU notes', id: 'ccpus-smaller', make: mutated((result) => writeU32(result.path, result.descriptorOffset + D_CPUS, 1)), code: 'CPU_COUNT_MISMATCH', problems: (made) => [['CPU_COUNT_MISMATCH', built(made).descriptorOffset + D_CPUS, 'DBGFCOREDESCRIPTOR.cCpus']], structure: () => ({ descriptor: { cpuCount: 1 } }) },
    { name: 'a VBCPU descriptor too short for its format\'s layout', id: 'vbcpu-too-short', make: builtWith({ ...base, cpuDescriptorSize: 0x100 }), code: 'CPU_NOTE_TOO_SHORT', at: (result) => ({ fileOffset: result.cpuNoteOffsets[0] + N_DESCSZ, field: 'note[1].n_descsz' }), problems: perCpu('CPU_NOTE_TOO_SHORT'), structure: () => ({ registersUndecoded: true }) },
    { name: 'format 0x10000 with a CPUMCTX of a size no release wrote', id: 'cpumctx-size-0x500', make: builtWith({ ...base, formatVersion: 0x10000, cpuDescriptorSize: 0x500 }), code: 'CPU_LAYOUT_UNKNOWN', message: /0x500 bytes: no VirtualBox release wrote/, problems: perCpu('CPU_LAYOUT_UNKNOWN'), structure: () => ({ registersUndecoded: true }) },
    {
      name: 'an unknown format and a VBCPU size no release wrote', id: 'format-0x10007-size-0x2300', make: builtWith({ ...base, formatVersion: 0x10007, cpuDescriptorSize: 0x2300 }), code: 'CPU_LAYOUT_UNKNOWN',
      problems: (made) => [['UNKNOWN_FORMAT_VERSION', built(made).descriptorOffset + D_FORMAT, 'DBGFCOREDESCRIPTOR.u32FmtVersion'], ...perCpu('CPU_LAYOUT_UNKNOWN')(made)], structure: () => ({ registersUndecoded: true }),
    },
    { name: 'a VBCPU descriptor of a size no release wrote, under a known format', id: 'vbcpu-size-0x2300', make: builtWith({ ...base, cpuDescriptorSize: 0x2300 }), code: 'CPU_LAYOUT_INFERRED', message: /decoded as DBGFCORECPU of format 0x10006 .*\(inferred\)/, problems: perCpu('CPU_LAYOUT_INFERRED') },
    {
      name: 'a 0x2240-byte VBCPU descriptor (format 0x10005\'s) under format 0x10006', id: 'vbcpu-0x2240-under-0x10006', make: builtWith({ ...base, formatVersion: 0x10006, cpuLayout: 'dbgfcorecpu-0x10005' }), code: 'CPU_LAYOUT_VERSION_MISMATCH',
      at: (result) => ({ fileOffset: result.cpuNoteOffsets[0] + N_DESCSZ, field: 'note[1].n_descsz' }), problems: perCpu('CPU_LAYOUT_VERSION_MISMATCH'),
    },
    {
      name: 'a second per-vCPU note of type 0xbeef, also named VBCPU (a modified VirtualBox)', id: 'vbcpu-type-0xbeef',
      make: mutated((result) => {
        writeU32(result.path, result.descriptorOffset + D_CPUS, 1);
        writeU32(result.path, result.cpuNoteOffsets[1] + N_TYPE, 0xbeef);
      }),
      code: 'UNKNOWN_NOTE_TYPE',
      at: (result) => ({ fileOffset: result.cpuNoteOffsets[1] + N_TYPE, field: 'note[2].n_type' }),
      problems: (made) => [['UNKNOWN_NOTE_TYPE', cpuNote(made, 1) + N_TYPE, 'note[2].n_type']], structure: () => ({ cpusKept: [0], descriptor: { cpuCount: 1 } }),
    },
    {
      name: 'a file that ends right after the VBCORE note (VirtualBox 7.1 dumping an ARM guest)', id: 'stopped-after-vbcore-arm-guest',
      make: mutated((result) => fs.truncateSync(result.path, result.cpuNoteOffsets[0]), { ...base, vboxVersion: { major: 7, minor: 1, build: 4 } }),
      code: 'DUMP_STOPPED_AFTER_DESCRIPTOR',
      at: (result) => ({ fileOffset: result.cpuNoteOffsets[0], field: 'note[1]' }),
      message: /right after the VBCORE note \(VirtualBox 7\.1\.4, 2 vCPUs\).*probably an ARM guest/,
      problems: (made) => [['DUMP_STOPPED_AFTER_DESCRIPTOR', cpuNote(made, 0), 'note[1]'], truncated(made, 1)], structure: () => ({ cpusKept: [] }),
    },
    {
      name: 'a note that is neither VBCORE nor VBCPU', id: 'note-named-core', make: mutated((result) => writeBytes(result.path, result.cpuNoteOffsets[1] + N_NAME, Buffer.from('CORE\0'))), code: 'UNKNOWN_NOTE',
      problems: (made) => [['UNKNOWN_NOTE', cpuNote(made, 1), 'note[2].name'], ['CPU_COUNT_MISMATCH', built(made).descriptorOffset + D_CPUS, 'DBGFCOREDESCRIPTOR.cCpus']], structure: () => ({ cpusKept: [0] }),
    },
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
  /** Foreign cores have their notes right after two program headers. */
  const FOREIGN_NOTES = 64 + 2 * 56;
  entries.push(
    { name: 'a Linux kdump ELF core (/proc/vmcore)', id: 'linux-kdump-core', make: () => fileOf(foreignCore('kdump')), code: 'FOREIGN_CORE', message: /a Linux kdump core/, problems: only('FOREIGN_CORE', FOREIGN_NOTES, 'note[0].name') },
    { name: 'a process core dump', id: 'process-core', make: () => fileOf(foreignCore('process')), code: 'FOREIGN_CORE', message: /a process core dump/, problems: only('FOREIGN_CORE', FOREIGN_NOTES, 'note[0].name') },
    { name: 'a makedumpfile kdump file', id: 'makedumpfile-kdump', make: () => fileOf(kdumpCompressed), code: 'NOT_ELF', message: /a kdump-compressed file \(makedumpfile, or QEMU's dump-guest-memory -z/, problems: only('NOT_ELF', 0, 'e_ident[EI_MAG0..3]') },
    { name: 'QEMU dump-guest-memory -z through a pipe (makedumpfile\'s flattened format)', id: 'makedumpfile-flattened', make: () => fileOf(Buffer.concat([Buffer.from('makedumpfile\0\0\0\0', 'latin1'), Buffer.alloc(4096 - 16)])), code: 'NOT_ELF', message: /makedumpfile's flattened format \(QEMU's dump-guest-memory -z/, problems: only('NOT_ELF', 0, 'e_ident[EI_MAG0..3]') },
    {
      name: 'a QEMU paging dump (dump-guest-memory -p)', id: 'qemu-paging-dump', make: () => qemuFile({ pagingVirtualAddress: 0xffff_8880_0000_0000n }), code: 'QEMU_PAGING_DUMP', message: /maps virtual an address of 2\^53 or more to physical 0x0/,
      problems: only2(['QEMU_PAGING_DUMP', QEMU_PROGRAM_HEADERS + 56 + P_VADDR, 'program_header[1].p_vaddr'], ['VALUE_NOT_SAFE_INTEGER', QEMU_PROGRAM_HEADERS + 56 + P_VADDR, 'program_header[1].p_vaddr']),
    },
    { name: 'a QEMU paging dump of a 32-bit guest', id: 'qemu-paging-dump-32-bit', make: () => qemuFile({ pagingVirtualAddress: 0xc000_0000n }), code: 'QEMU_PAGING_DUMP', message: /maps virtual 0xc0000000 to physical 0x0/, problems: only('QEMU_PAGING_DUMP', QEMU_PROGRAM_HEADERS + 56 + P_VADDR, 'program_header[1].p_vaddr') },
    { name: 'a LiME image', id: 'lime-image', make: () => fileOf(lime), code: 'NOT_ELF', message: /a LiME memory image/, problems: only('NOT_ELF', 0, 'e_ident[EI_MAG0..3]') },
    { name: 'random bytes', id: 'random-bytes', make: () => fileOf(randomBytes), code: 'NOT_ELF', message: /^not an ELF file: the first bytes are/, problems: only('NOT_ELF', 0, 'e_ident[EI_MAG0..3]') },
  );

  // QEMU guest cores with what QEMU never writes (their layout: test/qemu-cores.ts)
  const stateNote = (cpu: number, cpuCount: number): number => QEMU_NOTES + cpuCount * PRSTATUS_RECORD + cpu * QEMU_STATE_RECORD;
  entries.push(
    { name: 'a QEMU core whose QEMUCPUState has version 2', id: 'qemu-state-version-2', make: () => qemuFile({ stateVersion: 2 }), code: 'QEMU_CPU_STATE_VERSION', message: /version 2, expected 1/, problems: only('QEMU_CPU_STATE_VERSION', stateNote(0, 1) + 20, 'note[1].desc.version') },
    { name: 'a QEMU core whose QEMUCPUState.size is not n_descsz', id: 'qemu-state-size-field', make: () => qemuFile({ stateSizeField: 0x1b0 }), code: 'QEMU_CPU_STATE_SIZE_MISMATCH', message: /says 0x1b0 bytes, the note holds 0x1b8/, problems: only('QEMU_CPU_STATE_SIZE_MISMATCH', stateNote(0, 1) + 24, 'note[1].desc.size') },
    { name: 'a QEMU core whose QEMU note is cut to 0x100 bytes', id: 'qemu-state-cut-0x100', make: () => qemuFile({ stateNoteSize: 0x100 }), code: 'CPU_NOTE_TOO_SHORT', message: /QEMU note 0 is 0x100 bytes/, problems: only('CPU_NOTE_TOO_SHORT', stateNote(0, 1) + N_DESCSZ, 'note[1].n_descsz') },
    { name: 'a QEMU core with one NT_PRSTATUS for two vCPUs', id: 'qemu-one-prstatus-two-cpus', make: () => qemuFile({ cpuCount: 2, prstatusCount: 1 }), code: 'QEMU_CPU_NOTES_MISMATCH', message: /1 NT_PRSTATUS note\(s\) but 2 QEMU note\(s\)/, problems: only('QEMU_CPU_NOTES_MISMATCH', QEMU_NOTES, 'note[*]') },
    {
      name: 'a QEMU core whose NT_PRSTATUS names another vCPU', id: 'qemu-prstatus-other-cpu', make: () => qemuFile({ cpuCount: 2, prstatusPid: (cpu) => 2 - cpu }), code: 'QEMU_NOTES_DISAGREE', message: /pr_pid 2, expected 1/,
      problems: only2(['QEMU_NOTES_DISAGREE', QEMU_NOTES + 20, 'NT_PRSTATUS[0]'], ['QEMU_NOTES_DISAGREE', QEMU_NOTES + PRSTATUS_RECORD + 20, 'NT_PRSTATUS[1]']),
    },
    {
      name: 'a QEMU core whose section header table is past the end', id: 'qemu-section-table-past-end', make: () => qemuFile({ sectionHeaderOffset: 0x7fff_0000 }), code: 'BAD_SECTION_HEADERS', message: /ends past the end of the file/,
      // the .shstrtab after the memory then counts as appended bytes
      problems: () => [['BAD_SECTION_HEADERS', 40, 'e_shoff'], ['TRAILING_DATA', QEMU_NOTES + PRSTATUS_RECORD + QEMU_STATE_RECORD + QEMU_MEMORY, null]],
    },
  );

  // Headers that overlap each other
  const noteSegmentSizeLimit = (result: BuiltDump): bigint => BigInt(Math.min(MIB, result.fileSize - result.noteSegmentOffset));
  entries.push(
    { name: 'e_phoff 0: the table over the ELF header', id: 'e-phoff-0', make: mutated((result) => writeU64(result.path, 32, 0n)), code: 'PROGRAM_HEADERS_OVERLAP', at: () => ({ fileOffset: 32, field: 'e_phoff' }), problems: only('PROGRAM_HEADERS_OVERLAP', 32, 'e_phoff') },
    {
      name: 'a PT_LOAD whose bytes start inside the headers', id: 'pt-load-inside-headers', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 1) + P_OFFSET, 0x40n)), code: 'SEGMENT_OVERLAPS_HEADERS', at: (result) => ({ fileOffset: programHeaderOffset(result, 1) + P_OFFSET, field: 'program_header[1].p_offset' }),
      problems: (made) => [['SEGMENT_OVERLAPS_HEADERS', ph(made, 1) + P_OFFSET, 'program_header[1].p_offset']], structure: () => ({ droppedLoads: [1] }),
    },
    { name: 'a PT_NOTE inside the program header table', id: 'pt-note-inside-headers', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 0) + P_OFFSET, 0x60n)), code: 'SEGMENT_OVERLAPS_HEADERS', problems: (made) => [['SEGMENT_OVERLAPS_HEADERS', ph(made, 0) + P_OFFSET, 'program_header[0].p_offset']], structure: () => notesGone },
    { name: 'a note name without its NUL', id: 'note-name-without-nul', make: mutated((result) => writeBytes(result.path, result.cpuNoteOffsets[0] + N_NAME + 5, Buffer.from('X'))), code: 'NOTE_NAME_NOT_TERMINATED', problems: (made) => [['NOTE_NAME_NOT_TERMINATED', cpuNote(made, 0) + N_NAME + 5, 'note[1].name']] },
    { name: 'n_namesz 2^32 - 8', id: 'n-namesz-2-32-minus-8', make: mutated((result) => writeU32(result.path, result.noteSegmentOffset, 0xffff_fff8)), code: 'NOTE_BEYOND_SEGMENT', problems: (made) => [['NOTE_BEYOND_SEGMENT', built(made).noteSegmentOffset, 'note[0].n_descsz'], ['VBCORE_MISSING', built(made).noteSegmentOffset, 'note[0].name']], structure: () => notesGone },
    {
      name: 'a note segment running into zeroed memory', id: 'note-segment-into-zeroed-memory',
      make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 0) + P_FILESZ, noteSegmentSizeLimit(result)), { ...base, ranges: [{ physicalAddress: 0, size: 0x2_0000 }, ...base.ranges.slice(1)], fill: 'none' }),
      code: 'TOO_MANY_NOTES',
      // past the real notes every 20 bytes of zeros read as a note of no name: the 4097th is the limit
      problems: (made) => {
        const zeros = built(made).dataOffset;
        const first = 1 + built(made).cpuCount;
        const limit = 1 + 4096;
        const named = Array.from({ length: 8 }, (_, index): ExpectedProblem => ['UNKNOWN_NOTE', zeros + index * 20, `note[${first + index}].name`]);
        return [['TOO_MANY_NOTES', zeros + (limit - first) * 20, `note[${limit}]`], ...named, ['UNKNOWN_NOTE', zeros + 8 * 20, 'note[*].name']];
      },
    },
    { name: 'n_descsz 2^31', id: 'n-descsz-2-31', make: mutated((result) => writeU32(result.path, result.noteSegmentOffset + N_DESCSZ, 0x8000_0000)), code: 'NOTE_BEYOND_SEGMENT', problems: (made) => [['NOTE_BEYOND_SEGMENT', built(made).noteSegmentOffset, 'note[0].n_descsz'], ['VBCORE_MISSING', built(made).noteSegmentOffset, 'note[0].name']], structure: () => notesGone },
    {
      name: 'p_offset near 2^64 (p_offset + p_filesz overflows)', id: 'p-offset-near-2-64', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 1) + P_OFFSET, 0xffff_ffff_ffff_f000n)), code: 'VALUE_NOT_SAFE_INTEGER',
      at: (result) => ({ fileOffset: programHeaderOffset(result, 1) + P_OFFSET, field: 'program_header[1].p_offset' }), problems: (made) => [['VALUE_NOT_SAFE_INTEGER', ph(made, 1) + P_OFFSET, 'program_header[1].p_offset']], structure: () => ({ droppedLoads: [1] }),
    },
    { name: 'p_memsz 2^64 - 1', id: 'p-memsz-2-64-minus-1', make: mutated((result) => writeU64(result.path, programHeaderOffset(result, 1) + P_MEMSZ, 0xffff_ffff_ffff_ffffn)), code: 'VALUE_NOT_SAFE_INTEGER', problems: (made) => [['VALUE_NOT_SAFE_INTEGER', ph(made, 1) + P_MEMSZ, 'program_header[1].p_memsz']], structure: () => ({ droppedLoads: [1] }) },
  );

  // Cut at every position: inside the program headers, inside the notes, and at the start and in
  // the middle of every range with data.
  entries.push(
    { name: 'cut inside the program header table', id: 'cut-in-program-headers', make: mutated((result) => fs.truncateSync(result.path, result.programHeaderTableOffset + 100)), code: 'PROGRAM_HEADERS_BEYOND_EOF', problems: only('PROGRAM_HEADERS_BEYOND_EOF', 32, 'e_phoff') },
    {
      name: 'cut inside the notes', id: 'cut-in-notes', make: mutated((result) => fs.truncateSync(result.path, result.noteSegmentOffset + 30)), code: 'NOTE_SEGMENT_BEYOND_EOF',
      problems: (made) => [['VBCORE_MISSING', built(made).noteSegmentOffset, 'note[0].name'], ['NOTE_SEGMENT_BEYOND_EOF', ph(made, 0) + P_FILESZ, 'program_header[0].p_filesz'], truncated(made, 1)], structure: () => notesGone,
    },
    { name: 'cut right after the notes (no memory at all)', id: 'cut-after-notes', make: mutated((result) => fs.truncateSync(result.path, result.dataOffset)), code: 'TRUNCATED_DUMP', problems: (made) => [truncated(made, 1)] },
  );
  base.ranges.forEach((range, index) => {
    if (range.mmio) return;
    const at = range.physicalAddress.toString(16);
    entries.push(
      { name: `cut at the start of range ${index} (${at})`, id: `cut-at-start-of-range-${index}`, make: mutated((result) => fs.truncateSync(result.path, result.ranges[index].fileOffset)), code: 'TRUNCATED_DUMP', problems: (made) => [truncated(made, firstLosing(built(made), made.fileSize!))] },
      { name: `cut in the middle of range ${index} (${at})`, id: `cut-in-middle-of-range-${index}`, make: mutated((result) => fs.truncateSync(result.path, result.ranges[index].fileOffset + Math.floor(range.size / 2) + 3)), code: 'TRUNCATED_DUMP', problems: (made) => [truncated(made, firstLosing(built(made), made.fileSize!))] },
    );
  });
  return entries;
}

function only2(...problems: ExpectedProblem[]): () => ExpectedProblem[] {
  return () => problems;
}

/** test/qemu-cores.ts's layout: section headers at 64, program headers at 192, notes after two entries. */
const QEMU_PROGRAM_HEADERS = 64 + 2 * 64;
const QEMU_NOTES = QEMU_PROGRAM_HEADERS + 2 * 56;
/** One NT_PRSTATUS record: header, "CORE\0" padded to 8, the 0x150-byte elf_prstatus. */
const PRSTATUS_RECORD = 12 + 8 + 0x150;
/** One QEMU record: header, "QEMU\0" padded to 8, the 0x1b8-byte QEMUCPUState. */
const QEMU_STATE_RECORD = 12 + 8 + 0x1b8;
const QEMU_MEMORY = 64 * 1024;
