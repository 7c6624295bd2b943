import { VBoxCoreDump } from '../dump';
import { identifyKernel, KernelIdentity } from '../guest-kernel/identify';
import { DumpStructure } from '../inspect';
import { MemoryTotals, PhysicalRegion, ValidationReport } from '../model/types';

/** What `vboxcore info` shows, as data (`--json` prints exactly this). */
export interface DumpSummary extends DumpStructure {
  /** The file's path as given. */
  readonly path: string;
  /** The file's size in bytes. */
  readonly fileSize: number;
  /** Consecutive ranges grouped into pieces of guest memory. */
  readonly regions: readonly PhysicalRegion[];
  /** RAM, data in the file, MMIO and what is missing, in bytes. */
  readonly memory: MemoryTotals;
  /** Everything found wrong. */
  readonly report: ValidationReport;
  /** The guest kernel, named from the CPU state (and VMCOREINFO), with how it was found. */
  readonly kernel: KernelIdentity;
}

/** The facts `vboxcore info` prints, from an open dump. */
export function summarizeDump(dump: VBoxCoreDump): DumpSummary {
  return {
    path: dump.path,
    fileSize: dump.fileSize,
    producer: dump.producer,
    header: dump.header,
    descriptor: dump.descriptor,
    cpus: dump.cpus,
    programHeaders: dump.programHeaders,
    ranges: dump.ranges,
    regions: dump.regions,
    memory: dump.memory,
    vmcoreinfo: dump.vmcoreinfo,
    host: dump.host,
    report: dump.report,
    kernel: identifyKernel(dump),
  };
}
