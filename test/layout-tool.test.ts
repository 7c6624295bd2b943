/**
 * The layout tool (scripts/vbox-layouts.ts) on synthetic VirtualBox trees the test writes: the
 * real compiler lays the headers out for three host builds, the tool reads the layout back from
 * the compiler's DWARF and compares it with the generated parsers' own field positions.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import KaitaiStream from 'kaitai-struct/KaitaiStream';
import { schemaLayout } from '../scripts/layouts/schema-layouts';
import { runLayoutTool, type LayoutToolResult } from '../scripts/vbox-layouts';
import { scratchDirectory } from './helpers';
import { writeSyntheticTree } from './layout-tree';

const projectRoot = path.resolve(__dirname, '..');
const TOOL = path.join(projectRoot, 'dist', 'scripts', 'vbox-layouts.js');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

function runTool(args: string[], environment: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [TOOL, ...args], { encoding: 'utf8', env: environment, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const differencesOf = (result: LayoutToolResult, release: number) =>
  result.comparisons[release].byBuild.map((comparison) => ({ build: comparison.build, differences: comparison.differences.map((difference) => `${difference.kind} ${difference.cPath} ${difference.header ? `0x${difference.header.offset.toString(16)}` : '-'} ${difference.schema ? `0x${difference.schema.offset.toString(16)}` : '-'}`) }));

describe('a tree laid out as VirtualBox 7.0 is', () => {
  let result: LayoutToolResult;
  beforeAll(() => {
    result = runLayoutTool({ trees: [writeSyntheticTree(scratch.path('release-7.0'))] });
  });

  test('one table row with the note size of each host build: 16-byte-aligned XSAVE area only under gcc x86-64', () => {
    expect(result.table.split('\n')).toEqual([
      '| release | format | VBCPU note | x86-64 gcc/clang | x86 (32-bit) | MSVC (Windows) | what changed (headers, against the row above) |',
      '|---|---|---|---|---|---|---|',
      '| 7.0.99 | 0x10006 | DBGFCORECPU | 0x2250 | 0x2248 | 0x2248 | (first row) |',
    ]);
  });

  test('the schemas decode every field of every build where the header puts it', () => {
    const comparisons = result.comparisons[0].byBuild;
    expect(comparisons.map((comparison) => [comparison.build, comparison.noteSize, comparison.layoutReleased])).toEqual([
      ['x86-64', 0x2250, 0x10006],
      ['x86', 0x2248, 0x10006],
      ['msvc', 0x2248, 0x10006],
    ]);
    for (const comparison of comparisons) {
      expect(comparison.differences).toEqual([]);
      // 62 registers and segment parts, 48 in the FXSAVE image and XSAVE header, the XSAVE components.
      expect(comparison.agree).toBe(128);
      expect(comparison.descriptor).toEqual({ size: 24, agree: 6, differences: [], schemaOnly: [], undecodedNotListed: 0 });
    }
    expect(result.allAgree).toBe(true);
    expect(result.drafts).toEqual([]);
  });

  test('the built tool prints it and exits 0', () => {
    const run = runTool([scratch.path('release-7.0')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('| 7.0.99 | 0x10006 | DBGFCORECPU | 0x2250 | 0x2248 | 0x2248 | (first row) |');
    expect(run.stdout).toContain('7.0.99, x86 (32-bit hosts); Windows (MSVC alignment):\n  DBGFCOREDESCRIPTOR (the VBCORE note), 0x18 bytes: 6 fields at the same offset and size\n  DBGFCORECPU, 0x2248 bytes: the schemas decode it as a released layout (0x10006)\n  128 fields at the same offset and size\n');
  });
});

test('without a native 128-bit integer the x86-64 build aligns the XSAVE area to 8 too: the sizes come from the compiler', () => {
  const result = runLayoutTool({ trees: [writeSyntheticTree(scratch.path('no-int128'), { noCapabilityLine: true, build: 98 })], tableOnly: true });
  // The synthetic types.h still asks the compiler itself (__SIZEOF_INT128__ is not consulted
  // there), so only the line in cdefs.h decides, as in IPRT.
  expect(result.table.split('\n')[2]).toBe('| 7.0.98 | 0x10006 | DBGFCORECPU | 0x2248 | 0x2248 | 0x2248 | (first row) |');
});

describe('a release that adds an MSR after IA32_TSC_AUX (format 0x10007)', () => {
  let result: LayoutToolResult;
  beforeAll(() => {
    result = runLayoutTool({
      trees: [writeSyntheticTree(scratch.path('release-7.0-again')), writeSyntheticTree(scratch.path('release-7.2'), { minor: 2, build: 0, formatVersion: 0x10007, afterTscAux: 'uint64_t msrXss;' })],
    });
  });

  test('gets a row saying what changed against the release above', () => {
    expect(result.table.split('\n')[3]).toBe('| 7.2.0 | 0x10007 | DBGFCORECPU | 0x2250 | 0x2250 | 0x2250 | format 0x10006 → 0x10007; adds msrXss; 3 members move |');
  });

  test('and the differences field by field: the new member undecoded, the ones after it moved by 8', () => {
    expect(result.comparisons[1].byBuild[0].layout).toBe(0x10006);
    expect(result.comparisons[1].byBuild[0].layoutReleased).toBe(0);
    expect(differencesOf(result, 1)[0]).toEqual({
      build: 'x86-64',
      differences: ['moved aXcr 0x238 0x230', 'moved cbExt 0x248 0x240', 'moved uPadding0 0x24c 0x244', 'undecoded msrXss 0x230 -'],
    });
    expect(result.comparisons[1].text).toContain('  UNDECODED msrXss: header 0x230 (8 bytes, uint64_t); not in the schemas');
    expect(result.comparisons[1].text).toContain('  MOVED     aXcr: header 0x238 (16 bytes, uint64_t[2]); schema 0x230 (16 bytes, vbox_cpu_state.ksy: dbgfcorecpu.xcr)');
    expect(result.allAgree).toBe(false);
  });

  test('whose draft type compiles with the schemas and reads a note of that layout', () => {
    expect(result.drafts.map((draft) => draft.release)).toEqual(['7.2.0']);
    const draft = result.drafts[0].yaml;
    expect(draft).toMatch(/^  dbgfcorecpu_v7:\n/);
    expect(draft).toContain('      - id: msr_xss\n        type: u8\n        doc: "msrXss (uint64_t, 8 bytes at 0x230): new in 7.2.0; say what it holds."\n        -orig-id: msrXss\n');

    // The draft under `types:` of a copy of the schemas, compiled by the same generator as the
    // project's parsers.
    const schemas = scratch.path('drafted-schemas');
    fs.cpSync(path.join(projectRoot, 'schemas'), schemas, { recursive: true });
    const schemaFile = path.join(schemas, 'vbox_cpu_state.ksy');
    const original = fs.readFileSync(schemaFile, 'utf8');
    fs.writeFileSync(schemaFile, original.replace('\ntypes:\n', `\ntypes:\n${draft}`));
    const out = scratch.path('drafted-generated');
    // The generated code requires the Kaitai runtime from beside it.
    if (!fs.existsSync(scratch.path('node_modules'))) fs.symlinkSync(path.join(projectRoot, 'node_modules'), scratch.path('node_modules'));
    const generated = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'generate.js'), '--schemas', schemas, '--out', out, '--lang', 'javascript'], { encoding: 'utf8', timeout: 120_000 });
    expect(generated.stderr).not.toMatch(/error/i);
    expect(generated.status).toBe(0);

    // A note as the synthetic header lays it out (offsets written here by hand from the header).
    const note = Buffer.alloc(0x2250);
    note.writeBigUInt64LE(0x1111n, 0x00); // rax
    note.writeBigUInt64LE(0x2222n, 0x228); // msrTscAux
    note.writeBigUInt64LE(0xda00n, 0x230); // msrXss
    note.writeBigUInt64LE(0x7n, 0x238); // aXcr[0]
    note.writeUInt32LE(0x340, 0x248); // cbExt
    note.writeUInt16LE(0x37f, 0x250); // ext.x87.FCW
    const { VboxCpuState } = require(path.join(out, 'VboxCpuState.js')) as { VboxCpuState: Record<string, new (io: KaitaiStream) => Record<string, unknown> & { _read(): void }> };
    const parsed = new VboxCpuState.DbgfcorecpuV7(new KaitaiStream(note.buffer.slice(note.byteOffset, note.byteOffset + note.length)));
    parsed._read();
    expect([parsed.rax, parsed.msrTscAux, parsed.msrXss, parsed.xcr, parsed.extSize]).toEqual([0x1111, 0x2222, 0xda00, [7, 0], 0x340]);
    expect((parsed.ext as { legacy: { fcw: number } }).legacy.fcw).toBe(0x37f);
  });
});

test('a reordering under the same format version: both fields moved, exit status 1', () => {
  const run = runTool(['--name', 'reordered', writeSyntheticTree(scratch.path('reordered'), { swapStarAndPat: true })]);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('  MOVED     msrSTAR: header 0x1f8 (8 bytes, uint64_t); schema 0x1f0 (8 bytes, vbox_cpu_state.ksy: dbgfcorecpu.msr_star)\n  MOVED     msrPAT: header 0x1f0 (8 bytes, uint64_t); schema 0x1f8 (8 bytes, vbox_cpu_state.ksy: dbgfcorecpu.msr_pat)\n');
  expect(run.stdout).toContain('| reordered | 0x10006 |');
});

test('a release tarball is read without unpacking more than its headers', () => {
  const top = scratch.path('tarball-source');
  writeSyntheticTree(path.join(top, 'VirtualBox-7.0.99'), { prerelease: 'RC1' });
  fs.writeFileSync(path.join(top, 'VirtualBox-7.0.99', 'big-source-file.cpp'), 'int unused;\n');
  const tarball = scratch.path('VirtualBox-7.0.99.tar.bz2');
  expect(spawnSync('tar', ['-cjf', tarball, '-C', top, 'VirtualBox-7.0.99']).status).toBe(0);
  const result = runLayoutTool({ trees: [tarball], tableOnly: true });
  expect(result.table.split('\n')[2]).toBe('| 7.0.99_RC1 | 0x10006 | DBGFCORECPU | 0x2250 | 0x2248 | 0x2248 | (first row) |');
});

describe('bad input', () => {
  test.each([
    [['/nonexistent/vbox'], '/nonexistent/vbox: no such file or folder'],
    [[projectRoot], `${projectRoot}: no include/VBox/vmm/dbgfcorefmt.h (nor include/VBox/dbgfcorefmt.h): not a VirtualBox source tree`],
    [[path.join(projectRoot, 'package.json')], 'not a VirtualBox release tarball'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [[], 'no source tree given'],
    [['--name'], '--name needs a value'],
  ])('%j: exit 2 and a message naming it', (args, message) => {
    const run = runTool(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('a compiler that cannot run: each build says so, nothing is compared, exit 1', () => {
    const run = runTool([writeSyntheticTree(scratch.path('no-compiler'))], { ...process.env, CXX: '/nonexistent/c++' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('7.0.99, x86-64 (gcc/clang: Linux, macOS, Solaris): not compared: /nonexistent/c++ could not be run: spawnSync /nonexistent/c++ ENOENT');
    expect(run.stdout).toContain('| 7.0.99 | ? | ? | not built | not built | not built | (first row) |');
  });
});

test("README's release table is the tool's table, and every size in it is one the schemas decode as released for that format", () => {
  const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8').split('\n');
  const toolHeader = runLayoutTool({ trees: [writeSyntheticTree(scratch.path('readme-header'))], tableOnly: true }).table.split('\n').slice(0, 2);
  const start = readme.indexOf(toolHeader[0]);
  expect(start).toBeGreaterThan(0);
  expect(readme[start + 1]).toBe(toolHeader[1]);
  const rows = readme.slice(start + 2, readme.indexOf('', start)).map((line) => line.split('|').map((cell) => cell.trim()).slice(1, -1));
  expect(rows.length).toBeGreaterThanOrEqual(16);
  for (const [release, format, noteType, ...cells] of rows) {
    for (const size of cells.slice(0, 3).filter((cell) => cell.startsWith('0x'))) {
      const layout = schemaLayout(Number(format), Number(size));
      expect({ release, size, noteType, released: layout.layoutReleased }).toEqual({ release, size, noteType, released: Number(format) });
    }
  }
});
