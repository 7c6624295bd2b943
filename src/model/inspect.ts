import { VboxCoreError } from '../errors';
import { ByteSource } from '../io/byte-source';
import { FileSource } from '../io/file-source';
import { Problem } from '../problems';
import { headersEnd, readElfHeader } from './elf-header';
import { readNotes } from './notes';
import { InspectionStopped, ProblemCollector } from './problem-collector';
import { readProgramHeaders, reportOtherSegments } from './program-headers';
import { buildRanges } from './ranges';
import { CoreDescriptorInfo, CpuNoteInfo, ElfHeaderInfo, PhysicalRange, Producer, ProgramHeaderInfo, ValidationReport } from './types';
import { FileExtent, readSectionExtents } from './section-headers';
import { hex } from './exact';

/** Everything read from a dump's headers and notes; memory contents are not touched. */
export interface DumpStructure {
  /** Who wrote the dump, told by its notes; validation rules follow it. */
  readonly producer: Producer;
  readonly header: ElfHeaderInfo;
  readonly programHeaders: readonly ProgramHeaderInfo[];
  readonly descriptor: CoreDescriptorInfo | null;
  readonly cpus: readonly CpuNoteInfo[];
  readonly ranges: readonly PhysicalRange[];
  /** A VMCOREINFO note's text (QEMU cores of Linux guests that publish one), or null. */
  readonly vmcoreinfo: string | null;
}

export interface Inspection {
  readonly report: ValidationReport;
  /** null when a fatal problem stopped the reading (see report.problems). */
  readonly structure: DumpStructure | null;
}

function checkTrailingData(source: ByteSource, programHeaders: readonly ProgramHeaderInfo[], sections: readonly FileExtent[], problems: ProblemCollector): void {
  let end = 0;
  for (const entry of programHeaders) {
    if (entry.fileOffset === null || entry.fileSize === null) return;
    end = Math.max(end, entry.fileOffset + entry.fileSize);
  }
  if (end === 0) return;
  for (const section of sections) end = Math.max(end, section.fileOffset + section.size);
  if (source.size > end) {
    problems.add('TRAILING_DATA', `the file continues ${source.size - end} bytes past the end of the last segment or section at ${hex(end)}`, { fileOffset: end, field: null, details: { segmentsEnd: end, fileSize: source.size } });
  }
}

/** Reads and checks an open dump, collecting every problem instead of stopping at the first. */
export function inspectSource(source: ByteSource): Inspection {
  const problems = new ProblemCollector();
  let structure: DumpStructure | null = null;
  try {
    const header = readElfHeader(source, problems);
    const programHeaders = readProgramHeaders(source, header, problems);
    reportOtherSegments(programHeaders, problems);
    const segmentsStart = headersEnd(header);
    const sections = readSectionExtents(source, header, problems);
    const { producer, descriptor, cpus, vmcoreinfo } = readNotes(source, header, programHeaders, segmentsStart, problems);
    const ranges = buildRanges(programHeaders, source.size, segmentsStart, producer, problems);
    checkTrailingData(source, programHeaders, sections, problems);
    structure = { producer, header, programHeaders, descriptor, cpus, ranges, vmcoreinfo };
  } catch (stopped) {
    if (!(stopped instanceof InspectionStopped)) throw stopped;
  }
  return { report: reportOf(source.path, source.size, problems.problems), structure };
}

export function reportOf(path: string, fileSize: number | null, problems: readonly Problem[]): ValidationReport {
  const errorCount = problems.filter((problem) => problem.severity === 'error').length;
  return { path, fileSize, valid: errorCount === 0, errorCount, warningCount: problems.length - errorCount, problems };
}

/** Inspects the file at `path`; only an unreadable file throws (FILE_UNREADABLE). */
export function inspectFile(path: string): Inspection {
  const source = FileSource.open(path);
  try {
    return inspectSource(source);
  } finally {
    source.close();
  }
}

/** Validates the dump at `path`: every problem found, each with a code, severity and place. */
export function validateDump(path: string): ValidationReport {
  try {
    return inspectFile(path).report;
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return reportOf(path, null, [{ code: error.code, severity: 'error', message: error.message, fileOffset: error.fileOffset, field: error.field }]);
  }
}
