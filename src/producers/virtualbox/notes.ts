import { VboxCoreDescriptor } from '../../../generated/VboxCoreDescriptor';
import { VboxCpuState } from '../../../generated/VboxCpuState';
import { VboxElfNote } from '../../../generated/VboxElfNote';
import { descriptorFileOffset, noteFieldOffset, NoteRecord, printable, walkNoteRecords } from '../../elf/note-records';
import { NoteSegment, reportCutNoteSegment } from '../../elf/note-segment';
import { fieldPosition, parseWindow, ParseFailure } from '../../kaitai/window';
import { hex } from '../../model/numbers';
import { ProblemCollector, reportFirstFew } from '../../model/problem-collector';
import { CoreDescriptorInfo, CpuNoteInfo } from '../../model/types';
import { describeLayout, isDbgfCoreCpuVersion, isKnownFormatVersion, knownFormatVersions } from './cpu-layouts';
import { decodeRegisters } from './registers';

/** Unknown or unterminated notes named one by one before the rest are counted. */
const UNKNOWN_NOTES_NAMED = 8;
const DESCRIPTOR_SIZE = 24;
const FORMAT_FAMILY = 1;
/** The note names VirtualBox gives its core descriptor and each vCPU's state. */
export const CORE_NOTE_NAME = 'VBCORE';
export const CPU_NOTE_NAME = 'VBCPU';

export interface VirtualBoxNotes {
  /** 'unknown' when no note is named VBCORE (VirtualBox's rules still apply). */
  producer: 'virtualbox' | 'unknown';
  /** null when the VBCORE note is missing or corrupt. */
  descriptor: CoreDescriptorInfo | null;
  cpus: CpuNoteInfo[];
}

function decodeDescriptor(record: NoteRecord, problems: ProblemCollector): { info: CoreDescriptorInfo; cpuCountOffset: number } | null {
  const baseOffset = descriptorFileOffset(record);
  if (record.note.header.nDescsz < DESCRIPTOR_SIZE) {
    problems.add('DESCRIPTOR_TOO_SHORT', `the VBCORE descriptor is ${record.note.header.nDescsz} bytes, expected 24`, { fileOffset: noteFieldOffset(record, 'nDescsz'), field: 'note[0].n_descsz' });
    return null;
  }
  const parsed = parseWindow(VboxCoreDescriptor, record.note.descriptor);
  if (parsed instanceof ParseFailure) {
    problems.add('BAD_MAGIC', `the VBCORE descriptor magic is ${hex(parsed.partial.magic)}, expected 0xc01ac0de`, { fileOffset: baseOffset, field: 'DBGFCOREDESCRIPTOR.u32Magic' });
    return null;
  }
  const descriptor = parsed.value;
  const at = (field: string): number => baseOffset + fieldPosition(descriptor, field);
  const formatKnown = isKnownFormatVersion(descriptor.formatVersion);
  if (descriptor.formatFamily !== FORMAT_FAMILY) {
    problems.add('UNSUPPORTED_FORMAT_FAMILY', `format version ${hex(descriptor.formatVersion)} is not in the 0x0001xxxx family`, { fileOffset: at('formatVersion'), field: 'DBGFCOREDESCRIPTOR.u32FmtVersion' });
  } else if (!formatKnown) {
    problems.add('UNKNOWN_FORMAT_VERSION', `format version ${hex(descriptor.formatVersion)} is not one a VirtualBox release wrote that vboxcore knows (${knownFormatVersions().map(hex).join(', ')}); memory is read as usual, VBCPU notes by their size`, {
      fileOffset: at('formatVersion'),
      field: 'DBGFCOREDESCRIPTOR.u32FmtVersion',
    });
  }
  if (descriptor.descriptorSize !== DESCRIPTOR_SIZE) {
    problems.add('BAD_DESCRIPTOR_SIZE', `cbSelf is ${descriptor.descriptorSize}, expected 24`, { fileOffset: at('descriptorSize'), field: 'DBGFCOREDESCRIPTOR.cbSelf' });
  }
  if (descriptor.cpuCount === 0) {
    problems.add('NO_CPUS', 'cCpus is 0; a VM has at least one vCPU', { fileOffset: at('cpuCount'), field: 'DBGFCOREDESCRIPTOR.cCpus' });
  }
  const version = { major: descriptor.vboxVersionMajor, minor: descriptor.vboxVersionMinor, build: descriptor.vboxVersionBuild };
  const info: CoreDescriptorInfo = {
    fileOffset: baseOffset,
    magic: descriptor.magic,
    formatVersion: descriptor.formatVersion,
    formatKnown,
    descriptorSize: descriptor.descriptorSize,
    vboxVersion: { ...version, text: `${version.major}.${version.minor}.${version.build}` },
    vboxRevision: descriptor.vboxRevision,
    cpuCount: descriptor.cpuCount,
  };
  return { info, cpuCountOffset: at('cpuCount') };
}

function decodeCpu(record: NoteRecord, index: number, position: number, descriptor: CoreDescriptorInfo | null, machine: number, problems: ProblemCollector): CpuNoteInfo {
  const size = record.note.header.nDescsz;
  const base = { index, noteOffset: record.fileOffset, descriptorOffset: descriptorFileOffset(record), descriptorSize: size };
  const formatVersion = descriptor?.formatVersion ?? 0;
  const parsed = parseWindow(VboxCpuState, record.note.descriptor, formatVersion);
  if (parsed instanceof ParseFailure) throw parsed.cause; // the schema picks only layouts the size holds
  const layout = describeLayout(parsed.value, size, { machine, version: descriptor?.vboxVersion ?? null });
  const where = { fileOffset: noteFieldOffset(record, 'nDescsz'), field: `note[${position}].n_descsz` };
  if (layout === null) {
    reportUnknownLayout(index, size, descriptor, where, problems);
    return { ...base, registers: null };
  }
  if (layout.chosenBy === 'format-version') {
    problems.add('CPU_LAYOUT_INFERRED', `VBCPU note ${index} is ${hex(size)} bytes, a size no VirtualBox release wrote; decoded as ${layout.structure} of format ${hex(layout.formatVersion)} with the XSAVE area at n_descsz - 0x2000 (inferred)`, where);
  } else if (layout.chosenBy === 'size' && descriptor !== null) {
    problems.add('CPU_LAYOUT_VERSION_MISMATCH', `VBCPU note ${index} is ${hex(size)} bytes, the size of format ${hex(layout.formatVersion)}'s ${layout.structure} (${layout.releases}), but the descriptor says format ${hex(descriptor.formatVersion)}; decoded by its size`, {
      ...where,
      details: { descriptorSize: size, formatVersion: descriptor.formatVersion, layoutFormatVersion: layout.formatVersion },
    });
  }
  return { ...base, registers: decodeRegisters(parsed.value, record.note.descriptor, layout, descriptor?.vboxVersion ?? null) };
}

/** Neither the note's size nor the format version names a layout: say which of the two failed. */
function reportUnknownLayout(index: number, size: number, descriptor: CoreDescriptorInfo | null, where: { fileOffset: number; field: string }, problems: ProblemCollector): void {
  const formatVersion = descriptor?.formatVersion ?? null;
  if (formatVersion !== null && isDbgfCoreCpuVersion(formatVersion)) {
    problems.add('CPU_NOTE_TOO_SHORT', `VBCPU note ${index} is ${hex(size)} bytes, too short for format ${hex(formatVersion)}'s DBGFCORECPU (its registers and the 8 KiB XSAVE area); its registers are not decoded`, where);
    return;
  }
  const because = formatVersion === null ? 'and there is no core descriptor to name a format' : `and format ${hex(formatVersion)} names no layout of that size`;
  problems.add('CPU_LAYOUT_UNKNOWN', `VBCPU note ${index} is ${hex(size)} bytes: no VirtualBox release wrote a VBCPU note of that size, ${because}; its registers are not decoded`, where);
}

/**
 * The file ends right after a whole VBCORE note although the note segment goes on: VirtualBox
 * wrote the headers and the descriptor, then stopped. Its core writer has no ARM CPU state, so
 * 7.1 and later stop exactly here when asked to dump an ARM guest.
 */
function reportStopAfterDescriptor(read: NoteSegment, descriptor: CoreDescriptorInfo, problems: ProblemCollector): void {
  const fileEnd = read.fileOffset + read.window.length;
  const cpus = descriptor.cpuCount === 1 ? '1 vCPU' : `${descriptor.cpuCount} vCPUs`;
  problems.add(
    'DUMP_STOPPED_AFTER_DESCRIPTOR',
    `the file ends at ${hex(fileEnd)}, right after the VBCORE note (VirtualBox ${descriptor.vboxVersion.text}, ${cpus}): VirtualBox wrote the headers and the core descriptor, then stopped before the VBCPU notes and the memory. VirtualBox 7.1 and later stop like this when dumping an ARM guest (their core writer has no ARM CPU state; the VM is aborted), so this is probably an ARM guest. The file holds no registers and no memory`,
    { fileOffset: fileEnd, field: 'note[1]', details: { fileSize: fileEnd, noteSegmentEnd: read.cut?.segmentEnd, vboxVersion: descriptor.vboxVersion.text, cpuCount: descriptor.cpuCount } },
  );
}

/** Reads VirtualBox's notes: VBCORE, then one VBCPU per vCPU, in VirtualBox's own record layout. */
export function readVirtualBoxNotes(read: NoteSegment, machine: number, problems: ProblemCollector): VirtualBoxNotes {
  const records = walkNoteRecords(VboxElfNote, read.window, read.fileOffset, problems, read.cut !== null);
  const unterminated = records.filter((record) => record.note.namePadding.length > 0 && record.note.namePadding[0] !== 0);
  reportFirstFew(
    unterminated,
    UNKNOWN_NOTES_NAMED,
    (record) =>
      problems.add('NOTE_NAME_NOT_TERMINATED', `note ${records.indexOf(record)}: the name "${printable(record.note.name)}" (n_namesz ${record.note.header.nNamesz}) is not followed by a NUL`, {
        fileOffset: noteFieldOffset(record, 'namePadding'),
        field: `note[${records.indexOf(record)}].name`,
      }),
    (first, count) => problems.add('NOTE_NAME_NOT_TERMINATED', `${count} more note names are not followed by a NUL`, { fileOffset: first.fileOffset, field: 'note[*].name', details: { count } }),
  );

  const coreIndex = records.findIndex((record) => record.note.name === CORE_NOTE_NAME);
  let decoded: { info: CoreDescriptorInfo; cpuCountOffset: number } | null = null;
  if (coreIndex < 0) {
    problems.add('VBCORE_MISSING', `none of the ${records.length} notes is named VBCORE: this is not a VirtualBox core, or its notes are corrupt`, { fileOffset: read.fileOffset, field: 'note[0].name' });
  } else {
    const record = records[coreIndex];
    if (coreIndex !== 0) {
      problems.add('VBCORE_NOT_FIRST', `the VBCORE note is note ${coreIndex}, VirtualBox writes it first`, { fileOffset: record.fileOffset, field: `note[${coreIndex}].name` });
    }
    if (record.note.header.nType !== VboxElfNote.NoteType.VBOX_CORE) {
      problems.add('NOTE_TYPE_MISMATCH', `the VBCORE note has n_type ${hex(record.note.header.nType)}, expected 0xb00 (NT_VBOXCORE)`, { fileOffset: noteFieldOffset(record, 'nType'), field: `note[${coreIndex}].n_type` });
    }
    decoded = decodeDescriptor(record, problems);
  }
  const descriptor = decoded?.info ?? null;
  const stoppedAfterDescriptor = descriptor !== null && read.cut !== null && records.length === 1 && records[0].position + records[0].note.header.recordSize === read.window.length;
  if (stoppedAfterDescriptor) reportStopAfterDescriptor(read, descriptor, problems);
  else reportCutNoteSegment(read, problems);

  const cpus: CpuNoteInfo[] = [];
  const unknown: { record: NoteRecord; position: number }[] = [];
  // Named VBCPU, another type: a modified VirtualBox adds such a per-vCPU note (type 0xbeef).
  const otherTypes: { record: NoteRecord; position: number }[] = [];
  records.forEach((record, position) => {
    if (position === coreIndex) return;
    if (record.note.name !== CPU_NOTE_NAME) {
      unknown.push({ record, position });
      return;
    }
    if (record.note.header.nType !== VboxElfNote.NoteType.VBOX_CPU) {
      otherTypes.push({ record, position });
      return;
    }
    cpus.push(decodeCpu(record, cpus.length, position, descriptor, machine, problems));
  });

  reportFirstFew(
    unknown,
    UNKNOWN_NOTES_NAMED,
    ({ record, position }) =>
      problems.add('UNKNOWN_NOTE', `note ${position} is named "${printable(record.note.name)}" (n_type ${hex(record.note.header.nType)}), neither VBCORE nor VBCPU; skipped`, { fileOffset: record.fileOffset, field: `note[${position}].name` }),
    ({ record, position }, count) => problems.add('UNKNOWN_NOTE', `${count} more notes (from note ${position}) are neither VBCORE nor VBCPU; skipped`, { fileOffset: record.fileOffset, field: 'note[*].name', details: { count } }),
  );
  reportFirstFew(
    otherTypes,
    UNKNOWN_NOTES_NAMED,
    ({ record, position }) =>
      problems.add('UNKNOWN_NOTE_TYPE', `note ${position} is named VBCPU but has n_type ${hex(record.note.header.nType)}, not NT_VBOXCPU (0xb01); stepped over, not taken for a vCPU (a modified VirtualBox adds a second per-vCPU note of type 0xbeef)`, {
        fileOffset: noteFieldOffset(record, 'nType'),
        field: `note[${position}].n_type`,
      }),
    ({ record, position }, count) => problems.add('UNKNOWN_NOTE_TYPE', `${count} more VBCPU notes (from note ${position}) have a type other than NT_VBOXCPU; stepped over`, { fileOffset: record.fileOffset, field: 'note[*].n_type', details: { count } }),
  );
  if (decoded !== null && descriptor !== null && !stoppedAfterDescriptor && descriptor.cpuCount !== 0 && descriptor.cpuCount !== cpus.length) {
    problems.add('CPU_COUNT_MISMATCH', `cCpus says ${descriptor.cpuCount} vCPUs but there ${cpus.length === 1 ? 'is 1 VBCPU note' : `are ${cpus.length} VBCPU notes`}`, {
      fileOffset: decoded.cpuCountOffset,
      field: 'DBGFCOREDESCRIPTOR.cCpus',
      details: { cpuCount: descriptor.cpuCount, cpuNotes: cpus.length },
    });
  }
  return { producer: coreIndex < 0 ? 'unknown' : 'virtualbox', descriptor, cpus };
}
