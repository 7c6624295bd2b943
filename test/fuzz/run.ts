// `make fuzz ITERATIONS=n SEED=s`: a long fuzzing run, reported as one line (and the shrunk
// counterexample when something escapes).
import { fuzz } from './harness';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

const iterations = argument('iterations', 100000);
const seed = argument('seed', 1);
const result = fuzz(iterations, seed);
console.log(`fuzz: ${result.cases} cases, seed ${seed}, ${result.failure === null ? 'no failures' : 'FAILED'}, ${(result.wallMs / 1000).toFixed(1)} s, slowest case ${result.slowestMs.toFixed(1)} ms, peak heap ${result.peakHeapMiB.toFixed(0)} MiB`);
if (result.failure !== null) {
  console.log(result.failure);
  process.exitCode = 1;
}
