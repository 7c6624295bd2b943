/**
 * One dump of a batch checked: its validation report, the expectations it was given, and
 * optionally its digests. The same work whether it runs here or in a batch worker thread.
 */
import { VboxCoreError } from '../errors';
import { checkExpectations, ExpectationResult, kernelOfPath, needsKernel } from '../expectations/check';
import { parseExpectations } from '../expectations/grammar';
import { reportOfOpenError } from '../inspect';
import { inspectPath } from '../inspect-file';
import { shownName } from '../io/remote-address';
import type { FileDigests } from '../io/hash';
import type { HashAlgorithm } from '../io/hash-algorithms';
import type { ValidationReport } from '../model/types';

/** What a batch checks of each dump. */
export interface DumpCheckOptions {
  /** Expectations as `validate --expect` takes them (`cpus=2`, `ram>=4GiB`, `no-truncation`). */
  readonly expectations?: readonly string[];
  /** Digests of each readable dump, as `validate --hash` gives them. */
  readonly hash?: readonly HashAlgorithm[];
}

/** One dump's result. */
export interface DumpCheck {
  /** Its place in the list of dumps the batch was given, from 0 (results may come in another order). */
  readonly index: number;
  /** The dump's path or address, as given (an address without its credentials or query). */
  readonly path: string;
  /** Its validation report (a dump that cannot be read is a report with that one problem). */
  readonly report: ValidationReport;
  /** Each expectation with what was found. */
  readonly expectations: readonly ExpectationResult[];
  /** Whether every expectation is met. */
  readonly met: boolean;
  /** The dump's digests; null when none were asked for or the dump cannot be read. */
  readonly hashes: FileDigests | null;
}

/** Checks one dump; never throws for what the dump is, only for a bug. */
export async function checkDump(path: string, options: DumpCheckOptions = {}, index = 0): Promise<DumpCheck> {
  const expectations = parseExpectations([...(options.expectations ?? [])]);
  const inspection = inspectPath(path);
  const results = checkExpectations(inspection, expectations, () => kernelOfPath(path));
  // A dump that cannot be read has no digest; one that reads but is invalid still has one (it is the evidence).
  const hashes = options.hash === undefined || inspection.report.fileSize === null ? null : await (await import('../io/hash')).hashFile(path, options.hash);
  return { index, path: shownName(path), report: inspection.report, expectations: results, met: results.every((result) => result.met), hashes };
}

/**
 * The same check with asynchronous reads, for checking many dumps at once in one thread: while
 * one waits on its disk or its server, the others go on.
 */
export async function checkDumpAsync(path: string, options: DumpCheckOptions = {}, index = 0): Promise<DumpCheck> {
  const expectations = parseExpectations([...(options.expectations ?? [])]);
  const [{ openAsyncSource }, core] = await Promise.all([import('../io/open-async-source'), import('../async/dump-core')]);
  let source;
  try {
    source = await openAsyncSource(path);
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return failedCheck(path, index, error, options);
  }
  try {
    const inspection = await core.inspectAsync(source);
    // Only an os= or kernel= expectation reads memory, as for one dump.
    const kernel = inspection.structure !== null && needsKernel(expectations) ? await core.identifyKernelAsync(await core.openDumpAsync(source)) : null;
    const results = checkExpectations(inspection, expectations, kernel === null ? undefined : () => kernel);
    const hashes = options.hash === undefined || inspection.report.fileSize === null ? null : await (await import('../io/hash')).hashFile(path, options.hash);
    return { index, path: shownName(path), report: inspection.report, expectations: results, met: results.every((result) => result.met), hashes };
  } finally {
    await source.close();
  }
}

/** The result for a dump that could not be checked: its report names why, and every expectation is unmet for it, as for one dump. */
export function failedCheck(path: string, index: number, error: VboxCoreError, options: DumpCheckOptions = {}): DumpCheck {
  const report = reportOfOpenError(shownName(path), error);
  const results = checkExpectations({ report, structure: null }, parseExpectations([...(options.expectations ?? [])]));
  return { index, path: shownName(path), report, expectations: results, met: results.every((result) => result.met), hashes: null };
}
