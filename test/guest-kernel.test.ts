/**
 * Kernel naming on images the builder places in memory: a Windows kernel (PE headers, CodeView
 * record) found from LSTAR or the IDT, a Linux image found from LSTAR, and the bounds and
 * refusals around both. The real Linux kernel is named in linux-guest.test.ts; no real Windows
 * dump has been checked (the output says so).
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildDump, buildPageTables, buildPeImage, PageMappingSpec } from '../src/builder';
import { identifyKernel, identifyKernelAsync, openDump, openDumpAsync, WINDOWS_UNVERIFIED } from '../src';
import '../src/testing/jest'; // registers the matchers, as vboxcore/testing/jest does for users
import { cli, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const MIB = 1024 * 1024;
const RANGES = [{ physicalAddress: 0, size: 256 * MIB }];
const TABLE_AREA = { physicalAddress: 0x10_0000, size: 0x10_0000 };
const NT_BASE = 0xffff_f806_4a20_0000n;
const NT_PHYSICAL = 0x400_0000;
const IDT = 0xffff_f806_4000_0000n;
const IDT_PHYSICAL = 0x30_0000;
// The GUID and age of a real ntkrnlmp.pdb, as symbol servers list it (3844DBB9...FA, age 1).
const CODEVIEW = { pdbName: 'ntkrnlmp.pdb', guid: '3844DBB9-2017-4967-BE7A-A4A2C20430FA', age: 1 };
const SECTIONS = [{ name: '.text', virtualAddress: 0x1000, virtualSize: 0x40_0000 }, { name: 'KVASCODE', virtualAddress: 0x60_0000, virtualSize: 0x2000 }, { name: 'INIT', virtualAddress: 0x70_0000, virtualSize: 0x8_0000 }];

interface WindowsCase {
  lstar?: bigint;
  idtHandler?: bigint;
  sizeOfImage?: number;
  mapHeaderPage?: boolean;
  imageOffset?: bigint;
  ntHeadersOffset?: number;
}

/** A dump whose vCPU 0 runs on tables mapping an NT image (8 MiB of 2 MiB pages, the header page alone when asked) and an IDT. */
function windowsDump(name: string, spec: WindowsCase): string {
  const imageBase = NT_BASE - (spec.imageOffset ?? 0n);
  const mappings: PageMappingSpec[] = [
    { virtualAddress: NT_BASE, physicalAddress: BigInt(NT_PHYSICAL), size: 8 * MIB, pageSize: 2 * MIB },
    { virtualAddress: IDT, physicalAddress: BigInt(IDT_PHYSICAL), size: 0x1000, pageSize: 0x1000 },
  ];
  if (spec.imageOffset !== undefined && spec.mapHeaderPage !== false) mappings.push({ virtualAddress: imageBase, physicalAddress: 0x380_0000n, size: 0x1000, pageSize: 0x1000 });
  const tables = buildPageTables({ mode: '4-level', tableArea: TABLE_AREA, mappings });
  const image = buildPeImage({ sizeOfImage: spec.sizeOfImage ?? 0x80_0000, timeDateStamp: 0x5e6f_a1b2, sections: SECTIONS, codeView: CODEVIEW, ntHeadersOffset: spec.ntHeadersOffset });
  const headerPhysical = spec.imageOffset === undefined ? NT_PHYSICAL : 0x380_0000;
  const writes = spec.mapHeaderPage === false ? [] : image.pieces.map((piece) => ({ physicalAddress: headerPhysical + piece.rva, bytes: piece.bytes }));
  const idt = Buffer.alloc(0x1000);
  if (spec.idtHandler !== undefined) {
    const handler = spec.idtHandler;
    idt.writeUInt16LE(Number(handler & 0xffffn), 0);
    idt.writeUInt16LE(0x10, 2);
    idt.writeUInt16LE(0x8e00, 4);
    idt.writeUInt16LE(Number((handler >> 16n) & 0xffffn), 6);
    idt.writeUInt32LE(Number(handler >> 32n), 8);
  }
  const file = scratch.path(`${name}.elf`);
  buildDump(file, {
    ranges: RANGES,
    fill: 'none',
    cpus: [{ ...tables.cpu, msrs: { ...tables.cpu.msrs, lstar: spec.lstar ?? 0n }, idtr: { base: IDT, limit: 0xfff } }],
    physicalWrites: [...tables.writes, ...writes, { physicalAddress: IDT_PHYSICAL, bytes: idt }],
  });
  return file;
}

describe('a Windows kernel image placed in memory', () => {
  test('found from LSTAR: image base, PE fields, sections and the PDB\'s GUID, age and symbol-server key; marked unverified', () => {
    const dump = openDump(windowsDump('nt-lstar', { lstar: NT_BASE + 0x60_0140n }));
    try {
      const kernel = identifyKernel(dump);
      expect(kernel).toMatchObject({ os: 'windows', virtualBase: NT_BASE, release: null, kaslrSlide: null, cpu: 0, entry: { register: 'lstar', address: NT_BASE + 0x60_0140n }, unverified: WINDOWS_UNVERIFIED, reason: null });
      expect(kernel.pe).toEqual({ machine: 0x8664, timeDateStamp: 0x5e6f_a1b2, sizeOfImage: 0x80_0000, sections: SECTIONS, codeView: { pdbName: 'ntkrnlmp.pdb', guid: '3844DBB9-2017-4967-BE7A-A4A2C20430FA', age: 1, symbolId: '3844DBB920174967BE7AA4A2C20430FA1' } });
    } finally {
      dump.close();
    }
  });

  test('found from an IDT gate when LSTAR holds nothing; info and info --json show it', async () => {
    const file = windowsDump('nt-idt', { idtHandler: NT_BASE + 0x1_2340n });
    const dump = openDump(file);
    try {
      expect(identifyKernel(dump)).toMatchObject({ os: 'windows', virtualBase: NT_BASE, entry: { register: 'idt', address: NT_BASE + 0x1_2340n } });
    } finally {
      dump.close();
    }
    const text = await cli('info', file);
    expect(text.stdout).toContain(`Kernel: Windows kernel, PDB ntkrnlmp.pdb 3844DBB920174967BE7AA4A2C20430FA1 at 0x${NT_BASE.toString(16)}`);
    expect(text.stdout).toContain(`note: ${WINDOWS_UNVERIFIED}`);
    const json = JSON.parse((await cli('info', file, '--json')).stdout);
    expect(json.kernel).toMatchObject({ os: 'windows', virtualBase: `0x${NT_BASE.toString(16)}`, pe: { codeView: { symbolId: '3844DBB920174967BE7AA4A2C20430FA1' } } });
  });

  test('the header page below the entry is found page by page through unmapped pages, within 32 MiB and no further', () => {
    // the image's first page 20 MiB below the mapped code, nothing mapped between
    const near = openDump(windowsDump('nt-far-header', { lstar: NT_BASE + 0x1000n, imageOffset: 20n * BigInt(MIB), sizeOfImage: 0x200_0000 }));
    const far = openDump(windowsDump('nt-too-far', { lstar: NT_BASE + 0x1000n, imageOffset: 40n * BigInt(MIB), sizeOfImage: 0x400_0000 }));
    try {
      expect(identifyKernel(near)).toMatchObject({ os: 'windows', virtualBase: NT_BASE - 20n * BigInt(MIB) });
      expect(identifyKernel(far)).toMatchObject({ os: null, foundBy: [`vCPU 0: LSTAR 0x${(NT_BASE + 0x1000n).toString(16)} leads to no Linux banner or PE image`] });
    } finally {
      near.close();
      far.close();
    }
  });

  test('headers that do not cover the entry, point past the first page, or are not mapped name no kernel', () => {
    for (const [name, spec] of [
      ['nt-small', { lstar: NT_BASE + 0x60_0140n, sizeOfImage: 0x1000 }],
      ['nt-lfanew', { lstar: NT_BASE + 0x60_0140n, ntHeadersOffset: 0xf10 }],
      ['nt-shadow', { lstar: NT_BASE + 0x60_0140n, mapHeaderPage: false }],
    ] as [string, WindowsCase][]) {
      const dump = openDump(windowsDump(name, spec));
      try {
        expect({ name, os: identifyKernel(dump).os }).toEqual({ name, os: null });
      } finally {
        dump.close();
      }
    }
  });
});

describe('a Linux image placed in memory', () => {
  const TEXT = 0xffff_ffff_9a00_0000n;
  const TEXT_PHYSICAL = 0x800_0000;
  const RELEASE = '6.1.0-99-amd64';
  const placeholder = 'Linux version 6.1.0-99-amd64 (builder@vboxcore) (gcc) # SMP PREEMPT_DYNAMIC\n';
  const banner = `Linux version ${RELEASE} (builder@vboxcore) (gcc (Debian 12.2.0) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.99-1\n`;
  function linuxDump(name: string, bannerOffset: number): string {
    const tables = buildPageTables({ mode: '4-level', tableArea: TABLE_AREA, mappings: [{ virtualAddress: TEXT, physicalAddress: BigInt(TEXT_PHYSICAL), size: 72 * MIB, pageSize: 2 * MIB }] });
    const file = scratch.path(`${name}.elf`);
    buildDump(file, {
      ranges: RANGES,
      fill: 'none',
      cpus: [{ ...tables.cpu, msrs: { ...tables.cpu.msrs, lstar: TEXT + 0xa0_0080n } }],
      physicalWrites: [...tables.writes, { physicalAddress: TEXT_PHYSICAL + bannerOffset - 0x1000, bytes: Buffer.from(placeholder) }, { physicalAddress: TEXT_PHYSICAL + bannerOffset, bytes: Buffer.from(banner) }],
    });
    return file;
  }

  test('found from LSTAR: _text where the kernel mapping starts, the KASLR slide, the banner with its build number (not the placeholder)', () => {
    const dump = openDump(linuxDump('linux', 0x120_0000));
    try {
      expect(identifyKernel(dump)).toMatchObject({ os: 'linux', release: RELEASE, virtualBase: TEXT, kaslrSlide: 0x1900_0000n, banner: banner.trimEnd(), unverified: null, foundBy: expect.arrayContaining([`a version banner is at 0x${(TEXT + 0x120_0000n).toString(16)}`]) });
    } finally {
      dump.close();
    }
  });

  test('a banner past the first 64 MiB of the image is not looked for', () => {
    const dump = openDump(linuxDump('linux-far', 66 * MIB));
    try {
      expect(identifyKernel(dump)).toMatchObject({ os: null });
    } finally {
      dump.close();
    }
  });
});

describe('expectations and the matcher', () => {
  let windows: string;
  let none: string;
  beforeAll(() => {
    windows = windowsDump('nt-expect', { lstar: NT_BASE + 0x60_0140n });
    none = windowsDump('nt-none', { lstar: NT_BASE + 0x60_0140n, mapHeaderPage: false });
  });

  test('validate --expect os= and kernel= check the named kernel, with what was found', async () => {
    const met = await cli('validate', windows, '--expect', 'os=windows', '--expect', 'kernel=3844DBB920174967BE7AA4A2C20430FA1', '--json');
    expect(met.status).toBe(0);
    expect(JSON.parse(met.stdout).checks[0].expectations).toEqual([
      { expectation: 'os=windows', met: true, found: `windows (${WINDOWS_UNVERIFIED})` },
      { expectation: 'kernel=3844DBB920174967BE7AA4A2C20430FA1', met: true, found: `3844DBB920174967BE7AA4A2C20430FA1 (${WINDOWS_UNVERIFIED})` },
    ]);
    const missed = await cli('validate', none, '--expect', 'os=linux');
    expect(missed.status).toBe(4);
    expect(missed.stdout).toContain('os=linux');
    expect(missed.stdout).toContain('none (no Linux banner or Windows PE image found from LSTAR or the IDT of the vCPU');
    const wrongWord = await cli('validate', none, '--expect', 'os=macos');
    expect(wrongWord.status).toBe(2);
    expect(wrongWord.stderr).toContain('os is one of linux, windows, none');
  });

  test('toRunKernel passes and fails on the named kernel, and refuses an empty expectation', () => {
    expect(windows).toRunKernel({ os: 'windows', release: '3844DBB920174967BE7AA4A2C20430FA1' });
    expect(none).not.toRunKernel({ os: 'windows' });
    expect(() => expect(windows).toRunKernel({ os: 'linux' })).toThrow(/os=linux: not met, found windows/);
    expect(() => expect(windows).toRunKernel({})).toThrow(/toRunKernel takes/);
    const dump = openDump(windows);
    try {
      expect(dump).toMeetExpectations(['os!=linux', 'kernel!=none']);
    } finally {
      dump.close();
    }
  });
});

describe('the Volatility 3 hand-off (export --volatility-config)', () => {
  test('a Windows kernel: WindowsIntel32e over the raw image, the DTB and the image base as exact integers', async () => {
    const file = windowsDump('nt-volatility', { lstar: NT_BASE + 0x60_0140n });
    const image = scratch.path('nt.raw');
    const config = scratch.path('nt.vol.json');
    const result = await cli('export', file, image, '--volatility-config', config, '--no-sync');
    expect(result.status).toBe(0);
    const text = fs.readFileSync(config, 'utf8');
    // the image base is past 2^53: written as an exact integer, as Python's json reads it
    expect(text).toContain(`"kernel.layer_name.kernel_virtual_offset": ${NT_BASE}`);
    expect(text).toContain(`"kernel.offset": ${NT_BASE}`);
    const parsed = JSON.parse(text.replace(/: (\d{16,})/g, ': "$1"'));
    expect(parsed).toEqual({
      'automagic.LayerStacker.single_location': pathToFileURL(image).href,
      'kernel.layer_name.memory_layer.class': 'volatility3.framework.layers.physical.FileLayer',
      'kernel.layer_name.memory_layer.location': pathToFileURL(image).href,
      'kernel.layer_name.page_map_offset': Number(TABLE_AREA.physicalAddress),
      'kernel.layer_name.class': 'volatility3.framework.layers.intel.WindowsIntel32e',
      'kernel.layer_name.kernel_virtual_offset': String(NT_BASE),
      'kernel.offset': String(NT_BASE),
    });
  });

  test('refused before anything is written: no kernel named, an ELF export, standard output', async () => {
    const none = windowsDump('nt-volatility-none', { lstar: NT_BASE + 0x60_0140n, mapHeaderPage: false });
    const image = scratch.path('none.raw');
    const refused = await cli('export', none, image, '--volatility-config', scratch.path('none.json'));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('KERNEL_NOT_FOUND');
    expect(fs.existsSync(image)).toBe(false);
    const elf = await cli('export', none, scratch.path('none.elf'), '--format', 'elf', '--volatility-config', scratch.path('elf.json'));
    expect(elf.stderr).toContain('INVALID_ARGUMENT: --volatility-config describes a raw or LiME image');
    const stdout = await cli('export', none, '-', '--volatility-config', scratch.path('stdout.json'));
    expect(stdout.stderr).toContain('export to a file, not standard output');
  });
});

test('the asynchronous API names the same kernel, fetching in rounds (Windows, Linux, none)', async () => {
  const files = [windowsDump('nt-async', { lstar: NT_BASE + 0x60_0140n }), windowsDump('nt-async-none', { lstar: NT_BASE + 0x60_0140n, mapHeaderPage: false })];
  for (const file of files) {
    const dump = openDump(file);
    const asyncDump = await openDumpAsync(file);
    try {
      expect(await identifyKernelAsync(asyncDump)).toEqual(identifyKernel(dump));
    } finally {
      dump.close();
      await asyncDump.close();
    }
  }
});
