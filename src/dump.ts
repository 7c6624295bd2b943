import { PhysicalAddressSpace } from './address-space/physical';
import { VboxCoreError } from './errors';
import { ByteSource } from './io/byte-source';
import { openByteSource } from './io/open-byte-source';
import { DumpStructure, inspectSource } from './inspect';
import { memoryTotals, regionsOf } from './elf/ranges';
import { MemoryTotals, PhysicalRegion, ValidationReport } from './model/types';
import { PROBLEMS } from './problems';

/** An open VirtualBox core dump: its structure, its problems, and its physical address space. */
export interface VBoxCoreDump extends DumpStructure {
  /** The file's path as given. */
  readonly path: string;
  /** The file's size in bytes. */
  readonly fileSize: number;
  /** Problems found while opening; none of them fatal (errors here mean parts of the dump are unusable). */
  readonly report: ValidationReport;
  /** Consecutive ranges grouped into pieces of guest memory. */
  readonly regions: readonly PhysicalRegion[];
  /** RAM, data in the file, MMIO and what is missing, in bytes. */
  readonly memory: MemoryTotals;
  /** The guest-physical address space, backed by the ranges. */
  readonly physical: PhysicalAddressSpace;
  /** Raw bytes of the file (headers, notes); the range must lie inside the file. */
  readFileBytes(fileOffset: number, length: number): Buffer;
  /** Closes the file; the dump must not be used afterwards. */
  close(): void;
}

/**
 * Opens a dump read-only and reads its headers and notes from small windows. Throws a
 * VboxCoreError when the file is unreadable or so broken that no ranges can be known; other
 * problems are kept in `report` and surface again when an operation touches the damage.
 */
export function openDump(path: string): VBoxCoreDump {
  return openSource(openByteSource(path));
}

/** The same as openDump, over any byte source (a dump in memory, for example); closes it on failure. */
export function openSource(source: ByteSource): VBoxCoreDump {
  const path = source.path;
  try {
    const { report, structure } = inspectSource(source);
    if (structure === null) {
      const fatal = report.problems.find((problem) => PROBLEMS[problem.code].fatal) ?? report.problems[0];
      throw VboxCoreError.fromProblem(fatal, path);
    }
    const regions = regionsOf(structure.ranges);
    return {
      ...structure,
      path,
      fileSize: source.size,
      report,
      regions,
      memory: memoryTotals(structure.ranges, regions),
      physical: new PhysicalAddressSpace(source, structure.ranges),
      readFileBytes: (fileOffset, length) => source.readAt(fileOffset, length),
      close: () => source.close(),
    };
  } catch (error) {
    source.close();
    throw error;
  }
}

/** Runs `body` with an open dump and closes it afterwards. */
export function withDump<T>(path: string, body: (dump: VBoxCoreDump) => T): T {
  const dump = openDump(path);
  try {
    return body(dump);
  } finally {
    dump.close();
  }
}
