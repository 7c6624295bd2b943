// A compiled C type as a flat list of paths (`cs.uBase`, `ext.x87.FCW`, `u.Intel.YmmHi.aYmmHi`):
// the form in which the schemas name what they decode (`-orig-id`).
import type { CType } from './compile';

export interface CField {
  path: string;
  offset: number;
  size: number;
  type: CType;
}

/** Every member at every depth; anonymous unions and structures add no name of their own. */
export function flattenC(type: CType, prefix = '', base = 0, into: CField[] = []): CField[] {
  for (const member of type.members ?? []) {
    const offset = base + member.offset;
    if (member.name === null) {
      flattenC(member.type, prefix, offset, into);
      continue;
    }
    const path = prefix ? `${prefix}.${member.name}` : member.name;
    into.push({ path, offset, size: member.type.size, type: member.type });
    if (member.type.kind === 'struct' || member.type.kind === 'union') flattenC(member.type, path, offset, into);
  }
  return into;
}

/** The members directly inside a type (anonymous ones opened), with their offsets. */
export function topLevelMembers(type: CType): CField[] {
  const fields: CField[] = [];
  const visit = (inner: CType, base: number) => {
    for (const member of inner.members ?? []) {
      if (member.name === null) visit(member.type, base + member.offset);
      else fields.push({ path: member.name, offset: base + member.offset, size: member.type.size, type: member.type });
    }
  };
  visit(type, 0);
  return fields;
}

/** A short C spelling of a type for messages: `uint64_t`, `DBGFCORESEL`, `uint64_t[2]`, `union`. */
export function typeName(type: CType): string {
  if (type.kind === 'array' && type.element) return `${typeName(type.element)}[${(type.dimensions ?? []).join('][')}]`;
  return type.name ?? type.kind;
}
