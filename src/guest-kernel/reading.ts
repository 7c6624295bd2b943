import type { VirtualAddressSpace } from '../address-space/virtual';

/** Bytes at a virtual address, or null where a page is not mapped or not in the dump. */
export function readMapped(space: VirtualAddressSpace, address: bigint, length: number): Buffer | null {
  if (!space.mapping(address, length).every((run) => run.kind === 'data')) return null;
  try {
    return space.read(address, length);
  } catch (error) {
    if (typeof (error as { code?: unknown }).code === 'string') return null; // a physical hole under a mapped page
    throw error;
  }
}

/** The mapped stretches of [address, address + length), virtually contiguous pages joined. */
export function mappedRuns(space: VirtualAddressSpace, address: bigint, length: number): { virtualAddress: bigint; length: number }[] {
  const runs: { virtualAddress: bigint; length: number }[] = [];
  for (const run of space.mapping(address, length)) {
    if (run.kind !== 'data') continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.virtualAddress + BigInt(last.length) === run.virtualAddress) last.length += run.length;
    else runs.push({ virtualAddress: run.virtualAddress, length: run.length });
  }
  return runs;
}
