/**
 * Pictures of a dump's address spaces as SVG: the physical map (ranges by kind, gaps, truncated
 * parts, problems at their place) and the virtual mappings beside the physical ranges they land
 * in. Plain functions of the dump's data, so the CLI and the browser viewer draw the same picture.
 */
import type { MapsListing, VirtualMapping } from '../address-space/virtual';
import type { PagingContext } from '../address-space/paging';
import type { PhysicalRange, RangeKind, ValidationReport } from '../model/types';
import type { Problem } from '../problems';
import { approximateSize } from '../model/sizes';
import { hex } from '../model/numbers';
import { repeatsText } from './cpu-text';

/** What the physical map is drawn from: any open dump (sync or async) or `info --json` document has it. */
export interface PhysicalMapInput {
  /** The dump's name, for the title. */
  readonly path: string;
  /** The dump's ranges. */
  readonly ranges: readonly PhysicalRange[];
  /** The dump's problems; those tied to a range are marked on it. */
  readonly report: ValidationReport;
}

/** Kinds of block in a picture: the range kinds, plus parts the file lost and space no range covers. */
export type MapBlockKind = RangeKind | 'truncated' | 'absent';

/** Colours by kind; text stays dark on every one. Truncated and absent parts are patterns. */
const COLOUR: Readonly<Record<Exclude<MapBlockKind, 'truncated' | 'absent'>, string>> = {
  ram: '#9ecae1',
  vram: '#fdd0a2',
  rom: '#a1d99b',
  device: '#dadaeb',
  mmio: '#fcbba1',
};

/**
 * The fill of a kind. Pattern ids carry the picture's name: pages holding two pictures (the
 * viewer) must not have one picture's blocks refer to the other's patterns, which a hidden
 * panel would not paint.
 */
function fillOf(kind: MapBlockKind, picture: string): string {
  return kind === 'truncated' || kind === 'absent' ? `url(#${picture}-${kind})` : COLOUR[kind];
}

const KIND_LABEL: Readonly<Record<MapBlockKind, string>> = {
  ram: 'RAM',
  vram: 'VRAM',
  rom: 'ROM',
  device: 'device memory',
  mmio: 'MMIO (no data)',
  truncated: 'truncated (data missing)',
  absent: 'absent (no range)',
};

/** Blocks drawn at most; a hostile dump with 65,534 ranges gets a note instead of a 2 MB picture. */
export const MAP_BLOCK_LIMIT = 512;
/** Gaps wider than this are drawn as a break of fixed height. */
export const BROKEN_GAP_BYTES = 16 * 2 ** 20;
/** Sizes within this ratio of each other are drawn to scale (linear heights). */
const LINEAR_SCALE_RATIO = 16;

const WIDTH = 860;
const ADDRESS_X = 12;
const BAR_X = 190;
const BAR_WIDTH = 170;
const LABEL_X = BAR_X + BAR_WIDTH + 14;
const MIN_HEIGHT = 26;
const MAX_HEIGHT = 180;
const BREAK_HEIGHT = 30;
const FONT = 'font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12"';

/**
 * Characters XML 1.0 forbids even as references (C0 controls but tab, newline and carriage
 * return; U+FFFE and U+FFFF; halves of surrogate pairs alone), and C1 controls, which it allows
 * but which no reader should be shown: written as `\xNN`/`\uNNNN`, as the CLI writes them.
 */
const NOT_XML_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside SVG or HTML: markup escaped, and what XML cannot hold shown as an escape. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_TEXT, (character) => {
      const code = character.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .replace(/[<>&"']/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[character]!);
}


/** Gaps small enough to draw are drawn at most this tall: empty space should not crowd out ranges. */
const MAX_GAP_HEIGHT = 60;
/** Blocks shorter than this get their label on one line. */
const ONE_LINE_HEIGHT = 32;

/** One block of the physical picture, top to bottom in address order. */
interface Block {
  readonly kind: MapBlockKind;
  readonly physicalStart: number;
  readonly physicalEnd: number;
  readonly range: PhysicalRange | null;
  readonly broken: boolean;
}

function blocksOf(ranges: readonly PhysicalRange[]): Block[] {
  const sorted = [...ranges].sort((a, b) => a.physicalStart - b.physicalStart || a.index - b.index);
  const blocks: Block[] = [];
  let cursor = sorted.length > 0 ? Math.min(0, sorted[0].physicalStart) : 0;
  for (const range of sorted) {
    if (range.physicalStart > cursor) blocks.push({ kind: 'absent', physicalStart: cursor, physicalEnd: range.physicalStart, range: null, broken: range.physicalStart - cursor > BROKEN_GAP_BYTES });
    blocks.push({ kind: range.kind, physicalStart: range.physicalStart, physicalEnd: range.physicalEnd, range, broken: false });
    cursor = Math.max(cursor, range.physicalEnd);
  }
  return blocks;
}

/** Heights: to scale when the sizes are alike, else growing with the logarithm of the size. */
function heightScale(blocks: readonly Block[]): { height: (size: number) => number; toScale: boolean } {
  const sizes = blocks.filter((block) => !block.broken).map((block) => Math.max(1, block.physicalEnd - block.physicalStart));
  const smallest = Math.min(...sizes);
  const largest = Math.max(...sizes);
  if (sizes.length > 0 && largest / smallest <= LINEAR_SCALE_RATIO) {
    return { height: (size) => Math.max(MIN_HEIGHT, (MAX_HEIGHT * size) / largest), toScale: true };
  }
  const span = Math.log2(largest / smallest) || 1;
  return { height: (size) => MIN_HEIGHT + ((MAX_HEIGHT - MIN_HEIGHT) * Math.log2(Math.max(1, size) / smallest)) / span, toScale: false };
}

/** The range a problem is about: by its program header, else by the file offset it names. */
export function problemRange(problem: Problem, ranges: readonly PhysicalRange[]): PhysicalRange | null {
  const header = /program_header\[(\d+)\]/.exec(problem.field ?? '');
  if (header !== null) {
    const byHeader = ranges.find((range) => range.programHeaderIndex === Number(header[1]));
    if (byHeader !== undefined) return byHeader;
  }
  if (problem.fileOffset === null) return null;
  const offset = problem.fileOffset;
  return ranges.find((range) => range.declaredFileBytes > 0 && offset >= range.fileOffset && offset < range.fileOffset + range.declaredFileBytes) ?? null;
}

function defs(picture: string): string {
  return [
    '<defs>',
    `<pattern id="${picture}-truncated" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#cb181d" stroke-width="3"/></pattern>`,
    `<pattern id="${picture}-absent" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f4f4f4"/><circle cx="3" cy="3" r="0.8" fill="#bbbbbb"/></pattern>`,
    '</defs>',
  ].join('');
}

function legend(y: number, picture: string): { svg: string; height: number } {
  const kinds: MapBlockKind[] = ['ram', 'vram', 'rom', 'device', 'mmio', 'truncated', 'absent'];
  const parts = kinds.map((kind, position) => {
    const x = ADDRESS_X + (position % 4) * 205;
    const row = y + Math.floor(position / 4) * 20;
    const fill = fillOf(kind, picture);
    return `<g class="legend-item" data-kind="${kind}"><rect x="${x}" y="${row}" width="14" height="14" fill="${fill}" stroke="#555"/><text x="${x + 20}" y="${row + 11}">${escapeXml(KIND_LABEL[kind])}</text></g>`;
  });
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: 44 };
}

/** A break: the block's edges drawn as zigzags, saying the gap is not to scale. */
function zigzag(x: number, y: number, width: number): string {
  const teeth = 10;
  const points: string[] = [];
  for (let tooth = 0; tooth <= teeth; tooth += 1) points.push(`${(x + (width * tooth) / teeth).toFixed(1)},${(y + (tooth % 2 === 0 ? 0 : 5)).toFixed(1)}`);
  return `<polyline points="${points.join(' ')}" fill="none" stroke="#777"/>`;
}

/** Where in the picture a physical address is: filled in while drawing, used by the virtual picture. */
interface Placement {
  readonly block: Block;
  readonly top: number;
  readonly height: number;
}

function drawPhysical(input: PhysicalMapInput, top: number, picture: string): { svg: string; bottom: number; placements: Placement[]; caption: string } {
  const allBlocks = blocksOf(input.ranges);
  const blocks = allBlocks.slice(0, MAP_BLOCK_LIMIT);
  const { height, toScale } = heightScale(blocks);
  const problemsByRange = new Map<number, Problem[]>();
  for (const problem of input.report.problems) {
    const range = problemRange(problem, input.ranges);
    if (range !== null) problemsByRange.set(range.index, [...(problemsByRange.get(range.index) ?? []), problem]);
  }
  const parts: string[] = [];
  const placements: Placement[] = [];
  let y = top;
  for (const block of blocks) {
    const size = block.physicalEnd - block.physicalStart;
    // Heights in tenths of a pixel, as written, so each block starts exactly where the last ends.
    const blockHeight = block.broken ? BREAK_HEIGHT : Math.round(Math.min(height(size), block.kind === 'absent' ? MAX_GAP_HEIGHT : MAX_HEIGHT) * 10) / 10;
    placements.push({ block, top: y, height: blockHeight });
    const range = block.range;
    const attributes = `class="block${block.broken ? ' broken' : ''}" data-kind="${block.kind}" data-start="${hex(block.physicalStart)}" data-end="${hex(block.physicalEnd)}" data-size="${size}"${range === null ? '' : ` data-range="${range.index}"`}`;
    const inner: string[] = [];
    const fill = fillOf(block.kind, picture);
    inner.push(`<rect x="${BAR_X}" y="${y.toFixed(1)}" width="${BAR_WIDTH}" height="${blockHeight.toFixed(1)}" fill="${fill}" stroke="${block.kind === 'absent' ? '#bbbbbb' : '#555555'}"${block.kind === 'absent' ? ' stroke-dasharray="4 3"' : ''}/>`);
    if (block.broken) {
      inner.push(zigzag(BAR_X, y + blockHeight / 2 - 6, BAR_WIDTH), zigzag(BAR_X, y + blockHeight / 2 + 1, BAR_WIDTH));
    }
    if (range !== null && range.presentBytes < range.declaredFileBytes) {
      // The part the program header promises but the file lacks, at its place within the range.
      const missingTop = y + (blockHeight * range.presentBytes) / size;
      const missingHeight = (blockHeight * (range.declaredFileBytes - range.presentBytes)) / size;
      inner.push(`<rect class="truncated" data-start="${hex(range.physicalStart + range.presentBytes)}" data-end="${hex(range.physicalStart + range.declaredFileBytes)}" x="${BAR_X}" y="${missingTop.toFixed(1)}" width="${BAR_WIDTH}" height="${Math.max(3, missingHeight).toFixed(1)}" fill="${fillOf('truncated', picture)}" stroke="#cb181d"/>`);
    }
    inner.push(`<text class="address" x="${ADDRESS_X}" y="${(y + 13).toFixed(1)}">${hex(block.physicalStart)}</text>`);
    const kindText = block.kind === 'absent' ? (block.broken ? 'absent (gap, not to scale)' : 'absent') : KIND_LABEL[block.kind];
    const labelLines = [`${kindText} · ${approximateSize(size)}`, `${hex(block.physicalStart)}–${hex(block.physicalEnd - 1)}${range === null ? '' : ` · range ${range.index}`}`];
    const lines = blockHeight < ONE_LINE_HEIGHT ? [labelLines.join(' · ')] : labelLines;
    if (range !== null && range.presentBytes < range.declaredFileBytes) lines.push(`truncated: ${approximateSize(range.declaredFileBytes - range.presentBytes)} missing from ${hex(range.physicalStart + range.presentBytes)}`);
    lines.forEach((line, position) => {
      const warning = line.startsWith('truncated: ');
      inner.push(`<text class="label${warning ? ' warning' : ''}" x="${LABEL_X}" y="${(y + 13 + position * 14).toFixed(1)}"${warning ? ' fill="#a50f15"' : ''}>${escapeXml(line)}</text>`);
    });
    for (const [position, problem] of (range === null ? [] : problemsByRange.get(range.index) ?? []).slice(0, 3).entries()) {
      const markerY = y + 6 + position * 16;
      const colour = problem.severity === 'error' ? '#cb181d' : problem.severity === 'warning' ? '#e6550d' : '#3182bd';
      inner.push(`<g class="problem" data-code="${problem.code}" data-severity="${problem.severity}"><circle cx="${BAR_X + BAR_WIDTH - 12}" cy="${(markerY + 5).toFixed(1)}" r="6" fill="${colour}"/><text x="${BAR_X + BAR_WIDTH - 14.5}" y="${(markerY + 9).toFixed(1)}" fill="#ffffff" font-weight="bold">!</text><title>${escapeXml(`${problem.code}: ${problem.message}`)}</title></g>`);
    }
    parts.push(`<g ${attributes}>${inner.join('')}</g>`);
    y += blockHeight;
  }
  if (blocks.length > 0) parts.push(`<text class="address end" x="${ADDRESS_X}" y="${(y + 4).toFixed(1)}">${hex(blocks[blocks.length - 1].physicalEnd)}</text>`);
  if (allBlocks.length > blocks.length) {
    y += 20;
    parts.push(`<text class="omitted" x="${ADDRESS_X}" y="${y.toFixed(1)}">… ${allBlocks.length - blocks.length} more blocks above ${hex(blocks[blocks.length - 1].physicalEnd)} not drawn</text>`);
  }
  const caption = toScale ? 'heights to scale' : 'heights grow with log2(size), so small ranges stay visible; gaps over 16 MiB are broken (zigzags)';
  return { svg: parts.join(''), bottom: y, placements, caption };
}

function problemList(problems: readonly Problem[], y: number): { svg: string; height: number } {
  if (problems.length === 0) return { svg: '', height: 0 };
  const shown = problems.slice(0, 12);
  const lines = shown.map((problem, position) => `<text class="problem-line" data-code="${problem.code}" x="${ADDRESS_X}" y="${y + 18 + position * 16}" fill="${problem.severity === 'error' ? '#a50f15' : '#333333'}">${escapeXml(`${problem.severity} ${problem.code}: ${problem.message}`.slice(0, 130))}</text>`);
  if (problems.length > shown.length) lines.push(`<text x="${ADDRESS_X}" y="${y + 18 + shown.length * 16}">… ${problems.length - shown.length} more</text>`);
  return { svg: `<g class="problems"><text x="${ADDRESS_X}" y="${y}" font-weight="bold">Problems</text>${lines.join('')}</g>`, height: 30 + lines.length * 16 };
}

function wrap(title: string, width: number, height: number, body: string, picture: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="vboxcore-map" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" ${FONT} fill="#222222"><title>${escapeXml(title)}</title>${defs(picture)}<rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>\n`;
}

/** The physical address map of a dump as an SVG document. */
export function physicalMapSvg(input: PhysicalMapInput): string {
  const title = `Physical memory map of ${input.path}`;
  const heading = `<text class="title" x="${ADDRESS_X}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`;
  const key = legend(36, 'vboxcore-map');
  const map = drawPhysical(input, 36 + key.height + 38, 'vboxcore-map');
  const caption = `<text class="caption" x="${ADDRESS_X}" y="${36 + key.height + 8}" fill="#555555">${escapeXml(`${input.ranges.length} range(s); kinds are inferred from the usual guest address map (the file names none)`)}</text><text class="caption" x="${ADDRESS_X}" y="${36 + key.height + 24}" fill="#555555">${escapeXml(map.caption)}</text>`;
  const problems = problemList(input.report.problems, map.bottom + 36);
  return wrap(title, WIDTH, map.bottom + 36 + problems.height + 10, heading + key.svg + caption + map.svg + problems.svg, 'vboxcore-map');
}

/** The y of a physical address in the drawn map, or null when it is past what was drawn. */
function physicalY(placements: readonly Placement[], physicalAddress: number): number | null {
  for (const placement of placements) {
    const { block } = placement;
    if (physicalAddress >= block.physicalStart && physicalAddress < block.physicalEnd) {
      return placement.top + (placement.height * (physicalAddress - block.physicalStart)) / (block.physicalEnd - block.physicalStart);
    }
  }
  return null;
}

/** Mappings drawn at most in the virtual picture. */
export const MAPPING_ROW_LIMIT = 400;
const ROW_HEIGHT = 20;
const VIRTUAL_X = 12;
const VIRTUAL_WIDTH = 430;
const PHYSICAL_COLUMN_X = 620;

/** Colours of mappings by permission: executable warm, writable blue, both red. */
function permissionColour(writable: boolean, executable: boolean): string {
  return executable ? (writable ? '#fb6a4a' : '#fdae6b') : writable ? '#9ecae1' : '#c7e9c0';
}

function permissionLegend(): string {
  const items: [string, boolean, boolean][] = [['r-- read-only', false, false], ['rw- writable', true, false], ['r-x executable', false, true], ['rwx writable and executable', true, true]];
  return `<g class="legend">${items.map(([label, writable, executable], position) => `<g class="legend-item" data-permissions="${label.slice(0, 3)}"><rect x="${VIRTUAL_X + position * 170}" y="50" width="14" height="14" fill="${permissionColour(writable, executable)}" stroke="#555"/><text x="${VIRTUAL_X + position * 170 + 20}" y="61">${escapeXml(label)}</text></g>`).join('')}</g>`;
}

const permissions = (mapping: VirtualMapping): string => `${mapping.writable ? 'rw' : 'r-'}${mapping.executable ? 'x' : '-'} ${mapping.user ? 'user' : 'kernel'}`;

/** The virtual mappings of an address space, each joined to where it lands in the physical map. */
export function virtualMapsSvg(input: PhysicalMapInput, context: PagingContext, listing: MapsListing): string {
  const title = `Virtual mappings of ${input.path} (${context.mode}, CR3 ${hex(context.cr3)})`;
  const heading = `<text class="title" x="${VIRTUAL_X}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`;
  const mappings = listing.mappings.slice(0, MAPPING_ROW_LIMIT);
  const summaryLine = `${listing.mappings.length} mapping(s)${listing.truncated ? `, listing stopped early (${listing.stopReason})` : ''}${listing.unreadableTableCount > 0 ? `, ${listing.unreadableTableCount} table(s) not in the dump` : ''}; rw/x from every level; lines join each mapping to its first physical page`;
  const caption = `<text class="caption" x="${VIRTUAL_X}" y="42" fill="#555555">${escapeXml(summaryLine)}</text>`;
  const top = 76;
  // The physical column is the physical map drawn at its own scale, shifted right.
  const physical = drawPhysical(input, top, 'vboxcore-maps');
  const rows: string[] = [];
  const rowsBottom = top + mappings.length * ROW_HEIGHT;
  mappings.forEach((mapping, position) => {
    const y = top + position * ROW_HEIGHT;
    const colour = permissionColour(mapping.writable, mapping.executable);
    const landing = mapping.physicalStart <= BigInt(Number.MAX_SAFE_INTEGER) ? physicalY(physical.placements, Number(mapping.physicalStart)) : null;
    const text = `${hex(mapping.virtualStart)}–${hex(mapping.repeatsEnd - 1n)} ${permissions(mapping)} ${approximateSize(Number(mapping.size))}${repeatsText(mapping)}`;
    const link = landing === null ? '' : `<path class="link" d="M ${VIRTUAL_X + VIRTUAL_WIDTH} ${y + ROW_HEIGHT / 2} C ${VIRTUAL_X + VIRTUAL_WIDTH + 90} ${y + ROW_HEIGHT / 2}, ${PHYSICAL_COLUMN_X + BAR_X - 90} ${landing.toFixed(1)}, ${PHYSICAL_COLUMN_X + BAR_X} ${landing.toFixed(1)}" fill="none" stroke="${colour}" stroke-width="1.5" opacity="0.8"/>`;
    rows.push(`<g class="mapping" data-virtual-start="${hex(mapping.virtualStart)}" data-virtual-end="${hex(mapping.virtualEnd)}" ${mapping.repeats === 1 ? '' : `data-repeats="${mapping.repeats}" data-repeat-stride="${hex(mapping.repeatStride ?? 0n)}" data-repeats-end="${hex(mapping.repeatsEnd)}" `}data-physical-start="${hex(mapping.physicalStart)}" data-permissions="${permissions(mapping)}"><rect x="${VIRTUAL_X}" y="${y + 1}" width="${VIRTUAL_WIDTH}" height="${ROW_HEIGHT - 2}" fill="${colour}" stroke="#555555"/><text x="${VIRTUAL_X + 6}" y="${y + 14}">${escapeXml(text)}</text><title>${escapeXml(`${text} -> physical ${hex(mapping.physicalStart)}${mapping.physicallyContiguous ? '' : ' (pages not physically contiguous)'}`)}</title>${link}</g>`);
  });
  let bottom = Math.max(rowsBottom, physical.bottom);
  if (listing.mappings.length > mappings.length) {
    bottom += 20;
    rows.push(`<text class="omitted" x="${VIRTUAL_X}" y="${bottom}">… ${listing.mappings.length - mappings.length} more mappings not drawn</text>`);
  }
  const physicalColumn = `<g class="physical" transform="translate(${PHYSICAL_COLUMN_X - ADDRESS_X} 0)">${physical.svg}</g>`;
  return wrap(title, PHYSICAL_COLUMN_X - ADDRESS_X + WIDTH, bottom + 20, heading + caption + permissionLegend() + rows.join('') + physicalColumn, 'vboxcore-maps');
}

/** A self-contained HTML page around a picture, with the text report it illustrates (`info`, `maps`) under it. */
export function pictureHtml(title: string, svg: string, report = ''): string {
  const text = report === '' ? '' : `<pre>${escapeXml(report)}</pre>\n`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}svg{max-width:100%;height:auto}pre{font:12px ui-monospace,Menlo,Consolas,monospace;overflow-x:auto}</style></head><body><h1>${escapeXml(title)}</h1>\n${svg}${text}</body></html>\n`;
}
