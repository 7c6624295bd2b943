/**
 * The asynchronous API against the synchronous one: the same model, reports, errors, bytes,
 * walks, maps and scans, on the sample, a 24 GB sparse layout, a QEMU core, a truncated dump and
 * every malformed dump of the corpus. Reads run side by side and still land where they belong.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, buildPageTables, layoutGuest24g } from '../src/builder';
import { openDump, openSource, VBoxCoreDump } from '../src/dump';
import { cpuAddressSpace } from '../src/cpu/cpu-address-space';
import { AsyncVBoxCoreDump, cpuAddressSpaceAsync, openDumpAsync } from '../src/async/dump';
import { asyncSourceOf, AsyncByteSource } from '../src/io/async-source';
import { FileHandleSource } from '../src/io/file-handle-source';
import { MemorySource } from '../src/io/memory-source';
import { corpus } from './corpus';
import { qemuCore } from './qemu-cores';
import { scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const sample = path.resolve(__dirname, '..', 'samples', 'small-guest.elf');

/** JSON of a value with its BigInts, so that models compare whole. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item)));

/** The facts of a dump, without its functions and address spaces. */
function facts(dump: VBoxCoreDump | AsyncVBoxCoreDump): unknown {
  const { physical: _physical, readFileBytes: _read, close: _close, ...rest } = dump;
  return plain(rest);
}

/** The error a call gives, as code and message; or null. */
async function failure(action: () => unknown): Promise<{ code: string; message: string } | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return { code: (error as { code?: string }).code ?? 'not a VboxCoreError', message: (error as Error).message };
  }
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe.each([
  ['the sample', () => sample],
  ['a 24 GB sparse layout with 3 vCPUs', () => buildDump(scratch.path('24g.elf'), { ...layoutGuest24g(3), fill: 'edges' }).path],
  ['a QEMU core', () => {
    fs.writeFileSync(scratch.path('qemu.elf'), qemuCore({ cpuCount: 2 }).bytes);
    return scratch.path('qemu.elf');
  }],
  ['a truncated dump', () => {
    fs.copyFileSync(sample, scratch.path('cut.elf'));
    fs.truncateSync(scratch.path('cut.elf'), 700_000);
    return scratch.path('cut.elf');
  }],
])('%s', (_name, make) => {
  const file = make();
  let syncDump: VBoxCoreDump;
  let asyncDump: AsyncVBoxCoreDump;
  beforeAll(async () => {
    syncDump = openDump(file);
    asyncDump = await openDumpAsync(file);
  });
  afterAll(async () => {
    syncDump.close();
    await asyncDump.close();
  });

  test('openDumpAsync gives the model openDump gives', () => {
    expect(facts(asyncDump)).toEqual(facts(syncDump));
  });

  test('physical reads: the same bytes and the same errors at random windows, edges and holes, many in flight at once', async () => {
    const next = random(99);
    const windows: [number | bigint, number][] = [];
    for (const range of syncDump.ranges) {
      windows.push([range.physicalStart, 16], [Math.max(0, range.physicalEnd - 8), 16], [range.physicalStart + Math.floor(next() * range.size), 4096]);
    }
    windows.push([2 ** 53 - 1, 1], [2n ** 64n - 1n, 1], [2n ** 64n - 1n, 2], [0xfec0_0000, 32]);
    const results = await Promise.all(windows.map(async ([address, length]) => ({ bytes: await asyncDump.physical.read(address, length).catch(() => null), error: await failure(() => asyncDump.physical.read(address, length)) })));
    windows.forEach(([address, length], index) => {
      let expected: Buffer | null = null;
      let error: unknown = null;
      try {
        expected = syncDump.physical.read(address, length);
      } catch (cause) {
        error = { code: (cause as { code: string }).code, message: (cause as Error).message };
      }
      expect({ address: String(address), error: results[index].error }).toEqual({ address: String(address), error });
      if (expected !== null) expect(Buffer.from(results[index].bytes!).equals(expected)).toBe(true);
    });
  });

  test('scan: the same chunks, asynchronously', async () => {
    // At most 64 MiB below and above 4 GiB: enough for every kind of chunk, quick on the 24 GB layout.
    const selection = [{ start: 0, end: 0x400_0000 }, { start: 0xe000_0000, end: 0x1_0400_0000 }];
    // Each chunk is taken as it comes: the next one overwrites the buffer.
    const fromSync: unknown[] = [];
    for (const chunk of syncDump.physical.scan({ chunkSize: 0x10_0000, selection })) fromSync.push(chunk.kind === 'data' ? { ...chunk, bytes: Buffer.from(chunk.bytes).toString('base64').slice(0, 64) } : chunk);
    const fromAsync: unknown[] = [];
    for await (const chunk of asyncDump.physical.scan({ chunkSize: 0x10_0000, selection })) fromAsync.push(chunk.kind === 'data' ? { ...chunk, bytes: Buffer.from(chunk.bytes).toString('base64').slice(0, 64) } : chunk);
    expect(fromAsync).toEqual(fromSync);
  });

  test('scan: a chunk\'s bytes stay as read while the caller works on it (the next chunk is read meanwhile, into the other buffer)', async () => {
    const selection = 'all';
    const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const fromSync: string[] = [];
    for (const chunk of syncDump.physical.scan({ chunkSize: 0x1000, selection })) {
      fromSync.push(chunk.kind === 'data' ? `${chunk.physicalAddress} ${digest(chunk.bytes)}` : `hole ${chunk.physicalAddress}`);
      if (fromSync.length === 24) break;
    }
    const fromAsync: string[] = [];
    for await (const chunk of asyncDump.physical.scan({ chunkSize: 0x1000, selection })) {
      // Long enough for the read ahead to land: had it gone into this chunk's buffer, the digest would differ.
      await new Promise((resolve) => setTimeout(resolve, 5));
      fromAsync.push(chunk.kind === 'data' ? `${chunk.physicalAddress} ${digest(chunk.bytes)}` : `hole ${chunk.physicalAddress}`);
      if (fromAsync.length === 24) break;
    }
    expect(fromSync.filter((line) => !line.startsWith('hole')).length).toBeGreaterThan(2);
    expect(fromAsync).toEqual(fromSync);
  });

  test('virtual: walks, reads, faults and maps as the synchronous space gives them', async () => {
    if (syncDump.cpus.length === 0 || syncDump.cpus[0].registers === null) return;
    const space = cpuAddressSpace(syncDump);
    const asyncSpace = cpuAddressSpaceAsync(asyncDump);
    const listing = space.maps({ entryBudget: 2 ** 20 });
    const asyncListing = await asyncSpace.maps({ entryBudget: 2 ** 20 });
    // Tables full of memory pattern (the 24 GB layout's vCPUs point CR3 at RAM) may stop the
    // asynchronous listing at its table limit; where it completes, it equals the synchronous one.
    if (asyncListing.stopReason !== 'table-limit') expect(plain(asyncListing)).toEqual(plain(listing));
    const addresses = [0n, 0x402000n, 0xffff_ffff_8100_0010n, 0xffff_8880_0000_1000n, 0x7fff_fffd_fff0n, 0x8000_0000_0000n, ...listing.mappings.slice(0, 8).flatMap((mapping) => [mapping.virtualStart, mapping.virtualEnd - 8n])];
    for (const address of addresses) {
      expect(plain(await asyncSpace.walk(address))).toEqual(plain(space.walk(address)));
      const sync = await failure(() => space.read(address, 32));
      expect(await failure(() => asyncSpace.read(address, 32))).toEqual(sync);
      if (sync === null) expect(Buffer.from(await asyncSpace.read(address, 32)).equals(space.read(address, 32))).toBe(true);
      expect(Buffer.from(await asyncSpace.read(address, 32, { holes: 'zero' })).equals(space.read(address, 32, { holes: 'zero' }))).toBe(true);
    }
  });
});

describe('every malformed dump of the corpus fails or reports alike', () => {
  const entries = corpus(scratch.path);
  test.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const { file } = entry.make();
    const syncError = await failure(() => openDump(file).close());
    const asyncError = await failure(async () => (await openDumpAsync(file)).close());
    expect(asyncError).toEqual(syncError);
    if (syncError === null) {
      const syncDump = openDump(file);
      const asyncDump = await openDumpAsync(file);
      try {
        expect(facts(asyncDump)).toEqual(facts(syncDump));
      } finally {
        syncDump.close();
        await asyncDump.close();
      }
    }
  });
});

describe('sources', () => {
  test('a path that is no file, a folder, a FIFO: the same errors as the synchronous open', async () => {
    fs.mkdirSync(scratch.path('folder'));
    for (const target of [scratch.path('missing.elf'), scratch.path('folder'), '']) {
      expect(await failure(() => FileHandleSource.open(target))).toEqual(await failure(() => openDump(target)));
    }
  });

  test('any asynchronous source works: a dump in memory, read through asyncSourceOf', async () => {
    const bytes = fs.readFileSync(sample);
    const reads: number[] = [];
    const source: AsyncByteSource = asyncSourceOf(new MemorySource('in-memory', bytes));
    const counting: AsyncByteSource = { ...source, path: source.path, size: source.size, readInto: (target, offset) => (reads.push(target.length), source.readInto(target, offset)), close: () => source.close() };
    const dump = await openDumpAsync(counting);
    expect(facts(dump)).toEqual(facts(openSource(new MemorySource('in-memory', bytes))));
    // Opening reads the headers and the notes, nothing of the memory.
    expect(reads.reduce((sum, length) => sum + length, 0)).toBeLessThan(0x10_000);
    await dump.close();
  });

  test('opening a 24 GB sparse dump reads only its headers and notes', async () => {
    const built = buildDump(scratch.path('24g-open.elf'), { ...layoutGuest24g(2), fill: 'none' });
    const source = await FileHandleSource.open(built.path);
    const lengths: number[] = [];
    const counting: AsyncByteSource = { path: source.path, size: source.size, readInto: (target, offset) => (lengths.push(target.length), source.readInto(target, offset)), close: () => source.close() };
    const dump = await openDumpAsync(counting);
    expect(dump.memory.ramBytes).toBe(24 * 2 ** 30);
    expect(lengths.reduce((sum, length) => sum + length, 0)).toBeLessThan(built.dataOffset + 64);
    await dump.close();
  });
});

test('async maps() reads page tables that lie together in one read per run: 515 tables of a 1 GiB mapping in 5 reads, the listing the synchronous one', async () => {
  const mapped = 1024 ** 3;
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x100_0000, size: 0x100_0000 }, mappings: [{ virtualAddress: 0xffff_8880_0000_0000n, physicalAddress: 0n, size: mapped, pageSize: 0x1000, writable: true, noExecute: true }] });
  const built = buildDump(scratch.path('tables-together.elf'), { ranges: [{ physicalAddress: 0, size: mapped }], fill: 'none', cpus: [tables.cpu], physicalWrites: tables.writes });
  const file = await FileHandleSource.open(built.path);
  const reads: number[] = [];
  const counting: AsyncByteSource = { path: file.path, size: file.size, readInto: (target, fileOffset) => (reads.push(target.length), file.readInto(target, fileOffset)), close: () => file.close() };
  const dump = await openDumpAsync(counting);
  try {
    reads.length = 0;
    const listing = await cpuAddressSpaceAsync(dump).maps();
    expect(listing.tablesRead).toBe(515);
    // One read per level: PML4, PDPT, PD, then the 512 page tables (2 MiB) in two runs of at most 1 MiB.
    expect(reads).toEqual([4096, 4096, 4096, 1 << 20, 1 << 20]);
    const sync = openDump(built.path);
    try {
      expect(listing).toEqual(cpuAddressSpace(sync).maps());
    } finally {
      sync.close();
    }
    // The same space again: the tables fetched last time are kept (as the synchronous walker keeps
    // its cache), nothing is read; a new space fetches them again.
    const space = cpuAddressSpaceAsync(dump);
    await space.maps();
    reads.length = 0;
    expect(await space.maps()).toEqual(listing);
    const limited = await space.maps({ entryBudget: 1000 });
    expect(limited.stopReason).toBe('entry-budget');
    expect(reads).toEqual([]);
    const sync2 = openDump(built.path);
    try {
      expect(limited).toEqual(cpuAddressSpace(sync2).maps({ entryBudget: 1000 }));
    } finally {
      sync2.close();
    }
    await cpuAddressSpaceAsync(dump).maps();
    expect(reads).toHaveLength(5);
    // A call stopped early keeps what it fetched; the next, complete one fetches the rest and lists it all.
    const stoppedFirst = cpuAddressSpaceAsync(dump);
    expect((await stoppedFirst.maps({ entryBudget: 1000 })).stopReason).toBe('entry-budget');
    expect(await stoppedFirst.maps()).toEqual(listing);
  } finally {
    await dump.close();
  }
});
