import KaitaiStream from 'kaitai-struct/KaitaiStream';
import { ElfNote } from '../../generated/ElfNote';
import { VboxElfNote } from '../../generated/VboxElfNote';
import { fieldPosition, parseAt, ParseFailure, streamOver } from '../kaitai/window';
import { hex } from '../model/numbers';
import { ProblemCollector } from '../model/problem-collector';

/** Notes of one segment are never more than this; a corrupt segment stops here. */
export const NOTE_COUNT_LIMIT = 1 + 4096;

/** VirtualBox's note records (name and descriptor padded to 8) or the standard ones (padded to 4). */
export type NoteSchema = typeof VboxElfNote | typeof ElfNote;
export type NoteRecordValue = VboxElfNote | ElfNote;

export interface NoteRecord {
  readonly note: NoteRecordValue;
  /** Offset of the record inside the segment window. */
  readonly position: number;
  readonly fileOffset: number;
}

/** A note name fit for a one-line message: control bytes escaped, long (corrupt) names cut. */
export function printable(name: string): string {
  const shown = Array.from(name.slice(0, 40), (character) => {
    const code = character.charCodeAt(0);
    return code >= 0x20 && code < 0x7f && character !== '"' ? character : `\\x${code.toString(16).padStart(2, '0')}`;
  }).join('');
  return name.length > 40 ? `${shown}... (${name.length} bytes)` : shown;
}

/**
 * The records of a PT_NOTE segment in the layout `schema` describes. Each record's size is
 * checked from its header before the body is read: the Kaitai runtime coerces byte counts to
 * 32-bit signed integers, so a hostile n_descsz must not reach it.
 */
export function walkNoteRecords(schema: NoteSchema, window: Uint8Array, segmentFileOffset: number, problems: ProblemCollector, windowCutByEndOfFile = false): NoteRecord[] {
  const stream: KaitaiStream = streamOver(window);
  const records: NoteRecord[] = [];
  let position = 0;
  while (position < window.length) {
    const fileOffset = segmentFileOffset + position;
    if (records.length === NOTE_COUNT_LIMIT) {
      problems.add('TOO_MANY_NOTES', `the PT_NOTE segment holds more than ${NOTE_COUNT_LIMIT} notes; the rest (from file offset ${hex(fileOffset)}) are not read`, {
        fileOffset,
        field: `note[${records.length}]`,
      });
      break;
    }
    const remaining = window.length - position;
    const header = parseAt(schema.NoteHeader, stream, position);
    const recordSize = header instanceof ParseFailure ? null : header.value.recordSize;
    if (header instanceof ParseFailure || recordSize === null || recordSize > remaining) {
      // The end of the file cut this record; NOTE_SEGMENT_BEYOND_EOF says so.
      if (windowCutByEndOfFile) break;
      const sizes = header instanceof ParseFailure ? `only ${remaining} bytes left for a 12-byte note header` : `n_namesz ${header.value.nNamesz}, n_descsz ${header.value.nDescsz}: ${recordSize} bytes, ${remaining} left`;
      problems.add('NOTE_BEYOND_SEGMENT', `note ${records.length} at file offset ${hex(fileOffset)} runs past the end of the PT_NOTE segment at ${hex(segmentFileOffset + window.length)} (${sizes})`, {
        fileOffset,
        field: `note[${records.length}].n_descsz`,
        details: { noteStart: position, segmentSize: window.length, recordSize },
      });
      break;
    }
    const parsed = parseAt<NoteRecordValue>(schema, stream, position);
    if (parsed instanceof ParseFailure) throw parsed.cause; // its size was checked above
    records.push({ note: parsed.value, position, fileOffset });
    position += recordSize;
  }
  return records;
}

/** File offset of a field of a note record (nNamesz, nDescsz, nType, name, namePadding, descriptor). */
export function noteFieldOffset(record: NoteRecord, field: string): number {
  const holder = field === 'name' || field === 'namePadding' || field === 'descriptor' ? record.note : record.note.header;
  return record.fileOffset + fieldPosition(holder, field) - record.position;
}

export function descriptorFileOffset(record: NoteRecord): number {
  return noteFieldOffset(record, 'descriptor');
}
