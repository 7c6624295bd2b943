"""Opening, validating and reading dumps: the public API of vboxcore_dump.

    with open_dump('guest.elf') as dump:          # VboxcoreError when the dump cannot be read at all
        dump['producer'], dump['memory']['ramBytes']
        dump.read_physical(0x1000, 64)
    report = validate('guest.elf')                 # never raises for what is wrong with the dump

A dump's facts are the mapping `vboxcore info --json` prints (and in its convention: addresses,
offsets, sizes, byte counts and registers as 0x-prefixed hex strings; counts and flags numbers),
so the two can be compared field by field. Only the headers and notes are read, from small windows.
"""
import re

from .inspect import inspect_source
from .physical import PhysicalAddressSpace
from .problems import CATALOGUE, VboxcoreError, report_of
from .ranges import memory_totals, regions_of
from .source import FileSource

# The library's rule (src/report/json.ts): which numbers are addresses, offsets, sizes or byte counts.
_SIXTY_FOUR_BIT_KEY = re.compile(r'^(size|length|align|entry|bytes|offset|offsetInRange)$|^bytes(?!PerSecond)[A-Z]|(Address|Offset|Start|End|Size|Length|Bytes)$')
_BYTE_COUNT_TABLES = ('holes', 'byKind')


def json_view(value, key=''):
    """A value in the library's JSON convention: 64-bit quantities as 0x hex strings, the rest as they are."""
    if isinstance(value, dict):
        if key in _BYTE_COUNT_TABLES:
            return {kind: hex(count) if isinstance(count, int) and not isinstance(count, bool) else count for kind, count in value.items()}
        return {name: json_view(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [json_view(item, key) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2 ** 53 and _SIXTY_FOUR_BIT_KEY.search(key):
        return hex(value)
    return value


class Dump(dict):
    """An open dump: the facts of `vboxcore info --json` as a mapping, and its physical memory.

    The mapping is in the JSON convention (hex strings for 64-bit values); `structure`, `report`
    and `physical` hold the same facts with Python integers.
    """

    def __init__(self, source, report, structure):
        self._source = source
        self.structure = structure
        self.report = report
        self.physical = PhysicalAddressSpace(source, structure['ranges'])
        regions = regions_of(structure['ranges'])
        facts = {'path': source.path, 'fileSize': source.size, 'producer': structure['producer'], 'header': structure['header'],
                 'descriptor': structure['descriptor'], 'cpus': structure['cpus'], 'programHeaders': structure['programHeaders'],
                 'ranges': [{name: value for name, value in item.items()} for item in structure['ranges']], 'regions': regions,
                 'memory': memory_totals(structure['ranges']), 'vmcoreinfo': structure['vmcoreinfo'], 'host': structure['host'], 'report': report}
        super().__init__(json_view(facts))

    def read_physical(self, address, length, zero_holes=False):
        """`length` bytes at a guest-physical address; a hole (gap, MMIO, truncated data) is a VboxcoreError unless `zero_holes`."""
        return self.physical.read(address, length, zero_holes)

    def mapping(self, address, length):
        """The runs of file data and holes that make up `length` bytes at `address`."""
        return self.physical.mapping(address, length)

    def translate(self, address):
        """The file offset of a guest-physical address, its range and place in it; a hole is a VboxcoreError."""
        return self.physical.translate(address)

    def close(self):
        self._source.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()


def open_dump(path):
    """Opens the dump at `path`; raises VboxcoreError (with the library's code) when it is unreadable or so broken that no ranges can be known."""
    source = FileSource(path)
    try:
        report, structure = inspect_source(source)
    except BaseException:
        source.close()
        raise
    if structure is None:
        source.close()
        fatal = next((problem for problem in report['problems'] if CATALOGUE[problem['code']]['fatal']), report['problems'][0])
        raise VboxcoreError(fatal['code'], '%s: %s' % (path, fatal['message']), fatal['fileOffset'], fatal['field'], fatal.get('details'))
    return Dump(source, report, structure)


def inspect_path(path):
    """(report, structure) of the dump at `path`; a file that cannot be read at all is a report with its one problem."""
    try:
        source = FileSource(path)
    except VboxcoreError as error:
        return report_of(str(path), None, [{'code': error.code, 'severity': 'error', 'message': str(error), 'fileOffset': error.file_offset, 'field': error.field}]), None
    try:
        return inspect_source(source)
    finally:
        source.close()


def validate(path):
    """The validation report of the dump at `path` (what `vboxcore validate --json` reports for it), never an exception for the dump's problems."""
    return json_view(inspect_path(path)[0])
