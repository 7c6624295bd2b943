// The tool's printed answers: the per-release table README's format section holds, and the
// field-by-field differences between a release's headers and the schemas.
import { BUILDS, type BuildId, type BuildLayout, type CType } from './compile';
import { topLevelMembers } from './c-fields';
import { hex, noteTypeOf, type BuildComparison, type FieldDifference } from './compare';

export interface ReleaseLayouts {
  release: string;
  builds: BuildLayout[];
}

const CELL_BUILDS: BuildId[] = ['x86-64', 'x86', 'msvc'];

/** (a) One row per release, in the order given; "what changed" is against the row above. */
export function layoutTable(releases: ReleaseLayouts[]): string {
  const header = ['| release | format | VBCPU note | x86-64 gcc/clang | x86 (32-bit) | MSVC (Windows) | what changed (headers, against the row above) |', '|---|---|---|---|---|---|---|'];
  const rows = releases.map((release, index) => {
    const reference = usable(release);
    const format = reference?.formatVersion != null ? hex(reference.formatVersion) : '?';
    const noteType = reference ? (noteTypeOf(reference) ?? '?') : '?';
    const cells = CELL_BUILDS.map((id) => sizeCell(release.builds.find((build) => build.build === id)));
    const change = index === 0 ? '(first row)' : whatChanged(releases[index - 1], release);
    return `| ${release.release} | ${format} | ${noteType} | ${cells.join(' | ')} | ${change} |`;
  });
  return [...header, ...rows].join('\n');
}

function usable(release: ReleaseLayouts): BuildLayout | undefined {
  return release.builds.find((build) => build.error === null && noteTypeOf(build) !== null);
}

function sizeCell(build: BuildLayout | undefined): string {
  if (!build) return 'not built';
  if (build.error !== null) return /AssertCompile/.test(build.error) ? 'refused by its asserts' : 'not built';
  const noteType = noteTypeOf(build);
  return noteType ? hex((build.types[noteType] as CType).size) : '?';
}

/** What the note's structure gained, lost or moved between two releases, from their x86-64 builds. */
function whatChanged(before: ReleaseLayouts, after: ReleaseLayouts): string {
  const old = usable(before);
  const now = usable(after);
  if (!old || !now) return '';
  const oldType = noteTypeOf(old)!;
  const newType = noteTypeOf(now)!;
  const parts: string[] = [];
  if (old.formatVersion !== now.formatVersion) parts.push(`format ${hex(old.formatVersion ?? 0)} → ${hex(now.formatVersion ?? 0)}`);
  if (oldType !== newType) {
    parts.push(`${newType} replaces ${oldType}`);
    return parts.join('; ');
  }
  const oldMembers = new Map(topLevelMembers(old.types[oldType] as CType).map((member) => [member.path, member]));
  const newMembers = topLevelMembers(now.types[newType] as CType);
  const newNames = new Set(newMembers.map((member) => member.path));
  const added = newMembers.filter((member) => !oldMembers.has(member.path)).map((member) => member.path);
  const removed = [...oldMembers.keys()].filter((name) => !newNames.has(name));
  const retyped = newMembers.filter((member) => oldMembers.has(member.path) && shape(oldMembers.get(member.path)!.type) !== shape(member.type)).map((member) => member.path);
  const moved = newMembers.filter((member) => oldMembers.has(member.path) && oldMembers.get(member.path)!.offset !== member.offset).length;
  if (added.length) parts.push(`adds ${list(added)}`);
  if (removed.length) parts.push(`drops ${list(removed)}`);
  if (retyped.length) parts.push(`changes the type of ${list(retyped)}`);
  if (moved) parts.push(`${moved} member${moved === 1 ? '' : 's'} move`);
  const sizeChanges = CELL_BUILDS.map((id) => {
    const [was, is] = [before, after].map((release) => sizeCell(release.builds.find((build) => build.build === id)));
    return was === is ? null : `${id}: ${was} → ${is}`;
  }).filter((change): change is string => change !== null);
  if (!parts.length) parts.push('same layout');
  // A size change the member list explains is not repeated; one it does not (a build the
  // headers now refuse, an alignment change) is named.
  if (sizeChanges.length && (parts[0] === 'same layout' || sizeChanges.some((change) => /refused|not built/.test(change)))) parts.push(sizeChanges.join(', '));
  return parts.join('; ');
}

/** A structure's shape: its kind and its members' names and types, to tell a changed type from a moved one. */
function shape(type: CType): string {
  if (type.kind === 'array') return `${shape(type.element as CType)}[${(type.dimensions ?? []).join(',')}]`;
  if (type.kind !== 'struct' && type.kind !== 'union') return `${type.kind}${type.size}`;
  return `${type.kind}{${topLevelMembers(type).map((member) => `${member.path}:${shape(member.type)}`).join(',')}}`;
}

function list(names: string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** (b) The differences for one release, builds with the same answer printed once. */
export function comparisonText(release: string, comparisons: BuildComparison[], failures: BuildLayout[]): string {
  const lines: string[] = [];
  const groups = new Map<string, BuildId[]>();
  for (const comparison of comparisons) {
    const text = comparisonBody(comparison);
    groups.set(text, [...(groups.get(text) ?? []), comparison.build]);
  }
  for (const [text, builds] of groups) {
    lines.push(`${release}, ${builds.map((id) => BUILDS.find((build) => build.id === id)!.title).join('; ')}:`);
    lines.push(text);
  }
  for (const failure of failures) lines.push(`${release}, ${BUILDS.find((build) => build.id === failure.build)!.title}: not compared: ${failure.error}`);
  return lines.join('\n');
}

function comparisonBody(comparison: BuildComparison): string {
  const lines: string[] = [];
  if (comparison.descriptor) {
    const descriptor = comparison.descriptor;
    lines.push(`  DBGFCOREDESCRIPTOR (the VBCORE note), ${hex(descriptor.size)} bytes: ${descriptor.agree} field${descriptor.agree === 1 ? '' : 's'} at the same offset and size`);
    lines.push(...differenceLines(descriptor.differences, descriptor.schemaOnly));
  }
  const which = comparison.layoutReleased !== 0
    ? `the schemas decode it as a released layout (${hex(comparison.layoutReleased)})`
    : comparison.layout !== 0
      ? `the schemas have no released layout for format ${hex(comparison.formatVersion)} at this size and would decode it as ${hex(comparison.layout)} (compared against that)`
      : `the schemas have no layout for format ${hex(comparison.formatVersion)} at this size: nothing is decoded`;
  lines.push(`  ${comparison.noteType}, ${hex(comparison.noteSize)} bytes: ${which}`);
  lines.push(`  ${comparison.agree} field${comparison.agree === 1 ? '' : 's'} at the same offset and size`);
  lines.push(...differenceLines(comparison.differences, comparison.schemaOnly));
  if (comparison.undecodedNotListed) lines.push(`  ${comparison.undecodedNotListed} more ${comparison.noteType} members are not decoded (host-side state, not listed)`);
  return lines.join('\n');
}

function differenceLines(differences: FieldDifference[], schemaOnly: string[]): string[] {
  const lines: string[] = [];
  for (const difference of differences) {
    const headerName = difference.kind === 'renamed' ? `${difference.header!.name} ` : '';
    const header = difference.header ? `header ${headerName}${hex(difference.header.offset)} (${difference.header.size} bytes, ${difference.header.cType})` : 'not in the header';
    const schema = difference.schema ? `schema ${hex(difference.schema.offset)} (${difference.schema.size} bytes, ${difference.schema.schemaField})` : 'not in the schemas';
    lines.push(`  ${difference.kind.toUpperCase().padEnd(9)} ${difference.cPath}: ${header}; ${schema}`);
  }
  for (const field of schemaOnly) lines.push(`  schema only: ${field}`);
  return lines;
}
