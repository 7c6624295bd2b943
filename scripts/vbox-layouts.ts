// The layout tool for maintainers: `npm run -s layouts -- TREE...` (README: "When VirtualBox
// changes the format"). For each VirtualBox source tree (a checkout, an unpacked release or a
// release tarball) it compiles the release's own headers for x86-64, 32-bit x86 and MSVC
// alignment and prints (a) the per-release table README's format section holds, (b) field by
// field, where the headers and the schemas disagree, (c) a draft Kaitai type for a DBGFCORECPU
// layout the schemas lack. It never edits the schemas.
import { BUILDS, closeSourceTree, compileTree, LayoutToolError, openSourceTree, type BuildLayout, type CType } from './layouts/compile';
import { compareBuild, noteTypeOf, type BuildComparison } from './layouts/compare';
import { draftType } from './layouts/draft';
import { comparisonText, layoutTable, type ReleaseLayouts } from './layouts/report';

export interface LayoutToolOptions {
  trees: string[];
  /** Names for the trees, in order (default: the release from Version.kmk or Config.kmk). */
  names?: string[];
  /** Another schemas/ folder to compare against (default: this checkout's). */
  schemas?: string;
  /** Only the table. */
  tableOnly?: boolean;
}

export interface LayoutToolResult {
  table: string;
  comparisons: { release: string; text: string; byBuild: BuildComparison[] }[];
  drafts: { release: string; yaml: string }[];
  /** True when every build compiled (or was refused by the release's own asserts) and agrees with the schemas field for field, in a released layout. */
  allAgree: boolean;
}

export function runLayoutTool(options: LayoutToolOptions): LayoutToolResult {
  const releases: ReleaseLayouts[] = [];
  for (const [index, location] of options.trees.entries()) {
    const tree = openSourceTree(location, options.names?.[index]);
    try {
      releases.push({ release: tree.release, builds: compileTree(tree) });
    } finally {
      closeSourceTree(tree);
    }
  }
  const result: LayoutToolResult = { table: layoutTable(releases), comparisons: [], drafts: [], allAgree: true };
  if (options.tableOnly) return result;
  for (const release of releases) {
    const compiled = release.builds.filter((build) => build.error === null);
    const byBuild = compiled.map((build) => compareBuild(build, options.schemas)).filter((comparison): comparison is BuildComparison => comparison !== null);
    const failures = release.builds.filter((build) => build.error !== null);
    result.comparisons.push({ release: release.release, text: comparisonText(release.release, byBuild, failures), byBuild });
    const differs = (comparison: BuildComparison) => comparison.differences.length > 0 || comparison.layoutReleased === 0 || (comparison.descriptor?.differences.length ?? 0) > 0;
    // A build the headers' own asserts refuse is an answer (that release has no such hosts);
    // any other failure leaves the comparison incomplete.
    if (byBuild.some(differs) || failures.some((failure) => !/AssertCompile/.test(failure.error ?? ''))) result.allAgree = false;
    const draftFrom = draftSource(release.builds, byBuild);
    if (draftFrom) {
      const title = BUILDS.find((build) => build.id === draftFrom.build)!.title;
      result.drafts.push({ release: release.release, yaml: draftType({ release: release.release, formatVersion: draftFrom.formatVersion!, structure: draftFrom.types.DBGFCORECPU as CType, buildTitle: title, schemas: options.schemas }) });
    }
  }
  return result;
}

/** The build to draft from: the first DBGFCORECPU build the schemas have no released layout for. */
function draftSource(builds: BuildLayout[], comparisons: BuildComparison[]): BuildLayout | null {
  const lacking = comparisons.find((comparison) => comparison.noteType === 'DBGFCORECPU' && comparison.layoutReleased === 0);
  return lacking ? (builds.find((build) => build.build === lacking.build && noteTypeOf(build) === 'DBGFCORECPU') ?? null) : null;
}

export function layoutToolText(result: LayoutToolResult): string {
  const parts = ['(a) VBCPU note size by host build', '', result.table];
  if (result.comparisons.length) parts.push('', '(b) the headers against the schemas, field by field', '', ...result.comparisons.map((comparison) => comparison.text));
  for (const draft of result.drafts) parts.push('', `(c) draft Kaitai type for ${draft.release} (add under \`types:\` in schemas/vbox_cpu_state.ksy; not written anywhere)`, '', draft.yaml.trimEnd());
  return `${parts.join('\n')}\n`;
}

const USAGE = `usage: vbox-layouts [--schemas DIR] [--name NAME]... [--table] TREE...
  TREE      a VirtualBox source tree (checkout or unpacked release) or a release tarball
  --name    the release name for the next TREE (default: from Version.kmk or Config.kmk)
  --schemas the schemas/ folder to compare against (default: this checkout's)
  --table   print only the table
exit status: 0 when every build agrees with the schemas, 1 when something differs, 2 on bad input
`;

function main(argv: string[]): number {
  const trees: string[] = [];
  const names: string[] = [];
  let schemas: string | undefined;
  let tableOnly = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (argument === '--table') tableOnly = true;
    else if (argument === '--schemas' || argument === '--name') {
      const value = argv[++index];
      if (value === undefined) return usageError(`${argument} needs a value`);
      if (argument === '--schemas') schemas = value;
      else names[trees.length] = value;
    } else if (argument.startsWith('-')) return usageError(`unknown option ${argument}`);
    else trees.push(argument);
  }
  if (!trees.length) return usageError('no source tree given');
  try {
    const result = runLayoutTool({ trees, names, schemas, tableOnly });
    process.stdout.write(layoutToolText(result));
    return tableOnly || result.allAgree ? 0 : 1;
  } catch (error) {
    if (error instanceof LayoutToolError) return usageError(error.message);
    throw error;
  }
}

function usageError(message: string): number {
  process.stderr.write(`vbox-layouts: ${message}\n${USAGE}`);
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
