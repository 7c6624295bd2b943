/**
 * A Windows kernel found from a kernel address (LSTAR's KiSystemCall64, an IDT gate's handler):
 * the image's first page, walked back to page by page (bounded), told by its PE headers, whose
 * SizeOfImage must cover the address; then the debug directory's CodeView record, which names
 * the PDB a symbol server keys by GUID and age. Read through schemas/pe_image_headers.ksy and
 * schemas/pe_debug_directory.ksy.
 */
import type { VirtualAddressSpace } from '../address-space/virtual';
import { PeDebugDirectory } from '../../generated/PeDebugDirectory';
import { PeImageHeaders } from '../../generated/PeImageHeaders';
import { ParseFailure, parseWindow } from '../kaitai/window';
import { mappedRuns, readMapped, SearchBudget } from './reading';
import type { PeIdentity } from './types';

/** How far back from the entry the image's start is looked for: ntoskrnl.exe is 10-20 MiB. */
export const PE_SEARCH_BYTES = 32 * 1024 * 1024;
const PAGE = 0x1000n;
const MACHINE_AMD64 = 0x8664;
const DEBUG_DIRECTORY = 6;
const DEBUG_ENTRY_SIZE = 28;
const CODEVIEW = 2;
const CODEVIEW_MAX_BYTES = 1024;

/** The image holding `entry`: its base and what its headers say, or null within the bound. */
export function findPeImage(space: VirtualAddressSpace, entry: bigint, budget: SearchBudget): { imageBase: bigint; pe: PeIdentity } | null {
  const highestPage = entry & ~(PAGE - 1n);
  const lowest = entry >= BigInt(PE_SEARCH_BYTES) ? entry - BigInt(PE_SEARCH_BYTES) : 0n;
  const lowestPage = (lowest + PAGE - 1n) & ~(PAGE - 1n);
  // The mapped pages of the span, found by one mapping() (which steps over absent entries a
  // table at a time) rather than a walk per page: most of 32 MiB below a kernel entry is unmapped.
  const runs = mappedRuns(space, lowestPage, Number(highestPage + PAGE - lowestPage));
  for (let runIndex = runs.length - 1; runIndex >= 0; runIndex--) {
    const run = runs[runIndex];
    const runFirstPage = (run.virtualAddress + PAGE - 1n) & ~(PAGE - 1n);
    for (let page = (run.virtualAddress + BigInt(run.length) - 1n) & ~(PAGE - 1n); page >= runFirstPage; page -= PAGE) {
      const pe = peHeadersAt(space, page, budget);
      if (pe === undefined) return null; // the budget is spent
      if (pe !== null && entry - page < BigInt(pe.sizeOfImage)) return { imageBase: page, pe };
    }
  }
  return null;
}

/** What the page holds (a PE image's headers or null), looked at once per identification; undefined past the budget. */
function peHeadersAt(space: VirtualAddressSpace, page: bigint, budget: SearchBudget): PeIdentity | null | undefined {
  const key = `${space.context.cr3}:${page}`;
  if (budget.peHeaders.has(key)) return budget.peHeaders.get(key) as PeIdentity | null;
  if (budget.pagesLeft <= 0) return undefined;
  budget.pagesLeft--;
  const magic = readMapped(space, page, 2);
  const headerPage = magic === null || magic[0] !== 0x4d || magic[1] !== 0x5a ? null : readMapped(space, page, Number(PAGE));
  const pe = headerPage === null ? null : peIdentity(space, page, headerPage);
  budget.peHeaders.set(key, pe);
  return pe;
}

function peIdentity(space: VirtualAddressSpace, imageBase: bigint, headerPage: Buffer): PeIdentity | null {
  const parsed = parseWindow(PeImageHeaders, headerPage);
  if (parsed instanceof ParseFailure) return null;
  let nt: PeImageHeaders.NtHeaders;
  try {
    nt = parsed.value.nt;
  } catch {
    return null; // no "PE\0\0", or headers past the first page
  }
  const optional = nt.optionalHeader;
  if (Number(nt.machine) !== MACHINE_AMD64 || optional === undefined) return null;
  const debug = optional.dataDirectories[DEBUG_DIRECTORY];
  return {
    machine: Number(nt.machine),
    timeDateStamp: nt.timeDateStamp,
    sizeOfImage: optional.sizeOfImage,
    sections: nt.sections.map((section) => ({ name: section.name, virtualAddress: section.virtualAddress, virtualSize: section.virtualSize })),
    codeView: debug === undefined ? null : codeViewRecord(space, imageBase, debug.virtualAddress, debug.size),
  };
}

function codeViewRecord(space: VirtualAddressSpace, imageBase: bigint, rva: number, size: number): PeIdentity['codeView'] {
  const count = Math.floor(size / DEBUG_ENTRY_SIZE);
  if (rva === 0 || count === 0 || count > 64) return null;
  const directoryBytes = readMapped(space, imageBase + BigInt(rva), count * DEBUG_ENTRY_SIZE);
  if (directoryBytes === null) return null;
  const directory = parseWindow(PeDebugDirectory, directoryBytes, count);
  if (directory instanceof ParseFailure) return null;
  const entry = directory.value.entries.find((candidate) => Number(candidate.type) === CODEVIEW && candidate.addressOfRawData !== 0);
  if (entry === undefined) return null;
  const recordBytes = readMapped(space, imageBase + BigInt(entry.addressOfRawData), Math.min(entry.sizeOfData, CODEVIEW_MAX_BYTES));
  if (recordBytes === null) return null;
  const record = parseWindow(PeDebugDirectory.CodeviewRecord, recordBytes);
  if (record instanceof ParseFailure) return null;
  const { guidData1, guidData2, guidData3, guidData4, age, pdbFileName } = record.value;
  const hexDigits = (value: number, digits: number): string => value.toString(16).toUpperCase().padStart(digits, '0');
  const data4 = Buffer.from(guidData4).toString('hex').toUpperCase();
  const guid = `${hexDigits(guidData1, 8)}-${hexDigits(guidData2, 4)}-${hexDigits(guidData3, 4)}-${data4.slice(0, 4)}-${data4.slice(4)}`;
  return { pdbName: pdbFileName, guid, age, symbolId: `${guid.replace(/-/g, '')}${age.toString(16).toUpperCase()}` };
}
