"""Expectations on a dump, in the grammar of `vboxcore validate --expect`: cpus=2, ram>=4GiB, version>=6.1, no-truncation.

The keys that need only the headers and notes are here (cpus, ram, data, mmio, ranges, producer,
version, revision, format, layout; no-truncation, registers). `valid` and `no-warnings` need the
library's full validation: use `vboxcore validate` for those.
"""
import re

SIZE_UNITS = {'': 1, 'b': 1, 'k': 2 ** 10, 'kib': 2 ** 10, 'm': 2 ** 20, 'mib': 2 ** 20, 'g': 2 ** 30, 'gib': 2 ** 30,
              't': 2 ** 40, 'tib': 2 ** 40, 'kb': 10 ** 3, 'mb': 10 ** 6, 'gb': 10 ** 9, 'tb': 10 ** 12}
KEYS = {'cpus': 'count', 'ram': 'size', 'data': 'size', 'mmio': 'size', 'ranges': 'count', 'producer': 'word',
        'version': 'version', 'revision': 'count', 'format': 'count', 'layout': 'word'}
FLAGS = ('no-truncation', 'registers')
EXPRESSION = re.compile(r'^([a-z-]+)\s*(>=|<=|!=|==|=|>|<)\s*(.+)$')
COMPARE = {'=': lambda a, b: a == b, '!=': lambda a, b: a != b, '>=': lambda a, b: a >= b, '<=': lambda a, b: a <= b,
           '>': lambda a, b: a > b, '<': lambda a, b: a < b}


class ExpectationNotMet(AssertionError):
    """Raised by `expect`: the message lists every expectation not met, with what the dump has."""

    __module__ = 'vboxcore_dump'  # as pytest names it: where users import it from


def _grammar_error(text, why):
    return ValueError('expectation %r: %s; write KEY OP VALUE (keys %s) or a flag (%s), for example cpus=2, ram>=4GiB, version>=6.1, no-truncation'
                      % (text, why, ', '.join(KEYS), ', '.join(FLAGS)))


def parse_size(raw, text=None):
    """A size: a whole number, 0x hexadecimal, or a number with B, K/KiB, M/MiB, G/GiB, T/TiB (binary) or kB, MB, GB, TB."""
    cleaned = raw.replace('_', '')
    if cleaned.lower().startswith('0x'):
        return int(cleaned, 16)
    match = re.match(r'^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$', cleaned)
    if match is None or match.group(2).lower() not in SIZE_UNITS:
        raise _grammar_error(text or raw, '%r is not a size' % raw)
    return round(float(match.group(1)) * SIZE_UNITS[match.group(2).lower()])


def _parse(text):
    text = text.strip()
    if text in FLAGS:
        return ('flag', text, None, None)
    if text in ('valid', 'no-warnings'):
        raise _grammar_error(text, 'needs the full validation of the TypeScript library: use `vboxcore validate --expect %s`' % text)
    match = EXPRESSION.match(text)
    if match is None:
        raise _grammar_error(text, 'not a known flag, and no operator')
    key, operator, raw = match.group(1), match.group(2).replace('==', '='), match.group(3).strip()
    kind = KEYS.get(key)
    if kind is None:
        raise _grammar_error(text, 'unknown key %r' % key)
    if kind == 'word':
        if operator not in ('=', '!='):
            raise _grammar_error(text, '%s takes = or != only' % key)
        return ('compare', key, operator, raw)
    if kind == 'version':
        if not re.match(r'^\d+(\.\d+){0,2}$', raw):
            raise _grammar_error(text, '%r is not a version' % raw)
        return ('compare', key, operator, tuple(int(part) for part in raw.split('.')))
    if kind == 'size':
        return ('compare', key, operator, parse_size(raw, text))
    try:
        return ('compare', key, operator, int(raw.replace('_', ''), 0))
    except ValueError:
        raise _grammar_error(text, '%r is not a whole number' % raw) from None


def _size_text(size):
    for unit, factor in (('GiB', 2 ** 30), ('MiB', 2 ** 20), ('KiB', 2 ** 10)):
        if size >= factor:
            amount = size / factor
            return '%s %s (%s bytes)' % (('%d' % amount) if size % factor == 0 else ('%.1f' % amount), unit, hex(size))
    return '%d B (%s bytes)' % (size, hex(size))


def _version_holds(found, operator, wanted):
    if operator in ('=', '!='):
        equal = all(index < len(found) and found[index] == part for index, part in enumerate(wanted))
        return equal if operator == '=' else not equal
    padded = tuple(wanted) + (0,) * (3 - len(wanted))
    return COMPARE[operator](tuple(found), padded)


def _check_one(text, dump):
    kind, key, operator, value = _parse(text)
    memory = dump['memory']
    if kind == 'flag':
        if key == 'no-truncation':
            missing = int(memory['missingBytes'], 16)
            return missing == 0, 'every byte is in the file' if missing == 0 else '%s bytes missing from the file' % hex(missing)
        undecoded = [index for index, cpu in enumerate(dump['cpus']) if cpu['registers'] is None]
        if not dump['cpus']:
            return False, 'no vCPU notes'
        return not undecoded, 'all %d decoded' % len(dump['cpus']) if not undecoded else 'vCPU(s) %s not decoded' % ', '.join(map(str, undecoded))
    descriptor = dump['descriptor']
    if key in ('cpus', 'ranges'):
        found = len(dump[key])
        return COMPARE[operator](found, value), str(found)
    if key in ('ram', 'data', 'mmio'):
        found = int({'ram': memory['ramBytes'], 'data': memory['fileDataBytes'], 'mmio': memory['byKind']['mmio']}[key], 16)
        return COMPARE[operator](found, value), _size_text(found)
    if key == 'producer':
        return COMPARE[operator](dump['producer'], value), dump['producer']
    if key == 'layout':
        names = [cpu['registers']['layout'] if cpu['registers'] is not None and 'layout' in cpu['registers'] else 'not decoded' for cpu in dump['cpus']]
        holds = bool(names) and all((name == value) == (operator == '=') for name in names)
        return holds, ', '.join(sorted(set(names))) or 'no vCPU notes'
    if descriptor is None:
        return False, 'no VBCORE descriptor'
    if key == 'version':
        found = tuple(int(part) for part in descriptor['vboxVersion'].split('.'))
        return _version_holds(found, operator, value), descriptor['vboxVersion']
    found = descriptor['vboxRevision'] if key == 'revision' else descriptor['formatVersion']
    return COMPARE[operator](found, value), hex(found) if key == 'format' else str(found)


def check(dump, *expectations):
    """Each expectation as (text, met, found); `dump` is what `open_dump` returns."""
    return [(text,) + _check_one(text, dump) for text in expectations]


def expect(dump, *expectations):
    """Raises ExpectationNotMet, naming every expectation not met and what was found, unless all hold."""
    unmet = [(text, found) for text, met, found in check(dump, *expectations) if not met]
    if unmet:
        raise ExpectationNotMet('%s does not meet %s:\n%s' % (dump['path'], ', '.join(expectations),
                                                               '\n'.join('  %s: not met, found %s' % pair for pair in unmet)))
