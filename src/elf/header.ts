import { Elf64SectionHeader } from '../../generated/Elf64SectionHeader';
import { VboxElf64Header } from '../../generated/VboxElf64Header';
import { ByteSource } from '../io/byte-source';
import { exactU64, fieldPosition, parseWindow, ParseFailure } from '../kaitai/window';
import { enumName, hex } from '../model/numbers';
import { ProblemCollector } from '../model/problem-collector';
import { ElfHeaderInfo } from '../model/types';
import { recognizeSignature } from './foreign-signatures';
import { ELF64_HEADER_SIZE, ELF64_PROGRAM_HEADER_SIZE } from './sizes';

const IDENT_SIZE = 16;

/** Reads and checks the ELF header from the first 64 bytes; every failure here is fatal. */
export function readElfHeader(source: ByteSource, problems: ProblemCollector): ElfHeaderInfo {
  if (source.size === 0) problems.stop('EMPTY_FILE', 'the file is empty (0 bytes)', { fileOffset: 0 });

  const window = source.readWindow(0, ELF64_HEADER_SIZE);
  const ident = parseWindow(VboxElf64Header.Identification, window.subarray(0, IDENT_SIZE));
  if (ident instanceof ParseFailure) {
    if (ident.kind === 'validation') {
      const found = Buffer.from(window.subarray(0, 4)).toString('hex').replace(/(..)(?!$)/g, '$1 ');
      const known = recognizeSignature(window);
      problems.stop('NOT_ELF', `not an ELF file${known === null ? '' : ` but ${known}`}: the first bytes are ${found}, expected 7f 45 4c 46`, { fileOffset: 0, field: 'e_ident[EI_MAG0..3]' });
    }
    problems.stop('HEADER_TRUNCATED', `the file is ${source.size} bytes, shorter than the 64-byte ELF64 header`, { fileOffset: 0, field: 'e_ident' });
  }
  const identValue = ident.value;
  if (identValue.fileClass !== VboxElf64Header.FileClass.ELF64) {
    const what = identValue.fileClass === VboxElf64Header.FileClass.ELF32 ? 'a 32-bit ELF file (ELFCLASS32)' : `EI_CLASS ${identValue.fileClass}`;
    problems.stop('NOT_ELF64', `${what}; vboxcore reads ELF64 cores (EI_CLASS 2): VirtualBox writes nothing else, QEMU writes ELF32 only for a guest outside long mode whose memory stays below 4 GiB`, { fileOffset: fieldPosition(identValue, 'fileClass'), field: 'e_ident[EI_CLASS]' });
  }
  if (identValue.dataEncoding !== VboxElf64Header.DataEncoding.LITTLE_ENDIAN) {
    const what = identValue.dataEncoding === VboxElf64Header.DataEncoding.BIG_ENDIAN ? 'big-endian (ELFDATA2MSB)' : `EI_DATA ${identValue.dataEncoding}`;
    problems.stop('NOT_LITTLE_ENDIAN', `${what}; VirtualBox and QEMU x86 cores are little-endian (EI_DATA 1)`, { fileOffset: fieldPosition(identValue, 'dataEncoding'), field: 'e_ident[EI_DATA]' });
  }
  if (source.size < ELF64_HEADER_SIZE) {
    problems.stop('HEADER_TRUNCATED', `the file is ${source.size} bytes, shorter than the 64-byte ELF64 header`, { fileOffset: source.size, field: 'ELF64 header' });
  }

  const parsed = parseWindow(VboxElf64Header, window);
  if (parsed instanceof ParseFailure) throw parsed.cause; // ident and size were checked: cannot happen
  const header = parsed.value;

  if (header.eType !== VboxElf64Header.ObjectType.CORE) {
    problems.stop('NOT_CORE', `e_type is ${enumName(VboxElf64Header.ObjectType, header.eType)} (${header.eType}), expected ET_CORE (4): this ELF file is not a memory dump`, {
      fileOffset: fieldPosition(header, 'eType'),
      field: 'e_type',
    });
  }
  if (header.eMachine !== VboxElf64Header.Machine.X86_64 && header.eMachine !== VboxElf64Header.Machine.X86) {
    problems.add('UNEXPECTED_MACHINE', `e_machine is ${header.eMachine}, expected EM_X86_64 (62) or EM_386 (3)`, { fileOffset: fieldPosition(header, 'eMachine'), field: 'e_machine' });
  }
  if (header.ePhentsize !== ELF64_PROGRAM_HEADER_SIZE) {
    problems.stop('BAD_PHENTSIZE', `e_phentsize is ${header.ePhentsize}, expected 56 (the size of an ELF64 program header)`, {
      fileOffset: fieldPosition(header, 'ePhentsize'),
      field: 'e_phentsize',
    });
  }
  if (header.ePhnum === 0) {
    problems.stop('NO_PROGRAM_HEADERS', 'e_phnum is 0: no segments, so no notes and no memory', { fileOffset: fieldPosition(header, 'ePhnum'), field: 'e_phnum' });
  }
  const phoffOffset = fieldPosition(header, 'ePhoff');
  if (!Number.isSafeInteger(header.ePhoff)) {
    problems.stop('VALUE_NOT_SAFE_INTEGER', `e_phoff is ${hex(exactU64(header, 'ePhoff', window))}, beyond 2^53 and beyond any file`, { fileOffset: phoffOffset, field: 'e_phoff' });
  }
  if (header.ePhoff < ELF64_HEADER_SIZE) {
    problems.stop('PROGRAM_HEADERS_OVERLAP', `e_phoff is ${hex(header.ePhoff)}: the program header table would overlap the 64-byte ELF header`, { fileOffset: phoffOffset, field: 'e_phoff' });
  }
  const programHeaderCount = programHeaderCountOf(source, header);
  const tableEnd = header.ePhoff + programHeaderCount * ELF64_PROGRAM_HEADER_SIZE;
  if (tableEnd > source.size) {
    const count = programHeaderCount === header.ePhnum ? `${programHeaderCount} entries` : `${programHeaderCount} entries (e_phnum PN_XNUM, the count in section 0's sh_info)`;
    problems.stop(
      'PROGRAM_HEADERS_BEYOND_EOF',
      `the program header table (e_phoff ${hex(header.ePhoff)}, ${count} of 56 bytes) ends at ${hex(tableEnd)}, past the end of the file at ${hex(source.size)}`,
      { fileOffset: phoffOffset, field: 'e_phoff', details: { tableEnd, fileSize: source.size } },
    );
  }

  return {
    fileClass: identValue.fileClass,
    dataEncoding: identValue.dataEncoding,
    identVersion: identValue.headerVersion,
    osAbi: identValue.osAbi,
    type: header.eType,
    typeName: enumName(VboxElf64Header.ObjectType, header.eType),
    machine: header.eMachine,
    machineName: enumName(VboxElf64Header.Machine, header.eMachine),
    version: header.eVersion,
    entry: Number.isSafeInteger(header.eEntry) ? header.eEntry : null,
    programHeaderOffset: header.ePhoff,
    sectionHeaderOffset: Number.isSafeInteger(header.eShoff) ? header.eShoff : null,
    flags: header.eFlags,
    headerSize: header.eEhsize,
    programHeaderEntrySize: header.ePhentsize,
    programHeaderCount,
    sectionHeaderEntrySize: header.eShentsize,
    sectionHeaderCount: header.eShnum,
    sectionNameIndex: header.eShstrndx,
  };
}


/** e_phnum's value that sends readers to section header 0's sh_info for the real count (more than 65534 segments). */
const PN_XNUM = 0xffff;
const SECTION_HEADER_SIZE = 64;

/**
 * The number of program headers: e_phnum, or, when it is PN_XNUM and a section header table is
 * there, section 0's sh_info (QEMU writes this for guests with more than 65534 ranges). Without
 * a readable section 0, PN_XNUM is taken literally, which the bounds check then judges.
 */
function programHeaderCountOf(source: ByteSource, header: VboxElf64Header): number {
  if (header.ePhnum !== PN_XNUM || header.eShoff === 0 || !Number.isSafeInteger(header.eShoff) || header.eShoff + SECTION_HEADER_SIZE > source.size) return header.ePhnum;
  const section = parseWindow(Elf64SectionHeader, source.readWindow(header.eShoff, SECTION_HEADER_SIZE));
  if (section instanceof ParseFailure || section.value.shInfo === 0) return header.ePhnum;
  return section.value.shInfo;
}

/**
 * File offsets of ELF header fields, as the parser records them: one parse of a blank header
 * (only the magic set, which the schema requires) gives them, so they are not restated here.
 */
const HEADER_FIELD_OFFSETS: Readonly<Record<'e_shoff' | 'e_shentsize' | 'e_shnum', number>> = (() => {
  const blank = new Uint8Array(ELF64_HEADER_SIZE);
  blank.set([0x7f, 0x45, 0x4c, 0x46]);
  const parsed = parseWindow(VboxElf64Header, blank);
  if (parsed instanceof ParseFailure) throw parsed.cause;
  return { e_shoff: fieldPosition(parsed.value, 'eShoff'), e_shentsize: fieldPosition(parsed.value, 'eShentsize'), e_shnum: fieldPosition(parsed.value, 'eShnum') };
})();

export function elfHeaderFieldOffset(field: keyof typeof HEADER_FIELD_OFFSETS): number {
  return HEADER_FIELD_OFFSETS[field];
}

/** End of the ELF header and the program header table: no segment's bytes may start before it. */
export function headersEnd(header: ElfHeaderInfo): number {
  return Math.max(ELF64_HEADER_SIZE, header.programHeaderOffset + header.programHeaderCount * ELF64_PROGRAM_HEADER_SIZE);
}
