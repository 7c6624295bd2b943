import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, defaultCpuValues, DumpLayout, layoutGuest24g, layoutVbox5016 } from '../src/builder';
import { openDump, VirtualBoxCpuRegisters } from '../src';
import { CpuRegisters, QemuCpuRegisters } from '../src/model/types';
import { scratchDirectory } from './helpers';
import { qemuCore, QemuCoreOptions } from './qemu-cores';

// Debian's interpreter: the first python3 on PATH may be another one that cannot see Debian's
// python3-kaitaistruct (make test installs it with apt).
const SYSTEM_PYTHON = '/usr/bin/python3';
const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const hexOf = (value: number | bigint): string => `0x${value.toString(16)}`;

function distinctCpu(index: number): ReturnType<typeof defaultCpuValues> {
  const values = defaultCpuValues(index);
  return { ...values, general: { ...values.general, rax: 0xffff_ffff_ffff_fff0n + BigInt(index), rbx: (1n << 53n) + 1n }, xcr: [0xe7n, 0n], xmm: values.xmm.map((value) => value | (0xffn << 120n)) };
}

const oneRange = [{ physicalAddress: 0, size: 0x1_0000 }];
/** One dump per VBCPU layout and host compiler the format notes list, two vCPUs each. */
const layoutDumps: DumpLayout[] = ([
  { formatVersion: 0x1_0000, vboxVersion: { major: 4, minor: 1, build: 26 } },
  { formatVersion: 0x1_0000, vboxVersion: { major: 4, minor: 2, build: 36 } },
  { formatVersion: 0x1_0000, vboxVersion: { major: 4, minor: 3, build: 40 } },
  { formatVersion: 0x1_0000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta1' },
  { formatVersion: 0x1_0000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta2' },
  { formatVersion: 0x1_0002 },
  { formatVersion: 0x1_0003 },
  { formatVersion: 0x1_0003, host: 'msvc' },
  { formatVersion: 0x1_0005 },
  { formatVersion: 0x1_0006 },
  { formatVersion: 0x1_0006, host: 'msvc' },
  { formatVersion: 0x1_0006, cpuDescriptorSize: 0x2300 },
] satisfies Partial<DumpLayout>[]).map((layout) => ({ ...layout, ranges: oneRange, cpuCount: 2, cpus: [distinctCpu(0), distinctCpu(1)], fill: 'none' as const }));

const dumps = [
  path.join(projectRoot, 'samples', 'small-guest.elf'),
  buildDump(scratch.path('vbox-5.0.16.elf'), { ...layoutVbox5016(), fill: 'none' }).path,
  ...layoutDumps.map((layout, index) => buildDump(scratch.path(`layout-${index}.elf`), layout).path),
  buildDump(scratch.path('guest-24g.elf'), { ...layoutGuest24g(), cpuCount: 3, cpus: [distinctCpu(0), distinctCpu(1), distinctCpu(2)], fill: 'none' }).path,
  qemuCoreFile('qemu-2cpu.elf', { cpuCount: 2 }),
  qemuCoreFile('qemu-before-4.2.elf', { stateNoteSize: 0x1b0, stateSizeField: 0x1b0, machine: 3 }),
  truncatedSample(),
];

/** The sample cut short: memory totals must agree on what is missing. */
function truncatedSample(): string {
  fs.copyFileSync(path.join(projectRoot, 'samples', 'small-guest.elf'), scratch.path('cut.elf'));
  fs.truncateSync(scratch.path('cut.elf'), 700_000);
  return scratch.path('cut.elf');
}

function qemuCoreFile(name: string, options: QemuCoreOptions): string {
  fs.writeFileSync(scratch.path(name), qemuCore(options).bytes);
  return scratch.path(name);
}

const hexOrNull = (value: bigint | null): string | null => (value === null ? null : hexOf(value));

function segmentsView(registers: CpuRegisters): Record<string, unknown> {
  return Object.fromEntries(Object.entries(registers.segments).map(([name, segment]) => [name, { selector: segment.selector, base: hexOf(segment.base), limit: segment.limit, attributes: segment.attributes }]));
}

function qemuView(registers: QemuCpuRegisters): unknown {
  return {
    general: Object.fromEntries(Object.entries(registers.general).map(([name, value]) => [name, hexOf(value)])),
    control: Object.fromEntries(Object.entries(registers.control).map(([name, value]) => [name, hexOf(value)])),
    segments: segmentsView(registers),
    kernelGsBase: hexOrNull(registers.kernelGsBase),
  };
}

/** Every register of the VirtualBox model, in the shape the Python script prints (absent ones null). */
function virtualBoxView(registers: VirtualBoxCpuRegisters): unknown {
  const { fpu, xsave, xcr } = registers;
  return {
    layout: registers.layout.name,
    general: Object.fromEntries(Object.entries(registers.general).map(([name, value]) => [name, hexOrNull(value)])),
    segments: segmentsView(registers),
    control: Object.fromEntries(Object.entries(registers.control).map(([name, value]) => [name, hexOf(value)])),
    debug: registers.debug.map(hexOf),
    gdtr: { base: hexOf(registers.gdtr.base), limit: registers.gdtr.limit },
    idtr: { base: hexOf(registers.idtr.base), limit: registers.idtr.limit },
    sysenter: Object.fromEntries(Object.entries(registers.sysenter).map(([name, value]) => [name, hexOrNull(value)])),
    msrs: Object.fromEntries(Object.entries(registers.msrs).map(([name, value]) => [name, hexOrNull(value)])),
    xcr: xcr === null ? null : { xcr0: hexOf(xcr.xcr0), xcr1: hexOf(xcr.xcr1) },
    fpu: fpu === null ? null : { fcw: fpu.fcw, fsw: fpu.fsw, ftw: fpu.ftw, fop: fpu.fop, mxcsr: fpu.mxcsr, mxcsrMask: fpu.mxcsrMask, st: fpu.st.map(hexOf), xmm: fpu.xmm.map(hexOf) },
    xsave: xsave === null ? null : { offset: xsave.offset, stateSize: xsave.stateSize, xstateBv: hexOf(xsave.xstateBv), xcompBv: hexOf(xsave.xcompBv) },
  };
}

/** The library's view of a dump in the shape the Python script prints. */
function libraryView(dumpPath: string): unknown {
  const dump = openDump(dumpPath);
  try {
    return {
      path: dumpPath,
      producer: dump.producer,
      header: { type: dump.header.type, machine: dump.header.machine, identVersion: dump.header.identVersion, programHeaderCount: dump.header.programHeaderCount, programHeaderOffset: dump.header.programHeaderOffset },
      ranges: dump.ranges.map((range) => ({ physicalStart: hexOf(range.physicalStart), fileOffset: hexOf(range.fileOffset), fileSize: hexOf(range.declaredFileBytes), size: hexOf(range.size) })),
      descriptor: dump.descriptor === null ? null : { magic: dump.descriptor.magic, formatVersion: dump.descriptor.formatVersion, descriptorSize: dump.descriptor.descriptorSize, vboxRevision: dump.descriptor.vboxRevision, cpuCount: dump.descriptor.cpuCount, vboxVersion: dump.descriptor.vboxVersion.text },
      cpus: dump.cpus.map((cpu) => ({ descriptorSize: cpu.descriptorSize, registers: cpu.registers === null ? null : cpu.registers.producer === 'qemu' ? qemuView(cpu.registers) : virtualBoxView(cpu.registers) })),
      memory: {
        ramBytes: hexOf(dump.memory.ramBytes), ramPresentBytes: hexOf(dump.memory.ramPresentBytes), fileDataBytes: hexOf(dump.memory.fileDataBytes), missingBytes: hexOf(dump.memory.missingBytes),
        byKind: Object.fromEntries(Object.entries(dump.memory.byKind).map(([kind, bytes]) => [kind, hexOf(bytes)])),
      },
    };
  } finally {
    dump.close();
  }
}

test('the Python parsers generated from the same schemas read the same values as the TypeScript library, field by field', () => {
  const result = spawnSync(SYSTEM_PYTHON, [path.join(projectRoot, 'examples', 'parse_dump.py'), ...dumps], { encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${SYSTEM_PYTHON} examples/parse_dump.py failed (is python3-kaitaistruct installed? \`make test\` installs it with apt): ${result.error?.message ?? result.stderr}`);
  }
  const fromPython = JSON.parse(result.stdout) as unknown[];
  expect(fromPython).toHaveLength(dumps.length);
  dumps.forEach((dumpPath, index) => expect(fromPython[index]).toEqual(libraryView(dumpPath)));
});
