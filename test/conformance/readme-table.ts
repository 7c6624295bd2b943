/**
 * README's conformance table: one row per surface, its numbers from the surface's own run. Each
 * surface's test checks its row, so the table cannot drift from what the tests find.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SurfaceSummary } from './runner';

const readme = (): string => fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

/** The README row a surface's summary makes. */
export function surfaceRow(summary: SurfaceSummary): string {
  const skipped = summary.skipped === 0 ? 'none' : `${summary.skipped} (${summary.skipReasons.map((reason) => reason.split(':')[0]).filter((kind, index, all) => all.indexOf(kind) === index).join(', ')})`;
  return `| ${summary.surface} | ${summary.passed} of ${summary.cases} | ${summary.checks} | ${skipped} |`;
}

/** The row README holds for a surface, or a note that it has none. */
export function readmeSurfaceRow(surface: string): string {
  return readme().split('\n').find((line) => line.startsWith(`| ${surface} |`)) ?? `README has no row for ${surface}`;
}
