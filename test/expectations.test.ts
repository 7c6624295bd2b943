/**
 * Memory totals, the expectation grammar of `validate --expect`, `--strict`, and the Jest/Vitest
 * matchers built on them, over dumps the builder writes (and the sample, cut and extended).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, layoutGuest, layoutSample } from '../src/builder';
import { openDump } from '../src/dump';
import { expectDump } from '../src/expectations/check';
import { parseExpectation, parseSize } from '../src/expectations/grammar';
import '../src/testing/jest'; // registers the matchers, as vboxcore/testing/jest does for users
import { cli, codeOf, scratchDirectory } from './helpers';
import { qemuCore } from './qemu-cores';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const sample = path.resolve(__dirname, '..', 'samples', 'small-guest.elf');
const cut = scratch.path('cut.elf');
fs.copyFileSync(sample, cut);
fs.truncateSync(cut, 700_000);
const trailing = scratch.path('trailing.elf');
fs.copyFileSync(sample, trailing);
fs.appendFileSync(trailing, Buffer.alloc(16, 0xee)); // TRAILING_DATA: a warning, nothing else
const oneCpu = buildDump(scratch.path('one-cpu.elf'), { ...layoutSample(), cpuCount: 1, cpus: [layoutSample().cpus![0]] }).path;
const qemu = scratch.path('qemu.elf');
fs.writeFileSync(qemu, qemuCore({ cpuCount: 2 }).bytes);

describe('memory totals', () => {
  test('the sample: RAM, VRAM, ROM, MMIO and the data in the file, each range counted once', () => {
    const dump = openDump(sample);
    try {
      expect(dump.memory).toEqual({ addressSpaceBytes: 0xc2000, byKind: { ram: 0xa0000, vram: 0x10000, rom: 0x10000, device: 0, mmio: 0x2000 }, ramBytes: 0xa0000, ramPresentBytes: 0xa0000, fileDataBytes: 0xc0000, missingBytes: 0, ramRegions: 2 });
      expect(dump.regions.map((region) => [region.kind, region.presentBytes])).toEqual([['ram', 0x80000], ['vram', 0x10000], ['mmio', 0], ['mmio', 0], ['rom', 0x10000], ['ram', 0x20000]]);
    } finally {
      dump.close();
    }
  });

  test('a truncated dump: the RAM it should have, and what is missing', () => {
    const dump = openDump(cut);
    try {
      expect(dump.memory).toMatchObject({ ramBytes: 0xa0000, ramPresentBytes: 0xa0000 - 104_540, missingBytes: 104_540 });
    } finally {
      dump.close();
    }
  });

  test('24 GiB of RAM in chunks: exact totals, the chunks above 4 GiB one region', () => {
    const built = buildDump(scratch.path('24g.elf'), { ...layoutGuest(24 * 2 ** 30), fill: 'none' });
    const dump = openDump(built.path);
    try {
      expect(dump.memory.ramBytes).toBe(24 * 2 ** 30);
      expect(dump.memory.ramRegions).toBe(2); // below the PCI hole, and the chunks above 4 GiB
      expect(dump.regions.filter((region) => region.kind === 'ram').map((region) => region.size)).toEqual([0xe000_0000, 24 * 2 ** 30 - 0xe000_0000]);
    } finally {
      dump.close();
    }
  });

  test('info prints them, info --json carries them as 0x strings', async () => {
    const text = await cli('info', sample);
    expect(text.stdout).toContain('Memory: 640 KiB RAM (0xa0000 bytes in 2 region(s)), 64 KiB VRAM, 64 KiB ROM, 8 KiB MMIO (no data); 768 KiB of data in the file\n');
    expect((await cli('info', cut)).stdout).toContain('Memory: 640 KiB RAM (0xa0000 bytes in 2 region(s), 0x1985c of them missing from the file)');
    const json = JSON.parse((await cli('info', sample, '--json')).stdout);
    expect(json.memory).toEqual({ addressSpaceBytes: '0xc2000', byKind: { ram: '0xa0000', vram: '0x10000', rom: '0x10000', device: '0x0', mmio: '0x2000' }, ramBytes: '0xa0000', ramPresentBytes: '0xa0000', fileDataBytes: '0xc0000', missingBytes: '0x0', ramRegions: 2 });
  });
});

describe('the expectation grammar', () => {
  test.each<[string, unknown]>([
    ['cpus=2', { key: 'cpus', operator: '=', value: 2 }],
    ['cpus = 2', { key: 'cpus', operator: '=', value: 2 }],
    ['ram>=4GiB', { key: 'ram', operator: '>=', value: 4 * 2 ** 30 }],
    ['ram>=4G', { key: 'ram', operator: '>=', value: 4 * 2 ** 30 }],
    ['ram>4GB', { key: 'ram', operator: '>', value: 4e9 }],
    ['ram<1.5GiB', { key: 'ram', operator: '<', value: 1.5 * 2 ** 30 }],
    ['data!=0x100000000', { key: 'data', operator: '!=', value: 2 ** 32 }],
    ['format=0x10006', { key: 'format', operator: '=', value: 0x10006 }],
    ['version>=6.1', { key: 'version', operator: '>=', value: [6, 1] }],
    ['producer=qemu', { key: 'producer', operator: '=', value: 'qemu' }],
    ['no-truncation', { kind: 'flag', flag: 'no-truncation' }],
  ])('%s', (text, parsed) => {
    expect(parseExpectation(text)).toMatchObject(parsed as object);
  });

  test.each([
    ['cpus>two', /"two" is not a whole number/],
    ['ram>=4 parsecs', /is not a size/],
    ['colour=blue', /unknown key "colour"/],
    ['producer>=qemu', /producer takes = or != only/],
    ['producer=vmware', /producer is one of virtualbox, qemu, unknown/],
    ['version>=six', /is not a version/],
    ['whole', /not a known flag, and no operator/],
    ['cpus=99999999999999999999', /is not a whole number/],
  ])('%s is refused, naming the grammar', (text, why) => {
    expect(codeOf(() => parseExpectation(text))).toBe('INVALID_ARGUMENT');
    expect(() => parseExpectation(text)).toThrow(why);
    expect(() => parseExpectation(text)).toThrow(/write KEY OP VALUE \(keys cpus, ram, data, mmio, ranges, producer, version, revision, format, layout/);
  });

  test('sizes near 2^53 are exact or refused, never rounded', () => {
    expect(parseSize('0x1fffffffffffff')).toBe(2 ** 53 - 1);
    expect(codeOf(() => parseSize('0x20000000000000'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSize('9000TiB'))).toBe('INVALID_ARGUMENT');
  });
});

describe('expectations checked', () => {
  test('each result says what was found', () => {
    const report = expectDump(sample, ['cpus=2', 'ram>=4GiB', 'producer=virtualbox', 'version>=6.1', 'version=7.0', 'version<7', 'format=0x10006', 'no-truncation', 'registers', 'layout=dbgfcorecpu-0x10006', 'ranges=6', 'mmio=8KiB', 'revision>0', 'no-warnings']);
    expect(report.expectations.map((result) => [result.expectation, result.met, result.found])).toEqual([
      ['cpus=2', true, '2'],
      ['ram>=4GiB', false, '640 KiB (0xa0000 bytes)'],
      ['producer=virtualbox', true, 'virtualbox'],
      ['version>=6.1', true, '7.0.14'],
      ['version=7.0', true, '7.0.14'],
      ['version<7', false, '7.0.14'],
      ['format=0x10006', true, '0x10006'],
      ['no-truncation', true, 'every byte is in the file'],
      ['registers', true, 'all 2 decoded'],
      ['layout=dbgfcorecpu-0x10006', true, 'dbgfcorecpu-0x10006'],
      ['ranges=6', true, '6'],
      ['mmio=8KiB', true, '8 KiB (0x2000 bytes)'],
      ['revision>0', true, expect.stringMatching(/^\d+$/)],
      ['no-warnings', true, 'no errors or warnings'],
    ]);
    expect(report.met).toBe(false);
  });

  test('a truncated dump, a QEMU core and a file that is no dump', () => {
    expect(expectDump(cut, ['no-truncation', 'valid']).expectations.map((result) => result.found)).toEqual(['0x1985c bytes missing from the file', '1 error(s), first TRUNCATED_DUMP']);
    expect(expectDump(qemu, ['producer=qemu', 'version>=6.1', 'cpus=2']).expectations.map((result) => [result.met, result.found])).toEqual([[true, 'qemu'], [false, 'no VBCORE descriptor (no VirtualBox version)'], [true, '2']]);
    const missing = expectDump(scratch.path('missing.elf'), ['cpus=2']);
    expect(missing.met).toBe(false);
    expect(missing.expectations[0].found).toMatch(/^the dump could not be read \(FILE_UNREADABLE: /);
  });
});

describe('vboxcore validate --strict and --expect', () => {
  test('met expectations: exit 0, one line each', async () => {
    const result = await cli('validate', sample, '--expect', 'cpus=2', '--expect', 'ram>=512KiB', '--strict');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${sample}: valid\n  expect cpus=2: met, found 2\n  expect ram>=512KiB: met, found 640 KiB (0xa0000 bytes)\n`);
  });

  test('an expectation not met: exit 4, with what was found', async () => {
    const result = await cli('validate', oneCpu, '--expect', 'cpus=2');
    expect(result.status).toBe(4);
    expect(result.stdout).toBe(`${oneCpu}: valid\n  expect cpus=2: NOT MET, found 1\n`);
  });

  test('warnings fail under --strict only: exit 3', async () => {
    expect((await cli('validate', trailing)).status).toBe(0);
    const strict = await cli('validate', trailing, '--strict');
    expect(strict.status).toBe(3);
    expect(strict.stdout).toMatch(/: valid with warnings: warning TRAILING_DATA .*\n {2}--strict: 1 warning\(s\) count as failure\n$/);
  });

  test('the statuses rank: unreadable 2, invalid 1, expectation 4, strict 3', async () => {
    expect((await cli('validate', cut, trailing, '--strict', '--expect', 'cpus=3')).status).toBe(1);
    expect((await cli('validate', trailing, '--strict', '--expect', 'cpus=3')).status).toBe(4);
    expect((await cli('validate', cut, scratch.path('missing.elf'))).status).toBe(2);
  });

  test('--json: each dump\'s expectations, the strictness and the exit status', async () => {
    const result = await cli('validate', sample, oneCpu, '--expect', 'cpus=2', '--json');
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ command: 'validate', strict: false, exitStatus: 4, checks: [{ path: sample, met: true, expectations: [{ expectation: 'cpus=2', met: true, found: '2' }] }, { path: oneCpu, met: false, expectations: [{ expectation: 'cpus=2', met: false, found: '1' }] }] });
    expect(document.reports.length).toBe(2);
  });

  test('a malformed expectation is a usage error before any dump is read', async () => {
    const result = await cli('validate', sample, '--expect', 'cpus>two');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^vboxcore: INVALID_ARGUMENT: expectation "cpus>two": "two" is not a whole number/);
  });
});

describe('the matchers, registered by vboxcore/testing/jest (Vitest in the package test)', () => {
  test('pass on the sample, by path or open dump', () => {
    expect(sample).toBeValidCore();
    expect(sample).toBeValidCore({ strict: true });
    expect(sample).toHaveCpus(2);
    expect(sample).toHaveRamAtLeast('512KiB');
    expect(sample).toMeetExpectations(['producer=virtualbox', 'no-truncation']);
    expect(sample).toMapPhysical(0x1_0000_0000n, 0x20000);
    expect(sample).toTranslate(0xffff_ffff_8100_0010n, 0x40010);
    const dump = openDump(sample);
    try {
      expect(dump).toHaveCpus(2);
      expect(dump).not.toMapPhysical(0xfec0_0000, 16);
    } finally {
      dump.close();
    }
  });

  test('fail with the problem codes, offsets and values found', () => {
    expect(() => expect(cut).toBeValidCore()).toThrow(/expected .*cut\.elf to be a valid core, but:\n {2}error TRUNCATED_DUMP \(at file offset 0xaae60, program_header\[6\]\.p_filesz\): truncated dump/);
    expect(() => expect(trailing).toBeValidCore({ strict: true })).toThrow(/to be a valid core without warnings, but:\n {2}warning TRAILING_DATA/);
    expect(() => expect(oneCpu).toHaveCpus(2)).toThrow(/to meet cpus=2, but:\n {2}cpus=2: not met, found 1/);
    expect(() => expect(cut).toMeetExpectations(['cpus=2', 'no-truncation'])).toThrow(/but:\n {2}no-truncation: not met, found 0x1985c bytes missing from the file$/);
    expect(() => expect(sample).toHaveRamAtLeast('4GiB')).toThrow(/ram>=4GiB: not met, found 640 KiB \(0xa0000 bytes\)/);
    expect(() => expect(sample).toMapPhysical(0xfffef000, 0x2000)).toThrow(/to hold data for physical 0xfffef000-0xffff1000, but it has holes: 0xfffef000\+0x1000 \(gap\)$/);
    expect(() => expect(sample).toTranslate(0x40_2000n, 0x1000)).toThrow(/translates to a fault \(not-present\): 0x402000 is not mapped: PT entry 2 at physical 0x19010 is 0x0/);
    expect(() => expect(sample).not.toHaveCpus(2)).toThrow(/not to meet cpus=2, but:\n {2}cpus=2: met, found 2/);
    expect(() => expect(scratch.path('missing.elf')).toMapPhysical(0)).toThrow(/to be a core dump that can be read, but it is not: FILE_UNREADABLE/);
  });
});
