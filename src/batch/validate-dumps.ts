/**
 * Many dumps in one run: each checked as `validate` checks one, N at a time, results given as
 * they come. One at a time reads synchronously (the quickest for local files); several at once
 * read asynchronously in this thread, so that a batch of remote dumps waits on its servers side by
 * side (threads were tried: starting them cost more than they saved on two cores). A dump that
 * cannot be read is a result with its problem; it never stops the others.
 */
import { VboxCoreError } from '../errors';
import { checkDump, checkDumpAsync, DumpCheck, DumpCheckOptions, failedCheck } from './check-dump';

/** How a batch runs. */
export interface ValidateDumpsOptions extends DumpCheckOptions {
  /** Dumps checked at once (default 1: one after another, in the order given). */
  readonly jobs?: number;
}

/** The most `jobs` may be. */
export const MAX_JOBS = 256;

/**
 * Checks every dump, `jobs` at a time; yields each result when it is ready (with one job, in
 * the order given). Expectations are parsed before anything is read: a bad one throws.
 */
export async function* validateDumps(paths: readonly string[], options: ValidateDumpsOptions = {}): AsyncGenerator<DumpCheck> {
  const jobs = options.jobs ?? 1;
  if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new VboxCoreError('INVALID_ARGUMENT', `jobs is a whole number from 1 to ${MAX_JOBS}, not ${String(jobs)}`);
  if (!Array.isArray(paths) || !paths.every((path) => typeof path === 'string')) throw new VboxCoreError('INVALID_ARGUMENT', 'validateDumps takes a list of dump paths or addresses');
  const checkOptions: DumpCheckOptions = { expectations: options.expectations, hash: options.hash };
  // Refused here, once, rather than once per dump.
  (await import('../expectations/grammar')).parseExpectations([...(options.expectations ?? [])]);
  if (jobs === 1 || paths.length <= 1) {
    for (const [index, path] of paths.entries()) yield await safely(path, index, checkOptions, () => checkDump(path, checkOptions, index));
    return;
  }
  yield* sideBySide(paths, jobs, checkOptions);
}

/** One dump checked; what goes wrong beyond the dump itself (a read failing half-way through hashing) is its result too. */
async function safely(path: string, index: number, options: DumpCheckOptions, check: () => Promise<DumpCheck>): Promise<DumpCheck> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return failedCheck(path, index, error, options);
  }
}

async function* sideBySide(paths: readonly string[], jobs: number, options: DumpCheckOptions): AsyncGenerator<DumpCheck> {
  const ready: DumpCheck[] = [];
  let wake: (() => void) | null = null;
  let failure = null as { error: unknown } | null; // set in callbacks, which narrowing cannot see
  let next = 0;
  let running = 0;
  const start = (): void => {
    while (running < jobs && next < paths.length && failure === null) {
      const index = next++;
      running += 1;
      safely(paths[index], index, options, () => checkDumpAsync(paths[index], options, index)).then(
        (check) => ready.push(check),
        (error: unknown) => (failure ??= { error }),
      ).finally(() => {
        running -= 1;
        wake?.();
      });
    }
  };
  start();
  for (;;) {
    // A bug in one check stops the batch, whatever else is ready or running.
    if (failure !== null) throw failure.error;
    if (ready.length > 0) {
      yield ready.shift()!;
      start();
      continue;
    }
    if (running === 0) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
}

/** What a batch came to, and the exit status `validate` gives it. */
export interface BatchSummary {
  /** Dumps checked. */
  readonly dumps: number;
  /** Of those, valid (warnings or not). */
  readonly valid: number;
  /** Readable but with errors. */
  readonly invalid: number;
  /** Not readable at all (missing, refused, not a dump). */
  readonly unreadable: number;
  /** Dumps with an expectation not met (an unreadable dump meets none). */
  readonly expectationsNotMet: number;
  /** Dumps with warnings. */
  readonly withWarnings: number;
  /** 2 any unreadable, else 1 any invalid, else 4 an expectation not met, else 3 warnings under strict, else 0. */
  readonly exitStatus: 0 | 1 | 2 | 3 | 4;
}

/** Adds one result to a running summary. */
export function addToSummary(summary: BatchSummary, check: DumpCheck, strict: boolean): BatchSummary {
  const unreadable = check.report.fileSize === null;
  const invalid = !unreadable && !check.report.valid;
  const counts = {
    dumps: summary.dumps + 1,
    valid: summary.valid + (check.report.valid ? 1 : 0),
    invalid: summary.invalid + (invalid ? 1 : 0),
    unreadable: summary.unreadable + (unreadable ? 1 : 0),
    expectationsNotMet: summary.expectationsNotMet + (check.met ? 0 : 1),
    withWarnings: summary.withWarnings + (check.report.warningCount > 0 ? 1 : 0),
  };
  const exitStatus = counts.unreadable > 0 ? 2 : counts.invalid > 0 ? 1 : counts.expectationsNotMet > 0 ? 4 : strict && counts.withWarnings > 0 ? 3 : 0;
  return { ...counts, exitStatus };
}

/** A summary of nothing yet. */
export const EMPTY_SUMMARY: BatchSummary = { dumps: 0, valid: 0, invalid: 0, unreadable: 0, expectationsNotMet: 0, withWarnings: 0, exitStatus: 0 };
