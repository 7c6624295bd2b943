/**
 * Where the viewer is, as the part of its URL after `#`: the view, the address space and address
 * of the cursor (`paddr`, `vaddr` through `cpu`'s tables, or `offset` in the file) and the
 * selection's length. A colleague with the same dump opens the link, picks the dump and lands
 * on the same bytes. Nothing else of the dump is in the URL (no name, no contents).
 */

/** The tabs of the page. */
export const VIEWS = ['summary', 'structure', 'map', 'cpus', 'hex', 'search', 'vtop', 'maps'] as const;
export type ViewName = (typeof VIEWS)[number];

/** Address spaces the hex view shows. */
export type HexSpace = 'physical' | 'virtual' | 'file';

/** A place in a dump. */
export interface Place {
  readonly view: ViewName;
  readonly space: HexSpace;
  readonly address: bigint;
  readonly cpu: number;
  /** Bytes selected from `address`; 0 for none. */
  readonly selectionLength: number;
}

export const START_PLACE: Place = { view: 'summary', space: 'physical', address: 0n, cpu: 0, selectionLength: 0 };

const SPACE_KEYS: Record<HexSpace, string> = { physical: 'paddr', virtual: 'vaddr', file: 'offset' };
const ADDRESS_END = 1n << 64n;

/** The fragment for a place: `#view=hex&paddr=0x1000&cpu=0&sel=24`. */
export function placeFragment(place: Place): string {
  const parts = [`view=${place.view}`, `${SPACE_KEYS[place.space]}=0x${place.address.toString(16)}`, `cpu=${place.cpu}`];
  if (place.selectionLength > 0) parts.push(`sel=${place.selectionLength}`);
  return `#${parts.join('&')}`;
}

/**
 * The place a fragment names; what it does not say is taken from `fallback`, and what is not a
 * place (an unknown view, an address past 2^64, a negative vCPU) is ignored rather than trusted:
 * the URL may have come from anywhere.
 */
export function parsePlace(fragment: string, fallback: Place = START_PLACE): Place {
  const fields = new URLSearchParams(fragment.replace(/^#/, ''));
  let { view, space, address, cpu, selectionLength } = fallback;
  const viewText = fields.get('view');
  if (viewText !== null && (VIEWS as readonly string[]).includes(viewText)) view = viewText as ViewName;
  for (const [candidate, key] of Object.entries(SPACE_KEYS) as [HexSpace, string][]) {
    const text = fields.get(key);
    if (text === null || !/^(0x[0-9a-fA-F]{1,16}|[0-9]{1,20})$/.test(text)) continue;
    const value = BigInt(text);
    if (value >= ADDRESS_END) continue;
    space = candidate;
    address = value;
    // a new address without a selection has none: the old one's length belongs to the old place
    selectionLength = 0;
    break;
  }
  const cpuText = fields.get('cpu');
  if (cpuText !== null && /^[0-9]{1,5}$/.test(cpuText)) cpu = Number(cpuText);
  const selectionText = fields.get('sel');
  if (selectionText !== null && /^[0-9]{1,8}$/.test(selectionText)) selectionLength = Number(selectionText);
  return { view, space, address, cpu, selectionLength };
}
