/**
 * Runs the conformance corpus through one surface (the CLI, a library API over a source, the
 * matchers, the viewer...) and compares each answer with the case's expected one. A surface
 * that cannot answer a question says so by throwing Skip with the reason: it is counted as
 * skipped, never as passed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConformanceCase, ExpectedCpu, ExpectedProblemRecord, ExpectedRange } from './format';

export const CORPUS = path.resolve(__dirname, '..', '..', 'conformance');

/** Thrown by a surface for a question it cannot answer, with the reason. */
export class Skip extends Error {}

/** What a surface's report of a dump holds. */
export interface SurfaceReport {
  problems: ExpectedProblemRecord[];
  /** The code an open fails with, or null when the dump opens. */
  stops: string | null;
}

/** What a surface answers of one open dump. */
export interface SurfaceStructure {
  producer: string;
  descriptor: ConformanceCase['descriptor'];
  ranges: ExpectedRange[];
  memory: NonNullable<ConformanceCase['memory']>;
  cpus: { index: number; layout: string | null; registers: Record<string, unknown> | null }[];
}

/** A read's bytes (their SHA-256) or its error; `mapped` from a surface that says only whether there is data (toMapPhysical). */
export type ReadAnswer = { sha256: string } | { error: string } | { mapped: true };
export type TranslationAnswer = { fileOffset: string; range: number } | { error: string };
/** A walk's end; `translatesAsExpected` from a surface that can only confirm the expected address (toTranslate). */
export type WalkAnswer = { physicalAddress: string; pageSize: string } | { fault: string } | { translatesAsExpected: true };

/** One surface over one case's dump. Every method may throw Skip. */
export interface Session {
  report(): Promise<SurfaceReport>;
  /** The verdict, where a surface tells it without a problem list (the matchers); else it comes from report(). */
  verdict?(): Promise<{ verdict: string; stops: string | null }>;
  structure(): Promise<SurfaceStructure>;
  read(physicalAddress: bigint, length: number, zeroHoles: boolean): Promise<ReadAnswer>;
  translate(physicalAddress: bigint): Promise<TranslationAnswer>;
  /** `expected` is given for surfaces that can only confirm an address (a matcher); others ignore it. */
  walk(cpu: number, virtualAddress: bigint, expected: { physicalAddress: string } | { fault: string }): Promise<WalkAnswer>;
  expectation(text: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface Surface {
  readonly name: string;
  /** `file` is the dump's path (it may not exist: the missing-file case). */
  open(file: string, entry: ConformanceCase): Promise<Session>;
}

export interface CheckResult {
  check: string;
  status: 'pass' | 'fail' | 'skip';
  detail?: string;
}

export interface CaseResult {
  id: string;
  checks: CheckResult[];
}

export function loadCases(): { entry: ConformanceCase; file: string }[] {
  const index = JSON.parse(fs.readFileSync(path.join(CORPUS, 'index.json'), 'utf8')) as { cases: { id: string }[] };
  return index.cases.map(({ id }) => {
    const entry = JSON.parse(fs.readFileSync(path.join(CORPUS, 'cases', `${id}.json`), 'utf8')) as ConformanceCase;
    return { entry, file: path.join(CORPUS, 'cases', entry.file ?? `${id}.missing`) };
  });
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The verdict a report gives (the same rule as the corpus's). */
export function verdictOf(report: SurfaceReport): string {
  if (report.stops !== null) return 'unreadable';
  if (report.problems.some((problem) => problem.severity === 'error')) return 'invalid';
  if (report.problems.some((problem) => problem.severity === 'warning')) return 'valid-with-warnings';
  return 'valid';
}

/** The expected registers' keys picked from an answer (a subset is expected). */
function pick(expected: unknown, actual: unknown): unknown {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) return actual;
  if (actual === null || typeof actual !== 'object') return actual;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, pick((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key])]));
}

function cpusView(expected: ExpectedCpu[], actual: SurfaceStructure['cpus']): unknown {
  return actual.map((cpu, index) => ({ index: cpu.index, layout: cpu.layout, registers: expected[index]?.registers === undefined || expected[index].registers === null ? cpu.registers === null ? null : 'decoded' : pick(expected[index].registers, cpu.registers) }));
}

function expectedCpusView(expected: ExpectedCpu[]): unknown {
  return expected.map((cpu) => ({ index: cpu.index, layout: cpu.layout, registers: cpu.registers }));
}

/** Runs one case through a surface; every question asked of the case is one check. */
export async function runCase(surface: Surface, entry: ConformanceCase, file: string): Promise<CaseResult> {
  const checks: CheckResult[] = [];
  const compare = async (check: string, expected: unknown, answer: () => Promise<unknown>): Promise<void> => {
    try {
      const actual = await answer();
      const same = JSON.stringify(actual) === JSON.stringify(expected);
      checks.push(same ? { check, status: 'pass' } : { check, status: 'fail', detail: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}` });
    } catch (error) {
      if (error instanceof Skip) checks.push({ check, status: 'skip', detail: error.message });
      else checks.push({ check, status: 'fail', detail: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` });
    }
  };
  let session: Session;
  try {
    session = await surface.open(file, entry);
  } catch (error) {
    return { id: entry.id, checks: [{ check: 'open', status: error instanceof Skip ? 'skip' : 'fail', detail: (error as Error).message }] };
  }
  try {
    const reportPromise = session.report();
    reportPromise.catch(() => undefined);
    await compare('verdict', { verdict: entry.verdict, stops: entry.stops }, async () => {
      if (session.verdict !== undefined) return session.verdict();
      const report = await reportPromise;
      return { verdict: verdictOf(report), stops: report.stops };
    });
    await compare('problems', entry.problems, async () => (await reportPromise).problems);
    if (entry.verdict !== 'unreadable') {
      const structure = session.structure();
      structure.catch(() => undefined);
      await compare('producer', entry.producer, async () => (await structure).producer);
      await compare('descriptor', entry.descriptor, async () => (await structure).descriptor);
      await compare('ranges', entry.ranges, async () => (await structure).ranges);
      await compare('memory', entry.memory, async () => (await structure).memory);
      await compare('cpus', expectedCpusView(entry.cpus ?? []), async () => cpusView(entry.cpus ?? [], (await structure).cpus));
      for (const read of entry.reads ?? []) {
        const expected = 'sha256' in read ? { sha256: read.sha256 } : { error: read.error };
        await compare(`read ${read.physicalAddress}+${read.length}${read.zeroHoles ? ' zero-holes' : ''}`, expected, async () => {
          const answer = await session.read(BigInt(read.physicalAddress), read.length, read.zeroHoles === true);
          // "there is data" stands for the bytes where the surface reads none
          return 'mapped' in answer && 'sha256' in expected ? expected : answer;
        });
      }
      for (const translation of entry.translations ?? []) {
        const expected = 'error' in translation ? { error: translation.error } : { fileOffset: translation.fileOffset, range: translation.range };
        await compare(`translate ${translation.physicalAddress}`, expected, () => session.translate(BigInt(translation.physicalAddress)));
      }
      for (const walk of entry.walks ?? []) {
        const expected = 'fault' in walk ? { fault: walk.fault } : { physicalAddress: walk.physicalAddress, pageSize: walk.pageSize };
        await compare(`walk cpu ${walk.cpu} ${walk.virtualAddress}`, expected, async () => {
          const answer = await session.walk(walk.cpu, BigInt(walk.virtualAddress), expected);
          return 'translatesAsExpected' in answer && 'physicalAddress' in expected ? expected : answer;
        });
      }
    }
    for (const expectation of entry.expectations) await compare(`expect ${expectation.expectation}`, expectation.met, () => session.expectation(expectation.expectation));
  } finally {
    await session.close();
  }
  return { id: entry.id, checks };
}

/** A surface's results in a few numbers: cases passed whole, checks skipped (with their reasons), failures. */
export interface SurfaceSummary {
  surface: string;
  cases: number;
  passed: number;
  checks: number;
  skipped: number;
  skipReasons: string[];
  failures: string[];
}

export function summarize(surface: string, results: readonly CaseResult[]): SurfaceSummary {
  const all = results.flatMap((result) => result.checks.map((check) => ({ ...check, id: result.id })));
  return {
    surface,
    cases: results.length,
    passed: results.filter((result) => result.checks.every((check) => check.status !== 'fail')).length,
    checks: all.length,
    skipped: all.filter((check) => check.status === 'skip').length,
    skipReasons: [...new Set(all.filter((check) => check.status === 'skip').map((check) => `${check.check.split(' ')[0]}: ${check.detail}`))],
    failures: all.filter((check) => check.status === 'fail').map((check) => `${check.id} ${check.check}: ${check.detail}`),
  };
}
