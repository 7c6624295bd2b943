/**
 * Where each surface's conformance numbers are kept (test-artifacts/conformance/), and README's
 * table made from them: surface x cases passed, checks skipped and why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SurfaceSummary } from './runner';

export const RESULTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'conformance');

const slug = (surface: string): string => surface.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function writeSurfaceSummary(summary: SurfaceSummary): void {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${slug(summary.surface)}.json`), `${JSON.stringify(summary, null, 2)}\n`);
}

export function readSurfaceSummaries(): SurfaceSummary[] {
  if (!fs.existsSync(RESULTS)) return [];
  return fs.readdirSync(RESULTS).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(fs.readFileSync(path.join(RESULTS, name), 'utf8')) as SurfaceSummary);
}
