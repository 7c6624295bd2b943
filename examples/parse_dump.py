#!/usr/bin/python3
"""Reads VirtualBox and QEMU guest cores with the Python parsers generated from schemas/; prints JSON.

Usage: /usr/bin/python3 examples/parse_dump.py DUMP [DUMP...]

Only the headers and the note segment are read, each from a small window of the file, as the
TypeScript library does: the same schemas parse standalone from those windows. 64-bit values are
printed as 0x-prefixed hex strings (the TypeScript library's JSON convention), the rest as numbers.
The test suite compares this output field by field with the library's.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'generated', 'python'))

from kaitaistruct import KaitaiStream, BytesIO, KaitaiStructError  # noqa: E402  (Debian: python3-kaitaistruct)
from elf_note import ElfNote  # noqa: E402
from qemu_cpu_state import QemuCpuState  # noqa: E402
from vbox_core_descriptor import VboxCoreDescriptor  # noqa: E402
from vbox_cpu_state import VboxCpuState  # noqa: E402
from vbox_elf64_header import VboxElf64Header  # noqa: E402
from vbox_elf64_program_header import VboxElf64ProgramHeader  # noqa: E402
from vbox_elf_note import VboxElfNote  # noqa: E402

PT_LOAD = 1
PT_NOTE = 4


def hex64(value):
    return hex(value)


def window(dump, offset, length):
    dump.seek(offset)
    return dump.read(length)


def registers(state):
    general = {name: hex64(getattr(state, name)) for name in (
        'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp', 'rflags')}
    result = {
        'general': general,
        'control': {name: hex64(getattr(state, name)) for name in ('cr0', 'cr2', 'cr3', 'cr4')},
        'segments': {name: {'selector': getattr(state, name).selector, 'base': hex64(getattr(state, name).base),
                            'limit': getattr(state, name).limit, 'attributes': getattr(state, name).attributes}
                     for name in ('cs', 'ds', 'es', 'fs', 'gs', 'ss', 'ldtr', 'tr')},
        'msrs': {'efer': hex64(state.msr_efer), 'star': hex64(state.msr_star), 'pat': hex64(state.msr_pat),
                 'lstar': hex64(state.msr_lstar), 'cstar': hex64(state.msr_cstar), 'sfmask': hex64(state.msr_sfmask),
                 'kernelGsBase': hex64(state.msr_kernel_gs_base), 'apicBase': hex64(state.msr_apic_base)},
        'extended': None,
    }
    tail = state.tail
    if tail is not None:
        ext = tail.ext
        result['extended'] = {
            'tscAux': hex64(tail.msr_tsc_aux) if hasattr(tail, 'msr_tsc_aux') else None,
            'xcr0': hex64(tail.xcr0) if hasattr(tail, 'xcr0') else None,
            'xsaveSize': tail.ext_size if hasattr(tail, 'ext_size') else None,
            'fpu': {'fcw': ext.fcw, 'fsw': ext.fsw, 'ftw': ext.ftw, 'fop': ext.fop, 'mxcsr': ext.mxcsr, 'mxcsrMask': ext.mxcsr_mask},
            'xstateBv': hex64(ext.xstate_bv),
            'xmm': [hex64(register.low | (register.high << 64)) for register in ext.xmm],
        }
    return result


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


def parse(path):
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
            while not segment.is_eof():
                note = VboxElfNote(segment)
                body = KaitaiStream(BytesIO(note.descriptor))
                if note.name == 'VBCORE':
                    parsed = VboxCoreDescriptor(body)
                    descriptor = {'magic': parsed.magic.value, 'formatVersion': parsed.format_version,
                                  'descriptorSize': parsed.descriptor_size, 'vboxRevision': parsed.vbox_revision,
                                  'cpuCount': parsed.cpu_count}
                elif note.name == 'VBCPU':
                    state = VboxCpuState(body)
                    cpus.append({'descriptorSize': note.header.n_descsz, 'registers': registers(state)})
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
        }


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print(json.dumps([parse(path) for path in sys.argv[1:]], indent=2))
