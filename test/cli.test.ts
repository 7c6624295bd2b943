import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { buildDump, layoutVbox5016, patternBytes } from '../src/builder';
import { BUILT_CLI, cli, cliProcess, scratchDirectory, writeU32 } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const good = buildDump(scratch.path('good.elf'), { ...layoutVbox5016(), fill: 'edges' });
const bad = buildDump(scratch.path('bad.elf'), { ...layoutVbox5016(), fill: 'none' });
writeU32(bad.path, bad.descriptorOffset + 20, 4); // cCpus 4 with one VBCPU note
const notElf = scratch.path('notes.txt');
fs.writeFileSync(notElf, 'just text\n'.repeat(20));

function expectOneLineError(stderr: string, code: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^vboxcore: ${code}: `));
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('vboxcore info', () => {
  test('prints the vboxinfo view with every range and its kind', async () => {
    const result = await cli('info', good.path);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Magic: 0xc01ac0de');
    expect(result.stdout).toContain('Format: 0x10003');
    expect(result.stdout).toContain('VirtualBox 5.0.16 (revision 105871)');
    expect(result.stdout).toContain('CPUs: 1');
    const rows = result.stdout.split('\n').filter((line) => /^\d+\s+0x/.test(line));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatch(/^0\s+0x00000024a8\s+0x00000000000\s+0x00040000000\s+0x40000000\s+0x40000000\s+ram/);
    expect(rows.filter((row) => /\smmio\s/.test(row))).toHaveLength(2);
    expect(result.stdout).toContain('Problems: none');
  });

  test('--json prints the same facts as data', async () => {
    const result = await cli('info', good.path, '--json');
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ command: 'info', schemaVersion: 1 });
    expect(summary.descriptor).toMatchObject({ magic: 0xc01ac0de, formatVersion: 0x10003, vboxRevision: 105871, cpuCount: 1, vboxVersion: { text: '5.0.16' } });
    expect(summary.ranges).toHaveLength(8);
    // addresses, offsets and sizes are hex strings, counts and indexes numbers
    expect(summary.ranges[0]).toMatchObject({ index: 0, physicalStart: '0x0', fileOffset: '0x24a8', size: '0x40000000', kind: 'ram' });
    expect(summary.ranges[4].kindReason).toMatch(/MMIO/);
    expect(summary.cpus[0].registers.control.cr3).toBe('0x100000');
    expect(summary.report.valid).toBe(true);
  });

  test('a dump with errors is shown with its problems and exit status 1', async () => {
    const result = await cli('info', bad.path);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('error CPU_COUNT_MISMATCH');
  });

  test('a file that is not ELF gives one line and exit status 1', async () => {
    const result = await cli('info', notElf);
    expect(result.status).toBe(1);
    expectOneLineError(result.stderr, 'NOT_ELF');
    expect(result.stdout).toBe('');
  });
});

describe('vboxcore validate', () => {
  test('one line per dump; 0 when all are valid', async () => {
    const result = await cli('validate', good.path, good.path);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${good.path}: valid\n${good.path}: valid\n`);
  });

  test('1 when any is invalid, naming each problem', async () => {
    const result = await cli('validate', good.path, bad.path);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/bad\.elf: INVALID: error CPU_COUNT_MISMATCH \(at file offset 0x[0-9a-f]+, DBGFCOREDESCRIPTOR\.cCpus\): cCpus says 4 vCPUs but there is 1 VBCPU note/);
  });

  test('2 when a file cannot be read', async () => {
    const result = await cli('validate', good.path, scratch.path('missing.elf'));
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('FILE_UNREADABLE');
  });

  test('--json gives every report with codes, severities and offsets', async () => {
    const document = JSON.parse((await cli('validate', '--json', good.path, bad.path, notElf)).stdout);
    expect(document).toMatchObject({ command: 'validate', schemaVersion: 1 });
    const reports = document.reports;
    expect(reports.map((report: { valid: boolean }) => report.valid)).toEqual([true, false, false]);
    expect(reports[2].problems[0]).toMatchObject({ code: 'NOT_ELF', severity: 'error', fileOffset: '0x0' });
  });
});

describe('vboxcore translate and read', () => {
  test('translate prints the file offset and the range', async () => {
    const result = await cli('translate', good.path, '0x100000010');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^physical 0x100000010 -> file offset 0x40c864b8 \(range 7: 0x100000000-0x110000000, ram/);
    expect(JSON.parse((await cli('translate', good.path, '0x10', '--json')).stdout)).toMatchObject({ command: 'translate', physicalAddress: '0x10', fileOffset: '0x24b8' });
  });

  test('translate of an MMIO address names the hole, exit 1', async () => {
    const result = await cli('translate', good.path, '0xfee00000');
    expect(result.status).toBe(1);
    expectOneLineError(result.stderr, 'PHYSICAL_HOLE');
  });

  test('read prints a hexdump with physical addresses', async () => {
    const result = await cli('read', good.path, '--paddr', '0x100', '--length', '32');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '0000000000000100  00 01 00 00 00 00 00 00  08 01 00 00 00 00 00 00  |................|\n' +
        '0000000000000110  10 01 00 00 00 00 00 00  18 01 00 00 00 00 00 00  |................|\n',
    );
  });

  test('read --raw writes the bytes themselves (real process)', async () => {
    const result = cliProcess('read', good.path, '--paddr', '0xfffffff0', '--length', '32', '--raw');
    expect(result.status).toBe(0);
    expect(result.stdoutBytes.equals(patternBytes(0xffff_fff0, 32))).toBe(true);
  });

  test('read --raw from a real process goes by sendfile: across a hole with --zero-holes, past 256 MiB into a pipe, appended to a file', async () => {
    const across = cliProcess('read', good.path, '--paddr', '0xe07ffff0', '--length', '32', '--raw', '--zero-holes');
    expect(across.status).toBe(0);
    expect(across.stdoutBytes.equals(Buffer.concat([patternBytes(0xe07f_fff0, 16), Buffer.alloc(16)]))).toBe(true);
    // 300 MiB from physical 0x1000 (the file's holes read as zeros): the pipe's digest against the file's own bytes.
    const length = 300 * 1024 * 1024;
    const range = good.ranges.find((candidate) => candidate.physicalAddress === 0)!;
    const expected = createHash('sha256');
    const descriptor = fs.openSync(good.path, 'r');
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    for (let done = 0; done < length; done += chunk.length) expected.update(chunk.subarray(0, fs.readSync(descriptor, chunk, 0, Math.min(chunk.length, length - done), range.fileOffset + 0x1000 + done)));
    fs.closeSync(descriptor);
    const piped = spawnSync('sh', ['-c', `"$1" "$2" read "$3" --paddr 0x1000 --length 300MiB --raw | sha256sum`, 'sh', process.execPath, BUILT_CLI, good.path], { encoding: 'utf8' });
    expect(piped.stdout.split(' ')[0]).toBe(expected.digest('hex'));
    const appended = scratch.path('appended.bin');
    fs.writeFileSync(appended, 'head');
    const append = spawnSync('sh', ['-c', `"$1" "$2" read "$3" --paddr 0xfffffff0 --length 32 --raw >> "$4"`, 'sh', process.execPath, BUILT_CLI, good.path, appended]);
    expect(append.status).toBe(0);
    expect(fs.readFileSync(appended).equals(Buffer.concat([Buffer.from('head'), patternBytes(0xffff_fff0, 32)]))).toBe(true);
    // Text of more than 256 MiB is refused, naming --raw.
    const hexdump = await cli('read', good.path, '--paddr', '0', '--length', '300MiB');
    expect([hexdump.status, hexdump.stderr]).toEqual([2, 'vboxcore: READ_TOO_LARGE: --length 300MiB is more than the 268435456 bytes a hexdump or JSON read may ask for; read in pieces, or use --raw, which streams any length\n']);
  });

  test('read into a gap fails unless --zero-holes, which says what it zeroed', async () => {
    const refused = await cli('read', good.path, '--paddr', '0xe07ffff0', '--length', '32');
    expect(refused.status).toBe(1);
    expectOneLineError(refused.stderr, 'UNMAPPED_ADDRESS');
    const zeroed = await cli('read', good.path, '--paddr', '0xe07ffff0', '--length', '32', '--zero-holes');
    expect(zeroed.status).toBe(0);
    expect(zeroed.stderr).toContain('16 bytes in 1 hole(s) read as zeros');
  });

  test('sizes take units as --expect does: --length 1KiB, --ranges 0+64KiB,4GiB-4.5GiB; bits and fractions of a byte are refused by name', async () => {
    const kib = await cli('read', good.path, '--paddr', '0x100', '--length', '1KiB', '--json');
    expect(JSON.parse(kib.stdout).length).toBe('0x400');
    expect(JSON.parse((await cli('read', good.path, '--paddr', '0x100', '--length', '0.5K', '--json')).stdout).length).toBe('0x200');
    expect(JSON.parse((await cli('read', good.path, '--paddr', '0x100', '--length', '1kB', '--json')).stdout).length).toBe('0x3e8');
    const bits = await cli('read', good.path, '--paddr', '0x100', '--length', '8Kb');
    expect(bits.status).toBe(2);
    expect(bits.stderr).toBe('vboxcore: INVALID_ARGUMENT: --length: "Kb" counts bits, not bytes: write B for bytes (KB, or KiB for the binary unit)\n');
    expect((await cli('read', good.path, '--paddr', '0x100', '--length', '0.1K')).stderr).toBe('vboxcore: INVALID_ARGUMENT: --length: "0.1K" is not a whole number of bytes\n');
    const exported = await cli('export', good.path, scratch.path('units.raw'), '--ranges', '0+64KiB,4GiB-4.5GiB', '--json', '--no-sync');
    expect(exported.status).toBe(0);
    // The window 4 GiB-4.5 GiB is cut where the layout's RAM above 4 GiB ends (0x110000000); 64 KiB at 0 is one piece.
    const summary = JSON.parse(exported.stdout);
    expect([summary.outputLength, summary.piecesExported, summary.bytesExported]).toEqual(['0x110000000', 2, '0x10010000']);
  });

  test('a bad address or length is a usage error, exit 2', async () => {
    const result = await cli('read', good.path, '--paddr', 'nowhere', '--length', '16');
    expect(result.status).toBe(2);
    expectOneLineError(result.stderr, 'INVALID_ARGUMENT');
    expect((await cli('read', good.path, '--paddr', '0', '--length', '0x20000000')).status).toBe(2);
  });
});

describe('the built CLI as a real process', () => {
  test('usage errors: one line, exit 2, no stack trace', async () => {
    const result = cliProcess('info');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/missing required argument/);
  });

  test('an unknown command is a usage error', async () => {
    expect(cliProcess('frobnicate').status).toBe(2);
  });

  test('a missing dump is unreadable: exit 2, one line', async () => {
    const result = cliProcess('info', scratch.path('missing.elf'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`vboxcore: FILE_UNREADABLE: ${scratch.path('missing.elf')}: cannot read: no such file\n`);
  });

  test('a directory is unreadable, not a crash', async () => {
    const result = cliProcess('validate', scratch.path(''));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/FILE_UNREADABLE/);
  });

  test('--version and --help exit 0', async () => {
    expect(cliProcess('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(cliProcess('--help').status).toBe(0);
  });
});
