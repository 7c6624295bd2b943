"""Reads and checks a dump's headers and notes, collecting every problem instead of stopping at the first.

The order of the checks, and so of the problems, is the library's (src/inspect.ts).
"""
from .elf import check_trailing_data, headers_end, read_elf_header, read_note_segment, read_program_headers, read_section_extents, report_cut_note_segment, report_other_segments, standard_note_names
from .problems import InspectionStopped, ProblemCollector, report_of
from .producers import identify_producer, read_qemu_notes, read_virtualbox_notes, refuse_paging_dump, virtualbox_host
from .ranges import build_ranges


def _read_notes(source, header, program_headers, end_of_headers, problems):
    segment = read_note_segment(source, program_headers, end_of_headers, problems)
    if segment is None:
        return 'unknown', None, [], None
    names = standard_note_names(segment['window'])
    producer, what = identify_producer(names)
    if producer == 'foreign':
        from .elf import printable, without_trailing_nuls
        problems.stop('FOREIGN_CORE', 'this is %s, not a VirtualBox or QEMU guest core (its notes are %s)' % (what, ', '.join('"%s"' % printable(without_trailing_nuls(name)) for name in names)),
                      segment['fileOffset'], 'note[0].name')
    if producer == 'qemu':
        report_cut_note_segment(segment, problems)
        cpus, vmcoreinfo = read_qemu_notes(segment['window'], segment['fileOffset'], segment['cut'] is not None, header, problems)
        return 'qemu', None, cpus, vmcoreinfo
    producer, descriptor, cpus = read_virtualbox_notes(segment, header['machine'], problems)
    return producer, descriptor, cpus, None


def inspect_source(source):
    """(report, structure): structure is None when a fatal problem stopped the reading (see the report)."""
    problems = ProblemCollector()
    structure = None
    try:
        header = read_elf_header(source, problems)
        program_headers = read_program_headers(source, header, problems)
        report_other_segments(program_headers, problems)
        end_of_headers = headers_end(header)
        sections = read_section_extents(source, header, problems)
        producer, descriptor, cpus, vmcoreinfo = _read_notes(source, header, program_headers, end_of_headers, problems)
        if producer == 'qemu':
            refuse_paging_dump(program_headers, problems)
        ranges = build_ranges(program_headers, source.size, end_of_headers, producer, problems)
        check_trailing_data(source, program_headers, sections, problems)
        host = virtualbox_host(header['machine'], None if descriptor is None else descriptor['vboxVersion']['major']) if producer == 'virtualbox' else None
        structure = {'producer': producer, 'header': header, 'programHeaders': program_headers, 'descriptor': descriptor, 'cpus': cpus,
                     'ranges': ranges, 'vmcoreinfo': vmcoreinfo, 'host': host}
    except InspectionStopped:
        pass
    return report_of(source.path, source.size, problems.problems), structure
