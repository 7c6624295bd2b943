import { hex } from '../model/numbers';
import { inferRangeKind, PHYSICAL_ADDRESS_LIMIT } from '../model/physical-map';
import { ProblemCollector } from '../model/problem-collector';
import { MemoryTotals, PhysicalRange, PhysicalRegion, Producer, ProgramHeaderInfo, RangeKind } from '../model/types';
import { isLoad, programHeaderFieldOffset } from './program-headers';

interface LoadValues {
  entry: ProgramHeaderInfo;
  fileOffset: number;
  physicalStart: number;
  size: number;
  fileSize: number;
}

/** The PT_LOADs whose numbers can be used, each problem with the others reported. */
function usableLoads(programHeaders: readonly ProgramHeaderInfo[], headersEnd: number, problems: ProblemCollector): LoadValues[] {
  const loads: LoadValues[] = [];
  for (const entry of programHeaders.filter(isLoad)) {
    const { fileOffset, physicalAddress, memorySize, fileSize } = entry;
    // Unsafe fields were reported while reading the table; such a range cannot be placed.
    if (fileOffset === null || physicalAddress === null || memorySize === null || fileSize === null) continue;
    if (!Number.isSafeInteger(physicalAddress + memorySize)) {
      problems.add('VALUE_NOT_SAFE_INTEGER', `program header ${entry.index}: p_paddr ${hex(physicalAddress)} + p_memsz ${hex(memorySize)} is 2^53 or more`, {
        fileOffset: programHeaderFieldOffset(entry, 'p_memsz'),
        field: `program_header[${entry.index}].p_memsz`,
      });
      continue;
    }
    if (!Number.isSafeInteger(fileOffset + fileSize)) {
      problems.add('VALUE_NOT_SAFE_INTEGER', `program header ${entry.index}: p_offset ${hex(fileOffset)} + p_filesz ${hex(fileSize)} is 2^53 or more`, {
        fileOffset: programHeaderFieldOffset(entry, 'p_filesz'),
        field: `program_header[${entry.index}].p_filesz`,
      });
      continue;
    }
    if (fileSize > 0 && fileOffset < headersEnd) {
      problems.add('SEGMENT_OVERLAPS_HEADERS', `program header ${entry.index}: its bytes start at ${hex(fileOffset)}, inside the headers (which end at ${hex(headersEnd)}); the range is ignored`, {
        fileOffset: programHeaderFieldOffset(entry, 'p_offset'),
        field: `program_header[${entry.index}].p_offset`,
      });
      continue;
    }
    loads.push({ entry, fileOffset, physicalStart: physicalAddress, size: memorySize, fileSize });
  }
  return loads;
}

function checkEachLoad(load: LoadValues, problems: ProblemCollector): number {
  const { entry, fileSize, size, physicalStart } = load;
  if (fileSize !== 0 && fileSize !== size) {
    problems.add('BAD_FILESZ', `program header ${entry.index}: p_filesz ${hex(fileSize)} is neither 0 (MMIO) nor p_memsz ${hex(size)}`, {
      fileOffset: programHeaderFieldOffset(entry, 'p_filesz'),
      field: `program_header[${entry.index}].p_filesz`,
      details: { fileSize, memorySize: size },
    });
  }
  if (size === 0) {
    problems.add('EMPTY_RANGE', `program header ${entry.index}: p_memsz is 0`, { fileOffset: programHeaderFieldOffset(entry, 'p_memsz'), field: `program_header[${entry.index}].p_memsz` });
  }
  if (physicalStart + size > PHYSICAL_ADDRESS_LIMIT) {
    problems.add('RANGE_ABOVE_PHYSICAL_LIMIT', `program header ${entry.index}: range ${hex(physicalStart)}-${hex(physicalStart + size)} reaches above 2^52, the x86 physical address limit`, {
      fileOffset: programHeaderFieldOffset(entry, 'p_paddr'),
      field: `program_header[${entry.index}].p_paddr`,
    });
  }
  return Math.min(fileSize, size);
}

function checkOrder(ranges: readonly PhysicalRange[], programHeaders: readonly ProgramHeaderInfo[], problems: ProblemCollector): void {
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1];
    const current = ranges[i];
    if (current.physicalStart < previous.physicalStart) {
      const entry = programHeaders[current.programHeaderIndex];
      problems.add('RANGES_UNSORTED', `program header ${current.programHeaderIndex} (physical ${hex(current.physicalStart)}) comes after program header ${previous.programHeaderIndex} (physical ${hex(previous.physicalStart)})`, {
        fileOffset: programHeaderFieldOffset(entry, 'p_paddr'),
        field: `program_header[${current.programHeaderIndex}].p_paddr`,
      });
      break;
    }
  }
  const byAddress = [...ranges].filter((range) => range.size > 0).sort((a, b) => a.physicalStart - b.physicalStart);
  for (let i = 1; i < byAddress.length; i++) {
    const previous = byAddress[i - 1];
    const current = byAddress[i];
    if (current.physicalStart < previous.physicalEnd) {
      const entry = programHeaders[current.programHeaderIndex];
      problems.stop(
        'RANGES_OVERLAP',
        `program headers ${previous.programHeaderIndex} (${hex(previous.physicalStart)}-${hex(previous.physicalEnd)}) and ${current.programHeaderIndex} (${hex(current.physicalStart)}-${hex(current.physicalEnd)}) overlap`,
        { fileOffset: programHeaderFieldOffset(entry, 'p_paddr'), field: `program_header[${current.programHeaderIndex}].p_paddr` },
      );
    }
  }
}

function checkTruncation(ranges: readonly PhysicalRange[], fileSize: number, problems: ProblemCollector): void {
  const damaged = ranges.filter((range) => range.presentBytes < range.declaredFileBytes);
  if (damaged.length === 0) return;
  const expectedSize = ranges.reduce((end, range) => Math.max(end, range.fileOffset + range.declaredFileBytes), 0);
  const missingBytes = damaged.reduce((sum, range) => sum + (range.declaredFileBytes - range.presentBytes), 0);
  const list = damaged.map((range) => `${hex(range.physicalStart)}-${hex(range.physicalEnd)} (${range.kind}, ${range.presentBytes === 0 ? 'all' : `${hex(range.declaredFileBytes - range.presentBytes)} bytes`} missing)`);
  const first = damaged[0];
  problems.add(
    'TRUNCATED_DUMP',
    `truncated dump: the file is ${fileSize} bytes but its ranges need ${expectedSize}; ${missingBytes} bytes are missing and ${damaged.length === 1 ? '1 range loses' : `${damaged.length} ranges lose`} data: ${list.join(', ')}`,
    {
      fileOffset: fileSize,
      field: `program_header[${first.programHeaderIndex}].p_filesz`,
      details: {
        fileSize,
        expectedSize,
        missingBytes,
        ranges: damaged.map((range) => ({ index: range.index, physicalStart: range.physicalStart, physicalEnd: range.physicalEnd, missingBytes: range.declaredFileBytes - range.presentBytes })),
      },
    },
  );
}

/** Ranges in program header order, with kinds and regions, and every range problem reported. */
export function buildRanges(programHeaders: readonly ProgramHeaderInfo[], fileSize: number, headersEnd: number, producer: Producer, problems: ProblemCollector): PhysicalRange[] {
  const ranges: PhysicalRange[] = [];
  for (const load of usableLoads(programHeaders, headersEnd, problems)) {
    const declaredFileBytes = checkEachLoad(load, problems);
    const presentBytes = Math.max(0, Math.min(declaredFileBytes, fileSize - load.fileOffset));
    const { kind, reason } = inferRangeKind(load.physicalStart, load.size, declaredFileBytes, producer);
    ranges.push({
      index: ranges.length,
      programHeaderIndex: load.entry.index,
      physicalStart: load.physicalStart,
      physicalEnd: load.physicalStart + load.size,
      size: load.size,
      fileOffset: load.fileOffset,
      declaredFileBytes,
      presentBytes,
      kind,
      kindReason: reason,
      region: 0,
    });
  }
  checkOrder(ranges, programHeaders, problems);
  checkTruncation(ranges, fileSize, problems);
  return assignRegions(ranges);
}

/**
 * Consecutive RAM chunks that continue each other in both physical address and file offset
 * (VirtualBox splits large RAM in 0xffdf0000-byte PT_LOADs) form one region.
 */
function assignRegions(ranges: PhysicalRange[]): PhysicalRange[] {
  let region = -1;
  return ranges.map((range, position) => {
    const previous = position > 0 ? ranges[position - 1] : undefined;
    const continues =
      previous !== undefined &&
      previous.kind === 'ram' &&
      range.kind === 'ram' &&
      previous.physicalEnd === range.physicalStart &&
      previous.fileOffset + previous.declaredFileBytes === range.fileOffset;
    if (!continues) region++;
    return { ...range, region };
  });
}

export function regionsOf(ranges: readonly PhysicalRange[]): PhysicalRegion[] {
  // Built in place: a region of 65,535 chunks must not be copied once per chunk.
  const regions: { region: number; kind: RangeKind; physicalStart: number; physicalEnd: number; size: number; presentBytes: number; rangeIndexes: number[] }[] = [];
  for (const range of ranges) {
    const last = regions[regions.length - 1];
    if (last !== undefined && last.region === range.region) {
      last.physicalEnd = range.physicalEnd;
      last.size += range.size;
      last.presentBytes += range.presentBytes;
      last.rangeIndexes.push(range.index);
    } else {
      regions.push({ region: range.region, kind: range.kind, physicalStart: range.physicalStart, physicalEnd: range.physicalEnd, size: range.size, presentBytes: range.presentBytes, rangeIndexes: [range.index] });
    }
  }
  return regions;
}

/** The dump's memory in totals: RAM, data in the file, MMIO, what is missing. */
export function memoryTotals(ranges: readonly PhysicalRange[], regions: readonly PhysicalRegion[]): MemoryTotals {
  const byKind: Record<RangeKind, number> = { ram: 0, vram: 0, rom: 0, device: 0, mmio: 0 };
  let ramPresentBytes = 0;
  let fileDataBytes = 0;
  let missingBytes = 0;
  for (const range of ranges) {
    byKind[range.kind] += range.size;
    fileDataBytes += range.presentBytes;
    missingBytes += range.declaredFileBytes - range.presentBytes;
    if (range.kind === 'ram') ramPresentBytes += range.presentBytes;
  }
  return {
    addressSpaceBytes: Object.values(byKind).reduce((sum, bytes) => sum + bytes, 0),
    byKind,
    ramBytes: byKind.ram,
    ramPresentBytes,
    fileDataBytes,
    missingBytes,
    ramRegions: regions.filter((region) => region.kind === 'ram').length,
  };
}
