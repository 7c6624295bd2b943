/**
 * What a test suite or a pipeline expects of a dump, written as short text: `cpus=2`,
 * `ram>=4GiB`, `producer=virtualbox`, `version>=6.1`, `format=0x10006`, `no-truncation`.
 * `vboxcore validate --expect`, the library and the test matchers read the same grammar.
 */
import { VboxCoreError } from '../errors';
import { BIT_UNIT_PATTERN, SIZE_PATTERN, SIZE_UNITS, sizeFromText } from '../model/size-text';

/** What an expectation compares. */
export type ExpectationKey = 'cpus' | 'ram' | 'data' | 'mmio' | 'ranges' | 'producer' | 'version' | 'revision' | 'format' | 'layout' | 'os' | 'kernel';

/** A fact that holds or not. */
export type ExpectationFlag = 'valid' | 'no-warnings' | 'no-truncation' | 'registers';

/** How a value is compared. */
export type ExpectationOperator = '=' | '!=' | '>=' | '<=' | '>' | '<';

/** One parsed expectation. */
export type Expectation =
  | {
      /** A comparison. */
      readonly kind: 'compare';
      /** The text it was parsed from. */
      readonly text: string;
      /** What is compared. */
      readonly key: ExpectationKey;
      /** How. */
      readonly operator: ExpectationOperator;
      /** With what: a number of bytes or items, a version as [major, minor, build] (given parts only), or a word. */
      readonly value: number | readonly number[] | string;
    }
  | {
      /** A fact. */
      readonly kind: 'flag';
      /** The text it was parsed from. */
      readonly text: string;
      /** Which fact. */
      readonly flag: ExpectationFlag;
    };

/** What a key takes and means. */
export interface ExpectationKeySpec {
  /** The kind of value: a count (decimal or 0x), a size (with a unit), a version, or a word. */
  readonly value: 'count' | 'size' | 'version' | 'word';
  /** What the key compares, in words. */
  readonly meaning: string;
  /** The words a word key takes, where they are a fixed set. */
  readonly words?: readonly string[];
}

/** The keys, what they take, and what they mean: the grammar's documentation, for help texts and errors. */
export const EXPECTATION_KEYS: Readonly<Record<ExpectationKey, ExpectationKeySpec>> = {
  cpus: { value: 'count', meaning: 'vCPU notes in the dump' },
  ram: { value: 'size', meaning: 'bytes of RAM (ranges of kind ram)' },
  data: { value: 'size', meaning: 'bytes of memory data in the file' },
  mmio: { value: 'size', meaning: 'bytes of MMIO ranges (no data in the file)' },
  ranges: { value: 'count', meaning: 'PT_LOAD ranges' },
  producer: { value: 'word', meaning: 'who wrote the dump', words: ['virtualbox', 'qemu', 'unknown'] },
  version: { value: 'version', meaning: 'VirtualBox version (major[.minor[.build]]; = compares the parts given)' },
  revision: { value: 'count', meaning: 'VirtualBox source revision' },
  format: { value: 'count', meaning: 'VBCORE format version (0x10006 for 7.0 on)' },
  layout: { value: 'word', meaning: 'the VBCPU layout of every vCPU (dbgfcorecpu-0x10006, cpumctx-4.2, ...)' },
  os: { value: 'word', meaning: 'the guest kernel\'s OS, named from the CPU state (none: no kernel found)', words: ['linux', 'windows', 'none'] },
  kernel: { value: 'word', meaning: 'the guest kernel: a Linux release (6.1.0-28-cloud-amd64) or a Windows kernel\'s PDB key (GUID and age, as symbol servers take it)' },
};

/** The flags and their meaning. */
export const EXPECTATION_FLAGS: Readonly<Record<ExpectationFlag, string>> = {
  valid: 'no problem of severity error',
  'no-warnings': 'no errors and no warnings (notes of severity info allowed)',
  'no-truncation': 'every byte the program headers put in the file is there',
  registers: 'every vCPU\'s registers are decoded',
};

const OPERATORS: readonly ExpectationOperator[] = ['>=', '<=', '!=', '=', '>', '<'];

/**
 * The grammar as data: the keys and flags, the operators, the size units and the patterns every
 * piece of text must match. This library parses with it, and it is written to
 * conformance/expectation-grammar.json for the Python package and other implementations, so that
 * one written definition decides what is accepted (the patterns use only syntax JavaScript and
 * Python regular expressions read alike; digits are [0-9], never a locale's).
 */
export const EXPECTATION_GRAMMAR = {
  keys: EXPECTATION_KEYS,
  flags: EXPECTATION_FLAGS,
  operators: OPERATORS,
  /** KEY OP VALUE; `==` is matched only to be refused by name (equality is `=`). */
  expression: '^([a-z-]+)\\s*(==|>=|<=|!=|=|>|<)\\s*(.+)$',
  /** A count, after removing `_` separators: decimal digits, or 0x and hexadecimal digits. */
  decimal: '^[0-9]+$',
  hexadecimal: '^0[xX][0-9a-fA-F]+$',
  /** A size, after removing `_`: a decimal number with an optional fraction and a unit from `units` (or a 0x count). */
  size: SIZE_PATTERN,
  /** A unit that counts bits (Gb, Mib, b): refused with its own reason. */
  bitUnit: BIT_UNIT_PATTERN,
  /** major[.minor[.build]] */
  version: '^[0-9]+(\\.[0-9]+){0,2}$',
  /** Bytes per unit, as decimal text. */
  units: Object.fromEntries([...SIZE_UNITS].map(([unit, bytes]) => [unit, bytes.toString()])),
  /** The largest value a count or size may have: 2^53 - 1. */
  maximum: Number.MAX_SAFE_INTEGER,
} as const;

const EXPRESSION = new RegExp(EXPECTATION_GRAMMAR.expression);
const DECIMAL = new RegExp(EXPECTATION_GRAMMAR.decimal);
const HEXADECIMAL = new RegExp(EXPECTATION_GRAMMAR.hexadecimal);
const VERSION = new RegExp(EXPECTATION_GRAMMAR.version);

/** Whether an expectation's key or flag is one of the grammar's own (never a name every object has, such as toString). */
const own = (table: object, name: string): boolean => Object.prototype.hasOwnProperty.call(table, name);

function grammarError(text: string, why: string): VboxCoreError {
  const keys = Object.keys(EXPECTATION_KEYS).join(', ');
  const flags = Object.keys(EXPECTATION_FLAGS).join(', ');
  return new VboxCoreError('INVALID_ARGUMENT', `expectation ${JSON.stringify(text)}: ${why}; write KEY OP VALUE (keys ${keys}; operators ${OPERATORS.join(' ')}) or a flag (${flags}), for example cpus=2, ram>=4GiB, version>=6.1, no-truncation`);
}

/** A count: decimal or 0x hexadecimal, `_` separators allowed, a safe integer. */
function parseCount(text: string, raw: string): number {
  const cleaned = raw.replace(/_/g, '');
  const value = HEXADECIMAL.test(cleaned) ? Number.parseInt(cleaned.slice(2), 16) : DECIMAL.test(cleaned) ? Number(cleaned) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw grammarError(text, `${JSON.stringify(raw)} is not a whole number (decimal or 0x hexadecimal)`);
  return value;
}

/**
 * A size: a count with an optional unit (`4GiB`, `512M`, `1.5G`, `0x100000000`), computed exactly
 * (a fraction must come to whole bytes: 1.5K is 1536, 0.1K is refused), and below 2^53.
 */
export function parseSize(raw: string, text = raw): number {
  if (typeof raw !== 'string') throw new VboxCoreError('INVALID_ARGUMENT', `a size is text such as "4GiB" or a number of bytes, not ${typeof raw}`);
  if (/^0[xX]/.test(raw)) return parseCount(text, raw);
  const size = sizeFromText(raw);
  if ('why' in size) throw grammarError(text, size.why);
  return size.value;
}

function parseVersion(text: string, raw: string): number[] {
  const parts = VERSION.test(raw) ? raw.split('.').map(Number) : [];
  if (parts.length === 0 || !parts.every(Number.isSafeInteger)) throw grammarError(text, `${JSON.stringify(raw)} is not a version (major[.minor[.build]], for example 6.1 or 7.0.14)`);
  return parts;
}

/** Parses one expectation; a malformed one is an INVALID_ARGUMENT error naming the grammar. */
export function parseExpectation(text: string): Expectation {
  if (typeof text !== 'string') throw new VboxCoreError('INVALID_ARGUMENT', `an expectation is text such as "cpus=2", not ${typeof text}`);
  const trimmed = text.trim();
  if (own(EXPECTATION_FLAGS, trimmed)) return { kind: 'flag', text: trimmed, flag: trimmed as ExpectationFlag };
  const match = EXPRESSION.exec(trimmed);
  if (match === null && own(EXPECTATION_KEYS, trimmed)) throw grammarError(text, `${trimmed} needs an operator and a value (in a shell, quote the expectation: > and < are redirections)`);
  if (match === null) throw grammarError(text, 'not a known flag, and no operator');
  const [, keyText, operatorText, raw] = match;
  if (!own(EXPECTATION_KEYS, keyText)) throw grammarError(text, `unknown key ${JSON.stringify(keyText)}`);
  if (operatorText === '==') throw grammarError(text, 'equality is = (one sign), not ==');
  const key = keyText as ExpectationKey;
  const operator = operatorText as ExpectationOperator;
  const spec = EXPECTATION_KEYS[key];
  const value = raw.trim();
  if (spec.value === 'word') {
    if (operator !== '=' && operator !== '!=') throw grammarError(text, `${key} takes = or != only`);
    if (spec.words !== undefined && !spec.words.includes(value)) throw grammarError(text, `${key} is one of ${spec.words.join(', ')}`);
    return { kind: 'compare', text: trimmed, key, operator, value };
  }
  const parsed = spec.value === 'count' ? parseCount(text, value) : spec.value === 'size' ? parseSize(value, text) : parseVersion(text, value);
  return { kind: 'compare', text: trimmed, key, operator, value: parsed };
}

/** Every expectation parsed; the first malformed one throws. */
export function parseExpectations(texts: readonly string[]): Expectation[] {
  if (!Array.isArray(texts)) throw new VboxCoreError('INVALID_ARGUMENT', 'expectations are a list of texts such as ["cpus=2", "ram>=4GiB"]');
  return texts.map(parseExpectation);
}
