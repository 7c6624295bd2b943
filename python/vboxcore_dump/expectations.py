"""Expectations on a dump, in the grammar of `vboxcore validate --expect`: cpus=2, ram>=4GiB, version>=6.1, no-truncation.

The grammar is not restated here: data/expectation-grammar.json is the library's own definition
(written from src/expectations/grammar.ts; a test keeps the two equal), and vboxcore's conformance
corpus holds a table of expressions both implementations must accept or refuse alike.
"""
import json
import os
import re
from decimal import ROUND_HALF_UP, Decimal

from .problems import VboxcoreError

with open(os.path.join(os.path.dirname(__file__), 'data', 'expectation-grammar.json'), encoding='utf-8') as _file:
    GRAMMAR = json.load(_file)

KEYS = GRAMMAR['keys']
FLAGS = GRAMMAR['flags']
OPERATORS = GRAMMAR['operators']
UNITS = {unit: int(bytes_) for unit, bytes_ in GRAMMAR['units'].items()}
MAXIMUM = GRAMMAR['maximum']
_EXPRESSION = re.compile(GRAMMAR['expression'])
_DECIMAL = re.compile(GRAMMAR['decimal'])
_HEXADECIMAL = re.compile(GRAMMAR['hexadecimal'])
_SIZE = re.compile(GRAMMAR['size'])
_BIT_UNIT = re.compile(GRAMMAR['bitUnit'])
_VERSION = re.compile(GRAMMAR['version'])
_COMPARE = {'=': lambda a, b: a == b, '!=': lambda a, b: a != b, '>=': lambda a, b: a >= b, '<=': lambda a, b: a <= b,
            '>': lambda a, b: a > b, '<': lambda a, b: a < b}


class ExpectationNotMet(AssertionError):
    """Raised by `expect`: the message lists every expectation not met, with what the dump has."""

    __module__ = 'vboxcore_dump'  # as pytest names it: where users import it from


def _json_text(text):
    return json.dumps(text, ensure_ascii=False)


def _grammar_error(text, why):
    return VboxcoreError('INVALID_ARGUMENT', 'expectation %s: %s; write KEY OP VALUE (keys %s; operators %s) or a flag (%s), for example cpus=2, ram>=4GiB, version>=6.1, no-truncation'
                         % (_json_text(text), why, ', '.join(KEYS), ' '.join(OPERATORS), ', '.join(FLAGS)))


def _parse_count(text, raw):
    cleaned = raw.replace('_', '')
    if _HEXADECIMAL.match(cleaned):
        value = int(cleaned[2:], 16)
    elif _DECIMAL.match(cleaned):
        value = int(cleaned, 10)
    else:
        value = None
    if value is None or value > MAXIMUM:
        raise _grammar_error(text, '%s is not a whole number (decimal or 0x hexadecimal)' % _json_text(raw))
    return value


def parse_size(raw, text=None):
    """A size: a count with an optional unit (`4GiB`, `512M`, `1.5G`, `0x100000000`), exact, below 2^53."""
    text = raw if text is None else text
    if not isinstance(raw, str):
        raise VboxcoreError('INVALID_ARGUMENT', 'a size is text such as "4GiB" or a number of bytes, not %s' % type(raw).__name__)
    if re.match(r'^0[xX]', raw):
        return _parse_count(text, raw)
    match = _SIZE.match(raw.replace('_', ''))
    if match is None:
        raise _grammar_error(text, '%s is not a size (a number with B, K/KiB, M/MiB, G/GiB, T/TiB or kB, MB, GB, TB)' % _json_text(raw))
    whole, fraction, unit_text = match.group(1), match.group(2) or '', match.group(3)
    unit = UNITS.get(unit_text)
    if unit is None:
        if _BIT_UNIT.match(unit_text):
            raise _grammar_error(text, '%s counts bits, not bytes: write B for bytes (%s, or %siB for the binary unit)' % (_json_text(unit_text), unit_text[:-1] + 'B', unit_text[:1].upper()))
        raise _grammar_error(text, '%s is not a size (a number with B, K/KiB, M/MiB, G/GiB, T/TiB or kB, MB, GB, TB)' % _json_text(raw))
    scale = 10 ** len(fraction)
    scaled = int(whole + fraction) * unit
    if scaled % scale:
        raise _grammar_error(text, '%s is not a whole number of bytes' % _json_text(raw))
    value = scaled // scale
    if value > MAXIMUM:
        raise _grammar_error(text, '%s is too large (sizes go up to 2^53 - 1 bytes)' % _json_text(raw))
    return value


def _parse_version(text, raw):
    if not _VERSION.match(raw):
        raise _grammar_error(text, '%s is not a version (major[.minor[.build]], for example 6.1 or 7.0.14)' % _json_text(raw))
    parts = [int(part) for part in raw.split('.')]
    if any(part > MAXIMUM for part in parts):
        raise _grammar_error(text, '%s is not a version (major[.minor[.build]], for example 6.1 or 7.0.14)' % _json_text(raw))
    return parts


def parse_expectation(text):
    """One expectation as the library parses it: {'kind': 'flag', 'text', 'flag'} or {'kind': 'compare', 'text', 'key', 'operator', 'value'}."""
    if not isinstance(text, str):
        raise VboxcoreError('INVALID_ARGUMENT', 'an expectation is text such as "cpus=2", not %s' % type(text).__name__)
    trimmed = text.strip()
    if trimmed in FLAGS:
        return {'kind': 'flag', 'text': trimmed, 'flag': trimmed}
    match = _EXPRESSION.match(trimmed)
    if match is None and trimmed in KEYS:
        raise _grammar_error(text, '%s needs an operator and a value (in a shell, quote the expectation: > and < are redirections)' % trimmed)
    if match is None:
        raise _grammar_error(text, 'not a known flag, and no operator')
    key, operator, raw = match.group(1), match.group(2), match.group(3)
    if key not in KEYS:
        raise _grammar_error(text, 'unknown key %s' % _json_text(key))
    if operator == '==':
        raise _grammar_error(text, 'equality is = (one sign), not ==')
    spec = KEYS[key]
    value = raw.strip()
    if spec['value'] == 'word':
        if operator not in ('=', '!='):
            raise _grammar_error(text, '%s takes = or != only' % key)
        if 'words' in spec and value not in spec['words']:
            raise _grammar_error(text, '%s is one of %s' % (key, ', '.join(spec['words'])))
        return {'kind': 'compare', 'text': trimmed, 'key': key, 'operator': operator, 'value': value}
    parsed = _parse_count(text, value) if spec['value'] == 'count' else parse_size(value, text) if spec['value'] == 'size' else _parse_version(text, value)
    return {'kind': 'compare', 'text': trimmed, 'key': key, 'operator': operator, 'value': parsed}


_UNIT_SIZES = (('TiB', 2 ** 40), ('GiB', 2 ** 30), ('MiB', 2 ** 20), ('KiB', 2 ** 10))


def human_size(size):
    for unit, factor in _UNIT_SIZES:
        if size >= factor and size % factor == 0:
            return '%d %s' % (size // factor, unit)
    return '%d B' % size


def rounded_size(size):
    """The library's roundedSize: exact where a unit divides the count, else a tenth of the largest unit that fits (halves rounded up, as JavaScript's toFixed)."""
    exact = human_size(size)
    if not exact.endswith(' B') or size < 1024:
        return exact
    unit, factor = next((unit, factor) for unit, factor in _UNIT_SIZES if size >= factor)
    return '%s %s' % ((Decimal(size) / Decimal(factor)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP), unit)


def _size_text(size):
    return '%s (%s bytes)' % (rounded_size(size), hex(size))


def _number(value):
    return int(value, 16) if isinstance(value, str) else value


def _version_holds(found, operator, wanted):
    if operator in ('=', '!='):
        equal = all(index < len(found) and found[index] == part for index, part in enumerate(wanted))
        return equal if operator == '=' else not equal
    order = next((sign for sign in ((found[index] if index < len(found) else 0) - (wanted[index] if index < len(wanted) else 0) for index in range(3)) if sign != 0), 0)
    return _COMPARE[operator]((order > 0) - (order < 0), 0)


def check_one(expectation, report, dump):
    """(met, found) of one parsed expectation against a report and the dump's facts (None when the dump could not be read)."""
    if dump is None:
        first = report['problems'][0] if report['problems'] else None
        return False, 'the dump could not be read (%s)' % ('no details' if first is None else '%s: %s' % (first['code'], first['message']))
    memory = dump['memory']
    if expectation['kind'] == 'flag':
        flag = expectation['flag']
        if flag == 'valid':
            return report['valid'], 'valid' if report['valid'] else '%d error(s), first %s' % (report['errorCount'], report['problems'][0]['code'])
        if flag == 'no-warnings':
            count = report['errorCount'] + report['warningCount']
            first = next((problem for problem in report['problems'] if problem['severity'] != 'info'), None)
            return count == 0, 'no errors or warnings' if count == 0 else '%d error(s) and %d warning(s), first %s' % (report['errorCount'], report['warningCount'], first['code'])
        if flag == 'no-truncation':
            missing = _number(memory['missingBytes'])
            truncated = missing > 0 or any(problem['code'] == 'TRUNCATED_DUMP' for problem in report['problems'])
            return not truncated, '%s bytes missing from the file' % hex(missing) if truncated else 'every byte is in the file'
        cpus = dump['cpus']
        undecoded = [str(cpu['index']) for cpu in cpus if cpu['registers'] is None]
        met = bool(cpus) and not undecoded
        return met, 'no vCPU notes' if not cpus else 'all %d decoded' % len(cpus) if met else 'vCPU(s) %s not decoded' % ', '.join(undecoded)
    key, operator, value = expectation['key'], expectation['operator'], expectation['value']
    descriptor = dump['descriptor']
    if key == 'cpus':
        found = len(dump['cpus'])
        declared = ' (the descriptor says %d)' % descriptor['cpuCount'] if descriptor is not None and descriptor['cpuCount'] != found else ''
        return _COMPARE[operator](found, value), '%d%s' % (found, declared)
    if key in ('ram', 'data', 'mmio'):
        found = _number({'ram': memory['ramBytes'], 'data': memory['fileDataBytes'], 'mmio': memory['byKind']['mmio']}[key])
        return _COMPARE[operator](found, value), _size_text(found)
    if key == 'ranges':
        return _COMPARE[operator](len(dump['ranges']), value), str(len(dump['ranges']))
    if key == 'producer':
        return (dump['producer'] == value) == (operator == '='), dump['producer']
    if key in ('os', 'kernel'):
        # naming the kernel walks the vCPU's page tables, which this package does not do
        return False, 'not looked for: the Python package does not walk page tables, which naming the guest kernel needs (use vboxcore info or validate --expect)'
    if key == 'layout':
        names = ['not decoded' if cpu['registers'] is None else cpu['registers']['layout']['name'] if cpu['registers']['producer'] == 'virtualbox' else 'qemu' for cpu in dump['cpus']]
        holds = bool(names) and all((name == value) == (operator == '=') for name in names)
        return holds, 'no vCPU notes' if not names else ', '.join(dict.fromkeys(names))
    if descriptor is None:
        return False, 'no VBCORE descriptor (no %s)' % {'version': 'VirtualBox version', 'revision': 'revision', 'format': 'format version'}[key]
    if key == 'version':
        version = descriptor['vboxVersion']
        return _version_holds((version['major'], version['minor'], version['build']), operator, value), version['text']
    if key == 'revision':
        return _COMPARE[operator](descriptor['vboxRevision'], value), str(descriptor['vboxRevision'])
    return _COMPARE[operator](descriptor['formatVersion'], value), hex(descriptor['formatVersion'])


def check(dump, *expectations):
    """Each expectation as (text, met, found); `dump` is what `open_dump` returns."""
    parsed = [parse_expectation(text) for text in expectations]
    return [(expectation['text'],) + check_one(expectation, dump['report'], dump) for expectation in parsed]


def expect(dump, *expectations):
    """Raises ExpectationNotMet, naming every expectation not met and what was found, unless all hold."""
    unmet = [(text, found) for text, met, found in check(dump, *expectations) if not met]
    if unmet:
        raise ExpectationNotMet('%s does not meet %s:\n%s' % (dump['path'], ', '.join(expectations), '\n'.join('  %s: not met, found %s' % pair for pair in unmet)))
