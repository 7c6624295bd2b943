/**
 * Sizes as people type them (`4GiB`, `512M`, `1.5G`, `64 KiB`): one definition for the
 * expectation grammar (written to conformance/ for other implementations) and every size the CLI
 * takes (`--length`, `--ranges`).
 */

/**
 * Size units: binary with K, M, G, T (either case) or KiB, MiB, GiB, TiB; decimal with kB (KB),
 * MB, GB, TB, as dd and truncate take them. A lowercase b after a prefix means bits (Gb is
 * gigabits), so it is refused rather than taken as bytes.
 */
export const SIZE_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['', 1n], ['B', 1n],
  ...(['K', 'M', 'G', 'T'] as const).flatMap((prefix, power): [string, bigint][] => {
    const binary = 1n << BigInt(10 * (power + 1));
    return [[prefix, binary], [prefix.toLowerCase(), binary], [`${prefix}iB`, binary], [`${prefix}IB`, binary], [`${prefix.toLowerCase()}iB`, binary], [`${prefix}B`, 10n ** BigInt(3 * (power + 1))]];
  }),
  ['kB', 1000n],
]);

/** A decimal number with an optional fraction and a unit from SIZE_UNITS (after removing `_`). */
export const SIZE_PATTERN = '^([0-9]+)(?:\\.([0-9]+))?\\s*([A-Za-z]*)$';
/** A unit that counts bits (Gb, Mib, b): refused with its own reason. */
export const BIT_UNIT_PATTERN = '^[kKmMgGtT]?i?b$';

const SIZE = new RegExp(SIZE_PATTERN);
const BIT_UNIT = new RegExp(BIT_UNIT_PATTERN);
const NOT_A_SIZE = 'is not a size (a number with B, K/KiB, M/MiB, G/GiB, T/TiB or kB, MB, GB, TB)';

/**
 * A decimal size with an optional unit, computed exactly (a fraction must come to whole bytes:
 * 1.5K is 1536, 0.1K is refused) and below 2^53; or why it is not one.
 */
export function sizeFromText(raw: string): { value: number } | { why: string } {
  const match = SIZE.exec(raw.replace(/_/g, ''));
  if (match === null) return { why: `${JSON.stringify(raw)} ${NOT_A_SIZE}` };
  const [, whole, fraction = '', unitText] = match;
  const unit = SIZE_UNITS.get(unitText);
  if (unit === undefined) {
    return { why: BIT_UNIT.test(unitText) ? `${JSON.stringify(unitText)} counts bits, not bytes: write B for bytes (${unitText.replace(/b$/, 'B')}, or ${unitText.slice(0, 1).toUpperCase()}iB for the binary unit)` : `${JSON.stringify(raw)} ${NOT_A_SIZE}` };
  }
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole + fraction) * unit;
  if (scaled % scale !== 0n) return { why: `${JSON.stringify(raw)} is not a whole number of bytes` };
  const value = scaled / scale;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { why: `${JSON.stringify(raw)} is too large (sizes go up to 2^53 - 1 bytes)` };
  return { value: Number(value) };
}
