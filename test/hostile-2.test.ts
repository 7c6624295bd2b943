/**
 * Hostile input, round two (issue 13): each numbered case of the issue, with the exit status and
 * code it must give. The cases that touch the output side run the built CLI as a real process.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, programHeaderOffset } from '../src/builder';
import { cpuAddressSpace, describeCpu, exportDump, ExportOptions, openDump, parseAddress, validateDump, VBoxCoreDump } from '../src';
import { BUILT_CLI, cli, codeOf, scratchDirectory, writeBytes } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

/** The built CLI as a process, with a heap limit so that memory that grows with the input fails the test. */
function runBuilt(args: string[], options: { heapMiB?: number; timeoutMs?: number; input?: string } = {}): { status: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: string; ms: number } {
  const started = Date.now();
  // SIGKILL at the deadline: a process stuck in a blocking open() ignores SIGTERM (case 5)
  const result = spawnSync(process.execPath, [...(options.heapMiB === undefined ? [] : [`--max-old-space-size=${options.heapMiB}`]), BUILT_CLI, ...args], { maxBuffer: 1024 * 1024 * 1024, timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL' });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr.toString('utf8'), ms: Date.now() - started };
}

function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/INTERNAL_ERROR|FATAL ERROR|heap out of memory/);
}

describe('case 4: 65534 PT_LOADs with 2^63 in every field', () => {
  const MIB = 1024 * 1024;
  const ranges = Array.from({ length: 65534 }, (_, index) => ({ physicalAddress: index * 0x1000, size: 0x1000, mmio: true }));
  const built = buildDump(scratch.path('many-loads.elf'), { ranges, fill: 'none' });
  const fields = Buffer.alloc(48);
  for (let offset = 8; offset < 56; offset += 8) fields.writeBigUInt64LE(1n << 63n, offset - 8);
  const table = Buffer.alloc(65534 * 56);
  for (let index = 0; index < 65534; index++) {
    table.writeUInt32LE(1, index * 56);
    table.writeUInt32LE(4, index * 56 + 4);
    fields.copy(table, index * 56 + 8);
  }
  writeBytes(built.path, programHeaderOffset(built, 1), table);

  test('the library lists 16 problems of a code and counts the rest in one line', () => {
    const report = validateDump(built.path);
    const unsafe = report.problems.filter((problem) => problem.code === 'VALUE_NOT_SAFE_INTEGER');
    expect(unsafe).toHaveLength(17);
    expect(unsafe[16].message).toMatch(/^\d+ more VALUE_NOT_SAFE_INTEGER problem\(s\) like the ones above/);
    expect((unsafe[16].details as { count: number }).count).toBeGreaterThan(300_000);
    expect(report.problems.length).toBeLessThan(100);
  });

  test.each(['info', 'validate'])('%s prints a short report, exit 1, no stack trace', (command) => {
    const text = runBuilt([command, built.path], { heapMiB: 256 });
    expect(text.status).toBe(1);
    expectNoStackTrace(text.stderr);
    expect(text.stdout.length).toBeLessThan(64 * 1024 + 65534 * 100);
    const json = runBuilt([command, built.path, '--json'], { heapMiB: 256 });
    expect(json.status).toBe(1);
    expect(json.stdout.length).toBeLessThan(16 * MIB + 65534 * 500);
  });
});

describe('case 5: a FIFO as input', () => {
  const fifo = scratch.path('dump.fifo');
  spawnSync('mkfifo', [fifo]);

  test.each([['info'], ['validate'], ['export', scratch.path('fifo-out.raw')]])('%s refuses it at once (exit 2, FILE_UNREADABLE), without waiting for a writer', (command, ...rest) => {
    const result = runBuilt([command, fifo, ...rest], { timeoutMs: 10_000 });
    expect(result.signal).toBeNull();
    expect(result.ms).toBeLessThan(5000);
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout.toString()).toMatch(/FILE_UNREADABLE.*a FIFO \(named pipe\), not a file/);
    expectNoStackTrace(result.stderr);
  });
});

describe('case 17: block devices and pseudo-files', () => {
  test('a dump on a loop device is read with the device\'s size', () => {
    const built = buildDump(scratch.path('on-loop.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }], fill: 'full' });
    // a loop device's size is a multiple of 512: pad the file so it ends where the device does
    fs.truncateSync(built.path, Math.ceil(built.fileSize / 512) * 512);
    const attach = spawnSync('losetup', ['--find', '--show', '--read-only', built.path], { encoding: 'utf8' });
    if (attach.status !== 0) throw new Error(`losetup cannot attach a loop device here (the test needs root and /dev/loop-control, as make test has on Debian): ${attach.stderr}`);
    const device = attach.stdout.trim();
    try {
      const dump = openDump(device);
      try {
        expect(dump.fileSize).toBe(Math.ceil(built.fileSize / 512) * 512);
        expect(dump.ranges[0].presentBytes).toBe(0x10_0000);
        expect(dump.physical.read(0x8_0000, 8).readBigUInt64LE(0)).toBe(0x8_0000n);
      } finally {
        dump.close();
      }
    } finally {
      spawnSync('losetup', ['--detach', device]);
    }
  });

  test('a /proc file is named as a pseudo-file, not called empty', async () => {
    const result = await cli('info', '/proc/self/status');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/FILE_UNREADABLE: \/proc\/self\/status: a pseudo-file/);
  });
});

describe('case 17: formats named for what they are', () => {
  test('PN_XNUM: e_phnum 0xffff with the real count in section 0\'s sh_info is read as that count', () => {
    const built = buildDump(scratch.path('pn-xnum.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }, { physicalAddress: 0x10_0000, size: 0x1_0000 }], fill: 'full' });
    const section = Buffer.alloc(64);
    section.writeUInt32LE(3, 0x2c); // sh_info: 1 PT_NOTE + 2 PT_LOAD
    fs.appendFileSync(built.path, section);
    const header = Buffer.alloc(2);
    header.writeUInt16LE(0xffff);
    writeBytes(built.path, 56, header); // e_phnum = PN_XNUM
    const shoff = Buffer.alloc(8);
    shoff.writeBigUInt64LE(BigInt(built.fileSize));
    writeBytes(built.path, 40, shoff);
    writeBytes(built.path, 58, Buffer.from([64, 0, 1, 0])); // e_shentsize 64, e_shnum 1
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems).toEqual([]);
      expect(dump.header.programHeaderCount).toBe(3);
      expect(dump.ranges.map((range) => range.physicalStart)).toEqual([0, 0x10_0000]);
      expect(dump.physical.read(0x10_0008, 8).readBigUInt64LE(0)).toBe(0x10_0008n);
    } finally {
      dump.close();
    }
  });
});

/** Page tables written by hand at 0x10000: `entries` maps each table's physical address to its 8-byte entries. */
function tablesAt(entries: Record<number, (index: number) => bigint>, entryCount = 512): { physicalAddress: number; bytes: Uint8Array }[] {
  return Object.entries(entries).map(([address, entry]) => {
    const bytes = Buffer.alloc(entryCount * 8);
    for (let index = 0; index < entryCount; index++) bytes.writeBigUInt64LE(entry(index), index * 8);
    return { physicalAddress: Number(address), bytes };
  });
}

const LONG_MODE = { control: { cr0: 0x8001_0001n, cr3: 0x1_0000n, cr4: 0x20n }, msrs: { efer: 0xd00n } };
const P_RW_US = 7n;

describe('case 2: maps over hostile page tables stays bounded', () => {
  test('every upper table looping to the next and a last table alternating read-only and writable pages: stops at the mapping limit', () => {
    const file = scratch.path('alternating.elf');
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
      cpus: [LONG_MODE],
      physicalWrites: tablesAt({ 0x1_0000: () => 0x1_1000n | P_RW_US, 0x1_1000: () => 0x1_2000n | P_RW_US, 0x1_2000: () => 0x1_3000n | P_RW_US, 0x1_3000: (index) => 0x2_0000n | 5n | (index % 2 === 0 ? 2n : 0n) }),
      fill: 'none',
    });
    const result = runBuilt(['maps', file], { heapMiB: 256, timeoutMs: 60_000 });
    expect(result.status).toBe(0);
    expectNoStackTrace(result.stderr);
    const text = result.stdout.toString();
    expect(text).toContain('note: stopped after 100000 mapped ranges');
    expect(result.ms).toBeLessThan(30_000);
    const json = JSON.parse(runBuilt(['maps', file, '--json'], { heapMiB: 256 }).stdout.toString());
    expect(json).toMatchObject({ truncated: true, stopReason: 'mapping-limit' });
    expect(json.mappings).toHaveLength(100_000);
  });

  test('every directory entry pointing at an MMIO page: unreadable tables counted, a few named, the entry budget ends it', () => {
    const file = scratch.path('mmio-tables.elf');
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }, { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true }],
      cpus: [LONG_MODE],
      physicalWrites: tablesAt({ 0x1_0000: () => 0x1_1000n | P_RW_US, 0x1_1000: () => 0x1_2000n | P_RW_US, 0x1_2000: () => 0xfec0_0000n | P_RW_US }),
      fill: 'none',
    });
    const result = runBuilt(['maps', file, '--json'], { heapMiB: 256, timeoutMs: 60_000 });
    expect(result.status).toBe(0);
    expectNoStackTrace(result.stderr);
    const json = JSON.parse(result.stdout.toString());
    expect(json).toMatchObject({ truncated: true, stopReason: 'entry-budget', entriesExamined: 2 ** 25, mappings: [] });
    expect(json.unreadableTables).toHaveLength(64);
    expect(json.unreadableTableCount).toBeGreaterThan(30_000_000);
    expect(result.ms).toBeLessThan(30_000);
    const text = runBuilt(['maps', file], { heapMiB: 256 }).stdout.toString();
    expect(text).toMatch(/note: \d+ more tables are not in the dump/);
  });
});

describe('case 3: a PAE directory pointer table that points at its own page', () => {
  const file = scratch.path('pae-self.elf');
  buildDump(file, {
    ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
    // legacy PAE: CR4.PAE, EFER 0; the PDPT's first entry names the PDPT's own page as a directory
    cpus: [{ control: { cr0: 0x8000_0001n, cr3: 0x1_0000n, cr4: 0x20n }, msrs: { efer: 0n } }],
    physicalWrites: tablesAt({ 0x1_0000: (index) => (index === 0 ? 0x1_0000n | 1n : index < 4 ? 0n : 0x20_0000n | 0x83n) }),
    fill: 'none',
  });

  test('validates, and the walk reads a 4 KiB directory there, not the 32-byte PDPT from the cache', async () => {
    expect((await cli('validate', file)).status).toBe(0);
    const walk = await cli('vtop', file, '0x800000', '--json');
    expectNoStackTrace(walk.stderr);
    const parsed = JSON.parse(walk.stdout);
    // PD entry 4 is the PDPT page's fifth 8-byte word: 0x200083, a 2 MiB page at 0x200000
    expect(parsed.steps.map((step: { level: string; entry: string }) => [step.level, step.entry])).toEqual([['PDPT', '0x10001'], ['PD', '0x200083']]);
    expect(parsed.kind).toBe('mapped');
    expect(parsed.page.physicalAddress).toBe('0x200000');
    expect(walk.status).toBe(0);
  });
});

describe('case 14: with paging off, only 32-bit linear addresses translate', () => {
  const file = scratch.path('paging-off.elf');
  buildDump(file, { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], cpus: [{ control: { cr0: 0x11n, cr3: 0n, cr4: 0n }, msrs: { efer: 0n } }], fill: 'full' });

  test('an address above 4 GiB is refused, not returned as a "physical" address; below, virtual equals physical', async () => {
    const wide = await cli('vtop', file, '0x10000000000000');
    expect(wide.status).toBe(1);
    expect(wide.stdout).toMatch(/fault \(outside-address-width\): 0x10000000000000 is wider than the 32 bits a linear address has with paging off/);
    const narrow = await cli('vtop', file, '0xfff8');
    expect(narrow.status).toBe(0);
    expect(narrow.stdout).toContain('-> physical 0xfff8');
  });
});

describe('case 16: bit 7 is PS only where a level can map a large page', () => {
  test('in a page-table entry it is PAT', async () => {
    const file = scratch.path('pat.elf');
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
      cpus: [LONG_MODE],
      physicalWrites: tablesAt({ 0x1_0000: (index) => (index === 0 ? 0x1_1000n | P_RW_US : 0n), 0x1_1000: (index) => (index === 0 ? 0x1_2000n | P_RW_US : 0n), 0x1_2000: (index) => (index === 0 ? 0x1_3000n | P_RW_US : 0n), 0x1_3000: (index) => (index === 1 ? 0x4_0000n | 0x80n | 1n : 0n) }),
      fill: 'none',
    });
    const walk = await cli('vtop', file, '0x1010', '--json');
    const last = JSON.parse(walk.stdout).steps[3];
    expect(last.flags).toMatchObject({ largePage: false, pat: true });
    expect((await cli('vtop', file, '0x1010')).stdout).toMatch(/PT +\[ +1\] .* P PAT\n/);
  });

  test('in a 32-bit page directory without CR4.PSE it is ignored: the entry points at a page table', async () => {
    const file = scratch.path('no-pse.elf');
    const directory = Buffer.alloc(4096);
    directory.writeUInt32LE(0x1_1000 | 0x80 | 7, 0); // PS set, but PSE is off
    const pageTable = Buffer.alloc(4096);
    pageTable.writeUInt32LE(0x4_0000 | 1, 4);
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
      cpus: [{ control: { cr0: 0x8000_0001n, cr3: 0x1_0000n, cr4: 0n }, msrs: { efer: 0n } }],
      physicalWrites: [{ physicalAddress: 0x1_0000, bytes: directory }, { physicalAddress: 0x1_1000, bytes: pageTable }],
      fill: 'none',
    });
    const walk = JSON.parse((await cli('vtop', file, '0x1234', '--json')).stdout);
    expect(walk.context.mode).toBe('32-bit');
    expect(walk.steps.map((step: { level: string; flags: { largePage: boolean } }) => [step.level, step.flags.largePage])).toEqual([['PD', false], ['PT', false]]);
    expect(walk.page.physicalAddress).toBe('0x40234');
  });
});

describe('case 20: maps at the top of the address space', () => {
  test('a page ending at 2^64 is listed with its last address, not 2^64', async () => {
    const file = scratch.path('top-page.elf');
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
      cpus: [LONG_MODE],
      physicalWrites: tablesAt({ 0x1_0000: (index) => (index === 511 ? 0x1_1000n | 3n : 0n), 0x1_1000: (index) => (index === 511 ? 0x1_2000n | 3n : 0n), 0x1_2000: (index) => (index === 511 ? 0x1_3000n | 3n : 0n), 0x1_3000: (index) => (index === 511 ? 0x4_0000n | 3n : 0n) }),
      fill: 'none',
    });
    const text = (await cli('maps', file)).stdout;
    expect(text).toContain('0xfffffffffffff000 0xffffffffffffffff rwxk  4 KiB');
    expect(text).not.toContain('0x10000000000000000');
  });
});

/** Runs the built CLI streaming its stdout through a counter (only the first and last bytes kept): outputs of gigabytes. */
function runCounting(args: string[], heapMiB: number): Promise<{ status: number | null; bytes: number; head: string; tail: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMiB}`, BUILT_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (head.length < 1024) head = Buffer.concat([head, chunk.subarray(0, 1024 - head.length)]);
      tail = Buffer.concat([tail, chunk]).subarray(-1024);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (status) => resolve({ status, bytes, head: head.toString('latin1'), tail: tail.toString('latin1'), stderr, ms: Date.now() - started }));
  });
}

describe('case 1: large reads stream with memory flat', () => {
  const MIB = 1024 * 1024;
  const file = scratch.path('big-read.elf');
  buildDump(file, { ranges: [{ physicalAddress: 0, size: 256 * MIB }], fill: 'none', patternWindows: [{ physicalAddress: 256 * MIB - 0x1000, length: 0x1000 }] });

  test('a 64 MiB hexdump under a 64 MiB heap: every line, the last one right', async () => {
    const result = await runCounting(['read', file, '--paddr', '0', '--length', String(64 * MIB)], 64);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.bytes).toBe((64 * MIB / 16) * 87);
    expect(result.tail.endsWith('0000000003fffff0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n')).toBe(true);
  });

  test('the documented maximum, 256 MiB, as JSON and raw, under a 64 MiB heap', async () => {
    const json = await runCounting(['read', file, '--paddr', '0', '--length', '0x10000000', '--json'], 64);
    expect(json.status).toBe(0);
    expect(json.bytes).toBeGreaterThan(512 * MIB);
    expect(json.head).toMatch(/^\{\n {2}"command": "read",\n {2}"schemaVersion": 1,\n {2}"physicalAddress": "0x0",\n {2}"length": "0x10000000",\n {2}"holes": \[\],\n {2}"hex": "0000/);
    // the last word of the pattern is its own address, 0xffffff8
    expect(json.tail.endsWith('f8ffff0f00000000"\n}\n')).toBe(true);
    const raw = await runCounting(['read', file, '--paddr', '0', '--length', '0x10000000', '--raw'], 64);
    expect(raw.status).toBe(0);
    expect(raw.bytes).toBe(256 * MIB);
  });

  test('a hole in the window fails before anything is written', async () => {
    const result = await runCounting(['read', file, '--paddr', String(256 * MIB - 16), '--length', '64'], 64);
    expect(result.status).toBe(1);
    expect(result.bytes).toBe(0);
    expect(result.stderr).toMatch(/^vboxcore: UNMAPPED_ADDRESS: /);
  });
});

describe('case 6: standard output that goes away or fills up', () => {
  const file = scratch.path('pipe.elf');
  buildDump(file, { ranges: [{ physicalAddress: 0, size: 0x100_0000 }], fill: 'none' });

  test('a reader that stops after 10 bytes (| head -c 10): exit 141, quietly', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BUILT_CLI}" read "${file}" --paddr 0 --length 0x1000000 | head -c 10 > /dev/null`], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(141);
    expect(result.stderr).toBe('');
  });

  test('a non-blocking pipe (a parent that set O_NONBLOCK, read only once the CLI has written a megabyte): every byte, in order', () => {
    // The CLI writes standard output with write(2); on a non-blocking descriptor that answers
    // EAGAIN once the pipe is full, and the rest must go through Node's stream, which waits.
    const parent = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'child = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(1.5)',
      'chunks = []',
      'while True:',
      '    chunk = os.read(r, 1 << 20)',
      '    if not chunk: break',
      '    chunks.append(chunk)',
      'sys.stdout.buffer.write(b"".join(chunks))',
      'sys.exit(child.wait())',
    ].join('\n');
    const args = [BUILT_CLI, 'read', file, '--paddr', '0', '--length', '0x40000'];
    const expected = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(expected.status).toBe(0);
    expect(expected.stdout.length).toBeGreaterThan(1 << 20);
    const result = spawnSync('python3', ['-c', parent, process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout === expected.stdout).toBe(true);
  });

  test('a full disk (> /dev/full): WRITE_FAILED on one line, exit 1', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [BUILT_CLI, 'info', file], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      expect(result.stderr).toBe('vboxcore: WRITE_FAILED: standard output: writing failed: no space left on the device\n');
      expect(result.status).toBe(1);
    } finally {
      fs.closeSync(full);
    }
  });
});

describe('case 18: control characters from the dump and from file names never reach the terminal raw', () => {
  test('a VMCOREINFO line and a file name with escape sequences', async () => {
    const { qemuCore } = await import('./qemu-cores');
    const file = scratch.path('evil\x1b[2J\x07.elf');
    fs.writeFileSync(file, qemuCore({ vmcoreinfo: 'OSRELEASE=6.1\x1b]0;pwned\x07\x9b31m\nPAGESIZE=4096\n' }).bytes);
    const info = await cli('info', file);
    expect(info.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(info.stdout).toContain('OSRELEASE=6.1\\x1b]0;pwned\\x07\\x9b31m');
    expect(info.stdout).toContain('evil\\x1b[2J\\x07.elf');
    const json = await cli('info', file, '--json');
    expect(json.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(JSON.parse(json.stdout).vmcoreinfo).toContain('\x1b]0;pwned\x07\x9b31m');
    const missing = await cli('info', scratch.path('gone\x1b[31m.elf'));
    expect(missing.stderr).toContain('gone\\x1b[31m.elf');
    expect(missing.stderr).not.toMatch(/\x1b/);
  });
});

describe('case 20: small things on the command line', () => {
  test('no command at all: the help on stderr, exit 2', () => {
    const result = runBuilt([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Usage: vboxcore /);
  });

  test('--cpu with a number no vCPU has is called a vCPU number, not an address', async () => {
    const file = buildDump(scratch.path('cpu-arg.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], fill: 'none' }).path;
    const result = await cli('vtop', file, '0x1000', '--cpu', '99999999999999999999');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('vboxcore: INVALID_ARGUMENT: --cpu "99999999999999999999" is not a vCPU number (0, 1, ...)\n');
  });
});

describe('case 15: a QEMU application processor still in real mode', () => {
  test('is not in long mode because e_machine says the first vCPU is', async () => {
    const { qemuCore } = await import('./qemu-cores');
    const file = scratch.path('qemu-ap.elf');
    fs.writeFileSync(file, qemuCore({ cpuCount: 2, control: (cpu) => (cpu === 1 ? { cr0: 0x6000_0010n, cr3: 0n, cr4: 0n } : undefined) }).bytes);
    const dump = openDump(file);
    try {
      const [bsp, ap] = dump.cpus.map((cpu) => cpu.registers!);
      expect(bsp.producer === 'qemu' && bsp.longModeActive).toBe(true);
      expect(ap.producer === 'qemu' && ap.longModeActive).toBe(false);
    } finally {
      dump.close();
    }
    const cpus = JSON.parse((await cli('cpus', file, '--json')).stdout).cpus;
    expect(cpus.map((view: { decoded: { pagingMode: string } }) => view.decoded.pagingMode)).toEqual(['4-level', 'none']);
  });
});

describe('case 19: the library refuses misuse from JavaScript with its own typed error', () => {
  const file = buildDump(scratch.path('misuse.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }], fill: 'none' }).path;

  test.each<[string, (dump: VBoxCoreDump) => unknown]>([
    ['read(null, 8)', (dump) => dump.physical.read(null as never, 8)],
    ["read('0x400000', 8)", (dump) => dump.physical.read('0x400000' as never, 8)],
    ['translate({})', (dump) => dump.physical.translate({} as never)],
    ["mapping(0, '8')", (dump) => dump.physical.mapping(0, '8' as never)],
    ["cpuAddressSpace with mode '6-level'", (dump) => cpuAddressSpace(dump, { mode: '6-level' as never })],
    ["cpuAddressSpace with cr3 'x'", (dump) => cpuAddressSpace(dump, { cr3: 'x' as never })],
    ['cpuAddressSpace with options null', (dump) => cpuAddressSpace(dump, null as never)],
    ['describeCpu(undefined)', () => describeCpu(undefined as never)],
    ['parseAddress(123)', () => parseAddress(123 as never)],
    ['openDump(0) (not taken for stdin)', () => openDump(0 as never)],
    ['maps with entryBudget -1', (dump) => cpuAddressSpace(dump).maps({ entryBudget: -1 })],
  ])('%s: INVALID_ARGUMENT', (_name, misuse) => {
    const dump = openDump(file);
    try {
      expect(codeOf(() => misuse(dump))).toBe('INVALID_ARGUMENT');
    } finally {
      dump.close();
    }
  });

  test('a number is fine for CR3, as for every other address', () => {
    const dump = openDump(file);
    try {
      expect(cpuAddressSpace(dump, { cr3: 0x1_0000 }).context.cr3).toBe(0x1_0000n);
    } finally {
      dump.close();
    }
  });

  test.each<[string, ExportOptions]>([
    ['selection {}', { selection: {} as never }],
    ["format 'bogus'", { format: 'bogus' as never }],
    ["engine 'bogus'", { engine: 'bogus' as never }],
    ["dense 'yes'", { dense: 'yes' as never }],
  ])('exportDump with %s: INVALID_ARGUMENT, nothing written', async (_name, options) => {
    const output = scratch.path('misuse-out.raw');
    await expect(exportDump(file, output, options)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(fs.existsSync(output)).toBe(false);
  });
});

const MIB_EXPORT = 1024 * 1024;
function fileSha256(file: string): string {
  return require('node:crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
function temporariesIn(directory: string): string[] {
  return fs.readdirSync(directory).filter((name) => name.endsWith('.vboxcore-tmp'));
}

describe('case 7: an export with nothing to copy', () => {
  const file = buildDump(scratch.path('mmio-only.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }, { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true }], fill: 'full' }).path;

  test.each(['native', 'javascript'])('--ranges of MMIO only with the %s engine: an empty output, exit 0', async (engine) => {
    const output = scratch.path(`mmio-only-${engine}.raw`);
    const result = await cli('export', file, output, '--ranges', '0xfec00000+0x1000', '--engine', engine, '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ command: 'export', piecesExported: 0, bytesExported: '0x0', holes: { mmio: '0x1000' }, copyEngine: engine });
    expect(fs.statSync(output).size).toBe(0);
  });
});

describe('case 8: no-clobber holds until the output is in place', () => {
  const file = buildDump(scratch.path('clobber.elf'), { ranges: [{ physicalAddress: 0, size: 16 * MIB_EXPORT }], fill: 'full' }).path;

  test.each(['native', 'javascript'] as const)('a file created at OUT during the export (%s engine) is left alone: OUTPUT_EXISTS, our output removed', async (engine) => {
    const output = scratch.path(`raced-${engine}.raw`);
    let created = false;
    const exporting = exportDump(file, output, {
      engine,
      onProgress: () => {
        if (created) return;
        created = true;
        fs.writeFileSync(output, 'written by someone else');
      },
    });
    await expect(exporting).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(fs.readFileSync(output, 'utf8')).toBe('written by someone else');
    expect(temporariesIn(path.dirname(output))).toEqual([]);
  });

  test('two exports to the same OUT at once: one wins whole, the other fails OUTPUT_EXISTS', async () => {
    const output = scratch.path('twice.raw');
    const results = await Promise.allSettled([exportDump(file, output, { engine: 'javascript' }), exportDump(file, output, { engine: 'javascript' })]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
    expect(rejected.reason).toMatchObject({ code: 'OUTPUT_EXISTS' });
    const reference = scratch.path('twice-reference.raw');
    await exportDump(file, reference);
    expect(fileSha256(output)).toBe(fileSha256(reference));
    expect(temporariesIn(path.dirname(output))).toEqual([]);
  });
});

describe('case 9: permissions of the output follow the dump', () => {
  const file = buildDump(scratch.path('secret.elf'), { ranges: [{ physicalAddress: 0, size: 4 * MIB_EXPORT }], fill: 'full' }).path;
  afterAll(() => fs.chmodSync(file, 0o644));

  test('a 0600 dump gives a 0600 output, and the temporary file is 0600 while it is written', async () => {
    fs.chmodSync(file, 0o600);
    const output = scratch.path('secret.raw');
    const temporaryModes: number[] = [];
    await exportDump(file, output, {
      engine: 'javascript',
      onProgress: () => {
        for (const name of temporariesIn(path.dirname(output))) temporaryModes.push(fs.statSync(path.join(path.dirname(output), name)).mode & 0o777);
      },
    });
    expect(fs.statSync(output).mode & 0o777).toBe(0o600);
    expect(temporaryModes.length).toBeGreaterThan(0);
    expect(new Set(temporaryModes)).toEqual(new Set([0o600]));
  });

  test('--force over a 0600 file keeps it 0600, even from a 0644 dump', async () => {
    fs.chmodSync(file, 0o644);
    const output = scratch.path('kept-private.raw');
    fs.writeFileSync(output, 'old', { mode: 0o600 });
    fs.chmodSync(output, 0o600);
    const result = await cli('export', file, output, '--force');
    expect(result.status).toBe(0);
    expect(fs.statSync(output).mode & 0o777).toBe(0o600);
  });

  test('a 0644 dump gives what the umask allows of 0644', async () => {
    fs.chmodSync(file, 0o644);
    const output = scratch.path('public.raw');
    await exportDump(file, output);
    const umask = process.umask(0o022);
    process.umask(umask);
    expect(fs.statSync(output).mode & 0o777).toBe(0o644 & ~umask);
  });
});

describe('case 10: outputs that are not regular files, and - for standard output', () => {
  const file = buildDump(scratch.path('special.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }, { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true }, { physicalAddress: 0x1_0000_0000, size: 0x1_0000 }], fill: 'full' }).path;

  /**
   * A device node of the test's own (the null device's numbers), never /dev/null itself: on code
   * with the bug this case is about, the export would replace the node it is given.
   */
  const deviceNode = (name: string): string => {
    const node = scratch.path(name);
    const made = spawnSync('mknod', ['-m', '666', node, 'c', '1', '3'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mknod cannot make a device node here (the test needs root, as make test has on Debian): ${made.stderr}`);
    return node;
  };

  test.each<[string, () => string, string[]]>([
    ['a device node, with --force', () => deviceNode('device-node'), ['--force']],
    ['a symbolic link to a device, with --force', () => {
      const link = scratch.path('to-device');
      fs.symlinkSync(deviceNode('linked-device-node'), link);
      return link;
    }, ['--force']],
    ['a dangling symbolic link, without --force', () => {
      const link = scratch.path('dangling');
      fs.symlinkSync(scratch.path('nowhere'), link);
      return link;
    }, []],
    ['a symbolic link to a regular file, with --force', () => {
      const target = scratch.path('link-target.raw');
      fs.writeFileSync(target, 'keep');
      const link = scratch.path('to-file');
      fs.symlinkSync(target, link);
      return link;
    }, ['--force']],
  ])('%s: OUTPUT_NOT_REGULAR, exit 2, nothing replaced', async (_name, make, flags) => {
    const output = make();
    const before = fs.lstatSync(output);
    const result = await cli('export', file, output, ...flags);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^vboxcore: OUTPUT_NOT_REGULAR: .* is (a device|a symbolic link)/);
    const after = fs.lstatSync(output);
    expect([after.ino, after.mode, after.isSymbolicLink()]).toEqual([before.ino, before.mode, before.isSymbolicLink()]);
  });

  test.each(['raw', 'lime', 'elf'])('- writes the %s export to standard output, byte for byte the file export made dense, and the summary to stderr', (format) => {
    // a small raw image: RAM, an MMIO range, RAM again, all below 4 MiB
    const small = buildDump(scratch.path(`to-stdout-${format}.elf`), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }, { physicalAddress: 0x20_0000, size: 0x1000, mmio: true }, { physicalAddress: 0x30_0000, size: 0x1_0000 }], fill: 'full' }).path;
    const reference = scratch.path(`reference.${format}`);
    expect(runBuilt(['export', small, reference, '--format', format, '--dense']).status).toBe(0);
    const streamed = runBuilt(['export', small, '-', '--format', format]);
    expect(streamed.status).toBe(0);
    expect(streamed.stdout.equals(fs.readFileSync(reference))).toBe(true);
    expect(streamed.stderr).toMatch(new RegExp(`^exported ${small.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} -> - \\(${format}, dense\\)`));
    expect(fs.existsSync(path.join(process.cwd(), '-'))).toBe(false);
  });

  test('- with --verify is refused: a stream cannot be read back', async () => {
    const result = await cli('export', file, '-', '--verify');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/INVALID_ARGUMENT: --verify reads the output back/);
  });

  test('- into a reader that stops (| head -c 10): exit 141, quietly', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BUILT_CLI}" export "${file}" - | head -c 10 > /dev/null`], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(141);
    expect(result.stderr).toBe('');
  });
});

describe('case 11: signals mid-export never leave the temporary file', () => {
  const file = buildDump(scratch.path('slow.elf'), { ranges: [{ physicalAddress: 0, size: 64 * MIB_EXPORT }, { physicalAddress: 0x1_0000_0000, size: 64 * MIB_EXPORT }], fill: 'none' }).path;

  /** Starts a slow export (4 GiB of zeros written out), sends the signals once it is under way, and waits for its end. */
  function interrupted(name: string, signals: NodeJS.Signals[]): Promise<{ status: number | null; stderr: string; folder: string }> {
    const folder = scratch.path(`signals-${name}`);
    fs.mkdirSync(folder);
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BUILT_CLI, 'export', file, path.join(folder, 'out.raw'), '--dense', '--engine', 'javascript'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const poll = setInterval(() => {
        if (temporariesIn(folder).length === 0 || fs.statSync(path.join(folder, temporariesIn(folder)[0])).size < 64 * MIB_EXPORT) return;
        clearInterval(poll);
        // all at once: a second Ctrl-C that arrives before the first has been dealt with
        for (const signal of signals) child.kill(signal);
      }, 20);
      child.on('close', (status) => {
        clearInterval(poll);
        resolve({ status, stderr, folder });
      });
    });
  }

  test.each<[string, NodeJS.Signals[]]>([
    ['SIGHUP', ['SIGHUP']],
    ['SIGQUIT', ['SIGQUIT']],
    ['SIGTERM', ['SIGTERM']],
    ['a second Ctrl-C right after the first', ['SIGINT', 'SIGINT']],
  ])('%s: exit 130, nothing left in the folder', async (name, signals) => {
    const result = await interrupted(name.replace(/\W+/g, '-'), signals);
    expect(result.status).toBe(130);
    expectNoStackTrace(result.stderr);
    expect(fs.readdirSync(result.folder)).toEqual([]);
  });

  test('temporary files of exports that were killed are removed by the next export to the same output, others left alone', async () => {
    const folder = scratch.path('stale');
    fs.mkdirSync(folder);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout; // a pid that has ended
    const stale = `.out.raw.${dead}-0badf00d.vboxcore-tmp`;
    const live = `.out.raw.${process.pid}-0badf00d.vboxcore-tmp`;
    const other = `.other.raw.${dead}-0badf00d.vboxcore-tmp`;
    for (const name of [stale, live, other]) fs.writeFileSync(path.join(folder, name), 'partial');
    const summary = await exportDump(file, path.join(folder, 'out.raw'), { selection: [{ start: 0, end: 0x1000 }] });
    expect(summary.staleTemporariesRemoved).toEqual([stale]);
    expect(fs.readdirSync(folder).sort()).toEqual([other, live, 'out.raw'].sort());
  });
});

describe('case 12: an ELF export of a QEMU core keeps its notes; overrides work without vCPU notes', () => {
  test('the exported QEMU core is a QEMU core with the same registers and memory', async () => {
    const { qemuCore } = await import('./qemu-cores');
    const source = scratch.path('qemu-source.elf');
    fs.writeFileSync(source, qemuCore({ cpuCount: 2, vmcoreinfo: 'OSRELEASE=6.1.0\n' }).bytes);
    const output = scratch.path('qemu-exported.elf');
    const result = await cli('export', source, output, '--format', 'elf', '--verify');
    expect(result.status).toBe(0);
    const [before, after] = [openDump(source), openDump(output)];
    try {
      expect(after.report.problems).toEqual([]);
      expect(after.producer).toBe('qemu');
      expect(after.cpus.map((cpu) => cpu.registers)).toEqual(before.cpus.map((cpu) => cpu.registers));
      expect(after.vmcoreinfo).toBe(before.vmcoreinfo);
      expect(after.physical.read(0, 64)).toEqual(before.physical.read(0, 64));
    } finally {
      before.close();
      after.close();
    }
  });

  test('vtop and maps with --mode and --cr3 on a dump with no vCPU notes', async () => {
    const file = scratch.path('no-cpus.elf');
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
      cpuCount: 0,
      physicalWrites: tablesAt({ 0x1_0000: (index) => (index === 0 ? 0x1_1000n | 3n : 0n), 0x1_1000: (index) => (index === 0 ? 0x1_2000n | 3n : 0n), 0x1_2000: (index) => (index === 0 ? 0x83n : 0n) }),
      fill: 'none',
    });
    const refused = await cli('vtop', file, '0x1234');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('the dump has no vCPU notes (give --mode and --cr3 for a virtual address space)');
    const walk = await cli('vtop', file, '0x1234', '--mode', '4-level', '--cr3', '0x10000');
    expect(walk.status).toBe(0);
    expect(walk.stdout).toContain('-> physical 0x1234 (2 MiB page at 0x0');
    expect((await cli('maps', file, '--mode', '4-level', '--cr3', '0x10000')).status).toBe(0);
  });
});

describe('case 13: an export never drops a range in silence', () => {
  const build = (name: string): string => {
    const built = buildDump(scratch.path(name), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }, { physicalAddress: 0x10_0000, size: 0x1_0000 }], fill: 'full' });
    // program header 2's bytes would start inside the headers: the reader ignores that range
    const offset = Buffer.alloc(8);
    offset.writeBigUInt64LE(0x40n);
    writeBytes(built.path, programHeaderOffset(built, 2) + 8, offset);
    return built.path;
  };

  test('it is refused with RANGES_IGNORED, naming the program header and why', async () => {
    const output = scratch.path('ignored.raw');
    const result = await cli('export', build('ignored.elf'), output);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^vboxcore: RANGES_IGNORED: 1 PT_LOAD\(s\) of the dump cannot be exported, their headers being unusable: program header 2 \(SEGMENT_OVERLAPS_HEADERS: /);
    expect(fs.existsSync(output)).toBe(false);
  });

  test('with --allow-truncated it exports the rest and says what is missing, --verify included', async () => {
    const output = scratch.path('ignored-allowed.raw');
    const result = await cli('export', build('ignored-allowed.elf'), output, '--allow-truncated', '--verify');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('warning: program header 2 was not exported (SEGMENT_OVERLAPS_HEADERS: ');
    expect(result.stdout).toContain('verify: 1 of 1 range(s) match (SHA-256); 1 PT_LOAD(s) not exported, so not verified');
  });
});

describe('case 20: output paths checked before anything is copied', () => {
  const file = buildDump(scratch.path('paths.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], fill: 'full' }).path;

  test('a path ending in / is a folder name: refused at once', async () => {
    const result = await cli('export', file, scratch.path('newdir') + '/');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/OUTPUT_NOT_REGULAR: .*newdir\/ names a folder/);
    expect(temporariesIn(path.dirname(scratch.path('x')))).toEqual([]);
  });

  test('a folder that does not exist: WRITE_FAILED saying so, and that nothing was written', async () => {
    const result = await cli('export', file, scratch.path('missing/out.raw'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/WRITE_FAILED: .*missing\/out\.raw: its folder .*missing does not exist \(or is not a folder\); nothing was written/);
  });
});

describe('maps replays looping subtrees without walking them again, to the same answer', () => {
  test('looping tables of writable pages under a budget of 1000 entries: one mapping of exactly the pages reached', () => {
    const file = scratch.path('loop-budget.elf');
    buildDump(file, {
      ranges: [{ physicalAddress: 0, size: 0x10_0000 }],
      cpus: [LONG_MODE],
      physicalWrites: tablesAt({ 0x1_0000: () => 0x1_1000n | P_RW_US, 0x1_1000: () => 0x1_2000n | P_RW_US, 0x1_2000: () => 0x1_3000n | P_RW_US, 0x1_3000: () => 0x4_0000n | P_RW_US }),
      fill: 'none',
    });
    const dump = openDump(file);
    try {
      // PML4, PDPT and PD entries 0 (3), a whole PT (512), PD entry 1 (1), then 484 PT entries again
      const small = cpuAddressSpace(dump).maps({ entryBudget: 1000 });
      expect(small).toMatchObject({ entriesExamined: 1000, stopReason: 'entry-budget' });
      expect(small.mappings.map((mapping) => [mapping.virtualStart, mapping.pages, mapping.physicallyContiguous])).toEqual([[0n, 996, false]]);
      // the default budget: 2^25 entries, still one mapping, in no time
      const started = Date.now();
      const full = cpuAddressSpace(dump).maps();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(full.entriesExamined).toBe(2 ** 25);
      expect(full.mappings).toHaveLength(1);
      // 1 PML4 entry; 127 PDPT entries with their whole directories (1 + 512 * 513 entries each);
      // then PDPT entry 127, 383 whole PD entries (513 each), PD entry 383 and 511 of its PT entries
      expect(1 + 127 * (1 + 512 * 513) + 1 + 383 * 513 + 1 + 511).toBe(2 ** 25);
      expect(full.mappings[0].pages).toBe(127 * 512 * 512 + 383 * 512 + 511);
    } finally {
      dump.close();
    }
  });
});

describe('case 11: the second interrupt, handled at once', () => {
  test('a second signal while the first is being dealt with removes the temporary file synchronously and exits 130', async () => {
    const { onInterrupt } = await import('../src/cli/signals');
    const { AtomicOutput } = await import('../src/export/output-file');
    const output = await AtomicOutput.create(scratch.path('second-signal.raw'), 0o644);
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    let stops = 0;
    const restore = onInterrupt(() => {
      stops++;
    });
    try {
      process.emit('SIGINT');
      expect(stops).toBe(1);
      expect(fs.existsSync(output.temporaryPath)).toBe(true); // the export removes it as it stops
      restore(); // the export has ended (interrupted): the handler stays until the process exits
      process.emit('SIGHUP');
      expect(fs.existsSync(output.temporaryPath)).toBe(false);
      expect(exit).toHaveBeenCalledWith(130);
    } finally {
      exit.mockRestore();
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) process.removeAllListeners(signal);
      await output.discard();
    }
  });
});

describe('found by the long fuzz run of this change: an ELF export of a dump whose PT_NOTE is larger than any real one', () => {
  test('does not carry (nor read whole) the oversized note segment', async () => {
    const built = buildDump(scratch.path('huge-notes.elf'), { ranges: [{ physicalAddress: 0, size: 64 * MIB_EXPORT }], fill: 'none' });
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(32n * BigInt(MIB_EXPORT));
    writeBytes(built.path, programHeaderOffset(built, 0) + 32, size); // p_filesz
    const output = scratch.path('huge-notes-out.elf');
    const result = await cli('export', built.path, output, '--format', 'elf', '--allow-truncated');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const exported = openDump(output);
    try {
      expect(exported.programHeaders.filter((entry) => entry.typeName === 'NOTE')).toEqual([]);
      expect(fs.statSync(output).size).toBeLessThan(64 * MIB_EXPORT + 1024 * 1024);
    } finally {
      exported.close();
    }
  });
});
