// (c) A draft Kaitai type for a DBGFCORECPU layout the schemas lack, written from the release's
// compiled header: names and docs of fields the schema already has are kept, new members are
// marked for the maintainer to describe. It is printed, never written into schemas/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import type { CMember, CType } from './compile';
import { hex } from './compare';
import { schemasFolder } from './schema-layouts';

interface KsyField {
  id: string;
  doc?: string;
  '-orig-id'?: string;
}

/** The Kaitai types in vbox_cpu_state.ksy (and what it imports) by the C type they decode. */
const KSY_TYPE_FOR_C: Record<string, string> = { DBGFCORESEL: 'segment', DBGFCOREXDTR: 'descriptor_table', X86XSAVEAREA: 'x86_xsave_area' };

export function snakeCase(cName: string): string {
  return cName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
}

/** The draft type's YAML (indented to sit under `types:`), for the note structure `noteType`. */
export function draftType(options: { release: string; formatVersion: number; structure: CType; buildTitle: string; schemas?: string }): string {
  const schemaText = fs.readFileSync(path.join(options.schemas ?? schemasFolder(), 'vbox_cpu_state.ksy'), 'utf8');
  const known = new Map<string, KsyField>();
  const seq = (YAML.parse(schemaText) as { types: { dbgfcorecpu: { seq: KsyField[] } } }).types.dbgfcorecpu.seq;
  for (const field of seq) known.set(field['-orig-id'] ?? field.id, field);

  const minor = options.formatVersion & 0xffff;
  const fields: Record<string, unknown>[] = [];
  const usedIds = new Set<string>();
  const uniqueId = (id: string) => {
    let candidate = id;
    for (let n = 2; usedIds.has(candidate); n++) candidate = `${id}_${n}`;
    usedIds.add(candidate);
    return candidate;
  };
  let cursor = 0;
  const stateSizeId = () => (known.get('cbExt')?.id ?? 'ext_size');

  const emit = (member: CMember & { name: string }, cPath: string, absoluteOffset: number) => {
    if (absoluteOffset > cursor) {
      fields.push({ id: uniqueId(`alignment_before_${snakeCase(member.name)}`), size: absoluteOffset - cursor, doc: `Alignment the compiler inserts before ${cPath} (no member of the header).` });
    }
    const existing = known.get(cPath);
    const type = member.type;
    const id = uniqueId(existing?.id ?? snakeCase(cPath));
    const doc = existing?.doc?.trim() ?? `${cPath} (${type.name ?? type.kind}, ${type.size} bytes at ${hex(absoluteOffset)}): new in ${options.release}; say what it holds.`;
    const field: Record<string, unknown> = { id };
    const ksyType = type.name ? KSY_TYPE_FOR_C[type.name] : undefined;
    if (ksyType === 'x86_xsave_area') {
      field.size = type.size;
      field.type = `x86_xsave_area(${usedIds.has(stateSizeId()) ? stateSizeId() : type.size})`;
    } else if (ksyType) {
      field.type = ksyType;
    } else if (type.kind === 'array' && type.element && isScalar(type.element)) {
      field.type = scalar(type.element);
      field.repeat = 'expr';
      field['repeat-expr'] = (type.dimensions ?? []).reduce((product, count) => product * count, 1);
    } else if (isScalar(type)) {
      field.type = scalar(type);
    } else {
      field.size = type.size;
    }
    field.doc = doc;
    if (cPath !== id) field['-orig-id'] = cPath;
    fields.push(field);
    cursor = absoluteOffset + type.size;
  };

  const walk = (type: CType, prefix: string, base: number) => {
    for (const member of type.members ?? []) {
      const offset = base + member.offset;
      if (member.name === null) {
        walk(member.type, prefix, offset);
        continue;
      }
      const cPath = prefix ? `${prefix}.${member.name}` : member.name;
      // A structure the schemas have no type for (7.0's sysenter) is opened into its members,
      // as the schema does; a union keeps its bytes whole.
      const opened = member.type.kind === 'struct' && !(member.type.name && KSY_TYPE_FOR_C[member.type.name]) && !known.has(cPath);
      if (opened) walk(member.type, cPath, offset);
      else emit(member as CMember & { name: string }, cPath, offset);
    }
  };
  walk(options.structure, '', 0);
  if (options.structure.size > cursor) fields.push({ id: uniqueId('tail_padding'), size: options.structure.size - cursor, doc: 'Padding the compiler adds at the end.' });

  const typeId = `dbgfcorecpu_v${minor.toString(16)}`;
  const body = YAML.stringify({
    [typeId]: {
      doc: `DBGFCORECPU of format ${hex(options.formatVersion)} (VirtualBox ${options.release}), ${hex(options.structure.size)} bytes as ${options.buildTitle} lays it out. Drafted by scripts/vbox-layouts.ts from the release's header; check every field before folding it into dbgfcorecpu.`,
      '-orig-id': 'DBGFCORECPU',
      seq: fields,
    },
  }, { lineWidth: 0 });
  return body.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
}

function isScalar(type: CType): boolean {
  return (type.kind === 'base' || type.kind === 'enum' || type.kind === 'pointer') && [1, 2, 4, 8].includes(type.size);
}

function scalar(type: CType): string {
  if (type.float) return `f${type.size}`;
  return `u${type.size}`;
}
