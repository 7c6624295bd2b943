/**
 * The headers of a Windows kernel image as it lies in memory, for tests of kernel naming: DOS
 * header, NT headers (PE32+), a section table, a debug directory and its CodeView (RSDS) record.
 * Offsets restated from Microsoft's PE format page, independently of schemas/pe_*.ksy.
 */

/** What the image says about itself. */
export interface PeImageSpec {
  /** SizeOfImage. */
  sizeOfImage: number;
  /** TimeDateStamp. */
  timeDateStamp: number;
  /** Sections (name, RVA, size), in order. */
  sections: readonly PeSectionSpec[];
  /** The CodeView record, or none (no debug directory). */
  codeView?: CodeViewSpec;
  /** Where the debug directory and the record go (RVAs inside the first page by default). */
  debugDirectoryRva?: number;
  /** The e_lfanew value (0x108 by default). */
  ntHeadersOffset?: number;
  /** IMAGE_FILE_HEADER.Machine (0x8664 by default). */
  machine?: number;
}

/** One section of the image. */
export interface PeSectionSpec {
  /** Its name (at most 8 characters). */
  name: string;
  /** Its RVA. */
  virtualAddress: number;
  /** Its size in memory. */
  virtualSize: number;
}

/** The PDB the image names. */
export interface CodeViewSpec {
  /** The PDB's file name (ntkrnlmp.pdb). */
  pdbName: string;
  /** Its GUID, as symbol servers print it (8-4-4-4-12 hex digits). */
  guid: string;
  /** Its age. */
  age: number;
}

/** Bytes of the image at an RVA. */
export interface PeImagePiece {
  /** Where in the image. */
  readonly rva: number;
  /** What. */
  readonly bytes: Buffer;
}

/** Bytes to place at RVAs of the image (add the image's physical address to write them). */
export interface PeImagePieces {
  /** The headers at RVA 0 (8 KiB), with the debug directory and record when they are inside them. */
  readonly pieces: readonly PeImagePiece[];
}

const OPTIONAL_HEADER_SIZE = 0xf0; // PE32+ with 16 data directories
const DEBUG_DIRECTORY_INDEX = 6;

/** The header page of a PE32+ image, and its debug data. */
export function buildPeImage(spec: PeImageSpec): PeImagePieces {
  // two pages, so that headers placed past the first (e_lfanew near 4 KiB) can be built
  const page = Buffer.alloc(0x2000);
  const ntOffset = spec.ntHeadersOffset ?? 0x108;
  page.write('MZ', 0, 'latin1');
  page.writeUInt32LE(ntOffset, 0x3c);
  page.write('PE\0\0', ntOffset, 'latin1');
  const file = ntOffset + 4;
  page.writeUInt16LE(spec.machine ?? 0x8664, file);
  page.writeUInt16LE(spec.sections.length, file + 2);
  page.writeUInt32LE(spec.timeDateStamp >>> 0, file + 4);
  page.writeUInt16LE(OPTIONAL_HEADER_SIZE, file + 16);
  page.writeUInt16LE(0x22, file + 18); // executable, large-address aware
  const optional = file + 20;
  page.writeUInt16LE(0x20b, optional);
  page.writeBigUInt64LE(0x1_4000_0000n, optional + 24); // ImageBase as linked
  page.writeUInt32LE(0x1000, optional + 32); // SectionAlignment
  page.writeUInt32LE(0x200, optional + 36); // FileAlignment
  page.writeUInt32LE(spec.sizeOfImage, optional + 56);
  page.writeUInt32LE(0x600, optional + 60); // SizeOfHeaders
  page.writeUInt16LE(1, optional + 68); // native subsystem
  page.writeUInt32LE(16, optional + 108); // NumberOfRvaAndSizes
  const sectionTable = optional + OPTIONAL_HEADER_SIZE;
  spec.sections.forEach((section, index) => {
    const at = sectionTable + index * 40;
    page.write(section.name.slice(0, 8), at, 'latin1');
    page.writeUInt32LE(section.virtualSize, at + 8);
    page.writeUInt32LE(section.virtualAddress, at + 12);
  });
  const pieces: PeImagePiece[] = [{ rva: 0, bytes: page }];
  if (spec.codeView !== undefined) {
    const record = codeViewRecord(spec.codeView);
    const directoryRva = spec.debugDirectoryRva ?? 0x800;
    const recordRva = directoryRva + 28;
    const directory = Buffer.alloc(28);
    directory.writeUInt32LE(spec.timeDateStamp >>> 0, 4);
    directory.writeUInt32LE(2, 12); // IMAGE_DEBUG_TYPE_CODEVIEW
    directory.writeUInt32LE(record.length, 16);
    directory.writeUInt32LE(recordRva, 20);
    page.writeUInt32LE(directoryRva, optional + 112 + DEBUG_DIRECTORY_INDEX * 8);
    page.writeUInt32LE(28, optional + 112 + DEBUG_DIRECTORY_INDEX * 8 + 4);
    const debugData = Buffer.concat([directory, record]);
    if (directoryRva + debugData.length <= page.length) debugData.copy(page, directoryRva);
    else pieces.push({ rva: directoryRva, bytes: debugData });
  }
  return { pieces };
}

/** CV_INFO_PDB70: "RSDS", the GUID (first three fields little-endian), the age, the name with NUL. */
function codeViewRecord(codeView: CodeViewSpec): Buffer {
  const digits = codeView.guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(digits)) throw new Error(`${codeView.guid} is not a GUID`);
  const record = Buffer.alloc(24 + Buffer.byteLength(codeView.pdbName) + 1);
  record.write('RSDS', 0, 'latin1');
  record.writeUInt32LE(Number.parseInt(digits.slice(0, 8), 16), 4);
  record.writeUInt16LE(Number.parseInt(digits.slice(8, 12), 16), 8);
  record.writeUInt16LE(Number.parseInt(digits.slice(12, 16), 16), 10);
  Buffer.from(digits.slice(16), 'hex').copy(record, 12);
  record.writeUInt32LE(codeView.age, 20);
  record.write(codeView.pdbName, 24, 'utf8');
  return record;
}
