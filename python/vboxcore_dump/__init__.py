"""vboxcore_dump: VirtualBox and QEMU guest cores from Python, read by vboxcore's rules with the parsers generated from its schemas.

    from vboxcore_dump import open_dump, validate, expect, VboxcoreError
    with open_dump('guest.elf') as dump:      # the facts `vboxcore info --json` prints, as a mapping
        expect(dump, 'cpus=2', 'ram>=4GiB', 'no-truncation')   # ExpectationNotMet naming what was found
    validate('guest.elf')['problems']         # every problem, with the library's codes, offsets and fields

Every error raised on purpose is a VboxcoreError with one of vboxcore's stable codes (`code`),
the file offset and field where it concerns the file's bytes, and `exit_status`.
"""
from .expectations import ExpectationNotMet, check, expect, parse_expectation, parse_size
from .problems import CATALOGUE, VboxcoreError
from .reader import Dump, inspect_path, json_view, open_dump, validate

__all__ = ['open_dump', 'validate', 'inspect_path', 'Dump', 'check', 'expect', 'parse_expectation', 'parse_size', 'json_view',
           'ExpectationNotMet', 'VboxcoreError', 'CATALOGUE']
