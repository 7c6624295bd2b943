import { PagingMode, givenPagingContext, pagingContextOf } from '../address-space/paging';
import { VirtualAddressSpace } from '../address-space/virtual';
import { VBoxCoreDump } from '../dump';
import { VboxCoreError } from '../errors';
import { CpuNoteInfo } from '../model/types';

export interface CpuSpaceOptions {
  /** Which vCPU's registers give the mode and CR3 (0 by default). */
  readonly cpu?: number;
  readonly mode?: PagingMode;
  readonly cr3?: bigint;
}

/** One vCPU note of a dump; an index the dump does not have is an INVALID_ARGUMENT error. */
export function cpuAt(dump: VBoxCoreDump, index: number): CpuNoteInfo {
  if (!Number.isSafeInteger(index) || index < 0 || index >= dump.cpus.length) {
    throw new VboxCoreError('INVALID_ARGUMENT', `vCPU ${index} does not exist: the dump has ${dump.cpus.length} vCPU note(s) (0 to ${dump.cpus.length - 1})`);
  }
  return dump.cpus[index];
}

/** The virtual address space of one vCPU of a dump: its own CR3 and paging mode unless overridden. */
export function cpuAddressSpace(dump: VBoxCoreDump, options: CpuSpaceOptions = {}): VirtualAddressSpace {
  const index = options.cpu ?? 0;
  const registers = cpuAt(dump, index).registers;
  if (registers !== null) return new VirtualAddressSpace(dump.physical, pagingContextOf(registers, { mode: options.mode, cr3: options.cr3 }));
  if (options.mode !== undefined && options.cr3 !== undefined) return new VirtualAddressSpace(dump.physical, givenPagingContext(options.mode, options.cr3));
  throw new VboxCoreError('CPU_STATE_UNAVAILABLE', `the registers of vCPU ${index} are not decoded, so its paging mode and CR3 are unknown; give --mode and --cr3`);
}
