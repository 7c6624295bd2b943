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

/** The bytes of the PT_NOTE segment that are in the file, and where they are. */
export interface NoteSegment {
  readonly window: Buffer;
  readonly fileOffset: number;
  /** Set when the segment runs past the end of the file: the window holds only the bytes before it. */
  readonly cut: { readonly segmentEnd: number; readonly fileSize: number; readonly programHeader: ProgramHeaderInfo } | null;
}

function readNoteSegmentOf(source: ByteSource, segment: ProgramHeaderInfo, headersEnd: number, problems: ProblemCollector): NoteSegment | null {
  const { fileOffset, fileSize } = segment;
  if (fileOffset === null || fileSize === null) return null; // reported as VALUE_NOT_SAFE_INTEGER
  if (fileSize > 0 && fileOffset < headersEnd) {
    problems.add('SEGMENT_OVERLAPS_HEADERS', `the PT_NOTE segment starts at ${hex(fileOffset)}, inside the headers (which end at ${hex(headersEnd)}); notes are not read`, {
      fileOffset: programHeaderFieldOffset(segment, 'p_offset'),
      field: `program_header[${segment.index}].p_offset`,
    });
    return null;
  }
  if (fileSize > NOTE_SEGMENT_LIMIT) {
    problems.add('NOTE_SEGMENT_TOO_LARGE', `the PT_NOTE segment is ${fileSize} bytes; VirtualBox writes at most a few MiB (limit ${NOTE_SEGMENT_LIMIT})`, {
      fileOffset: programHeaderFieldOffset(segment, 'p_filesz'),
      field: `program_header[${segment.index}].p_filesz`,
    });
    return null;
  }
  const segmentEnd = fileOffset + fileSize;
  // A segment cut by the end of the file is read as far as it goes: the notes before the cut still count.
  const present = Math.max(0, Math.min(fileSize, source.size - fileOffset));
  const cut = segmentEnd > source.size ? { segmentEnd, fileSize: source.size, programHeader: segment } : null;
  return { window: present === 0 ? Buffer.alloc(0) : source.readAt(fileOffset, present), fileOffset, cut };
}

/** Reports a note segment that runs past the end of the file (the producer's reader may explain it better). */
export function reportCutNoteSegment(segment: NoteSegment, problems: ProblemCollector): void {
  if (segment.cut === null) return;
  const { segmentEnd, fileSize, programHeader } = segment.cut;
  problems.add('NOTE_SEGMENT_BEYOND_EOF', `the PT_NOTE segment (${hex(segment.fileOffset)}-${hex(segmentEnd)}) ends past the end of the file at ${hex(fileSize)}; the notes before it are read`, {
    fileOffset: programHeaderFieldOffset(programHeader, 'p_filesz'),
    field: `program_header[${programHeader.index}].p_filesz`,
    details: { segmentEnd, fileSize },
  });
}

/** The dump's PT_NOTE segment as far as the file holds it, or null when there is none to read (reported). */
export function readNoteSegment(source: ByteSource, programHeaders: readonly ProgramHeaderInfo[], headersEnd: number, problems: ProblemCollector): NoteSegment | null {
  const segment = findNoteSegment(programHeaders, problems);
  return segment === null ? null : readNoteSegmentOf(source, segment, headersEnd, problems);
}
