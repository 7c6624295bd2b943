// Inspection of a dump by its path (Node): the file-based half of inspect.ts, apart so that the
// browser entry, which reads Blobs and HTTP, has no Node built-in behind it.
import { VboxCoreError } from './errors';
import { Inspection, inspectSource, reportOfOpenError } from './inspect';
import { openByteSource } from './io/open-byte-source';
import { shownName } from './io/remote-address';
import { ValidationReport } from './model/types';

/** Inspects the file at `path`; only an unreadable file throws (FILE_UNREADABLE). */
export function inspectFile(path: string): Inspection {
  const source = openByteSource(path);
  try {
    return inspectSource(source);
  } finally {
    source.close();
  }
}

/** The inspection of the file at `path`; a file that cannot be read at all is a report with its one problem, never a throw. */
export function inspectPath(path: string): Inspection {
  try {
    return inspectFile(path);
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return { report: reportOfOpenError(shownName(path), error), structure: null };
  }
}

/** Validates the dump at `path`: every problem found, each with a code, severity and place. */
export function validateDump(path: string): ValidationReport {
  return inspectPath(path).report;
}
