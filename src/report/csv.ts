/**
 * Tables as CSV: a header row, fields quoted when they hold a comma, a quote or a line break (RFC
 * 4180), lines ended by LF as Unix tools and Python's csv module take them (the CLI's output
 * escapes a raw CR), for spreadsheets and for tools that take Volatility 3's `-r csv`. The values
 * are those of `--json`: 64-bit numbers as 0x hexadecimal, so nothing is rounded.
 */
import { toJson } from './json';

type Cell = string | number | boolean | null;

function cell(value: Cell): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of rows that all have the header's columns. */
export function csvTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(cell).join(',')}\n`).join('');
}

/** An object as --json prints it (64-bit values as hexadecimal), its leaves as `path`, `value` pairs in order. */
export function flattenedJson(value: unknown): [string, Cell][] {
  const leaves: [string, Cell][] = [];
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((element, index) => visit(element, `${where}[${index}]`));
    else if (node !== null && typeof node === 'object') for (const [key, inner] of Object.entries(node)) visit(inner, where === '' ? key : `${where}.${key}`);
    else leaves.push([where, node as Cell]);
  };
  visit(JSON.parse(toJson(value)), '');
  return leaves;
}

/** One row per object: its leaves (as --json gives them) as columns, the first object's order. */
export function csvOfRecords(records: readonly object[]): string {
  const flattened = records.map((record) => new Map(flattenedJson(record)));
  const header = [...new Set(flattened.flatMap((record) => [...record.keys()]))];
  return csvTable(header, flattened.map((record) => header.map((column) => record.get(column) ?? null)));
}

/** Long form, one row per leaf, for nested records such as a vCPU's registers: `key`, `field`, `value`. */
export function csvOfNested(keyName: string, entries: readonly (readonly [Cell, object])[]): string {
  return csvTable([keyName, 'field', 'value'], entries.flatMap(([key, record]) => flattenedJson(record).map(([field, value]) => [key, field, value] as const)));
}
