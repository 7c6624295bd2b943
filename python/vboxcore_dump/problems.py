"""The problem codes, their severity, exit status and words: the catalogue of vboxcore's src/problems.ts.

data/problem-codes.json is written from that catalogue (`npm run shared-definitions`; a test keeps
the two equal), so a code means the same here as in `vboxcore validate`.
"""
import json
import os

with open(os.path.join(os.path.dirname(__file__), 'data', 'problem-codes.json'), encoding='utf-8') as _file:
    CATALOGUE = json.load(_file)['codes']

PROBLEMS_LISTED_PER_CODE = 16


class VboxcoreError(Exception):
    """The one exception vboxcore_dump raises on purpose.

    `code` is one of vboxcore's stable problem codes (FILE_UNREADABLE, NOT_ELF, TRUNCATED_DUMP...),
    `file_offset` and `field` say where the offending bytes are when they are in the file, and
    `exit_status` is what `vboxcore` would exit with. str(error) is the message.
    """

    __module__ = 'vboxcore_dump'  # as tracebacks and pytest name it: where users import it from

    def __init__(self, code, message, file_offset=None, field=None, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.file_offset = file_offset
        self.field = field
        self.details = details

    @property
    def severity(self):
        return CATALOGUE[self.code]['severity']

    @property
    def exit_status(self):
        return CATALOGUE[self.code]['exitStatus']

    @property
    def meaning(self):
        return CATALOGUE[self.code]['meaning']


class InspectionStopped(Exception):
    """Raised inside the inspection after a fatal problem is recorded; never escapes the package."""

    def __init__(self, problem):
        super().__init__(problem['message'])
        self.problem = problem


class ProblemCollector:
    """Every problem found, 16 of a code listed one by one and the rest counted in one line, as the library does."""

    def __init__(self):
        self._listed = []
        self._unlisted = {}
        self._per_code = {}

    def add(self, code, message, file_offset=None, field=None, details=None):
        problem = {'code': code, 'severity': CATALOGUE[code]['severity'], 'message': message, 'fileOffset': file_offset, 'field': field}
        if details is not None:
            problem['details'] = details
        seen = self._per_code.get(code, 0)
        self._per_code[code] = seen + 1
        if seen < PROBLEMS_LISTED_PER_CODE or CATALOGUE[code]['fatal']:
            self._listed.append(problem)
        elif code in self._unlisted:
            self._unlisted[code]['count'] += 1
        else:
            self._unlisted[code] = {'count': 1, 'first': problem}
        return problem

    def stop(self, code, message, file_offset=None, field=None, details=None):
        raise InspectionStopped(self.add(code, message, file_offset, field, details))

    def has(self, code):
        return code in self._per_code

    @property
    def problems(self):
        summaries = []
        for code, entry in self._unlisted.items():
            first = entry['first']
            summaries.append({'code': code, 'severity': CATALOGUE[code]['severity'],
                              'message': '%d more %s problem(s) like the ones above, not listed one by one (the first: %s)' % (entry['count'], code, first['message']),
                              'fileOffset': first['fileOffset'], 'field': first['field'], 'details': {'count': entry['count']}})
        return self._listed + summaries


def report_first_few(items, limit, report_one, report_rest):
    """Reports the first `limit` items one by one and the rest as one count."""
    for item in items[:limit]:
        report_one(item)
    if len(items) > limit:
        report_rest(items[limit], len(items) - limit)


def report_of(path, file_size, found):
    """A validation report: the problem that stopped the reading first (it explains the others), then the rest in order."""
    problems = [problem for problem in found if CATALOGUE[problem['code']]['fatal']] + [problem for problem in found if not CATALOGUE[problem['code']]['fatal']]
    count = lambda severity: sum(1 for problem in problems if problem['severity'] == severity)  # noqa: E731
    errors = count('error')
    return {'path': path, 'fileSize': file_size, 'valid': errors == 0, 'errorCount': errors, 'warningCount': count('warning'),
            'infoCount': count('info'), 'problems': problems}


def hex_text(value):
    return hex(value)
