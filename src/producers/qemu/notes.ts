import { ElfNote } from '../../../generated/ElfNote';
import { ElfPrstatusX86 } from '../../../generated/ElfPrstatusX86';
import { QemuCpuState } from '../../../generated/QemuCpuState';
import { VboxElf64Header } from '../../../generated/VboxElf64Header';
import { descriptorFileOffset, noteFieldOffset, NoteRecord, printable, walkNoteRecords } from '../../elf/note-records';
import { exactU64, parseWindow, ParseFailure } from '../../kaitai/window';
import { hex } from '../../model/numbers';
import { ProblemCollector, reportFirstFew } from '../../model/problem-collector';
import { CONTROL, fromEntries, GENERAL } from '../../model/register-names';
import { bitSet, CR0_PG, CR4_PAE } from '../../cpu/bits';
import { CpuNoteInfo, DescriptorTableRegister, ElfHeaderInfo, ProgramHeaderInfo, QemuCpuRegisters, SegmentRegister } from '../../model/types';
import { isLoad, programHeaderFieldOffset } from '../../elf/program-headers';

/** QEMU's notes per vCPU: CORE/NT_PRSTATUS and QEMU of this type (QEMUCPUState). */
export const NT_PRSTATUS = 1;
export const QEMU_NOTE_TYPE = 0;
const QEMU_CPU_STATE_VERSION = 1;
/** QEMUCPUState up to cr[4]; kernel_gs_base (8 more bytes) came with QEMU 4.2. */
const QEMU_CPU_STATE_MINIMUM = 0x1b0;
/** A VMCOREINFO note is a few KiB of text; more is not shown. */
const VMCOREINFO_LIMIT = 64 * 1024;
const UNKNOWN_NOTES_NAMED = 8;

export interface QemuNotes {
  cpus: CpuNoteInfo[];
  vmcoreinfo: string | null;
}

/** The model's segment names and the QEMUCPUState fields they come from. */
const SEGMENTS = { cs: 'cs', ds: 'ds', es: 'es', fs: 'fs', gs: 'gs', ss: 'ss', ldtr: 'ldt', tr: 'tr' } as const;

/**
 * QEMU keeps a segment's attributes where the descriptor's second dword has them (type at bit
 * 8 ... G at 23); the model uses the VMX access-rights layout (type at bit 0 ... G at 15).
 */
function accessRights(qemuFlags: number): number {
  return (qemuFlags >>> 8) & 0xf0ff;
}

/**
 * EFER.LMA, which QEMU's note does not hold. QEMU writes e_machine EM_X86_64 exactly when the
 * first vCPU is in long mode; another vCPU is taken to be in long mode with it only when its own
 * CR0.PG and CR4.PAE say it can be (long mode requires both): an application processor still in
 * real mode is not.
 */
function longModeOf(firstCpuInLongMode: boolean, cr0: bigint, cr4: bigint): boolean {
  return firstCpuInLongMode && bitSet(cr0, CR0_PG) && bitSet(cr4, CR4_PAE);
}

export function decodeQemuRegisters(state: QemuCpuState, descriptor: Uint8Array, firstCpuInLongMode: boolean): QemuCpuRegisters {
  const exact = (field: string): bigint => exactU64(state, field, descriptor);
  const control = fromEntries(CONTROL, exact);
  const segment = (register: QemuCpuState.Segment): SegmentRegister => ({
    selector: register.selector,
    base: exactU64(register, 'base', descriptor),
    limit: register.limit,
    attributes: accessRights(register.flags),
  });
  const table = (register: QemuCpuState.Segment): DescriptorTableRegister => ({ base: exactU64(register, 'base', descriptor), limit: register.limit });
  return {
    producer: 'qemu',
    general: { ...fromEntries(GENERAL, exact), rflags: exact('rflags') },
    segments: fromEntries(Object.keys(SEGMENTS) as (keyof typeof SEGMENTS)[], (name) => segment(state[SEGMENTS[name]])),
    control,
    gdtr: table(state.gdt),
    idtr: table(state.idt),
    stateVersion: state.version,
    stateSize: state.size,
    kernelGsBase: state.kernelGsBase === undefined ? null : exact('kernelGsBase'),
    longModeActive: longModeOf(firstCpuInLongMode, control.cr0, control.cr4),
  };
}

function decodeQemuCpu(record: NoteRecord, index: number, position: number, longModeActive: boolean, problems: ProblemCollector): CpuNoteInfo {
  const size = record.note.header.nDescsz;
  const base = { index, noteOffset: record.fileOffset, descriptorOffset: descriptorFileOffset(record), descriptorSize: size };
  const sizeField = { fileOffset: noteFieldOffset(record, 'nDescsz'), field: `note[${position}].n_descsz` };
  if (size < QEMU_CPU_STATE_MINIMUM) {
    problems.add('CPU_NOTE_TOO_SHORT', `QEMU note ${index} is ${hex(size)} bytes, shorter than the ${hex(QEMU_CPU_STATE_MINIMUM)} bytes of QEMUCPUState up to CR4; its registers are not decoded`, sizeField);
    return { ...base, registers: null };
  }
  const parsed = parseWindow(QemuCpuState, record.note.descriptor);
  if (parsed instanceof ParseFailure) throw parsed.cause; // size checked above, no valid: checks
  const state = parsed.value;
  if (state.version !== QEMU_CPU_STATE_VERSION) {
    problems.add('QEMU_CPU_STATE_VERSION', `QEMU note ${index} has QEMUCPUState version ${state.version}, expected 1; decoded as version 1 (QEMU only appends fields)`, {
      fileOffset: base.descriptorOffset,
      field: `note[${position}].desc.version`,
    });
  }
  if (state.size !== size) {
    problems.add('QEMU_CPU_STATE_SIZE_MISMATCH', `QEMU note ${index}: QEMUCPUState.size says ${hex(state.size)} bytes, the note holds ${hex(size)}; decoded by the note's size`, {
      fileOffset: base.descriptorOffset + 4,
      field: `note[${position}].desc.size`,
      details: { stateSize: state.size, noteSize: size },
    });
  }
  return { ...base, registers: decodeQemuRegisters(state, record.note.descriptor, longModeActive) };
}

/** The instruction and stack pointers of an NT_PRSTATUS note, to check against the QEMU note. */
function prstatusPointers(record: NoteRecord): { pid: number; ip: bigint; sp: bigint; width: 32 | 64 } | null {
  const parsed = parseWindow(ElfPrstatusX86, record.note.descriptor);
  if (parsed instanceof ParseFailure) return null;
  const body = parsed.value.body;
  if (body instanceof ElfPrstatusX86.PrstatusX8664) {
    return { pid: body.prPid, ip: exactU64(body.regs, 'rip', record.note.descriptor), sp: exactU64(body.regs, 'rsp', record.note.descriptor), width: 64 };
  }
  if (body instanceof ElfPrstatusX86.PrstatusI386) return { pid: body.prPid, ip: BigInt(body.regs.eip), sp: BigInt(body.regs.esp), width: 32 };
  return null;
}

/** NT_PRSTATUS i and QEMU note i describe the same vCPU: say so when they do not agree. */
function crossCheck(prstatus: readonly NoteRecord[], cpus: readonly CpuNoteInfo[], problems: ProblemCollector): void {
  cpus.forEach((cpu, index) => {
    const record = prstatus[index];
    const registers = cpu.registers;
    if (record === undefined || registers === null) return;
    const pointers = prstatusPointers(record);
    const where = { fileOffset: descriptorFileOffset(record), field: `NT_PRSTATUS[${index}]` };
    if (pointers === null) {
      problems.add('QEMU_NOTES_DISAGREE', `NT_PRSTATUS note ${index} is ${hex(record.note.header.nDescsz)} bytes, neither the x86-64 (0x150) nor the i386 (0x90) elf_prstatus; not compared with QEMU note ${index}`, where);
      return;
    }
    const mask = pointers.width === 64 ? (1n << 64n) - 1n : 0xffff_ffffn;
    const disagreements = [
      pointers.pid === index + 1 ? null : `pr_pid ${pointers.pid}, expected ${index + 1}`,
      pointers.ip === (registers.general.rip & mask) ? null : `instruction pointer ${hex(pointers.ip)} vs ${hex(registers.general.rip)}`,
      pointers.sp === (registers.general.rsp & mask) ? null : `stack pointer ${hex(pointers.sp)} vs ${hex(registers.general.rsp)}`,
    ].filter((text): text is string => text !== null);
    if (disagreements.length > 0) {
      problems.add('QEMU_NOTES_DISAGREE', `NT_PRSTATUS note ${index} and QEMU note ${index} disagree: ${disagreements.join('; ')}`, where);
    }
  });
}

/**
 * Reads a QEMU guest core's notes: one NT_PRSTATUS ("CORE") per vCPU, then one "QEMU" note
 * (QEMUCPUState) per vCPU, and a VMCOREINFO note when a Linux guest published one. Registers
 * come from the QEMU notes, which also hold the control registers.
 */
export function readQemuNotes(window: Uint8Array, segmentFileOffset: number, cutByEndOfFile: boolean, header: ElfHeaderInfo, problems: ProblemCollector): QemuNotes {
  const records = walkNoteRecords(ElfNote, window, segmentFileOffset, problems, cutByEndOfFile);
  const prstatus: NoteRecord[] = [];
  const qemu: { record: NoteRecord; position: number }[] = [];
  const unknown: { record: NoteRecord; position: number }[] = [];
  let vmcoreinfo: string | null = null;
  records.forEach((record, position) => {
    const { name } = record.note;
    const type = record.note.header.nType;
    if (name === 'CORE' && type === NT_PRSTATUS) prstatus.push(record);
    else if (name === 'QEMU' && type === QEMU_NOTE_TYPE) qemu.push({ record, position });
    else if (name === 'VMCOREINFO' && vmcoreinfo === null) vmcoreinfo = Buffer.from(record.note.descriptor.subarray(0, VMCOREINFO_LIMIT)).toString('latin1');
    else unknown.push({ record, position });
  });
  reportFirstFew(
    unknown,
    UNKNOWN_NOTES_NAMED,
    ({ record, position }) =>
      problems.add('UNKNOWN_NOTE', `note ${position} is named "${printable(record.note.name)}" (n_type ${hex(record.note.header.nType)}), none of CORE/NT_PRSTATUS, QEMU or VMCOREINFO; skipped`, { fileOffset: record.fileOffset, field: `note[${position}].name` }),
    ({ record, position }, count) => problems.add('UNKNOWN_NOTE', `${count} more notes (from note ${position}) are none of CORE/NT_PRSTATUS, QEMU or VMCOREINFO; skipped`, { fileOffset: record.fileOffset, field: 'note[*].name', details: { count } }),
  );
  // QEMU writes EM_X86_64 exactly when the first vCPU has EFER.LMA set (cpu_get_dump_info).
  const firstCpuInLongMode = header.machine === VboxElf64Header.Machine.X86_64;
  const cpus = qemu.map(({ record, position }, index) => decodeQemuCpu(record, index, position, firstCpuInLongMode, problems));
  if (prstatus.length !== qemu.length) {
    problems.add('QEMU_CPU_NOTES_MISMATCH', `${prstatus.length} NT_PRSTATUS note(s) but ${qemu.length} QEMU note(s); QEMU writes one of each per vCPU. Registers come from the QEMU notes`, {
      fileOffset: segmentFileOffset,
      field: 'note[*]',
      details: { prstatusNotes: prstatus.length, qemuNotes: qemu.length },
    });
  }
  crossCheck(prstatus, cpus, problems);
  return { cpus, vmcoreinfo };
}

/**
 * QEMU's dump-guest-memory -p (paging) writes one PT_LOAD per virtual mapping of the guest, with
 * the virtual address in p_vaddr and the physical one in p_paddr; without -p, p_vaddr equals
 * p_paddr. The segments of a paging dump overlap physically and are not the physical memory, so
 * it is refused by name before its ranges are read as such.
 */
export function refusePagingDump(programHeaders: readonly ProgramHeaderInfo[], problems: ProblemCollector): void {
  // A p_vaddr of 2^53 or more (a kernel address; reported as VALUE_NOT_SAFE_INTEGER) differs too.
  // p_vaddr 0 is what other writers put there (vboxcore's own ELF export of a QEMU core).
  const virtual = programHeaders.find((entry) => isLoad(entry) && entry.physicalAddress !== null && entry.virtualAddress !== 0 && entry.virtualAddress !== entry.physicalAddress);
  if (virtual === undefined) return;
  const virtualAddress = virtual.virtualAddress === null ? 'an address of 2^53 or more' : hex(virtual.virtualAddress);
  problems.stop('QEMU_PAGING_DUMP', `a QEMU paging dump (dump-guest-memory -p): program header ${virtual.index} maps virtual ${virtualAddress} to physical ${hex(virtual.physicalAddress!)}, so its segments are the guest's virtual mappings, not its physical memory; vboxcore reads physical dumps, which dump-guest-memory writes without -p`, {
    fileOffset: programHeaderFieldOffset(virtual, 'p_vaddr'),
    field: `program_header[${virtual.index}].p_vaddr`,
  });
}
