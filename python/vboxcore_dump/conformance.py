"""Runs vboxcore's conformance corpus through this package, as any implementation can run it.

    python3 -m vboxcore_dump.conformance CORPUS_FOLDER [--json]

CORPUS_FOLDER is `conformance/` of a vboxcore clone or npm package: index.json lists the cases,
cases/<id>.json holds what each dump must give (case.schema.json says how). Every question of a
case is one check: passed, failed, or skipped with the reason (this package walks no page
tables). Exit status 0 when nothing failed, 1 otherwise.
"""
import hashlib
import json
import os
import sys

from .expectations import check_one, parse_expectation
from .problems import VboxcoreError
from .reader import inspect_path, json_view, open_dump

SURFACE = 'Python package (vboxcore_dump)'
WALKS_SKIPPED = 'this package reads physical memory only; it walks no page tables (the CLI\'s vtop and the library do)'


class _Skip(Exception):
    pass


def _pick(expected, actual):
    """The keys `expected` names, taken from `actual` (a case expects a subset of the registers)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {key: _pick(expected[key], actual.get(key)) for key in expected}
    return actual


def _verdict(problems, stops):
    if stops is not None:
        return 'unreadable'
    if any(problem['severity'] == 'error' for problem in problems):
        return 'invalid'
    if any(problem['severity'] == 'warning' for problem in problems):
        return 'valid-with-warnings'
    return 'valid'


def run_case(case, path):
    """Every check of one case, as (check, status, detail)."""
    results = []

    def compare(check, expected, answer):
        try:
            actual = answer()
        except _Skip as skip:
            results.append((check, 'skip', str(skip)))
            return
        except Exception as error:  # noqa: BLE001 - a crash is a failed check, named
            results.append((check, 'fail', 'raised %s: %s' % (type(error).__name__, error)))
            return
        results.append((check, 'pass', None) if actual == expected else (check, 'fail', 'expected %s, got %s' % (json.dumps(expected), json.dumps(actual))))

    dump, stops = None, None
    try:
        dump = open_dump(path)
    except VboxcoreError as error:
        stops = error.code
    try:
        report = json_view(inspect_path(path)[0])
        problems = [{'code': problem['code'], 'severity': problem['severity'], 'fileOffset': problem['fileOffset'], 'field': problem['field']} for problem in report['problems']]
        compare('verdict', {'verdict': case['verdict'], 'stops': case['stops']}, lambda: {'verdict': _verdict(problems, stops), 'stops': stops})
        compare('problems', case['problems'], lambda: problems)
        if case['verdict'] != 'unreadable':
            compare('producer', case['producer'], lambda: dump['producer'])
            compare('descriptor', case['descriptor'], lambda: None if dump['descriptor'] is None else {key: dump['descriptor'][key] if key != 'vboxVersion' else dump['descriptor'][key]['text'] for key in ('magic', 'formatVersion', 'vboxVersion', 'vboxRevision', 'cpuCount')})
            compare('ranges', case['ranges'], lambda: [{key: item[key] for key in ('programHeaderIndex', 'physicalStart', 'physicalEnd', 'size', 'fileOffset', 'declaredFileBytes', 'presentBytes', 'kind')} for item in dump['ranges']])
            memory = dump['memory']
            compare('memory', case['memory'], lambda: {'ramBytes': memory['ramBytes'], 'ramPresentBytes': memory['ramPresentBytes'], 'fileDataBytes': memory['fileDataBytes'], 'missingBytes': memory['missingBytes'], 'mmioBytes': memory['byKind']['mmio']})

            def cpus():
                found = []
                for index, cpu in enumerate(dump['cpus']):
                    registers = cpu['registers']
                    layout = None if registers is None else 'qemu' if registers['producer'] == 'qemu' else registers['layout']['name']
                    wanted = case['cpus'][index]['registers'] if index < len(case['cpus']) else None
                    found.append({'index': cpu['index'], 'layout': layout, 'registers': None if registers is None else _pick(wanted, registers) if wanted is not None else 'decoded'})
                return found
            compare('cpus', case['cpus'], cpus)
            for read in case.get('reads', []):
                expected = {'sha256': read['sha256']} if 'sha256' in read else {'error': read['error']}

                def answer(read=read):
                    try:
                        return {'sha256': hashlib.sha256(dump.read_physical(int(read['physicalAddress'], 16), read['length'], read.get('zeroHoles', False))).hexdigest()}
                    except VboxcoreError as error:
                        return {'error': error.code}
                compare('read %s+%d%s' % (read['physicalAddress'], read['length'], ' zero-holes' if read.get('zeroHoles') else ''), expected, answer)
            for translation in case.get('translations', []):
                expected = {'error': translation['error']} if 'error' in translation else {'fileOffset': translation['fileOffset'], 'range': translation['range']}

                def answer(translation=translation):
                    try:
                        found = dump.translate(int(translation['physicalAddress'], 16))
                        return {'fileOffset': hex(found['fileOffset']), 'range': found['range']}
                    except VboxcoreError as error:
                        return {'error': error.code}
                compare('translate %s' % translation['physicalAddress'], expected, answer)
            for walk in case.get('walks', []):
                results.append(('walk cpu %d %s' % (walk['cpu'], walk['virtualAddress']), 'skip', WALKS_SKIPPED))
        for expectation in case['expectations']:
            compare('expect %s' % expectation['expectation'], expectation['met'], lambda text=expectation['expectation']: check_one(parse_expectation(text), report, dump)[0])
    finally:
        if dump is not None:
            dump.close()
    return results


def run_grammar(folder):
    """The table of --expect expressions both implementations must accept (with the value given) or refuse."""
    with open(os.path.join(folder, 'expectation-cases.json'), encoding='utf-8') as file:
        cases = json.load(file)['cases']
    results = []
    for case in cases:
        try:
            parsed = parse_expectation(case['text'])
            found = {'kind': 'flag', 'flag': parsed['flag']} if parsed['kind'] == 'flag' else {key: parsed[key] for key in ('kind', 'key', 'operator', 'value')}
            ok = 'parsed' in case and found == case['parsed']
            results.append(('grammar %r' % case['text'], 'pass' if ok else 'fail', None if ok else 'parsed as %s, expected %s' % (json.dumps(found), json.dumps(case.get('parsed') or 'refused'))))
        except VboxcoreError as error:
            ok = 'refused' in case and error.code == 'INVALID_ARGUMENT' and case['refused'] in str(error)
            results.append(('grammar %r' % case['text'], 'pass' if ok else 'fail', None if ok else 'refused (%s), expected %s' % (error, json.dumps(case.get('parsed') or case.get('refused')))))
    return results


def run(folder):
    """The summary of the whole corpus: cases passed whole, checks, skips with their reasons, failures."""
    with open(os.path.join(folder, 'index.json'), encoding='utf-8') as file:
        index = json.load(file)
    cases_passed, checks, skipped, reasons, failures = 0, 0, 0, [], []
    for entry in index['cases']:
        with open(os.path.join(folder, 'cases', '%s.json' % entry['id']), encoding='utf-8') as file:
            case = json.load(file)
        path = os.path.join(folder, 'cases', case['file'] if case['file'] is not None else '%s.missing' % case['id'])
        results = run_case(case, path)
        checks += len(results)
        if all(status != 'fail' for _, status, _ in results):
            cases_passed += 1
        for check, status, detail in results:
            if status == 'skip':
                skipped += 1
                reason = '%s: %s' % (check.split(' ')[0], detail)
                if reason not in reasons:
                    reasons.append(reason)
            elif status == 'fail':
                failures.append('%s %s: %s' % (case['id'], check, detail))
    grammar = run_grammar(folder)
    failures += ['expectation-cases %s: %s' % (check, detail) for check, status, detail in grammar if status == 'fail']
    return {'surface': SURFACE, 'cases': len(index['cases']), 'passed': cases_passed, 'checks': checks, 'skipped': skipped, 'skipReasons': reasons,
            'grammarCases': len(grammar), 'grammarPassed': sum(1 for _, status, _ in grammar if status == 'pass'), 'failures': failures}


def main(argv):
    if not argv or argv[0] in ('-h', '--help'):
        sys.stdout.write(__doc__)
        return 0 if argv else 2
    summary = run(argv[0])
    if '--json' in argv:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write('\n')
    else:
        sys.stdout.write('%s: %d of %d cases passed (%d checks, %d skipped); expectation grammar: %d of %d\n' % (summary['surface'], summary['passed'], summary['cases'], summary['checks'], summary['skipped'], summary['grammarPassed'], summary['grammarCases']))
        for reason in summary['skipReasons']:
            sys.stdout.write('  skipped %s\n' % reason)
        for failure in summary['failures']:
            sys.stdout.write('  FAILED %s\n' % failure)
    return 0 if not summary['failures'] else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
