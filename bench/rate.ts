/**
 * Operations per second of `operation` over about `seconds` seconds, the clock read once per
 * batch. With `warmUp`, a warm-up as long comes first (V8 tunes its GC to a new allocation
 * pattern over the first second or two); paired measurements warm up by alternating instead.
 */
export function rate(operation: (iteration: number) => void, seconds: number, options: { warmUp?: boolean; batch?: number } = {}): number {
  const batch = options.batch ?? 64;
  if (options.warmUp === true) {
    const warmUpUntil = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
    for (let iteration = 0; process.hrtime.bigint() < warmUpUntil; iteration++) operation(iteration);
    global.gc?.();
  }
  let iterations = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (let done = 0; done < batch; done++) operation(iterations++);
  }
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
}
