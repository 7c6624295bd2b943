/**
 * Serializes the fixed ELF64 structures of a core file: the header and program headers. Shared
 * by the export (standard cores) and the dump builder (VirtualBox's own variant); the readers use
 * the schemas instead, so tests of one do not echo the other.
 */
import { ELF64_HEADER_SIZE, ELF64_PROGRAM_HEADER_SIZE, ELF64_SECTION_HEADER_SIZE } from './sizes';

export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const PF_R = 4;
/** Read, write and execute: guest RAM. */
export const PF_RWX = 7;

export interface CoreHeaderValues {
  /** e_ident[EI_VERSION]: 1 as the standard asks, 0 as VirtualBox writes it. */
  readonly identVersion: number;
  readonly machine: number;
  readonly programHeaderCount: number;
}

/** Writes a little-endian ELF64 ET_CORE header at offset 0, with the program headers right after it. */
export function writeCoreHeader(target: Buffer, values: CoreHeaderValues): void {
  target.writeUInt32BE(0x7f454c46, 0);
  target[4] = 2; // ELFCLASS64
  target[5] = 1; // ELFDATA2LSB
  target[6] = values.identVersion;
  target.writeUInt16LE(4, 16); // ET_CORE
  target.writeUInt16LE(values.machine, 18);
  target.writeUInt32LE(1, 20); // e_version EV_CURRENT
  target.writeBigUInt64LE(BigInt(ELF64_HEADER_SIZE), 32); // e_phoff
  target.writeUInt16LE(ELF64_HEADER_SIZE, 52);
  target.writeUInt16LE(ELF64_PROGRAM_HEADER_SIZE, 54);
  target.writeUInt16LE(values.programHeaderCount, 56);
  target.writeUInt16LE(ELF64_SECTION_HEADER_SIZE, 58); // e_shentsize, although there are no sections
}

export interface ProgramHeaderValues {
  readonly type: number;
  readonly flags: number;
  readonly fileOffset: number;
  readonly virtualAddress: number;
  readonly physicalAddress: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly align: number;
}

/** Writes program header `index` of the table that follows the header. */
export function writeProgramHeader(target: Buffer, index: number, values: ProgramHeaderValues): void {
  const at = ELF64_HEADER_SIZE + index * ELF64_PROGRAM_HEADER_SIZE;
  target.writeUInt32LE(values.type, at);
  target.writeUInt32LE(values.flags, at + 4);
  target.writeBigUInt64LE(BigInt(values.fileOffset), at + 8);
  target.writeBigUInt64LE(BigInt(values.virtualAddress), at + 16);
  target.writeBigUInt64LE(BigInt(values.physicalAddress), at + 24);
  target.writeBigUInt64LE(BigInt(values.fileSize), at + 32);
  target.writeBigUInt64LE(BigInt(values.memorySize), at + 40);
  target.writeBigUInt64LE(BigInt(values.align), at + 48);
}
