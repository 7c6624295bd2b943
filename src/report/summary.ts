import { VBoxCoreDump } from '../dump';
import { CoreDescriptorInfo, CpuNoteInfo, ElfHeaderInfo, PhysicalRange, PhysicalRegion, ProgramHeaderInfo, ValidationReport } from '../model/types';

/** What `vboxcore info` shows, as data (`--json` prints exactly this). */
export interface DumpSummary {
  readonly path: string;
  readonly fileSize: number;
  readonly producer: 'VirtualBox' | 'unknown';
  readonly header: ElfHeaderInfo;
  readonly descriptor: CoreDescriptorInfo | null;
  readonly cpus: readonly CpuNoteInfo[];
  readonly programHeaders: readonly ProgramHeaderInfo[];
  readonly ranges: readonly PhysicalRange[];
  readonly regions: readonly PhysicalRegion[];
  readonly report: ValidationReport;
}

export function summarizeDump(dump: VBoxCoreDump): DumpSummary {
  return {
    path: dump.path,
    fileSize: dump.fileSize,
    producer: dump.descriptor === null ? 'unknown' : 'VirtualBox',
    header: dump.header,
    descriptor: dump.descriptor,
    cpus: dump.cpus,
    programHeaders: dump.programHeaders,
    ranges: dump.ranges,
    regions: dump.regions,
    report: dump.report,
  };
}

/** JSON with 64-bit register values (BigInt) as exact hexadecimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `0x${item.toString(16)}` : item), 2);
}
