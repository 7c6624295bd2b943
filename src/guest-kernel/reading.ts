import type { VirtualAddressSpace } from '../address-space/virtual';

/** Bytes at a virtual address, or null where a page is not mapped or not in the dump. */
export function readMapped(space: VirtualAddressSpace, address: bigint, length: number): Buffer | null {
  try {
    return space.read(address, length);
  } catch (error) {
    // a page fault, or a physical hole under a mapped page: typed errors, each with its code
    if (typeof (error as { code?: unknown }).code === 'string') return null;
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

/**
 * What one identification may read: bytes of kernel memory in all (the banner search), pages
 * looked at for PE headers, and the places already searched, shared by every vCPU and entry so
 * that two vCPUs with the same tables (or eight IDT gates into one image) cost one search.
 */
export interface SearchBudget {
  /** Bytes of kernel memory the banner search may still read. */
  bytesLeft: number;
  /** Pages the PE search may still look at. */
  pagesLeft: number;
  /** `cr3:address` of Linux image bases already searched for a banner. */
  readonly seen: Set<string>;
  /** `cr3:page` of pages already looked at for PE headers, and what they held (null: none). */
  readonly peHeaders: Map<string, unknown>;
}

/** The budget of one `identifyKernel` call: 64 MiB of banner search, 32 MiB of pages walked back. */
export function searchBudget(): SearchBudget {
  return { bytesLeft: 64 * 1024 * 1024, pagesLeft: 8192, seen: new Set(), peHeaders: new Map() };
}
