"""Guest-physical ranges from the PT_LOADs: which are usable, what each probably is, what is missing.

The same rules as the library's src/elf/ranges.ts and src/model/physical-map.ts.
"""
from .elf import SAFE_LIMIT, field_offset, is_load

FOUR_GIB = 0x1_0000_0000
VRAM_START = 0xE000_0000
LEGACY_ROM_START = 0xC_0000
LEGACY_ROM_END = 0x10_0000
HIGH_BIOS_MAX_SIZE = 0x10_0000
PHYSICAL_ADDRESS_LIMIT = 2 ** 52
KINDS = ('ram', 'vram', 'rom', 'device', 'mmio')


def infer_range_kind(physical_start, size, declared_file_bytes, producer='virtualbox'):
    """What a range probably is (the file names none): the library's rule, with its reason in words."""
    physical_end = physical_start + size
    if declared_file_bytes == 0:
        return 'mmio', 'no bytes in the file (p_filesz 0): MMIO'
    if physical_start >= LEGACY_ROM_START and physical_end <= LEGACY_ROM_END:
        return 'rom', 'inside 0xc0000-0xfffff: option ROM or legacy BIOS'
    if physical_end == FOUR_GIB and size <= HIGH_BIOS_MAX_SIZE:
        return 'rom', 'ends at 4 GiB, at most 1 MiB: BIOS shadow'
    if physical_start >= FOUR_GIB:
        return 'ram', 'at or above 4 GiB: RAM above the PCI hole'
    if physical_start < VRAM_START:
        return 'ram', 'below 0xe0000000: RAM below the PCI hole'
    if producer == 'qemu':
        return 'device', 'between 0xe0000000 and 4 GiB: device memory (a PCI BAR, such as VGA memory)'
    if physical_start == VRAM_START:
        return 'vram', 'starts at 0xe0000000: VGA memory'
    return 'device', 'between 0xe0000000 and 4 GiB: device memory (MMIO2)'


def _usable_loads(program_headers, end_of_headers, problems):
    loads = []
    for entry in program_headers:
        if not is_load(entry):
            continue
        offset, start, size, file_size = entry['fileOffset'], entry['physicalAddress'], entry['memorySize'], entry['fileSize']
        if offset is None or start is None or size is None or file_size is None:
            continue
        if start + size >= SAFE_LIMIT:
            problems.add('VALUE_NOT_SAFE_INTEGER', 'program header %d: p_paddr %s + p_memsz %s is 2^53 or more' % (entry['index'], hex(start), hex(size)),
                         field_offset(entry, 'p_memsz'), 'program_header[%d].p_memsz' % entry['index'])
            continue
        if offset + file_size >= SAFE_LIMIT:
            problems.add('VALUE_NOT_SAFE_INTEGER', 'program header %d: p_offset %s + p_filesz %s is 2^53 or more' % (entry['index'], hex(offset), hex(file_size)),
                         field_offset(entry, 'p_filesz'), 'program_header[%d].p_filesz' % entry['index'])
            continue
        if file_size > 0 and offset < end_of_headers:
            problems.add('SEGMENT_OVERLAPS_HEADERS', 'program header %d: its bytes start at %s, inside the headers (which end at %s); the range is ignored' % (entry['index'], hex(offset), hex(end_of_headers)),
                         field_offset(entry, 'p_offset'), 'program_header[%d].p_offset' % entry['index'])
            continue
        loads.append((entry, offset, start, size, file_size))
    return loads


def _check_load(entry, start, size, file_size, problems):
    if file_size != 0 and file_size != size:
        problems.add('BAD_FILESZ', 'program header %d: p_filesz %s is neither 0 (MMIO) nor p_memsz %s' % (entry['index'], hex(file_size), hex(size)),
                     field_offset(entry, 'p_filesz'), 'program_header[%d].p_filesz' % entry['index'], {'fileSize': file_size, 'memorySize': size})
    if size == 0:
        problems.add('EMPTY_RANGE', 'program header %d: p_memsz is 0' % entry['index'], field_offset(entry, 'p_memsz'), 'program_header[%d].p_memsz' % entry['index'])
    if start + size > PHYSICAL_ADDRESS_LIMIT:
        problems.add('RANGE_ABOVE_PHYSICAL_LIMIT', 'program header %d: range %s-%s reaches above 2^52, the x86 physical address limit' % (entry['index'], hex(start), hex(start + size)),
                     field_offset(entry, 'p_paddr'), 'program_header[%d].p_paddr' % entry['index'])
    return min(file_size, size)


def _check_order(ranges, program_headers, problems):
    for previous, current in zip(ranges, ranges[1:]):
        if current['physicalStart'] < previous['physicalStart']:
            entry = program_headers[current['programHeaderIndex']]
            problems.add('RANGES_UNSORTED', 'program header %d (physical %s) comes after program header %d (physical %s)'
                         % (current['programHeaderIndex'], hex(current['physicalStart']), previous['programHeaderIndex'], hex(previous['physicalStart'])),
                         field_offset(entry, 'p_paddr'), 'program_header[%d].p_paddr' % current['programHeaderIndex'])
            break
    by_address = sorted((item for item in ranges if item['size'] > 0), key=lambda item: item['physicalStart'])
    for previous, current in zip(by_address, by_address[1:]):
        if current['physicalStart'] < previous['physicalEnd']:
            entry = program_headers[current['programHeaderIndex']]
            problems.stop('RANGES_OVERLAP', 'program headers %d (%s-%s) and %d (%s-%s) overlap'
                          % (previous['programHeaderIndex'], hex(previous['physicalStart']), hex(previous['physicalEnd']), current['programHeaderIndex'], hex(current['physicalStart']), hex(current['physicalEnd'])),
                          field_offset(entry, 'p_paddr'), 'program_header[%d].p_paddr' % current['programHeaderIndex'])


def _check_truncation(ranges, file_size, problems):
    damaged = [item for item in ranges if item['presentBytes'] < item['declaredFileBytes']]
    if not damaged:
        return
    expected_size = max(item['fileOffset'] + item['declaredFileBytes'] for item in ranges)
    missing = sum(item['declaredFileBytes'] - item['presentBytes'] for item in damaged)
    listed = ['%s-%s (%s, %s missing)' % (hex(item['physicalStart']), hex(item['physicalEnd']), item['kind'],
                                          'all' if item['presentBytes'] == 0 else '%s bytes' % hex(item['declaredFileBytes'] - item['presentBytes'])) for item in damaged]
    loses = '1 range loses' if len(damaged) == 1 else '%d ranges lose' % len(damaged)
    problems.add('TRUNCATED_DUMP', 'truncated dump: the file is %d bytes but its ranges need %d; %d bytes are missing and %s data: %s' % (file_size, expected_size, missing, loses, ', '.join(listed)),
                 file_size, 'program_header[%d].p_filesz' % damaged[0]['programHeaderIndex'],
                 {'fileSize': file_size, 'expectedSize': expected_size, 'missingBytes': missing,
                  'ranges': [{'index': item['index'], 'physicalStart': item['physicalStart'], 'physicalEnd': item['physicalEnd'],
                              'missingBytes': item['declaredFileBytes'] - item['presentBytes']} for item in damaged]})


def build_ranges(program_headers, file_size, end_of_headers, producer, problems):
    """The usable ranges in program header order, with kinds and regions; every range problem reported."""
    ranges = []
    for entry, offset, start, size, file_bytes in _usable_loads(program_headers, end_of_headers, problems):
        declared = _check_load(entry, start, size, file_bytes, problems)
        present = max(0, min(declared, file_size - offset))
        kind, reason = infer_range_kind(start, size, declared, producer)
        ranges.append({'index': len(ranges), 'programHeaderIndex': entry['index'], 'physicalStart': start, 'physicalEnd': start + size, 'size': size,
                       'fileOffset': offset, 'declaredFileBytes': declared, 'presentBytes': present, 'kind': kind, 'kindReason': reason, 'region': 0})
    _check_order(ranges, program_headers, problems)
    _check_truncation(ranges, file_size, problems)
    region = -1
    for position, item in enumerate(ranges):
        previous = ranges[position - 1] if position > 0 else None
        continues = (previous is not None and previous['kind'] == 'ram' and item['kind'] == 'ram' and previous['physicalEnd'] == item['physicalStart']
                     and previous['fileOffset'] + previous['declaredFileBytes'] == item['fileOffset'])
        if not continues:
            region += 1
        item['region'] = region
    return ranges


def regions_of(ranges):
    regions = []
    for item in ranges:
        if regions and regions[-1]['region'] == item['region']:
            last = regions[-1]
            last['physicalEnd'] = item['physicalEnd']
            last['size'] += item['size']
            last['presentBytes'] += item['presentBytes']
            last['rangeIndexes'].append(item['index'])
        else:
            regions.append({'region': item['region'], 'kind': item['kind'], 'physicalStart': item['physicalStart'], 'physicalEnd': item['physicalEnd'],
                            'size': item['size'], 'presentBytes': item['presentBytes'], 'rangeIndexes': [item['index']]})
    return regions


def memory_totals(ranges):
    """RAM, data in the file, MMIO and what is missing, in bytes (exact Python integers)."""
    by_kind = dict.fromkeys(KINDS, 0)
    ram_present = file_data = missing = 0
    for item in ranges:
        by_kind[item['kind']] += item['size']
        file_data += item['presentBytes']
        missing += item['declaredFileBytes'] - item['presentBytes']
        if item['kind'] == 'ram':
            ram_present += item['presentBytes']
    return {'addressSpaceBytes': sum(by_kind.values()), 'byKind': by_kind, 'ramBytes': by_kind['ram'], 'ramPresentBytes': ram_present,
            'fileDataBytes': file_data, 'missingBytes': missing, 'ramRegions': sum(1 for region in regions_of(ranges) if region['kind'] == 'ram')}
