#!/usr/bin/python3
"""Prints VirtualBox and QEMU guest cores as JSON: what `vboxcore info --json` prints, read by vboxcore_dump.

Usage: /usr/bin/python3 examples/parse_dump.py DUMP [DUMP...]

In a clone (or the npm package) it finds the package beside it; `pip install` of the wheel
(dist/python/) installs it. A dump that cannot be read is {"path": ..., "error": {"code", "message"}}.
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for folder in (os.path.join(here, '..', 'python'), os.path.join(here, '..', 'generated', 'python')):
    if os.path.isdir(folder):
        sys.path.insert(0, folder)

from vboxcore_dump import VboxcoreError, open_dump  # noqa: E402


def facts(path):
    try:
        with open_dump(path) as dump:
            return dict(dump)
    except VboxcoreError as error:
        return {'path': path, 'error': {'code': error.code, 'message': str(error), 'fileOffset': error.file_offset, 'field': error.field}}


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        print(json.dumps([facts(path) for path in sys.argv[1:]], indent=2))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): end quietly, as the CLI does, and keep Python from
        # reporting the pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
