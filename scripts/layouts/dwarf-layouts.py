#!/usr/bin/python3
"""Print, as JSON, the layout a compiler gave to C types: size, and each member's offset,
size, kind and element count, read from the DWARF of an object file compiled with -g.

Usage: dwarf-layouts.py OBJECT TYPENAME... ; also prints the enumerators of the probe's
`vbox_layout_probe_constants` enum, which is how a header's numeric macros are read without
running anything the compiler made (the object may be for another machine).

The compiler's own debug information is the source of truth here: it already resolved
typedefs, unions, #if blocks and the host's alignment rules, so nothing is counted by eye.
"""
import json
import sys

from elftools.elf.elffile import ELFFile

QUALIFIERS = ('DW_TAG_typedef', 'DW_TAG_const_type', 'DW_TAG_volatile_type', 'DW_TAG_restrict_type',
              'DW_TAG_atomic_type')


def name_of(die):
    attribute = die.attributes.get('DW_AT_name')
    return attribute.value.decode('utf-8') if attribute else None


def target(die):
    return die.get_DIE_from_attribute('DW_AT_type') if 'DW_AT_type' in die.attributes else None


def strip(die):
    """Follow typedefs and qualifiers to the type that has a layout, keeping the first typedef name."""
    typedef_name = None
    while die is not None and die.tag in QUALIFIERS:
        if die.tag == 'DW_TAG_typedef' and typedef_name is None:
            typedef_name = name_of(die)
        die = target(die)
    return die, typedef_name


def byte_size(die):
    die, _ = strip(die)
    if die is None:
        return 0
    if 'DW_AT_byte_size' in die.attributes:
        return die.attributes['DW_AT_byte_size'].value
    if die.tag == 'DW_TAG_array_type':
        return byte_size(target(die)) * element_count(die)
    return 0


def dimensions(array_die):
    counts = []
    for child in array_die.iter_children():
        if child.tag != 'DW_TAG_subrange_type':
            continue
        if 'DW_AT_count' in child.attributes:
            counts.append(child.attributes['DW_AT_count'].value)
        elif 'DW_AT_upper_bound' in child.attributes:
            counts.append(child.attributes['DW_AT_upper_bound'].value + 1)
        else:
            counts.append(0)  # a flexible array member
    return counts


def element_count(array_die):
    total = 1
    for count in dimensions(array_die):
        total *= count
    return total


def describe(die, depth=0):
    """The layout of one type: its kind, size and, for structures and unions, its members."""
    die, typedef_name = strip(die)
    if die is None:
        return {'kind': 'void', 'size': 0}
    kind = {
        'DW_TAG_structure_type': 'struct',
        'DW_TAG_union_type': 'union',
        'DW_TAG_base_type': 'base',
        'DW_TAG_enumeration_type': 'enum',
        'DW_TAG_pointer_type': 'pointer',
        'DW_TAG_array_type': 'array',
    }.get(die.tag, die.tag)
    result = {'kind': kind, 'size': byte_size(die), 'name': typedef_name or name_of(die)}
    if kind == 'array':
        result['dimensions'] = dimensions(die)
        result['element'] = describe(target(die), depth + 1)
    elif kind in ('struct', 'union') and depth < 12:
        members = []
        for child in die.iter_children():
            if child.tag != 'DW_TAG_member':
                continue
            member = {'name': name_of(child), 'offset': 0, 'type': describe(target(child), depth + 1)}
            location = child.attributes.get('DW_AT_data_member_location')
            if location is not None and isinstance(location.value, int):
                member['offset'] = location.value
            if 'DW_AT_bit_size' in child.attributes:
                member['bitSize'] = child.attributes['DW_AT_bit_size'].value
                if 'DW_AT_data_bit_offset' in child.attributes:
                    bit_offset = child.attributes['DW_AT_data_bit_offset'].value
                    member['offset'] = bit_offset // 8
                    member['bitOffset'] = bit_offset % 8
            members.append(member)
        result['members'] = members
    elif kind == 'base':
        encoding = die.attributes.get('DW_AT_encoding')
        result['float'] = encoding is not None and encoding.value == 4
    return result


def main():
    if len(sys.argv) < 3:
        sys.stderr.write('usage: dwarf-layouts.py OBJECT TYPENAME...\n')
        return 2
    wanted = set(sys.argv[2:])
    found = {}
    constants = {}
    with open(sys.argv[1], 'rb') as handle:
        elf = ELFFile(handle)
        if not elf.has_dwarf_info():
            sys.stderr.write('%s has no DWARF (compile with -g)\n' % sys.argv[1])
            return 1
        for unit in elf.get_dwarf_info().iter_CUs():
            for die in unit.iter_DIEs():
                name = name_of(die)
                # C names the layout through the typedef, C++ through the structure's own tag.
                is_definition = die.tag == 'DW_TAG_typedef' or (
                    die.tag in ('DW_TAG_structure_type', 'DW_TAG_union_type') and 'DW_AT_declaration' not in die.attributes)
                if is_definition and name in wanted and name not in found:
                    found[name] = describe(die)
                elif die.tag == 'DW_TAG_enumeration_type' and name == 'vbox_layout_probe_constants':
                    for child in die.iter_children():
                        if child.tag == 'DW_TAG_enumerator':
                            constants[name_of(child)] = child.attributes['DW_AT_const_value'].value
    json.dump({'types': found, 'constants': constants}, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
