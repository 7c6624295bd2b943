import { HoleKind } from '../address-space/physical';
import { VBoxCoreDump } from '../dump';
import { VboxCoreError } from '../errors';
import { hex } from '../model/numbers';
import { ELF64_HEADER_SIZE, ELF64_PROGRAM_HEADER_SIZE } from '../elf/sizes';
import { PF_R, PF_RWX, PT_LOAD, PT_NOTE, writeCoreHeader, writeProgramHeader } from '../elf/writer';
import { NOTE_SEGMENT_LIMIT } from '../elf/note-segment';
import { isLoad, isNote } from '../elf/program-headers';
import { PhysicalWindow, RangeSelection, selectedWindows } from './selection';

/** raw: file offset = physical address; lime: LiME headers and data; elf: a clean ELF64 core. */
export type ExportFormat = 'raw' | 'lime' | 'elf';

/** Bytes of the dump to copy to one place of the output. */
export interface CopyPiece {
  readonly physicalStart: number;
  readonly length: number;
  readonly sourceOffset: number;
  readonly outputOffset: number;
  readonly rangeIndex: number;
}

/** A part of the selection with no bytes in the dump. */
export interface SkippedHole {
  readonly physicalStart: number;
  readonly length: number;
  readonly hole: HoleKind;
  readonly rangeIndex: number | null;
}

export interface ExportPlan {
  readonly format: ExportFormat;
  readonly windows: readonly PhysicalWindow[];
  readonly copies: readonly CopyPiece[];
  /** Headers written before the data (ELF header, program headers and notes; LiME range headers). */
  readonly headers: readonly { readonly outputOffset: number; readonly bytes: Buffer }[];
  readonly holes: readonly SkippedHole[];
  /** Length of the finished output file. */
  readonly outputLength: number;
  readonly bytesToCopy: number;
}

export interface PlanOptions {
  readonly format: ExportFormat;
  readonly selection: RangeSelection;
  readonly allowTruncated: boolean;
  /** The dump's PT_NOTE bytes, carried into ELF output so it stays a VirtualBox core. */
  readonly noteSegment: Buffer | null;
}

const PAGE_SIZE = 4096;
const LIME_MAGIC = 0x4c694d45;
const LIME_HEADER_SIZE = 32;
const ELF_MAX_PROGRAM_HEADERS = 0xffff;

function refuseTruncated(holes: readonly SkippedHole[]): void {
  const truncated = holes.filter((hole) => hole.hole === 'truncated');
  if (truncated.length === 0) return;
  const missing = truncated.reduce((sum, hole) => sum + hole.length, 0);
  const list = truncated.map((hole) => `${hex(hole.physicalStart)}-${hex(hole.physicalStart + hole.length)}`).join(', ');
  throw new VboxCoreError('TRUNCATED_DUMP', `the dump is truncated: ${missing} bytes of the selection are missing (${list}); pass --allow-truncated to export what exists and leave these as holes`, {
    details: { missingBytes: missing, holes: truncated },
  });
}

function limeHeader(physicalStart: number, length: number): Buffer {
  const header = Buffer.alloc(LIME_HEADER_SIZE);
  header.writeUInt32LE(LIME_MAGIC, 0);
  header.writeUInt32LE(1, 4);
  header.writeBigUInt64LE(BigInt(physicalStart), 8);
  header.writeBigUInt64LE(BigInt(physicalStart + length - 1), 16); // LiME's end is inclusive
  return header;
}

/** The first offset at or after `cursor` that has the same place in a page as `physicalAddress`. */
function pageCongruent(cursor: number, physicalAddress: number): number {
  return cursor + ((((physicalAddress - cursor) % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
}

function elfHeaders(dump: VBoxCoreDump, pieces: readonly Omit<CopyPiece, 'outputOffset'>[], noteSegment: Buffer | null): { headers: { outputOffset: number; bytes: Buffer }[]; offsets: number[] } {
  const programHeaderCount = pieces.length + (noteSegment === null ? 0 : 1);
  if (programHeaderCount > ELF_MAX_PROGRAM_HEADERS) {
    throw new VboxCoreError('INVALID_ARGUMENT', `the selection needs ${programHeaderCount} ELF program headers, more than ELF's 65535; export as raw or lime`);
  }
  const notesOffset = ELF64_HEADER_SIZE + programHeaderCount * ELF64_PROGRAM_HEADER_SIZE;
  const head = Buffer.alloc(notesOffset + (noteSegment?.length ?? 0));
  writeCoreHeader(head, { identVersion: 1, machine: dump.header.machine, programHeaderCount });
  let index = 0;
  if (noteSegment !== null) {
    // p_align tells readers how notes are laid out: 4, as QEMU's are and as VirtualBox's read too
    // (their 5- and 6-byte names padded to 8); told 8, readelf and drgn stop after the first note.
    writeProgramHeader(head, index++, { type: PT_NOTE, flags: PF_R, fileOffset: notesOffset, virtualAddress: 0, physicalAddress: 0, fileSize: noteSegment.length, memorySize: noteSegment.length, align: 4 });
    noteSegment.copy(head, notesOffset);
  }
  const offsets: number[] = [];
  let cursor = head.length;
  for (const piece of pieces) {
    // p_offset and p_paddr agree modulo the page size, so zero pages become page-sized holes
    const offset = pageCongruent(cursor, piece.physicalStart);
    offsets.push(offset);
    writeProgramHeader(head, index++, { type: PT_LOAD, flags: PF_RWX, fileOffset: offset, virtualAddress: 0, physicalAddress: piece.physicalStart, fileSize: piece.length, memorySize: piece.length, align: PAGE_SIZE });
    cursor = offset + piece.length;
  }
  return { headers: [{ outputOffset: 0, bytes: head }], offsets };
}

/** Decides where every byte goes, before anything is written. */
export function planExport(dump: VBoxCoreDump, options: PlanOptions): ExportPlan {
  const windows = selectedWindows(options.selection, dump.ranges);
  const pieces: Omit<CopyPiece, 'outputOffset'>[] = [];
  const holes: SkippedHole[] = [];
  let rawEnd = 0;
  for (const window of windows) {
    for (const run of dump.physical.mapping(window.start, window.end - window.start)) {
      const physicalStart = Number(run.physicalAddress);
      if (run.kind === 'data') {
        pieces.push({ physicalStart, length: run.length, sourceOffset: run.fileOffset, rangeIndex: run.range.index });
        rawEnd = Math.max(rawEnd, physicalStart + run.length);
      } else {
        holes.push({ physicalStart, length: run.length, hole: run.hole, rangeIndex: run.range?.index ?? null });
        // a truncated or short range keeps its place in a raw image; gaps and MMIO do not extend it
        if (run.hole === 'truncated' || run.hole === 'absent') rawEnd = Math.max(rawEnd, physicalStart + run.length);
      }
    }
  }
  if (!options.allowTruncated) refuseTruncated(holes);
  const bytesToCopy = pieces.reduce((sum, piece) => sum + piece.length, 0);

  if (options.format === 'raw') {
    return { format: 'raw', windows, holes, headers: [], copies: pieces.map((piece) => ({ ...piece, outputOffset: piece.physicalStart })), outputLength: rawEnd, bytesToCopy };
  }
  if (options.format === 'lime') {
    let cursor = 0;
    const headers: { outputOffset: number; bytes: Buffer }[] = [];
    const copies = pieces.map((piece) => {
      headers.push({ outputOffset: cursor, bytes: limeHeader(piece.physicalStart, piece.length) });
      const copy = { ...piece, outputOffset: cursor + LIME_HEADER_SIZE };
      cursor += LIME_HEADER_SIZE + piece.length;
      return copy;
    });
    return { format: 'lime', windows, holes, headers, copies, outputLength: cursor, bytesToCopy };
  }
  const { headers, offsets } = elfHeaders(dump, pieces, options.noteSegment);
  const copies = pieces.map((piece, index) => ({ ...piece, outputOffset: offsets[index] }));
  const outputLength = copies.length === 0 ? headers[0].bytes.length : copies[copies.length - 1].outputOffset + copies[copies.length - 1].length;
  return { format: 'elf', windows, holes, headers, copies, outputLength, bytesToCopy };
}

/**
 * The dump's PT_NOTE segment bytes, carried into an ELF export whoever wrote them (VirtualBox's
 * or QEMU's notes: registers, CR3, VMCOREINFO), or null when the file does not hold them whole.
 */
export function noteSegmentBytes(dump: VBoxCoreDump): Buffer | null {
  const segment = dump.programHeaders.find(isNote);
  if (segment === undefined || segment.fileOffset === null || segment.fileSize === null) return null;
  // A segment larger than any real one (reported as NOTE_SEGMENT_TOO_LARGE) is not carried: it would be read whole into memory.
  if (segment.fileSize > NOTE_SEGMENT_LIMIT || segment.fileOffset + segment.fileSize > dump.fileSize) return null;
  return dump.readFileBytes(segment.fileOffset, segment.fileSize);
}

/** A PT_LOAD the dump's reading left out (its fields are unusable): its data is not exported. */
/** A PT_LOAD that became no range. */
export interface IgnoredLoad {
  /** Its program header. */
  readonly programHeaderIndex: number;
  /** The problem that left it out, as `CODE: message`. */
  readonly reason: string;
}

/** The PT_LOADs that became no range, each with the problem that says why. */
export function ignoredLoads(dump: VBoxCoreDump): IgnoredLoad[] {
  const used = new Set(dump.ranges.map((range) => range.programHeaderIndex));
  return dump.programHeaders.filter((entry) => isLoad(entry) && !used.has(entry.index)).map((entry) => {
    const problem = dump.report.problems.find((candidate) => candidate.field?.startsWith(`program_header[${entry.index}].`));
    return { programHeaderIndex: entry.index, reason: problem === undefined ? 'its fields cannot be used' : `${problem.code}: ${problem.message}` };
  });
}

/** Refuses an export that would leave out PT_LOADs, unless the caller accepts an incomplete output. */
export function refuseIgnoredLoads(ignored: readonly IgnoredLoad[]): void {
  if (ignored.length === 0) return;
  const list = ignored.map((load) => `program header ${load.programHeaderIndex} (${load.reason})`).join('; ');
  throw new VboxCoreError('RANGES_IGNORED', `${ignored.length} PT_LOAD(s) of the dump cannot be exported, their headers being unusable: ${list}; pass --allow-truncated to export the rest without them`, {
    details: { ignored },
  });
}
