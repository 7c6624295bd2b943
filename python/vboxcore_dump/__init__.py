"""vboxcore_dump: VirtualBox and QEMU guest cores from Python, with the parsers generated from vboxcore's schemas.

    from vboxcore_dump import open_dump, expect
    dump = open_dump('guest.elf')          # producer, header, ranges, descriptor, registers, memory
    expect(dump, 'cpus=2', 'ram>=4GiB', 'no-truncation')   # AssertionError naming what was found
"""
from .expectations import ExpectationNotMet, check, expect, parse_size
from .reader import open_dump

__all__ = ['open_dump', 'check', 'expect', 'parse_size', 'ExpectationNotMet']
