/**
 * `make bench`: measures vboxcore against baselines taken in the same run and writes a table
 * to bench/results/latest.md. Dumps are built sparse in a temporary folder and removed after.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDump, BuiltDump, buildPageTables, layoutGuest24g, layoutGuest64m } from '../src/builder';
import { cpuAddressSpace, exportDump, ExportOptions, openDump, summarizeDump } from '../src';
import { speedRows, startUpRows, START_UP_COMMANDS } from './speed';
import { viewServerRows } from './view-server';
import { batchRows } from './batch';
import { viewerSearchRows } from './viewer-search';
import { rate } from './rate';

const projectRoot = path.resolve(__dirname, '..', '..');
// The command as installed: the bundle, through the code cache.
const cliPath = path.join(projectRoot, 'dist', 'src', 'cli', 'start.js');

interface Row {
  measure: string;
  vboxcore: string;
  baseline: string;
  ratio: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall time of one process that must succeed, in milliseconds. */
function spawnMs(command: string, args: string[]): number {
  return timeMs(() => {
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  });
}

/** Median wall time of a whole node process, in milliseconds. */
function processMs(args: string[], runs: number): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push(spawnMs(process.execPath, args));
  return median(samples);
}

/** rate() with a warm-up first, 256 operations per clock read: the rows measured one at a time. */
const warmRate = (operation: (iteration: number) => void, seconds: number): number => rate(operation, seconds, { warmUp: true, batch: 256 });

function inProcessInfoMs(dumpPath: string): number {
  const samples: number[] = [];
  for (let run = 0; run < 200; run++) {
    samples.push(
      timeMs(() => {
        const dump = openDump(dumpPath);
        summarizeDump(dump);
        dump.close();
      }),
    );
  }
  return median(samples);
}

/** A deterministic pseudo-random sequence (so runs are comparable). */
function randomSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomDataAddresses(built: BuiltDump, count: number, alignment: number): number[] {
  const random = randomSequence(42);
  const dataRanges = built.ranges.filter((range) => range.fileSize >= alignment);
  const total = dataRanges.reduce((sum, range) => sum + range.size, 0);
  const addresses: number[] = [];
  for (let index = 0; index < count; index++) {
    let offset = Math.floor(random() * total);
    for (const range of dataRanges) {
      if (offset < range.size) {
        const inRange = Math.min(Math.floor(offset / alignment) * alignment, range.size - alignment);
        addresses.push(range.physicalAddress + inRange);
        break;
      }
      offset -= range.size;
    }
  }
  return addresses;
}

function formatNumber(value: number, digits = 1): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

async function exportMs(dumpPath: string, outputPath: string, options: ExportOptions = {}): Promise<{ ms: number; diskBytes: number; length: number }> {
  fs.rmSync(outputPath, { force: true });
  const started = process.hrtime.bigint();
  const summary = await exportDump(dumpPath, outputPath, options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  fs.rmSync(outputPath, { force: true });
  return { ms, diskBytes: summary.outputDiskBytes ?? 0, length: summary.outputLength };
}

type CopyContender = 'native' | 'native, --dense' | 'native, --dense, aligned' | 'native, fsynced' | 'javascript' | 'native, --hash sha256' | 'cp' | 'cp + sync';

/**
 * Median wall time of each way of copying the dump, in milliseconds. Every round runs each
 * contender once, starting one later in the list each round: on this kind of machine a copy
 * right after another big copy and delete can take longer, whichever it is, so no contender may
 * always follow the same one. An untimed cp first warms the page cache and the allocator.
 */
async function exportAgainstCp(dumpPath: string, alignedPath: string, folder: string, rounds: number): Promise<Record<CopyContender, number>> {
  const exportPath = path.join(folder, 'export.raw');
  const copyPath = path.join(folder, 'cp-copy');
  const contenders: Record<CopyContender, () => Promise<number>> = {
    native: async () => (await exportMs(dumpPath, exportPath, { engine: 'native', sync: false })).ms,
    'native, --dense': async () => (await exportMs(dumpPath, exportPath, { engine: 'native', sync: false, dense: true })).ms,
    'native, --dense, aligned': async () => (await exportMs(alignedPath, exportPath, { engine: 'native', sync: false, dense: true, kernelCopy: 'always' })).ms,
    'native, fsynced': async () => (await exportMs(dumpPath, exportPath, { engine: 'native', sync: true })).ms,
    javascript: async () => (await exportMs(dumpPath, exportPath, { engine: 'javascript', sync: false })).ms,
    'native, --hash sha256': async () => (await exportMs(dumpPath, exportPath, { engine: 'native', sync: false, hash: ['sha256'] })).ms,
    cp: async () => spawnMs('cp', [dumpPath, copyPath]),
    'cp + sync': async () => spawnMs('sh', ['-c', `cp "${dumpPath}" "${copyPath}" && sync "${copyPath}"`]),
  };
  const names = Object.keys(contenders) as CopyContender[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<CopyContender, number[]>;
  spawnMs('cp', [dumpPath, copyPath]);
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length];
      fs.rmSync(copyPath, { force: true });
      spawnMs('sync', []);
      samples[name].push(await contenders[name]());
    }
  }
  fs.rmSync(copyPath, { force: true });
  return Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<CopyContender, number>;
}

/** Peak RSS and wall time of a whole export process. */
function exportProcess(dumpPath: string, outputPath: string): { maxRssMiB: number; ms: number } {
  const script = `const { exportDump } = require(${JSON.stringify(path.join(projectRoot, 'dist', 'src'))});
const started = Date.now();
exportDump(process.argv[1], process.argv[2]).then(() => console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms: Date.now() - started })));`;
  fs.rmSync(outputPath, { force: true });
  const result = spawnSync(process.execPath, ['-e', script, dumpPath, outputPath], { encoding: 'utf8' });
  fs.rmSync(outputPath, { force: true });
  if (result.status !== 0) throw new Error(`export process failed: ${result.stderr}`);
  const measured = JSON.parse(result.stdout) as { maxRssKiB: number; ms: number };
  return { maxRssMiB: measured.maxRssKiB / 1024, ms: measured.ms };
}

/** Virtual memory: a 4 GiB window mapped with 4 KiB pages (1,048,576 PTEs) over 4 GiB of sparse RAM. */
function virtualRows(folder: string): Row[] {
  const mappedBytes = 4 * 1024 ** 3;
  const virtualBase = 0xffff_8880_0000_0000n;
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x100_0000, size: 0x100_0000 }, mappings: [{ virtualAddress: virtualBase, physicalAddress: 0n, size: mappedBytes, pageSize: 0x1000, writable: true, noExecute: true }] });
  const built = buildDump(path.join(folder, 'paged-4g.elf'), { ranges: [{ physicalAddress: 0, size: mappedBytes }], fill: 'none', cpus: [tables.cpu], physicalWrites: tables.writes });
  const dump = openDump(built.path);
  try {
    const space = cpuAddressSpace(dump);
    const next = randomSequence(7);
    const pages = Array.from({ length: 65536 }, () => Math.floor(next() * (mappedBytes / 4096)) * 4096);
    const virtualAddresses = pages.map((page) => virtualBase + BigInt(page));
    const buffer = Buffer.allocUnsafe(4096);
    const virtualRate = warmRate((iteration) => space.readInto(virtualAddresses[iteration & 65535], buffer), 1.5);
    const physicalRate = warmRate((iteration) => dump.physical.readInto(pages[iteration & 65535], buffer), 1.5);
    const walkRate = warmRate((iteration) => space.walk(virtualAddresses[iteration & 65535]), 1.5);
    const mapsTimes = Array.from({ length: 3 }, () => timeMs(() => space.maps()));
    const listing = space.maps();
    return [
      { measure: 'random 4 KiB virtual readInto() calls/s (65,536 random pages, 4-level, translation cache; one run after a warm-up) vs physical readInto() at the same physical pages', vboxcore: formatNumber(virtualRate), baseline: formatNumber(physicalRate), ratio: (virtualRate / physicalRate).toFixed(2) },
      { measure: 'page-table walks/s (4 levels, random 4 KiB pages)', vboxcore: formatNumber(walkRate), baseline: '-', ratio: '-' },
      { measure: `maps over a fully mapped 4 GiB (4 KiB pages, ${listing.tablesRead} tables, ${listing.entriesExamined} entries; median of 3)`, vboxcore: `${median(mapsTimes).toFixed(0)} ms`, baseline: '-', ratio: '-' },
    ];
  } finally {
    dump.close();
  }
}

/** Wall time and peak RSS of one CLI run whose standard output goes to /dev/null. */
function cliToDevNull(args: string[]): { ms: number; maxRssMiB: number } {
  // The command as installed (start.js: the bundle and its code cache), its peak RSS told at exit by a preloaded line.
  const reporter = path.join(os.tmpdir(), 'vboxcore-bench-rss.js');
  fs.writeFileSync(reporter, "process.on('exit', () => process.stderr.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })));\n");
  const devNull = fs.openSync('/dev/null', 'w');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--require', reporter, path.join(projectRoot, 'dist', 'src', 'cli', 'start.js'), ...args], { stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`vboxcore ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return { ms, maxRssMiB: (JSON.parse(result.stderr) as { maxRssKiB: number }).maxRssKiB / 1024 };
  } finally {
    fs.closeSync(devNull);
  }
}

/** Wall time of a shell pipeline whose output goes to /dev/null. */
function shellMs(command: string): number {
  return spawnMs('bash', ['-c', `${command} > /dev/null`]);
}

/**
 * `read` of the documented maximum, 256 MiB, streamed to /dev/null: time against the system tool
 * doing the same to the same bytes (dd for raw, hexdump -C, xxd -p for plain hex), and the peak
 * RSS, which must not follow the length.
 */
function readRows(folder: string): Row[] {
  const length = 256 * 1024 * 1024;
  const built = buildDump(path.join(folder, 'read-256m.elf'), { ranges: [{ physicalAddress: 0, size: length }], fill: 'full' });
  const offset = built.ranges[0].fileOffset;
  const slice = `tail -c +${offset + 1} ${built.path} | head -c ${length}`;
  const rows: Row[] = [];
  const cases: [string, string[], string][] = [
    ['raw bytes (--raw)', ['--raw'], `dd if=${built.path} iflag=skip_bytes,count_bytes skip=${offset} count=${length} bs=1M status=none`],
    ['hexdump', [], `${slice} | hexdump -C`],
    ['JSON (hex string)', ['--json'], `${slice} | xxd -p`],
  ];
  for (const [label, flags, baseline] of cases) {
    const measured = Array.from({ length: 3 }, () => cliToDevNull(['read', built.path, '--paddr', '0', '--length', String(length), ...flags]));
    const ms = median(measured.map((run) => run.ms));
    const baselineMs = median(Array.from({ length: 3 }, () => shellMs(baseline)));
    const rss = Math.max(...measured.map((run) => run.maxRssMiB));
    const tool = baseline.startsWith('dd') ? 'dd' : baseline.split('| ').pop()!;
    rows.push({ measure: `read 256 MiB as ${label} to /dev/null, a whole process (median of 3; baseline: ${tool} over the same bytes); peak RSS ${rss.toFixed(0)} MiB`, vboxcore: `${ms.toFixed(0)} ms`, baseline: `${baselineMs.toFixed(0)} ms`, ratio: (baselineMs / ms).toFixed(2) });
  }
  fs.rmSync(built.path, { force: true });
  // Start-up amortized: 2 GiB as raw bytes, the whole process against dd over the same bytes.
  const large = buildDump(path.join(folder, 'read-2g.elf'), { ranges: [{ physicalAddress: 0, size: 2 * 1024 ** 3 }], fill: 'full' });
  const largeOffset = large.ranges[0].fileOffset;
  const dd = `dd if=${large.path} iflag=skip_bytes,count_bytes skip=${largeOffset} count=${2 * 1024 ** 3} bs=1M status=none`;
  shellMs(dd); // into the page cache
  const pairs = Array.from({ length: 5 }, () => [cliToDevNull(['read', large.path, '--paddr', '0', '--length', '2GiB', '--raw']).ms, shellMs(dd)]);
  const [readMs, ddMs] = [median(pairs.map(([read]) => read)), median(pairs.map(([, baseline]) => baseline))];
  rows.push({ measure: 'read 2 GiB as raw bytes (--raw) to /dev/null, a whole process (median of 5 pairs; baseline: dd bs=1M over the same bytes; target 0.8)', vboxcore: `${readMs.toFixed(0)} ms`, baseline: `${ddMs.toFixed(0)} ms`, ratio: (ddMs / readMs).toFixed(2) });
  fs.rmSync(large.path, { force: true });
  return rows;
}

/** Export against cp on non-zero dumps, sparse against dense output, and the memory a 24 GB export takes. */
async function exportRows(folder: string, small: BuiltDump, large: BuiltDump): Promise<Row[]> {
  const rows: Row[] = [];
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const nonZeroSmall = buildDump(path.join(folder, 'nonzero-768m.elf'), { fill: 'full', ranges: [{ physicalAddress: 0, size: 768 * 1024 * 1024 }] });
  const nonZeroLarge = buildDump(path.join(folder, 'nonzero-2g.elf'), { fill: 'full', ranges: [{ physicalAddress: 0, size: 2 * 1024 ** 3 }] });
  for (const [label, built, rounds] of [['768 MiB', nonZeroSmall, 7], ['2 GiB', nonZeroLarge, 5]] as const) {
    // The same memory with page-aligned data (vboxcore's own ELF export): raw pieces then lie alike in a page.
    const alignedPath = path.join(folder, `aligned-${built.fileSize}.elf`);
    await exportDump(built.path, alignedPath, { format: 'elf', sync: false, force: true });
    const measured = await exportAgainstCp(built.path, alignedPath, folder, rounds);
    fs.rmSync(alignedPath, { force: true });
    const timeAndRate = (ms: number): string => `${ms.toFixed(0)} ms (${mib((built.fileSize / ms) * 1000)}/s)`;
    const row = (measure: string, contender: CopyContender, baseline: CopyContender): Row => ({ measure, vboxcore: timeAndRate(measured[contender]), baseline: timeAndRate(measured[baseline]), ratio: (measured[baseline] / measured[contender]).toFixed(2) });
    rows.push(row(`export raw --no-sync, ${label} of non-zero data, native engine (the default), vs cp of the dump (medians; ratio = cp time / export time)`, 'native', 'cp'));
    rows.push(row(`export raw --dense --no-sync, ${label} of non-zero data at unaligned offsets (as VirtualBox writes them: the native engine's buffers), vs cp of the dump`, 'native, --dense', 'cp'));
    rows.push(row(`export raw --dense --no-sync, ${label} of non-zero data at page-aligned offsets (vboxcore's ELF export) through copy_file_range (--kernel-copy always; auto leaves ext4 to the buffers), vs cp of the dump`, 'native, --dense, aligned', 'cp'));
    rows.push(row(`export raw (fsynced, the default), ${label} of non-zero data, native engine, vs cp + sync of the dump`, 'native, fsynced', 'cp + sync'));
    rows.push(row(`export raw --no-sync, ${label} of non-zero data, JavaScript engine (the fallback), vs cp of the dump`, 'javascript', 'cp'));
    rows.push(row(`export raw --no-sync --hash sha256 (the whole dump hashed beside the copy), ${label} of non-zero data, vs the same export without --hash (goal: at least 0.83, i.e. at most 20 % more time)`, 'native, --hash sha256', 'native'));
  }
  const copyingProcess = exportProcess(nonZeroLarge.path, path.join(folder, 'nonzero-2g.raw'));
  rows.push({ measure: 'export raw of 2 GiB of non-zero data (every byte read and written, fsynced): peak RSS of the process, wall time', vboxcore: `${copyingProcess.maxRssMiB.toFixed(0)} MiB`, baseline: `${(copyingProcess.ms / 1000).toFixed(1)} s`, ratio: '-' });
  fs.rmSync(nonZeroLarge.path, { force: true });

  const sparse = await exportMs(small.path, path.join(folder, 'sparse.raw'));
  const dense = await exportMs(small.path, path.join(folder, 'dense.raw'), { dense: true });
  rows.push({ measure: 'export raw of the 64 MiB guest layout: disk used, sparse vs --dense (same length)', vboxcore: `${mib(sparse.diskBytes)} of ${mib(sparse.length)}`, baseline: `${mib(dense.diskBytes)} of ${mib(dense.length)}`, ratio: (sparse.diskBytes / dense.diskBytes).toFixed(4) });
  rows.push({ measure: 'export raw of the 64 MiB guest layout: time, sparse vs --dense', vboxcore: `${sparse.ms.toFixed(0)} ms`, baseline: `${dense.ms.toFixed(0)} ms`, ratio: (dense.ms / sparse.ms).toFixed(2) });

  const large24 = exportProcess(large.path, path.join(folder, 'large.raw'));
  rows.push({ measure: 'export raw of the 24 GB layout (a sparse file: its holes are stepped over): peak RSS of the process, wall time', vboxcore: `${large24.maxRssMiB.toFixed(0)} MiB`, baseline: `${(large24.ms / 1000).toFixed(1)} s`, ratio: '-' });
  return rows;
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-bench-'));
  try {
    const small = buildDump(path.join(folder, 'guest-64m.elf'), layoutGuest64m());
    const large = buildDump(path.join(folder, 'guest-24g.elf'), layoutGuest24g());
    const rows: Row[] = [];
    // BENCH_ONLY=virtual, export, read, speed, startup, view, search or batch measures those rows alone (quick to re-run while tuning).
    const only = process.env.BENCH_ONLY;
    const groups: Record<string, () => Promise<Row[]> | Row[]> = {
      virtual: () => virtualRows(folder),
      read: () => readRows(folder),
      speed: () => speedRows(folder, large, cliPath),
      startup: () => startUpRows(cliPath, START_UP_COMMANDS(large.path)),
      view: () => viewServerRows(large, cliPath),
      search: () => viewerSearchRows(folder, large),
      batch: () => batchRows(folder, large, cliPath),
      export: () => exportRows(folder, small, large),
    };
    if (only !== undefined && only in groups) {
      rows.push(...(await groups[only]()));
      process.stdout.write(`${rows.map((row) => `| ${row.measure} | ${row.vboxcore} | ${row.baseline} | ${row.ratio} |`).join('\n')}\n`);
      return;
    }

    const smallInfo = inProcessInfoMs(small.path);
    const largeInfo = inProcessInfoMs(large.path);
    rows.push({ measure: 'info in-process, 24 GB layout vs 64 MB layout (median ms)', vboxcore: `${largeInfo.toFixed(3)} ms`, baseline: `${smallInfo.toFixed(3)} ms`, ratio: (largeInfo / smallInfo).toFixed(2) });

    const nodeOnly = processMs(['-e', '0'], 15);
    const smallProcess = processMs([cliPath, 'info', small.path], 15);
    const largeProcess = processMs([cliPath, 'info', large.path], 15);
    rows.push({ measure: 'vboxcore info process, 24 GB vs 64 MB (median ms)', vboxcore: `${largeProcess.toFixed(1)} ms`, baseline: `${smallProcess.toFixed(1)} ms`, ratio: (largeProcess / smallProcess).toFixed(2) });
    rows.push({ measure: 'vboxcore info process (24 GB) vs node -e 0 (median ms)', vboxcore: `${largeProcess.toFixed(1)} ms`, baseline: `${nodeOnly.toFixed(1)} ms`, ratio: (largeProcess / nodeOnly).toFixed(2) });

    const dump = openDump(large.path);
    try {
      const lookupAddresses = randomDataAddresses(large, 65536, 1);
      const lookups = warmRate((iteration) => dump.physical.translate(lookupAddresses[iteration & 65535]), 1.5);
      rows.push({ measure: 'translate lookups/s, 24 GB layout, random addresses', vboxcore: formatNumber(lookups), baseline: '-', ratio: '-' });

      const readAddresses = randomDataAddresses(large, 65536, 4096);
      const fileOffsets = readAddresses.map((address) => dump.physical.translate(address).fileOffset);
      const readRate = warmRate((iteration) => dump.physical.read(readAddresses[iteration & 65535], 4096), 1.5);
      const reused = Buffer.allocUnsafe(4096);
      const readIntoRate = warmRate((iteration) => dump.physical.readInto(readAddresses[iteration & 65535], reused), 1.5);
      const fileDescriptor = fs.openSync(large.path, 'r');
      const scratch = Buffer.allocUnsafe(4096);
      const rawRate = warmRate((iteration) => fs.readSync(fileDescriptor, scratch, 0, 4096, fileOffsets[iteration & 65535]), 1.5);
      fs.closeSync(fileDescriptor);
      rows.push({ measure: 'random 4 KiB physical read() calls/s (new buffer each) vs raw fs.readSync at the same file offsets', vboxcore: formatNumber(readRate), baseline: formatNumber(rawRate), ratio: (readRate / rawRate).toFixed(2) });
      rows.push({ measure: 'random 4 KiB physical readInto() calls/s (reused buffer) vs raw fs.readSync at the same file offsets', vboxcore: formatNumber(readIntoRate), baseline: formatNumber(rawRate), ratio: (readIntoRate / rawRate).toFixed(2) });
    } finally {
      dump.close();
    }

    rows.push(...(await speedRows(folder, large, cliPath)));
    rows.push(...(await exportRows(folder, small, large)));
    rows.push(...virtualRows(folder));
    rows.push(...readRows(folder));
    rows.push(...(await viewServerRows(large, cliPath)));
    rows.push(...(await batchRows(folder, large, cliPath)));
    rows.push(...(await viewerSearchRows(folder, large)));

    const header = `| measure | vboxcore | baseline | ratio |\n|---|---:|---:|---:|`;
    const body = rows.map((row) => `| ${row.measure} | ${row.vboxcore} | ${row.baseline} | ${row.ratio} |`).join('\n');
    const machine = `${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
    const table = `# vboxcore benchmarks\n\n${machine}; dumps built sparse by the dump builder (64 MiB guest: ${small.fileSize} bytes, 24 GB guest: ${large.fileSize} bytes).\n\n${header}\n${body}\n`;
    const resultsDir = path.join(projectRoot, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'latest.md'), table);
    process.stdout.write(`${table}\nwritten to bench/results/latest.md\n`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
