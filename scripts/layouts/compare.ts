// What a release's compiled headers say against what the schemas decode, field by field.
import { type BuildLayout, type CType } from './compile';
import { flattenC, topLevelMembers, typeName, type CField } from './c-fields';
import { descriptorSchemaFields, schemaLayout, type SchemaField } from './schema-layouts';

export type NoteType = 'DBGFCORECPU' | 'CPUMCTX';

/** Where a field sits: offset from the start of the VBCPU note, and size, in bytes. */
export interface Placement {
  offset: number;
  size: number;
}

export interface FieldDifference {
  /**
   * moved/resized: both have it, elsewhere; renamed: the header has another name at the same
   * place and size (`header.name`); missing: the schema decodes a C member the header lacks;
   * undecoded: the header has a member no schema field covers.
   */
  kind: 'moved' | 'resized' | 'renamed' | 'missing' | 'undecoded';
  cPath: string;
  header: (Placement & { cType: string; name: string }) | null;
  schema: (Placement & { schemaField: string }) | null;
}

export interface BuildComparison {
  build: BuildLayout['build'];
  noteType: NoteType;
  noteSize: number;
  formatVersion: number;
  /** The `cpu_layout` the schemas decode this note as, and the one a release wrote at exactly this version and size (0: none). */
  layout: number;
  layoutReleased: number;
  /** Schema fields found at the same offset with the same size. */
  agree: number;
  differences: FieldDifference[];
  /** Schema fields without `-orig-id` whose id is no C member (alignment the compiler inserts, schema-only padding). */
  schemaOnly: string[];
  /** Header members not decoded and not listed one by one (CPUMCTX's host-side state). */
  undecodedNotListed: number;
  /** The VBCORE descriptor against vbox_core_descriptor.ksy. */
  descriptor: { size: number; agree: number; differences: FieldDifference[]; schemaOnly: string[] } | null;
}

/** The structure a release writes into each VBCPU note. */
export function noteTypeOf(build: BuildLayout): NoteType | null {
  if (build.types.DBGFCORECPU && (build.formatVersion ?? 0) >= 0x10002) return 'DBGFCORECPU';
  return build.types.CPUMCTX ? 'CPUMCTX' : null;
}

export function compareBuild(build: BuildLayout, schemas?: string): BuildComparison | null {
  const noteType = noteTypeOf(build);
  if (!noteType || build.formatVersion === null) return null;
  const noteStructure = build.types[noteType] as CType;
  const schema = schemaLayout(build.formatVersion, noteStructure.size, schemas);
  const decoded = schema.layout !== 0 ? schema.fields : [];
  // DBGFCORECPU is what VirtualBox chose to write, so each undecoded member matters; CPUMCTX
  // (format 0x10000) also holds the VMM's host-side state, which no dump reader wants listed.
  const listUncovered = noteType === 'DBGFCORECPU' || decoded.length === 0;
  const note = diffAgainst(noteStructure, decoded, listUncovered);
  const descriptorStructure = build.types.DBGFCOREDESCRIPTOR;
  let descriptor: BuildComparison['descriptor'] = null;
  if (descriptorStructure) {
    const magicOffset = flattenC(descriptorStructure).find((field) => field.path === 'u32Magic')?.offset ?? 0;
    descriptor = { size: descriptorStructure.size, ...diffAgainst(descriptorStructure, descriptorSchemaFields(descriptorStructure.size, magicOffset, schemas), true) };
  }
  return {
    build: build.build,
    noteType,
    noteSize: noteStructure.size,
    formatVersion: build.formatVersion,
    layout: schema.layout,
    layoutReleased: schema.layoutReleased,
    agree: note.agree,
    differences: note.differences,
    schemaOnly: note.schemaOnly,
    undecodedNotListed: note.undecodedNotListed,
    descriptor,
  };
}

/** One C structure against the fields a schema decodes from it. */
function diffAgainst(structure: CType, decoded: SchemaField[], listUncovered: boolean) {
  const header = new Map(flattenC(structure).map((field) => [field.path, field]));
  const differences: FieldDifference[] = [];
  const schemaOnly: string[] = [];
  const decodedPaths = new Set(decoded.map((field) => field.cPath));
  let agree = 0;
  for (const field of decoded) {
    const member = header.get(field.cPath);
    if (!member) {
      // A field whose `-orig-id` names a member the header lacks is lost; one without an
      // `-orig-id` may be schema-only (alignment, padding) or a C name that went away: listed.
      const parent = field.cPath.includes('.') ? field.cPath.slice(0, field.cPath.lastIndexOf('.') + 1) : '';
      const sameSpot = [...header.values()].find((candidate) => candidate.offset === field.offset && candidate.size === field.size && candidate.path.startsWith(parent) && !candidate.path.slice(parent.length).includes('.') && !decodedPaths.has(candidate.path));
      if (sameSpot) differences.push({ kind: 'renamed', cPath: field.cPath, header: headerPlacement(sameSpot), schema: schemaPlacement(field) });
      else if (!field.hasOrigId) schemaOnly.push(`${field.cPath} (${field.schemaField}, ${field.size} bytes at ${hex(field.offset)})`);
      else differences.push({ kind: 'missing', cPath: field.cPath, header: null, schema: schemaPlacement(field) });
      continue;
    }
    if (member.offset === field.offset && member.size === field.size) {
      agree++;
      continue;
    }
    differences.push({ kind: member.offset !== field.offset ? 'moved' : 'resized', cPath: field.cPath, header: headerPlacement(member), schema: schemaPlacement(field) });
  }
  const renamedTo = new Set(differences.filter((difference) => difference.kind === 'renamed').map((difference) => difference.header!.name));
  const covered = (path: string) => renamedTo.has(path) || decoded.some((field) => field.cPath === path || field.cPath.startsWith(`${path}.`) || path.startsWith(`${field.cPath}.`));
  const uncovered = topLevelMembers(structure).filter((member) => !covered(member.path));
  if (listUncovered) for (const member of uncovered) differences.push({ kind: 'undecoded', cPath: member.path, header: headerPlacement(member), schema: null });
  return { agree, differences, schemaOnly, undecodedNotListed: listUncovered ? 0 : uncovered.length };
}

const schemaPlacement = (field: SchemaField) => ({ offset: field.offset, size: field.size, schemaField: field.schemaField });
const headerPlacement = (member: CField) => ({ offset: member.offset, size: member.size, cType: typeName(member.type), name: member.path });

export const hex = (value: number) => `0x${value.toString(16)}`;
