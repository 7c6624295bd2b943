"""The ELF64 container: header, program headers, section extents, the note segment and its records.

The rules, limits and problem codes are the TypeScript library's (src/elf/): both are held to the
same cases by vboxcore's conformance corpus. Structures are parsed with the generated parsers from
small windows of the file; offsets of fields inside them are the ELF specification's.
"""
from kaitaistruct import BytesIO, KaitaiStream

from vboxcore_parsers.elf64_section_header import Elf64SectionHeader
from vboxcore_parsers.vbox_elf64_header import VboxElf64Header
from vboxcore_parsers.vbox_elf64_program_header import VboxElf64ProgramHeader

from .problems import report_first_few

ELF64_HEADER_SIZE = 64
PROGRAM_HEADER_SIZE = 56
SECTION_HEADER_SIZE = 64
SAFE_LIMIT = 2 ** 53
PN_XNUM = 0xFFFF
PT_LOAD = 1
PT_NOTE = 4
SHT_NULL = 0
SHT_NOBITS = 8
NOTE_SEGMENT_LIMIT = 16 * 1024 * 1024
NOTE_COUNT_LIMIT = 1 + 4096
EM_386 = 3
EM_X86_64 = 62

# Field offsets (ELF specification): of the header, and inside one program header entry.
HEADER_FIELDS = {'e_type': 16, 'e_machine': 18, 'e_phoff': 32, 'e_shoff': 40, 'e_phentsize': 54, 'e_phnum': 56, 'e_shentsize': 58}
PROGRAM_HEADER_FIELDS = {'p_type': 0, 'p_flags': 4, 'p_offset': 8, 'p_vaddr': 16, 'p_paddr': 24, 'p_filesz': 32, 'p_memsz': 40, 'p_align': 48}
SIXTY_FOUR_BIT_FIELDS = (('p_offset', 'fileOffset'), ('p_vaddr', 'virtualAddress'), ('p_paddr', 'physicalAddress'),
                         ('p_filesz', 'fileSize'), ('p_memsz', 'memorySize'), ('p_align', 'align'))

SIGNATURES = (
    (b'KDUMP   ', "a kdump-compressed file (makedumpfile, or QEMU's dump-guest-memory -z, -l or -s): vboxcore reads ELF cores, which dump-guest-memory writes without those options"),
    (b'makedumpfile', "a kdump-compressed dump in makedumpfile's flattened format (QEMU's dump-guest-memory -z, -l or -s writing to a pipe, or makedumpfile -F): vboxcore reads ELF cores; `makedumpfile -R` turns it back into a file, dump-guest-memory without those options writes ELF"),
    (b'DISKDUMP', 'a Linux diskdump file'),
    (b'PAGEDU64', "a 64-bit Windows crash dump (Windows, or QEMU's dump-guest-memory -w)"),
    (b'PAGEDUMP', 'a 32-bit Windows crash dump'),
    (b'EMiL', 'a LiME memory image'),
    (b'QEVM', 'a QEMU savevm state file'),
    (b'MDMP', 'a Windows minidump'),
)


def number(value):
    """An enum-typed field as its number (the Python runtime gives an int for values the enum does not name)."""
    return value.value if hasattr(value, 'value') else value


def enum_name(enum_class, value):
    try:
        return enum_class(value).name.upper()
    except ValueError:
        return 'unknown (%s)' % hex(value)


def stream(data):
    return KaitaiStream(BytesIO(bytes(data)))


def read_elf_header(source, problems):
    """The ELF header, checked; every failure here stops the reading, as in the library."""
    if source.size == 0:
        problems.stop('EMPTY_FILE', 'the file is empty (0 bytes)', 0)
    window = source.read_window(0, ELF64_HEADER_SIZE)
    if len(window) < 4:
        problems.stop('HEADER_TRUNCATED', 'the file is %d bytes, shorter than the 64-byte ELF64 header' % source.size, 0, 'e_ident')
    if window[:4] != b'\x7fELF':
        found = ' '.join('%02x' % byte for byte in window[:4])
        known = next((what for signature, what in SIGNATURES if window[:16].startswith(signature)), None)
        problems.stop('NOT_ELF', 'not an ELF file%s: the first bytes are %s, expected 7f 45 4c 46' % ('' if known is None else ' but ' + known, found), 0, 'e_ident[EI_MAG0..3]')
    if len(window) < 16:
        problems.stop('HEADER_TRUNCATED', 'the file is %d bytes, shorter than the 64-byte ELF64 header' % source.size, 0, 'e_ident')
    file_class, data_encoding = window[4], window[5]
    if file_class != 2:
        what = 'a 32-bit ELF file (ELFCLASS32)' if file_class == 1 else 'EI_CLASS %d' % file_class
        problems.stop('NOT_ELF64', '%s; vboxcore reads ELF64 cores (EI_CLASS 2): VirtualBox writes nothing else, QEMU writes ELF32 only for a guest outside long mode whose memory stays below 4 GiB' % what, 4, 'e_ident[EI_CLASS]')
    if data_encoding != 1:
        what = 'big-endian (ELFDATA2MSB)' if data_encoding == 2 else 'EI_DATA %d' % data_encoding
        problems.stop('NOT_LITTLE_ENDIAN', '%s; VirtualBox and QEMU x86 cores are little-endian (EI_DATA 1)' % what, 5, 'e_ident[EI_DATA]')
    if source.size < ELF64_HEADER_SIZE:
        problems.stop('HEADER_TRUNCATED', 'the file is %d bytes, shorter than the 64-byte ELF64 header' % source.size, source.size, 'ELF64 header')
    header = VboxElf64Header(stream(window))
    e_type, e_machine = number(header.e_type), number(header.e_machine)
    if e_type != 4:
        problems.stop('NOT_CORE', 'e_type is %s (%d), expected ET_CORE (4): this ELF file is not a memory dump' % (enum_name(VboxElf64Header.ObjectType, e_type), e_type), HEADER_FIELDS['e_type'], 'e_type')
    if e_machine not in (EM_X86_64, EM_386):
        problems.add('UNEXPECTED_MACHINE', 'e_machine is %d, expected EM_X86_64 (62) or EM_386 (3)' % e_machine, HEADER_FIELDS['e_machine'], 'e_machine')
    if header.e_phentsize != PROGRAM_HEADER_SIZE:
        problems.stop('BAD_PHENTSIZE', 'e_phentsize is %d, expected 56 (the size of an ELF64 program header)' % header.e_phentsize, HEADER_FIELDS['e_phentsize'], 'e_phentsize')
    if header.e_phnum == 0:
        problems.stop('NO_PROGRAM_HEADERS', 'e_phnum is 0: no segments, so no notes and no memory', HEADER_FIELDS['e_phnum'], 'e_phnum')
    if header.e_phoff >= SAFE_LIMIT:
        problems.stop('VALUE_NOT_SAFE_INTEGER', 'e_phoff is %s, beyond 2^53 and beyond any file' % hex(header.e_phoff), HEADER_FIELDS['e_phoff'], 'e_phoff')
    if header.e_phoff < ELF64_HEADER_SIZE:
        problems.stop('PROGRAM_HEADERS_OVERLAP', 'e_phoff is %s: the program header table would overlap the 64-byte ELF header' % hex(header.e_phoff), HEADER_FIELDS['e_phoff'], 'e_phoff')
    count = _program_header_count(source, header)
    table_end = header.e_phoff + count * PROGRAM_HEADER_SIZE
    if table_end > source.size:
        entries = '%d entries' % count if count == header.e_phnum else "%d entries (e_phnum PN_XNUM, the count in section 0's sh_info)" % count
        problems.stop('PROGRAM_HEADERS_BEYOND_EOF', 'the program header table (e_phoff %s, %s of 56 bytes) ends at %s, past the end of the file at %s' % (hex(header.e_phoff), entries, hex(table_end), hex(source.size)),
                      HEADER_FIELDS['e_phoff'], 'e_phoff', {'tableEnd': table_end, 'fileSize': source.size})
    return {
        'fileClass': file_class, 'dataEncoding': data_encoding, 'identVersion': header.ident.header_version, 'osAbi': header.ident.os_abi,
        'type': e_type, 'typeName': enum_name(VboxElf64Header.ObjectType, e_type), 'machine': e_machine,
        'machineName': enum_name(VboxElf64Header.Machine, e_machine), 'version': header.e_version,
        'entry': header.e_entry if header.e_entry < SAFE_LIMIT else None, 'programHeaderOffset': header.e_phoff,
        'sectionHeaderOffset': header.e_shoff if header.e_shoff < SAFE_LIMIT else None, 'flags': header.e_flags,
        'headerSize': header.e_ehsize, 'programHeaderEntrySize': header.e_phentsize, 'programHeaderCount': count,
        'sectionHeaderEntrySize': header.e_shentsize, 'sectionHeaderCount': header.e_shnum, 'sectionNameIndex': header.e_shstrndx,
    }


def _program_header_count(source, header):
    """e_phnum, or section 0's sh_info under PN_XNUM when a section header table is there."""
    if header.e_phnum != PN_XNUM or header.e_shoff == 0 or header.e_shoff >= SAFE_LIMIT or header.e_shoff + SECTION_HEADER_SIZE > source.size:
        return header.e_phnum
    section = Elf64SectionHeader(stream(source.read_at(header.e_shoff, SECTION_HEADER_SIZE)))
    return section.sh_info or header.e_phnum


def headers_end(header):
    return max(ELF64_HEADER_SIZE, header['programHeaderOffset'] + header['programHeaderCount'] * PROGRAM_HEADER_SIZE)


def read_program_headers(source, header, problems):
    """The whole table in one read (its end was checked), each 64-bit field checked below 2^53."""
    table_offset = header['programHeaderOffset']
    table = source.read_at(table_offset, header['programHeaderCount'] * PROGRAM_HEADER_SIZE)
    entries = []
    for index in range(header['programHeaderCount']):
        entry = VboxElf64ProgramHeader(stream(table[index * PROGRAM_HEADER_SIZE:(index + 1) * PROGRAM_HEADER_SIZE]))
        entry_offset = table_offset + index * PROGRAM_HEADER_SIZE
        values = {}
        for field, name in SIXTY_FOUR_BIT_FIELDS:
            value = getattr(entry, field)
            if value < SAFE_LIMIT:
                values[name] = value
                continue
            values[name] = None
            problems.add('VALUE_NOT_SAFE_INTEGER', 'program header %d: %s is %s, 2^53 or more' % (index, field, hex(value)),
                         entry_offset + PROGRAM_HEADER_FIELDS[field], 'program_header[%d].%s' % (index, field))
        p_type = number(entry.p_type)
        entries.append(dict({'index': index, 'entryOffset': entry_offset, 'type': p_type,
                             'typeName': enum_name(VboxElf64ProgramHeader.SegmentType, p_type), 'flags': entry.p_flags}, **values))
    return entries


def is_load(entry):
    return entry['type'] == PT_LOAD


def is_note(entry):
    return entry['type'] == PT_NOTE


def field_offset(entry, field):
    return entry['entryOffset'] + PROGRAM_HEADER_FIELDS[field]


def report_other_segments(program_headers, problems):
    others = [entry for entry in program_headers if not is_load(entry) and not is_note(entry)]
    report_first_few(
        others, 8,
        lambda entry: problems.add('UNEXPECTED_SEGMENT_TYPE', 'program header %d has p_type %s, neither PT_LOAD nor PT_NOTE; ignored' % (entry['index'], entry['typeName']),
                                   field_offset(entry, 'p_type'), 'program_header[%d].p_type' % entry['index']),
        lambda first, count: problems.add('UNEXPECTED_SEGMENT_TYPE', '%d more program headers (from %d) are neither PT_LOAD nor PT_NOTE; ignored' % (count, first['index']),
                                          field_offset(first, 'p_type'), 'program_header[%d].p_type' % first['index'], {'count': count}))


def read_section_extents(source, header, problems):
    """The file extents of the sections (QEMU's .shstrtab), so they are not taken for appended bytes."""
    if header['sectionHeaderCount'] == 0:
        return []
    if header['sectionHeaderEntrySize'] != SECTION_HEADER_SIZE:
        problems.add('BAD_SECTION_HEADERS', 'e_shentsize is %d, expected 64 (the size of an ELF64 section header); sections are not read' % header['sectionHeaderEntrySize'],
                     HEADER_FIELDS['e_shentsize'], 'e_shentsize')
        return []
    table_offset = header['sectionHeaderOffset']
    table_size = header['sectionHeaderCount'] * SECTION_HEADER_SIZE
    if table_offset is None or table_offset + table_size > source.size:
        problems.add('BAD_SECTION_HEADERS', 'the section header table (e_shoff %s, %d entries of 64 bytes) ends past the end of the file at %s; sections are not read'
                     % ('2^53 or more' if table_offset is None else hex(table_offset), header['sectionHeaderCount'], hex(source.size)), HEADER_FIELDS['e_shoff'], 'e_shoff')
        return []
    table = source.read_at(table_offset, table_size)
    extents = []
    for index in range(header['sectionHeaderCount']):
        section = Elf64SectionHeader(stream(table[index * SECTION_HEADER_SIZE:(index + 1) * SECTION_HEADER_SIZE]))
        if number(section.sh_type) in (SHT_NULL, SHT_NOBITS) or section.sh_size == 0:
            continue
        end = section.sh_offset + section.sh_size
        if end >= SAFE_LIMIT or end > source.size:
            problems.add('BAD_SECTION_HEADERS', 'section %d (sh_offset %s, sh_size %s) ends past the end of the file at %s' % (index, hex(section.sh_offset), hex(section.sh_size), hex(source.size)),
                         table_offset + index * SECTION_HEADER_SIZE + 24, 'section_header[%d].sh_offset' % index)
            continue
        extents.append((section.sh_offset, section.sh_size))
    return extents + [(table_offset, table_size)]


def read_note_segment(source, program_headers, end_of_headers, problems):
    """The first PT_NOTE's bytes as far as the file holds them, or None when there is none to read (reported)."""
    notes = [entry for entry in program_headers if is_note(entry)]
    if not notes:
        problems.add('NO_NOTE_SEGMENT', 'none of the %d program headers is a PT_NOTE: no core descriptor and no vCPU state' % len(program_headers),
                     program_headers[0]['entryOffset'] if program_headers else None, 'program_header[*].p_type')
        return None
    if len(notes) > 1:
        problems.add('MULTIPLE_NOTE_SEGMENTS', '%d PT_NOTE program headers (%s); VirtualBox writes one. Only program header %d is read' % (len(notes), ', '.join(str(entry['index']) for entry in notes), notes[0]['index']),
                     field_offset(notes[1], 'p_type'), 'program_header[%d].p_type' % notes[1]['index'])
    segment = notes[0]
    if segment['index'] != 0:
        problems.add('NOTE_SEGMENT_NOT_FIRST', 'the PT_NOTE is program header %d, VirtualBox writes it first' % segment['index'], segment['entryOffset'], 'program_header[%d].p_type' % segment['index'])
    offset, size = segment['fileOffset'], segment['fileSize']
    if offset is None or size is None:
        return None
    if size > 0 and offset < end_of_headers:
        problems.add('SEGMENT_OVERLAPS_HEADERS', 'the PT_NOTE segment starts at %s, inside the headers (which end at %s); notes are not read' % (hex(offset), hex(end_of_headers)),
                     field_offset(segment, 'p_offset'), 'program_header[%d].p_offset' % segment['index'])
        return None
    if size > NOTE_SEGMENT_LIMIT:
        problems.add('NOTE_SEGMENT_TOO_LARGE', 'the PT_NOTE segment is %d bytes; VirtualBox writes at most a few MiB (limit %d)' % (size, NOTE_SEGMENT_LIMIT),
                     field_offset(segment, 'p_filesz'), 'program_header[%d].p_filesz' % segment['index'])
        return None
    end = offset + size
    present = max(0, min(size, source.size - offset))
    cut = {'segmentEnd': end, 'fileSize': source.size, 'programHeader': segment} if end > source.size else None
    return {'window': source.read_at(offset, present) if present else b'', 'fileOffset': offset, 'cut': cut}


def report_cut_note_segment(segment, problems):
    cut = segment['cut']
    if cut is None:
        return
    entry = cut['programHeader']
    problems.add('NOTE_SEGMENT_BEYOND_EOF', 'the PT_NOTE segment (%s-%s) ends past the end of the file at %s; the notes before it are read' % (hex(segment['fileOffset']), hex(cut['segmentEnd']), hex(cut['fileSize'])),
                 field_offset(entry, 'p_filesz'), 'program_header[%d].p_filesz' % entry['index'], {'segmentEnd': cut['segmentEnd'], 'fileSize': cut['fileSize']})


def printable(name):
    """A note name fit for a one-line message: control bytes escaped, long (corrupt) names cut."""
    shown = ''.join(character if 0x20 <= ord(character) < 0x7F and character != '"' else '\\x%02x' % ord(character) for character in name[:40])
    return '%s... (%d bytes)' % (shown, len(name)) if len(name) > 40 else shown


class NoteRecord:
    """One note record: its header values, name (bytes as latin-1, as the library reads them), descriptor and place."""

    def __init__(self, header, name, name_padding, descriptor, position, file_offset):
        self.n_namesz = header.n_namesz
        self.n_descsz = header.n_descsz
        self.n_type = number(header.n_type)
        self.record_size = header.record_size
        self.name = name
        self.name_padding = name_padding
        self.descriptor = descriptor
        self.position = position
        self.file_offset = file_offset
        # Where the descriptor's bytes are in the file: after the 12-byte header, the name and its padding.
        self.descriptor_file_offset = file_offset + 12 + header.n_namesz + header.name_padding_size



def walk_note_records(header_class, window, segment_offset, problems, cut_by_end_of_file=False, terminated_names=False):
    """The records of a note segment, each one's size checked from its header before its body is read.

    `terminated_names`: names end at their first NUL (the standard layout's strz); VirtualBox's
    names are n_namesz bytes as they are.
    """
    records = []
    position = 0
    while position < len(window):
        file_offset = segment_offset + position
        if len(records) == NOTE_COUNT_LIMIT:
            problems.add('TOO_MANY_NOTES', 'the PT_NOTE segment holds more than %d notes; the rest (from file offset %s) are not read' % (NOTE_COUNT_LIMIT, hex(file_offset)), file_offset, 'note[%d]' % len(records))
            break
        remaining = len(window) - position
        header = header_class(stream(window[position:position + 12])) if remaining >= 12 else None
        record_size = None if header is None else header.record_size
        if header is None or record_size > remaining:
            if cut_by_end_of_file:
                break
            sizes = 'only %d bytes left for a 12-byte note header' % remaining if header is None else 'n_namesz %d, n_descsz %d: %d bytes, %d left' % (header.n_namesz, header.n_descsz, record_size, remaining)
            problems.add('NOTE_BEYOND_SEGMENT', 'note %d at file offset %s runs past the end of the PT_NOTE segment at %s (%s)' % (len(records), hex(file_offset), hex(segment_offset + len(window)), sizes),
                         file_offset, 'note[%d].n_descsz' % len(records), {'noteStart': position, 'segmentSize': len(window), 'recordSize': record_size})
            break
        name_start = position + 12
        name_bytes = window[name_start:name_start + header.n_namesz]
        name = (name_bytes.split(b'\0', 1)[0] if terminated_names else name_bytes).decode('latin-1')
        padding_start = name_start + header.n_namesz
        padding = window[padding_start:padding_start + header.name_padding_size]
        descriptor_start = padding_start + header.name_padding_size
        descriptor = window[descriptor_start:descriptor_start + header.n_descsz]
        records.append(NoteRecord(header, name, padding, descriptor, position, file_offset))
        position += record_size
    return records


def standard_note_names(window, limit=64):
    """Note names as standard ELF writers lay them out (n_namesz counts the NUL, 4-byte padding): only to tell the producer."""
    from vboxcore_parsers.elf_note import ElfNote
    names = []
    position = 0
    while position + 12 <= len(window) and len(names) < limit:
        header = ElfNote.NoteHeader(stream(window[position:position + 12]))
        name_end = position + 12 + header.n_namesz
        if name_end > len(window):
            break
        names.append(window[position + 12:min(name_end, position + 12 + 32)].decode('latin-1'))
        position += header.record_size
    return names


def without_trailing_nuls(name):
    return name.rstrip('\0')


def check_trailing_data(source, program_headers, sections, problems):
    end = 0
    for entry in program_headers:
        if entry['fileOffset'] is None or entry['fileSize'] is None:
            return
        end = max(end, entry['fileOffset'] + entry['fileSize'])
    if end == 0:
        return
    for offset, size in sections:
        end = max(end, offset + size)
    if source.size > end:
        problems.add('TRAILING_DATA', 'the file continues %d bytes past the end of the last segment or section at %s' % (source.size - end, hex(end)), end, None,
                     {'segmentsEnd': end, 'fileSize': source.size})

