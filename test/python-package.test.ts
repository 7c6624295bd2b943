/**
 * The Python package (vboxcore_dump) under the CLI's limits: no raw exception on any file, only
 * VboxcoreError with the library's codes; special files refused at once; hostile sizes read no
 * more than the CLI reads; and the conformance corpus passed whole (walks skipped, said why).
 * With Debian's python3 and python3-kaitaistruct, as `make test` installs them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, programHeaderOffset } from '../src/builder';
import { validateDump } from '../src';
import { corpus } from './corpus';
import { CORPUS } from './conformance/runner';
import { readmeSurfaceRow, surfaceRow } from './conformance/readme-table';
import { writeSurfaceSummary } from './conformance/results';
import { scratchDirectory, writeU16, writeU64 } from './helpers';

const SYSTEM_PYTHON = '/usr/bin/python3';
const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
jest.setTimeout(120_000);

const PROBE = `
import json, sys, time
from vboxcore_dump import VboxcoreError, open_dump, validate
results = []
for path in sys.argv[1:]:
    started = time.monotonic()
    try:
        with open_dump(path) as dump:
            outcome = {'opened': True, 'problems': [problem['code'] for problem in dump['report']['problems']]}
    except VboxcoreError as error:
        outcome = {'opened': False, 'code': error.code, 'message': str(error), 'exitStatus': error.exit_status}
    outcome['validate'] = [problem['code'] for problem in validate(path)['problems']]
    outcome['seconds'] = time.monotonic() - started
    results.append(outcome)
# VmHWM is this process image's own peak: ru_maxrss would carry over the Node process it was forked from
with open('/proc/self/status') as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
results.append({'maxRssKiB': peak})
print(json.dumps(results))
`;

/** Opens and validates each file with the package; any exception but VboxcoreError fails the process. */
function probe(files: string[]): { results: { opened: boolean; code?: string; message?: string; exitStatus?: number; problems?: string[]; validate: string[]; seconds: number }[]; maxRssKiB: number } {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', PROBE, ...files], { encoding: 'utf8', timeout: 100_000, maxBuffer: 256 * 1024 ** 2, env: { ...process.env, PYTHONPATH: [path.join(projectRoot, 'python'), path.join(projectRoot, 'generated', 'python')].join(':') } });
  if (result.status !== 0) throw new Error(`the package raised: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as unknown[];
  return { results: parsed.slice(0, -1) as never, maxRssKiB: (parsed[parsed.length - 1] as { maxRssKiB: number }).maxRssKiB };
}

test('every file of the malformed corpus: the library\'s codes, never a raw exception', () => {
  const entries = corpus(scratch.path);
  const files = entries.map((entry) => entry.make().file);
  const { results } = probe(files);
  results.forEach((outcome, index) => {
    const report = validateDump(files[index]);
    expect({ entry: entries[index].name, validate: outcome.validate }).toEqual({ entry: entries[index].name, validate: report.problems.map((problem) => problem.code) });
  });
});

test('hostile files: a FIFO, a folder, a pseudo-file, a 2^40 note segment, e_phentsize 0 with 65535 entries, note names of bytes >= 0x80', () => {
  const fifo = scratch.path('dump.fifo');
  spawnSync('mkfifo', [fifo]);
  fs.mkdirSync(scratch.path('folder'));
  const bigNote = buildDump(scratch.path('big-note.elf'), { ranges: [{ physicalAddress: 0, size: 0x1000 }], fill: 'none' });
  writeU64(bigNote.path, programHeaderOffset(bigNote, 0) + 32, 1n << 40n);
  const zeroEntries = buildDump(scratch.path('zero-phentsize.elf'), { ranges: [{ physicalAddress: 0, size: 0x1000 }], fill: 'none' });
  writeU16(zeroEntries.path, 54, 0);
  writeU16(zeroEntries.path, 56, 65535);
  const highNames = buildDump(scratch.path('high-names.elf'), { ranges: [{ physicalAddress: 0, size: 0x1000 }], cpuCount: 2, fill: 'none' });
  const fd = fs.openSync(highNames.path, 'r+');
  fs.writeSync(fd, Buffer.from([0xe9, 0xff, 0x80, 0x81, 0xfe]), 0, 5, highNames.cpuNoteOffsets[1] + 12);
  fs.closeSync(fd);
  const started = Date.now();
  const { results, maxRssKiB } = probe([fifo, scratch.path('folder'), '/proc/self/status', bigNote.path, zeroEntries.path, highNames.path, scratch.path('missing.elf')]);
  expect(Date.now() - started).toBeLessThan(20_000);
  const [fifoResult, folder, pseudo, note, entries, names, missing] = results;
  expect(fifoResult).toMatchObject({ opened: false, code: 'FILE_UNREADABLE', message: expect.stringMatching(/a FIFO \(named pipe\), not a file/), exitStatus: 2 });
  expect(folder).toMatchObject({ opened: false, code: 'FILE_UNREADABLE', message: expect.stringMatching(/a directory, not a file/) });
  expect(pseudo).toMatchObject({ opened: false, code: 'FILE_UNREADABLE', message: expect.stringMatching(/a pseudo-file/) });
  expect(note).toMatchObject({ opened: true, problems: expect.arrayContaining(['NOTE_SEGMENT_TOO_LARGE']) });
  expect(entries).toMatchObject({ opened: false, code: 'BAD_PHENTSIZE' });
  expect(names).toMatchObject({ opened: true, problems: ['UNKNOWN_NOTE', 'CPU_COUNT_MISMATCH'] });
  expect(validateDump(highNames.path).problems.map((problem) => problem.code)).toEqual(['UNKNOWN_NOTE', 'CPU_COUNT_MISMATCH']);
  expect(missing).toMatchObject({ opened: false, code: 'FILE_UNREADABLE', message: expect.stringMatching(/no such file/) });
  for (const outcome of results) expect(outcome.seconds).toBeLessThan(5);
  // nothing read whole: the 2^40 note and the 65535 entries cost no memory
  expect(maxRssKiB).toBeLessThan(200 * 1024);
});

test('the conformance corpus through the package: every case passed, walks skipped with the reason, the grammar table alike', () => {
  const result = spawnSync(SYSTEM_PYTHON, ['-m', 'vboxcore_dump.conformance', CORPUS, '--json'], { encoding: 'utf8', timeout: 100_000, maxBuffer: 64 * 1024 ** 2, env: { ...process.env, PYTHONPATH: [path.join(projectRoot, 'python'), path.join(projectRoot, 'generated', 'python')].join(':') } });
  const summary = JSON.parse(result.stdout);
  writeSurfaceSummary(summary);
  expect(summary.failures).toEqual([]);
  expect(result.status).toBe(0);
  expect(summary.passed).toBe(summary.cases);
  expect(summary.skipReasons).toEqual([expect.stringMatching(/^walk: this package reads physical memory only/)]);
  expect(summary.grammarPassed).toBe(summary.grammarCases);
  expect(readmeSurfaceRow(summary.surface)).toBe(surfaceRow(summary));
});
