/**
 * The structure tree (what each byte of the headers and notes is) against the library's own
 * reading of the same dumps: offsets, lengths and values agree, fields nest inside their parents,
 * every field carries its schema's doc, and only headers and notes are read.
 */
import * as fs from 'node:fs';
import { buildDump, layoutGuest24g } from '../src/builder';
import { openDump, VBoxCoreDump } from '../src/dump';
import { describeStructure } from '../src/structure/dump-structure';
import type { StructureNode } from '../src/structure/field-tree';
import { FieldDocs } from '../generated/FieldDocs';
import { qemuCore } from './qemu-cores';
import { scratchDirectory } from './helpers';

const sample = 'samples/small-guest.elf';
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

function* nodes(node: StructureNode): Generator<StructureNode> {
  yield node;
  for (const child of node.children) yield* nodes(child);
}

function find(tree: StructureNode, path: string): StructureNode {
  const found = [...nodes(tree)].find((node) => node.path === path);
  if (found === undefined) throw new Error(`no node ${path}; paths: ${[...nodes(tree)].map((node) => node.path).slice(0, 40).join(' ')}`);
  return found;
}

const hexOf = (value: number | bigint): string => `0x${value.toString(16)}`;

/** Children lie inside their parent, one after another; paths are unique. */
function expectWellFormed(tree: StructureNode): void {
  const paths = new Set<string>();
  for (const node of nodes(tree)) {
    expect(paths.has(node.path)).toBe(false);
    paths.add(node.path);
    let end = node.fileOffset;
    for (const child of node.children) {
      expect(child.fileOffset).toBeGreaterThanOrEqual(end);
      end = child.fileOffset + child.length;
      expect(end).toBeLessThanOrEqual(node.fileOffset + node.length);
    }
  }
}

describe('the sample (VirtualBox 7.0, two vCPUs)', () => {
  let dump: VBoxCoreDump;
  let tree: StructureNode;
  beforeAll(async () => {
    dump = openDump(sample);
    tree = await describeStructure(dump);
  });
  afterAll(() => dump.close());

  test('the VBCORE descriptor: 24 bytes where the library found it, its fields its values', () => {
    const descriptor = find(tree, 'notes[0].descriptor');
    expect([descriptor.fileOffset, descriptor.length, descriptor.typeName]).toEqual([dump.descriptor?.fileOffset, 24, 'VboxCoreDescriptor']);
    expect(find(tree, 'notes[0].descriptor.magic')).toMatchObject({ fileOffset: dump.descriptor!.fileOffset, length: 4, value: '0xc01ac0de', origId: 'u32Magic' });
    expect(find(tree, 'notes[0].descriptor.cpu_count').value).toBe(hexOf(dump.descriptor!.cpuCount));
    expect(find(tree, 'notes[0].descriptor.format_version').value).toBe(hexOf(dump.descriptor!.formatVersion));
    expect(find(tree, 'notes[0].descriptor.magic').doc).toBe(FieldDocs.VboxCoreDescriptor.fields.magic.doc);
  });

  test('the ELF header and program headers: the library\'s values at the library\'s offsets', () => {
    expect(find(tree, 'elf_header.e_phnum')).toMatchObject({ fileOffset: 0x38, length: 2, value: hexOf(dump.programHeaders.length) });
    expect(find(tree, 'elf_header.e_machine').value).toBe('0x3e (x86_64)');
    for (const entry of dump.programHeaders) {
      const node = find(tree, `program_headers[${entry.index}]`);
      expect([node.fileOffset, node.length]).toEqual([entry.entryOffset, 56]);
      expect(find(tree, `program_headers[${entry.index}].p_paddr`).value).toBe(hexOf(entry.physicalAddress!));
      expect(find(tree, `program_headers[${entry.index}].p_offset`).value).toBe(hexOf(entry.fileOffset!));
    }
  });

  test('each vCPU\'s registers: rip and cr3 as the library decoded them, at their bytes', () => {
    for (const cpu of dump.cpus) {
      const state = find(tree, `notes[${cpu.index + 1}].descriptor`);
      expect([state.fileOffset, state.length]).toEqual([cpu.descriptorOffset, cpu.descriptorSize]);
      const rip = find(tree, `notes[${cpu.index + 1}].descriptor.body.rip`);
      expect(rip.value).toBe(hexOf(cpu.registers!.general.rip));
      expect(rip.length).toBe(8);
      expect(fs.readFileSync(sample).readBigUInt64LE(rip.fileOffset)).toBe(cpu.registers!.general.rip);
      expect(find(tree, `notes[${cpu.index + 1}].descriptor.body.cr3`).value).toBe(hexOf(cpu.registers!.control.cr3));
    }
  });

  test('well formed, and every field of a schema type has its doc', () => {
    expectWellFormed(tree);
    const fields = [...nodes(tree)].filter((node) => node.path.split('.').length > 1 && !/\[\d+\]$|\[more\]$/.test(node.path));
    expect(fields.length).toBeGreaterThan(200);
    expect(fields.filter((node) => node.doc === null).map((node) => node.path)).toEqual([]);
  });
});

test('a QEMU core: NT_PRSTATUS and QEMUCPUState notes through their schemas', async () => {
  const file = scratch.path('qemu.elf');
  fs.writeFileSync(file, qemuCore({ cpuCount: 2 }).bytes);
  const dump = openDump(file);
  const tree = await describeStructure(dump);
  expectWellFormed(tree);
  const states = [...nodes(tree)].filter((node) => node.typeName === 'QemuCpuState');
  expect(states.map((node) => [node.fileOffset, node.length])).toEqual(dump.cpus.map((cpu) => [cpu.descriptorOffset, cpu.descriptorSize]));
  states.forEach((state, index) => expect(find(tree, `${state.path}.rip`).value).toBe(hexOf(dump.cpus[index].registers!.general.rip)));
  expect([...nodes(tree)].filter((node) => node.typeName === 'ElfPrstatusX86')).toHaveLength(2);
  dump.close();
});

test('64-bit values are exact near 2^64, where the runtime\'s numbers are not', async () => {
  const file = scratch.path('high.elf');
  const bytes = fs.readFileSync(sample);
  // p_vaddr of the PT_NOTE entry: ignored by readers, so the dump still opens
  bytes.writeBigUInt64LE(0xffff_ffff_ffff_f123n, 0x40 + 16);
  fs.writeFileSync(file, bytes);
  const dump = openDump(file);
  expect(find(await describeStructure(dump), 'program_headers[0].p_vaddr').value).toBe('0xfffffffffffff123');
  dump.close();
});

test('the 24 GB layout: only the headers and notes are read', async () => {
  const built = buildDump(scratch.path('guest-24g.elf'), { ...layoutGuest24g(2), fill: 'none' });
  const dump = openDump(built.path);
  const reads: [number, number][] = [];
  const tree = await describeStructure({ ...dump, readFileBytes: (fileOffset, length) => (reads.push([fileOffset, length]), dump.readFileBytes(fileOffset, length)) });
  const firstData = Math.min(...dump.ranges.filter((range) => range.declaredFileBytes > 0).map((range) => range.fileOffset));
  expect(reads.every(([offset, length]) => offset + length <= firstData)).toBe(true);
  expect(reads).toHaveLength(3);
  expect(find(tree, 'program_headers').value).toBe(`${dump.programHeaders.length} entries`);
  expectWellFormed(tree);
  dump.close();
});
