import { describeValue, hasSizeUnit, parseAddress, parseLength } from '../address-space/address';
import { VboxCoreError } from '../errors';
import { hex } from '../model/numbers';
import { PhysicalRange } from '../model/types';

/** A physical window [start, end) to export. */
export interface PhysicalWindow {
  /** First guest-physical address. */
  readonly start: number;
  /** Exclusive end. */
  readonly end: number;
}

/** What to export: every range, the RAM ranges, or explicit physical windows. */
export type RangeSelection = 'all' | 'ram' | readonly PhysicalWindow[];

/**
 * Parses `--ranges`: `all`, `ram`, or a comma-separated list of windows written `START-END`
 * (END exclusive) or `START+LENGTH`, in decimal or 0x hexadecimal, or as sizes with units (4GiB).
 */
export function parseRangeSelection(text: string): RangeSelection {
  if (typeof text !== 'string') throw new VboxCoreError('INVALID_ARGUMENT', `parseRangeSelection reads text, not ${describeValue(text)}`);
  const trimmed = text.trim();
  if (trimmed === 'all' || trimmed === 'ram') return trimmed;
  return trimmed.split(',').map((part) => {
    const match = /^\s*([^+\-\s]+)\s*([+-])\s*([^\s]+)\s*$/.exec(part);
    if (match === null) throw new VboxCoreError('INVALID_ARGUMENT', `--ranges: "${part}" is not all, ram, START-END or START+LENGTH`);
    // Sizes with units are taken too: 4GiB-5GiB, 0x100000+64MiB.
    const start = parseBound(match[1], '--ranges start');
    const second = parseBound(match[3], match[2] === '+' ? '--ranges length' : '--ranges end');
    const end = match[2] === '+' ? start + second : second;
    if (end <= start) throw new VboxCoreError('INVALID_ARGUMENT', `--ranges: "${part}" is empty or reversed`);
    if (end > BigInt(Number.MAX_SAFE_INTEGER)) throw new VboxCoreError('INVALID_ARGUMENT', `--ranges: "${part}" reaches beyond 2^53, where no dump has ranges`);
    return { start: Number(start), end: Number(end) };
  });
}

/** A bound of a window: a 64-bit number, or a size with a unit (checked against 2^53 with the window). */
function parseBound(text: string, what: string): bigint {
  return hasSizeUnit(text) ? BigInt(parseLength(text, what)) : parseAddress(text, what);
}

/** Checks a selection a JavaScript caller built by hand: 'all', 'ram', or an array of { start, end } windows of safe integers. */
export function checkSelection(selection: unknown): RangeSelection {
  if (selection === 'all' || selection === 'ram') return selection;
  const isWindow = (window: unknown): window is PhysicalWindow =>
    typeof window === 'object' && window !== null && Number.isSafeInteger((window as PhysicalWindow).start) && Number.isSafeInteger((window as PhysicalWindow).end) && (window as PhysicalWindow).start >= 0 && (window as PhysicalWindow).end > (window as PhysicalWindow).start;
  if (Array.isArray(selection) && selection.every(isWindow)) return selection;
  throw new VboxCoreError('INVALID_ARGUMENT', `selection must be 'all', 'ram' or an array of { start, end } windows (safe integers, end after start), not ${describeValue(selection)} (parseRangeSelection reads the CLI's text form)`);
}

/** The physical windows a selection stands for, in address order. */
export function selectedWindows(selection: RangeSelection, ranges: readonly PhysicalRange[]): PhysicalWindow[] {
  const windows: PhysicalWindow[] =
    typeof selection === 'string'
      ? ranges
          .filter((range) => range.size > 0 && (selection === 'all' || range.kind === 'ram'))
          .map((range) => ({ start: range.physicalStart, end: range.physicalEnd }))
      : [...selection];
  windows.sort((a, b) => a.start - b.start);
  for (let index = 1; index < windows.length; index++) {
    if (windows[index].start < windows[index - 1].end) {
      throw new VboxCoreError('INVALID_ARGUMENT', `--ranges: windows ${hex(windows[index - 1].start)}-${hex(windows[index - 1].end)} and ${hex(windows[index].start)}-${hex(windows[index].end)} overlap`);
    }
  }
  return windows;
}
