/**
 * Small QEMU-style guest cores laid out as QEMU 7.2's dump-guest-memory writes them (section
 * headers at 64, program headers at 192, standard notes: one NT_PRSTATUS per vCPU, then one
 * "QEMU" note per vCPU, a .shstrtab after the memory), with knobs to break one thing at a time.
 * Real QEMU dumps are made by test/qemu.test.ts; these cover what QEMU never writes.
 */
import { encodeNotes, Note } from './foreign-cores';

const NT_PRSTATUS = 1;
const STATE_SIZE = 0x1b8;
const PRSTATUS_X86_64_SIZE = 0x150;

export interface QemuCoreOptions {
  readonly cpuCount?: number;
  /** e_machine: 62 (long mode) or 3. */
  readonly machine?: number;
  readonly prstatusCount?: number;
  readonly stateVersion?: number;
  readonly stateSizeField?: number;
  /** n_descsz of the QEMU notes (the state is cut or zero-extended to it). */
  readonly stateNoteSize?: number;
  readonly prstatusPid?: (cpu: number) => number;
  readonly sectionHeaderOffset?: number;
  readonly vmcoreinfo?: string;
  readonly memory?: Buffer;
  /** p_vaddr of the memory segment, as dump-guest-memory -p writes it (p_paddr stays 0). */
  readonly pagingVirtualAddress?: bigint;
  /** Control registers of a vCPU in place of the long-mode defaults (an AP still in real mode, say). */
  readonly control?: (cpu: number) => { cr0: bigint; cr3: bigint; cr4: bigint } | undefined;
}

export interface QemuCore {
  readonly bytes: Buffer;
  /** File offset of each QEMU note's descriptor. */
  readonly stateOffsets: readonly number[];
  readonly rip: (cpu: number) => bigint;
}

export function qemuCore(options: QemuCoreOptions = {}): QemuCore {
  const cpuCount = options.cpuCount ?? 1;
  const rip = (cpu: number): bigint => 0xffff_ffff_8100_0000n + BigInt(cpu) * 0x10n;
  const rsp = (cpu: number): bigint => 0xffff_c900_0000_8000n - BigInt(cpu) * 0x1000n;
  const memory = options.memory ?? Buffer.alloc(64 * 1024, 0x5a);
  const prstatus = (cpu: number): Buffer => {
    const descriptor = Buffer.alloc(PRSTATUS_X86_64_SIZE);
    descriptor.writeInt32LE(options.prstatusPid?.(cpu) ?? cpu + 1, 32);
    descriptor.writeBigUInt64LE(rip(cpu), 112 + 16 * 8);
    descriptor.writeBigUInt64LE(rsp(cpu), 112 + 19 * 8);
    return descriptor;
  };
  const state = (cpu: number): Buffer => {
    const full = Buffer.alloc(STATE_SIZE);
    full.writeUInt32LE(options.stateVersion ?? 1, 0);
    full.writeUInt32LE(options.stateSizeField ?? STATE_SIZE, 4);
    full.writeBigUInt64LE(0x1111n * BigInt(cpu + 1), 8); // rax
    full.writeBigUInt64LE(rsp(cpu), 8 + 6 * 8);
    full.writeBigUInt64LE(rip(cpu), 0x88);
    full.writeBigUInt64LE(0x246n, 0x90);
    full.writeUInt32LE(0x10, 0x98); // cs selector
    full.writeUInt32LE(0xffff_ffff, 0x98 + 4);
    full.writeUInt32LE(0x00af_9b00, 0x98 + 8); // G L P S type 0xb
    const control = options.control?.(cpu) ?? { cr0: 0x8000_0033n, cr3: 0x10_0000n, cr4: 0x20n }; // PG WP NE ET MP PE; PAE
    full.writeBigUInt64LE(control.cr0, 0x188);
    full.writeBigUInt64LE(control.cr3, 0x188 + 3 * 8);
    full.writeBigUInt64LE(control.cr4, 0x188 + 4 * 8);
    full.writeBigUInt64LE(0xffff_8880_0000_0000n, 0x1b0);
    const size = options.stateNoteSize ?? STATE_SIZE;
    const sized = Buffer.alloc(size);
    full.copy(sized, 0, 0, Math.min(size, STATE_SIZE));
    return sized;
  };
  const notes: Note[] = [];
  for (let cpu = 0; cpu < (options.prstatusCount ?? cpuCount); cpu++) notes.push({ name: 'CORE', type: NT_PRSTATUS, descriptor: prstatus(cpu) });
  const stateNoteStarts: number[] = [];
  for (let cpu = 0; cpu < cpuCount; cpu++) {
    stateNoteStarts.push(encodeNotes(notes).length);
    notes.push({ name: 'QEMU', type: 0, descriptor: state(cpu) });
  }
  if (options.vmcoreinfo !== undefined) notes.push({ name: 'VMCOREINFO', type: 0, descriptor: Buffer.from(options.vmcoreinfo, 'latin1') });
  const noteBytes = encodeNotes(notes);

  const sectionHeaderOffset = 64;
  const programHeaderOffset = sectionHeaderOffset + 2 * 64;
  const noteOffset = programHeaderOffset + 2 * 56;
  const memoryOffset = noteOffset + noteBytes.length;
  const stringsOffset = memoryOffset + memory.length;
  const strings = Buffer.from('\0.shstrtab\0', 'latin1');
  const head = Buffer.alloc(noteOffset);
  head.writeUInt32BE(0x7f45_4c46, 0);
  head[4] = 2;
  head[5] = 1;
  head[6] = 1;
  head.writeUInt16LE(4, 16);
  head.writeUInt16LE(options.machine ?? 62, 18);
  head.writeUInt32LE(1, 20);
  head.writeBigUInt64LE(BigInt(programHeaderOffset), 32);
  head.writeBigUInt64LE(BigInt(options.sectionHeaderOffset ?? sectionHeaderOffset), 40);
  head.writeUInt16LE(8, 52); // e_ehsize as QEMU 7.2 writes it
  head.writeUInt16LE(56, 54);
  head.writeUInt16LE(2, 56);
  head.writeUInt16LE(64, 58);
  head.writeUInt16LE(2, 60);
  head.writeUInt16LE(1, 62);
  const strtab = sectionHeaderOffset + 64;
  head.writeUInt32LE(1, strtab);
  head.writeUInt32LE(3, strtab + 4); // SHT_STRTAB
  head.writeBigUInt64LE(BigInt(stringsOffset), strtab + 24);
  head.writeBigUInt64LE(BigInt(strings.length), strtab + 32);
  const segment = (index: number, type: number, fileOffset: number, address: number, size: number): void => {
    const at = programHeaderOffset + index * 56;
    head.writeUInt32LE(type, at);
    head.writeBigUInt64LE(BigInt(fileOffset), at + 8);
    head.writeBigUInt64LE(BigInt(address), at + 16);
    head.writeBigUInt64LE(BigInt(address), at + 24);
    head.writeBigUInt64LE(BigInt(size), at + 32);
    head.writeBigUInt64LE(BigInt(size), at + 40);
  };
  segment(0, 4, noteOffset, 0, noteBytes.length);
  segment(1, 1, memoryOffset, 0, memory.length);
  if (options.pagingVirtualAddress !== undefined) head.writeBigUInt64LE(options.pagingVirtualAddress, programHeaderOffset + 56 + 16);
  return {
    bytes: Buffer.concat([head, noteBytes, memory, strings]),
    stateOffsets: stateNoteStarts.map((start) => noteOffset + start + 12 + 8),
    rip,
  };
}
