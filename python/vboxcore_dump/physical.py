"""The guest-physical address space of a dump: which file bytes (or which holes) back an address window.

The library's PhysicalAddressSpace (src/address-space/physical.ts): `mapping` answers with runs of
data and holes; `translate` and `read` stand on it. Holes are errors unless zeros are asked for.
"""
from bisect import bisect_right

from .problems import VboxcoreError

ADDRESS_SPACE_END = 1 << 64
MAX_READ_LENGTH = 256 * 1024 * 1024


def _pieces_of(item):
    data_end = item['physicalStart'] + item['presentBytes']
    declared_end = item['physicalStart'] + item['declaredFileBytes']
    pieces = []
    if item['presentBytes'] > 0:
        pieces.append((item['physicalStart'], data_end, None, item))
    if declared_end > data_end:
        pieces.append((data_end, declared_end, 'truncated', item))
    if item['physicalEnd'] > declared_end:
        pieces.append((declared_end, item['physicalEnd'], 'mmio' if item['declaredFileBytes'] == 0 else 'absent', item))
    return pieces


def _describe_hole(run):
    start, length, hole, item = run['physicalAddress'], run['length'], run['hole'], run['range']
    span = hex(start) if length == 1 else '%s-%s' % (hex(start), hex(start + length))
    where = '' if item is None else ' (range %d: %s-%s, %s)' % (item['index'], hex(item['physicalStart']), hex(item['physicalEnd']), item['kind'])
    if hole == 'gap':
        return 'physical %s is not covered by any range of the dump' % span
    if hole == 'mmio':
        return 'physical %s is MMIO with no data in the file%s' % (span, where)
    if hole == 'truncated':
        return 'physical %s is missing: the dump is truncated%s' % (span, where)
    return 'physical %s has no bytes in the file (p_filesz smaller than p_memsz)%s' % (span, where)


def hole_error(run):
    return VboxcoreError('UNMAPPED_ADDRESS' if run['hole'] == 'gap' else 'PHYSICAL_HOLE', _describe_hole(run),
                         details={'physicalAddress': hex(run['physicalAddress']), 'length': run['length'], 'hole': run['hole'], 'range': None if run['range'] is None else run['range']['index']})


def _invalid(message):
    return VboxcoreError('INVALID_ARGUMENT', message)


def _check_window(address, length):
    if not isinstance(address, int) or isinstance(address, bool) or address < 0 or address >= ADDRESS_SPACE_END:
        raise _invalid('a physical address is a whole number from 0 to 2^64 - 1, not %r' % (address,))
    if not isinstance(length, int) or isinstance(length, bool) or length < 0:
        raise _invalid('length %r is not a non-negative whole number' % (length,))
    if address + length > ADDRESS_SPACE_END:
        raise _invalid('%d bytes at %s run past the end of the 64-bit address space' % (length, hex(address)))


class PhysicalAddressSpace:
    """Ranges of a dump over its file source."""

    def __init__(self, source, ranges):
        self._source = source
        self.ranges = ranges
        self._pieces = sorted((piece for item in ranges for piece in _pieces_of(item)), key=lambda piece: piece[0])
        self._starts = [piece[0] for piece in self._pieces]

    def mapping(self, address, length):
        """The runs of file data and holes that make up `length` bytes at `address`, in order."""
        _check_window(address, length)
        runs = []
        cursor, remaining = address, length
        first = max(0, bisect_right(self._starts, address) - 1)
        for start, end, hole, item in self._pieces[first:]:
            if remaining == 0:
                break
            if end <= cursor:
                continue
            if cursor < start:
                gap = min(remaining, start - cursor)
                runs.append({'kind': 'hole', 'physicalAddress': cursor, 'length': gap, 'hole': 'gap', 'range': None})
                cursor += gap
                remaining -= gap
                if remaining == 0:
                    break
            run_length = min(remaining, end - cursor)
            if hole is None:
                runs.append({'kind': 'data', 'physicalAddress': cursor, 'length': run_length, 'fileOffset': item['fileOffset'] + (cursor - item['physicalStart']), 'range': item})
            else:
                runs.append({'kind': 'hole', 'physicalAddress': cursor, 'length': run_length, 'hole': hole, 'range': item})
            cursor += run_length
            remaining -= run_length
        if remaining > 0:
            runs.append({'kind': 'hole', 'physicalAddress': cursor, 'length': remaining, 'hole': 'gap', 'range': None})
        return runs

    def translate(self, address):
        """The file offset holding the byte at `address`, its range and place in it; a hole is an error naming it."""
        run = self.mapping(address, 1)[0]
        if run['kind'] == 'hole':
            raise hole_error(run)
        item = run['range']
        offset_in_range = run['fileOffset'] - item['fileOffset']
        return {'physicalAddress': address, 'fileOffset': run['fileOffset'], 'range': item['index'], 'offsetInRange': offset_in_range,
                'bytesToDataEnd': item['presentBytes'] - offset_in_range}

    def read(self, address, length, zero_holes=False):
        """`length` bytes at `address`, across ranges; holes are an error unless `zero_holes`."""
        if isinstance(length, int) and length > MAX_READ_LENGTH:
            raise VboxcoreError('READ_TOO_LARGE', 'a read of %d bytes is larger than the %d-byte limit; read in pieces' % (length, MAX_READ_LENGTH))
        runs = self.mapping(address, length)
        if not zero_holes:
            for run in runs:
                if run['kind'] == 'hole':
                    raise hole_error(run)
        return b''.join(self._source.read_at(run['fileOffset'], run['length']) if run['kind'] == 'data' else bytes(run['length']) for run in runs)
