import { ByteSource } from '../io/byte-source';
import { hex } from '../model/numbers';
import { ProblemCollector } from '../model/problem-collector';
import { ProgramHeaderInfo } from '../model/types';
import { isNote, programHeaderFieldOffset } from './program-headers';

/** VBCPU notes are at most ~9 KiB and VirtualBox has at most a few hundred vCPUs. */
export const NOTE_SEGMENT_LIMIT = 16 * 1024 * 1024;

/** The PT_NOTE a core's notes are read from: the first one, with what is odd about it reported. */
function findNoteSegment(programHeaders: readonly ProgramHeaderInfo[], problems: ProblemCollector): ProgramHeaderInfo | null {
  const notes = programHeaders.filter(isNote);
  if (notes.length === 0) {
    problems.add('NO_NOTE_SEGMENT', `none of the ${programHeaders.length} program headers is a PT_NOTE: no core descriptor and no vCPU state`, { fileOffset: programHeaders[0]?.entryOffset ?? null, field: 'program_header[*].p_type' });
    return null;
  }
  if (notes.length > 1) {
    problems.add('MULTIPLE_NOTE_SEGMENTS', `${notes.length} PT_NOTE program headers (${notes.map((entry) => entry.index).join(', ')}); VirtualBox writes one. Only program header ${notes[0].index} is read`, {
      fileOffset: programHeaderFieldOffset(notes[1], 'p_type'),
      field: `program_header[${notes[1].index}].p_type`,
    });
  }
  if (notes[0].index !== 0) {
    problems.add('NOTE_SEGMENT_NOT_FIRST', `the PT_NOTE is program header ${notes[0].index}, VirtualBox writes it first`, { fileOffset: notes[0].entryOffset, field: `program_header[${notes[0].index}].p_type` });
  }
  return notes[0];
}

function readNoteSegmentOf(source: ByteSource, segment: ProgramHeaderInfo, headersEnd: number, problems: ProblemCollector): { window: Buffer; fileOffset: number } | null {
  const { fileOffset, fileSize } = segment;
  if (fileOffset === null || fileSize === null) return null; // reported as VALUE_NOT_SAFE_INTEGER
  if (fileSize > 0 && fileOffset < headersEnd) {
    problems.add('SEGMENT_OVERLAPS_HEADERS', `the PT_NOTE segment starts at ${hex(fileOffset)}, inside the headers (which end at ${hex(headersEnd)}); notes are not read`, {
      fileOffset: programHeaderFieldOffset(segment, 'p_offset'),
      field: `program_header[${segment.index}].p_offset`,
    });
    return null;
  }
  const where = { fileOffset: programHeaderFieldOffset(segment, 'p_filesz'), field: `program_header[${segment.index}].p_filesz` };
  if (fileSize > NOTE_SEGMENT_LIMIT) {
    problems.add('NOTE_SEGMENT_TOO_LARGE', `the PT_NOTE segment is ${fileSize} bytes; VirtualBox writes at most a few MiB (limit ${NOTE_SEGMENT_LIMIT})`, where);
    return null;
  }
  if (fileOffset + fileSize > source.size) {
    problems.add('NOTE_SEGMENT_BEYOND_EOF', `the PT_NOTE segment (${hex(fileOffset)}-${hex(fileOffset + fileSize)}) ends past the end of the file at ${hex(source.size)}`, {
      ...where,
      details: { segmentEnd: fileOffset + fileSize, fileSize: source.size },
    });
    return null;
  }
  return { window: source.readAt(fileOffset, fileSize), fileOffset };
}

/** The bytes of the dump's PT_NOTE segment and where they are, or null when there is none to read (reported). */
export function readNoteSegment(source: ByteSource, programHeaders: readonly ProgramHeaderInfo[], headersEnd: number, problems: ProblemCollector): { window: Buffer; fileOffset: number } | null {
  const segment = findNoteSegment(programHeaders, problems);
  return segment === null ? null : readNoteSegmentOf(source, segment, headersEnd, problems);
}
