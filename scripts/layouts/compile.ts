// Compiles a VirtualBox release's own headers with this machine's C compiler and reads back the
// layout the compiler chose (from its DWARF), for the hosts VirtualBox runs on. Nothing the
// compiler makes is run, so the 32-bit and MSVC-style objects need no matching machine.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The layout DWARF gives one C type. */
export interface CType {
  kind: 'struct' | 'union' | 'base' | 'enum' | 'pointer' | 'array' | 'void' | string;
  size: number;
  name: string | null;
  float?: boolean;
  members?: CMember[];
  dimensions?: number[];
  element?: CType;
}

/** One member of a structure or union; `name` is null for an anonymous union or structure. */
export interface CMember {
  name: string | null;
  offset: number;
  type: CType;
  bitSize?: number;
  bitOffset?: number;
}

/** The host builds VirtualBox's writer was compiled for, each emulated with gcc. */
export type BuildId = 'x86-64' | 'x86' | 'msvc';

export const BUILDS: readonly { id: BuildId; title: string; flags: readonly string[] }[] = [
  { id: 'x86-64', title: 'x86-64 (gcc/clang: Linux, macOS, Solaris)', flags: ['-m64', '-DRT_ARCH_AMD64'] },
  { id: 'x86', title: 'x86 (32-bit hosts)', flags: ['-m32', '-DRT_ARCH_X86'] },
  // MSVC on x64 has no native 128-bit integer (IPRT's uint128_t is then a structure of two
  // 64-bit halves, 8-byte aligned), a 64-bit long double and its own bit-field packing. gcc is
  // told each of these; `long` stays 8 bytes, which checkTypesMsvcCannotChange() guards.
  {
    id: 'msvc',
    title: 'Windows (MSVC alignment)',
    flags: ['-m64', '-DRT_ARCH_AMD64', '-mms-bitfields', '-mlong-double-64', '-U__SIZEOF_INT128__', '-D__uint128_t=vbox_layout_msvc_uint128', '-D__int128_t=vbox_layout_msvc_int128'],
  },
];

const MSVC_SHIM = `typedef struct vbox_layout_msvc_uint128 { unsigned long long lo, hi; } vbox_layout_msvc_uint128;
typedef struct vbox_layout_msvc_int128 { unsigned long long lo; long long hi; } vbox_layout_msvc_int128;
`;

/** The C types the schemas decode, by the name VirtualBox's headers give them. */
export const PROBED_TYPES = ['DBGFCOREDESCRIPTOR', 'DBGFCORECPU', 'CPUMCTX', 'X86XSAVEAREA', 'X86FXSTATE'] as const;
export type ProbedType = (typeof PROBED_TYPES)[number];

export interface BuildLayout {
  build: BuildId;
  /** The types found, by name. */
  types: Partial<Record<ProbedType, CType>>;
  /** DBGFCORE_FMT_VERSION as this build sees it. */
  formatVersion: number | null;
  /** Why the build failed (the compiler's first error lines), or null. */
  error: string | null;
  /** Members whose size MSVC would change and gcc cannot be told to (e.g. `long`). */
  caveats: string[];
}

export interface SourceTree {
  /** The folder holding include/ (extracted when a tarball was given). */
  root: string;
  /** The release, from Version.kmk or Config.kmk ("7.0.10", "5.0.0_RC2", "7.1.0_BETA2"), or the folder's name. */
  release: string;
  /** Header paths relative to include/. */
  coreFormatHeader: string;
  cpumctxHeader: string | null;
  x86Header: string | null;
  /** A temporary folder to remove when done (the extracted tarball), or null. */
  scratch: string | null;
}

export class LayoutToolError extends Error {}

/** Opens a VirtualBox source tree: a folder (checkout or unpacked release) or a release tarball. */
export function openSourceTree(location: string, releaseOverride?: string): SourceTree {
  let root = location;
  let scratch: string | null = null;
  if (!fs.existsSync(location)) throw new LayoutToolError(`${location}: no such file or folder`);
  if (fs.statSync(location).isFile()) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vbox-layouts-'));
    // Only the headers and the version files: a release tarball is hundreds of megabytes.
    const result = spawnSync('tar', ['-xf', location, '-C', scratch, '--wildcards', '--no-wildcards-match-slash', '*/include/*', '*/Version.kmk', '*/Config.kmk'], { encoding: 'utf8' });
    const entries = fs.readdirSync(scratch);
    if (entries.length !== 1) {
      fs.rmSync(scratch, { recursive: true, force: true });
      throw new LayoutToolError(`${location}: not a VirtualBox release tarball (expected one top folder with include/; tar said: ${(result.stderr || '').trim().split('\n')[0] || 'nothing'})`);
    }
    root = path.join(scratch, entries[0]);
  }
  const include = path.join(root, 'include');
  const coreFormatHeader = ['VBox/vmm/dbgfcorefmt.h', 'VBox/dbgfcorefmt.h'].find((candidate) => fs.existsSync(path.join(include, candidate)));
  if (!coreFormatHeader) {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    throw new LayoutToolError(`${location}: no include/VBox/vmm/dbgfcorefmt.h (nor include/VBox/dbgfcorefmt.h): not a VirtualBox source tree`);
  }
  const firstPresent = (candidates: string[]) => candidates.find((candidate) => fs.existsSync(path.join(include, candidate))) ?? null;
  const cpumctxHeader = firstPresent(['VBox/vmm/cpumctx.h', 'VBox/cpumctx.h']);
  const x86Header = firstPresent(['iprt/x86.h', 'VBox/x86.h']);
  return { root, release: releaseOverride ?? releaseOf(root) ?? path.basename(path.resolve(location)), coreFormatHeader, cpumctxHeader, x86Header, scratch };
}

export function closeSourceTree(tree: SourceTree): void {
  if (tree.scratch) fs.rmSync(tree.scratch, { recursive: true, force: true });
}

/** "7.0.10", or "5.0.0_RC2" for a pre-release, from Version.kmk (6.0 on) or Config.kmk (before). */
function releaseOf(root: string): string | null {
  for (const file of ['Version.kmk', 'Config.kmk']) {
    const fullPath = path.join(root, file);
    if (!fs.existsSync(fullPath)) continue;
    const text = fs.readFileSync(fullPath, 'utf8');
    const part = (name: string) => new RegExp(`^VBOX_VERSION_${name}\\s*=\\s*(\\d+)`, 'm').exec(text)?.[1];
    const [major, minor, build] = [part('MAJOR'), part('MINOR'), part('BUILD')];
    if (major === undefined || minor === undefined || build === undefined) continue;
    // 6.0 on: VBOX_VERSION_PRERELEASE = BETA2; before: VBOX_VERSION_STRING = $(VBOX_VERSION_STRING_RAW)_RC2...
    const prerelease = /^VBOX_VERSION_PRERELEASE\s*=[ \t]*([A-Z]+\d*)[ \t]*$/m.exec(text)?.[1];
    const suffix = prerelease ? `_${prerelease}` : (/^VBOX_VERSION_STRING\s*=\s*\$\(VBOX_VERSION_STRING_RAW\)(_[A-Z]+\d*)/m.exec(text)?.[1] ?? '');
    return `${major}.${minor}.${build}${suffix}`;
  }
  return null;
}

function probeSource(tree: SourceTree): string {
  const include = path.join(tree.root, 'include');
  // Each header read once: x86.h alone is some 190 KB.
  const headerTexts = [tree.coreFormatHeader, tree.cpumctxHeader, tree.x86Header]
    .filter((header): header is string => header !== null && fs.existsSync(path.join(include, header)))
    .map((header) => fs.readFileSync(path.join(include, header), 'utf8'));
  const present = (type: ProbedType): boolean => headerTexts.some((text) => new RegExp(`\\}\\s*${type}\\s*;`).test(text));
  const lines = ['#include <stddef.h>', `#include <${tree.coreFormatHeader}>`];
  for (const header of [tree.cpumctxHeader, tree.x86Header]) if (header) lines.push(`#include <${header}>`);
  // An enumerator's value is in the DWARF, which is how the header's macros are read back.
  lines.push('enum vbox_layout_probe_constants { vbox_layout_format_version = (int)(DBGFCORE_FMT_VERSION) };');
  lines.push('enum vbox_layout_probe_constants vbox_layout_probe_constants_used;');
  PROBED_TYPES.filter(present).forEach((type, index) => lines.push(`${type} *vbox_layout_probe_${index};`));
  return `${lines.join('\n')}\n`;
}

function toolsFolder(): string {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'scripts', 'layouts');
    if (fs.existsSync(path.join(candidate, 'dwarf-layouts.py'))) return candidate;
    if (path.dirname(folder) === folder) throw new LayoutToolError('scripts/layouts/dwarf-layouts.py not found beside the tool');
  }
}

/** Compiles the probe for one build and reads the layouts back. */
// C++, as VirtualBox compiles its core writer (DBGFCoreWrite.cpp): some releases' headers only
// compile there (5.0.x asserts on DBGFCORESEL, a structure tag that C does not take as a type).
export function compileBuild(tree: SourceTree, build: (typeof BUILDS)[number], compiler = process.env.CXX ?? 'c++', probeText = probeSource(tree)): BuildLayout {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `vbox-layouts-${build.id}-`));
  try {
    const probe = path.join(work, 'probe.cpp');
    const object = path.join(work, 'probe.o');
    fs.writeFileSync(probe, probeText);
    const flags = [...build.flags];
    const includes = ['-I', path.join(tree.root, 'include')];
    if (build.id === 'msvc') {
      fs.writeFileSync(path.join(work, 'msvc-shim.h'), MSVC_SHIM);
      flags.push('-include', path.join(work, 'msvc-shim.h'));
      includes.unshift(...msvcOverlay(tree, work));
    }
    const args = ['-g', '-O0', '-w', '-c', '-fno-eliminate-unused-debug-types', '-DIN_RING3', '-DRT_OS_LINUX', '-DVBOX', ...flags, ...includes, '-o', object, probe];
    const compiled = spawnSync(compiler, args, { encoding: 'utf8' });
    if (compiled.error) return failed(build.id, `${compiler} could not be run: ${compiled.error.message}`);
    if (compiled.status !== 0) {
      const errors = compiled.stderr.split('\n').filter((line) => /error/.test(line)).slice(0, 3).map((line) => line.replace(`${work}/`, ''));
      const hint = build.id === 'x86' && /bits\/|gnu\/stubs-32|No such file/.test(compiled.stderr)
        ? ' (a 32-bit build needs 32-bit C headers: Debian\'s g++-multilib)'
        : /RTASSERTVAR|static assertion/.test(compiled.stderr) ? ' (the release\'s own AssertCompile checks refuse this build: the release does not support such hosts)' : '';
      return failed(build.id, `${compiler} failed${hint}: ${errors.join(' | ') || compiled.stderr.trim().split('\n')[0]}`);
    }
    const script = path.join(toolsFolder(), 'dwarf-layouts.py');
    const output = execFileSync('/usr/bin/python3', [script, object, ...PROBED_TYPES], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const parsed = JSON.parse(output) as { types: Partial<Record<ProbedType, CType>>; constants: Record<string, number> };
    const formatVersion = parsed.constants.vbox_layout_format_version ?? null;
    return { build: build.id, types: parsed.types, formatVersion, error: null, caveats: build.id === 'msvc' ? typesMsvcWouldChange(parsed.types) : [] };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * From 7.0, iprt/cdefs.h itself says gcc on x86-64 has 128-bit integers, and iprt/asm.h then
 * does arithmetic on them; MSVC has none. A copy of cdefs.h without that line, in a folder
 * searched first, makes the headers take their MSVC path (the tree itself is never changed).
 */
function msvcOverlay(tree: SourceTree, work: string): string[] {
  const cdefs = path.join(tree.root, 'include', 'iprt', 'cdefs.h');
  if (!fs.existsSync(cdefs)) return [];
  const text = fs.readFileSync(cdefs, 'utf8');
  const withoutInt128 = text.replace(/^(\s*#\s*define\s+RT_COMPILER_WITH_128BIT_INT_TYPES\b.*)$/gm, '/* MSVC has no 128-bit integers: $1 */');
  if (withoutInt128 === text) return [];
  fs.mkdirSync(path.join(work, 'overlay', 'iprt'), { recursive: true });
  fs.writeFileSync(path.join(work, 'overlay', 'iprt', 'cdefs.h'), withoutInt128);
  // asm.h's inline gcc assembly casts to native 128-bit integers; no layout is declared there.
  fs.writeFileSync(path.join(work, 'overlay', 'iprt', 'asm.h'), '/* left out of the MSVC-alignment build: inline assembly only */\n');
  return ['-I', path.join(work, 'overlay')];
}

function failed(build: BuildId, error: string): BuildLayout {
  return { build, types: {}, formatVersion: null, error, caveats: [] };
}

/** Members typed `long` or `wchar_t` (4 bytes under MSVC, not under gcc's x86-64): the emulation cannot follow them. */
function typesMsvcWouldChange(types: Partial<Record<ProbedType, CType>>): string[] {
  const found: string[] = [];
  const visit = (type: CType, where: string): void => {
    if (type.kind === 'base' && /^(long int|long unsigned int|wchar_t)$/.test(type.name ?? '')) found.push(`${where} is ${type.name}`);
    if (type.element) visit(type.element, `${where}[]`);
    for (const member of type.members ?? []) visit(member.type, member.name ? `${where}.${member.name}` : where);
  };
  for (const [name, type] of Object.entries(types)) if (type) visit(type, name);
  return found;
}

/** All builds of one tree. */
export function compileTree(tree: SourceTree, compiler?: string): BuildLayout[] {
  const probeText = probeSource(tree);
  return BUILDS.map((build) => compileBuild(tree, build, compiler, probeText));
}
