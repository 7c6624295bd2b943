import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDump, PROBLEMS, validateDump, VboxCoreError } from '../src';
import { corpus } from './corpus';
import { BUILT_CLI, cli, CliResult, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const entries = corpus(scratch.path);

function expectCleanStderr(result: CliResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stderr).not.toMatch(/INTERNAL_ERROR/);
  for (const line of result.stderr.split('\n').filter((text) => text !== '')) expect(line).toMatch(/^vboxcore: /);
}

function outputsLeft(directory: string): string[] {
  return fs.readdirSync(directory).filter((name) => name.startsWith('export-') || name.includes('vboxcore-tmp'));
}

describe.each(entries.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
  const { file } = entry.make();
  // What the library says decides what each command must do: the first problem that stops
  // reading (it may be another than the entry's own), or a report to show.
  const report = validateDump(file);
  let stopper: VboxCoreError | null = null;
  try {
    openDump(file).close();
  } catch (error) {
    stopper = error as VboxCoreError;
  }

  test('the library: its code in the report, and a typed error when it stops reading', () => {
    expect(report.problems.map((problem) => problem.code)).toContain(entry.code);
    if (stopper !== null) expect(stopper).toBeInstanceOf(VboxCoreError);
    if (PROBLEMS[entry.code].fatal) expect(stopper?.code).toBe(entry.code);
  });

  test('validate: its code on one line, exit 1 when invalid (2 when unreadable)', async () => {
    const result = await cli('validate', file);
    expect(result.stdout).toContain(entry.code);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.status).toBe(report.fileSize === null ? 2 : report.valid ? 0 : 1);
    expectCleanStderr(result);
  });

  test('info: one error line when reading stops, else the code in the report', async () => {
    const result = await cli('info', file);
    expectCleanStderr(result);
    if (stopper !== null) {
      expect(result.stderr).toMatch(new RegExp(`^vboxcore: ${stopper.code}: .+\\n$`));
      expect(result.status).toBe(stopper.exitStatus);
      expect(result.stdout).toBe('');
    } else {
      expect(result.stdout).toContain(entry.code);
      expect(result.status).toBe(report.valid ? 0 : 1);
    }
  });

  test('translate and read: the stopping code, else an answer or a named hole', async () => {
    for (const argv of [['translate', file, '0x1000'], ['read', file, '--paddr', '0xffff0', '--length', '64']]) {
      const result = await cli(...argv);
      expectCleanStderr(result);
      if (stopper !== null) {
        expect(result.stderr).toMatch(new RegExp(`^vboxcore: ${stopper.code}: `));
        expect(result.status).toBe(stopper.exitStatus);
      } else {
        expect([0, 1]).toContain(result.status);
        if (result.status === 1) expect(result.stderr).toMatch(/vboxcore: (PHYSICAL_HOLE|UNMAPPED_ADDRESS): /);
      }
    }
  });

  test('export: refused when reading stops or data is missing; never a partial file', async () => {
    const directory = path.dirname(scratch.path('x'));
    const output = scratch.path(`export-${entry.code}.raw`);
    const result = await cli('export', file, output);
    expectCleanStderr(result);
    const truncated = report.problems.some((problem) => problem.code === 'TRUNCATED_DUMP');
    // PT_LOADs the reading left out (unusable fields) would be missing from the output
    let ignored = false;
    if (stopper === null) {
      const dump = openDump(file);
      ignored = dump.programHeaders.filter((entry) => entry.typeName === 'LOAD').length > dump.ranges.length;
      dump.close();
    }
    const refusal = stopper?.code ?? (ignored ? 'RANGES_IGNORED' : truncated ? 'TRUNCATED_DUMP' : null);
    if (refusal !== null) {
      expect(result.stderr).toMatch(new RegExp(`^vboxcore: ${refusal}: `));
      expect(result.status).toBe(stopper?.exitStatus ?? 1);
      expect(fs.existsSync(output)).toBe(false);
    } else if (result.status !== 0) {
      // a layout no filesystem can hold (a range at 2^52): refused cleanly, nothing left
      expect(result.stderr).toMatch(/^vboxcore: WRITE_FAILED: .+\n$/);
      expect(fs.existsSync(output)).toBe(false);
    }
    fs.rmSync(output, { force: true });
    expect(outputsLeft(directory)).toEqual([]);
  });
});

test('the whole corpus through one real process: one line each, no crash', () => {
  const files = entries.map((entry) => entry.make().file);
  const result = spawnSync(process.execPath, [BUILT_CLI, 'validate', ...files], { encoding: 'utf8', timeout: 60000 });
  expect(result.status).toBe(2); // the missing file makes it 2
  expect(result.stderr).toBe('');
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(entries.length);
  lines.forEach((line, index) => expect(line).toContain(entries[index].code));
});

test('the corpus has at least 40 named entries', () => {
  expect(entries.length).toBeGreaterThanOrEqual(40);
  expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
});
