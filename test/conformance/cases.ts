/**
 * The cases of the conformance corpus and what each must give, computed from how each dump is
 * made: the dump builder's layout and register values, its page-table specifications, the
 * mutation, and the problem lists written down in test/corpus.ts. Nothing here reads a dump back
 * with vboxcore: expected values come from construction, the judgments (which problem code) from
 * the corpus's own lists.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { buildDump, buildPageTables, BuiltDump, CPU_FIELD_OFFSETS, defaultCpuValues, DumpLayout, patternBytes, PageMappingSpec } from '../../src/builder';
import { mergeCpuValues, CpuValues } from '../../src/builder/layout';
import { PROBLEMS, ProblemCode } from '../../src';
import { BASE_RANGE_KINDS, corpus, ExpectedProblem, Made, StructureChange } from '../corpus';
import { qemuCore, QemuCoreOptions } from '../qemu-cores';
import { ConformanceCase, CORPUS_VERSION, ExpectedCpu, ExpectedExpectation, ExpectedRange, ExpectedRead, ExpectedRegisters, ExpectedTranslation, ExpectedWalk } from './format';

const hex = (value: number | bigint): string => `0x${value.toString(16)}`;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The corpus's base layout: every kind of range, two vCPUs, small enough to commit (about 90 KiB a dump). */
export const CONFORMANCE_BASE: DumpLayout = {
  cpuCount: 2,
  fill: 'full',
  ranges: [
    { physicalAddress: 0, size: 0x8000 },
    { physicalAddress: 0xe000_0000, size: 0x1000 },
    { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true },
    { physicalAddress: 0xffff_f000, size: 0x1000 },
    { physicalAddress: 0x1_0000_0000, size: 0x2000 },
  ],
};

/** A case as the generator holds it before writing: its file and everything it expects. */
export interface CaseSpec {
  id: string;
  name: string;
  description: string;
  origin: string;
  made: Made;
  problems: ExpectedProblem[];
  /** The problem that stops the reading, when its code is not one that always does. */
  stops?: ProblemCode;
  /** Builder dumps: how the dump differs from its layout. */
  change?: StructureChange;
  /** The kind of each range of the layout, by construction. */
  kinds?: readonly string[];
  /** Dumps not made by the builder: their facts, written out. */
  facts?: Pick<ConformanceCase, 'producer' | 'descriptor' | 'ranges' | 'cpus'> & { content: (fileOffset: number, length: number) => Buffer };
  walks?: ExpectedWalk[];
}

// ---- Registers ------------------------------------------------------------------------------

/** Registers the builder wrote for vCPU `index`, in the case format; null where the layout does not store them. */
function builderRegisters(layout: DumpLayout, built: BuiltDump, index: number): ExpectedRegisters {
  const values: CpuValues = mergeCpuValues(defaultCpuValues(index), layout.cpus?.[index]);
  const table = CPU_FIELD_OFFSETS[built.cpuLayout];
  const version = layout.vboxVersion ?? { major: 7, minor: 0, build: 14 };
  const storesApicBase = table.msrs.apicBase !== undefined && !(built.cpuLayout === 'cpumctx-4.2' && version.major === 4 && version.minor === 2);
  const stored = (name: 'apicBase' | 'tscAux'): string | null => (name === 'apicBase' ? (storesApicBase ? hex(values.msrs.apicBase ?? 0n) : null) : table.msrs.tscAux !== undefined ? hex(values.msrs.tscAux ?? 0n) : null);
  const cs = values.segments.cs!;
  return {
    general: { rax: hex(BigInt.asUintN(64, values.general.rax!)), rsp: hex(values.general.rsp!), rip: hex(values.general.rip!), rflags: table.general.rflags === undefined ? null : hex(values.general.rflags!) },
    control: { cr0: hex(values.control.cr0!), cr3: hex(values.control.cr3!), cr4: hex(values.control.cr4!) },
    msrs: { efer: hex(values.msrs.efer!), lstar: hex(values.msrs.lstar!), apicBase: stored('apicBase'), tscAux: stored('tscAux') },
    gdtr: { base: hex(values.gdtr.base), limit: values.gdtr.limit },
    segments: { cs: { selector: cs.selector, base: hex(cs.base), limit: cs.limit, attributes: cs.attributes } },
  };
}

// ---- Ranges, memory and bytes ---------------------------------------------------------------

interface RangeFacts extends ExpectedRange {
  /** The builder's physical address for the bytes at fileOffset (the pattern there is its). */
  contentAddress: number;
}

/** The ranges a builder dump is read as: the layout's, less what the mutation changed. */
function builderRanges(spec: CaseSpec): RangeFacts[] {
  const built = spec.made.built!;
  const change = spec.change ?? {};
  const fileSize = spec.made.fileSize!;
  const kinds = spec.kinds ?? BASE_RANGE_KINDS;
  const order = change.loadOrder ?? built.ranges.map((_, index) => [index + 1, index] as const);
  const ranges: RangeFacts[] = [];
  order.forEach(([programHeaderIndex, builtIndex]) => {
    if (change.droppedLoads?.includes(programHeaderIndex)) return;
    const source = built.ranges[builtIndex];
    const override = change.rangeChanges?.[programHeaderIndex] ?? {};
    const physicalStart = override.physicalStart ?? source.physicalAddress;
    const declared = override.declaredFileBytes ?? Math.min(source.fileSize, source.size);
    const present = Math.max(0, Math.min(declared, fileSize - source.fileOffset));
    ranges.push({
      programHeaderIndex,
      physicalStart: hex(physicalStart),
      physicalEnd: hex(physicalStart + source.size),
      size: hex(source.size),
      fileOffset: hex(source.fileOffset),
      declaredFileBytes: hex(declared),
      presentBytes: hex(present),
      kind: override.kind ?? (declared === 0 ? 'mmio' : kinds[builtIndex]),
      contentAddress: source.physicalAddress,
    });
  });
  return ranges;
}

function memoryOf(ranges: readonly ExpectedRange[]): NonNullable<ConformanceCase['memory']> {
  const value = (text: string): number => Number(text);
  const sum = (pick: (range: ExpectedRange) => number): string => hex(ranges.reduce((total, range) => total + pick(range), 0));
  return {
    ramBytes: sum((range) => (range.kind === 'ram' ? value(range.size) : 0)),
    ramPresentBytes: sum((range) => (range.kind === 'ram' ? value(range.presentBytes) : 0)),
    fileDataBytes: sum((range) => value(range.presentBytes)),
    missingBytes: sum((range) => value(range.declaredFileBytes) - value(range.presentBytes)),
    mmioBytes: sum((range) => (range.kind === 'mmio' ? value(range.size) : 0)),
  };
}

/** What the builder put at a file offset of a range: the pattern of its physical address where it wrote the pattern, page-table bytes, zeros. */
function builderContent(spec: CaseSpec): (fileOffset: number, length: number) => Buffer {
  const built = spec.made.built!;
  const writes = spec.made.layout?.physicalWrites ?? [];
  return (fileOffset, length) => {
    const out = Buffer.alloc(length);
    for (const range of built.ranges) {
      if (range.fileSize === 0) continue;
      const from = Math.max(fileOffset, range.fileOffset);
      const to = Math.min(fileOffset + length, range.fileOffset + range.fileSize);
      if (from >= to) continue;
      const physical = range.physicalAddress + (from - range.fileOffset);
      for (const window of built.patternWindows) {
        const start = Math.max(physical, window.physicalAddress);
        const end = Math.min(physical + (to - from), window.physicalAddress + window.length);
        if (start < end) patternBytes(start, end - start).copy(out, from - fileOffset + (start - physical));
      }
      for (const write of writes) {
        const start = Math.max(physical, write.physicalAddress);
        const end = Math.min(physical + (to - from), write.physicalAddress + write.bytes.length);
        if (start < end) Buffer.from(write.bytes.subarray(start - write.physicalAddress, end - write.physicalAddress)).copy(out, from - fileOffset + (start - physical));
      }
    }
    return out;
  };
}

interface Piece {
  start: number;
  end: number;
  /** File offset of `start`, or the hole's kind. */
  fileOffset: number | null;
  hole: 'gap' | 'mmio' | 'truncated' | 'absent' | null;
}

/** The expected address map: data and holes, from the expected ranges. */
function piecesOf(ranges: readonly ExpectedRange[]): Piece[] {
  const pieces: Piece[] = [];
  for (const range of ranges) {
    const start = Number(range.physicalStart);
    const present = Number(range.presentBytes);
    const declared = Number(range.declaredFileBytes);
    const end = Number(range.physicalEnd);
    if (present > 0) pieces.push({ start, end: start + present, fileOffset: Number(range.fileOffset), hole: null });
    if (declared > present) pieces.push({ start: start + present, end: start + declared, fileOffset: null, hole: 'truncated' });
    if (end > start + declared) pieces.push({ start: start + declared, end, fileOffset: null, hole: declared === 0 ? 'mmio' : 'absent' });
  }
  return pieces.sort((a, b) => a.start - b.start);
}

/** A physical read as the rules say it goes: its bytes, or the code of the first hole (UNMAPPED_ADDRESS for a gap). */
function expectedRead(pieces: readonly Piece[], content: (fileOffset: number, length: number) => Buffer, address: bigint, length: number, zeroHoles: boolean): ExpectedRead {
  const base = { physicalAddress: hex(address), length, ...(zeroHoles ? { zeroHoles } : {}) };
  if (address + BigInt(length) > 1n << 64n) return { ...base, error: 'INVALID_ARGUMENT' };
  const out = Buffer.alloc(length);
  for (let done = 0; done < length;) {
    const at = address + BigInt(done);
    const piece = at < BigInt(Number.MAX_SAFE_INTEGER) ? pieces.find((candidate) => candidate.start <= Number(at) && Number(at) < candidate.end) : undefined;
    const next = pieces.find((candidate) => BigInt(candidate.start) > at);
    const step = piece !== undefined ? Math.min(length - done, piece.end - Number(at)) : next === undefined ? length - done : Math.min(length - done, Number(BigInt(next.start) - at));
    if (piece === undefined || piece.hole !== null) {
      if (!zeroHoles) return { ...base, error: piece === undefined ? 'UNMAPPED_ADDRESS' : 'PHYSICAL_HOLE' };
    } else {
      content(piece.fileOffset! + (Number(at) - piece.start), step).copy(out, done);
    }
    done += step;
  }
  return { ...base, sha256: sha256(out) };
}

function expectedTranslation(pieces: readonly Piece[], ranges: readonly ExpectedRange[], address: number): ExpectedTranslation {
  const piece = pieces.find((candidate) => candidate.start <= address && address < candidate.end);
  if (piece === undefined) return { physicalAddress: hex(address), error: 'UNMAPPED_ADDRESS' };
  if (piece.hole !== null) return { physicalAddress: hex(address), error: 'PHYSICAL_HOLE' };
  const range = ranges.findIndex((candidate) => Number(candidate.physicalStart) <= address && address < Number(candidate.physicalEnd));
  return { physicalAddress: hex(address), fileOffset: hex(piece.fileOffset! + (address - piece.start)), range };
}

/** Reads and translations at every range's edges, across into what follows, into MMIO, and near 2^64. */
function probes(ranges: readonly ExpectedRange[], content: (fileOffset: number, length: number) => Buffer): { reads: ExpectedRead[]; translations: ExpectedTranslation[] } {
  const pieces = piecesOf(ranges);
  const reads: ExpectedRead[] = [];
  const translations: ExpectedTranslation[] = [];
  for (const range of ranges) {
    const start = Number(range.physicalStart);
    const end = Number(range.physicalEnd);
    const length = Math.min(64, end - start);
    if (length > 0) reads.push(expectedRead(pieces, content, BigInt(start), length, false));
    // across the range's end: what follows decides
    if (end - start >= 32) {
      reads.push(expectedRead(pieces, content, BigInt(end - 32), 64, false));
      reads.push(expectedRead(pieces, content, BigInt(end - 32), 64, true));
    }
    translations.push(expectedTranslation(pieces, ranges, start));
    if (end > start) translations.push(expectedTranslation(pieces, ranges, end - 1));
    translations.push(expectedTranslation(pieces, ranges, end));
  }
  reads.push(expectedRead(pieces, content, 0xffff_ffff_ffff_fff0n, 16, false), expectedRead(pieces, content, 0xffff_ffff_ffff_fff8n, 16, false));
  return { reads, translations };
}

// ---- Expectations ----------------------------------------------------------------------------

const EXPRESSIONS = ['valid', 'no-warnings', 'no-truncation', 'registers', 'cpus=2', 'cpus>=1', 'producer=virtualbox', 'producer=qemu', 'ram>=32KiB', 'mmio=4KiB', 'version>=7', 'format=0x10006', 'layout=dbgfcorecpu-0x10006'];

function expectationsOf(found: Omit<ConformanceCase, 'expectations'>): ExpectedExpectation[] {
  if (found.verdict === 'unreadable') return EXPRESSIONS.map((expectation) => ({ expectation, met: false }));
  const errors = found.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = found.problems.filter((problem) => problem.severity === 'warning').length;
  const memory = found.memory!;
  const cpus = found.cpus!;
  const descriptor = found.descriptor ?? null;
  const version = descriptor === null ? null : descriptor.vboxVersion.split('.').map(Number);
  const truncated = Number(memory.missingBytes) > 0 || found.problems.some((problem) => problem.code === 'TRUNCATED_DUMP');
  const met: Record<string, boolean> = {
    valid: errors === 0,
    'no-warnings': errors + warnings === 0,
    'no-truncation': !truncated,
    registers: cpus.length > 0 && cpus.every((cpu) => cpu.registers !== null),
    'cpus=2': cpus.length === 2,
    'cpus>=1': cpus.length >= 1,
    'producer=virtualbox': found.producer === 'virtualbox',
    'producer=qemu': found.producer === 'qemu',
    'ram>=32KiB': Number(memory.ramBytes) >= 32 * 1024,
    'mmio=4KiB': Number(memory.mmioBytes) === 4096,
    'version>=7': version !== null && version[0] >= 7,
    'format=0x10006': descriptor !== null && descriptor.formatVersion === 0x10006,
    'layout=dbgfcorecpu-0x10006': cpus.length > 0 && cpus.every((cpu) => cpu.layout === 'dbgfcorecpu-0x10006'),
  };
  return EXPRESSIONS.map((expectation) => ({ expectation, met: met[expectation] }));
}

// ---- A case, whole -----------------------------------------------------------------------------

function verdictOf(problems: readonly ExpectedProblem[], stops: ProblemCode | undefined): { verdict: ConformanceCase['verdict']; stops: string | null } {
  const stop = stops ?? problems.find(([code]) => PROBLEMS[code].fatal)?.[0];
  if (stop !== undefined) return { verdict: 'unreadable', stops: stop };
  if (problems.some(([code]) => PROBLEMS[code].severity === 'error')) return { verdict: 'invalid', stops: null };
  if (problems.some(([code]) => PROBLEMS[code].severity === 'warning')) return { verdict: 'valid-with-warnings', stops: null };
  return { verdict: 'valid', stops: null };
}

/** The case file for a spec; `fileName` is where the dump is put beside it (null: the case is a missing file). */
export function caseOf(spec: CaseSpec, fileName: string | null): ConformanceCase {
  const bytes = fileName === null ? null : fs.readFileSync(spec.made.file);
  const { verdict, stops } = verdictOf(spec.problems, spec.stops);
  const problems = spec.problems.map(([code, fileOffset, field]) => ({ code, severity: PROBLEMS[code as ProblemCode].severity, fileOffset: fileOffset === null ? null : hex(fileOffset), field }));
  const head = { corpusVersion: CORPUS_VERSION, id: spec.id, name: spec.name, description: spec.description, origin: spec.origin, file: fileName, fileSize: bytes === null ? null : hex(bytes.length), sha256: bytes === null ? null : sha256(bytes), verdict, stops, problems };
  if (verdict === 'unreadable') return { ...head, expectations: expectationsOf(head) };
  let structure: Pick<ConformanceCase, 'producer' | 'descriptor' | 'ranges' | 'cpus'>;
  let content: (fileOffset: number, length: number) => Buffer;
  const facts = spec.facts ?? (spec.made.qemu === undefined ? undefined : qemuFacts(spec.made.qemu, bytes!));
  if (facts !== undefined) {
    ({ content, ...structure } = facts);
  } else {
    const built = spec.made.built!;
    const layout = spec.made.layout!;
    const change = spec.change ?? {};
    const version = layout.vboxVersion ?? { major: 7, minor: 0, build: 14 };
    const cpuIndexes = change.cpusKept ?? Array.from({ length: built.cpuCount }, (_, index) => index);
    const decodedLayout = change.decodedLayout ?? built.cpuLayout;
    structure = {
      producer: change.producer ?? 'virtualbox',
      descriptor: change.noDescriptor ? null : { magic: 0xc01ac0de, formatVersion: layout.formatVersion ?? 0x10006, vboxVersion: `${version.major}.${version.minor}.${version.build}`, vboxRevision: layout.vboxRevision ?? 161095, cpuCount: layout.cpuCount ?? 1, ...change.descriptor },
      ranges: builderRanges(spec).map(({ contentAddress: _unused, ...range }) => range),
      cpus: cpuIndexes.map((cpu, index): ExpectedCpu => (change.registersUndecoded ? { index, layout: null, registers: null } : { index, layout: decodedLayout, registers: builderRegisters(layout, built, cpu) })),
    };
    content = builderContent(spec);
  }
  const found = { ...head, ...structure, memory: memoryOf(structure.ranges!), ...probes(structure.ranges!, content), ...(spec.walks === undefined ? {} : { walks: spec.walks }) };
  return { ...found, expectations: expectationsOf(found) };
}

// ---- The cases -----------------------------------------------------------------------------------

const ONE_RANGE = [{ physicalAddress: 0, size: 0x4000 }];

/** Register values a test can tell apart from every default, exact past 2^53. */
function distinctCpu(index: number): CpuValues {
  const values = defaultCpuValues(index);
  return { ...values, general: { ...values.general, rax: 0xffff_ffff_ffff_fff0n + BigInt(index), rbx: (1n << 53n) + 1n } };
}

/** Valid dumps of every VBCPU layout and host compiler VirtualBox wrote. */
function layoutCases(place: (name: string) => string): CaseSpec[] {
  const layouts: [string, string, Partial<DumpLayout>][] = [
    ['vbox-4.1-cpumctx', 'VirtualBox 4.1.26: format 0x10000, the 0x400-byte CPUMCTX of 4.0/4.1', { formatVersion: 0x1_0000, vboxVersion: { major: 4, minor: 1, build: 26 } }],
    ['vbox-4.2-cpumctx', 'VirtualBox 4.2.36: the 0x440-byte CPUMCTX, padding where 4.3 stores the APIC base', { formatVersion: 0x1_0000, vboxVersion: { major: 4, minor: 2, build: 36 } }],
    ['vbox-4.3-cpumctx', 'VirtualBox 4.3.40: the 0x440-byte CPUMCTX with the APIC base', { formatVersion: 0x1_0000, vboxVersion: { major: 4, minor: 3, build: 40 } }],
    ['vbox-5.0-beta1-cpumctx', 'VirtualBox 5.0.0 beta 1: the 0x240-byte CPUMCTX (no FPU state)', { formatVersion: 0x1_0000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta1' }],
    ['vbox-5.0-beta2-cpumctx', 'VirtualBox 5.0.0 beta 2: the 0x300-byte CPUMCTX with XCR0/XCR1', { formatVersion: 0x1_0000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta2' }],
    ['vbox-5.0.0-dbgfcorecpu-0x10002', 'VirtualBox 5.0.0: DBGFCORECPU of format 0x10002 (no rflags, no cbExt)', { formatVersion: 0x1_0002, vboxVersion: { major: 5, minor: 0, build: 0 } }],
    ['vbox-5.0-dbgfcorecpu-0x10003-gcc', 'VirtualBox 5.0.16 on a Linux host: format 0x10003, 0x2230 bytes', { formatVersion: 0x1_0003, vboxVersion: { major: 5, minor: 0, build: 16 } }],
    ['vbox-5.0-dbgfcorecpu-0x10003-msvc', 'VirtualBox 5.0.16 on a Windows host: format 0x10003, 0x2228 bytes', { formatVersion: 0x1_0003, vboxVersion: { major: 5, minor: 0, build: 16 }, host: 'msvc' }],
    ['vbox-6.1-dbgfcorecpu-0x10005', 'VirtualBox 6.1.40: format 0x10005 (rflags)', { formatVersion: 0x1_0005, vboxVersion: { major: 6, minor: 1, build: 40 } }],
    ['vbox-7.0-dbgfcorecpu-0x10006-msvc', 'VirtualBox 7.0.10 on a Windows host: format 0x10006, 0x2248 bytes', { formatVersion: 0x1_0006, vboxVersion: { major: 7, minor: 0, build: 10 }, host: 'msvc' }],
    ['vbox-5.2-em386-host', 'VirtualBox 5.2.24 on a 32-bit host: e_machine EM_386 in an ELF64 file, format 0x10005', { formatVersion: 0x1_0005, vboxVersion: { major: 5, minor: 2, build: 24 }, machine: 3 }],
  ];
  return layouts.map(([id, description, partial]) => {
    const layout: DumpLayout = { ...partial, ranges: ONE_RANGE, cpuCount: 2, cpus: [distinctCpu(0), distinctCpu(1)], fill: 'full' };
    const built = buildDump(place(`${id}.elf`), layout);
    return { id, name: description, description, origin: `dump builder: ${JSON.stringify(partial)}, one 16 KiB RAM range, two vCPUs with distinct registers`, made: { file: built.path, built, layout, fileSize: built.fileSize }, problems: [], kinds: ['ram'] };
  });
}

/** Dumps whose vCPUs run on page tables the builder wrote: every walk expected from the mappings given. */
function pagingCases(place: (name: string) => string): CaseSpec[] {
  const tableArea = { physicalAddress: 0x1_0000, size: 0x1_0000 };
  type Mode = '4-level' | '5-level' | 'pae' | '32-bit';
  const specs: [Mode, PageMappingSpec[], bigint[]][] = [
    ['4-level', [
      { virtualAddress: 0xffff_ffff_8100_0000n, physicalAddress: 0x4_0000n, size: 0x4000, pageSize: 0x1000 },
      { virtualAddress: 0xffff_8880_0000_0000n, physicalAddress: 0n, size: 0x20_0000, pageSize: 0x20_0000, writable: true, noExecute: true },
      { virtualAddress: 0x7fff_c000_0000n, physicalAddress: 0x4000_0000n, size: 0x4000_0000, pageSize: 0x4000_0000, user: true },
    ], [0xffff_ffff_8100_4000n, 0x0000_8000_0000_0000n, 0xffff_ffff_ffff_fff0n]],
    ['5-level', [
      { virtualAddress: 0xff11_0000_0000_0000n, physicalAddress: 0x4_0000n, size: 0x2000, pageSize: 0x1000 },
      { virtualAddress: 0x00ff_0000_0000_0000n, physicalAddress: 0x20_0000n, size: 0x20_0000, pageSize: 0x20_0000, user: true },
    ], [0x0100_0000_0000_0000n, 0xff11_0000_0000_2000n]],
    ['pae', [
      { virtualAddress: 0xc000_0000n, physicalAddress: 0x4_0000n, size: 0x2000, pageSize: 0x1000 },
      { virtualAddress: 0x0040_0000n, physicalAddress: 0x20_0000n, size: 0x20_0000, pageSize: 0x20_0000, user: true },
    ], [0x1_0000_0000n, 0xc000_2000n]],
    ['32-bit', [
      { virtualAddress: 0xc000_0000n, physicalAddress: 0x4_0000n, size: 0x2000, pageSize: 0x1000 },
      { virtualAddress: 0x0040_0000n, physicalAddress: 0x1_0040_0000n, size: 0x40_0000, pageSize: 0x40_0000 },
    ], [0x1_0000_0000n, 0xc000_2000n]],
  ];
  const cases = specs.map(([mode, mappings, faulting]): CaseSpec => {
    const tables = buildPageTables({ mode, tableArea, mappings });
    const layout: DumpLayout = { cpuCount: 1, cpus: [{ ...distinctCpu(0), ...tables.cpu, control: { ...distinctCpu(0).control, ...tables.cpu.control }, msrs: { ...distinctCpu(0).msrs, ...tables.cpu.msrs } }], physicalWrites: tables.writes, fill: 'full', ranges: [{ physicalAddress: 0, size: 0x6_0000 }] };
    const id = `paging-${mode}`;
    const built = buildDump(place(`${id}.elf`), layout);
    const walks: ExpectedWalk[] = [];
    for (const mapping of mappings) {
      for (const offset of [0n, BigInt(mapping.size) - 1n, BigInt(mapping.pageSize) + 0x123n]) {
        if (offset >= BigInt(mapping.size)) continue;
        walks.push({ cpu: 0, virtualAddress: hex(mapping.virtualAddress + offset), physicalAddress: hex(mapping.physicalAddress + offset), pageSize: hex(mapping.pageSize) });
      }
    }
    const widths: Record<Mode, string> = { '4-level': 'non-canonical', '5-level': 'non-canonical', pae: 'outside-address-width', '32-bit': 'outside-address-width' };
    for (const address of faulting) {
      const outside = (mode === '4-level' && address === 0x0000_8000_0000_0000n) || (mode === '5-level' && address === 0x0100_0000_0000_0000n) || ((mode === 'pae' || mode === '32-bit') && address >= 1n << 32n);
      walks.push({ cpu: 0, virtualAddress: hex(address), fault: outside ? widths[mode] : 'not-present' });
    }
    return { id, name: `${mode} paging: a vCPU on page tables the builder wrote`, description: `one vCPU in ${mode} paging; walks of 4 KiB and large pages and of addresses that fault, from the mappings the tables were written for`, origin: `dump builder and buildPageTables({ mode: '${mode}' }), tables at 0x10000`, made: { file: built.path, built, layout, fileSize: built.fileSize }, problems: [], kinds: ['ram'], walks };
  });
  // a leaf entry with NX set while EFER.NXE is clear: a reserved-bit fault, as on the CPU
  const tables = buildPageTables({ mode: '4-level', tableArea, mappings: [{ virtualAddress: 0x40_0000n, physicalAddress: 0x4_0000n, size: 0x1000, pageSize: 0x1000, noExecute: true }, { virtualAddress: 0x40_1000n, physicalAddress: 0x4_1000n, size: 0x1000, pageSize: 0x1000 }] });
  const layout: DumpLayout = { cpuCount: 1, cpus: [{ ...tables.cpu, msrs: { efer: 0x501n } }], physicalWrites: tables.writes, fill: 'full', ranges: [{ physicalAddress: 0, size: 0x6_0000 }] };
  const built = buildDump(place('paging-reserved-bit.elf'), layout);
  cases.push({
    id: 'paging-reserved-bit', name: '4-level paging, EFER.NXE clear, a PTE with bit 63 set', description: 'bit 63 of an entry is reserved while EFER.NXE is 0: the walk faults (reserved-bit); the next page, without it, translates',
    origin: 'dump builder and buildPageTables, EFER 0x501 (LME, LMA, SCE; no NXE)', made: { file: built.path, built, layout, fileSize: built.fileSize }, problems: [], kinds: ['ram'],
    walks: [{ cpu: 0, virtualAddress: hex(0x40_0010n), fault: 'reserved-bit' }, { cpu: 0, virtualAddress: hex(0x40_1010n), physicalAddress: hex(0x4_1010n), pageSize: hex(0x1000) }],
  });
  return cases;
}

/** The facts of a QEMU-style core, from the options test/qemu-cores.ts made it with. */
function qemuFacts(options: QemuCoreOptions, bytes: Buffer): NonNullable<CaseSpec['facts']> {
  const core = qemuCore(options);
  const cpuCount = options.cpuCount ?? 1;
  const align4 = (value: number): number => Math.ceil(value / 4) * 4;
  const stateSize = options.stateNoteSize ?? 0x1b8;
  const notes = (options.prstatusCount ?? cpuCount) * (12 + 8 + 0x150) + cpuCount * (12 + 8 + align4(stateSize)) + (options.vmcoreinfo === undefined ? 0 : 12 + 12 + align4(options.vmcoreinfo.length));
  const memoryOffset = 64 + 2 * 64 + 2 * 56 + notes;
  const memory = 64 * 1024;
  const cpus = Array.from({ length: cpuCount }, (_, index): ExpectedCpu => (stateSize < 0x1b0 ? { index, layout: null, registers: null } : {
    index,
    layout: 'qemu',
    registers: {
      general: { rax: hex(0x1111n * BigInt(index + 1)), rsp: hex(0xffff_c900_0000_8000n - BigInt(index) * 0x1000n), rip: hex(core.rip(index)), rflags: '0x246' },
      control: { cr0: '0x80000033', cr3: '0x100000', cr4: '0x20' },
      gdtr: { base: '0x0', limit: 0 },
      segments: { cs: { selector: 0x10, base: '0x0', limit: 0xffff_ffff, attributes: 0xa09b } },
    },
  }));
  return {
    producer: 'qemu', descriptor: null, cpus,
    ranges: [{ programHeaderIndex: 1, physicalStart: '0x0', physicalEnd: hex(memory), size: hex(memory), fileOffset: hex(memoryOffset), declaredFileBytes: hex(memory), presentBytes: hex(memory), kind: 'ram' }],
    content: (fileOffset, length) => Buffer.from(bytes.subarray(fileOffset, fileOffset + length)),
  };
}

/** QEMU guest cores as dump-guest-memory writes them (test/qemu-cores.ts), valid. */
function qemuCases(place: (name: string) => string): CaseSpec[] {
  const specs: [string, string, QemuCoreOptions][] = [
    ['qemu-two-cpus-vmcoreinfo', 'a QEMU core of a 2-vCPU Linux guest in long mode, with VMCOREINFO', { cpuCount: 2, vmcoreinfo: 'OSRELEASE=6.1.0-27-cloud-amd64\nPAGESIZE=4096\n' }],
    ['qemu-before-4.2', 'a QEMU core from before 4.2 (QEMUCPUState without kernel_gs_base), e_machine EM_386', { stateNoteSize: 0x1b0, stateSizeField: 0x1b0, machine: 3 }],
  ];
  return specs.map(([id, description, options]) => {
    const bytes = qemuCore(options).bytes;
    const file = place(`${id}.elf`);
    fs.writeFileSync(file, bytes);
    return { id, name: description, description, origin: `test/qemu-cores.ts: qemuCore(${JSON.stringify(options)})`, made: { file, fileSize: bytes.length, qemu: options }, problems: [], facts: qemuFacts(options, bytes) };
  });
}

/** A range just below 2^52, the largest physical address: reads there are exact. */
function highAddressCase(place: (name: string) => string): CaseSpec {
  const layout: DumpLayout = { cpuCount: 1, fill: 'full', ranges: [{ physicalAddress: 0, size: 0x2000 }, { physicalAddress: 2 ** 52 - 0x2000, size: 0x2000 }] };
  const built = buildDump(place('range-just-below-2-52.elf'), layout);
  return { id: 'range-just-below-2-52', name: 'a range ending exactly at 2^52', description: 'RAM at 2^52 - 8 KiB: the highest physical addresses x86 has; reads and translations there are exact, one byte further is no range', origin: 'dump builder, two RAM ranges', made: { file: built.path, built, layout, fileSize: built.fileSize }, problems: [], kinds: ['ram', 'ram'] };
}

/** Every case of the corpus, its files made under `place`. */
export function conformanceCases(place: (name: string) => string): CaseSpec[] {
  const built = buildDump(place('vbox-7.0-base.elf'), CONFORMANCE_BASE);
  const base: CaseSpec = { id: 'vbox-7.0-base', name: 'the corpus\'s base dump: VirtualBox 7.0.14 on a Linux host', description: 'two vCPUs (format 0x10006, 0x2250-byte VBCPU notes), RAM, VRAM, an MMIO range, the BIOS shadow and RAM above 4 GiB, the address pattern everywhere: every malformed case is a mutation of it', origin: `dump builder: ${JSON.stringify(CONFORMANCE_BASE)}`, made: { file: built.path, built, layout: CONFORMANCE_BASE, fileSize: built.fileSize }, problems: [] };
  const malformed = corpus(place, CONFORMANCE_BASE).map((entry): CaseSpec => {
    const made = entry.make();
    return { id: entry.id, name: entry.name, description: `${entry.name}: ${entry.code}`, origin: made.built === undefined ? 'bytes written by test/corpus.ts' : 'the base dump, mutated by test/corpus.ts', made, problems: entry.problems(made), change: entry.structure?.(made), stops: entry.stops };
  });
  return [base, ...layoutCases(place), ...pagingCases(place), ...qemuCases(place), highAddressCase(place), ...malformed];
}
