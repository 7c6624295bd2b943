/**
 * Addresses in the viewer's text views (summary, vCPUs, vtop, maps) made into links that open
 * the hex view there. A link is a URL fragment (web/url-state.ts), so it can be opened in a new
 * tab, bookmarked or sent. Which space a number is in follows from the word before it and its
 * column, as each view words it; a number no rule places stays text.
 */
import { HexSpace, Place, placeFragment } from './url-state';

/** Where a number of a text view points, or null for a number that is not an address. */
export type Classifier = (token: string, context: { previousWord: string; line: string; column: number }) => { space: HexSpace; cpu?: number } | null;

const NUMBER = /0x[0-9a-fA-F]+/g;

/** `text` as a fragment of text nodes and links; `base` gives the vCPU and the rest of the place. */
export function linkify(text: string, classify: Classifier, base: Place): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let lineStart = 0;
  for (const line of text.split('\n')) {
    let written = 0;
    let column = 0;
    for (const match of line.matchAll(NUMBER)) {
      const index = match.index ?? 0;
      const before = line.slice(0, index);
      const previousWord = /([A-Za-z0-9_=>-]+)\s*$/.exec(before)?.[1] ?? '';
      const target = classify(match[0], { previousWord, line, column });
      column++;
      if (target === null) continue;
      fragment.append(line.slice(written, index));
      const link = document.createElement('a');
      link.className = 'address';
      link.textContent = match[0];
      const place: Place = { ...base, view: 'hex', space: target.space, address: BigInt(match[0]), cpu: target.cpu ?? base.cpu, selectionLength: 0 };
      link.href = placeFragment(place);
      link.dataset.space = target.space;
      fragment.append(link);
      written = index + match[0].length;
    }
    fragment.append(line.slice(written));
    lineStart += line.length + 1;
    if (lineStart <= text.length) fragment.append('\n');
  }
  return fragment;
}

/** `vboxcore info`'s words: range table columns (file offset, physical start), CR3 and RIP of each vCPU. */
export const summaryAddresses: Classifier = (_token, { previousWord, line, column }) => {
  if (/^\d+\s+0x/.test(line)) return column === 0 ? { space: 'file' } : column === 1 ? { space: 'physical' } : null;
  const cpu = /^CPU (\d+):/.exec(line);
  if (cpu !== null) return previousWord === 'cr3' ? { space: 'physical' } : previousWord === 'rip' ? { space: 'virtual', cpu: Number(cpu[1]) } : null;
  return null;
};

/** Registers that hold virtual addresses, as `vboxcore cpus` names them. */
const VIRTUAL_REGISTERS = new Set(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'gdtr', 'idtr', 'cr2', 'lstar', 'cstar', 'kgsbase', 'eip', 'esp']);

/** `vboxcore cpus`' words for vCPU `cpu`: registers holding addresses, segment bases, the note's file offset. */
export function cpuAddresses(cpu: number): Classifier {
  return (_token, { previousWord, line, column }) => {
    const word = previousWord.toLowerCase();
    if (word === 'offset') return { space: 'file' };
    if (word === 'cr3' || word === 'apic') return { space: 'physical' };
    if (VIRTUAL_REGISTERS.has(word)) return { space: 'virtual', cpu };
    // the segment table: selector, base, limit...; the base is an address
    if (/^\s+(cs|ds|es|fs|gs|ss|ldtr|tr)\s+0x/.test(line) && column === 1) return { space: 'virtual', cpu };
    return null;
  };
}

/** `vboxcore vtop`'s words: the virtual address asked for; tables, entries and the page in physical memory. */
export function walkAddresses(cpu: number): Classifier {
  return (_token, { previousWord }) => {
    if (previousWord === 'virtual') return { space: 'virtual', cpu };
    if (previousWord === 'at' || previousWord === 'physical' || previousWord === 'CR3') return { space: 'physical' };
    return null;
  };
}

/** `vboxcore maps`' table: virtual start and last, physical start; CR3 in the heading. */
export function mapsAddresses(cpu: number): Classifier {
  return (_token, { previousWord, line, column }) => {
    if (previousWord === 'CR3') return { space: 'physical' };
    if (!/^0x[0-9a-f]{16} 0x/.test(line)) return null;
    if (column <= 1) return { space: 'virtual', cpu };
    return { space: 'physical' };
  };
}
