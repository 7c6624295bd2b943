/**
 * ELF64 cores from producers vboxcore does not read, written with standard ELF notes (n_namesz
 * counts the NUL, name and descriptor padded to 4): what vboxcore must recognise and refuse by name.
 */
import { PT_LOAD, PT_NOTE, writeCoreHeader, writeProgramHeader } from '../src/elf/writer';

const NT_PRSTATUS = 1;
const NT_PRPSINFO = 3;

export interface Note {
  name: string;
  type: number;
  descriptor: Buffer;
}

function align4(value: number): number {
  return Math.ceil(value / 4) * 4;
}

/** Notes in the standard layout, as QEMU, Linux and process cores write them. */
export function encodeNotes(notes: readonly Note[]): Buffer {
  const parts: Buffer[] = [];
  for (const note of notes) {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(note.name.length + 1, 0);
    header.writeUInt32LE(note.descriptor.length, 4);
    header.writeUInt32LE(note.type, 8);
    const name = Buffer.alloc(align4(note.name.length + 1));
    name.write(note.name, 'latin1');
    const descriptor = Buffer.alloc(align4(note.descriptor.length));
    note.descriptor.copy(descriptor);
    parts.push(header, name, descriptor);
  }
  return Buffer.concat(parts);
}

function elfCore(notes: readonly Note[], memory: Buffer, physicalAddress: number): Buffer {
  const noteBytes = encodeNotes(notes);
  const noteOffset = 64 + 2 * 56;
  const memoryOffset = noteOffset + noteBytes.length;
  const head = Buffer.alloc(noteOffset);
  writeCoreHeader(head, { identVersion: 1, machine: 62, programHeaderCount: 2 });
  // like QEMU, p_vaddr = p_paddr
  const entry = (fileOffset: number, address: number, size: number) => ({ flags: 7, fileOffset, virtualAddress: address, physicalAddress: address, fileSize: size, memorySize: size, align: 0 });
  writeProgramHeader(head, 0, { type: PT_NOTE, ...entry(noteOffset, 0, noteBytes.length) });
  writeProgramHeader(head, 1, { type: PT_LOAD, ...entry(memoryOffset, physicalAddress, memory.length) });
  return Buffer.concat([head, noteBytes, memory]);
}

/** A core as Linux kdump (/proc/vmcore) or a crashing process writes it. */
export function foreignCore(kind: 'kdump' | 'process'): Buffer {
  const prstatus = { name: 'CORE', type: NT_PRSTATUS, descriptor: Buffer.alloc(336, 1) };
  const memory = Buffer.alloc(64 * 1024, 0x5a);
  switch (kind) {
    case 'kdump':
      return elfCore([prstatus, { name: 'VMCOREINFO', type: 0, descriptor: Buffer.from('OSRELEASE=6.1.0-13-amd64\nPAGESIZE=4096\n') }], memory, 0x100_0000);
    case 'process':
      return elfCore([prstatus, { name: 'CORE', type: NT_PRPSINFO, descriptor: Buffer.alloc(136, 3) }], memory, 0);
  }
}
