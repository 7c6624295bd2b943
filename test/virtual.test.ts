import * as fs from 'node:fs';
import { buildDump, buildPageTables, BuiltPagingMode, PageMappingSpec, patternBytes } from '../src/builder';
import { cpuAddressSpace, cpuAddressSpaceAsync, cpuAddressSpaceWithTablesAsync, levelsOf, openDump, openDumpAsync, VBoxCoreDump, VirtualAddressSpace, VirtualMapping } from '../src';
import { cli, codeOf, scratchDirectory, writeU64 } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const GIB = 2 ** 30;
const TABLE_AREA = { physicalAddress: 0x10_0000, size: 0x10_0000 };
// RAM below 1 GiB and 2 GiB above 4 GiB; 0x4000_0000-0xffff_ffff is a gap (no range)
const RANGES = [
  { physicalAddress: 0, size: GIB },
  { physicalAddress: 4 * GIB, size: 2 * GIB },
];
const GAP_ADDRESS = 0x8000_0000;

interface ModeCase {
  mode: BuiltPagingMode;
  mappings: PageMappingSpec[];
  /** A mapping whose walk goes through every level with 4 KiB pages, for the fault-at-each-level checks. */
  smallPages: PageMappingSpec;
  nonCanonical: bigint;
}

const userData = (virtualAddress: bigint): PageMappingSpec => ({ virtualAddress, physicalAddress: 0x20_0000n, size: 0x4000, pageSize: 0x1000, writable: true, user: true, noExecute: true });

const CASES: ModeCase[] = [
  (() => {
    const smallPages = userData(0x0000_7fff_f000_0000n);
    return {
      mode: '4-level' as const,
      smallPages,
      nonCanonical: 0x0000_8000_0000_0000n,
      mappings: [
        smallPages,
        { virtualAddress: 0xffff_8000_0000_0000n, physicalAddress: 0x40_0000n, size: 0x40_0000, pageSize: 0x20_0000 },
        { virtualAddress: 0xffff_c000_0000_0000n, physicalAddress: 0x1_0000_0000n, size: GIB, pageSize: GIB, noExecute: true },
        // virtually contiguous, physically not: one line in maps, marked scattered
        { virtualAddress: 0x1000_0000n, physicalAddress: 0x30_0000n, size: 0x1000, pageSize: 0x1000, writable: true },
        { virtualAddress: 0x1000_1000n, physicalAddress: 0x30_2000n, size: 0x1000, pageSize: 0x1000, writable: true },
      ],
    };
  })(),
  (() => {
    const smallPages = userData(0x0080_0000_0000_0000n);
    return {
      mode: '5-level' as const,
      smallPages,
      nonCanonical: 0x0100_0000_0000_0000n,
      mappings: [
        smallPages,
        { virtualAddress: 0xff00_0000_0000_0000n, physicalAddress: 0x40_0000n, size: 0x40_0000, pageSize: 0x20_0000 },
        { virtualAddress: 0xffff_ff80_0000_0000n, physicalAddress: 0x1_0000_0000n, size: GIB, pageSize: GIB, noExecute: true },
      ],
    };
  })(),
  (() => {
    const smallPages = userData(0x0804_8000n);
    return {
      mode: 'pae' as const,
      smallPages,
      nonCanonical: 0x1_0000_0000n,
      mappings: [smallPages, { virtualAddress: 0xc000_0000n, physicalAddress: 0x40_0000n, size: 0x40_0000, pageSize: 0x20_0000, writable: true, noExecute: true }],
    };
  })(),
  (() => {
    // 32-bit paging has no NX bit
    const smallPages = { ...userData(0x0804_8000n), noExecute: false };
    return {
      mode: '32-bit' as const,
      smallPages,
      nonCanonical: 0x1_0000_0000n,
      mappings: [
        smallPages,
        { virtualAddress: 0xc000_0000n, physicalAddress: 0x40_0000n, size: 0x40_0000, pageSize: 0x40_0000, writable: true },
        // PSE-36: a 4 MiB page above 4 GiB
        { virtualAddress: 0xd000_0000n, physicalAddress: 0x1_0040_0000n, size: 0x40_0000, pageSize: 0x40_0000 },
      ],
    };
  })(),
];

/** The pattern is written at both ends of every mapped physical stretch, so reads there can be checked. */
function patternWindowsOf(mappings: readonly PageMappingSpec[]): { physicalAddress: number; length: number }[] {
  return mappings.flatMap((mapping) => mapping.size <= 0x1_0000 ? [{ physicalAddress: Number(mapping.physicalAddress), length: mapping.size }] : [
    { physicalAddress: Number(mapping.physicalAddress), length: 0x1000 },
    { physicalAddress: Number(mapping.physicalAddress) + mapping.size - 0x1000, length: 0x1000 },
  ]);
}

function buildModeDump(modeCase: ModeCase, name: string): { path: string; tables: ReturnType<typeof buildPageTables> } {
  const tables = buildPageTables({ mode: modeCase.mode, tableArea: TABLE_AREA, mappings: modeCase.mappings });
  const built = buildDump(scratch.path(name), {
    ranges: RANGES,
    fill: 'none',
    cpuCount: 2,
    cpus: [tables.cpu, { control: { cr0: 0x11n } }],
    patternWindows: patternWindowsOf(modeCase.mappings),
    physicalWrites: tables.writes,
  });
  return { path: built.path, tables };
}

/** What maps() must list: the spec's pages in virtual order, merged as the walker merges them. */
type MutableMapping = { -readonly [K in keyof VirtualMapping]?: VirtualMapping[K] } & { physicalNext: bigint };

function expectedMaps(mode: BuiltPagingMode, mappings: readonly PageMappingSpec[]): Partial<VirtualMapping>[] {
  const sorted = [...mappings].sort((a, b) => (a.virtualAddress < b.virtualAddress ? -1 : 1));
  const result: MutableMapping[] = [];
  for (const mapping of sorted) {
    const executable = mode === '32-bit' ? true : !mapping.noExecute;
    const entry = { writable: mapping.writable ?? false, user: mapping.user ?? false, executable, pageSize: mapping.pageSize };
    const previous = result[result.length - 1];
    if (previous !== undefined && previous.virtualEnd === mapping.virtualAddress && previous.pageSize === entry.pageSize && previous.writable === entry.writable && previous.user === entry.user && previous.executable === entry.executable) {
      previous.physicallyContiguous = previous.physicallyContiguous && previous.physicalNext === mapping.physicalAddress;
      previous.virtualEnd = mapping.virtualAddress + BigInt(mapping.size);
      previous.physicalNext = mapping.physicalAddress + BigInt(mapping.size);
      continue;
    }
    result.push({ ...entry, virtualStart: mapping.virtualAddress, virtualEnd: mapping.virtualAddress + BigInt(mapping.size), physicalStart: mapping.physicalAddress, physicallyContiguous: true, physicalNext: mapping.physicalAddress + BigInt(mapping.size) });
  }
  return result.map(({ physicalNext: _unused, ...mapping }) => mapping);
}

describe.each(CASES)('$mode paging', (modeCase) => {
  let dump: VBoxCoreDump;
  let space: VirtualAddressSpace;
  let built: ReturnType<typeof buildModeDump>;
  beforeAll(() => {
    built = buildModeDump(modeCase, `paging-${modeCase.mode}.elf`);
    dump = openDump(built.path);
    space = cpuAddressSpace(dump);
  });
  afterAll(() => dump.close());

  test('the mode and CR3 come from the vCPU registers', () => {
    expect(space.context.mode).toBe(modeCase.mode);
    expect(space.context.cr3).toBe(built.tables.cr3);
  });

  test('every page of every mapping translates to the physical page built for it, with its size and permissions', () => {
    for (const mapping of modeCase.mappings) {
      for (const offset of [0, mapping.pageSize - 1, mapping.size - 8]) {
        const virtualAddress = mapping.virtualAddress + BigInt(offset);
        const walk = space.walk(virtualAddress);
        if (walk.kind !== 'mapped') throw new Error(`${virtualAddress.toString(16)}: ${walk.fault.message}`);
        expect(walk.page.physicalAddress).toBe(mapping.physicalAddress + BigInt(offset));
        expect(walk.page.pageSize).toBe(mapping.pageSize);
        expect(walk.page.permissions).toEqual({ writable: mapping.writable ?? false, user: mapping.user ?? false, executable: modeCase.mode === '32-bit' || !mapping.noExecute });
        const levels = levelsOf(modeCase.mode, true);
        const leafDepth = levels.findIndex((level) => 2 ** level.shift === mapping.pageSize);
        expect(walk.steps.map((step) => step.level)).toEqual(levels.slice(0, leafDepth + 1).map((level) => level.name));
        expect(walk.steps[walk.steps.length - 1].flags.largePage).toBe(mapping.pageSize !== 0x1000);
      }
    }
  });

  test('reads through the tables return the bytes of the physical pages (the address pattern)', () => {
    for (const mapping of modeCase.mappings) {
      expect(space.read(mapping.virtualAddress + 0x10n, 64)).toEqual(patternBytes(Number(mapping.physicalAddress) + 0x10, 64));
      const tail = mapping.virtualAddress + BigInt(mapping.size - 100);
      expect(space.read(tail, 100)).toEqual(patternBytes(Number(mapping.physicalAddress) + mapping.size - 100, 100));
    }
  });

  test('a read across the last mapped page into an unmapped one is a page fault, or zeros when asked', () => {
    const end = modeCase.smallPages.virtualAddress + BigInt(modeCase.smallPages.size);
    expect(codeOf(() => space.read(end - 8n, 16))).toBe('PAGE_FAULT');
    const zeroed = space.read(end - 8n, 16, { holes: 'zero' });
    expect(zeroed.subarray(0, 8)).toEqual(patternBytes(Number(modeCase.smallPages.physicalAddress) + modeCase.smallPages.size - 8, 8));
    expect(zeroed.subarray(8)).toEqual(Buffer.alloc(8));
    const runs = space.mapping(end - 8n, 16);
    expect(runs.map((run) => [run.kind, run.length])).toEqual([['data', 8], ['fault', 8]]);
  });

  test('a read across pages is one run where the physical pages follow each other, two where they do not', () => {
    const { virtualAddress, physicalAddress } = modeCase.smallPages;
    expect(space.mapping(virtualAddress + 0xff8n, 16)).toEqual([{ kind: 'data', virtualAddress: virtualAddress + 0xff8n, length: 16, physicalAddress: physicalAddress + 0xff8n }]);
    const scattered = modeCase.mappings.find((mapping) => mapping.virtualAddress === 0x1000_0000n);
    if (scattered === undefined) return;
    expect(space.mapping(0x1000_0ff8n, 16).map((run) => run.kind === 'data' && run.physicalAddress)).toEqual([0x30_0ff8n, 0x30_2000n]);
    expect(space.read(0x1000_0ff8n, 16)).toEqual(Buffer.concat([patternBytes(0x30_0ff8, 8), patternBytes(0x30_2000, 8)]));
  });

  test('a missing entry at each level is a fault naming that level, its index and the entry address', () => {
    const levels = levelsOf(modeCase.mode, true);
    for (const [depth, level] of levels.entries()) {
      // flip the second-highest bit of this level's index: an entry nothing maps
      const address = modeCase.smallPages.virtualAddress ^ (1n << BigInt(level.shift + level.indexBits - 2));
      const walk = space.walk(address);
      if (walk.kind !== 'fault') throw new Error(`${address.toString(16)} is mapped`);
      expect(walk.fault.reason).toBe('not-present');
      expect(walk.fault.level).toBe(level.name);
      expect(walk.steps).toHaveLength(depth + 1);
      const last = walk.steps[depth];
      expect(last.entry).toBe(0n);
      expect(walk.fault.entryAddress).toBe(last.tableAddress + BigInt(last.index * level.entrySize));
      expect(walk.fault.message).toContain(`${level.name} entry ${last.index}`);
      expect(codeOf(() => space.translate(address))).toBe('PAGE_FAULT');
    }
  });

  test('addresses the mode cannot translate are refused before any table is read', () => {
    const walk = space.walk(modeCase.nonCanonical);
    expect(walk.kind).toBe('fault');
    expect(walk.steps).toHaveLength(0);
    expect(codeOf(() => space.translate(modeCase.nonCanonical))).toBe(walk.kind === 'fault' && walk.fault.reason === 'outside-address-width' ? 'ADDRESS_OUTSIDE_WIDTH' : 'NON_CANONICAL_ADDRESS');
    expect(walk.kind === 'fault' && walk.fault.reason).toBe(modeCase.mode === '32-bit' || modeCase.mode === 'pae' ? 'outside-address-width' : 'non-canonical');
  });

  test('maps lists exactly the mapped ranges, coalesced, with page sizes and permissions', () => {
    const listing = space.maps();
    expect(listing.truncated).toBe(false);
    expect(listing.unreadableTables).toEqual([]);
    expect(listing.tablesRead).toBe(built.tables.tableAddresses.length);
    expect(listing.mappings.map(({ virtualStart, virtualEnd, pageSize, writable, user, executable, physicalStart, physicallyContiguous }) => ({ virtualStart, virtualEnd, pageSize, writable, user, executable, physicalStart, physicallyContiguous }))).toEqual(expectedMaps(modeCase.mode, modeCase.mappings));
    for (const mapping of listing.mappings) expect(mapping.pages * mapping.pageSize).toBe(Number(mapping.size));
  });

  test('vCPU 1 runs with paging off: virtual is physical, and maps says why it has nothing to list', () => {
    const identity = cpuAddressSpace(dump, { cpu: 1 });
    expect(identity.context.mode).toBe('none');
    expect(identity.translate(0x20_0010).physicalAddress).toBe(0x20_0010n);
    expect(codeOf(() => identity.maps())).toBe('PAGING_DISABLED');
  });
});

describe('tables the dump does not hold, and hostile tables', () => {
  const modeCase = CASES[0];
  let path: string;
  let tables: ReturnType<typeof buildPageTables>;
  beforeAll(() => {
    ({ path, tables } = buildModeDump(modeCase, 'paging-dangling.elf'));
  });

  test('an entry pointing at a table in a gap is a table-unreadable fault, and maps names the table', () => {
    const address = modeCase.smallPages.virtualAddress;
    const before = openDump(path);
    const steps = (before.physical && cpuAddressSpace(before).walk(address)).steps;
    const pdEntry = steps.find((step) => step.level === 'PD')!;
    const fileOffset = before.physical.translate(pdEntry.entryAddress).fileOffset;
    before.close();
    writeU64(path, fileOffset, BigInt(GAP_ADDRESS) | 7n);
    const dump = openDump(path);
    try {
      const space = cpuAddressSpace(dump);
      const walk = space.walk(address);
      if (walk.kind !== 'fault') throw new Error('still mapped');
      expect(walk.fault.reason).toBe('table-unreadable');
      expect(walk.fault.level).toBe('PT');
      expect(walk.fault.message).toContain('0x80000000');
      expect(codeOf(() => space.read(address, 16))).toBe('PAGE_FAULT');
      const listing = space.maps();
      expect(listing.unreadableTables).toEqual([{ level: 'PT', tableAddress: BigInt(GAP_ADDRESS), virtualStart: address & ~0x1f_ffffn, virtualEnd: (address & ~0x1f_ffffn) + 0x20_0000n }]);
      expect(listing.mappings.some((mapping) => mapping.virtualStart === address)).toBe(false);
    } finally {
      dump.close();
    }
  });

  test('tables that point back at themselves end at the entry budget instead of running for ever', () => {
    const loopPath = scratch.path('paging-loop.elf');
    const root = 0x10_0000;
    // every PML4, PDPT and PD entry points at the root table itself
    const table = Buffer.alloc(0x1000);
    for (let index = 0; index < 512; index++) table.writeBigUInt64LE(BigInt(root) | 7n, index * 8);
    buildDump(loopPath, { ranges: RANGES, fill: 'none', cpus: [{ ...tables.cpu, control: { ...tables.cpu.control, cr3: BigInt(root) } }], physicalWrites: [{ physicalAddress: root, bytes: table }] });
    const dump = openDump(loopPath);
    try {
      const started = process.hrtime.bigint();
      const listing = cpuAddressSpace(dump).maps({ entryBudget: 200_000 });
      expect(listing.truncated).toBe(true);
      expect(listing.entriesExamined).toBe(200_000);
      expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(10);
      // the loop also maps pages: the root seen as a page table maps 4 KiB pages of itself
      expect(cpuAddressSpace(dump).translate(0).physicalAddress).toBe(BigInt(root));
    } finally {
      dump.close();
    }
  });
});

describe('vtop, maps, cpus and read --vaddr on the command line', () => {
  const modeCase = CASES[0];
  let path: string;
  let tables: ReturnType<typeof buildPageTables>;
  beforeAll(() => {
    ({ path, tables } = buildModeDump(modeCase, 'paging-cli.elf'));
  });

  test('vtop prints one line per level and the physical address; exit 1 on a fault', async () => {
    const mapped = await cli('vtop', path, '0x7ffff0000123');
    expect(mapped.status).toBe(0);
    const lines = mapped.stdout.trim().split('\n');
    expect(lines.map((line) => line.trim().split(' ')[0])).toEqual(['virtual', 'PML4', 'PDPT', 'PD', 'PT', '->']);
    expect(lines[5]).toContain('physical 0x200123 (4 KiB page at 0x200000, rw- user)');
    const fault = await cli('vtop', path, '0x7ffff0004000');
    expect(fault.status).toBe(1);
    expect(fault.stdout).toContain('fault (not-present)');
    expect(fault.stdout).toContain('PT entry 4');
  });

  test('vtop --json carries the walk with exact 64-bit values', async () => {
    const result = await cli('vtop', path, '0xffffc00000000010', '--json');
    const walk = JSON.parse(result.stdout);
    expect(walk.kind).toBe('mapped');
    expect(walk.page.physicalAddress).toBe('0x100000010');
    expect(walk.page.pageSize).toBe(`0x${GIB.toString(16)}`);
    expect(walk.steps.map((step: { level: string }) => step.level)).toEqual(['PML4', 'PDPT']);
  });

  test('--cr3 and --mode override the vCPU', async () => {
    const overridden = JSON.parse((await cli('vtop', path, '0x1000', '--cr3', '0x0', '--json')).stdout);
    expect(overridden.context.cr3).toBe('0x0');
    expect(overridden.context.source).toContain('CR3 given');
    const identity = JSON.parse((await cli('vtop', path, '0x1234', '--mode', 'none', '--json')).stdout);
    expect(identity.page.physicalAddress).toBe('0x1234');
    expect((await cli('vtop', path, '0x1234', '--mode', 'bogus')).status).toBe(2);
    expect((await cli('vtop', path, '0x1234', '--cpu', '7')).status).toBe(2);
  });

  test('read --vaddr returns the bytes of the physical pages behind the address', async () => {
    const result = await cli('read', path, '--vaddr', '0x7ffff0000ff8', '--length', '16', '--json');
    expect(result.status).toBe(0);
    const read = JSON.parse(result.stdout);
    expect(Buffer.from(read.hex, 'hex')).toEqual(patternBytes(0x20_0ff8, 16));
    const refused = await cli('read', path, '--vaddr', '0x7ffff0003ff8', '--length', '16');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('PAGE_FAULT');
    expect((await cli('read', path, '--length', '16')).status).toBe(2);
  });

  test('maps lists the ranges like /proc/PID/maps, and --json has the same data', async () => {
    const text = await cli('maps', path);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('0x00007ffff0000000 0x00007ffff0003fff rw-u  16 KiB      4         4 KiB    0x200000');
    expect(text.stdout).toContain('(scattered)');
    const listing = JSON.parse((await cli('maps', path, '--json')).stdout);
    expect(listing.mappings).toHaveLength(expectedMaps(modeCase.mode, modeCase.mappings).length);
    expect(listing.tablesRead).toBe(tables.tableAddresses.length);
  });

  test('cpus shows the decoded paging mode per vCPU', async () => {
    const views = JSON.parse((await cli('cpus', path, '--json')).stdout).cpus;
    expect(views.map((view: { decoded: { pagingMode: string } }) => view.decoded.pagingMode)).toEqual(['4-level', 'none']);
    expect(views[0].registers.control.cr3).toBe(`0x${tables.cr3.toString(16)}`);
    const text = await cli('cpus', path, '--cpu', '0');
    expect(text.stdout).toContain('[PAE]');
    expect(text.stdout).toContain('[SCE LME LMA NXE]  paging: 4-level');
    expect((await cli('cpus', path, '--cpu', '2')).status).toBe(2);
  });

  test('without decoded registers the walk needs --mode and --cr3', async () => {
    const oldFormat = scratch.path('paging-cpumctx.elf');
    // a format no release wrote, with a note size no release wrote: no layout, so no registers
    buildDump(oldFormat, { ranges: RANGES, fill: 'none', formatVersion: 0x1_0007, cpuDescriptorSize: 0x2300, physicalWrites: tables.writes });
    const refused = await cli('vtop', oldFormat, '0x7ffff0000000');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('CPU_STATE_UNAVAILABLE');
    const given = await cli('vtop', oldFormat, '0x7ffff0000000', '--mode', '4-level', '--cr3', `0x${tables.cr3.toString(16)}`);
    expect(given.status).toBe(0);
    expect(given.stdout).toContain('-> physical 0x200000');
  });
});

test('the page-table dumps stay sparse on disk', () => {
  const sizes = fs.readdirSync(scratch.path('.')).map((name) => fs.statSync(scratch.path(name)).blocks * 512);
  expect(Math.max(...sizes)).toBeLessThan(64 * 1024 * 1024);
});

describe('page tables isolated as Linux KPTI lays them out (kernel copy, user copy 4 KiB after it), PCID on', () => {
  const KERNEL_ROOT = 0x8_0000;
  const USER_PAGE = 0x40_0000n;
  const KERNEL_TEXT = 0xffff_ffff_8100_0000n;
  const ENTRY_TEXT = 0xffff_fe00_0000_0000n;
  const user: PageMappingSpec = { virtualAddress: USER_PAGE, physicalAddress: 0x20_0000n, size: 0x1000, pageSize: 0x1000, writable: true, user: true };
  const kernelTables = buildPageTables({ mode: '4-level', tableArea: TABLE_AREA, mappings: [user, { virtualAddress: KERNEL_TEXT, physicalAddress: 0x100_0000n, size: 0x20_0000, pageSize: 0x20_0000 }, { virtualAddress: ENTRY_TEXT, physicalAddress: 0x30_0000n, size: 0x1000, pageSize: 0x1000 }] });
  const entryOnly = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x20_0000 + 0x1000, size: 0x1_0000 }, mappings: [{ virtualAddress: ENTRY_TEXT, physicalAddress: 0x30_0000n, size: 0x1000, pageSize: 0x1000 }] });
  // The user copy: the kernel copy's user half (same lower tables), the entry code's upper half.
  const kernelRoot = kernelTables.writes[0].bytes;
  const userRoot = Buffer.concat([kernelRoot.subarray(0, 0x800), entryOnly.writes[0].bytes.subarray(0x800)]);
  kernelRoot.writeBigUInt64LE(kernelRoot.readBigUInt64LE(0) | (1n << 63n), 0); // Linux adds NX to the kernel copy's user entries
  const PCID = 0x5n;
  const USER_CR3 = BigInt(KERNEL_ROOT) | 0x1000n | 0x800n | PCID;
  let file: string;
  beforeAll(() => {
    file = scratch.path('kpti.elf');
    const writes = [...kernelTables.writes.slice(1), ...entryOnly.writes.slice(1), { physicalAddress: KERNEL_ROOT, bytes: kernelRoot }, { physicalAddress: KERNEL_ROOT + 0x1000, bytes: userRoot }];
    const cpu = { ...kernelTables.cpu, control: { ...kernelTables.cpu.control, cr4: (kernelTables.cpu.control?.cr4 ?? 0n) | (1n << 17n) } };
    buildDump(file, { ranges: RANGES, fill: 'none', cpuCount: 2, cpus: [{ ...cpu, control: { ...cpu.control, cr3: USER_CR3 } }, { ...cpu, control: { ...cpu.control, cr3: BigInt(KERNEL_ROOT) | PCID } }], physicalWrites: writes });
  });

  test('the user copy is named, its kernel CR3 given, and the kernel walk maps what the user copy faults on', () => {
    const dump = openDump(file);
    try {
      const own = cpuAddressSpace(dump, { cpu: 0 });
      expect(own.context.tables).toMatchObject({ role: 'kpti-user', pcid: 0x805, kernelCr3: BigInt(KERNEL_ROOT) | PCID, userCr3: USER_CR3 });
      expect(own.walk(KERNEL_TEXT).kind).toBe('fault');
      expect(own.walk(USER_PAGE)).toMatchObject({ kind: 'mapped', page: { physicalAddress: 0x20_0000n } });
      const kernel = cpuAddressSpace(dump, { cpu: 0, kernel: true });
      expect(kernel.context.cr3).toBe(BigInt(KERNEL_ROOT) | PCID);
      expect(kernel.context.tables).toMatchObject({ role: 'kpti-kernel', userCr3: USER_CR3 });
      expect(kernel.walk(KERNEL_TEXT)).toMatchObject({ kind: 'mapped', page: { physicalAddress: 0x100_0000n } });
      expect(cpuAddressSpace(dump, { cpu: 1 }).context.tables).toMatchObject({ role: 'kpti-kernel', pcid: 5 });
      // --kernel on the kernel's own tables changes nothing
      expect(cpuAddressSpace(dump, { cpu: 1, kernel: true }).context.cr3).toBe(BigInt(KERNEL_ROOT) | PCID);
    } finally {
      dump.close();
    }
  });

  test('cpus, vtop and maps say so; vtop --kernel walks the kernel\'s tables; --kernel with --cr3 is refused', async () => {
    const cpus = await cli('cpus', file, '--cpu', '0');
    expect(cpus.stdout).toContain('PCID 0x805 in CR3 bits 0-11 (CR4.PCIDE; masked for the walk); KPTI user tables: kernel addresses past the entry code fault; the kernel\'s tables are at CR3 0x80005 (--kernel)');
    const cpusJson = JSON.parse((await cli('cpus', file, '--json')).stdout);
    expect(cpusJson.cpus.map((cpu: { decoded: { pageTables: { role: string } } }) => cpu.decoded.pageTables.role)).toEqual(['kpti-user', 'kpti-kernel']);
    const faulting = await cli('vtop', file, '0xffffffff81000000');
    expect(faulting.status).toBe(1);
    expect(faulting.stdout).toContain('note: PCID 0x805');
    const walked = await cli('vtop', file, '0xffffffff81000000', '--kernel');
    expect(walked.status).toBe(0);
    expect(walked.stdout).toContain('CR3 0x80005 (mode from CR0/CR4/EFER, CR3 from the vCPU, kernel tables asked: CR3 0x81805 with the KPTI user bits cleared)');
    expect(walked.stdout).toContain('-> physical 0x1000000');
    const maps = await cli('maps', file, '--kernel', '--json');
    expect(JSON.parse(maps.stdout).context.tables).toMatchObject({ role: 'kpti-kernel', kernelCr3: '0x80005', userCr3: '0x81805' });
    const both = await cli('vtop', file, '0x0', '--kernel', '--cr3', '0x1000');
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain('--kernel');
  });

  test('the asynchronous API tells the same, and refuses kernel: true where it cannot read', async () => {
    const dump = await openDumpAsync(file);
    try {
      const own = await cpuAddressSpaceWithTablesAsync(dump, { cpu: 0 });
      expect(own.context.tables).toMatchObject({ role: 'kpti-user', pcid: 0x805, kernelCr3: BigInt(KERNEL_ROOT) | PCID });
      const kernel = await cpuAddressSpaceWithTablesAsync(dump, { cpu: 0, kernel: true });
      expect((await kernel.walk(KERNEL_TEXT))).toMatchObject({ kind: 'mapped', page: { physicalAddress: 0x100_0000n } });
      expect(() => cpuAddressSpaceAsync(dump, { cpu: 0, kernel: true })).toThrow(/cpuAddressSpaceWithTablesAsync/);
    } finally {
      await dump.close();
    }
  });

  test('tables that are not in the dump or not two copies are called single, with the reason', () => {
    const dump = openDump(file);
    try {
      expect(cpuAddressSpace(dump, { cpu: 0, cr3: 0x7fff_f000 }).context.tables).toMatchObject({ role: 'single', evidence: expect.stringContaining('is not in the dump') });
      expect(cpuAddressSpace(dump, { cpu: 0, cr3: TABLE_AREA.physicalAddress + 0x1000 }).context.tables).toMatchObject({ role: 'single' });
    } finally {
      dump.close();
    }
  });
});

describe('maps folds many mappings of the same physical page into one row (Linux\'s espfix maps one page 65,536 times)', () => {
  // One page at every eighth slot of 32 MiB (1,024 aliases), then at an irregular place, then another page.
  const ESPFIX = 0xffff_ff00_0000_0000n;
  const STACK_PAGE = 0x30_0000n;
  const aliases: PageMappingSpec[] = Array.from({ length: 1024 }, (_, index) => ({ virtualAddress: ESPFIX + BigInt(index) * 0x8000n, physicalAddress: STACK_PAGE, size: 0x1000, pageSize: 0x1000 }));
  const odd: PageMappingSpec = { virtualAddress: ESPFIX + 1024n * 0x8000n + 0x3000n, physicalAddress: STACK_PAGE, size: 0x1000, pageSize: 0x1000 };
  const other: PageMappingSpec = { virtualAddress: ESPFIX + 0x400_0000n, physicalAddress: 0x31_0000n, size: 0x1000, pageSize: 0x1000 };
  let file: string;
  beforeAll(() => {
    file = scratch.path('espfix.elf');
    const tables = buildPageTables({ mode: '4-level', tableArea: TABLE_AREA, mappings: [...aliases, odd, other] });
    buildDump(file, { ranges: RANGES, fill: 'none', cpus: [tables.cpu], physicalWrites: tables.writes });
  });

  test('the 1,024 aliases at a regular stride are one row with a count; an irregular one and another page are rows of their own', () => {
    const dump = openDump(file);
    try {
      const listing = cpuAddressSpace(dump).maps();
      expect(listing.mappings.map((mapping) => ({ start: mapping.virtualStart, size: mapping.size, repeats: mapping.repeats, stride: mapping.repeatStride, end: mapping.repeatsEnd, physical: mapping.physicalStart }))).toEqual([
        { start: ESPFIX, size: 0x1000n, repeats: 1024, stride: 0x8000n, end: ESPFIX + 1023n * 0x8000n + 0x1000n, physical: STACK_PAGE },
        { start: odd.virtualAddress, size: 0x1000n, repeats: 1, stride: null, end: odd.virtualAddress + 0x1000n, physical: STACK_PAGE },
        { start: other.virtualAddress, size: 0x1000n, repeats: 1, stride: null, end: other.virtualAddress + 0x1000n, physical: 0x31_0000n },
      ]);
      // folding happens before the cap: 1,026 mappings fit a limit of 3 rows
      expect(cpuAddressSpace(dump).maps({ mappingLimit: 3 }).truncated).toBe(false);
      // every repeat walks to the same page
      for (const index of [0n, 511n, 1023n]) expect(cpuAddressSpace(dump).walk(ESPFIX + index * 0x8000n)).toMatchObject({ kind: 'mapped', page: { physicalAddress: STACK_PAGE } });
      expect(cpuAddressSpace(dump).walk(ESPFIX + 0x1000n).kind).toBe('fault');
    } finally {
      dump.close();
    }
  });

  test('text, JSON and SVG show the same fold', async () => {
    const text = await cli('maps', file);
    expect(text.stdout).toContain('3 mapped ranges (1023 more that map the same pages again folded into their rows)');
    expect(text.stdout).toContain('0xffffff0000000000 0xffffff0001ff8fff r-xk  4 KiB       1         4 KiB    0x300000 ×1024 every 0x8000');
    const json = JSON.parse((await cli('maps', file, '--json')).stdout);
    expect(json.mappings[0]).toMatchObject({ virtualStart: '0xffffff0000000000', virtualEnd: '0xffffff0000001000', repeats: 1024, repeatStride: '0x8000', repeatsEnd: '0xffffff0001ff9000' });
    const svg = (await cli('maps', file, '--svg', '-')).stdout;
    expect(svg).toContain('data-virtual-start="0xffffff0000000000" data-virtual-end="0xffffff0000001000" data-repeats="1024" data-repeat-stride="0x8000" data-repeats-end="0xffffff0001ff9000"');
    expect(svg).toContain('0xffffff0000000000–0xffffff0001ff8fff r-x kernel 4 KiB ×1024 every 0x8000');
  });
});
