/**
 * The fuzzing harness: mutates valid dumps of every layout the builder makes, and dumps whose
 * page tables are hostile, and runs open, validate, info, translate, read, vtop, maps (with the
 * CLI's own budgets) and the export's planning for every format on each, in memory. The
 * property: only the library's own typed errors escape, each input finishes in under a second,
 * and the heap stays bounded.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { buildDump, DumpLayout, layoutGuest, layoutGuest24g, layoutSample, layoutVbox4WikiGuest, layoutVbox5016 } from '../../src/builder';
import { cpuAddressSpace, MemorySource, openSource, summarizeDump, VboxCoreError } from '../../src';
import { ignoredLoads, noteSegmentBytes, planExport } from '../../src/export/plan';
import { inspectSource } from '../../src/inspect';
import { toJson } from '../../src/report/json';
import { formatInfo, formatValidation } from '../../src/report/text';
import { qemuCore } from '../qemu-cores';

export interface SeedDump {
  readonly name: string;
  /** The headers, notes and the first 64 KiB of memory. */
  readonly head: Buffer;
  /** The real file size; bytes past the head read as zeros, like the sparse file. */
  readonly size: number;
}

/** Page tables at 0x1000 (inside a seed's first 64 KiB), each table's 512 entries given by a function. */
function hostileTables(tables: Record<number, (index: number) => bigint>): { physicalAddress: number; bytes: Uint8Array }[] {
  return Object.entries(tables).map(([address, entry]) => {
    const bytes = Buffer.alloc(4096);
    for (let index = 0; index < 512; index++) bytes.writeBigUInt64LE(entry(index), index * 8);
    return { physicalAddress: Number(address), bytes };
  });
}

const LONG_MODE = { control: { cr0: 0x8001_0001n, cr3: 0x1000n, cr4: 0x20n }, msrs: { efer: 0xd00n } };
const HOSTILE_RANGES = [{ physicalAddress: 0, size: 0x10_0000 }, { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true }];

/** The hostile page tables of issue 13 as seeds: loops, an alternating last level, tables in MMIO, a PAE PDPT pointing at itself. */
const HOSTILE_SEEDS: readonly [string, DumpLayout][] = [
  ['tables-looping-alternating', { ranges: HOSTILE_RANGES, cpus: [LONG_MODE], physicalWrites: hostileTables({ 0x1000: () => 0x2007n, 0x2000: () => 0x3007n, 0x3000: () => 0x4007n, 0x4000: (index) => 0x8005n | (index % 2 === 0 ? 2n : 0n) }) }],
  ['tables-in-mmio', { ranges: HOSTILE_RANGES, cpus: [LONG_MODE], physicalWrites: hostileTables({ 0x1000: () => 0x2007n, 0x2000: () => 0x3007n, 0x3000: () => 0xfec0_0007n }) }],
  ['tables-looping-writable', { ranges: HOSTILE_RANGES, cpus: [LONG_MODE], physicalWrites: hostileTables({ 0x1000: () => 0x2007n, 0x2000: () => 0x3007n, 0x3000: () => 0x4007n, 0x4000: () => 0x8007n }) }],
  ['pae-self-referencing', { ranges: HOSTILE_RANGES, cpus: [{ control: { cr0: 0x8000_0001n, cr3: 0x1000n, cr4: 0x20n }, msrs: { efer: 0n } }], physicalWrites: hostileTables({ 0x1000: (index) => (index === 0 ? 0x1001n : index < 4 ? 0n : 0x3083n) }) }],
];

const SEED_LAYOUTS: readonly [string, DumpLayout][] = [
  ...HOSTILE_SEEDS,
  ['sample', layoutSample()],
  ['vbox-5.0.16', layoutVbox5016()],
  ['vbox-4.3-8g', layoutVbox4WikiGuest('8g')],
  ['vbox-4.1-5.5g', layoutVbox4WikiGuest('5.5g')],
  ['guest-24g', layoutGuest24g()],
  ['guest-64m-8cpu', layoutGuest(64 * 1024 * 1024, 8)],
  ['format-0x10005', { ...layoutSample(), formatVersion: 0x10005 }],
  ['format-0x10002', { ...layoutSample(), formatVersion: 0x10002 }],
  ['format-0x10003-windows-host', { ...layoutSample(), formatVersion: 0x10003, host: 'msvc' }],
  ['format-0x10006-windows-host', { ...layoutSample(), host: 'msvc' }],
  ['cpumctx-5.0-beta2', { ...layoutSample(), formatVersion: 0x10000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta2' }],
];

/** QEMU-style cores (standard notes, sections), small enough to be whole. */
function qemuSeeds(): SeedDump[] {
  const seed = (name: string, bytes: Buffer): SeedDump => ({ name, head: bytes, size: bytes.length });
  return [seed('qemu-2cpu', qemuCore({ cpuCount: 2, vmcoreinfo: 'OSRELEASE=6.1.0\nPAGESIZE=4096\n' }).bytes), seed('qemu-i386', qemuCore({ machine: 3 }).bytes)];
}

export function seedDumps(): SeedDump[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-fuzz-'));
  try {
    return [...qemuSeeds(), ...SEED_LAYOUTS.map(([name, layout]) => {
      const built = buildDump(path.join(folder, `${name}.elf`), { ...layout, fill: 'edges', edgeBytes: 4096 });
      const headLength = Math.min(built.fileSize, built.dataOffset + 64 * 1024);
      const head = Buffer.alloc(headLength);
      const descriptor = fs.openSync(built.path, 'r');
      fs.readSync(descriptor, head, 0, headLength, 0);
      fs.closeSync(descriptor);
      return { name, head, size: built.fileSize };
    })];
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const BOUNDARY_VALUES: readonly bigint[] = [
  0n, 1n, 7n, 8n, 0x38n, 0x40n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0xffffn, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n,
  1n << 52n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, 1n << 63n, 0xffff_ffff_ffff_ffffn,
];

export type Mutation =
  | { readonly kind: 'flip'; readonly position: number; readonly bit: number }
  | { readonly kind: 'set'; readonly position: number; readonly width: 1 | 2 | 4 | 8; readonly value: bigint }
  | { readonly kind: 'insert'; readonly position: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly position: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly keep: number };

/** Positions favour the headers and notes, where the structure is. */
const position = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 0x4000 }) }, { weight: 1, arbitrary: fc.nat() });

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), position: position.map((value) => value & ~7), width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const), value: fc.constantFrom(...BOUNDARY_VALUES) }),
  fc.record({ kind: fc.constant('insert' as const), position, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), position, length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

/** Applies mutations to a seed; returns the mutated head and the (virtual) file size. */
export function mutate(seed: SeedDump, mutations: readonly Mutation[]): { head: Buffer; size: number } {
  let head = Buffer.from(seed.head);
  let size = seed.size;
  for (const mutation of mutations) {
    switch (mutation.kind) {
      case 'flip': {
        if (head.length === 0) break;
        const at = mutation.position % head.length;
        head[at] ^= 1 << mutation.bit;
        break;
      }
      case 'set': {
        if (head.length < mutation.width) break;
        const at = Math.min(mutation.position % head.length, head.length - mutation.width);
        const value = BigInt.asUintN(mutation.width * 8, mutation.value);
        for (let byte = 0; byte < mutation.width; byte++) head[at + byte] = Number((value >> BigInt(byte * 8)) & 0xffn);
        break;
      }
      case 'insert': {
        const at = head.length === 0 ? 0 : mutation.position % (head.length + 1);
        head = Buffer.concat([head.subarray(0, at), Buffer.from(mutation.bytes), head.subarray(at)]);
        size += mutation.bytes.length;
        break;
      }
      case 'delete': {
        if (head.length === 0) break;
        const at = mutation.position % head.length;
        const length = Math.min(mutation.length, head.length - at);
        head = Buffer.concat([head.subarray(0, at), head.subarray(at + length)]);
        size -= length;
        break;
      }
      case 'truncate': {
        size = Math.floor(size * mutation.keep);
        head = head.subarray(0, Math.min(head.length, size));
        break;
      }
    }
  }
  return { head, size };
}

function expectTyped(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
  }
}

/** Runs every read-only operation of the library and CLI renderers on one input. */
export function exercise(name: string, head: Buffer, size: number): void {
  const source = new MemorySource(name, head, size);
  const { report } = inspectSource(source);
  formatValidation(report);
  let dump;
  try {
    dump = openSource(source);
  } catch (error) {
    if (error instanceof VboxCoreError) return;
    throw error;
  }
  const summary = summarizeDump(dump);
  formatInfo(summary);
  toJson(summary);
  const probes: bigint[] = [0n, 0xfee0_0000n, 0xffff_fff0n, 0x1_0000_0000n, (1n << 53n) - 8n, 0xffff_ffff_ffff_fff0n];
  for (const range of dump.ranges.slice(0, 16)) {
    probes.push(BigInt(range.physicalStart), BigInt(range.physicalStart + Math.floor(range.size / 2)), BigInt(Math.max(range.physicalStart, range.physicalEnd - 8)));
  }
  for (const address of probes) {
    expectTyped(() => dump.physical.translate(address));
    expectTyped(() => dump.physical.read(address, 64));
    expectTyped(() => dump.physical.read(address, 64, { holes: 'zero' }));
  }
  expectTyped(() => dump.physical.mapping(0, 2 ** 52));
  // The vCPUs' page tables are input too: walks and listings over whatever the registers say.
  for (let cpu = 0; cpu < Math.min(dump.cpus.length, 4); cpu++) {
    const registers = dump.cpus[cpu].registers;
    expectTyped(() => {
      const space = cpuAddressSpace(dump, { cpu });
      for (const address of [registers?.general.rip ?? 0n, registers?.general.rsp ?? 0n, 0xffff_ffff_ffff_f000n]) {
        space.walk(address);
        expectTyped(() => space.read(address, 64, { holes: 'zero' }));
      }
      space.maps(); // with the CLI's budgets
    });
  }
  // The export's decisions for every format, with and without --allow-truncated: nothing is written.
  expectTyped(() => ignoredLoads(dump));
  for (const format of ['raw', 'lime', 'elf'] as const) {
    for (const allowTruncated of [false, true]) {
      expectTyped(() => planExport(dump, { format, selection: 'all', allowTruncated, noteSegment: format === 'elf' ? noteSegmentBytes(dump) : null }));
    }
  }
  dump.close();
}

export interface FuzzResult {
  readonly cases: number;
  readonly failure: string | null;
  readonly wallMs: number;
  readonly slowestMs: number;
  /** The seed and mutations of the slowest case, to reproduce it. */
  readonly slowestCase: string;
  readonly peakHeapMiB: number;
}

/** A full garbage collection, reachable without node --expose-gc (jest runs without it). */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/**
 * The hang detector, in wall-clock time. The slowest inputs (hostile page tables walked to the
 * CLI's budget) take 0.5-0.7 s alone and passed one second once on a loaded two-core CI run;
 * CPU time is no better (the collector's threads count too). A runaway input blows any limit.
 */
const CASE_TIME_LIMIT_MS = 3000;
const HEAP_LIMIT_MIB = 512;

/** Runs `iterations` cases from `seed`; fast-check shrinks any failure to a small counterexample. */
export function fuzz(iterations: number, seed: number, seeds: readonly SeedDump[] = seedDumps()): FuzzResult {
  let cases = 0;
  let slowestMs = 0;
  let slowestCase = '';
  let peakHeapMiB = 0;
  const started = Date.now();
  const property = fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), (seedIndex, mutations) => {
    cases += 1;
    const { head, size } = mutate(seeds[seedIndex], mutations);
    const caseStarted = process.hrtime.bigint();
    exercise(`${seeds[seedIndex].name}+${mutations.length}`, head, size);
    const ms = Number(process.hrtime.bigint() - caseStarted) / 1e6;
    if (ms > slowestMs) {
      slowestMs = ms;
      slowestCase = `${seeds[seedIndex].name} ${JSON.stringify(mutations, (_key, value: unknown) => (typeof value === 'bigint' ? `0x${value.toString(16)}` : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value))}`;
    }
    if (ms > CASE_TIME_LIMIT_MS) throw new Error(`one input took ${ms.toFixed(0)} ms (limit ${CASE_TIME_LIMIT_MS})`);
    if (cases % 500 === 0) {
      // What is still held after a full collection: garbage of big listings is not a leak.
      collectGarbage();
      const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;
      peakHeapMiB = Math.max(peakHeapMiB, heapMiB);
      if (heapMiB > HEAP_LIMIT_MIB) throw new Error(`heap grew to ${heapMiB.toFixed(0)} MiB (limit ${HEAP_LIMIT_MIB})`);
    }
  });
  const details = fc.check(property, { numRuns: iterations, seed });
  return {
    cases,
    failure: details.failed ? fc.defaultReportMessage(details) ?? 'failed' : null,
    wallMs: Date.now() - started,
    slowestMs,
    slowestCase,
    peakHeapMiB,
  };
}
