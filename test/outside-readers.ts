/**
 * ELF readers vboxcore did not write: binutils' readelf and pyelftools (Debian's
 * python3-pyelftools). Every ELF file vboxcore writes must read back in both, notes included.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface OutsideNote {
  /** The note's name (owner). */
  readonly name: string;
  /** n_descsz. */
  readonly descriptorSize: number;
}

export interface OutsideSegment {
  readonly type: string;
  readonly offset: number;
  readonly physicalAddress: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly align: number;
}

/** The notes as `readelf -nW` lists them; its complaints (stderr) fail the caller. */
export function readelfNotes(file: string): OutsideNote[] {
  const text = execFileSync('readelf', ['-nW', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const notes: OutsideNote[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s+(\S+)\s+(0x[0-9a-f]+)\s+/.exec(line);
    if (match !== null && match[1] !== 'Owner') notes.push({ name: match[1], descriptorSize: Number(match[2]) });
  }
  return notes;
}

/** readelf's warnings about a file (notes and program headers); empty when it has none. */
export function readelfWarnings(file: string): string {
  const result = spawnSync('readelf', ['-lnW', file], { encoding: 'utf8' });
  return `${result.stderr}${result.status === 0 ? '' : `(exit ${result.status})`}`;
}

const PYELFTOOLS_SCRIPT = `
import json, sys
from elftools.elf.elffile import ELFFile
with open(sys.argv[1], 'rb') as stream:
    elf = ELFFile(stream)
    segments, notes = [], []
    for segment in elf.iter_segments():
        segments.append({'type': segment['p_type'], 'offset': segment['p_offset'], 'physicalAddress': segment['p_paddr'],
                         'fileSize': segment['p_filesz'], 'memorySize': segment['p_memsz'], 'align': segment['p_align']})
        if segment['p_type'] == 'PT_NOTE':
            for note in segment.iter_notes():
                notes.append({'name': note['n_name'], 'descriptorSize': note['n_descsz']})
    print(json.dumps({'segments': segments, 'notes': notes}))
`;

/** What pyelftools (Debian's python3-pyelftools) reads of an ELF core: its segments and notes. */
export function pyelftoolsView(file: string): { segments: OutsideSegment[]; notes: OutsideNote[] } {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYELFTOOLS_SCRIPT, file], { encoding: 'utf8' }));
}
