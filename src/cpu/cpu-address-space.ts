import { AddressInput, describeValue, toAddress } from '../address-space/address';
import { PAGING_MODES, PagingContext, PagingMode, givenPagingContext, pagingContextOf } from '../address-space/paging';
import { VirtualAddressSpace } from '../address-space/virtual';
import { VBoxCoreDump } from '../dump';
import { VboxCoreError } from '../errors';
import { CpuNoteInfo } from '../model/types';
import { hex } from '../model/numbers';
import { pageTableRootsFrom, tableReaderOf } from './page-table-roots';

/** Which vCPU, and what to put in place of its paging settings. */
export interface CpuSpaceOptions {
  /** Which vCPU's registers give the mode and CR3 (0 by default). */
  readonly cpu?: number;
  /** A paging mode instead of the one the vCPU's CR0, CR4 and EFER give. */
  readonly mode?: PagingMode;
  /** A page-table root instead of the vCPU's CR3 (a BigInt, or a number below 2^53). */
  readonly cr3?: AddressInput;
  /** MAXPHYADDR where it is known (no dump records it): entry bits above it are reserved, and fault. */
  readonly physicalAddressBits?: number;
  /**
   * Walk the kernel's tables: where the vCPU's CR3 holds Linux's KPTI user copy (paused in user
   * mode), CR3 with bit 12 cleared; otherwise the vCPU's own CR3. See `PagingContext.tables`.
   */
  readonly kernel?: boolean;
}

/** One vCPU note of a dump; an index the dump does not have is an INVALID_ARGUMENT error. */
export function cpuAt(dump: Pick<VBoxCoreDump, 'cpus'>, index: number): CpuNoteInfo {
  if (!Number.isSafeInteger(index) || index < 0 || index >= dump.cpus.length) {
    const has = dump.cpus.length === 0 ? 'the dump has no vCPU notes (give --mode and --cr3 for a virtual address space)' : `the dump has ${dump.cpus.length} vCPU note(s) (0 to ${dump.cpus.length - 1})`;
    throw new VboxCoreError('INVALID_ARGUMENT', `vCPU ${typeof index === 'number' ? index : describeValue(index)} does not exist: ${has}`);
  }
  return dump.cpus[index];
}

/**
 * The virtual address space of one vCPU of a dump: its own CR3 and paging mode unless overridden.
 * With both a mode and a CR3 given, no vCPU is needed: a dump without vCPU notes (or whose
 * registers are not decoded) still has virtual address spaces.
 */
export function cpuAddressSpace(dump: Pick<VBoxCoreDump, 'cpus' | 'physical'>, options: CpuSpaceOptions = {}): VirtualAddressSpace {
  const context = cpuPagingContext(dump, options, 'cpuAddressSpace');
  return new VirtualAddressSpace(dump.physical, withTableRoots(context, cpuControl4(dump, options), options.kernel === true, tableReaderOf(dump.physical)));
}

/** The CR4 of the vCPU the options name, or null (no vCPU, or its registers not decoded). */
export function cpuControl4(dump: Pick<VBoxCoreDump, 'cpus'>, options: CpuSpaceOptions): bigint | null {
  const index = options.cpu ?? 0;
  return dump.cpus[index]?.registers?.control.cr4 ?? null;
}

/** The context with what its tables are (PCID, KPTI), switched to the kernel's tables when asked. */
export function withTableRoots(context: PagingContext, cr4: bigint | null, kernel: boolean, readTable: (physicalAddress: bigint) => Uint8Array | null): PagingContext {
  const roots = pageTableRootsFrom(context, cr4, readTable);
  if (!kernel || roots.role !== 'kpti-user') return { ...context, tables: roots, source: kernel ? `${context.source}, kernel tables asked: ${roots.role === 'kpti-kernel' ? 'CR3 holds them' : 'no KPTI user copy found, so CR3'}` : context.source };
  const kernelContext = { ...context, cr3: roots.kernelCr3, source: `${context.source}, kernel tables asked: CR3 ${hex(context.cr3)} with the KPTI user bits cleared` };
  return { ...kernelContext, tables: pageTableRootsFrom(kernelContext, cr4, readTable) };
}

/** The paging context `cpuAddressSpace` (and its asynchronous twin) walk with. */
export function cpuPagingContext(dump: Pick<VBoxCoreDump, 'cpus'>, options: CpuSpaceOptions, caller: string): PagingContext {
  if (typeof options !== 'object' || options === null) throw new VboxCoreError('INVALID_ARGUMENT', `${caller} options must be an object ({ cpu, mode, cr3 }), not ${describeValue(options)}`);
  if (options.mode !== undefined && !PAGING_MODES.includes(options.mode)) {
    throw new VboxCoreError('INVALID_ARGUMENT', `paging mode ${describeValue(options.mode)} is not one of ${PAGING_MODES.join(', ')}`);
  }
  const cr3 = options.cr3 === undefined ? undefined : toAddress(options.cr3, 'CR3');
  const given = options.mode !== undefined && cr3 !== undefined ? { mode: options.mode, cr3 } : null;
  if (options.cpu === undefined && given !== null && dump.cpus.length === 0) return givenPagingContext(given.mode, given.cr3, options.physicalAddressBits);
  const index = options.cpu ?? 0;
  const registers = cpuAt(dump, index).registers;
  if (registers !== null) return pagingContextOf(registers, { mode: options.mode, cr3, physicalAddressBits: options.physicalAddressBits });
  if (given !== null) return givenPagingContext(given.mode, given.cr3, options.physicalAddressBits);
  throw new VboxCoreError('CPU_STATE_UNAVAILABLE', `the registers of vCPU ${index} are not decoded, so its paging mode and CR3 are unknown; give --mode and --cr3`);
}
