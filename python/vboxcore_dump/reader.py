"""Reads VirtualBox and QEMU guest cores with the Python parsers generated from vboxcore's schemas.

Only the headers and the note segment are read, each from a small window of the file, as the
TypeScript library does: the same schemas parse standalone from those windows. 64-bit values are
0x-prefixed hex strings (the TypeScript library's JSON convention), the rest numbers. vboxcore's
test suite compares this view field by field with the library's.
"""
import os

from kaitaistruct import KaitaiStream, BytesIO, KaitaiStructError  # Debian: python3-kaitaistruct
from elf_note import ElfNote
from qemu_cpu_state import QemuCpuState
from vbox_core_descriptor import VboxCoreDescriptor
from vbox_cpu_state import VboxCpuState
from vbox_cpumctx import VboxCpumctx
from vbox_elf64_header import VboxElf64Header
from vbox_elf64_program_header import VboxElf64ProgramHeader
from vbox_elf_note import VboxElfNote

PT_LOAD = 1
PT_NOTE = 4


def hex64(value):
    return hex(value)


def window(dump, offset, length):
    dump.seek(offset)
    return dump.read(length)


def hex_or_none(value):
    return None if value is None else hex64(value)


def fpu_view(fxsave):
    """The FXSAVE image (x86_fxsave.ksy): x87 environment, MXCSR, ST0-7 as 80-bit and XMM0-15 as 128-bit values."""
    return {
        'fcw': fxsave.fcw, 'fsw': fxsave.fsw, 'ftw': fxsave.ftw, 'fop': fxsave.fop, 'mxcsr': fxsave.mxcsr, 'mxcsrMask': fxsave.mxcsr_mask,
        'st': [hex64(register.mantissa | (register.sign_exponent << 64)) for register in fxsave.st],
        'xmm': [hex64(register.low | (register.high << 64)) for register in fxsave.xmm],
    }


def segment_view(selector, base, limit, attributes):
    return {'selector': selector, 'base': hex64(base), 'limit': limit, 'attributes': attributes}


def register_view(general, rflags, segments, control, debug, gdtr, idtr, sysenter, msrs, xcr, fpu, xsave, layout):
    """The model the TypeScript library reports: a register a layout does not store is None."""
    return {
        'layout': layout,
        'general': dict({name: hex64(value) for name, value in general.items()}, rflags=hex_or_none(rflags)),
        'segments': segments,
        'control': {name: hex64(value) for name, value in control.items()},
        'debug': [hex64(value) for value in debug],
        'gdtr': {'base': hex64(gdtr.base), 'limit': gdtr.limit},
        'idtr': {'base': hex64(idtr.base), 'limit': idtr.limit},
        'sysenter': {name: hex_or_none(value) for name, value in sysenter.items()},
        'msrs': {name: hex_or_none(value) for name, value in msrs.items()},
        'xcr': None if xcr is None else {'xcr0': hex64(xcr[0]), 'xcr1': hex64(xcr[1])},
        'fpu': fpu,
        'xsave': xsave,
    }


GENERAL = ('rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp')
SEGMENTS = ('cs', 'ds', 'es', 'fs', 'gs', 'ss', 'ldtr', 'tr')
CONTROL = ('cr0', 'cr2', 'cr3', 'cr4')
MSRS = (('efer', 'msr_efer'), ('star', 'msr_star'), ('pat', 'msr_pat'), ('lstar', 'msr_lstar'), ('cstar', 'msr_cstar'),
        ('sfmask', 'msr_sfmask'), ('kernelGsBase', 'msr_kernel_gs_base'))
# The schemas' layout instances are integers holding enum values (portable to Go and Java):
# the enum classes name them.
CPUMCTX_NAMES = {
    VboxCpumctx.CpumctxLayout.v4_0.value: 'cpumctx-4.0',
    VboxCpumctx.CpumctxLayout.v4_2.value: 'cpumctx-4.2',
    VboxCpumctx.CpumctxLayout.v5_0_beta1.value: 'cpumctx-5.0-beta1',
    VboxCpumctx.CpumctxLayout.v5_0_beta2.value: 'cpumctx-5.0-beta2',
}


def dbgfcorecpu_registers(state, cpu):
    """DBGFCORECPU (formats 0x10002 on): a field a version lacks was not read by the parser."""
    msrs = dict({name: getattr(cpu, field) for name, field in MSRS}, apicBase=cpu.msr_apic_base, tscAux=getattr(cpu, 'msr_tsc_aux', None))
    return register_view(
        {name: getattr(cpu, name) for name in GENERAL}, getattr(cpu, 'rflags', None),
        {name: segment_view(getattr(cpu, name).selector, getattr(cpu, name).base, getattr(cpu, name).limit, getattr(cpu, name).attributes) for name in SEGMENTS},
        {name: getattr(cpu, name) for name in CONTROL}, cpu.dr, cpu.gdtr, cpu.idtr,
        {'cs': getattr(cpu, 'sysenter_cs', None), 'eip': getattr(cpu, 'sysenter_eip', None), 'esp': cpu.sysenter_esp},
        msrs, cpu.xcr, fpu_view(cpu.ext.legacy),
        {'offset': cpu._io.size() - 0x2000, 'stateSize': getattr(cpu, 'ext_size', None), 'xstateBv': hex64(cpu.ext.xstate_bv), 'xcompBv': hex64(cpu.ext.xcomp_bv)},
        'dbgfcorecpu-0x%x' % state.layout)


def cpumctx_registers(cpumctx, vbox_version):
    """CPUMCTX (format 0x10000): 4.0/4.1 keep selectors and hidden parts apart; 4.2 on share one register block."""
    body = cpumctx.body
    name = CPUMCTX_NAMES[cpumctx.layout]
    if isinstance(body, VboxCpumctx.CpumctxV40):
        hidden = {name: getattr(body, name + '_hid') for name in SEGMENTS}
        return register_view(
            {name: getattr(body, name) for name in GENERAL}, body.rflags,
            {name: segment_view(getattr(body, name), hidden[name].base, hidden[name].limit, hidden[name].attributes) for name in SEGMENTS},
            {name: getattr(body, name) for name in CONTROL}, body.dr, body.gdtr, body.idtr,
            {'cs': body.sys_enter.cs, 'eip': body.sys_enter.eip, 'esp': body.sys_enter.esp},
            dict({name: getattr(body, field) for name, field in MSRS}, apicBase=None, tscAux=None), None, fpu_view(body.fpu), None, name)
    block = body.registers
    is_42 = vbox_version is not None and vbox_version[:2] == (4, 2)  # 4.2 keeps padding where 4.3 stores the APIC base
    fpu = fpu_view(body.fpu) if isinstance(body, VboxCpumctx.CpumctxV42) else None
    xcr = body.xcr if isinstance(body, VboxCpumctx.CpumctxV50Beta) and body.has_xcr else None
    return register_view(
        {name: getattr(block, name) for name in GENERAL}, block.rflags,
        {name: segment_view(getattr(block, name).selector, getattr(block, name).base, getattr(block, name).limit, getattr(block, name).attributes) for name in SEGMENTS},
        {name: getattr(block, name) for name in CONTROL}, block.dr, block.gdtr, block.idtr,
        {'cs': block.sys_enter.cs, 'eip': block.sys_enter.eip, 'esp': block.sys_enter.esp},
        dict({name: getattr(block, field) for name, field in MSRS}, apicBase=None if is_42 else block.msr_apic_base, tscAux=None), xcr, fpu, None, name)


def registers(state, vbox_version):
    """A VBCPU note parsed by vbox_cpu_state.ksy, which picked the layout from the note's size and the format version."""
    body = getattr(state, 'body', None)
    if isinstance(body, VboxCpuState.Dbgfcorecpu):
        return dbgfcorecpu_registers(state, body)
    if isinstance(body, VboxCpumctx) and getattr(body, 'body', None) is not None:
        return cpumctx_registers(body, vbox_version)
    return None


def qemu_registers(state):
    """QEMUCPUState; segment flags moved to the VMX access-rights layout, as the library does."""
    general = {name: hex64(getattr(state, name)) for name in (
        'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp', 'rflags')}
    return {
        'general': general,
        'control': {name: hex64(getattr(state, name)) for name in ('cr0', 'cr2', 'cr3', 'cr4')},
        'segments': {name: {'selector': getattr(state, field).selector, 'base': hex64(getattr(state, field).base),
                            'limit': getattr(state, field).limit, 'attributes': (getattr(state, field).flags >> 8) & 0xf0ff}
                     for name, field in (('cs', 'cs'), ('ds', 'ds'), ('es', 'es'), ('fs', 'fs'), ('gs', 'gs'), ('ss', 'ss'), ('ldtr', 'ldt'), ('tr', 'tr'))},
        'kernelGsBase': hex64(state.kernel_gs_base) if getattr(state, 'kernel_gs_base', None) is not None else None,
    }


def standard_notes(data):
    """The notes in the standard layout, or None when the segment does not parse that way (VirtualBox's)."""
    stream = KaitaiStream(BytesIO(data))
    notes = []
    try:
        while not stream.is_eof():
            notes.append(ElfNote(stream))
    except (KaitaiStructError, EOFError, UnicodeDecodeError, ValueError):
        return None
    return notes


FOUR_GIB = 0x1_0000_0000
VRAM_START = 0xe000_0000


def range_kind(physical_start, size, declared_file_bytes, producer):
    """What a range probably is, by the library's rule (inferRangeKind): the file names no ranges."""
    physical_end = physical_start + size
    if declared_file_bytes == 0:
        return 'mmio'
    if physical_start >= 0xc_0000 and physical_end <= 0x10_0000:
        return 'rom'
    if physical_end == FOUR_GIB and size <= 0x10_0000:
        return 'rom'
    if physical_start >= FOUR_GIB or physical_start < VRAM_START:
        return 'ram'
    if producer != 'qemu' and physical_start == VRAM_START:
        return 'vram'
    return 'device'


def memory_totals(program_headers, file_size, producer):
    """RAM, data in the file, MMIO and what a truncated file lost, in bytes (the library's dump.memory)."""
    by_kind = {'ram': 0, 'vram': 0, 'rom': 0, 'device': 0, 'mmio': 0}
    ram_present = file_data = missing = 0
    for entry in program_headers:
        if entry.p_type.value != PT_LOAD:
            continue
        declared = min(entry.p_filesz, entry.p_memsz)
        present = max(0, min(declared, file_size - entry.p_offset))
        kind = range_kind(entry.p_paddr, entry.p_memsz, declared, producer)
        by_kind[kind] += entry.p_memsz
        file_data += present
        missing += declared - present
        if kind == 'ram':
            ram_present += present
    return {'ramBytes': hex64(by_kind['ram']), 'ramPresentBytes': hex64(ram_present), 'fileDataBytes': hex64(file_data),
            'missingBytes': hex64(missing), 'byKind': {kind: hex64(size) for kind, size in by_kind.items()}}


def open_dump(path):
    """The dump at `path` as a dict: producer, header, ranges, VBCORE descriptor, every vCPU's registers, memory totals."""
    with open(path, 'rb') as dump:
        header = VboxElf64Header(KaitaiStream(BytesIO(window(dump, 0, 64))))
        program_headers = []
        for index in range(header.e_phnum):
            entry = VboxElf64ProgramHeader(KaitaiStream(BytesIO(window(dump, header.e_phoff + index * header.e_phentsize, 56))))
            program_headers.append(entry)
        descriptor = None
        cpus = []
        producer = 'unknown'
        for entry in program_headers:
            if entry.p_type.value != PT_NOTE:
                continue
            data = window(dump, entry.p_offset, entry.p_filesz)
            standard = standard_notes(data)
            if standard is not None and any(note.name == 'QEMU' for note in standard):
                producer = 'qemu'
                for note in standard:
                    if note.name == 'QEMU' and note.header.n_type == 0:
                        state = QemuCpuState(KaitaiStream(BytesIO(note.descriptor)))
                        cpus.append({'descriptorSize': note.header.n_descsz, 'registers': qemu_registers(state)})
                continue
            producer = 'virtualbox'
            segment = KaitaiStream(BytesIO(data))
            notes = []
            while not segment.is_eof():
                notes.append(VboxElfNote(segment))
            # The VBCPU layout depends on the format version, which the VBCORE note holds.
            format_version, vbox_version = 0, None
            for note in notes:
                if note.name == 'VBCORE':
                    parsed = VboxCoreDescriptor(KaitaiStream(BytesIO(note.descriptor)))
                    format_version = parsed.format_version
                    vbox_version = (parsed.vbox_version_major, parsed.vbox_version_minor, parsed.vbox_version_build)
                    descriptor = {'magic': parsed.magic, 'formatVersion': parsed.format_version,
                                  'descriptorSize': parsed.descriptor_size, 'vboxRevision': parsed.vbox_revision,
                                  'cpuCount': parsed.cpu_count, 'vboxVersion': '%d.%d.%d' % vbox_version}
            for note in notes:
                if note.name == 'VBCPU' and note.header.n_type == VboxElfNote.NoteType.vbox_cpu:  # other types (0xbeef) are stepped over
                    state = VboxCpuState(format_version, KaitaiStream(BytesIO(note.descriptor)))
                    cpus.append({'descriptorSize': note.header.n_descsz, 'registers': registers(state, vbox_version)})
        return {
            'path': path,
            'producer': producer,
            'header': {'type': header.e_type.value, 'machine': header.e_machine.value, 'identVersion': header.ident.header_version,
                       'programHeaderCount': header.e_phnum, 'programHeaderOffset': header.e_phoff},
            'ranges': [{'physicalStart': hex64(entry.p_paddr), 'fileOffset': hex64(entry.p_offset),
                        'fileSize': hex64(entry.p_filesz), 'size': hex64(entry.p_memsz)}
                       for entry in program_headers if entry.p_type.value == PT_LOAD],
            'descriptor': descriptor,
            'cpus': cpus,
            'memory': memory_totals(program_headers, os.fstat(dump.fileno()).st_size, producer),
        }

