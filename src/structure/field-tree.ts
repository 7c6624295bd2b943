/**
 * A parsed object as a tree of fields: where each field's bytes are in the file (from the
 * positions the debug-mode parsers record) and what the schemas call and say of it (from
 * generated/FieldDocs, written from the same .ksy files). Nothing here knows a layout.
 */
import { FieldDocs, FieldDoc } from '../../generated/FieldDocs';
import type { KaitaiFieldSpan } from '../../generated/KaitaiFieldSpan';
import type { WithFieldSpans } from '../kaitai/window';
import { hex } from '../model/numbers';

/** One node of a dump's structure: a header, a table entry, a note, a field. */
export interface StructureNode {
  /** What the schema calls it (its snake_case id), or a name for a group (`program_headers`). */
  readonly label: string;
  /** Dotted path from the root, unique in the tree (`notes.note_1.descriptor.cpu_count`). */
  readonly path: string;
  /** File offset of the first byte. */
  readonly fileOffset: number;
  /** Bytes it covers (0 for a field read as nothing). */
  readonly length: number;
  /** The value as text (a number in hex, an enum's name, a string), or null for groups and structures. */
  readonly value: string | null;
  /** The FieldDocs type it was parsed as, for structures. */
  readonly typeName: string | null;
  /** The C name in the writer's sources, when the schema gives one. */
  readonly origId: string | null;
  /** The schema's doc for the field (or the type's, for a structure without a field doc). */
  readonly doc: string | null;
  /** Its fields or elements, in file order. */
  readonly children: readonly StructureNode[];
}

/** Elements of a repeated field shown at most; the rest are named by a count. */
export const ELEMENTS_SHOWN = 256;

/** The window a parsed object came from: its bytes, and where the window starts in the file. */
export interface ParsedWindow {
  readonly bytes: Uint8Array;
  readonly fileOffset: number;
}

function isParsed(value: unknown): value is WithFieldSpans & Record<string, unknown> {
  return typeof value === 'object' && value !== null && '_debug' in value && !(value instanceof Uint8Array);
}

/**
 * The type a parsed object is, among the ones its field can hold: the one whose fields cover
 * every field the object read (a switch's cases differ in their fields). The bundled viewer
 * renames classes, so constructor names cannot tell.
 */
function typeOf(parsed: WithFieldSpans, candidates: readonly string[]): string | null {
  const read = Object.keys(parsed._debug).filter((name) => !name.startsWith('_'));
  const fieldCount = (candidate: string): number => Object.keys(FieldDocs[candidate].fields).length;
  // The tightest fit: of the types having every field read, the one with the fewest fields.
  const fitting = candidates.filter((candidate) => FieldDocs[candidate] !== undefined && read.every((name) => name in FieldDocs[candidate].fields));
  return fitting.sort((a, b) => fieldCount(a) - fieldCount(b))[0] ?? null;
}

/** A value as the structure pane shows it. 8-byte integers are read again from the bytes: the runtime's numbers are exact only below 2^53. */
function valueText(value: unknown, span: KaitaiFieldSpan, window: ParsedWindow, doc: FieldDoc | undefined): string | null {
  if (typeof value === 'number') {
    const start = span.ioOffset + span.start;
    const length = (span.end ?? span.start) - span.start;
    const exact = length === 8 && Number.isInteger(value) && start + 8 <= window.bytes.length ? new DataView(window.bytes.buffer, window.bytes.byteOffset + start, 8).getBigUint64(0, true) : null;
    const text = exact !== null ? hex(exact) : Number.isInteger(value) ? (value < 0 ? `-${hex(-value)}` : hex(value)) : String(value);
    const name = doc?.enumNames?.[String(value)];
    return name === undefined ? text : `${text} (${name})`;
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) {
    if (value.length > 16) return `${value.length} bytes`;
    return Array.from(value, (byte) => byte.toString(16).padStart(2, '0')).join(' ') || '(empty)';
  }
  return null;
}

function spanLength(span: KaitaiFieldSpan): number {
  return Math.max(0, (span.end ?? span.start) - span.start);
}

/**
 * The fields of `parsed` (a `typeName` of FieldDocs read from `window`) as nodes, in the order
 * they were read; structures inside are walked the same way, repeated fields give one node per
 * element (the first ELEMENTS_SHOWN).
 */
export function fieldNodes(parsed: WithFieldSpans & Record<string, unknown>, typeName: string | null, window: ParsedWindow, path: string): StructureNode[] {
  const typeDoc = typeName === null ? undefined : FieldDocs[typeName];
  const nodes: StructureNode[] = [];
  for (const [fieldName, span] of Object.entries(parsed._debug)) {
    if (fieldName.startsWith('_') || span === undefined || typeof span.start !== 'number') continue;
    const doc = typeDoc?.fields[fieldName];
    const label = doc?.id ?? fieldName;
    const fieldPath = `${path}.${label}`;
    const value = parsed[fieldName];
    const base = { label, path: fieldPath, fileOffset: window.fileOffset + span.ioOffset + span.start, length: spanLength(span), origId: doc?.origId ?? null, doc: doc?.doc ?? null };
    if (Array.isArray(value) && span.arr !== undefined) {
      const elements = span.arr.slice(0, ELEMENTS_SHOWN).map((element, index) => elementNode(value[index], element, `${label}[${index}]`, `${fieldPath}[${index}]`, doc, window));
      if (span.arr.length > ELEMENTS_SHOWN) elements.push(countNode(span.arr.slice(ELEMENTS_SHOWN), window, `${fieldPath}[more]`));
      nodes.push({ ...base, value: `${value.length} element(s)`, typeName: null, children: elements });
    } else {
      nodes.push(valueNode(value, span, base, doc, window));
    }
  }
  return nodes;
}

type NodeBase = Pick<StructureNode, 'label' | 'path' | 'fileOffset' | 'length' | 'origId' | 'doc'>;

function valueNode(value: unknown, span: KaitaiFieldSpan, base: NodeBase, doc: FieldDoc | undefined, window: ParsedWindow): StructureNode {
  if (isParsed(value)) {
    const typeName = typeOf(value, doc?.types ?? []);
    return { ...base, doc: base.doc ?? (typeName === null ? null : FieldDocs[typeName].doc), value: null, typeName, children: fieldNodes(value, typeName, window, base.path) };
  }
  return { ...base, value: valueText(value, span, window, doc), typeName: null, children: [] };
}

function elementNode(value: unknown, span: KaitaiFieldSpan, label: string, path: string, doc: FieldDoc | undefined, window: ParsedWindow): StructureNode {
  const element = { ...span, ioOffset: span.ioOffset ?? 0 };
  return valueNode(value, element, { label, path, fileOffset: window.fileOffset + element.ioOffset + element.start, length: spanLength(element), origId: null, doc: null }, doc, window);
}

function countNode(rest: readonly KaitaiFieldSpan[], window: ParsedWindow, path: string): StructureNode {
  const first = rest[0];
  const last = rest[rest.length - 1];
  const fileOffset = window.fileOffset + (first.ioOffset ?? 0) + first.start;
  const end = window.fileOffset + (last.ioOffset ?? 0) + (last.end ?? last.start);
  return { label: `${rest.length} more`, path, fileOffset, length: end - fileOffset, value: null, typeName: null, origId: null, doc: `elements not listed one by one (the first ${ELEMENTS_SHOWN} are)`, children: [] };
}

/** Where a parsed object sits and what to call it. */
export interface NodePlace {
  readonly label: string;
  readonly path: string;
  readonly fileOffset: number;
  readonly length: number;
}

/** A parsed object as one node of its own, its fields below it (their positions relative to `window`). */
export function objectNode(parsed: WithFieldSpans & Record<string, unknown>, typeName: string, window: ParsedWindow, place: NodePlace): StructureNode {
  return { ...place, value: null, typeName, origId: null, doc: FieldDocs[typeName]?.doc ?? null, children: fieldNodes(parsed, typeName, window, place.path) };
}
