import { VboxCoreDescriptor } from '../../../generated/VboxCoreDescriptor';
import { VboxCpuState } from '../../../generated/VboxCpuState';
import { VboxElfNote } from '../../../generated/VboxElfNote';
import { descriptorFileOffset, noteFieldOffset, NoteRecord, printable, walkNoteRecords } from '../../elf/note-records';
import { fieldPosition, parseWindow, ParseFailure } from '../../kaitai/window';
import { hex } from '../../model/numbers';
import { ProblemCollector, reportFirstFew } from '../../model/problem-collector';
import { CoreDescriptorInfo, CpuNoteInfo, VirtualBoxCpuRegisters } from '../../model/types';
import { CPU_LAYOUTS, decodeRegisters, REGISTER_PREFIX_SIZE } from './registers';

/** Unknown or unterminated notes named one by one before the rest are counted. */
const UNKNOWN_NOTES_NAMED = 8;
const DESCRIPTOR_SIZE = 24;
const FORMAT_FAMILY = 1;
const NEWEST_KNOWN_FORMAT_MINOR = 6;
/** Format 0x00010000 (VirtualBox 4.1) stored the raw CPUMCTX in VBCPU notes, not DBGFCORECPU. */
const CPUMCTX_FORMAT_VERSION = 0x0001_0000;
const CORE_NOTE_NAME = 'VBCORE';
const CPU_NOTE_NAME = 'VBCPU';

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
  const formatKnown = descriptor.formatFamily === FORMAT_FAMILY && descriptor.formatMinor <= NEWEST_KNOWN_FORMAT_MINOR;
  if (descriptor.formatFamily !== FORMAT_FAMILY) {
    problems.add('UNSUPPORTED_FORMAT_FAMILY', `format version ${hex(descriptor.formatVersion)} is not in the 0x0001xxxx family`, { fileOffset: at('formatVersion'), field: 'DBGFCOREDESCRIPTOR.u32FmtVersion' });
  } else if (!formatKnown) {
    problems.add('UNKNOWN_FORMAT_VERSION', `format version ${hex(descriptor.formatVersion)} is newer than the newest known (0x10006); memory is read as usual`, {
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

function decodeCpu(record: NoteRecord, index: number, descriptor: CoreDescriptorInfo | null, problems: ProblemCollector): CpuNoteInfo {
  const base = { index, noteOffset: record.fileOffset, descriptorOffset: descriptorFileOffset(record), descriptorSize: record.note.header.nDescsz };
  if (descriptor !== null && descriptor.formatVersion === CPUMCTX_FORMAT_VERSION) {
    return { ...base, registers: null };
  }
  if (record.note.header.nDescsz < REGISTER_PREFIX_SIZE) {
    problems.add('CPU_NOTE_TOO_SHORT', `VBCPU note ${index} is ${record.note.header.nDescsz} bytes, shorter than the ${REGISTER_PREFIX_SIZE}-byte register prefix; its registers are not decoded`, {
      fileOffset: noteFieldOffset(record, 'nDescsz'),
      field: `note[${index + 1}].n_descsz`,
    });
    return { ...base, registers: null };
  }
  const parsed = parseWindow(VboxCpuState, record.note.descriptor);
  if (parsed instanceof ParseFailure) throw parsed.cause; // size checked above, no valid: checks
  const registers = decodeRegisters(parsed.value, record.note.descriptor);
  checkLayout(record, index, registers, descriptor, problems);
  return { ...base, registers };
}

/** The note's size picks the layout; say so when it is unknown or when the format version disagrees. */
function checkLayout(record: NoteRecord, index: number, registers: VirtualBoxCpuRegisters, descriptor: CoreDescriptorInfo | null, problems: ProblemCollector): void {
  const size = record.note.header.nDescsz;
  const where = { fileOffset: noteFieldOffset(record, 'nDescsz'), field: `note[${index + 1}].n_descsz` };
  const known = Object.keys(CPU_LAYOUTS).map((key) => hex(Number(key))).join(', ');
  if (registers.extended === null) {
    problems.add('CPU_LAYOUT_UNKNOWN', `VBCPU note ${index} is ${hex(size)} bytes, not a DBGFCORECPU size vboxcore knows (${known}); only the first ${hex(REGISTER_PREFIX_SIZE)} bytes (general, segment, control, debug registers, MSRs) are decoded`, where);
    return;
  }
  const layout = CPU_LAYOUTS[size];
  if (descriptor !== null && !layout.formatVersions.includes(descriptor.formatVersion)) {
    problems.add('CPU_LAYOUT_VERSION_MISMATCH', `VBCPU note ${index} is ${hex(size)} bytes, the size of format ${layout.formatVersions.map(hex).join('/')}, but the descriptor says format ${hex(descriptor.formatVersion)}; decoded by its size`, { ...where, details: { descriptorSize: size, formatVersion: descriptor.formatVersion } });
  }
}

/** Reads VirtualBox's notes: VBCORE, then one VBCPU per vCPU, in VirtualBox's own record layout. */
export function readVirtualBoxNotes(window: Uint8Array, segmentFileOffset: number, problems: ProblemCollector): VirtualBoxNotes {
  const read = { window, fileOffset: segmentFileOffset };
  const records = walkNoteRecords(VboxElfNote, read.window, read.fileOffset, problems);
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

  const cpus: CpuNoteInfo[] = [];
  const unknown: { record: NoteRecord; position: number }[] = [];
  records.forEach((record, position) => {
    if (position === coreIndex) return;
    if (record.note.name !== CPU_NOTE_NAME) {
      unknown.push({ record, position });
      return;
    }
    if (record.note.header.nType !== VboxElfNote.NoteType.VBOX_CPU) {
      problems.add('NOTE_TYPE_MISMATCH', `VBCPU note ${position} has n_type ${hex(record.note.header.nType)}, expected 0xb01 (NT_VBOXCPU)`, { fileOffset: noteFieldOffset(record, 'nType'), field: `note[${position}].n_type` });
    }
    cpus.push(decodeCpu(record, cpus.length, descriptor, problems));
  });

  reportFirstFew(
    unknown,
    UNKNOWN_NOTES_NAMED,
    ({ record, position }) =>
      problems.add('UNKNOWN_NOTE', `note ${position} is named "${printable(record.note.name)}" (n_type ${hex(record.note.header.nType)}), neither VBCORE nor VBCPU; skipped`, { fileOffset: record.fileOffset, field: `note[${position}].name` }),
    ({ record, position }, count) => problems.add('UNKNOWN_NOTE', `${count} more notes (from note ${position}) are neither VBCORE nor VBCPU; skipped`, { fileOffset: record.fileOffset, field: 'note[*].name', details: { count } }),
  );
  if (descriptor !== null && descriptor.formatVersion === CPUMCTX_FORMAT_VERSION && cpus.length > 0) {
    problems.add('CPU_LAYOUT_NOT_DECODED', 'format 0x10000 stores the raw CPUMCTX in VBCPU notes; their registers are not decoded yet', { fileOffset: cpus[0].descriptorOffset, field: 'note[1].desc' });
  }
  if (decoded !== null && descriptor !== null && descriptor.cpuCount !== 0 && descriptor.cpuCount !== cpus.length) {
    problems.add('CPU_COUNT_MISMATCH', `cCpus says ${descriptor.cpuCount} vCPUs but there ${cpus.length === 1 ? 'is 1 VBCPU note' : `are ${cpus.length} VBCPU notes`}`, {
      fileOffset: decoded.cpuCountOffset,
      field: 'DBGFCOREDESCRIPTOR.cCpus',
      details: { cpuCount: descriptor.cpuCount, cpuNotes: cpus.length },
    });
  }
  return { producer: coreIndex < 0 ? 'unknown' : 'virtualbox', descriptor, cpus };
}
