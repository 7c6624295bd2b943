import * as fs from 'node:fs';
import { buildDump, DumpLayout } from '../src/builder';
import { openDump, Problem, PROBLEMS, ProblemCode, validateDump, VboxCoreError } from '../src';
import { baseLayout, corpus } from './corpus';
import { scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const cases = corpus(scratch.path);

const MIB = 1024 * 1024;

let counter = 0;
function build(layout: DumpLayout = baseLayout) {
  counter += 1;
  return buildDump(scratch.path(`valid-${counter}.elf`), layout);
}

describe('every entry of the malformed-dump corpus is reported with its code, where the problem is', () => {
  test.each(cases.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const { file, built } = entry.make();
    const report = validateDump(file);
    const found = report.problems.filter((problem: Problem) => problem.code === entry.code);
    expect(found.map((problem) => problem.code)).toContain(entry.code);
    const problem = found[0];
    expect(problem.severity).toBe(PROBLEMS[entry.code].severity);
    expect(problem.message.length).toBeGreaterThan(10);
    expect(report.valid).toBe(report.problems.every((item) => item.severity !== 'error'));
    if (entry.at !== undefined) expect({ fileOffset: problem.fileOffset, field: problem.field }).toEqual(entry.at(built!));
    if (entry.message !== undefined) expect(problem.message).toMatch(entry.message);
    if (PROBLEMS[entry.code].fatal) {
      expect(() => openDump(file)).toThrow(VboxCoreError);
    }
  });
});

describe('every entry produces exactly the problems written down for it, in order', () => {
  test.each(cases.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const made = entry.make();
    const report = validateDump(made.file);
    expect(report.problems.map((problem) => [problem.code, problem.fileOffset, problem.field])).toEqual(entry.problems(made));
  });
});

// Codes that concern a request rather than a file: physical.test.ts, cli.test.ts, export.test.ts and virtual.test.ts.
const REQUEST_CODES: ProblemCode[] = ['INVALID_ARGUMENT', 'READ_TOO_LARGE', 'PHYSICAL_HOLE', 'UNMAPPED_ADDRESS', 'OUTPUT_EXISTS', 'OUTPUT_IS_INPUT', 'OUTPUT_NOT_REGULAR', 'RANGES_IGNORED', 'WRITE_FAILED', 'VERIFY_FAILED', 'EXPORT_ABORTED', 'NATIVE_ENGINE_UNAVAILABLE', 'PAGE_FAULT', 'NON_CANONICAL_ADDRESS', 'ADDRESS_OUTSIDE_WIDTH', 'PAGING_DISABLED', 'CPU_STATE_UNAVAILABLE', 'KERNEL_NOT_FOUND', 'REMOTE_UNREACHABLE', 'REMOTE_TIMEOUT', 'REMOTE_NOT_FOUND', 'REMOTE_FORBIDDEN', 'REMOTE_BAD_RESPONSE', 'REMOTE_CHANGED'];

test('the corpus covers every file-level code of the catalogue', () => {
  const covered = new Set(cases.map((entry) => entry.code));
  const fileCodes = (Object.keys(PROBLEMS) as ProblemCode[]).filter((code) => !REQUEST_CODES.includes(code));
  expect(fileCodes.filter((code) => !covered.has(code))).toEqual([]);
});

test('a valid dump has no problems at all', () => {
  const built = build();
  expect(validateDump(built.path)).toEqual({ path: built.path, fileSize: built.fileSize, valid: true, errorCount: 0, warningCount: 0, infoCount: 0, problems: [] });
});

test('truncation names the missing bytes and every range that loses data', () => {
  const built = build();
  const cut = built.ranges[1].fileOffset + 1000; // inside the VRAM range; ROM and high RAM lost too
  fs.truncateSync(built.path, cut);
  const problem = validateDump(built.path).problems.find((item) => item.code === 'TRUNCATED_DUMP')!;
  expect(problem.details).toMatchObject({ fileSize: cut, expectedSize: built.fileSize, missingBytes: built.fileSize - cut });
  const lost = (problem.details!.ranges as { physicalStart: number; missingBytes: number }[]).map((range) => [range.physicalStart, range.missingBytes]);
  expect(lost).toEqual([
    [0xe000_0000, 64 * 1024 - 1000],
    [0xffff_0000, 64 * 1024],
    [0x1_0000_0000, MIB],
  ]);
  expect(problem.message).toContain(`${built.fileSize - cut} bytes are missing`);
  // the model still opens: what is there stays readable, what is not is a named hole
  const dump = openDump(built.path);
  try {
    expect(dump.physical.read(0, 16).readBigUInt64LE(8)).toBe(8n);
    expect(() => dump.physical.read(0x1_0000_0000, 16)).toThrow(/truncated/);
  } finally {
    dump.close();
  }
});

test('the input file is never modified', () => {
  const built = build();
  const before = fs.readFileSync(built.path);
  const statBefore = fs.statSync(built.path);
  validateDump(built.path);
  openDump(built.path).close();
  expect(fs.readFileSync(built.path).equals(before)).toBe(true);
  expect(fs.statSync(built.path).mtimeMs).toBe(statBefore.mtimeMs);
});
