/**
 * The bytes the hex view shows, with the reason for each byte the dump does not hold: the
 * library's `mapping()` answers which runs are data and which are holes or faults, and only the
 * data is read. Nothing here turns a missing byte into a zero.
 */
import type { AsyncVBoxCoreDump, AsyncVirtualAddressSpace } from '../src/async/dump-core';
import type { HoleKind } from '../src/address-space/physical';
import type { ShownBytes } from './byte-formats';
import type { HexSpace } from './url-state';

const HOLE_REASONS: Record<HoleKind, string> = {
  gap: 'no range: not guest memory',
  mmio: 'MMIO: the dump holds no bytes for device memory',
  truncated: 'truncated: the file ends before these bytes',
  absent: 'not written: the range declares fewer file bytes than its size',
};

const ADDRESS_END = 1n << 64n;

/** Bytes at `address` of the dump's physical memory, holes named. */
async function physicalBytes(dump: AsyncVBoxCoreDump, address: bigint, length: number): Promise<ShownBytes> {
  const bytes = new Uint8Array(length);
  const missing: (string | null)[] = new Array(length).fill(null);
  for (const run of dump.physical.mapping(address, length)) {
    const offset = Number(run.physicalAddress - address);
    if (run.kind === 'hole') {
      missing.fill(HOLE_REASONS[run.hole], offset, offset + run.length);
    } else {
      bytes.set(await dump.readFileBytes(run.fileOffset, run.length), offset);
    }
  }
  return { bytes, missing };
}

/** Bytes at a virtual address through a vCPU's tables: faults named, and the physical holes behind mapped pages. */
async function virtualBytes(dump: AsyncVBoxCoreDump, space: AsyncVirtualAddressSpace, address: bigint, length: number): Promise<ShownBytes> {
  const bytes = new Uint8Array(length);
  const missing: (string | null)[] = new Array(length).fill(null);
  for (const run of await space.mapping(address, length)) {
    const offset = Number(run.virtualAddress - address);
    if (run.kind === 'fault') {
      missing.fill(`not mapped: ${run.fault.reason}`, offset, offset + run.length);
      continue;
    }
    const physical = await physicalBytes(dump, run.physicalAddress, run.length);
    bytes.set(physical.bytes, offset);
    physical.missing.forEach((reason, index) => {
      if (reason !== null) missing[offset + index] = `mapped to physical 0x${(run.physicalAddress + BigInt(index)).toString(16)}, ${reason}`;
    });
  }
  return { bytes, missing };
}

/** Bytes of the file itself (headers, notes, data), past its end named. */
async function fileBytes(dump: AsyncVBoxCoreDump, offset: bigint, length: number): Promise<ShownBytes> {
  const size = BigInt(dump.fileSize);
  const present = offset >= size ? 0 : Number(size - offset < BigInt(length) ? size - offset : BigInt(length));
  const bytes = new Uint8Array(length);
  if (present > 0) bytes.set(await dump.readFileBytes(Number(offset), present), 0);
  const missing: (string | null)[] = new Array(length).fill(null).fill(`past the end of the file (${dump.fileSize} bytes)`, present);
  return { bytes, missing };
}

/** `length` bytes (fewer at the end of the 64-bit space) at `address` of `space`. */
export function readShown(dump: AsyncVBoxCoreDump, space: HexSpace, virtual: () => Promise<AsyncVirtualAddressSpace>, address: bigint, length: number): Promise<ShownBytes> {
  const fits = ADDRESS_END - address < BigInt(length) ? Number(ADDRESS_END - address) : length;
  if (space === 'physical') return physicalBytes(dump, address, fits);
  if (space === 'file') return fileBytes(dump, address, fits);
  return virtual().then((tables) => virtualBytes(dump, tables, address, fits));
}
