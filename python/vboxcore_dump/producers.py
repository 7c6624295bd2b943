"""Who wrote a core, and its notes read by that producer's rules: VirtualBox (VBCORE, VBCPU) or QEMU.

The same rules and problem codes as the library's src/producers/.
"""
from vboxcore_parsers.elf_note import ElfNote
from vboxcore_parsers.elf_prstatus_x86 import ElfPrstatusX86
from vboxcore_parsers.qemu_cpu_state import QemuCpuState
from vboxcore_parsers.vbox_core_descriptor import VboxCoreDescriptor
from vboxcore_parsers.vbox_cpu_state import VboxCpuState
from vboxcore_parsers.vbox_elf_note import VboxElfNote

from .elf import EM_386, EM_X86_64, field_offset, is_load, printable, report_cut_note_segment, stream, walk_note_records, without_trailing_nuls
from .problems import report_first_few
from .registers import KNOWN_FORMAT_VERSIONS, describe_layout, qemu_registers, virtualbox_registers

NT_VBOXCORE = 0xB00
NT_VBOXCPU = 0xB01
NT_PRSTATUS = 1
UNKNOWN_NOTES_NAMED = 8
DESCRIPTOR_SIZE = 24
QEMU_CPU_STATE_MINIMUM = 0x1B0
VMCOREINFO_LIMIT = 64 * 1024


def identify_producer(names):
    """Who wrote an ELF core, from its note names; QEMU's cores of Linux guests carry CORE and VMCOREINFO too."""
    names = {without_trailing_nuls(name) for name in names}
    if 'VBCORE' in names:
        return 'virtualbox', None
    if 'QEMU' in names:
        return 'qemu', None
    if 'VMCOREINFO' in names:
        return 'foreign', 'a Linux kdump core (/proc/vmcore)'
    if 'Xen' in names:
        return 'foreign', 'a Xen core'
    if 'CORE' in names or 'LINUX' in names:
        return 'foreign', 'a process core dump'
    return 'unknown', None


def virtualbox_host(machine, major):
    if machine == EM_X86_64:
        return 'x86-64 (e_machine EM_X86_64)'
    if machine == EM_386:
        # arm64 hosts came with 7.0; before it, EM_386 can only be a 32-bit x86 host
        which = '32-bit x86' if major is not None and major < 7 else '32-bit x86 or arm64'
        return '%s (e_machine EM_386, in an ELF64 file: VirtualBox writes EM_386 on such hosts; it says nothing about the guest)' % which
    return 'unknown (e_machine %d)' % machine


def _decode_descriptor(record, problems):
    if record.n_descsz < DESCRIPTOR_SIZE:
        problems.add('DESCRIPTOR_TOO_SHORT', 'the VBCORE descriptor is %d bytes, expected 24' % record.n_descsz, record.file_offset + 4, 'note[0].n_descsz')
        return None
    base = record.descriptor_file_offset
    magic = int.from_bytes(record.descriptor[0:4], 'little')
    if magic != 0xC01AC0DE:
        problems.add('BAD_MAGIC', 'the VBCORE descriptor magic is %s, expected 0xc01ac0de' % hex(magic), base, 'DBGFCOREDESCRIPTOR.u32Magic')
        return None
    descriptor = VboxCoreDescriptor(stream(record.descriptor[:DESCRIPTOR_SIZE]))
    format_known = descriptor.format_version in KNOWN_FORMAT_VERSIONS
    if descriptor.format_family != 1:
        problems.add('UNSUPPORTED_FORMAT_FAMILY', 'format version %s is not in the 0x0001xxxx family' % hex(descriptor.format_version), base + 4, 'DBGFCOREDESCRIPTOR.u32FmtVersion')
    elif not format_known:
        problems.add('UNKNOWN_FORMAT_VERSION', "format version %s is not one a VirtualBox release wrote that vboxcore knows (%s); memory is read as usual, VBCPU notes by their size"
                     % (hex(descriptor.format_version), ', '.join(hex(version) for version in KNOWN_FORMAT_VERSIONS)), base + 4, 'DBGFCOREDESCRIPTOR.u32FmtVersion')
    if descriptor.descriptor_size != DESCRIPTOR_SIZE:
        problems.add('BAD_DESCRIPTOR_SIZE', 'cbSelf is %d, expected 24' % descriptor.descriptor_size, base + 8, 'DBGFCOREDESCRIPTOR.cbSelf')
    if descriptor.cpu_count == 0:
        problems.add('NO_CPUS', 'cCpus is 0; a VM has at least one vCPU', base + 20, 'DBGFCOREDESCRIPTOR.cCpus')
    version = (descriptor.vbox_version_major, descriptor.vbox_version_minor, descriptor.vbox_version_build)
    return {
        'fileOffset': base, 'magic': descriptor.magic, 'formatVersion': descriptor.format_version, 'formatKnown': format_known,
        'descriptorSize': descriptor.descriptor_size,
        'vboxVersion': {'major': version[0], 'minor': version[1], 'build': version[2], 'text': '%d.%d.%d' % version},
        'vboxRevision': descriptor.vbox_revision, 'cpuCount': descriptor.cpu_count,
    }


def _decode_cpu(record, index, position, descriptor, machine, problems):
    size = record.n_descsz
    base = {'index': index, 'noteOffset': record.file_offset, 'descriptorOffset': record.descriptor_file_offset, 'descriptorSize': size}
    format_version = descriptor['formatVersion'] if descriptor is not None else 0
    state = VboxCpuState(format_version, stream(record.descriptor))
    layout = describe_layout(state, size, machine, None if descriptor is None else descriptor['vboxVersion']['major'])
    where = (record.file_offset + 4, 'note[%d].n_descsz' % position)
    if layout is None:
        _report_unknown_layout(index, size, descriptor, where, problems)
        return dict(base, registers=None)
    if layout['chosenBy'] == 'format-version':
        problems.add('CPU_LAYOUT_INFERRED', 'VBCPU note %d is %s bytes, a size no VirtualBox release wrote; decoded as %s of format %s with the XSAVE area at n_descsz - 0x2000 (inferred)'
                     % (index, hex(size), layout['structure'], hex(layout['formatVersion'])), *where)
    elif layout['chosenBy'] == 'size' and descriptor is not None:
        problems.add('CPU_LAYOUT_VERSION_MISMATCH', "VBCPU note %d is %s bytes, the size of format %s's %s (%s), but the descriptor says format %s; decoded by its size"
                     % (index, hex(size), hex(layout['formatVersion']), layout['structure'], layout['releases'], hex(descriptor['formatVersion'])), *where,
                     details={'descriptorSize': size, 'formatVersion': descriptor['formatVersion'], 'layoutFormatVersion': layout['formatVersion']})
    version = None if descriptor is None else (descriptor['vboxVersion']['major'], descriptor['vboxVersion']['minor'])
    registers = virtualbox_registers(state, version)
    return dict(base, registers=None if registers is None else dict(registers, producer='virtualbox', layout=layout))


def _report_unknown_layout(index, size, descriptor, where, problems):
    format_version = None if descriptor is None else descriptor['formatVersion']
    if format_version is not None and format_version != 0x10000 and format_version in KNOWN_FORMAT_VERSIONS:
        problems.add('CPU_NOTE_TOO_SHORT', "VBCPU note %d is %s bytes, too short for format %s's DBGFCORECPU (its registers and the 8 KiB XSAVE area); its registers are not decoded"
                     % (index, hex(size), hex(format_version)), *where)
        return
    because = 'and there is no core descriptor to name a format' if format_version is None else 'and format %s names no layout of that size' % hex(format_version)
    problems.add('CPU_LAYOUT_UNKNOWN', 'VBCPU note %d is %s bytes: no VirtualBox release wrote a VBCPU note of that size, %s; its registers are not decoded' % (index, hex(size), because), *where)


def read_virtualbox_notes(segment, machine, problems):
    """VBCORE, then one VBCPU per vCPU, in VirtualBox's own record layout."""
    window, segment_offset, cut = segment['window'], segment['fileOffset'], segment['cut']
    records = walk_note_records(VboxElfNote.NoteHeader, window, segment_offset, problems, cut is not None)
    unterminated = [record for record in records if record.name_padding and record.name_padding[0] != 0]
    report_first_few(
        unterminated, UNKNOWN_NOTES_NAMED,
        lambda record: problems.add('NOTE_NAME_NOT_TERMINATED', 'note %d: the name "%s" (n_namesz %d) is not followed by a NUL' % (records.index(record), printable(record.name), record.n_namesz),
                                    record.file_offset + 12 + record.n_namesz, 'note[%d].name' % records.index(record)),
        lambda first, count: problems.add('NOTE_NAME_NOT_TERMINATED', '%d more note names are not followed by a NUL' % count, first.file_offset, 'note[*].name', {'count': count}))
    core_index = next((position for position, record in enumerate(records) if record.name == 'VBCORE'), -1)
    descriptor = None
    if core_index < 0:
        problems.add('VBCORE_MISSING', 'none of the %d notes is named VBCORE: this is not a VirtualBox core, or its notes are corrupt' % len(records), segment_offset, 'note[0].name')
    else:
        record = records[core_index]
        if core_index != 0:
            problems.add('VBCORE_NOT_FIRST', 'the VBCORE note is note %d, VirtualBox writes it first' % core_index, record.file_offset, 'note[%d].name' % core_index)
        if record.n_type != NT_VBOXCORE:
            problems.add('NOTE_TYPE_MISMATCH', 'the VBCORE note has n_type %s, expected 0xb00 (NT_VBOXCORE)' % hex(record.n_type), record.file_offset + 8, 'note[%d].n_type' % core_index)
        descriptor = _decode_descriptor(record, problems)
    stopped = descriptor is not None and cut is not None and len(records) == 1 and records[0].position + records[0].record_size == len(window)
    if stopped:
        file_end = segment_offset + len(window)
        cpus = '1 vCPU' if descriptor['cpuCount'] == 1 else '%d vCPUs' % descriptor['cpuCount']
        problems.add('DUMP_STOPPED_AFTER_DESCRIPTOR',
                     'the file ends at %s, right after the VBCORE note (VirtualBox %s, %s): VirtualBox wrote the headers and the core descriptor, then stopped before the VBCPU notes and the memory. '
                     'VirtualBox 7.1 and later stop like this when dumping an ARM guest (their core writer has no ARM CPU state; the VM is aborted), so this is probably an ARM guest. The file holds no registers and no memory'
                     % (hex(file_end), descriptor['vboxVersion']['text'], cpus), file_end, 'note[1]',
                     {'fileSize': file_end, 'noteSegmentEnd': cut['segmentEnd'], 'vboxVersion': descriptor['vboxVersion']['text'], 'cpuCount': descriptor['cpuCount']})
    else:
        report_cut_note_segment(segment, problems)
    cpus, unknown, other_types = [], [], []
    for position, record in enumerate(records):
        if position == core_index:
            continue
        if record.name != 'VBCPU':
            unknown.append((record, position))
        elif record.n_type != NT_VBOXCPU:
            other_types.append((record, position))
        else:
            cpus.append(_decode_cpu(record, len(cpus), position, descriptor, machine, problems))
    report_first_few(
        unknown, UNKNOWN_NOTES_NAMED,
        lambda item: problems.add('UNKNOWN_NOTE', 'note %d is named "%s" (n_type %s), neither VBCORE nor VBCPU; skipped' % (item[1], printable(item[0].name), hex(item[0].n_type)), item[0].file_offset, 'note[%d].name' % item[1]),
        lambda first, count: problems.add('UNKNOWN_NOTE', '%d more notes (from note %d) are neither VBCORE nor VBCPU; skipped' % (count, first[1]), first[0].file_offset, 'note[*].name', {'count': count}))
    report_first_few(
        other_types, UNKNOWN_NOTES_NAMED,
        lambda item: problems.add('UNKNOWN_NOTE_TYPE', 'note %d is named VBCPU but has n_type %s, not NT_VBOXCPU (0xb01); stepped over, not taken for a vCPU (a modified VirtualBox adds a second per-vCPU note of type 0xbeef)'
                                  % (item[1], hex(item[0].n_type)), item[0].file_offset + 8, 'note[%d].n_type' % item[1]),
        lambda first, count: problems.add('UNKNOWN_NOTE_TYPE', '%d more VBCPU notes (from note %d) have a type other than NT_VBOXCPU; stepped over' % (count, first[1]), first[0].file_offset, 'note[*].n_type', {'count': count}))
    if descriptor is not None and not stopped and descriptor['cpuCount'] != 0 and descriptor['cpuCount'] != len(cpus):
        notes = 'is 1 VBCPU note' if len(cpus) == 1 else 'are %d VBCPU notes' % len(cpus)
        problems.add('CPU_COUNT_MISMATCH', 'cCpus says %d vCPUs but there %s' % (descriptor['cpuCount'], notes), descriptor['fileOffset'] + 20, 'DBGFCOREDESCRIPTOR.cCpus',
                     {'cpuCount': descriptor['cpuCount'], 'cpuNotes': len(cpus)})
    return ('unknown' if core_index < 0 else 'virtualbox'), descriptor, cpus


def _decode_qemu_cpu(record, index, position, first_cpu_in_long_mode, problems):
    size = record.n_descsz
    base = {'index': index, 'noteOffset': record.file_offset, 'descriptorOffset': record.descriptor_file_offset, 'descriptorSize': size}
    if size < QEMU_CPU_STATE_MINIMUM:
        problems.add('CPU_NOTE_TOO_SHORT', 'QEMU note %d is %s bytes, shorter than the %s bytes of QEMUCPUState up to CR4; its registers are not decoded' % (index, hex(size), hex(QEMU_CPU_STATE_MINIMUM)),
                     record.file_offset + 4, 'note[%d].n_descsz' % position)
        return dict(base, registers=None)
    state = QemuCpuState(stream(record.descriptor))
    if state.version != 1:
        problems.add('QEMU_CPU_STATE_VERSION', 'QEMU note %d has QEMUCPUState version %d, expected 1; decoded as version 1 (QEMU only appends fields)' % (index, state.version),
                     base['descriptorOffset'], 'note[%d].desc.version' % position)
    if state.size != size:
        problems.add('QEMU_CPU_STATE_SIZE_MISMATCH', "QEMU note %d: QEMUCPUState.size says %s bytes, the note holds %s; decoded by the note's size" % (index, hex(state.size), hex(size)),
                     base['descriptorOffset'] + 4, 'note[%d].desc.size' % position, {'stateSize': state.size, 'noteSize': size})
    registers = qemu_registers(state, first_cpu_in_long_mode)
    registers['producer'] = 'qemu'
    return dict(base, registers=registers)


def _prstatus_pointers(record):
    try:
        parsed = ElfPrstatusX86(stream(record.descriptor))
    except Exception:  # noqa: BLE001 - a descriptor of another size does not parse: not compared
        return None
    body = getattr(parsed, 'body', None)
    if isinstance(body, ElfPrstatusX86.PrstatusX8664):
        return body.pr_pid, body.regs.rip, body.regs.rsp, 64
    if isinstance(body, ElfPrstatusX86.PrstatusI386):
        return body.pr_pid, body.regs.eip, body.regs.esp, 32
    return None


def read_qemu_notes(window, segment_offset, cut_by_end_of_file, header, problems):
    """QEMU's notes: one NT_PRSTATUS ("CORE") and one "QEMU" (QEMUCPUState) per vCPU, and VMCOREINFO when the guest published one."""
    records = walk_note_records(ElfNote.NoteHeader, window, segment_offset, problems, cut_by_end_of_file, terminated_names=True)
    prstatus, qemu, unknown = [], [], []
    vmcoreinfo = None
    for position, record in enumerate(records):
        name = record.name
        if name == 'CORE' and record.n_type == NT_PRSTATUS:
            prstatus.append(record)
        elif name == 'QEMU' and record.n_type == 0:
            qemu.append((record, position))
        elif name == 'VMCOREINFO' and vmcoreinfo is None:
            vmcoreinfo = record.descriptor[:VMCOREINFO_LIMIT].decode('latin-1')
        else:
            unknown.append((record, position))
    report_first_few(
        unknown, UNKNOWN_NOTES_NAMED,
        lambda item: problems.add('UNKNOWN_NOTE', 'note %d is named "%s" (n_type %s), none of CORE/NT_PRSTATUS, QEMU or VMCOREINFO; skipped' % (item[1], printable(item[0].name), hex(item[0].n_type)), item[0].file_offset, 'note[%d].name' % item[1]),
        lambda first, count: problems.add('UNKNOWN_NOTE', '%d more notes (from note %d) are none of CORE/NT_PRSTATUS, QEMU or VMCOREINFO; skipped' % (count, first[1]), first[0].file_offset, 'note[*].name', {'count': count}))
    first_in_long_mode = header['machine'] == EM_X86_64
    cpus = [_decode_qemu_cpu(record, index, position, first_in_long_mode, problems) for index, (record, position) in enumerate(qemu)]
    if len(prstatus) != len(qemu):
        problems.add('QEMU_CPU_NOTES_MISMATCH', '%d NT_PRSTATUS note(s) but %d QEMU note(s); QEMU writes one of each per vCPU. Registers come from the QEMU notes' % (len(prstatus), len(qemu)),
                     segment_offset, 'note[*]', {'prstatusNotes': len(prstatus), 'qemuNotes': len(qemu)})
    for index, cpu in enumerate(cpus):
        if index >= len(prstatus) or cpu['registers'] is None:
            continue
        record = prstatus[index]
        pointers = _prstatus_pointers(record)
        where = (record.descriptor_file_offset, 'NT_PRSTATUS[%d]' % index)
        if pointers is None:
            problems.add('QEMU_NOTES_DISAGREE', 'NT_PRSTATUS note %d is %s bytes, neither the x86-64 (0x150) nor the i386 (0x90) elf_prstatus; not compared with QEMU note %d' % (index, hex(record.n_descsz), index), *where)
            continue
        pid, ip, sp, width = pointers
        mask = (1 << 64) - 1 if width == 64 else 0xFFFFFFFF
        rip, rsp = int(cpu['registers']['general']['rip'], 16), int(cpu['registers']['general']['rsp'], 16)
        disagreements = [text for text in (
            None if pid == index + 1 else 'pr_pid %d, expected %d' % (pid, index + 1),
            None if ip == rip & mask else 'instruction pointer %s vs %s' % (hex(ip), hex(rip)),
            None if sp == rsp & mask else 'stack pointer %s vs %s' % (hex(sp), hex(rsp)),
        ) if text is not None]
        if disagreements:
            problems.add('QEMU_NOTES_DISAGREE', 'NT_PRSTATUS note %d and QEMU note %d disagree: %s' % (index, index, '; '.join(disagreements)), *where)
    return cpus, vmcoreinfo


def refuse_paging_dump(program_headers, problems):
    """QEMU's dump-guest-memory -p: segments are virtual mappings (p_vaddr differs from p_paddr), not physical memory."""
    for entry in program_headers:
        if is_load(entry) and entry['physicalAddress'] is not None and entry['virtualAddress'] != 0 and entry['virtualAddress'] != entry['physicalAddress']:
            virtual = 'an address of 2^53 or more' if entry['virtualAddress'] is None else hex(entry['virtualAddress'])
            problems.stop('QEMU_PAGING_DUMP', "a QEMU paging dump (dump-guest-memory -p): program header %d maps virtual %s to physical %s, so its segments are the guest's virtual mappings, not its physical memory; vboxcore reads physical dumps, which dump-guest-memory writes without -p"
                          % (entry['index'], virtual, hex(entry['physicalAddress'])), field_offset(entry, 'p_vaddr'), 'program_header[%d].p_vaddr' % entry['index'])
