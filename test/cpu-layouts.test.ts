import { buildDump, CpuValues, defaultCpuValues } from '../src/builder';
import { CPU_LAYOUTS, describeCpu, openDump, ProblemCode } from '../src';
import { readBytes, scratchDirectory, virtualBoxRegisters } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

// Values near 2^53 and 2^64 so that any trip through a double shows.
function distinctValues(cpuIndex: number): CpuValues {
  const values = defaultCpuValues(cpuIndex);
  const tag = BigInt(cpuIndex);
  return {
    ...values,
    general: { ...values.general, rax: 0xffff_ffff_ffff_fff0n + tag, rbx: (1n << 53n) + 1n, rip: 0xffff_ffff_8100_0123n },
    control: { ...values.control, cr3: 0x000f_ffff_ffff_f000n - tag * 0x1000n },
    msrs: { ...values.msrs, tscAux: 0xdead_0000n + tag, kernelGsBase: 0xffff_8880_7fc0_0000n },
    xcr: [0xe7n, 0x1n],
    xsaveSize: 0xa88,
    fpu: { fcw: 0x27f, fsw: 0x3800, ftw: 0x81, fop: 0x5d9, mxcsr: 0x1fa0, mxcsrMask: 0x2ffff },
    xstateBv: 0xe7n,
    xmm: Array.from({ length: 16 }, (_, index) => (0xffff_ffff_ffff_ffffn << 64n) - BigInt(index) - tag * 16n),
  };
}

const LAYOUTS: { formatVersion: number; size: number; layout: string; hasTscAux: boolean; hasXcr: boolean; label?: string }[] = [
  { formatVersion: 0x1_0001, size: 0x2230, layout: 'dbgfcorecpu-0x2230', hasTscAux: false, hasXcr: false },
  { formatVersion: 0x1_0003, size: 0x2230, layout: 'dbgfcorecpu-0x2230', hasTscAux: false, hasXcr: false },
  { formatVersion: 0x1_0004, size: 0x2240, layout: 'dbgfcorecpu-0x2240', hasTscAux: false, hasXcr: true },
  { formatVersion: 0x1_0005, size: 0x2240, layout: 'dbgfcorecpu-0x2240', hasTscAux: false, hasXcr: true },
  { formatVersion: 0x1_0006, size: 0x2248, layout: 'dbgfcorecpu-0x2248', hasTscAux: true, hasXcr: true },
];

for (const layout of LAYOUTS) layout.label = `format 0x${layout.formatVersion.toString(16)}, 0x${layout.size.toString(16)}-byte VBCPU notes`;

describe.each(LAYOUTS)('$label', ({ formatVersion, size, layout, hasTscAux, hasXcr }) => {
  const cpus = [distinctValues(0), distinctValues(1)];
  const built = buildDump(scratch.path(`cpu-${formatVersion.toString(16)}.elf`), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion, cpuCount: 2, cpus, fill: 'none' });

  test('the builder writes the size VirtualBox writes for the version, and the table agrees', () => {
    expect(built.cpuDescriptorSize).toBe(size);
    expect(CPU_LAYOUTS[size].formatVersions).toContain(formatVersion);
  });

  test('every register round-trips exactly, and no layout problem is reported', () => {
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems.map((problem) => problem.code)).toEqual([]);
      dump.cpus.forEach((cpu, index) => {
        const values = cpus[index];
        const registers = virtualBoxRegisters(cpu);
        expect(registers.general).toEqual(values.general);
        expect(registers.control).toEqual(values.control);
        const { tscAux: _tscAux, ...prefixMsrs } = values.msrs;
        expect(registers.msrs).toEqual(prefixMsrs);
        expect(registers.segments.gs.base).toBe(values.segments.gs!.base);
        const extended = registers.extended!;
        expect(extended.layout).toBe(layout);
        expect(extended.xsaveOffset).toBe(size - 0x2000);
        expect(extended.tscAux).toBe(hasTscAux ? values.msrs.tscAux : null);
        expect([extended.xcr0, extended.xcr1]).toEqual(hasXcr ? values.xcr : [null, null]);
        expect(extended.xsaveSize).toBe(hasXcr ? values.xsaveSize : null);
        expect(extended.fpu).toEqual(values.fpu);
        expect(extended.xstateBv).toBe(values.xstateBv);
        expect(extended.xmm).toEqual(values.xmm);
      });
    } finally {
      dump.close();
    }
  });

  test('the FXSAVE header sits where the architecture puts it: MXCSR 24 bytes into the last 8 KiB', () => {
    const mxcsrOffset = built.cpuDescriptorOffsets[1] + size - 0x2000 + 24;
    expect(readBytes(built.path, mxcsrOffset, 4).readUInt32LE(0)).toBe(cpus[1].fpu.mxcsr);
    if (hasTscAux) expect(readBytes(built.path, built.cpuDescriptorOffsets[1] + 0x228, 8).readBigUInt64LE(0)).toBe(cpus[1].msrs.tscAux);
  });

  test('the cpus view decodes the bits debuggers show', () => {
    const dump = openDump(built.path);
    try {
      const view = describeCpu(dump.cpus[0]);
      expect(view.decoded!.cr0).toEqual(['PE', 'MP', 'ET', 'NE', 'WP', 'AM', 'PG']);
      expect(view.decoded!.efer).toEqual(['SCE', 'LME', 'LMA', 'NXE']);
      expect(view.decoded!.rflags).toEqual(['PF', 'ZF', 'IF']);
      expect(view.decoded!.pagingMode).toBe('4-level');
      expect(view.decoded!.segments.cs).toMatchObject({ type: 11, codeOrData: true, dpl: 0, present: true, long: true, granularity: true });
      expect(view.decoded!.segments.tr).toMatchObject({ type: 11, codeOrData: false, present: true });
    } finally {
      dump.close();
    }
  });
});

describe.each<{ name: string; formatVersion: number; size: number; code: ProblemCode; extended: boolean }>([
  { name: 'an unknown size decodes the prefix only', formatVersion: 0x1_0006, size: 0x2300, code: 'CPU_LAYOUT_UNKNOWN', extended: false },
  { name: 'a size of another version is decoded by its size', formatVersion: 0x1_0006, size: 0x2240, code: 'CPU_LAYOUT_VERSION_MISMATCH', extended: true },
])('$name', ({ formatVersion, size, code, extended }) => {
  test(`warns ${code} and still gives the common registers`, () => {
    const values = distinctValues(0);
    const built = buildDump(scratch.path(`cpu-odd-${size.toString(16)}.elf`), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion, cpuDescriptorSize: size, cpus: [values], fill: 'none' });
    const dump = openDump(built.path);
    try {
      const problem = dump.report.problems.find((item) => item.code === code)!;
      expect(problem.severity).toBe('warning');
      expect(problem.fileOffset).toBe(built.cpuNoteOffsets[0] + 4);
      expect(problem.message).toContain(`0x${size.toString(16)}`);
      const registers = virtualBoxRegisters(dump.cpus[0]);
      expect(registers.general.rax).toBe(values.general.rax);
      expect(registers.control.cr3).toBe(values.control.cr3);
      expect(registers.extended === null).toBe(!extended);
      if (extended) expect(registers.extended!.xcr0).toBe(values.xcr[0]);
    } finally {
      dump.close();
    }
  });
});
