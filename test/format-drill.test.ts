/**
 * The format-change drill: VirtualBox ships a made-up format 0x10007 whose DBGFCORECPU has one
 * more MSR (IA32_XSS after TSC_AUX). Only a copy of vbox_cpu_state.ksy changes; the parsers are
 * regenerated from it and the built library, unchanged, decodes the new layout exactly, while
 * today's parsers say the format is unknown. README's "When VirtualBox changes the format"
 * follows the same steps.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump } from '../src/builder';
import { BUILT_CLI, readBytes, scratchDirectory, writeBytes } from './helpers';

const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

/** Edits the schema text at an anchor, failing loudly when the anchor has moved. */
function insertBefore(text: string, anchor: string, addition: string): string {
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`the drill's anchor is gone from vbox_cpu_state.ksy: ${anchor}`);
  return text.slice(0, at) + addition + text.slice(at);
}

/** Format 0x10007 added to a copy of the schema: one enum entry, one switch case, two size rules, one field. */
function schemaWithFormat10007(original: string): string {
  let text = original;
  text = insertBefore(text, '        0x10006: dbgfcorecpu(6)', '        0x10007: dbgfcorecpu(7)\n');
  text = insertBefore(text, '      format_version == 0x10000 and (_io.size', '      format_version == 0x10007 and _io.size == 0x2250 ? 0x10007 :\n');
  text = insertBefore(text, '      format_version == 0x10002 and _io.size >= 0x2220', '      format_version == 0x10007 and _io.size >= 0x2250 ? 0x10007 :\n');
  text = insertBefore(text, 'types:\n  dbgfcorecpu:', '    0x10007:\n      id: dbgfcorecpu_v7\n      doc: Format 0x00010007 (the drill), DBGFCORECPU with IA32_XSS.\n');
  text = insertBefore(text, '      - id: xcr\n', '      - id: msr_xss\n        type: u8\n        if: version >= 7\n        doc: IA32_XSS (format 0x00010007 on).\n        -orig-id: msrXss\n');
  return text;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  return result.stdout;
}

test('a new format version needs one schema edit: the regenerated parsers and the unchanged library decode it', () => {
  // 1. A copy of the schemas with format 0x10007.
  const schemas = scratch.path('schemas');
  fs.cpSync(path.join(projectRoot, 'schemas'), schemas, { recursive: true });
  const schemaFile = path.join(schemas, 'vbox_cpu_state.ksy');
  fs.writeFileSync(schemaFile, schemaWithFormat10007(fs.readFileSync(schemaFile, 'utf8')));

  // 2. Regenerated beside a copy of the built library (dist/src requires ../generated).
  const dist = scratch.path('dist');
  fs.cpSync(path.join(projectRoot, 'dist'), dist, { recursive: true });
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), scratch.path('node_modules'));
  run(process.execPath, [path.join(projectRoot, 'scripts', 'generate.js'), '--schemas', schemas, '--out', path.join(dist, 'generated'), '--lang', 'javascript,python']);

  // 3. A dump as 0x10007 would write it: 0x10006's note with IA32_XSS at 0x230 and aXcr, cbExt moved up by 8.
  const built = buildDump(scratch.path('format-10007.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion: 0x10007, cpuLayout: 'dbgfcorecpu-0x10006', fill: 'none' });
  const note = built.cpuDescriptorOffsets[0];
  const tail = readBytes(built.path, note + 0x230, 0x18);
  writeBytes(built.path, note + 0x238, tail);
  const xss = Buffer.alloc(8);
  xss.writeBigUInt64LE(0x0000_0000_0001_2c00n);
  writeBytes(built.path, note + 0x230, xss);
  const xcr0 = tail.readBigUInt64LE(0);

  // Today's library: an unknown format, and 0x2250 bytes decoded as 0x10006 (warned: XCR0 would be misread).
  const today = JSON.parse(spawnSync(process.execPath, [BUILT_CLI, 'info', built.path, '--json'], { encoding: 'utf8' }).stdout);
  expect(today.report.problems.map((problem: { code: string }) => problem.code)).toEqual(['UNKNOWN_FORMAT_VERSION', 'CPU_LAYOUT_VERSION_MISMATCH']);

  // The same library over the regenerated parsers: the layout is a release's, nothing is reported.
  const drilled = path.join(dist, 'src', 'cli', 'main.js');
  const info = JSON.parse(run(process.execPath, [drilled, 'info', built.path, '--json']));
  expect(info.report.problems).toEqual([]);
  expect(info.descriptor.formatKnown).toBe(true);
  const registers = info.cpus[0].registers;
  expect(registers.layout).toMatchObject({ name: 'dbgfcorecpu-0x10007', formatVersion: 0x10007, chosenBy: 'release', releases: 'no release vboxcore knows of' });
  expect(registers.layout.host).toMatch(/any host/);
  expect(registers.xcr.xcr0).toBe(`0x${xcr0.toString(16)}`);
  expect(registers.msrs.tscAux).toBe('0x0');
  expect(registers.xsave.offset).toBe('0x250');

  // Python, generated from the same copy, reads the new MSR itself.
  const python = `
import sys
sys.path.insert(0, ${JSON.stringify(path.join(dist, 'generated', 'python'))})
from kaitaistruct import KaitaiStream, BytesIO
from vboxcore_parsers.vbox_cpu_state import VboxCpuState
with open(${JSON.stringify(built.path)}, 'rb') as dump:
    dump.seek(${note})
    state = VboxCpuState(0x10007, KaitaiStream(BytesIO(dump.read(0x2250))))
print(VboxCpuState.CpuLayout(state.layout).name, hex(state.body.msr_xss), hex(state.body.xcr[0]))
`;
  expect(run('/usr/bin/python3', ['-c', python]).trim()).toBe(`dbgfcorecpu_v7 0x12c00 0x${xcr0.toString(16)}`);
});
