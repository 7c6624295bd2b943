import { exercise, fuzz, mutate, seedDumps } from './fuzz/harness';

const seeds = seedDumps();

test('every seed dump passes through every operation unmutated', () => {
  for (const seed of seeds) expect(() => exercise(seed.name, seed.head, seed.size)).not.toThrow();
});

test('mutations change the input', () => {
  const seed = seeds[0];
  expect(mutate(seed, [{ kind: 'flip', position: 4, bit: 0 }]).head[4]).toBe(seed.head[4] ^ 1);
  expect(mutate(seed, [{ kind: 'truncate', keep: 0.5 }]).size).toBe(Math.floor(seed.size / 2));
  expect(mutate(seed, [{ kind: 'set', position: 56, width: 2, value: 0xffffn }]).head.readUInt16LE(56)).toBe(0xffff);
});

test('3,000 mutated dumps (fixed seed): only typed errors, each under three seconds, bounded heap', () => {
  const result = fuzz(3000, 20261125, seeds);
  expect(result.failure).toBeNull();
  expect(result.cases).toBe(3000);
});
