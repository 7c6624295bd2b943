/**
 * `--csv` on info, maps and cpus: read back by Python's csv module (a reader this project did not
 * write), every cell equal to the value `--json` gives for the same field.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cliProcess } from './helpers';

const sample = path.resolve(__dirname, '..', 'samples', 'small-guest.elf');

/** Rows as Python's csv.DictReader reads them. */
function readByPython(text: string): Record<string, string>[] {
  const result = spawnSync('/usr/bin/python3', ['-c', 'import csv, json, sys; print(json.dumps(list(csv.DictReader(sys.stdin))))'], { input: text, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, string>[];
}

/** A JSON leaf as its CSV cell: null is empty, the rest as text. */
const asCell = (value: unknown): string => (value === null ? '' : String(value));

function leaves(value: unknown, where = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((element, index) => leaves(element, `${where}[${index}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => leaves(inner, where === '' ? key : `${where}.${key}`));
  return [[where, value]];
}

test('info --csv: one row per range, each cell what --json says (the BIOS range\'s reason, which holds a comma, quoted)', () => {
  const csv = cliProcess('info', sample, '--csv');
  expect(csv.status).toBe(0);
  expect(csv.stdout.split('\n')[0]).toBe('index,programHeaderIndex,physicalStart,physicalEnd,size,fileOffset,declaredFileBytes,presentBytes,kind,kindReason,region');
  expect(csv.stdout).toContain(',rom,"ends at 4 GiB, at most 1 MiB: BIOS shadow",');
  const ranges = JSON.parse(cliProcess('info', sample, '--json').stdout).ranges as Record<string, unknown>[];
  expect(readByPython(csv.stdout)).toEqual(ranges.map((range) => Object.fromEntries(Object.entries(range).map(([key, value]) => [key, asCell(value)]))));
});

test('maps --csv: one row per mapping, as --json', () => {
  const csv = cliProcess('maps', sample, '--csv');
  expect(csv.status).toBe(0);
  const mappings = JSON.parse(cliProcess('maps', sample, '--json').stdout).mappings as Record<string, unknown>[];
  expect(mappings.length).toBeGreaterThan(2);
  expect(readByPython(csv.stdout)).toEqual(mappings.map((mapping) => Object.fromEntries(Object.entries(mapping).map(([key, value]) => [key, asCell(value)]))));
});

test('cpus --csv: every register and decoded field, one row each (cpu, field, value), as --json', () => {
  const csv = cliProcess('cpus', sample, '--csv');
  expect(csv.status).toBe(0);
  const views = JSON.parse(cliProcess('cpus', sample, '--json').stdout).cpus as { index: number; registers: unknown; decoded: unknown }[];
  const expected = views.flatMap((view) => leaves({ registers: view.registers, decoded: view.decoded }).map(([field, value]) => ({ cpu: String(view.index), field, value: asCell(value) })));
  const rows = readByPython(csv.stdout);
  expect(rows).toEqual(expected);
  expect(rows).toContainEqual({ cpu: '1', field: 'registers.control.cr3', value: '0x10000' });
});

test('--csv with --json (or a picture) is a usage error', () => {
  for (const args of [['info', sample, '--csv', '--json'], ['cpus', sample, '--csv', '--json'], ['maps', sample, '--csv', '--svg', '-']]) {
    const result = cliProcess(...args);
    expect(result.status).toBe(2);
    // Under --json the error itself is a JSON document; either way it names both options.
    expect(result.stderr).toMatch(/INVALID_ARGUMENT.*option '--csv' cannot be used with option '--(json|svg <file>)'/);
  }
});
