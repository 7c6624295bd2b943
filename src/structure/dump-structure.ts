/**
 * What each byte of a dump's headers and notes is: the ELF header, the program headers, every
 * note and, inside the notes the producer's schemas know (VBCORE, VBCPU; QEMU's CORE and QEMU
 * notes), their fields. Read again from the file with the generated parsers, never restated:
 * the tree is the schemas' view of the bytes, for the viewer's structure pane and for tools.
 * Reads only the headers and the note segment, so a 24 GB dump costs what its notes are.
 */
import { ElfNote } from '../../generated/ElfNote';
import { ElfPrstatusX86 } from '../../generated/ElfPrstatusX86';
import { QemuCpuState } from '../../generated/QemuCpuState';
import { VboxCoreDescriptor } from '../../generated/VboxCoreDescriptor';
import { VboxCpuState } from '../../generated/VboxCpuState';
import { VboxElf64Header } from '../../generated/VboxElf64Header';
import { VboxElf64ProgramHeader } from '../../generated/VboxElf64ProgramHeader';
import { VboxElfNote } from '../../generated/VboxElfNote';
import { isNote } from '../elf/program-headers';
import { NOTE_SEGMENT_LIMIT } from '../elf/note-segment';
import { descriptorFileOffset, NoteRecord, walkNoteRecords } from '../elf/note-records';
import { parseTable, parseWindow, ParseFailure, WithFieldSpans } from '../kaitai/window';
import { ProblemCollector } from '../model/problem-collector';
import { NT_PRSTATUS, QEMU_NOTE_TYPE } from '../producers/qemu/notes';
import { CORE_NOTE_NAME, CPU_NOTE_NAME } from '../producers/virtualbox/notes';
import type { CoreDescriptorInfo, ElfHeaderInfo, ProgramHeaderInfo, Producer } from '../model/types';
import { ELEMENTS_SHOWN, objectNode, ParsedWindow, StructureNode } from './field-tree';

/** What the structure needs of an open dump (sync or async: `readFileBytes` may return either). */
export interface StructureSource {
  /** Who wrote the dump: it says which schemas read the notes. */
  readonly producer: Producer;
  /** The ELF header, as opened. */
  readonly header: ElfHeaderInfo;
  /** Every program header, as opened. */
  readonly programHeaders: readonly ProgramHeaderInfo[];
  /** The VBCORE descriptor's format version picks the VBCPU layout; null without one. */
  readonly descriptor: Pick<CoreDescriptorInfo, 'formatVersion'> | null;
  /** The file's size: a note segment cut by the end of the file is read as far as it goes. */
  readonly fileSize: number;
  /** Bytes of the file (the header, the table, the note segment). */
  readFileBytes(fileOffset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

const ELF_HEADER_SIZE = 64;
const PROGRAM_HEADER_SIZE = 56;

type Parsed = WithFieldSpans & Record<string, unknown>;

/**
 * The dump's structure as a tree: `elf_header`, `program_headers` (the first ELEMENTS_SHOWN
 * entries; a count node for the rest) and `notes`, each node with its file offset and length.
 * The dump has been opened, so its header and tables are known to be there.
 */
export async function describeStructure(dump: StructureSource): Promise<StructureNode> {
  const children: StructureNode[] = [];
  const headerWindow = { bytes: await dump.readFileBytes(0, ELF_HEADER_SIZE), fileOffset: 0 };
  const header = parseWindow(VboxElf64Header, headerWindow.bytes);
  children.push(objectNode(parsedValue(header), 'VboxElf64Header', headerWindow, { label: 'elf_header', path: 'elf_header', fileOffset: 0, length: ELF_HEADER_SIZE }));
  children.push(await programHeaderNodes(dump));
  const notes = await noteNodes(dump);
  if (notes !== null) children.push(notes);
  const end = Math.max(...children.map((node) => node.fileOffset + node.length));
  return { label: 'dump', path: 'dump', fileOffset: 0, length: end, value: null, typeName: null, origId: null, doc: 'the headers and notes of the dump, as the schemas read them', children };
}

function parsedValue<T>(result: { value: T } | ParseFailure<T>): Parsed {
  // A failed parse still has the fields read before the failure: they are shown as far as they go.
  return (result instanceof ParseFailure ? result.partial : result.value) as unknown as Parsed;
}

async function programHeaderNodes(dump: StructureSource): Promise<StructureNode> {
  const tableOffset = dump.header.programHeaderOffset;
  const shown = Math.min(dump.programHeaders.length, ELEMENTS_SHOWN);
  const window: ParsedWindow = { bytes: await dump.readFileBytes(tableOffset, shown * PROGRAM_HEADER_SIZE), fileOffset: tableOffset };
  const entries = parseTable(VboxElf64ProgramHeader, window.bytes, shown, PROGRAM_HEADER_SIZE).map((entry, index) =>
    objectNode(entry as unknown as Parsed, 'VboxElf64ProgramHeader', window, { label: `program_header[${index}]`, path: `program_headers[${index}]`, fileOffset: tableOffset + index * PROGRAM_HEADER_SIZE, length: PROGRAM_HEADER_SIZE }),
  );
  const rest = dump.programHeaders.length - shown;
  if (rest > 0) {
    const fileOffset = tableOffset + shown * PROGRAM_HEADER_SIZE;
    entries.push({ label: `${rest} more`, path: 'program_headers[more]', fileOffset, length: rest * PROGRAM_HEADER_SIZE, value: null, typeName: null, origId: null, doc: `program headers not listed one by one (the first ${ELEMENTS_SHOWN} are)`, children: [] });
  }
  const count = dump.programHeaders.length;
  return { label: 'program_headers', path: 'program_headers', fileOffset: tableOffset, length: count * PROGRAM_HEADER_SIZE, value: `${count} entries`, typeName: null, origId: 'Elf64_Phdr[]', doc: 'The program header table: one PT_NOTE, then one PT_LOAD per range of guest-physical memory.', children: entries };
}

async function noteNodes(dump: StructureSource): Promise<StructureNode | null> {
  const segment = dump.programHeaders.find(isNote);
  if (segment === undefined || segment.fileOffset === null || segment.fileSize === null || segment.fileSize > NOTE_SEGMENT_LIMIT) return null;
  const present = Math.max(0, Math.min(segment.fileSize, dump.fileSize - segment.fileOffset));
  const bytes = await dump.readFileBytes(segment.fileOffset, present);
  const qemu = dump.producer === 'qemu';
  // Problems were reported when the dump was opened; here the records are only located.
  const records = walkNoteRecords(qemu ? ElfNote : VboxElfNote, bytes, segment.fileOffset, new ProblemCollector(), present < segment.fileSize);
  const window: ParsedWindow = { bytes, fileOffset: segment.fileOffset };
  const children = records.map((record, index) => noteNode(record, index, qemu ? 'ElfNote' : 'VboxElfNote', window, dump));
  return { label: 'notes', path: 'notes', fileOffset: segment.fileOffset, length: present, value: `${records.length} notes`, typeName: null, origId: 'PT_NOTE', doc: 'The PT_NOTE segment: the note records, one after another.', children };
}

/** The parser and type of a note's descriptor, by the note's name and type; null for notes no schema reads. */
function descriptorSchema(record: NoteRecord, dump: StructureSource): { parse: (bytes: Uint8Array) => Parsed; typeName: string; label: string } | null {
  const { name } = record.note;
  const type = record.note.header.nType;
  if (dump.producer !== 'qemu' && name === CORE_NOTE_NAME) return { parse: (bytes) => parsedValue(parseWindow(VboxCoreDescriptor, bytes)), typeName: 'VboxCoreDescriptor', label: 'DBGFCOREDESCRIPTOR' };
  if (dump.producer !== 'qemu' && name === CPU_NOTE_NAME) return { parse: (bytes) => parsedValue(parseWindow(VboxCpuState, bytes, dump.descriptor?.formatVersion ?? 0)), typeName: 'VboxCpuState', label: 'vCPU state' };
  if (dump.producer === 'qemu' && name === 'QEMU' && type === QEMU_NOTE_TYPE) return { parse: (bytes) => parsedValue(parseWindow(QemuCpuState, bytes)), typeName: 'QemuCpuState', label: 'QEMUCPUState' };
  if (dump.producer === 'qemu' && name === 'CORE' && type === NT_PRSTATUS) return { parse: (bytes) => parsedValue(parseWindow(ElfPrstatusX86, bytes)), typeName: 'ElfPrstatusX86', label: 'NT_PRSTATUS' };
  return null;
}

function noteNode(record: NoteRecord, index: number, noteType: 'ElfNote' | 'VboxElfNote', segment: ParsedWindow, dump: StructureSource): StructureNode {
  const note = record.note as unknown as Parsed;
  const place = { label: `note[${index}] ${JSON.stringify(record.note.name)}`, path: `notes[${index}]`, fileOffset: record.fileOffset, length: record.note.header.recordSize ?? 0 };
  const node = objectNode(note, noteType, segment, place);
  const schema = descriptorSchema(record, dump);
  if (schema === null) return node;
  // The descriptor is parsed standalone from its own bytes, as the library parses it.
  const descriptorWindow: ParsedWindow = { bytes: record.note.descriptor, fileOffset: descriptorFileOffset(record) };
  const descriptor = objectNode(schema.parse(record.note.descriptor), schema.typeName, descriptorWindow, { label: `descriptor (${schema.label})`, path: `notes[${index}].descriptor`, fileOffset: descriptorWindow.fileOffset, length: record.note.descriptor.length });
  return { ...node, children: node.children.map((child) => (child.label === 'descriptor' ? { ...descriptor, doc: child.doc ?? descriptor.doc, origId: child.origId } : child)) };
}
