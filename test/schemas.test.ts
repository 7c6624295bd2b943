import * as fs from 'node:fs';
import * as path from 'node:path';
import KaitaiStream from 'kaitai-struct/KaitaiStream';
import YAML from 'yaml';
import { VboxCore } from '../generated/VboxCore';
import { VboxCoreDescriptor } from '../generated/VboxCoreDescriptor';
import { VboxCpuState } from '../generated/VboxCpuState';
import { VboxElfNote } from '../generated/VboxElfNote';
import { buildDump, layoutSample } from '../src/builder';
import { scratchDirectory } from './helpers';

const projectRoot = path.resolve(__dirname, '..');
const samplePath = path.join(projectRoot, 'samples', 'small-guest.elf');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

function streamOf(bytes: Uint8Array): KaitaiStream {
  return new KaitaiStream(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

test('the whole-file schema parses the bundled sample (as the Web IDE would)', () => {
  const core = new VboxCore(streamOf(fs.readFileSync(samplePath)));
  core._read();
  expect(core.header.ident.headerVersion).toBe(0);
  expect(core.header.ePhnum).toBe(7);
  expect(core.programHeaders.map((entry) => entry.pType)).toEqual([4, 1, 1, 1, 1, 1, 1]);
  const notes = core.noteSegment!.notes;
  expect(notes.map((note) => [note.name, note.header.nType, note.header.nNamesz])).toEqual([
    ['VBCORE', VboxElfNote.NoteType.VBOX_CORE, 6],
    ['VBCPU', VboxElfNote.NoteType.VBOX_CPU, 5],
    ['VBCPU', VboxElfNote.NoteType.VBOX_CPU, 5],
  ]);
  expect(notes.every((note) => note.namePadding.every((byte) => byte === 0) && note.descriptorPadding.length === 0)).toBe(true);
  const descriptor = new VboxCoreDescriptor(streamOf(notes[0].descriptor));
  descriptor._read();
  expect([descriptor.magic, descriptor.formatVersion, descriptor.descriptorSize, descriptor.cpuCount]).toEqual([0xc01ac0de, 0x10006, 24, 2]);
  expect(`${descriptor.vboxVersionMajor}.${descriptor.vboxVersionMinor}.${descriptor.vboxVersionBuild}`).toBe('7.0.14');
});

test('the VBCPU schema picks the layout by the note size: the sample (7.0 on a Linux host) is DBGFCORECPU 0x10006 with the XSAVE area 16-byte aligned', () => {
  const core = new VboxCore(streamOf(fs.readFileSync(samplePath)));
  core._read();
  const descriptor = core.noteSegment!.notes[2].descriptor;
  expect(descriptor.length).toBe(0x2250);
  const state = new VboxCpuState(streamOf(descriptor), undefined, undefined, 0x10006);
  state._read();
  expect(state.layout).toBe(VboxCpuState.CpuLayout.DBGFCORECPU_V6);
  expect(state.layoutReleased).toBe(VboxCpuState.CpuLayout.DBGFCORECPU_V6);
  const body = state.body as VboxCpuState.Dbgfcorecpu;
  expect(body).toBeInstanceOf(VboxCpuState.Dbgfcorecpu);
  expect(body.version).toBe(6);
  // offsets of the format doc's table for 0x10006: cs 0x90, cr3 0x130, msrTscAux 0x228, aXcr 0x230, cbExt 0x240, XSAVE 0x250
  expect([body._debug.cs.start, body._debug.cr3.start, body._debug.msrTscAux.start, body._debug.xcr.start, body._debug.extSize.start, body._debug.ext.start]).toEqual([0x90, 0x130, 0x228, 0x230, 0x240, 0x250]);
  expect(body.extAlignment.length).toBe(8);
  expect(state._io.pos).toBe(0x2250);
  expect(body.cr3).toBe(0x10000);
  expect(body.cs.selector).toBe(0x10);
  expect(body.dr).toHaveLength(8);
});

test('the VBCPU schema falls back to the format version only for a size no release wrote, and names no layout when neither fits', () => {
  const parse = (size: number, formatVersion: number): VboxCpuState => {
    const state = new VboxCpuState(streamOf(new Uint8Array(size)), undefined, undefined, formatVersion);
    state._read();
    return state;
  };
  expect(parse(0x2240, 0x10003).layout).toBe(VboxCpuState.CpuLayout.DBGFCORECPU_V5); // a released size wins over a contradicting version
  expect(parse(0x2240, 0x10003).layoutReleased).toBe(VboxCpuState.CpuLayout.UNKNOWN);
  const inferred = parse(0x2300, 0x10006);
  expect([inferred.layoutBySize, inferred.layout]).toEqual([VboxCpuState.CpuLayout.UNKNOWN, VboxCpuState.CpuLayout.DBGFCORECPU_V6]);
  expect((inferred.body as VboxCpuState.Dbgfcorecpu)._debug.ext.start).toBe(0x300);
  expect(parse(0x2300, 0x10007).body).toBeUndefined();
  expect(parse(0x100, 0x10006).body).toBeUndefined();
  expect(parse(0x400, 0).layout).toBe(VboxCpuState.CpuLayout.CPUMCTX);
});

test('the descriptor schema refuses a bad magic through its valid: rule', () => {
  const bytes = Buffer.alloc(24);
  bytes.writeUInt32LE(0xdeadbeef, 0);
  const descriptor = new VboxCoreDescriptor(streamOf(bytes));
  expect(() => descriptor._read()).toThrow(KaitaiStream.ValidationNotEqualError);
});

test('the committed sample is exactly what the builder makes (make sample)', () => {
  const rebuilt = buildDump(scratch.path('sample.elf'), layoutSample());
  expect(fs.readFileSync(rebuilt.path).equals(fs.readFileSync(samplePath))).toBe(true);
});

describe('schemas follow the Kaitai style guide', () => {
  const schemaFiles = fs.readdirSync(path.join(projectRoot, 'schemas')).filter((name) => name.endsWith('.ksy'));

  test.each(schemaFiles)('%s', (fileName) => {
    const text = fs.readFileSync(path.join(projectRoot, 'schemas', fileName), 'utf8');
    const schema = YAML.parse(text);
    expect(Object.keys(schema)[0]).toBe('meta');
    expect(schema.meta.id).toBe(fileName.replace(/\.ksy$/, ''));
    expect(typeof schema.meta.title).toBe('string');
    expect(schema.meta.license).toBe('MIT');
    expect(schema.meta.endian).toBe('le');
    expect(text).toMatch(/ks-version: '0\.10'/);
    expect(schema['doc-ref']).toBeDefined();
    const typeSpecs = [schema, ...Object.values<Record<string, unknown>>(schema.types ?? {})];
    for (const spec of typeSpecs) {
      for (const field of (spec.seq as { id: string; doc?: string }[] | undefined) ?? []) {
        expect({ id: field.id, doc: typeof field.doc }).toEqual({ id: field.id, doc: 'string' });
        expect(field.id).toMatch(/^[a-z][a-z0-9_]*$/);
      }
      for (const [id, instance] of Object.entries<{ doc?: string }>((spec.instances as Record<string, { doc?: string }>) ?? {})) {
        expect({ id, doc: typeof instance.doc }).toEqual({ id, doc: 'string' });
      }
      for (const param of (spec.params as { id: string; doc?: string }[] | undefined) ?? []) {
        expect({ id: param.id, doc: typeof param.doc }).toEqual({ id: param.id, doc: 'string' });
      }
    }
    // no reach-across: every piece parses from its own window
    expect(text).not.toMatch(/_root|_parent/);
  });
});
