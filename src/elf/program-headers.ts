import { VboxElf64ProgramHeader } from '../../generated/VboxElf64ProgramHeader';
import { ByteSource } from '../io/byte-source';
import { exactU64, fieldPosition, parseTable, parseWindow, ParseFailure } from '../kaitai/window';
import { enumName, hex } from '../model/numbers';
import { ProblemCollector, reportFirstFew } from '../model/problem-collector';
import { ElfHeaderInfo, ProgramHeaderInfo } from '../model/types';
import { ELF64_PROGRAM_HEADER_SIZE } from './sizes';

const FIELD_NAMES = {
  pType: 'p_type',
  pFlags: 'p_flags',
  pOffset: 'p_offset',
  pVaddr: 'p_vaddr',
  pPaddr: 'p_paddr',
  pFilesz: 'p_filesz',
  pMemsz: 'p_memsz',
  pAlign: 'p_align',
} as const;

export type ProgramHeaderField = (typeof FIELD_NAMES)[keyof typeof FIELD_NAMES];

/**
 * Where each field sits inside an entry, as the parser records it. Every entry has the same
 * fixed layout, so one parse of an empty entry gives the positions for all of them.
 */
const FIELD_POSITIONS: Record<ProgramHeaderField, number> = (() => {
  const parsed = parseWindow(VboxElf64ProgramHeader, new Uint8Array(ELF64_PROGRAM_HEADER_SIZE));
  if (parsed instanceof ParseFailure) throw parsed.cause;
  const positions = {} as Record<ProgramHeaderField, number>;
  for (const [parserName, elfName] of Object.entries(FIELD_NAMES)) positions[elfName] = fieldPosition(parsed.value, parserName);
  return positions;
})();

/** The u8 fields, each with the model's name for it. */
const SIXTY_FOUR_BIT_FIELDS = [
  ['pOffset', 'fileOffset'],
  ['pVaddr', 'virtualAddress'],
  ['pPaddr', 'physicalAddress'],
  ['pFilesz', 'fileSize'],
  ['pMemsz', 'memorySize'],
  ['pAlign', 'align'],
] as const;

/**
 * Reads the whole program header table in one positional read (at most 65535 x 56 bytes, and
 * its end was checked against the file size) and parses it entry by entry.
 */
export function readProgramHeaders(source: ByteSource, header: ElfHeaderInfo, problems: ProblemCollector): ProgramHeaderInfo[] {
  const tableOffset = header.programHeaderOffset;
  const window = source.readAt(tableOffset, header.programHeaderCount * ELF64_PROGRAM_HEADER_SIZE);
  return parseTable(VboxElf64ProgramHeader, window, header.programHeaderCount, ELF64_PROGRAM_HEADER_SIZE).map((entry, index): ProgramHeaderInfo => {
    const values: Record<string, number | null> = {};
    for (const [parserName, modelName] of SIXTY_FOUR_BIT_FIELDS) {
      const value = entry[parserName];
      const elfName = FIELD_NAMES[parserName];
      if (Number.isSafeInteger(value)) {
        values[modelName] = value;
        continue;
      }
      values[modelName] = null;
      // p_vaddr and p_align are not used for reading; a stray value there is still reported.
      problems.add('VALUE_NOT_SAFE_INTEGER', `program header ${index}: ${elfName} is ${hex(exactU64(entry, parserName, window))}, 2^53 or more`, {
        fileOffset: tableOffset + fieldPosition(entry, parserName),
        field: `program_header[${index}].${elfName}`,
      });
    }
    return {
      index,
      entryOffset: tableOffset + index * ELF64_PROGRAM_HEADER_SIZE,
      type: entry.pType,
      typeName: enumName(VboxElf64ProgramHeader.SegmentType, entry.pType),
      flags: entry.pFlags,
      fileOffset: values.fileOffset ?? null,
      virtualAddress: values.virtualAddress ?? null,
      physicalAddress: values.physicalAddress ?? null,
      fileSize: values.fileSize ?? null,
      memorySize: values.memorySize ?? null,
      align: values.align ?? null,
    };
  });
}

export function isLoad(entry: ProgramHeaderInfo): boolean {
  return entry.type === VboxElf64ProgramHeader.SegmentType.LOAD;
}

export function isNote(entry: ProgramHeaderInfo): boolean {
  return entry.type === VboxElf64ProgramHeader.SegmentType.NOTE;
}

/** File offset of one field of a program header, for problem locations. */
export function programHeaderFieldOffset(entry: ProgramHeaderInfo, field: ProgramHeaderField): number {
  return entry.entryOffset + FIELD_POSITIONS[field];
}

/** Segments other than PT_LOAD and PT_NOTE carry nothing vboxcore reads; say so rather than drop them silently. */
export function reportOtherSegments(programHeaders: readonly ProgramHeaderInfo[], problems: ProblemCollector): void {
  const others = programHeaders.filter((entry) => !isLoad(entry) && !isNote(entry));
  reportFirstFew(
    others,
    8,
    (entry) =>
      problems.add('UNEXPECTED_SEGMENT_TYPE', `program header ${entry.index} has p_type ${entry.typeName}, neither PT_LOAD nor PT_NOTE; ignored`, {
        fileOffset: programHeaderFieldOffset(entry, 'p_type'),
        field: `program_header[${entry.index}].p_type`,
      }),
    (first, count) =>
      problems.add('UNEXPECTED_SEGMENT_TYPE', `${count} more program headers (from ${first.index}) are neither PT_LOAD nor PT_NOTE; ignored`, {
        fileOffset: programHeaderFieldOffset(first, 'p_type'),
        field: `program_header[${first.index}].p_type`,
        details: { count },
      }),
  );
}
