/**
 * The conformance corpus's case format (conformance/case.schema.json is written from
 * CASE_SCHEMA): what a case expects of any implementation that reads it. 64-bit values are
 * 0x-prefixed hexadecimal strings, as in vboxcore's --json documents.
 */

export const CORPUS_VERSION = 1;

export interface ExpectedProblemRecord {
  code: string;
  severity: 'error' | 'warning' | 'info';
  fileOffset: string | null;
  field: string | null;
}

export interface ExpectedRange {
  programHeaderIndex: number;
  physicalStart: string;
  physicalEnd: string;
  size: string;
  fileOffset: string;
  declaredFileBytes: string;
  presentBytes: string;
  kind: string;
}

export interface ExpectedRegisters {
  general: Record<string, string | null>;
  control: Record<string, string>;
  msrs?: Record<string, string | null>;
  gdtr: { base: string; limit: number };
  segments: { cs: { selector: number; base: string; limit: number; attributes: number } };
}

export interface ExpectedCpu {
  index: number;
  /** The layout's name (`dbgfcorecpu-0x10006`, `cpumctx-4.2`), `qemu`, or null when not decoded. */
  layout: string | null;
  registers: ExpectedRegisters | null;
}

export type ExpectedRead =
  | { physicalAddress: string; length: number; zeroHoles?: boolean; sha256: string }
  | { physicalAddress: string; length: number; zeroHoles?: boolean; error: string };

export type ExpectedTranslation = { physicalAddress: string; fileOffset: string; range: number } | { physicalAddress: string; error: string };

export type ExpectedWalk =
  | { cpu: number; virtualAddress: string; physicalAddress: string; pageSize: string }
  | { cpu: number; virtualAddress: string; fault: string };

export interface ExpectedExpectation {
  expectation: string;
  met: boolean;
}

/** One case: the dump file, and what every implementation must say of it. */
export interface ConformanceCase {
  corpusVersion: number;
  id: string;
  name: string;
  description: string;
  /** How the file was made (the builder's layout, the mutation); for people. */
  origin: string;
  /** The dump, relative to the case file's folder; null for a file that does not exist (the case is its absence). */
  file: string | null;
  fileSize: string | null;
  sha256: string | null;
  verdict: 'valid' | 'valid-with-warnings' | 'invalid' | 'unreadable';
  /** The problem after which nothing can be read (an open fails with it), or null. */
  stops: string | null;
  /** Every problem, in order: the one that stops the reading first. */
  problems: ExpectedProblemRecord[];
  /** The rest only for dumps that can be read. */
  producer?: 'virtualbox' | 'qemu' | 'unknown';
  descriptor?: { magic: number; formatVersion: number; vboxVersion: string; vboxRevision: number; cpuCount: number } | null;
  ranges?: ExpectedRange[];
  memory?: { ramBytes: string; ramPresentBytes: string; fileDataBytes: string; missingBytes: string; mmioBytes: string };
  cpus?: ExpectedCpu[];
  reads?: ExpectedRead[];
  translations?: ExpectedTranslation[];
  walks?: ExpectedWalk[];
  /** `validate --expect` expressions and whether the dump meets them (for an unreadable dump: never). */
  expectations: ExpectedExpectation[];
}

const hexString = { type: 'string', pattern: '^0x[0-9a-f]+$' };
const nullable = (schema: object): object => ({ anyOf: [schema, { type: 'null' }] });

/** conformance/case.schema.json: the format of a case file, for any implementation. */
export const CASE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://vboxcore.invalid/conformance/case.schema.json',
  title: 'A vboxcore conformance case',
  description: 'A dump (file) and what every reader of VirtualBox and QEMU guest cores must say of it. 64-bit values are 0x-prefixed lowercase hexadecimal strings. Parts an implementation cannot answer are reported as skipped, with the reason, never silently passed.',
  type: 'object',
  required: ['corpusVersion', 'id', 'name', 'description', 'origin', 'file', 'fileSize', 'sha256', 'verdict', 'stops', 'problems', 'expectations'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    corpusVersion: { const: CORPUS_VERSION },
    id: { type: 'string', pattern: '^[a-z0-9.-]+$' },
    name: { type: 'string' },
    description: { type: 'string' },
    origin: { type: 'string' },
    file: nullable({ type: 'string' }),
    fileSize: nullable(hexString),
    sha256: nullable({ type: 'string', pattern: '^[0-9a-f]{64}$' }),
    verdict: { enum: ['valid', 'valid-with-warnings', 'invalid', 'unreadable'], description: 'valid: no problem of severity error or warning; valid-with-warnings: warnings but no error; invalid: errors, the dump still read; unreadable: reading stops (see stops)' },
    stops: nullable({ type: 'string', description: 'the problem code after which nothing can be read: opening the dump fails with it' }),
    problems: {
      type: 'array', description: 'every problem, in order, the one that stops the reading first; at most 16 of a code listed, then one more of that code counting the rest',
      items: { type: 'object', required: ['code', 'severity', 'fileOffset', 'field'], additionalProperties: false, properties: { code: { type: 'string' }, severity: { enum: ['error', 'warning', 'info'] }, fileOffset: nullable(hexString), field: nullable({ type: 'string' }) } },
    },
    producer: { enum: ['virtualbox', 'qemu', 'unknown'] },
    descriptor: nullable({ type: 'object', required: ['magic', 'formatVersion', 'vboxVersion', 'vboxRevision', 'cpuCount'], additionalProperties: false, properties: { magic: { type: 'integer' }, formatVersion: { type: 'integer' }, vboxVersion: { type: 'string' }, vboxRevision: { type: 'integer' }, cpuCount: { type: 'integer' } } }),
    ranges: {
      type: 'array', description: 'the usable PT_LOADs in program header order',
      items: { type: 'object', additionalProperties: false, required: ['programHeaderIndex', 'physicalStart', 'physicalEnd', 'size', 'fileOffset', 'declaredFileBytes', 'presentBytes', 'kind'], properties: { programHeaderIndex: { type: 'integer' }, physicalStart: hexString, physicalEnd: hexString, size: hexString, fileOffset: hexString, declaredFileBytes: hexString, presentBytes: hexString, kind: { enum: ['ram', 'vram', 'rom', 'device', 'mmio'] } } },
    },
    memory: { type: 'object', additionalProperties: false, required: ['ramBytes', 'ramPresentBytes', 'fileDataBytes', 'missingBytes', 'mmioBytes'], properties: { ramBytes: hexString, ramPresentBytes: hexString, fileDataBytes: hexString, missingBytes: hexString, mmioBytes: hexString } },
    cpus: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['index', 'layout', 'registers'],
        properties: {
          index: { type: 'integer' },
          layout: nullable({ type: 'string' }),
          registers: nullable({ type: 'object', description: 'a subset of the registers; null values are registers the layout does not store', properties: { general: { type: 'object' }, control: { type: 'object' }, msrs: { type: 'object' }, gdtr: { type: 'object' }, segments: { type: 'object' } } }),
        },
      },
    },
    reads: { type: 'array', description: 'guest-physical reads: the SHA-256 of the bytes, or the error code (holes read as zeros with zeroHoles)', items: { type: 'object', required: ['physicalAddress', 'length'], properties: { physicalAddress: hexString, length: { type: 'integer' }, zeroHoles: { type: 'boolean' }, sha256: { type: 'string' }, error: { type: 'string' } } } },
    translations: { type: 'array', items: { type: 'object', required: ['physicalAddress'], properties: { physicalAddress: hexString, fileOffset: hexString, range: { type: 'integer' }, error: { type: 'string' } } } },
    walks: { type: 'array', description: 'page walks through a vCPU\'s CR3 and paging mode: the physical address and page size, or the fault\'s reason', items: { type: 'object', required: ['cpu', 'virtualAddress'], properties: { cpu: { type: 'integer' }, virtualAddress: hexString, physicalAddress: hexString, pageSize: hexString, fault: { type: 'string' } } } },
    expectations: { type: 'array', items: { type: 'object', required: ['expectation', 'met'], additionalProperties: false, properties: { expectation: { type: 'string' }, met: { type: 'boolean' } } } },
  },
} as const;
