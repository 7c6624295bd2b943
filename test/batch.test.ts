/**
 * Many dumps in one run: validate with patterns, --jobs and JSON Lines, and the library's
 * validateDumps. Results in threads equal results one after another; a dump that cannot be read
 * never stops the others; the exit status is the worst.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, layoutSample } from '../src/builder';
import { validateDumps } from '../src/batch/validate-dumps';
import { expandDumpNames } from '../src/batch/dump-names';
import { cli, cliProcess, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const folder = scratch.path('batch');
fs.mkdirSync(folder);
const good = Array.from({ length: 6 }, (_unused, index) => buildDump(path.join(folder, `guest-${index}.elf`), { ...layoutSample(), cpuCount: 1 + (index % 3) }).path);
const cut = path.join(folder, 'guest-cut.elf');
fs.copyFileSync(good[0], cut);
fs.truncateSync(cut, 700_000);
fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a dump');

test('a quoted pattern is expanded by vboxcore, sorted; one that matches nothing stays, to be reported', async () => {
  expect(await expandDumpNames([path.join(folder, 'guest-[0-2].elf'), 'samples/small-guest.elf', path.join(folder, 'none-*.elf')])).toEqual([
    path.join(folder, 'guest-0.elf'), path.join(folder, 'guest-1.elf'), path.join(folder, 'guest-2.elf'), 'samples/small-guest.elf', path.join(folder, 'none-*.elf'),
  ]);
});

test('validate --jobs 4 prints what --jobs 1 prints, in the order given; --json alike', async () => {
  const argv = ['validate', path.join(folder, '*.elf'), path.join(folder, 'notes.txt'), path.join(folder, 'none-*.elf'), '--expect', 'cpus>=2'];
  const one = await cli(...argv);
  const four = cliProcess(...argv, '--jobs', '4');
  expect(four.stdout).toBe(one.stdout);
  expect(one.stdout.split('\n')[0]).toBe(`${path.join(folder, 'guest-0.elf')}: valid`);
  expect(one.stdout).toContain(`${path.join(folder, 'none-*.elf')}: INVALID: error FILE_UNREADABLE`);
  // Unreadable dumps outrank the rest.
  expect([one.status, four.status]).toEqual([2, 2]);
  const jsonOne = JSON.parse((await cli(...argv, '--json')).stdout);
  const jsonFour = JSON.parse(cliProcess(...argv, '--json', '--jobs', '3').stdout);
  expect(jsonFour).toEqual(jsonOne);
  expect(jsonOne.reports.map((report: { path: string }) => path.basename(report.path))).toEqual(['guest-0.elf', 'guest-1.elf', 'guest-2.elf', 'guest-3.elf', 'guest-4.elf', 'guest-5.elf', 'guest-cut.elf', 'notes.txt', 'none-*.elf']);
});

test('--jsonl: one line per dump as it is done (each naming its place in the list), then the summary; the worst exit', async () => {
  const result = cliProcess('validate', ...good, cut, '--jsonl', '--jobs', '3', '--expect', 'cpus=2');
  const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines).toHaveLength(good.length + 2);
  const dumps = lines.slice(0, -1);
  expect(dumps.map((line) => line.index).sort((a: number, b: number) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  for (const line of dumps) expect(line.path).toBe([...good, cut][line.index]);
  // guest-1 and guest-4 have 2 vCPUs; the cut dump is invalid.
  expect(lines[lines.length - 1]).toEqual({ command: 'validate-summary', schemaVersion: 1, dumps: 7, valid: 6, invalid: 1, unreadable: 0, expectationsNotMet: 5, withWarnings: 0, strict: false, exitStatus: 1 });
  expect(result.status).toBe(1);
});

test('--jobs must be a whole number from 1 to 256; --json and --jsonl exclude each other', async () => {
  for (const jobs of ['0', '257', 'two', '1.5']) {
    const result = await cli('validate', good[0], '--jobs', jobs);
    expect([result.status, result.stderr]).toEqual([2, `vboxcore: INVALID_ARGUMENT: --jobs ${JSON.stringify(jobs)} is not a whole number from 1 to 256\n`]);
  }
  expect((await cli('validate', good[0], '--json', '--jsonl')).status).toBe(2);
  // Under --jsonl, as under --json, an error is a JSON document on standard error.
  const jsonError = await cli('validate', good[0], '--jsonl', '--jobs', 'x');
  expect(JSON.parse(jsonError.stderr)).toMatchObject({ command: 'error', error: { code: 'INVALID_ARGUMENT', exitStatus: 2 } });
});

test('the library: validateDumps yields every dump once, in threads too, with digests when asked', async () => {
  const seen: { index: number; valid: boolean; hashed: boolean }[] = [];
  for await (const check of validateDumps([...good, cut, path.join(folder, 'missing.elf')], { jobs: 4, hash: ['sha256'], expectations: ['cpus>=1'] })) {
    seen.push({ index: check.index, valid: check.report.valid, hashed: check.hashes !== null });
  }
  seen.sort((a, b) => a.index - b.index);
  expect(seen).toEqual([...good.map((_unused, index) => ({ index, valid: true, hashed: true })), { index: 6, valid: false, hashed: true }, { index: 7, valid: false, hashed: false }]);
  await expect(async () => {
    for await (const check of validateDumps(good, { expectations: ['cpus=>2'] })) void check;
  }).rejects.toThrow(/cpus=>2/);
  await expect(async () => {
    for await (const check of validateDumps(good, { jobs: 0 })) void check;
  }).rejects.toThrow(/jobs is a whole number/);
});

test('info of several dumps: each report in turn (a blank line between), JSON Lines with --json, an unreadable one named on stderr and the worst exit', async () => {
  const [first, second] = [await cli('info', good[0]), await cli('info', good[1])];
  const both = await cli('info', good[0], good[1], path.join(folder, 'missing.elf'));
  expect(both.stdout).toBe(`${first.stdout}\n${second.stdout}\n`);
  expect(both.stderr).toBe(`vboxcore: FILE_UNREADABLE: ${path.join(folder, 'missing.elf')}: cannot read: no such file\n`);
  expect(both.status).toBe(2);
  const json = await cli('info', path.join(folder, 'guest-[01].elf'), cut, '--json');
  const documents = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(documents.map((document) => [document.command, path.basename(document.path)])).toEqual([['info', 'guest-0.elf'], ['info', 'guest-1.elf'], ['info', 'guest-cut.elf']]);
  expect(documents[0]).toEqual(JSON.parse((await cli('info', good[0], '--json')).stdout));
  expect(json.status).toBe(1);
  const csv = await cli('info', good[0], good[1], '--csv');
  expect([csv.status, csv.stderr]).toEqual([2, 'vboxcore: INVALID_ARGUMENT: --csv lists the ranges of one dump; 2 were given\n']);
});
