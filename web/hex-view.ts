/**
 * The hex pane: HEX_ROWS lines of 16 bytes of one address space, a cursor and a selection (mouse
 * and keyboard), bytes the dump lacks drawn as `··` with their reason, the bytes of the file's
 * headers and notes naming their field, the data inspector for the cursor and copies of the
 * selection. It reads through `read`, so it knows nothing of where the bytes come from.
 */
import { COPY_LIMIT, copyText, CopyFormat, inspectBytes, ShownBytes } from './byte-formats';
import { hex } from '../src/model/numbers';
import type { HexSpace } from './url-state';

/** Lines shown at once. */
export const HEX_ROWS = 32;
export const HEX_LINE = 16;
export const HEX_PAGE = HEX_ROWS * HEX_LINE;
const ADDRESS_END = 1n << 64n;
const LAST_ADDRESS = ADDRESS_END - 1n;

/** What a byte of the file is, by the dump's structure. */
export interface FieldLabel {
  readonly path: string;
  readonly doc: string | null;
  /** Which part of the file: header, program-header, note, descriptor, data. */
  readonly area: string;
  readonly fileOffset: number;
  readonly length: number;
}

/** What the hex view needs from the page. */
export interface HexHost {
  /** Bytes of a space, missing ones named. */
  read(space: HexSpace, address: bigint, length: number): Promise<ShownBytes>;
  /** The field a file byte belongs to (file space only). */
  fieldAt(fileOffset: bigint): FieldLabel | null;
  /** The cursor or selection moved (to keep the URL current). */
  moved(): void;
  /** A page was drawn. */
  drawn(): void;
  /** The inspector's pointer was followed. */
  follow(space: HexSpace, address: bigint): void;
  /** Shows an error in the pane. */
  failed(error: unknown): void;
}

/** A doc's first sentence or so, on one line, for a tooltip or the status line. */
const brief = (doc: string): string => {
  const flat = doc.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
};
const clampAddress = (value: bigint): bigint => (value < 0n ? 0n : value > LAST_ADDRESS ? LAST_ADDRESS : value);

export class HexView {
  space: HexSpace = 'physical';
  cursor = 0n;
  /** The other end of the selection; null for none. */
  anchor: bigint | null = null;
  private top = 0n;
  private shown: ShownBytes | null = null;
  private shownTop = -1n;
  private shownSpace: HexSpace | null = null;
  private dragging = false;
  private rendering: Promise<void> = Promise.resolve();

  constructor(
    private readonly grid: HTMLElement,
    private readonly status: HTMLElement,
    private readonly inspector: HTMLElement,
    private readonly host: HexHost,
  ) {
    grid.addEventListener('mousedown', (event) => this.press(event));
    grid.addEventListener('mousemove', (event) => this.drag(event));
    document.addEventListener('mouseup', () => {
      this.dragging = false;
    });
    grid.addEventListener('keydown', (event) => this.key(event));
    grid.addEventListener('wheel', (event) => {
      event.preventDefault();
      this.scroll(BigInt(Math.sign(event.deltaY) * 3 * HEX_LINE));
    }, { passive: false });
  }

  /** The selection as [start, end); a single byte at the cursor when nothing is selected. */
  selection(): { start: bigint; end: bigint } {
    const other = this.anchor ?? this.cursor;
    const start = other < this.cursor ? other : this.cursor;
    const last = other < this.cursor ? this.cursor : other;
    return { start, end: last + 1n };
  }

  /** Selected bytes (0 when only the cursor is set). */
  selectionLength(): number {
    if (this.anchor === null) return 0;
    const { start, end } = this.selection();
    return Number(end - start);
  }

  /** Shows `space` at `address`, `length` bytes selected from it (0: just the cursor there). */
  async go(space: HexSpace, address: bigint, length = 0): Promise<void> {
    this.space = space;
    this.cursor = clampAddress(address);
    this.anchor = length > 0 ? clampAddress(address + BigInt(length) - 1n) : null;
    this.top = this.cursor - (this.cursor % BigInt(HEX_LINE));
    await this.render();
  }

  /** Forgets the page read (a new dump was opened). */
  forget(): void {
    this.shown = null;
    this.shownTop = -1n;
    this.shownSpace = null;
  }

  /** Reads the page again (after the vCPU changed, say). */
  refresh(): Promise<void> {
    this.shownTop = -1n;
    return this.render();
  }

  private keepCursorVisible(): void {
    const page = BigInt(HEX_PAGE);
    const line = BigInt(HEX_LINE);
    if (this.cursor < this.top) this.top = this.cursor - (this.cursor % line);
    if (this.cursor >= this.top + page) this.top = this.cursor - (this.cursor % line) - page + line;
    if (this.top > ADDRESS_END - page) this.top = ADDRESS_END - page;
  }

  private move(delta: bigint, extend: boolean): void {
    if (extend && this.anchor === null) this.anchor = this.cursor;
    if (!extend) this.anchor = null;
    this.cursor = clampAddress(this.cursor + delta);
    // a page key turns the page: the cursor keeps its line on the screen
    if (delta === BigInt(HEX_PAGE) || delta === -BigInt(HEX_PAGE)) this.setTop(this.top + delta);
    this.keepCursorVisible();
    void this.render();
    this.host.moved();
  }

  private scroll(delta: bigint): void {
    this.setTop(this.top + delta);
    void this.render();
  }

  /** The first line shown, kept where a whole page fits below 2^64. */
  private setTop(next: bigint): void {
    const last = ADDRESS_END - BigInt(HEX_PAGE);
    this.top = next < 0n ? 0n : next > last ? last : next;
  }

  private key(event: KeyboardEvent): void {
    const line = BigInt(HEX_LINE);
    const page = BigInt(HEX_PAGE);
    const steps: Record<string, bigint> = { ArrowRight: 1n, ArrowLeft: -1n, ArrowDown: line, ArrowUp: -line, PageDown: page, PageUp: -page };
    let delta = steps[event.key];
    if (event.key === 'Home') delta = -(this.cursor % line);
    if (event.key === 'End') delta = line - 1n - (this.cursor % line);
    if (delta !== undefined && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.move(delta, event.shiftKey);
      return;
    }
    if (event.key === 'Escape' && this.anchor !== null) {
      this.anchor = null;
      void this.render();
      this.host.moved();
    }
  }

  private cellAddress(event: MouseEvent): bigint | null {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-i]');
    if (cell === null || !this.grid.contains(cell)) return null;
    return this.top + BigInt(Number(cell.dataset.i));
  }

  private press(event: MouseEvent): void {
    const address = this.cellAddress(event);
    if (address === null) return;
    event.preventDefault();
    this.grid.focus();
    if (event.shiftKey) {
      if (this.anchor === null) this.anchor = this.cursor;
    } else {
      this.anchor = null;
    }
    this.cursor = address;
    this.dragging = true;
    void this.render();
    this.host.moved();
  }

  private drag(event: MouseEvent): void {
    if (!this.dragging || event.buttons !== 1) return;
    const address = this.cellAddress(event);
    if (address === null || address === this.cursor) return;
    if (this.anchor === null) this.anchor = this.cursor;
    this.cursor = address;
    void this.render();
    this.host.moved();
  }

  /** Renders one at a time: a burst of keys draws the last place once each. */
  private render(): Promise<void> {
    this.rendering = this.rendering.then(() => this.draw()).catch((error) => this.host.failed(error));
    return this.rendering;
  }

  private async draw(): Promise<void> {
    // the place to draw is taken now: a go() while the page is read queues its own draw
    const top = this.top;
    const space = this.space;
    const length = ADDRESS_END - top < BigInt(HEX_PAGE) ? Number(ADDRESS_END - top) : HEX_PAGE;
    if (this.shown === null || this.shownTop !== top || this.shownSpace !== space) {
      const shown = await this.host.read(space, top, length);
      this.shown = shown;
      this.shownTop = top;
      this.shownSpace = space;
    }
    if (this.top !== top || this.space !== space) return;
    this.drawGrid(this.shown);
    await this.drawInspector();
    this.drawStatus();
    this.host.drawn();
  }

  private drawGrid(shown: ShownBytes): void {
    const { start, end } = this.selection();
    const selected = this.anchor !== null;
    const rows: HTMLElement[] = [];
    for (let row = 0; row * HEX_LINE < shown.bytes.length; row++) {
      const line = document.createElement('div');
      line.className = 'hex-row';
      const address = document.createElement('span');
      address.className = 'offset';
      address.textContent = (this.top + BigInt(row * HEX_LINE)).toString(16).padStart(16, '0');
      const hexCells = document.createElement('span');
      hexCells.className = 'cells';
      const textCells = document.createElement('span');
      textCells.className = 'chars';
      for (let column = 0; column < HEX_LINE; column++) {
        const index = row * HEX_LINE + column;
        if (index >= shown.bytes.length) break;
        const at = this.top + BigInt(index);
        const reason = shown.missing[index];
        const byte = shown.bytes[index];
        const cell = document.createElement('span');
        const char = document.createElement('span');
        cell.dataset.i = char.dataset.i = String(index);
        const classes = ['b'];
        if (reason !== null) classes.push('hole');
        if (selected && at >= start && at < end) classes.push('sel');
        if (at === this.cursor) classes.push('cur');
        const field = this.space === 'file' && reason === null ? this.host.fieldAt(at) : null;
        if (field !== null) {
          classes.push(`area-${field.area}`);
          cell.dataset.field = field.path;
        }
        cell.className = classes.join(' ');
        char.className = classes.join(' ').replace(/^b/, 'c');
        if (reason !== null) {
          cell.textContent = '··';
          char.textContent = '·';
          cell.title = char.title = `${hex(at)}: ${reason}`;
          cell.dataset.missing = reason;
        } else {
          cell.textContent = byte.toString(16).padStart(2, '0');
          char.textContent = byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
          cell.title = char.title = field === null ? hex(at) : `${hex(at)}: ${field.path}${field.doc === null ? '' : ` — ${brief(field.doc)}`}`;
        }
        hexCells.append(cell);
        textCells.append(char);
      }
      line.append(address, hexCells, textCells);
      rows.push(line);
    }
    this.grid.replaceChildren(...rows);
    this.grid.dataset.space = this.space;
    this.grid.dataset.address = hex(this.top);
    this.grid.dataset.cursor = hex(this.cursor);
    this.grid.dataset.selection = selected ? `${hex(start)}-${hex(end)}` : '';
  }

  private drawStatus(): void {
    const { start, end } = this.selection();
    const parts = [`${this.space} ${hex(this.cursor)}`];
    if (this.anchor !== null) parts.push(`selection ${hex(start)}–${hex(end - 1n)} (${(end - start).toLocaleString('en')} bytes)`);
    const index = this.shown === null ? -1 : Number(this.cursor - this.top);
    const reason = this.shown !== null && index >= 0 && index < this.shown.missing.length ? this.shown.missing[index] : null;
    if (reason !== null) parts.push(`not in the dump: ${reason}`);
    const field = this.space === 'file' ? this.host.fieldAt(this.cursor) : null;
    if (field !== null) parts.push(`${field.path} (${hex(field.fileOffset)}, ${field.length} bytes)${field.doc === null ? '' : `: ${brief(field.doc)}`}`);
    this.status.textContent = parts.join(' · ');
  }

  private async drawInspector(): Promise<void> {
    // from the page when the 8 bytes are on it; read only at its end
    const index = Number(this.cursor - this.top);
    const shown = this.shown;
    const bytes = shown !== null && index >= 0 && index + 8 <= shown.bytes.length ? { bytes: shown.bytes.subarray(index, index + 8), missing: shown.missing.slice(index, index + 8) } : await this.host.read(this.space, this.cursor, 8);
    const table = document.createElement('table');
    table.className = 'inspector';
    for (const row of inspectBytes(bytes)) {
      const line = table.insertRow();
      line.dataset.type = row.type;
      line.insertCell().textContent = row.type;
      const value = line.insertCell();
      value.textContent = row.value;
      const actions = line.insertCell();
      if (row.pointer !== null) {
        const pointer = row.pointer;
        for (const space of ['virtual', 'physical'] as const) {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = `follow follow-${space}`;
          button.textContent = space === 'virtual' ? '→ virtual' : '→ physical';
          button.title = `open ${hex(pointer)} as a ${space} address`;
          button.addEventListener('click', () => this.host.follow(space, pointer));
          actions.append(button);
        }
      }
    }
    const heading = document.createElement('p');
    heading.textContent = `at ${this.space} ${hex(this.cursor)}`;
    this.inspector.replaceChildren(heading, table);
  }

  /** The selection (or the byte at the cursor) copied as `format`; refused past COPY_LIMIT. */
  async copy(format: CopyFormat): Promise<{ text: string } | { error: string }> {
    const { start, end } = this.selection();
    const length = end - start;
    if (length > BigInt(COPY_LIMIT)) return { error: `the selection is ${length.toLocaleString('en')} bytes; copies are limited to ${COPY_LIMIT.toLocaleString('en')} (export a range with \`vboxcore read\` instead)` };
    return copyText(await this.host.read(this.space, start, Number(length)), format, start);
  }
}
