import * as fs from 'node:fs';
import * as path from 'node:path';
import { VboxCoreError } from './errors';

/**
 * The compiled file of a worker thread's module, named from dist/src (`io/remote-worker.js`):
 * beside the caller's own compiled module, under dist/ for the CLI's bundle, or in the built tree
 * for tests that run the TypeScript sources. A worker runs JavaScript only.
 */
export function workerPath(fromDistSrc: string): string {
  const root = path.resolve(__dirname, '..');
  const candidates = [path.join(__dirname, fromDistSrc), path.join(__dirname, 'src', fromDistSrc), path.join(root, 'dist', 'src', fromDistSrc)];
  const found = candidates.find((candidate) => candidate.endsWith('.js') && fs.existsSync(candidate));
  if (found === undefined) throw new VboxCoreError('INVALID_ARGUMENT', `the worker ${fromDistSrc} is missing (looked for ${candidates.join(', ')}): build the package (npm run build)`);
  return found;
}
