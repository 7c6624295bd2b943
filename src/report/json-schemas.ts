/**
 * JSON Schemas (draft 2020-12) of every --json document, one per command, written to
 * json-schemas/<command>.schema.json by `npm run json-schemas` and shipped in the package
 * (`vboxcore/json-schemas/info.schema.json`). Tests check the real output of every command
 * against them. Objects are closed (no other properties), so a field that appears or goes away
 * without a new schemaVersion fails the tests.
 */
import { HASH_ALGORITHMS } from '../io/hash-algorithms';
import { PAGING_MODES } from '../address-space/paging';
import { PROBLEMS } from '../problems';
import { JSON_SCHEMA_VERSION, JsonCommand } from './json';

type Schema = Record<string, unknown>;

const hex: Schema = { type: 'string', pattern: '^0x[0-9a-f]+$', description: 'a 64-bit value (address, offset, size, byte count or register) as 0x-prefixed hexadecimal' };
const count: Schema = { type: 'integer', minimum: 0 };
const text: Schema = { type: 'string' };
const flag: Schema = { type: 'boolean' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const array = (items: Schema): Schema => ({ type: 'array', items });
const oneOfValues = (values: readonly string[]): Schema => ({ enum: [...values] });

/** A closed object whose every listed property is required. */
function object(properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return { type: 'object', properties, required: Object.keys(properties).filter((key) => !optional.includes(key)), additionalProperties: false };
}

const fieldsOf = (names: readonly string[], schema: Schema): Record<string, Schema> => Object.fromEntries(names.map((name) => [name, schema]));
const GENERAL = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rsp', 'rbp'];
const SEGMENTS = ['cs', 'ds', 'es', 'fs', 'gs', 'ss', 'ldtr', 'tr'];
const CONTROL = ['cr0', 'cr2', 'cr3', 'cr4'];
const LEVELS = ['PML5', 'PML4', 'PDPT', 'PD', 'PT'];
const RANGE_KINDS = ['ram', 'vram', 'rom', 'device', 'mmio'];
const HOLE_KINDS = ['gap', 'mmio', 'truncated', 'absent'];

/** The pieces documents share. */
const DEFINITIONS: Record<string, Schema> = {
  problem: object({
    code: oneOfValues(Object.keys(PROBLEMS)),
    severity: oneOfValues(['error', 'warning', 'info']),
    message: text,
    fileOffset: nullable(hex),
    field: nullable(text),
    details: { type: 'object' },
  }, ['details']),
  report: object({ path: text, fileSize: nullable(hex), valid: flag, errorCount: count, warningCount: count, infoCount: count, problems: array(ref('problem')) }),
  elfHeader: object({
    fileClass: count, dataEncoding: count, identVersion: count, osAbi: count, type: count, typeName: text, machine: count, machineName: text, version: count,
    entry: nullable(hex), programHeaderOffset: hex, sectionHeaderOffset: nullable(hex), flags: count, headerSize: hex, programHeaderEntrySize: hex,
    programHeaderCount: count, sectionHeaderEntrySize: hex, sectionHeaderCount: count, sectionNameIndex: count,
  }),
  programHeader: object({
    index: count, entryOffset: hex, type: count, typeName: text, flags: count,
    fileOffset: nullable(hex), virtualAddress: nullable(hex), physicalAddress: nullable(hex), fileSize: nullable(hex), memorySize: nullable(hex), align: nullable(hex),
  }),
  descriptor: object({
    fileOffset: hex, magic: count, formatVersion: count, formatKnown: flag, descriptorSize: hex,
    vboxVersion: object({ major: count, minor: count, build: count, text }), vboxRevision: count, cpuCount: count,
  }),
  segment: object({ selector: count, base: hex, limit: count, attributes: count }),
  descriptorTable: object({ base: hex, limit: count }),
  cpuLayout: object({ name: text, structure: oneOfValues(['DBGFCORECPU', 'CPUMCTX']), formatVersion: count, releases: text, size: hex, host: text, chosenBy: oneOfValues(['release', 'size', 'format-version']) }),
  virtualBoxRegisters: object({
    producer: { const: 'virtualbox' },
    layout: ref('cpuLayout'),
    general: object({ ...fieldsOf(GENERAL, hex), rflags: nullable(hex) }),
    segments: object(fieldsOf(SEGMENTS, ref('segment'))),
    control: object(fieldsOf(CONTROL, hex)),
    gdtr: ref('descriptorTable'),
    idtr: ref('descriptorTable'),
    debug: array(hex),
    sysenter: object({ cs: nullable(hex), eip: nullable(hex), esp: hex }),
    msrs: object({ ...fieldsOf(['efer', 'star', 'pat', 'lstar', 'cstar', 'sfmask', 'kernelGsBase'], hex), apicBase: nullable(hex), tscAux: nullable(hex) }),
    xcr: nullable(object({ xcr0: hex, xcr1: hex })),
    fpu: nullable(object({ ...fieldsOf(['fcw', 'fsw', 'ftw', 'fop', 'fpuIp', 'fpuCs', 'fpuDp', 'fpuDs', 'mxcsr', 'mxcsrMask'], count), st: array(hex), xmm: array(hex) })),
    xsave: nullable(object({ offset: hex, stateSize: nullable(hex), xstateBv: hex, xcompBv: hex, ymm: nullable(array(hex)), opmask: nullable(array(hex)), zmm: nullable(array(hex)) })),
  }),
  qemuRegisters: object({
    producer: { const: 'qemu' },
    general: object(fieldsOf([...GENERAL, 'rflags'], hex)),
    segments: object(fieldsOf(SEGMENTS, ref('segment'))),
    control: object(fieldsOf(CONTROL, hex)),
    gdtr: ref('descriptorTable'),
    idtr: ref('descriptorTable'),
    stateVersion: count,
    stateSize: hex,
    kernelGsBase: nullable(hex),
    longModeActive: flag,
  }),
  registers: { anyOf: [ref('virtualBoxRegisters'), ref('qemuRegisters'), { type: 'null' }] },
  cpuNote: object({ index: count, noteOffset: hex, descriptorOffset: hex, descriptorSize: hex, registers: ref('registers') }),
  range: object({
    index: count, programHeaderIndex: count, physicalStart: hex, physicalEnd: hex, size: hex, fileOffset: hex, declaredFileBytes: hex, presentBytes: hex,
    kind: oneOfValues(RANGE_KINDS), kindReason: text, region: count,
  }),
  region: object({ region: count, kind: oneOfValues(RANGE_KINDS), physicalStart: hex, physicalEnd: hex, size: hex, presentBytes: hex, rangeIndexes: array(count) }),
  memory: object({
    addressSpaceBytes: hex, byKind: object(Object.fromEntries(RANGE_KINDS.map((kind) => [kind, hex]))), ramBytes: hex, ramPresentBytes: hex, fileDataBytes: hex, missingBytes: hex, ramRegions: count,
  }),
  pagingContext: object({ mode: oneOfValues(PAGING_MODES), cr3: hex, pse: flag, nxe: flag, source: text, physicalAddressBits: count, tables: ref('pageTableRoots') }, ['physicalAddressBits', 'tables']),
  kernel: object({
    os: nullable(oneOfValues(['linux', 'windows'])), release: nullable(text), banner: nullable(text), virtualBase: nullable(hex), kaslrSlide: nullable(hex), kernelCr3: nullable(hex), pagingMode: nullable(oneOfValues(PAGING_MODES)), cpu: nullable(count),
    entry: nullable(object({ register: oneOfValues(['lstar', 'idt']), address: hex })), foundBy: array(text), unverified: nullable(text), reason: nullable(text),
    pe: nullable(object({
      machine: count, timeDateStamp: count, sizeOfImage: count,
      sections: array(object({ name: text, virtualAddress: count, virtualSize: count })),
      codeView: nullable(object({ pdbName: text, guid: text, age: count, symbolId: text })),
    })),
  }),
  pageTableRoots: object({ cr3: hex, pcid: nullable(count), role: oneOfValues(['kpti-user', 'kpti-kernel', 'single']), kernelCr3: hex, userCr3: nullable(hex), evidence: text }),
  entryFlags: object(fieldsOf(['present', 'writable', 'user', 'writeThrough', 'cacheDisabled', 'accessed', 'dirty', 'largePage', 'pat', 'global', 'noExecute'], flag)),
  walkStep: object({ level: oneOfValues(LEVELS), index: count, tableAddress: hex, entryAddress: hex, entry: hex, flags: ref('entryFlags') }),
  pageFault: object({
    reason: oneOfValues(['not-present', 'non-canonical', 'outside-address-width', 'table-unreadable', 'reserved-bit']), virtualAddress: hex,
    level: nullable(oneOfValues(LEVELS)), index: nullable(count), entryAddress: nullable(hex), entry: nullable(hex), coverStart: hex, coverEnd: hex, message: text,
  }),
  mappedPage: object({ virtualAddress: hex, physicalAddress: hex, pageVirtualAddress: hex, pagePhysicalAddress: hex, pageSize: hex, permissions: object({ writable: flag, user: flag, executable: flag }) }),
  segmentAttributes: object({ type: count, codeOrData: flag, dpl: count, present: flag, available: flag, long: flag, defaultBig: flag, granularity: flag, unusable: flag }),
};

/** The document schema of a command: its name and version first, then its facts. */
function documentSchema(command: JsonCommand, title: string, properties: Record<string, Schema>, optional: readonly string[] = []): Schema {
  const body = object({ command: { const: command }, schemaVersion: { const: JSON_SCHEMA_VERSION }, ...properties }, optional);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `urn:vboxcore:json:${command}:${JSON_SCHEMA_VERSION}`, title, ...body, $defs: DEFINITIONS };
}

const holes = object(fieldsOf(HOLE_KINDS, hex));
const fileDigests = object({ path: text, bytes: hex, digests: array(object({ algorithm: oneOfValues(HASH_ALGORITHMS), hex: { type: 'string', pattern: '^[0-9a-f]+$' } })) });

export const JSON_SCHEMAS: Readonly<Record<JsonCommand, Schema>> = {
  info: documentSchema('info', 'vboxcore info --json', {
    path: text, fileSize: hex, producer: oneOfValues(['virtualbox', 'qemu', 'unknown']), header: ref('elfHeader'), descriptor: nullable(ref('descriptor')),
    cpus: array(ref('cpuNote')), programHeaders: array(ref('programHeader')), ranges: array(ref('range')), regions: array(ref('region')), memory: ref('memory'),
    vmcoreinfo: nullable(text), host: nullable(text), report: ref('report'), kernel: ref('kernel'), hashes: fileDigests,
  }, ['hashes']),
  validate: documentSchema('validate', 'vboxcore validate --json', {
    reports: array(ref('report')),
    strict: flag,
    checks: array(object({ path: text, expectations: array(object({ expectation: text, met: flag, found: text })), met: flag, hashes: nullable(fileDigests) }, ['hashes'])),
    exitStatus: count,
  }),
  'validate-dump': documentSchema('validate-dump', 'vboxcore validate --jsonl: one line per dump, as each is done', {
    index: count,
    path: text,
    report: ref('report'),
    expectations: array(object({ expectation: text, met: flag, found: text })),
    met: flag,
    hashes: nullable(fileDigests),
  }),
  'validate-summary': documentSchema('validate-summary', 'vboxcore validate --jsonl: the last line, the whole batch', {
    dumps: count, valid: count, invalid: count, unreadable: count, expectationsNotMet: count, withWarnings: count, strict: flag, exitStatus: count,
  }),
  read: {
    ...documentSchema('read', 'vboxcore read --json', {
      physicalAddress: hex,
      virtualAddress: hex,
      length: hex,
      holes: array({ anyOf: [
        object({ kind: { const: 'hole' }, physicalAddress: hex, length: hex, hole: oneOfValues(HOLE_KINDS), range: nullable(ref('range')) }),
        object({ kind: { const: 'fault' }, virtualAddress: hex, length: hex, fault: ref('pageFault') }),
      ] }),
      hex: { type: 'string', pattern: '^([0-9a-f]{2})*$' },
    }, ['physicalAddress', 'virtualAddress']),
    oneOf: [{ properties: { physicalAddress: hex }, required: ['physicalAddress'] }, { properties: { virtualAddress: hex }, required: ['virtualAddress'] }],
  },
  cpus: documentSchema('cpus', 'vboxcore cpus --json', {
    cpus: array(object({
      index: count, descriptorOffset: hex, descriptorSize: hex, registers: ref('registers'),
      decoded: nullable(object({
        rflags: nullable(array(text)), iopl: nullable(count), cr0: array(text), cr4: array(text), efer: nullable(array(text)),
        pagingMode: oneOfValues(PAGING_MODES), segments: object(fieldsOf(SEGMENTS, ref('segmentAttributes'))), pageTables: ref('pageTableRoots'),
      }, ['pageTables'])),
    })),
  }),
  vtop: documentSchema('vtop', 'vboxcore vtop --json', {
    virtualAddress: hex, context: ref('pagingContext'), kind: oneOfValues(['mapped', 'fault']), steps: array(ref('walkStep')), page: ref('mappedPage'), fault: ref('pageFault'),
  }, ['page', 'fault']),
  maps: documentSchema('maps', 'vboxcore maps --json', {
    context: ref('pagingContext'),
    mappings: array(object({ writable: flag, user: flag, executable: flag, virtualStart: hex, virtualEnd: hex, size: hex, pageSize: hex, pages: count, physicalStart: hex, physicallyContiguous: flag, repeats: count, repeatStride: nullable(hex), repeatsEnd: hex })),
    tablesRead: count, entriesExamined: count,
    unreadableTables: array(object({ level: oneOfValues(LEVELS), tableAddress: hex, virtualStart: hex, virtualEnd: hex })),
    unreadableTableCount: count, truncated: flag, stopReason: nullable(oneOfValues(['entry-budget', 'mapping-limit', 'table-limit'])), reservedBitEntries: count,
  }),
  translate: documentSchema('translate', 'vboxcore translate --json', { physicalAddress: hex, fileOffset: hex, range: ref('range'), offsetInRange: hex, bytesToDataEnd: hex }),
  export: documentSchema('export', 'vboxcore export --json', {
    input: text, output: text, format: oneOfValues(['raw', 'lime', 'elf']), dense: flag, outputLength: hex, outputDiskBytes: nullable(hex),
    piecesExported: count, bytesExported: hex, bytesWritten: hex, bytesSkippedZero: hex, holes,
    elapsedMs: { type: 'number', minimum: 0 }, bytesPerSecond: { type: 'number', minimum: 0 }, bytesSteppedOver: hex, copyEngine: oneOfValues(['native', 'javascript']), copyEngineNote: { type: ['string', 'null'] }, bytesCopiedInKernel: hex, kernelCopyNote: { type: ['string', 'null'] },
    verification: nullable(array(object({ rangeIndex: count, physicalStart: hex, bytes: hex, sourceSha256: text, outputSha256: text, match: flag }))),
    ignoredProgramHeaders: array(object({ programHeaderIndex: count, reason: text })),
    staleTemporariesRemoved: array(text),
    hashes: nullable(object({ input: fileDigests, output: nullable(fileDigests) })),
    manifests: array(text),
  }, ['manifests']),
  warning: documentSchema('warning', 'a warning or note of any command under --json, one line on standard error', {
    warning: object({ message: text }),
  }),
  error: documentSchema('error', 'an error of any command under --json, one line on standard error', {
    error: object({ code: text, message: text, exitStatus: count, fileOffset: nullable(hex), field: nullable(text), details: { anyOf: [{ type: 'object' }, { type: 'null' }] } }),
  }),
};
