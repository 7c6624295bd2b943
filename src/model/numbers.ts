export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** The enum constant's name for a value of a generated enum table, or `unknown (value)`. */
export function enumName(table: object, value: number): string {
  const name = (table as Record<number, unknown>)[value];
  return typeof name === 'string' ? name : `unknown (${hex(value)})`;
}
