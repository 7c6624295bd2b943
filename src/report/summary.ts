import { VBoxCoreDump } from '../dump';
import { CoreDescriptorInfo, CpuNoteInfo, ElfHeaderInfo, PhysicalRange, PhysicalRegion, Producer, ProgramHeaderInfo, ValidationReport } from '../model/types';

/** What `vboxcore info` shows, as data (`--json` prints exactly this). */
export interface DumpSummary {
  readonly path: string;
  readonly fileSize: number;
  /** Who wrote the dump, told by its notes. */
  readonly producer: Producer;
  readonly header: ElfHeaderInfo;
  readonly descriptor: CoreDescriptorInfo | null;
  readonly cpus: readonly CpuNoteInfo[];
  readonly programHeaders: readonly ProgramHeaderInfo[];
  readonly ranges: readonly PhysicalRange[];
  readonly regions: readonly PhysicalRegion[];
  /** A VMCOREINFO note's text (QEMU cores of Linux guests), or null. */
  readonly vmcoreinfo: string | null;
  /** The host VirtualBox ran on, from e_machine (VirtualBox cores only), or null. */
  readonly host: string | null;
  readonly report: ValidationReport;
}

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
    vmcoreinfo: dump.vmcoreinfo,
    host: dump.host,
    report: dump.report,
  };
}
