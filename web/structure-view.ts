/**
 * The structure pane: the tree describeStructure builds (the ELF header, program headers, notes
 * and the fields of VBCORE and each vCPU's state, named and documented by the schemas), drawn
 * as an outline whose nodes open the file's bytes in the hex pane, selected. It also answers,
 * for the hex pane, which field a byte of the file is.
 */
import type { StructureNode } from '../src/structure/field-tree';
import { hex } from '../src/model/numbers';
import type { PhysicalRange } from '../src/model/types';
import type { FieldLabel } from './hex-view';
import { Place, placeFragment } from './url-state';

/** Levels drawn open at first: the dump, its three parts and each note. */
const OPEN_DEPTH = 2;

/** The leaves of the tree (and the ranges' data) in file order, for finding a byte's field. */
export class FieldIndex {
  private readonly starts: number[];

  private constructor(private readonly labels: FieldLabel[]) {
    this.starts = labels.map((label) => label.fileOffset);
  }

  static of(tree: StructureNode, ranges: readonly PhysicalRange[]): FieldIndex {
    const labels: FieldLabel[] = [];
    const visit = (node: StructureNode, area: string): void => {
      const here = node.path === 'elf_header' ? 'header' : node.path === 'program_headers' ? 'program-header' : node.path.endsWith('.descriptor') ? 'descriptor' : area;
      if (node.children.length === 0 && node.length > 0) labels.push({ path: node.path, doc: node.doc, area: here, fileOffset: node.fileOffset, length: node.length });
      for (const child of node.children) visit(child, here);
    };
    visit(tree, 'note');
    for (const range of ranges) {
      if (range.presentBytes > 0) labels.push({ path: `range ${range.index} (physical 0x${range.physicalStart.toString(16)}) data`, doc: `the bytes of guest-physical 0x${range.physicalStart.toString(16)}-0x${(range.physicalStart + range.presentBytes).toString(16)}`, area: 'data', fileOffset: range.fileOffset, length: range.presentBytes });
    }
    labels.sort((a, b) => a.fileOffset - b.fileOffset || b.length - a.length);
    return new FieldIndex(labels);
  }

  /** The field holding file byte `offset`, or null. */
  at(offset: bigint): FieldLabel | null {
    if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    const position = Number(offset);
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle] <= position) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    // ranges may share file bytes (VirtualBox writes none for MMIO): look back a few for one that holds it
    for (let index = found; index >= 0 && index > found - 8; index--) {
      const label = this.labels[index];
      if (position < label.fileOffset + label.length) return label;
    }
    return null;
  }
}

/** Draws `tree` into `host`; each node is a link to its bytes (file space, selected). */
export function drawStructure(host: HTMLElement, tree: StructureNode, base: Place): void {
  const list = document.createElement('ul');
  list.className = 'tree';
  list.append(nodeItem(tree, 0, base));
  host.replaceChildren(list);
}

function nodeItem(node: StructureNode, depth: number, base: Place): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.path = node.path;
  const row = document.createElement('div');
  row.className = 'node';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'toggle';
  toggle.setAttribute('aria-label', `open or close ${node.label}`);
  const link = document.createElement('a');
  link.className = 'field';
  link.textContent = node.label;
  link.href = placeFragment({ ...base, view: 'hex', space: 'file', address: BigInt(node.fileOffset), selectionLength: node.length });
  link.dataset.offset = hex(node.fileOffset);
  link.dataset.length = String(node.length);
  const where = document.createElement('span');
  where.className = 'where';
  where.textContent = `${hex(node.fileOffset)} +${node.length}`;
  row.append(toggle, link, where);
  if (node.value !== null) {
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = node.value;
    row.append(value);
  }
  if (node.origId !== null) {
    const original = document.createElement('code');
    original.className = 'orig';
    original.textContent = node.origId;
    row.append(original);
  }
  if (node.doc !== null) {
    const doc = document.createElement('div');
    doc.className = 'doc';
    doc.textContent = node.doc;
    row.title = node.doc;
    row.append(doc);
  }
  item.append(row);
  if (node.children.length === 0) {
    toggle.disabled = true;
    return item;
  }
  // children are drawn when first opened: thousands of notes need not all be drawn
  let children: HTMLUListElement | null = null;
  const setOpen = (open: boolean): void => {
    if (open && children === null) {
      children = document.createElement('ul');
      children.append(...node.children.map((child) => nodeItem(child, depth + 1, base)));
      item.append(children);
    }
    if (children !== null) children.hidden = !open;
    item.classList.toggle('open', open);
    toggle.textContent = open ? '▾' : '▸';
  };
  toggle.addEventListener('click', () => setOpen(!item.classList.contains('open')));
  setOpen(depth < OPEN_DEPTH);
  return item;
}
