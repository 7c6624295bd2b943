import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  align8,
  CORE_DESCRIPTOR_SIZE,
  CORE_MAGIC,
  CORE_NOTE_NAME,
  CPU_NOTE_NAME,
  DeepPartialCpu,
  defaultCpuValues,
  zeroCpuValues,
  EM_X86_64,
  encodeCpu,
  mergeCpuValues,
  noteSize,
  NOTE_HEADER_SIZE,
  NT_VBOXCORE,
  NT_VBOXCPU,
} from './layout';
import { ELF64_HEADER_SIZE, ELF64_PROGRAM_HEADER_SIZE } from '../elf/sizes';
import { PF_R, PT_LOAD, PT_NOTE, writeCoreHeader, writeProgramHeader } from '../elf/writer';
import { patternBytes } from './pattern';
import { BuilderCpuLayout, CPU_FIELD_OFFSETS, cpuLayoutFor, HostCompiler } from './cpu-layouts';

/** One range to write. */
export interface RangeSpec {
  /** Its guest-physical start (p_paddr). */
  physicalAddress: number;
  /** Its size (p_memsz). */
  size: number;
  /** An MMIO range: p_filesz 0, no bytes in the file. */
  mmio?: boolean;
}

/** Where the builder writes the address pattern (without `memory`); everything else in a range stays zero (sparse). */
export type Fill =
  /** every byte of every data range (small dumps only) */
  | 'full'
  /** the first and last `edgeBytes` of every data range */
  | 'edges'
  /** nothing: all memory reads as zeros */
  | 'none';

/** What the builder writes: ranges, vCPUs, versions and the bytes of memory. */
export interface DumpLayout {
  /** The PT_LOADs, in order. */
  ranges: readonly RangeSpec[];
  /** vCPU notes to write (1 by default). */
  cpuCount?: number;
  /** DBGFCOREDESCRIPTOR.u32FmtVersion; 0x00010006 by default. */
  formatVersion?: number;
  /** The VirtualBox version in the descriptor (7.0.14 by default). */
  vboxVersion?: {
    /** Major version. */
    major: number;
    /** Minor version. */
    minor: number;
    /** Build number. */
    build: number;
  };
  /** The source revision in the descriptor. */
  vboxRevision?: number;
  /** The VBCPU layout the notes are written in; by default the one VirtualBox wrote for the format version (and VirtualBox version). */
  cpuLayout?: BuilderCpuLayout;
  /** The host's compiler, which sets the size of formats 0x10003 and 0x10006 (gcc by default: Linux and macOS hosts). */
  host?: HostCompiler;
  /** VBCPU descriptor size; by default the layout's size on the host. Other sizes keep the layout's offsets, the XSAVE area last. */
  cpuDescriptorSize?: number;
  /** Register values per vCPU; what is not given comes from `unsetRegisters`. */
  cpus?: readonly DeepPartialCpu[];
  /**
   * What registers not given in `cpus` hold: 'test-values' (`defaultCpuValues`: 4-level paging at
   * CR3 0x100000 and values that name their register and vCPU, for fixtures) or 'zero' (for a
   * conversion, where an invented value would pass for the guest's). 'zero' by default with
   * `memory`, 'test-values' otherwise.
   */
  unsetRegisters?: 'test-values' | 'zero';
  /** e_machine (EM_X86_64 by default). */
  machine?: number;
  /** Where the address pattern is written ('edges' by default); ignored with `memory`. */
  fill?: Fill;
  /**
   * The bytes of the data ranges, read from this source range by range in chunks of 4 MiB (so a
   * whole guest's RAM is never held at once); 64 KiB blocks of zeros stay holes in the sparse file. A
   * dump's `physical` space is such a source.
   */
  memory?: PhysicalMemorySource;
  /** With fill 'edges': bytes of pattern at each end of each range (64 KiB by default). */
  edgeBytes?: number;
  /** Extra physical windows to fill with the pattern. */
  patternWindows?: readonly PhysicalWindowSpec[];
  /** Bytes to place at physical addresses after the pattern (page tables, for example). */
  physicalWrites?: readonly PhysicalWrite[];
}

/** Guest-physical bytes to write a dump from: anything with `readInto`, as a dump's `physical` space has. */
export interface PhysicalMemorySource {
  /** Fills `target` with the bytes from `physicalAddress` on, for addresses inside the layout's data ranges. */
  readInto(physicalAddress: number, target: Uint8Array): void;
}

/** A window of guest-physical memory. */
export interface PhysicalWindowSpec {
  /** First guest-physical address. */
  physicalAddress: number;
  /** Bytes in the window. */
  length: number;
}

/** Bytes to put at a guest-physical address. */
export interface PhysicalWrite {
  /** Where. */
  physicalAddress: number;
  /** What. */
  bytes: Uint8Array;
}

/** Where a range was written. */
export interface BuiltRange {
  /** Its guest-physical start. */
  physicalAddress: number;
  /** Its size (p_memsz). */
  size: number;
  /** Where its bytes start in the file (p_offset). */
  fileOffset: number;
  /** Its bytes in the file (p_filesz: 0 for MMIO). */
  fileSize: number;
}

/** Where everything was put, so tests can read it back or corrupt it on purpose. */
export interface BuiltDump {
  /** The file written. */
  path: string;
  /** Its size. */
  fileSize: number;
  /** e_phoff. */
  programHeaderTableOffset: number;
  /** File offset of the PT_NOTE segment. */
  noteSegmentOffset: number;
  /** Its size. */
  noteSegmentSize: number;
  /** File offset of the VBCORE descriptor. */
  descriptorOffset: number;
  /** File offset of each VBCPU note (its header). */
  cpuNoteOffsets: number[];
  /** File offset of each VBCPU note's register block. */
  cpuDescriptorOffsets: number[];
  /** n_descsz of the VBCPU notes. */
  cpuDescriptorSize: number;
  /** The VBCPU layout written. */
  cpuLayout: BuilderCpuLayout;
  /** File offset of the first range's bytes. */
  dataOffset: number;
  /** Where each range went. */
  ranges: BuiltRange[];
  /** Physical windows that hold the pattern (the rest of the data ranges is zero). */
  patternWindows: PhysicalWindowSpec[];
  /** The descriptor's format version. */
  formatVersion: number;
  /** vCPU notes written. */
  cpuCount: number;
}

/** File offset of program header `index` of a built dump (for tests that corrupt it). */
export function programHeaderOffset(built: BuiltDump, index: number): number {
  return built.programHeaderTableOffset + index * ELF64_PROGRAM_HEADER_SIZE;
}

function writeNote(out: Buffer, position: number, name: string, type: number, descriptor: Buffer): number {
  out.writeUInt32LE(name.length, position); // VirtualBox: n_namesz without the NUL
  out.writeUInt32LE(align8(descriptor.length), position + 4);
  out.writeUInt32LE(type, position + 8);
  out.write(name, position + NOTE_HEADER_SIZE, 'ascii');
  descriptor.copy(out, position + NOTE_HEADER_SIZE + align8(name.length + 1));
  return position + noteSize(name, descriptor.length);
}

const WRITE_CHUNK = 4 * 1024 * 1024;

function writePattern(fileDescriptor: number, range: BuiltRange, physicalAddress: number, length: number): void {
  for (let done = 0; done < length; done += WRITE_CHUNK) {
    const size = Math.min(WRITE_CHUNK, length - done);
    const address = physicalAddress + done;
    fs.writeSync(fileDescriptor, patternBytes(address, size), 0, size, range.fileOffset + (address - range.physicalAddress));
  }
}

function copyFromSource(fileDescriptor: number, range: BuiltRange, memory: PhysicalMemorySource): void {
  const chunk = Buffer.alloc(Math.min(WRITE_CHUNK, range.fileSize));
  for (let done = 0; done < range.fileSize; done += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, range.fileSize - done));
    memory.readInto(range.physicalAddress + done, piece);
    // Blocks of zeros are not written, so free RAM of the guest stays a hole in the output.
    for (let block = 0; block < piece.length; block += SPARSE_BLOCK) {
      const end = Math.min(block + SPARSE_BLOCK, piece.length);
      if (piece.subarray(block, end).some((byte) => byte !== 0)) fs.writeSync(fileDescriptor, piece, block, end - block, range.fileOffset + done + block);
    }
  }
}

const SPARSE_BLOCK = 64 * 1024;

/**
 * Writes a dump laid out exactly as VirtualBox's DBGFCoreWrite does (EI_VERSION 0, notes right
 * after the program headers, names without NUL in n_namesz, 8-byte padding, MMIO ranges with
 * p_filesz 0 sharing the next offset, memory back to back), as a sparse file.
 */
export function buildDump(outputPath: string, layout: DumpLayout): BuiltDump {
  const formatVersion = layout.formatVersion ?? 0x0001_0006;
  const cpuCount = layout.cpuCount ?? 1;
  const version = layout.vboxVersion ?? { major: 7, minor: 0, build: 14 };
  const cpuLayout = layout.cpuLayout ?? cpuLayoutFor(formatVersion, version);
  const cpuDescriptorSize = layout.cpuDescriptorSize ?? CPU_FIELD_OFFSETS[cpuLayout].sizes[layout.host ?? 'gcc'];
  // 4.2's CPUMCTX has padding where 4.3 stores the APIC base.
  const storesApicBase = !(cpuLayout === 'cpumctx-4.2' && version.major === 4 && version.minor === 2);
  const phnum = 1 + layout.ranges.length;

  const programHeaderTableOffset = ELF64_HEADER_SIZE;
  const noteSegmentOffset = programHeaderTableOffset + phnum * ELF64_PROGRAM_HEADER_SIZE;
  const noteSegmentSize = noteSize(CORE_NOTE_NAME, CORE_DESCRIPTOR_SIZE) + cpuCount * noteSize(CPU_NOTE_NAME, cpuDescriptorSize);
  const dataOffset = noteSegmentOffset + noteSegmentSize;

  const ranges: BuiltRange[] = [];
  let runningOffset = dataOffset;
  for (const spec of layout.ranges) {
    const fileSize = spec.mmio ? 0 : spec.size;
    ranges.push({ physicalAddress: spec.physicalAddress, size: spec.size, fileOffset: runningOffset, fileSize });
    runningOffset += fileSize;
  }
  const fileSize = runningOffset;

  const head = Buffer.alloc(dataOffset);
  writeCoreHeader(head, { identVersion: 0, machine: layout.machine ?? EM_X86_64, programHeaderCount: phnum }); // VirtualBox leaves EI_VERSION 0
  // VirtualBox writes p_vaddr 0 and p_align 0, and PF_R everywhere
  const entry = (fileOffset: number, fileSize: number, memorySize: number, physicalAddress: number) => ({ flags: PF_R, fileOffset, virtualAddress: 0, physicalAddress, fileSize, memorySize, align: 0 });
  writeProgramHeader(head, 0, { type: PT_NOTE, ...entry(noteSegmentOffset, noteSegmentSize, noteSegmentSize, 0) });
  ranges.forEach((range, index) => writeProgramHeader(head, index + 1, { type: PT_LOAD, ...entry(range.fileOffset, range.fileSize, range.size, range.physicalAddress) }));

  const descriptor = Buffer.alloc(CORE_DESCRIPTOR_SIZE);
  descriptor.writeUInt32LE(CORE_MAGIC, 0);
  descriptor.writeUInt32LE(formatVersion, 4);
  descriptor.writeUInt32LE(CORE_DESCRIPTOR_SIZE, 8);
  descriptor.writeUInt32LE(((version.major << 24) | (version.minor << 16) | version.build) >>> 0, 12);
  descriptor.writeUInt32LE(layout.vboxRevision ?? 161095, 16);
  descriptor.writeUInt32LE(cpuCount, 20);
  let position = writeNote(head, noteSegmentOffset, CORE_NOTE_NAME, NT_VBOXCORE, descriptor);
  const descriptorOffset = noteSegmentOffset + NOTE_HEADER_SIZE + align8(CORE_NOTE_NAME.length + 1);
  const cpuNoteOffsets: number[] = [];
  const cpuDescriptorOffsets: number[] = [];
  for (let cpuIndex = 0; cpuIndex < cpuCount; cpuIndex++) {
    cpuNoteOffsets.push(position);
    cpuDescriptorOffsets.push(position + NOTE_HEADER_SIZE + align8(CPU_NOTE_NAME.length + 1));
    const unset = layout.unsetRegisters ?? (layout.memory === undefined ? 'test-values' : 'zero');
    const values = mergeCpuValues(unset === 'zero' ? zeroCpuValues() : defaultCpuValues(cpuIndex), layout.cpus?.[cpuIndex]);
    position = writeNote(head, position, CPU_NOTE_NAME, NT_VBOXCPU, encodeCpu(values, cpuLayout, cpuDescriptorSize, { storesApicBase }));
  }

  const patternWindows = patternWindowsFor(layout, ranges);
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  const temporaryPath = `${outputPath}.${process.pid}.tmp`;
  const fileDescriptor = fs.openSync(temporaryPath, 'w');
  try {
    fs.writeSync(fileDescriptor, head, 0, head.length, 0);
    fs.ftruncateSync(fileDescriptor, fileSize);
    if (layout.memory !== undefined) for (const range of ranges) copyFromSource(fileDescriptor, range, layout.memory);
    for (const window of patternWindows) {
      const range = dataRangeHolding(ranges, window.physicalAddress, window.length);
      if (range === undefined) throw new Error(`pattern window ${window.physicalAddress.toString(16)} is not inside one data range`);
      writePattern(fileDescriptor, range, window.physicalAddress, window.length);
    }
    for (const write of layout.physicalWrites ?? []) {
      const range = dataRangeHolding(ranges, write.physicalAddress, write.bytes.length);
      if (range === undefined) throw new Error(`physical write at ${write.physicalAddress.toString(16)} is not inside one data range`);
      fs.writeSync(fileDescriptor, write.bytes, 0, write.bytes.length, range.fileOffset + (write.physicalAddress - range.physicalAddress));
    }
  } finally {
    fs.closeSync(fileDescriptor);
  }
  fs.renameSync(temporaryPath, outputPath);

  return { path: outputPath, fileSize, programHeaderTableOffset, noteSegmentOffset, noteSegmentSize, descriptorOffset, cpuNoteOffsets, cpuDescriptorOffsets, cpuDescriptorSize, cpuLayout, dataOffset, ranges, patternWindows, formatVersion, cpuCount };
}

function dataRangeHolding(ranges: readonly BuiltRange[], physicalAddress: number, length: number): BuiltRange | undefined {
  return ranges.find((candidate) => candidate.fileSize > 0 && physicalAddress >= candidate.physicalAddress && physicalAddress + length <= candidate.physicalAddress + candidate.size);
}

function patternWindowsFor(layout: DumpLayout, ranges: readonly BuiltRange[]): { physicalAddress: number; length: number }[] {
  const fill = layout.memory === undefined ? layout.fill ?? 'edges' : 'none';
  const edge = layout.edgeBytes ?? 64 * 1024;
  const windows: { physicalAddress: number; length: number }[] = [];
  for (const range of ranges) {
    if (range.fileSize === 0 || fill === 'none') continue;
    if (fill === 'full' || range.size <= 2 * edge) {
      windows.push({ physicalAddress: range.physicalAddress, length: range.size });
    } else {
      windows.push({ physicalAddress: range.physicalAddress, length: edge });
      windows.push({ physicalAddress: range.physicalAddress + range.size - edge, length: edge });
    }
  }
  return [...windows, ...(layout.patternWindows ?? [])];
}
