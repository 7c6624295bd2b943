import { headersEnd, readElfHeader } from './elf/header';
import { readNoteSegment, reportCutNoteSegment } from './elf/note-segment';
import { printable } from './elf/note-records';
import { readProgramHeaders, reportOtherSegments } from './elf/program-headers';
import { buildRanges } from './elf/ranges';
import { FileExtent, readSectionExtents } from './elf/section-headers';
import { VboxCoreError } from './errors';
import { ByteSource } from './io/byte-source';
import { hex } from './model/numbers';
import { InspectionStopped, ProblemCollector } from './model/problem-collector';
import { CoreDescriptorInfo, CpuNoteInfo, ElfHeaderInfo, PhysicalRange, Producer, ProgramHeaderInfo, ValidationReport } from './model/types';
import { Problem, PROBLEMS } from './problems';
import { identifyProducer, standardNoteNames, withoutTrailingNuls } from './producers/identify';
import { readQemuNotes, refusePagingDump } from './producers/qemu/notes';
import { virtualBoxHost } from './producers/virtualbox/host';
import { readVirtualBoxNotes } from './producers/virtualbox/notes';

/** Everything read from a dump's headers and notes; memory contents are not touched. */
/** What the headers and notes of a dump say. */
export interface DumpStructure {
  /** Who wrote the dump, told by its notes; validation rules follow it. */
  readonly producer: Producer;
  /** The ELF header. */
  readonly header: ElfHeaderInfo;
  /** Every program header, as read. */
  readonly programHeaders: readonly ProgramHeaderInfo[];
  /** The VBCORE descriptor; null in QEMU cores or when the note is missing or broken. */
  readonly descriptor: CoreDescriptorInfo | null;
  /** One entry per vCPU note. */
  readonly cpus: readonly CpuNoteInfo[];
  /** The usable PT_LOADs, in program header order. */
  readonly ranges: readonly PhysicalRange[];
  /** A VMCOREINFO note's text (QEMU cores of Linux guests that publish one), or null. */
  readonly vmcoreinfo: string | null;
  /**
   * The host VirtualBox ran on, as e_machine tells it (VirtualBox cores only: in a QEMU core
   * e_machine says whether the first vCPU was in long mode); null for other producers.
   */
  readonly host: string | null;
}

/** A file's validation report and, unless a fatal problem stopped the reading, its structure. */
export interface Inspection {
  /** Everything found wrong. */
  readonly report: ValidationReport;
  /** null when a fatal problem stopped the reading (see report.problems). */
  readonly structure: DumpStructure | null;
}

interface NotesResult {
  producer: Producer;
  /** VirtualBox's core descriptor; null for other producers and when it is missing or corrupt. */
  descriptor: CoreDescriptorInfo | null;
  cpus: CpuNoteInfo[];
  /** The text of a VMCOREINFO note (Linux guests of QEMU), or null. */
  vmcoreinfo: string | null;
}

/**
 * Reads the PT_NOTE segment. Its note names tell the producer: VirtualBox (VBCORE, then one
 * VBCPU per vCPU, in VirtualBox's own record layout) or QEMU (standard records: NT_PRSTATUS and
 * QEMU per vCPU). Cores of other producers stop the inspection with FOREIGN_CORE.
 */
function readNotes(source: ByteSource, header: ElfHeaderInfo, programHeaders: readonly ProgramHeaderInfo[], headersEnd: number, problems: ProblemCollector): NotesResult {
  const segment = readNoteSegment(source, programHeaders, headersEnd, problems);
  if (segment === null) return { producer: 'unknown', descriptor: null, cpus: [], vmcoreinfo: null };
  // Other producers follow the standard note layout, which VirtualBox's rule would misread.
  const standardNames = standardNoteNames(segment.window);
  const identified = identifyProducer(standardNames);
  if (identified.producer === 'foreign') {
    problems.stop('FOREIGN_CORE', `this is ${identified.what}, not a VirtualBox or QEMU guest core (its notes are ${standardNames.map((name) => `"${printable(withoutTrailingNuls(name))}"`).join(', ')})`, {
      fileOffset: segment.fileOffset,
      field: 'note[0].name',
    });
  }
  if (identified.producer === 'qemu') {
    reportCutNoteSegment(segment, problems);
    return { producer: 'qemu', descriptor: null, ...readQemuNotes(segment.window, segment.fileOffset, segment.cut !== null, header, problems) };
  }
  return { ...readVirtualBoxNotes(segment, header.machine, problems), vmcoreinfo: null };
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
    if (producer === 'qemu') refusePagingDump(programHeaders, problems);
    const ranges = buildRanges(programHeaders, source.size, segmentsStart, producer, problems);
    checkTrailingData(source, programHeaders, sections, problems);
    const host = producer === 'virtualbox' ? virtualBoxHost(header.machine, descriptor?.vboxVersion ?? null) : null;
    structure = { producer, header, programHeaders, descriptor, cpus, ranges, vmcoreinfo, host };
  } catch (stopped) {
    if (!(stopped instanceof InspectionStopped)) throw stopped;
  }
  return { report: reportOf(source.path, source.size, problems.problems), structure };
}

/**
 * A report of the problems found, the one that stopped the reading first: it explains the others
 * (a QEMU paging dump's virtual addresses are no safe integers, for one), then the rest in order.
 */
export function reportOf(path: string, fileSize: number | null, found: readonly Problem[]): ValidationReport {
  const problems = [...found.filter((problem) => PROBLEMS[problem.code].fatal), ...found.filter((problem) => !PROBLEMS[problem.code].fatal)];
  const count = (severity: Problem['severity']): number => problems.filter((problem) => problem.severity === severity).length;
  const errorCount = count('error');
  return { path, fileSize, valid: errorCount === 0, errorCount, warningCount: count('warning'), infoCount: count('info'), problems };
}

/** The report of a file that could not be opened at all: that one problem. */
export function reportOfOpenError(path: string, error: VboxCoreError): ValidationReport {
  return reportOf(path, null, [{ code: error.code, severity: 'error', message: error.message, fileOffset: error.fileOffset, field: error.field }]);
}
