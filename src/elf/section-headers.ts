import { Elf64SectionHeader } from '../../generated/Elf64SectionHeader';
import { ByteSource } from '../io/byte-source';
import { fieldPosition, parseTable } from '../kaitai/window';
import { hex } from '../model/numbers';
import { ProblemCollector } from '../model/problem-collector';
import { ElfHeaderInfo } from '../model/types';
import { elfHeaderFieldOffset } from './header';

const SECTION_HEADER_SIZE = 64;

/** Where a section's bytes are in the file. */
export interface FileExtent {
  readonly fileOffset: number;
  readonly size: number;
}

/**
 * The file extents of the sections, so that QEMU's .shstrtab after the last PT_LOAD is not
 * taken for appended bytes. VirtualBox writes no sections. Section problems are warnings:
 * nothing vboxcore reads depends on them.
 */
export function readSectionExtents(source: ByteSource, header: ElfHeaderInfo, problems: ProblemCollector): FileExtent[] {
  if (header.sectionHeaderCount === 0) return [];
  const where = { fileOffset: elfHeaderFieldOffset('e_shoff'), field: 'e_shoff' };
  if (header.sectionHeaderEntrySize !== SECTION_HEADER_SIZE) {
    problems.add('BAD_SECTION_HEADERS', `e_shentsize is ${header.sectionHeaderEntrySize}, expected 64 (the size of an ELF64 section header); sections are not read`, { fileOffset: elfHeaderFieldOffset('e_shentsize'), field: 'e_shentsize' });
    return [];
  }
  const tableOffset = header.sectionHeaderOffset;
  const tableSize = header.sectionHeaderCount * SECTION_HEADER_SIZE;
  if (tableOffset === null || tableOffset + tableSize > source.size) {
    problems.add('BAD_SECTION_HEADERS', `the section header table (e_shoff ${tableOffset === null ? '2^53 or more' : hex(tableOffset)}, ${header.sectionHeaderCount} entries of 64 bytes) ends past the end of the file at ${hex(source.size)}; sections are not read`, where);
    return [];
  }
  const window = source.readAt(tableOffset, tableSize);
  const extents: FileExtent[] = [];
  for (const [index, section] of parseTable(Elf64SectionHeader, window, header.sectionHeaderCount, SECTION_HEADER_SIZE).entries()) {
    if (section.shType === Elf64SectionHeader.SectionType.NULL_SECTION || section.shType === Elf64SectionHeader.SectionType.NOBITS || section.shSize === 0) continue;
    const end = section.shOffset + section.shSize;
    if (!Number.isSafeInteger(end) || end > source.size) {
      problems.add('BAD_SECTION_HEADERS', `section ${index} (sh_offset ${hex(section.shOffset)}, sh_size ${hex(section.shSize)}) ends past the end of the file at ${hex(source.size)}`, {
        fileOffset: tableOffset + fieldPosition(section, 'shOffset'), // positions are in the table's window
        field: `section_header[${index}].sh_offset`,
      });
      continue;
    }
    extents.push({ fileOffset: section.shOffset, size: section.shSize });
  }
  // the table itself is file content too
  return [...extents, { fileOffset: tableOffset, size: tableSize }];
}
