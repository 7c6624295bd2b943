/**
 * The asynchronous API under Node: dump-core's, with a dump's path taken too (opened as a
 * FileHandleSource). The browser entry (src/browser.ts) takes dump-core's, which has no Node
 * built-in behind it.
 */
import { VboxCoreError } from '../errors';
import { reportOfOpenError } from '../inspect';
import type { AsyncByteSource } from '../io/async-source';
import { openAsyncSource } from '../io/open-async-source';
import { shownName } from '../io/remote-address';
import type { ValidationReport } from '../model/types';
import * as core from './dump-core';

export * from './dump-core';

/**
 * Opens a dump for asynchronous reads: a path (read through a FileHandle), an http:// or https://
 * address (an HttpSource with its defaults), or any asynchronous byte source. Reads only the headers and notes, as openDump does, and fails the same way.
 */
export async function openDumpAsync(input: string | AsyncByteSource): Promise<core.AsyncVBoxCoreDump> {
  return core.openDumpAsync(typeof input === 'string' ? await openAsyncSource(input) : input);
}

/**
 * The validation report of a dump read asynchronously (a path, a Blob, an HTTP source): every
 * problem, as `validateDump` gives it for a file; a path that cannot be opened is a report with
 * its one problem, never a throw. The source is closed afterwards.
 */
export async function validateDumpAsync(input: string | AsyncByteSource): Promise<ValidationReport> {
  if (typeof input !== 'string') return core.validateDumpAsync(input);
  let source: AsyncByteSource;
  try {
    source = await openAsyncSource(input);
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return reportOfOpenError(shownName(input), error);
  }
  return core.validateDumpAsync(source);
}
