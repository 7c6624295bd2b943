import { AddressInput, describeValue, toAddress } from '../address-space/address';
import { PAGING_MODES, PagingContext, PagingMode, givenPagingContext, pagingContextOf } from '../address-space/paging';
import { VirtualAddressSpace } from '../address-space/virtual';
import { VBoxCoreDump } from '../dump';
import { VboxCoreError } from '../errors';
import { CpuNoteInfo } from '../model/types';

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
export function cpuAddressSpace(dump: VBoxCoreDump, options: CpuSpaceOptions = {}): VirtualAddressSpace {
  return new VirtualAddressSpace(dump.physical, cpuPagingContext(dump, options, 'cpuAddressSpace'));
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
