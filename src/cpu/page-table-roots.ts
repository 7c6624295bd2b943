/**
 * Which page tables a CR3 points at. Two things the walk masks silently are said here:
 * - PCID (CR4.PCIDE): CR3's low 12 bits then name an address-space ID, not flags.
 * - Linux's page-table isolation (KPTI): each process has two top-level tables in one 8 KiB
 *   block, the kernel's first and the user copy 4 KiB after it (CR3 bit 12 set). The user copy
 *   maps user space and only the kernel's entry code, so a vCPU paused in user mode faults on
 *   kernel addresses, as the CPU would. The kernel's tables are then CR3 with bit 12 cleared.
 *   The files do not say which tables are which: the rule below is inferred from how Linux lays
 *   them out (arch/x86/mm/pti.c), and names its evidence.
 * Windows' KVA shadow keeps the user table in a page of its own, which CR3 alone cannot lead to.
 */
import { PagingContext, rootTableAddress } from '../address-space/paging';
import { hex } from '../model/numbers';

/** What CR3 holds, as far as two table pages tell. */
export interface PageTableRoots {
  /** CR3 as the vCPU (or the caller) gave it. */
  readonly cr3: bigint;
  /** The address-space ID in CR3's low 12 bits when CR4.PCIDE is set (long mode); null without PCIDs. */
  readonly pcid: number | null;
  /**
   * 'kpti-user': the user copy of Linux's isolated tables (kernel addresses beyond the entry code
   * fault); 'kpti-kernel': the kernel's tables, with a user copy after them; 'single': no second
   * table found (no KPTI, a kernel thread's tables without a copy, or another OS).
   */
  readonly role: 'kpti-user' | 'kpti-kernel' | 'single';
  /** The CR3 whose tables map the kernel: CR3 with bit 12 (and PCID's user bit 11) cleared under KPTI, else CR3. */
  readonly kernelCr3: bigint;
  /** The user copy's CR3 under KPTI, else null. */
  readonly userCr3: bigint | null;
  /** Why, in words: the evidence for the role. */
  readonly evidence: string;
}

const CR4_PCIDE = 1n << 17n;
const KPTI_USER_TABLE = 0x1000n;
/** Linux's PCID for the user tables is the kernel's with bit 11 set (X86_CR3_PTI_PCID_USER_BIT). */
const KPTI_USER_PCID_BIT = 0x800n;
const ENTRY_PRESENT = 1n;
/** Bits the two copies may differ in: NX (Linux sets it on the kernel's copy of user entries), accessed and dirty (the CPU sets them on the copy it walked). */
const COPY_DIFFERENCES = (1n << 63n) | (1n << 5n) | (1n << 6n);
const ENTRIES = 512;

/** The PCID in a CR3, or null when CR4.PCIDE is clear or the mode has no PCIDs. */
export function pcidOf(context: Pick<PagingContext, 'mode' | 'cr3'>, cr4: bigint | null): number | null {
  if (cr4 === null || (cr4 & CR4_PCIDE) === 0n) return null;
  if (context.mode !== '4-level' && context.mode !== '5-level') return null;
  return Number(context.cr3 & 0xfffn);
}

/**
 * The role of the tables at CR3, from the top-level table and its 8 KiB partner: Linux's two
 * copies have the same user half (entries 0-255, up to NX, which the kernel's copy adds, and the accessed bit) while the
 * kernel's copy maps more of the upper half. `readTable` gives a table's 4 KiB or null.
 */
export function pageTableRootsFrom(context: PagingContext, cr4: bigint | null, readTable: (physicalAddress: bigint) => Uint8Array | null): PageTableRoots {
  const cr3 = context.cr3;
  const pcid = pcidOf(context, cr4);
  const single = (evidence: string): PageTableRoots => ({ cr3, pcid, role: 'single', kernelCr3: cr3, userCr3: null, evidence });
  if (context.mode !== '4-level' && context.mode !== '5-level') return single(`${context.mode} paging: Linux isolates page tables in long mode only`);
  const root = rootTableAddress(context);
  const userSide = (root & KPTI_USER_TABLE) !== 0n;
  const kernelRoot = root & ~KPTI_USER_TABLE;
  const kernelTable = readTable(kernelRoot);
  const userTable = readTable(kernelRoot | KPTI_USER_TABLE);
  if (kernelTable === null || userTable === null) return single(`the table at ${hex(userSide ? kernelRoot : kernelRoot | KPTI_USER_TABLE)}, KPTI's other copy, is not in the dump`);
  const kernel = entriesOf(kernelTable);
  const user = entriesOf(userTable);
  let userEntries = 0;
  for (let index = 0; index < ENTRIES / 2; index++) {
    if ((kernel[index] & ~COPY_DIFFERENCES) !== (user[index] & ~COPY_DIFFERENCES)) return single(`the tables at ${hex(kernelRoot)} and ${hex(kernelRoot | KPTI_USER_TABLE)} differ in the user half (entry ${index}: ${hex(kernel[index])} and ${hex(user[index])}): not KPTI's two copies`);
    if ((user[index] & ENTRY_PRESENT) !== 0n) userEntries++;
  }
  const present = (entries: bigint[]): number => entries.slice(ENTRIES / 2).filter((entry) => (entry & ENTRY_PRESENT) !== 0n).length;
  const kernelHalf = present(kernel);
  const userHalf = present(user);
  if (userHalf === 0 || kernelHalf <= userHalf) return single(`the table at ${hex(kernelRoot | KPTI_USER_TABLE)} does not map less of the kernel half than the one at ${hex(kernelRoot)} (${userHalf} and ${kernelHalf} entries): not KPTI's two copies`);
  const userPcidBit = pcid === null ? 0n : KPTI_USER_PCID_BIT;
  const kernelCr3 = cr3 & ~(KPTI_USER_TABLE | userPcidBit);
  const userCr3 = cr3 | KPTI_USER_TABLE | userPcidBit;
  const evidence = `Linux KPTI (inferred): the tables at ${hex(kernelRoot)} and ${hex(kernelRoot | KPTI_USER_TABLE)} share their user half (${userEntries} entries) and map ${kernelHalf} and ${userHalf} entries of the kernel half`;
  return userSide ? { cr3, pcid, role: 'kpti-user', kernelCr3, userCr3: cr3, evidence } : { cr3, pcid, role: 'kpti-kernel', kernelCr3: cr3, userCr3, evidence };
}

/** Reads a 4 KiB table from physical memory: null where the dump does not hold it. */
export function tableReaderOf(physical: { readOrNull(address: number, length: number): Uint8Array | null }): (physicalAddress: bigint) => Uint8Array | null {
  return (physicalAddress) => (physicalAddress > BigInt(Number.MAX_SAFE_INTEGER) ? null : physical.readOrNull(Number(physicalAddress), 0x1000));
}

function entriesOf(table: Uint8Array): bigint[] {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  return Array.from({ length: ENTRIES }, (_, index) => view.getBigUint64(index * 8, true));
}

/** One line for the text outputs: PCID and KPTI, or '' when neither applies. */
export function pageTableRootsText(roots: PageTableRoots): string {
  const parts: string[] = [];
  if (roots.pcid !== null) parts.push(`PCID ${hex(roots.pcid)} in CR3 bits 0-11 (CR4.PCIDE; masked for the walk)`);
  if (roots.role === 'kpti-user') parts.push(`KPTI user tables: kernel addresses past the entry code fault; the kernel's tables are at CR3 ${hex(roots.kernelCr3)} (--kernel)`);
  if (roots.role === 'kpti-kernel') parts.push(`KPTI kernel tables (the user copy is at CR3 ${hex(roots.userCr3 ?? 0n)})`);
  return parts.join('; ');
}
