#!/usr/bin/python3
"""Prints VirtualBox and QEMU guest cores as JSON, read by vboxcore_dump with the generated Python parsers.

Usage: /usr/bin/python3 examples/parse_dump.py DUMP [DUMP...]

In a clone (or the npm package) it finds both beside it; `pip install ./python` installs them.
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for folder in (os.path.join(here, '..', 'python'), os.path.join(here, '..', 'generated', 'python')):
    if os.path.isdir(folder):
        sys.path.insert(0, folder)

from vboxcore_dump import open_dump  # noqa: E402

if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print(json.dumps([open_dump(path) for path in sys.argv[1:]], indent=2))
