/**
 * The speed rows (issue 16): every measure paired with its baseline in the same repetition,
 * repeated, and reported as the median with the spread (min-max) of the ratios.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildDump, BuiltDump, buildPageTables } from '../src/builder';
import { cpuAddressSpace, cpuAddressSpaceAsync, openDump, openDumpAsync } from '../src';
import { rate } from './rate';

/** One line of the results table. */
export interface SpeedRow {
  measure: string;
  vboxcore: string;
  baseline: string;
  ratio: string;
}

const REPETITIONS = 5;
const SECONDS = 0.4;

async function asyncRate(operation: (iteration: number) => Promise<void>, seconds: number, inFlight: number): Promise<number> {
  let iterations = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() - start < budget) await operation(iterations++);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const middle = (values: number[]): number => sorted(values)[Math.floor(values.length / 2)];
const spread = (values: number[], digits = 2): string => `${middle(values).toFixed(digits)} (${sorted(values)[0].toFixed(digits)}-${sorted(values)[values.length - 1].toFixed(digits)})`;
const count = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Repeats a measure and its baseline side by side (after one untimed round of each) and reports the ratios. */
async function paired(measure: string, ours: () => number | Promise<number>, baseline: () => number | Promise<number>, unit = '/s'): Promise<SpeedRow> {
  await ours();
  await baseline();
  const oursValues: number[] = [];
  const baseValues: number[] = [];
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    oursValues.push(await ours());
    baseValues.push(await baseline());
  }
  const ratios = oursValues.map((value, index) => value / baseValues[index]);
  return { measure, vboxcore: `${count(middle(oursValues))}${unit}`, baseline: `${count(middle(baseValues))}${unit}`, ratio: spread(ratios) };
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Random page-aligned addresses inside the data of a built dump's ranges. */
function dataAddresses(built: BuiltDump, count: number, alignment: number): number[] {
  const next = random(42);
  const ranges = built.ranges.filter((range) => range.fileSize >= alignment);
  const total = ranges.reduce((sum, range) => sum + range.fileSize, 0);
  return Array.from({ length: count }, () => {
    let offset = Math.floor(next() * total);
    for (const range of ranges) {
      if (offset < range.fileSize) return range.physicalAddress + Math.min(Math.floor(offset / alignment) * alignment, range.fileSize - alignment);
      offset -= range.fileSize;
    }
    return 0;
  });
}

/** Drops the kernel's page cache (root only); false where that is not allowed. */
function dropCaches(): boolean {
  try {
    spawnSync('sync');
    fs.writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}

const SAMPLE_PATH = path.join(__dirname, '..', '..', 'samples', 'small-guest.elf');

/** The commands whose start-up is measured: on the bundled sample (its vCPUs' tables walked to name a kernel) and on the 24 GB layout. */
export const START_UP_COMMANDS = (largePath: string): { shown: string; args: string[] }[] => [
  { shown: '--version', args: ['--version'] },
  ...['info', 'validate'].flatMap((command) => [
    { shown: `${command} the sample`, args: [command, SAMPLE_PATH] },
    { shown: `${command} the 24 GB layout`, args: [command, largePath] },
  ]),
];

/**
 * CPU time (user + system, every thread) and minor page faults of whole processes, from wait4:
 * the commands in turn, `runs` times. Node has no wait4, Python's os module has.
 */
function processCpu(commands: string[][], runs: number): { cpuMs: number; faults: number }[][] {
  const script = [
    'import json, os, sys',
    'runs, commands = int(sys.argv[1]), json.loads(sys.argv[2])',
    'null = os.open(os.devnull, os.O_WRONLY)',
    'results = [[] for _ in commands]',
    'for _ in range(runs):',
    '    for index, argv in enumerate(commands):',
    '        pid = os.fork()',
    '        if pid == 0:',
    '            os.dup2(null, 1); os.dup2(null, 2)',
    '            try: os.execv(argv[0], argv)',
    '            finally: os._exit(127)',
    '        _, status, usage = os.wait4(pid, 0)',
    '        if status != 0: sys.exit(f"{argv} ended with wait status {status}")',
    '        results[index].append({"cpuMs": (usage.ru_utime + usage.ru_stime) * 1000, "faults": usage.ru_minflt})',
    'print(json.dumps(results))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, String(runs), JSON.stringify(commands)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`measuring CPU time: ${result.stderr || result.error}`);
  return JSON.parse(result.stdout) as { cpuMs: number; faults: number }[][];
}

/** What the first touch of a page costs on this machine: 64 MiB made and written once, CPU µs per minor fault. */
function firstTouchMicroseconds(): number {
  const before = process.resourceUsage();
  const pages = Buffer.alloc(64 * 1024 * 1024);
  for (let offset = 0; offset < pages.length; offset += 4096) pages[offset] = 1;
  const after = process.resourceUsage();
  const cpu = after.userCPUTime + after.systemCPUTime - before.userCPUTime - before.systemCPUTime;
  return cpu / (after.minorPageFault - before.minorPageFault);
}

/**
 * Start-up (issue 27): each command's CPU time against `node -e 0`'s, in turn 30 times, with the
 * page faults beside, since on a virtual machine where a first touch of memory is expensive those
 * are most of it.
 */
export function startUpRows(startPath: string, commands: { shown: string; args: string[] }[]): SpeedRow[] {
  const runs = 30;
  const [node, ...measured] = processCpu([[process.execPath, '-e', '0'], ...commands.map(({ args }) => [process.execPath, startPath, ...args])], runs);
  const nodeCpu = middle(node.map((run) => run.cpuMs));
  const nodeFaults = middle(node.map((run) => run.faults));
  const touch = firstTouchMicroseconds();
  const rows: SpeedRow[] = measured.map((times, index) => {
    const extra = times.map((run, runIndex) => run.cpuMs - node[runIndex].cpuMs);
    const faults = middle(times.map((run) => run.faults));
    return {
      measure: `CPU time of \`vboxcore ${commands[index].shown}\`, a whole process, vs node -e 0 (user + system, every thread, from wait4; ${runs} runs each in turn; ratio column: the difference, median (min-max) ms; target +10 ms)`,
      vboxcore: `${middle(times.map((run) => run.cpuMs)).toFixed(1)} ms, ${faults} page faults`,
      baseline: `${nodeCpu.toFixed(1)} ms, ${nodeFaults} page faults`,
      ratio: `+${spread(extra, 1)} ms`,
    };
  });
  rows.push({ measure: 'for scale: CPU time of a first touch of a page of memory on this machine (64 MiB made and written once, in this process), µs per page fault; node -e 0 makes the faults beside', vboxcore: `${touch.toFixed(1)} µs`, baseline: `${nodeFaults} faults`, ratio: `${((touch * nodeFaults) / 1000).toFixed(0)} ms` });
  return rows;
}

/** 256 MiB read by a loop of FileHandle reads into one buffer, in MiB/s. */
async function openRawAsync(file: string): Promise<(fileOffset: number) => Promise<number>> {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  return async (fileOffset) => {
    const handle = await fs.promises.open(file, 'r');
    try {
      const start = process.hrtime.bigint();
      for (let offset = 0; offset < 0x1000_0000; offset += buffer.length) await handle.read(buffer, 0, buffer.length, fileOffset + offset);
      return 0x1000_0000 / 2 ** 20 / (Number(process.hrtime.bigint() - start) / 1e9);
    } finally {
      await handle.close();
    }
  };
}

export async function speedRows(folder: string, large: BuiltDump, startPath: string): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  const dataDump = buildDump(path.join(folder, 'data-256m.elf'), { ranges: [{ physicalAddress: 0, size: 0x1000_0000 }], fill: 'full' });

  // Translation on the 24 GB layout's random addresses, numbers below 2^53.
  const sparse = openDump(large.path);
  const lookups = dataAddresses(large, 65536, 1);
  const lookupsBig = lookups.map(BigInt);
  const lookupRates = Array.from({ length: REPETITIONS }, () => rate((index) => sparse.physical.fileOffsetOf(lookups[index & 65535]), SECONDS));
  const translateRates = Array.from({ length: REPETITIONS }, () => rate((index) => sparse.physical.translate(lookups[index & 65535]), SECONDS));
  const bigRates = Array.from({ length: REPETITIONS }, () => rate((index) => sparse.physical.translate(lookupsBig[index & 65535]), SECONDS));
  rows.push({ measure: `physical lookups/s, 24 GB layout (${large.ranges.length} ranges), random addresses: fileOffsetOf(number) (target 25 M); translate(number) and translate(BigInt) beside it`, vboxcore: `${count(middle(lookupRates))} (${count(sorted(lookupRates)[0])}-${count(sorted(lookupRates)[REPETITIONS - 1])})`, baseline: `${count(middle(translateRates))}; ${count(middle(bigRates))}`, ratio: '-' });

  // Random 4 KiB physical reads against raw preads at the same file offsets.
  for (const [label, built, dump] of [['data pages (256 MiB of data, page cache)', dataDump, openDump(dataDump.path)], ['a sparse file (24 GB layout)', large, sparse]] as const) {
    const addresses = dataAddresses(built, 65536, 4096);
    const offsets = addresses.map((address) => dump.physical.fileOffsetOf(address)!);
    const buffer = Buffer.allocUnsafe(4096);
    const descriptor = fs.openSync(built.path, 'r');
    const raw = (): number => rate((index) => fs.readSync(descriptor, buffer, 0, 4096, offsets[index & 65535]), SECONDS);
    rows.push(await paired(`random 4 KiB physical readInto() vs raw fs.readSync at the same offsets, ${label} (target 0.95)`, () => rate((index) => dump.physical.readInto(addresses[index & 65535], buffer), SECONDS), raw));
    rows.push(await paired(`random 4 KiB physical read() (a new buffer each) vs raw fs.readSync into one buffer, ${label} (target 0.85)`, () => rate((index) => dump.physical.read(addresses[index & 65535], 4096), SECONDS), raw));
    rows.push(await paired(`random 4 KiB physical read() vs raw fs.readSync into a new buffer each, ${label}`, () => rate((index) => dump.physical.read(addresses[index & 65535], 4096), SECONDS), () => rate((index) => fs.readSync(descriptor, Buffer.allocUnsafe(4096), 0, 4096, offsets[index & 65535]), SECONDS)));
    fs.closeSync(descriptor);
  }

  // Sequential scans of the 256 MiB of data against a raw sequential read of the same bytes.
  const data = openDump(dataDump.path);
  const chunk = 4 * 1024 * 1024;
  const rawScan = (): number => {
    const descriptor = fs.openSync(dataDump.path, 'r');
    const buffer = Buffer.allocUnsafe(chunk);
    const start = process.hrtime.bigint();
    for (let offset = 0; offset < 0x1000_0000; offset += chunk) fs.readSync(descriptor, buffer, 0, chunk, dataDump.ranges[0].fileOffset + offset);
    fs.closeSync(descriptor);
    return 0x1000_0000 / 2 ** 20 / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const syncScan = (): number => {
    const start = process.hrtime.bigint();
    let bytes = 0;
    for (const piece of data.physical.scan({ selection: 'ram', chunkSize: chunk })) bytes += piece.kind === 'data' ? piece.bytes.length : 0;
    return bytes / 2 ** 20 / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const asyncData = await openDumpAsync(dataDump.path);
  const asyncScan = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    let bytes = 0;
    for await (const piece of asyncData.physical.scan({ selection: 'ram', chunkSize: chunk })) bytes += piece.kind === 'data' ? piece.bytes.length : 0;
    return bytes / 2 ** 20 / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const heapBefore = process.memoryUsage().rss;
  rows.push(await paired('sequential scan of 256 MiB of RAM, 4 MiB chunks: physical.scan() vs a raw sequential fs.readSync loop over the same bytes (target 0.95)', syncScan, rawScan, ' MiB/s'));
  rows.push(await paired('the same with the asynchronous scan (FileHandle; nothing done with the chunks) vs the raw loop', asyncScan, rawScan, ' MiB/s'));
  const rawAsyncLoop = await openRawAsync(dataDump.path);
  rows.push(await paired('for scale: a raw loop of FileHandle reads (4 MiB, one at a time) vs the raw fs.readSync loop: what a trip through the thread pool costs', () => rawAsyncLoop(dataDump.ranges[0].fileOffset), rawScan, ' MiB/s'));
  // A scan is for looking at the bytes: with a search in each chunk, the asynchronous scan reads
  // the next chunk while this one is searched.
  const needle = Buffer.from('a needle not in the pattern');
  const search = (bytes: Uint8Array): boolean => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(needle) >= 0;
  const syncSearch = (): number => {
    const start = process.hrtime.bigint();
    let bytes = 0;
    for (const piece of data.physical.scan({ selection: 'ram', chunkSize: chunk })) if (piece.kind === 'data' && !search(piece.bytes)) bytes += piece.bytes.length;
    return bytes / 2 ** 20 / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const asyncSearch = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    let bytes = 0;
    for await (const piece of asyncData.physical.scan({ selection: 'ram', chunkSize: chunk })) if (piece.kind === 'data' && !search(piece.bytes)) bytes += piece.bytes.length;
    return bytes / 2 ** 20 / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  rows.push(await paired('sequential search of 256 MiB of RAM (Buffer.indexOf in each 4 MiB chunk): asynchronous scan() vs synchronous scan() (target 0.95)', asyncSearch, syncSearch, ' MiB/s'));
  rows.push({ measure: 'memory of those scans: process RSS growth over 16 scans of 256 MiB', vboxcore: `${((process.memoryUsage().rss - heapBefore) / 2 ** 20).toFixed(1)} MiB`, baseline: '-', ratio: '-' });

  // Asynchronous random reads, 16 in flight, against the synchronous readInto on the same addresses.
  const addresses = dataAddresses(dataDump, 65536, 4096);
  const syncBuffer = Buffer.allocUnsafe(4096);
  const buffers = Array.from({ length: 16 }, () => new Uint8Array(4096));
  rows.push(await paired('random 4 KiB reads from the page cache (hot), asynchronous API with 16 in flight vs the synchronous readInto(): a cached read costs less than a trip through the thread pool', () => asyncRate((index) => asyncData.physical.readInto(addresses[index & 65535], buffers[index & 15]), SECONDS, 16), () => rate((index) => data.physical.readInto(addresses[index & 65535], syncBuffer), SECONDS)));
  // From the disk (the page cache dropped before each run, where this machine lets root do it):
  // what the asynchronous API is for, reads that wait on the device, several at once.
  if (dropCaches()) {
    const cold = addresses.slice(0, 4096);
    const coldSync = (): number => {
      dropCaches();
      const start = process.hrtime.bigint();
      for (const address of cold) data.physical.readInto(address, syncBuffer);
      return cold.length / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    const coldAsync = async (): Promise<number> => {
      dropCaches();
      let next = 0;
      const start = process.hrtime.bigint();
      await Promise.all(buffers.map(async (buffer) => {
        while (next < cold.length) await asyncData.physical.readInto(cold[next++], buffer);
      }));
      return cold.length / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    rows.push(await paired('random 4 KiB reads from the disk (page cache dropped before each run), asynchronous API with 16 in flight vs the synchronous readInto() (target 1.5)', coldAsync, coldSync));
  } else {
    rows.push({ measure: 'random 4 KiB reads from the disk: not measured (dropping the page cache needs root: /proc/sys/vm/drop_caches)', vboxcore: '-', baseline: '-', ratio: '-' });
  }

  // Virtual reads over 4 GiB mapped with 4 KiB pages (sparse RAM).
  const mapped = 4 * 1024 ** 3;
  const virtualBase = 0xffff_8880_0000_0000n;
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x100_0000, size: 0x100_0000 }, mappings: [{ virtualAddress: virtualBase, physicalAddress: 0n, size: mapped, pageSize: 0x1000, writable: true, noExecute: true }] });
  const paged = buildDump(path.join(folder, 'paged-4g-speed.elf'), { ranges: [{ physicalAddress: 0, size: mapped }], fill: 'none', cpus: [tables.cpu], physicalWrites: tables.writes });
  const pagedDump = openDump(paged.path);
  const space = cpuAddressSpace(pagedDump);
  for (const workingSet of [4096, 65536]) {
    const next = random(7);
    const pages = Array.from({ length: workingSet }, () => Math.floor(next() * (mapped / 4096)) * 4096);
    const virtualAddresses = pages.map((page) => virtualBase + BigInt(page));
    const buffer = Buffer.allocUnsafe(4096);
    rows.push(await paired(`random 4 KiB virtual readInto() (4-level, translation cache) vs physical readInto() at the same pages, ${count(workingSet)} random pages (target 0.8)`, () => rate((index) => space.readInto(virtualAddresses[index % workingSet], buffer), SECONDS), () => rate((index) => pagedDump.physical.readInto(pages[index % workingSet], buffer), SECONDS)));
  }
  const megabyte = Buffer.allocUnsafe(1 << 20);
  let virtualOffset = 0;
  let physicalOffset = 0;
  rows.push(await paired('sequential virtual readInto() of 1 MiB pieces over the mapped 4 GiB vs physical readInto() of the same pieces (target 0.9)', () => rate(() => {
    space.readInto(virtualBase + BigInt(virtualOffset), megabyte);
    virtualOffset = (virtualOffset + (1 << 20)) % mapped;
  }, SECONDS), () => rate(() => {
    pagedDump.physical.readInto(physicalOffset, megabyte);
    physicalOffset = (physicalOffset + (1 << 20)) % mapped;
  }, SECONDS), ' MiB/s'));
  const asyncPaged = await openDumpAsync(paged.path);
  const asyncSpace = cpuAddressSpaceAsync(asyncPaged);
  const elapsedMs = async (work: () => unknown): Promise<number> => {
    const start = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  // Each warmed up by five calls of both kinds (V8 optimizes the walk and the fetching over the
  // first few: measured, the asynchronous call took 212, 126, 105, 92, 42, then 27-31 ms, the
  // synchronous 70, 59, 42, 33, 34, then 29-38), then seven pairs, in turn; medians.
  // Cold: a new space each call, every table read. Warm: the same space again, as a viewer or a
  // script calling maps() twice meets it (the synchronous walker keeps its table cache, the
  // asynchronous space what its last complete maps() fetched).
  const asyncListing = await asyncSpace.maps();
  space.maps();
  for (let warmUp = 0; warmUp < 5; warmUp++) {
    await cpuAddressSpaceAsync(asyncPaged).maps();
    cpuAddressSpace(pagedDump).maps();
  }
  for (const [label, asyncMaps, syncMaps] of [
    ['a new space each call', () => cpuAddressSpaceAsync(asyncPaged).maps(), () => cpuAddressSpace(pagedDump).maps()],
    ['the same space again', () => asyncSpace.maps(), () => space.maps()],
  ] as const) {
    const asyncTimes: number[] = [];
    const syncTimes: number[] = [];
    for (let round = 0; round < 7; round++) {
      asyncTimes.push(await elapsedMs(asyncMaps));
      syncTimes.push(await elapsedMs(syncMaps));
    }
    const [asyncMs, syncMs] = [middle(asyncTimes), middle(syncTimes)];
    rows.push({ measure: `asynchronous maps() over the mapped 4 GiB (${asyncListing.tablesRead} tables, fetched in rounds, tables next to each other read together) vs the synchronous maps(), ${label} (medians of 7 pairs after 5 warm-up calls; ms; ratio: synchronous / asynchronous; target 0.7)`, vboxcore: `${asyncMs.toFixed(0)} ms`, baseline: `${syncMs.toFixed(0)} ms`, ratio: (syncMs / asyncMs).toFixed(2) });
  }

  rows.push(...startUpRows(startPath, START_UP_COMMANDS(large.path)));

  for (const closing of [sparse, data, pagedDump]) closing.close();
  await asyncData.close();
  await asyncPaged.close();
  return rows;
}
