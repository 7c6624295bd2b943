// The layouts the schemas decode, read from the generated parsers themselves: a note of the
// given size is parsed and every field's position taken from the parser's debug spans, named by
// its C path (the schemas' `-orig-id`s). Nothing here restates an offset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { VboxCoreDescriptor } from '../../generated/VboxCoreDescriptor';
import { VboxCpuState } from '../../generated/VboxCpuState';
import { streamOver } from '../../src/kaitai/window';
import type { KaitaiFieldSpan } from '../../generated/KaitaiFieldSpan';

/** One field as a schema decodes it, at its offset from the start of the note. */
export interface SchemaField {
  /** The C path (`msrEFER`, `cs.uBase`, `ext.x87.FCW`), from the `-orig-id`s down the tree. */
  cPath: string;
  offset: number;
  size: number;
  /** Where the schemas define it: `file.ksy: type.field`. */
  schemaField: string;
  /** Whether the schema names its C member with `-orig-id` (else the id is taken as the C name). */
  hasOrigId: boolean;
}

export interface SchemaLayout {
  /** The `cpu_layout` the schema decodes this format version and note size as (0: unknown). */
  layout: number;
  /** The layout a release wrote at exactly this format version and size, or 0. */
  layoutReleased: number;
  fields: SchemaField[];
}

interface FieldDefinition {
  id: string;
  origId: string | null;
  /** An instance read at a fixed position (`pos:`), read here so that its span exists. */
  positionedInstance: boolean;
}

interface TypeDefinition {
  file: string;
  typeId: string;
  /** The C type it decodes (its `-orig-id`), or null for a schema-only grouping. */
  origId: string | null;
  /** Whether it is a schema's top-level type. */
  root: boolean;
  fields: Map<string, FieldDefinition>;
}

const upperCamel = (id: string) => id.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
const lowerCamel = (id: string) => id.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

export function schemasFolder(): string {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, 'schemas', 'vbox_cpu_state.ksy'))) return path.join(folder, 'schemas');
    if (path.dirname(folder) === folder) throw new Error('schemas/vbox_cpu_state.ksy not found above the tool');
  }
}

const definitionsByFolder = new Map<string, Map<string, TypeDefinition[]>>();

/** Every type of every schema, by the class name the generated JavaScript gives it (read once per folder). */
function typeDefinitions(schemas = schemasFolder()): Map<string, TypeDefinition[]> {
  const known = definitionsByFolder.get(schemas);
  if (known !== undefined) return known;
  const byClass = new Map<string, TypeDefinition[]>();
  definitionsByFolder.set(schemas, byClass);
  const add = (className: string, definition: TypeDefinition) => byClass.set(className, [...(byClass.get(className) ?? []), definition]);
  for (const file of fs.readdirSync(schemas).filter((name) => name.endsWith('.ksy'))) {
    const schema = YAML.parse(fs.readFileSync(path.join(schemas, file), 'utf8')) as KsyType & { meta: { id: string }; types?: Record<string, KsyType> };
    add(upperCamel(schema.meta.id), definitionOf(file, schema.meta.id, schema, true));
    for (const [typeId, type] of Object.entries(schema.types ?? {})) add(upperCamel(typeId), definitionOf(file, typeId, type, false));
  }
  return byClass;
}

interface KsyField {
  id: string;
  pos?: unknown;
  '-orig-id'?: string;
}
interface KsyType {
  '-orig-id'?: string;
  seq?: KsyField[];
  instances?: Record<string, Omit<KsyField, 'id'>>;
}

function definitionOf(file: string, typeId: string, type: KsyType, root: boolean): TypeDefinition {
  const fields = new Map<string, FieldDefinition>();
  for (const field of type.seq ?? []) fields.set(lowerCamel(field.id), { id: field.id, origId: field['-orig-id'] ?? null, positionedInstance: false });
  for (const [id, instance] of Object.entries(type.instances ?? {})) {
    fields.set(lowerCamel(id), { id, origId: instance['-orig-id'] ?? null, positionedInstance: instance.pos !== undefined });
  }
  return { file, typeId, origId: type['-orig-id'] ?? null, root, fields };
}

interface Parsed {
  _debug: Record<string, KaitaiFieldSpan>;
  [field: string]: unknown;
}

const isParsed = (value: unknown): value is Parsed => typeof value === 'object' && value !== null && '_debug' in value;

/** The fields the schemas decode from a VBCPU note of `noteSize` bytes under `formatVersion`. */
export function schemaLayout(formatVersion: number, noteSize: number, schemas?: string): SchemaLayout {
  const definitions = typeDefinitions(schemas);
  const parse = (bytes: Uint8Array) => {
    const parsed = new VboxCpuState(streamOver(bytes), undefined, undefined, formatVersion);
    parsed._read();
    const fields: SchemaField[] = [];
    collect(parsed as unknown as Parsed, '', definitions, fields);
    return { layout: parsed.layout, layoutReleased: parsed.layoutReleased, fields };
  };
  // The XSAVE components are decoded only where XSTATE_BV marks them and the copied state
  // (cbExt) reaches them: a second parse with every component VirtualBox can write marked.
  const note = new Uint8Array(noteSize);
  const first = parse(note);
  const at = (cPath: string) => first.fields.find((field) => field.cPath === cPath);
  const view = new DataView(note.buffer);
  const stateSize = at('cbExt');
  const xstateBv = at('ext.Hdr.bmXState');
  if (stateSize) view.setUint32(stateSize.offset, 0x2000, true);
  if (!xstateBv) return first;
  view.setUint32(xstateBv.offset, 0xe7, true);
  return parse(note);
}

/**
 * The fields vbox_core_descriptor.ksy decodes from the VBCORE descriptor. Its magic is checked
 * (`valid:`), so the bytes parsed carry it where the header puts u32Magic.
 */
export function descriptorSchemaFields(size: number, magicOffset: number, schemas?: string): SchemaField[] {
  const definitions = typeDefinitions(schemas);
  const bytes = new Uint8Array(Math.max(size, 24));
  if (magicOffset + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(magicOffset, 0xc01ac0de, true);
  const parsed = new VboxCoreDescriptor(streamOver(bytes));
  try {
    parsed._read();
  } catch {
    // The magic is not where the schema reads it: the fields read before the failure still count.
  }
  const fields: SchemaField[] = [];
  collect(parsed as unknown as Parsed, '', definitions, fields);
  return fields;
}

/** Instances keep their spans under `_m_<name>`. */
const fieldKey = (debugKey: string) => debugKey.replace(/^_m_/, '');

function definitionFor(object: Parsed, definitions: Map<string, TypeDefinition[]>): TypeDefinition | undefined {
  const candidates = definitions.get(object.constructor.name) ?? [];
  return candidates.find((candidate) => Object.keys(object._debug).every((key) => candidate.fields.has(fieldKey(key)))) ?? candidates[0];
}

function collect(object: Parsed, cPrefix: string, definitions: Map<string, TypeDefinition[]>, into: SchemaField[]): void {
  const definition = definitionFor(object, definitions);
  if (!definition) return;
  // Positioned instances exist (and have spans) only once read.
  for (const [key, field] of definition.fields) if (field.positionedInstance) void object[key];
  for (const [debugKey, span] of Object.entries(object._debug)) {
    const key = fieldKey(debugKey);
    const field = definition.fields.get(key);
    // An instance without a C name re-reads part of a field (XSTATE_BV's low half): not a member.
    if (!field || (field.positionedInstance && field.origId === null)) continue;
    const value = object[key];
    // A schema-only grouping (4.2's register block) or the switch to the note's own C structure
    // (`body`) is not a C member: its fields belong to the C structure around it.
    const valueType = isParsed(value) ? definitionFor(value, definitions) : undefined;
    if (field.origId === null && valueType && (valueType.origId === null || definition.root)) {
      collect(value as Parsed, cPrefix, definitions, into);
      continue;
    }
    const cPath = cPrefix ? `${cPrefix}.${field.origId ?? field.id}` : (field.origId ?? field.id);
    if (span.end === undefined) continue;
    into.push({ cPath, offset: span.ioOffset + span.start, size: span.end - span.start, schemaField: `${definition.file}: ${definition.typeId}.${field.id}`, hasOrigId: field.origId !== null });
    if (isParsed(value)) collect(value, cPath, definitions, into);
  }
}
