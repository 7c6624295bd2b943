import { ElfNote } from '../../generated/ElfNote';
import { parseAt, ParseFailure, streamOver } from '../kaitai/window';

/** A note name without the NULs that pad it (a loop: a regular expression here is quadratic on hostile names). */
export function withoutTrailingNuls(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 0) end--;
  return name.slice(0, end);
}

/** What the note names say about who wrote an ELF core. */
export type NoteProducer = { readonly producer: 'virtualbox' | 'qemu' | 'unknown' } | { readonly producer: 'foreign'; readonly what: string };

/**
 * Who wrote an ELF core, from its note names (NUL padding removed). QEMU's cores of Linux
 * guests also carry CORE and VMCOREINFO notes, so "QEMU" is looked for before those.
 */
export function identifyProducer(noteNames: readonly string[]): NoteProducer {
  const names = new Set(noteNames.map(withoutTrailingNuls));
  if (names.has('VBCORE')) return { producer: 'virtualbox' };
  if (names.has('QEMU')) return { producer: 'qemu' };
  if (names.has('VMCOREINFO')) return { producer: 'foreign', what: 'a Linux kdump core (/proc/vmcore)' };
  if (names.has('Xen')) return { producer: 'foreign', what: 'a Xen core' };
  if (names.has('CORE') || names.has('LINUX')) return { producer: 'foreign', what: 'a process core dump' };
  return { producer: 'unknown' };
}

/**
 * Note names as standard ELF writers lay them out (elf_note.ksy: n_namesz counts the NUL, 4-byte
 * padding), which differs from VirtualBox's rule: used only to tell who wrote a core, so it
 * reports nothing and stops at the first record that does not fit.
 */
const NAME_LIMIT = 32;

export function standardNoteNames(segment: Uint8Array, limit = 64): string[] {
  const stream = streamOver(segment);
  const names: string[] = [];
  let position = 0;
  while (position + 12 <= segment.length && names.length < limit) {
    const parsed = parseAt(ElfNote.NoteHeader, stream, position);
    if (parsed instanceof ParseFailure) break;
    const { nNamesz, recordSize } = parsed.value;
    const nameEnd = position + 12 + nNamesz;
    if (nameEnd > segment.length) break;
    // producer names are short; a longer one is corrupt and is kept short too
    names.push(Buffer.from(segment.subarray(position + 12, Math.min(nameEnd, position + 12 + NAME_LIMIT))).toString('latin1'));
    position += recordSize;
  }
  return names;
}
