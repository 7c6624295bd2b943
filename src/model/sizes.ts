/** Byte counts as people read them: binary units, exact where the count allows. */

const UNITS = [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const;

/** The largest unit that divides the count exactly: `4 GiB`, `640 KiB`, `100 B`. */
export function humanSize(bytes: number | bigint): string {
  const value = Number(bytes);
  for (const [unit, size] of UNITS) {
    if (value >= size && value % size === 0) return `${value / size} ${unit}`;
  }
  return `${value} B`;
}

/** An exact count where one exists, else the nearest tenth of the largest unit that fits: `1.5 GiB`. */
export function roundedSize(bytes: number): string {
  const exact = humanSize(bytes);
  if (!exact.endsWith(' B') || bytes < 1024) return exact;
  const [unit, size] = UNITS.find(([, candidate]) => bytes >= candidate)!;
  return `${(bytes / size).toFixed(1)} ${unit}`;
}

/** The largest unit that fits, exact when it divides the count, else to a tenth: `512 KiB`, `3.5 GiB`, `4.0 GiB`. */
export function approximateSize(bytes: number): string {
  const unit = UNITS.find(([, size]) => bytes >= size);
  if (unit === undefined) return `${bytes} B`;
  const [name, size] = unit;
  return bytes % size === 0 ? `${bytes / size} ${name}` : `${(bytes / size).toFixed(1)} ${name}`;
}
