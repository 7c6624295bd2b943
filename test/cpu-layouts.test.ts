import * as fs from 'node:fs';
import { buildDump, buildPageTables, BuilderCpuLayout, BuiltDump, CpuValues, defaultCpuValues, DumpLayout, HostCompiler } from '../src/builder';
import { cpuAddressSpace, describeCpu, openDump, VirtualBoxCpuRegisters } from '../src';
import { cli, readBytes, scratchDirectory, virtualBoxRegisters, writeBytes } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const hex = (value: number | bigint): string => `0x${value.toString(16)}`;

/**
 * A distinct value in every register of vCPU `cpuIndex` (no two registers alike, so a field read
 * from its neighbour's place shows), with values near 2^53 and 2^64 so that any trip through a
 * double shows too.
 */
function distinctValues(cpuIndex: number): CpuValues {
  const base = defaultCpuValues(cpuIndex);
  const tag = BigInt(cpuIndex) << 8n;
  let counter = 0n;
  const next = (): bigint => {
    counter += 1n;
    return 0xfedc_0000_0000_0000n + (counter << 20n) + tag + counter;
  };
  const general = Object.fromEntries(Object.keys(base.general).map((name) => [name, next()])) as CpuValues['general'];
  general.rax = 0xffff_ffff_ffff_fff0n + BigInt(cpuIndex);
  general.rbx = (1n << 53n) + 1n + tag;
  general.rflags = 0x0024_0ad7n + tag; // CF PF ZF SF TF IF OF with IOPL 2, AC, ID
  const segment = (index: number) => ({ base: 0xffff_8000_0000_0000n + BigInt(index) * 0x1000_0010n + tag, limit: 0x000f_0000 + index * 0x111 + cpuIndex, attributes: 0x0c093 + index + (index % 2) * 0x2000 + (index % 3 === 0 ? 0x1000 : 0), selector: 0x08 * (index + 1) + 3 });
  return {
    general,
    segments: { cs: segment(0), ds: segment(1), es: segment(2), fs: segment(3), gs: segment(4), ss: segment(5), ldtr: segment(6), tr: segment(7) },
    control: { cr0: 0x8005_0033n + tag, cr2: 0xffff_ffff_ffff_f123n - tag, cr3: 0x000f_ffff_ffff_f000n - tag * 0x10n, cr4: 0x0036_06e0n + tag },
    debug: Array.from({ length: 8 }, () => next()),
    gdtr: { base: 0xffff_fe00_0000_1000n + tag, limit: 0xfff7 - cpuIndex },
    idtr: { base: 0xffff_fe00_0000_2000n + tag, limit: 0x0ff7 - cpuIndex },
    sysenter: { cs: next(), eip: next(), esp: next() },
    msrs: { efer: 0xd01n, star: next(), pat: next(), lstar: next(), cstar: next(), sfmask: next(), kernelGsBase: next(), apicBase: next(), tscAux: next() },
    xcr: [next(), next()],
    xsaveSize: 0xa88 + cpuIndex,
    fpu: { fcw: 0x27f + cpuIndex, fsw: 0x3800, ftw: 0x81, fop: 0x5d9, fpuIp: 0x8100_2340 + cpuIndex, fpuCs: 0x10 + cpuIndex, fpuDp: 0x0060_1008 + cpuIndex, fpuDs: 0x2b - cpuIndex, mxcsr: 0x1fa0, mxcsrMask: 0x2ffff },
    st: Array.from({ length: 8 }, (_, index) => (BigInt(0xc000 + index) << 64n) | (0xffff_ffff_ffff_ff00n + BigInt(index) + tag)),
    xstateBv: 0xe7n + tag,
    // vCPU 0 in the standard format (its AVX and AVX-512 state decoded), vCPU 1 compacted (not)
    xcompBv: cpuIndex === 0 ? 0n : (1n << 63n) | tag,
    xmm: Array.from({ length: 16 }, (_, index) => (0xffff_ffff_ffff_ffffn << 64n) - BigInt(index) - tag * 16n),
    ymmHigh: Array.from({ length: 16 }, (_, index) => (0xa000_0000_0000_0000n + BigInt(index)) << 64n | (0x5a5a_0000_0000_0000n + tag)),
    opmask: Array.from({ length: 8 }, (_, index) => 0xffff_0000_0000_0000n + BigInt(index * 0x101) + tag),
    zmmHigh256: Array.from({ length: 16 }, (_, index) => (0xb000n + BigInt(index)) << 240n | (0x1234n + tag)),
    zmm16: Array.from({ length: 16 }, (_, index) => (0xc000n + BigInt(index)) << 496n | (0x9876n + tag)),
  };
}

/** What each layout leaves out: the registers the model must report as null. */
interface Absent {
  rflags?: true;
  sysenterCsEip?: true;
  apicBase?: true;
  tscAux?: true;
  xcr?: true;
  fpu?: true;
  xsave?: true;
  stateSize?: true;
}

interface Family {
  label: string;
  layout: Pick<DumpLayout, 'formatVersion' | 'vboxVersion' | 'cpuLayout'> & { host?: HostCompiler };
  size: number;
  name: string;
  builderLayout: BuilderCpuLayout;
  host: RegExp;
  absent: Absent;
}

const CPUMCTX_ABSENT: Absent = { tscAux: true, xcr: true, xsave: true };

const FAMILIES: Family[] = [
  { label: 'VirtualBox 4.1 (format 0x10000, CPUMCTX of 4.0/4.1)', layout: { formatVersion: 0x10000, vboxVersion: { major: 4, minor: 1, build: 26 } }, size: 0x400, name: 'cpumctx-4.0', builderLayout: 'cpumctx-4.0', host: /any host/, absent: { ...CPUMCTX_ABSENT, apicBase: true } },
  { label: 'VirtualBox 4.2 (format 0x10000, CPUMCTX of 4.2/4.3, no APIC base)', layout: { formatVersion: 0x10000, vboxVersion: { major: 4, minor: 2, build: 36 } }, size: 0x440, name: 'cpumctx-4.2', builderLayout: 'cpumctx-4.2', host: /any host/, absent: { ...CPUMCTX_ABSENT, apicBase: true } },
  { label: 'VirtualBox 4.3 (format 0x10000, CPUMCTX of 4.2/4.3)', layout: { formatVersion: 0x10000, vboxVersion: { major: 4, minor: 3, build: 40 } }, size: 0x440, name: 'cpumctx-4.2', builderLayout: 'cpumctx-4.2', host: /any host/, absent: CPUMCTX_ABSENT },
  { label: 'VirtualBox 5.0.0 beta 1 (CPUMCTX without FPU state)', layout: { formatVersion: 0x10000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta1' }, size: 0x240, name: 'cpumctx-5.0-beta1', builderLayout: 'cpumctx-5.0-beta1', host: /any host/, absent: { ...CPUMCTX_ABSENT, fpu: true } },
  { label: 'VirtualBox 5.0.0 beta 2 (CPUMCTX with XCR0/XCR1)', layout: { formatVersion: 0x10000, vboxVersion: { major: 5, minor: 0, build: 0 }, cpuLayout: 'cpumctx-5.0-beta2' }, size: 0x300, name: 'cpumctx-5.0-beta2', builderLayout: 'cpumctx-5.0-beta2', host: /any host/, absent: { tscAux: true, xsave: true, fpu: true } },
  { label: 'VirtualBox 5.0.0 (format 0x10002)', layout: { formatVersion: 0x10002, vboxVersion: { major: 5, minor: 0, build: 0 } }, size: 0x2220, name: 'dbgfcorecpu-0x10002', builderLayout: 'dbgfcorecpu-0x10002', host: /any host/, absent: { rflags: true, sysenterCsEip: true, tscAux: true, stateSize: true } },
  { label: 'VirtualBox 5.0.16 on Linux (format 0x10003, gcc)', layout: { formatVersion: 0x10003, vboxVersion: { major: 5, minor: 0, build: 16 } }, size: 0x2230, name: 'dbgfcorecpu-0x10003', builderLayout: 'dbgfcorecpu-0x10003', host: /gcc or clang/, absent: { rflags: true, sysenterCsEip: true, tscAux: true } },
  { label: 'VirtualBox 5.0.16 on Windows (format 0x10003, MSVC)', layout: { formatVersion: 0x10003, vboxVersion: { major: 5, minor: 0, build: 16 }, host: 'msvc' }, size: 0x2228, name: 'dbgfcorecpu-0x10003', builderLayout: 'dbgfcorecpu-0x10003', host: /a Windows host \(MSVC\): the XSAVE area is 8-byte aligned/, absent: { rflags: true, sysenterCsEip: true, tscAux: true } },
  { label: 'VirtualBox 5.1 (format 0x10005)', layout: { formatVersion: 0x10005, vboxVersion: { major: 5, minor: 1, build: 38 } }, size: 0x2240, name: 'dbgfcorecpu-0x10005', builderLayout: 'dbgfcorecpu-0x10005', host: /any host/, absent: { tscAux: true } },
  { label: 'VirtualBox 6.1 (format 0x10005)', layout: { formatVersion: 0x10005, vboxVersion: { major: 6, minor: 1, build: 50 } }, size: 0x2240, name: 'dbgfcorecpu-0x10005', builderLayout: 'dbgfcorecpu-0x10005', host: /any host/, absent: { tscAux: true } },
  { label: 'VirtualBox 7.0 on Linux or macOS (format 0x10006, gcc/clang)', layout: { formatVersion: 0x10006, vboxVersion: { major: 7, minor: 0, build: 14 } }, size: 0x2250, name: 'dbgfcorecpu-0x10006', builderLayout: 'dbgfcorecpu-0x10006', host: /gcc or clang/, absent: {} },
  { label: 'VirtualBox 7.0 on Windows (format 0x10006, MSVC)', layout: { formatVersion: 0x10006, vboxVersion: { major: 7, minor: 0, build: 14 }, host: 'msvc' }, size: 0x2248, name: 'dbgfcorecpu-0x10006', builderLayout: 'dbgfcorecpu-0x10006', host: /Windows host/, absent: {} },
];

/** YMM, opmask and ZMM as the library must join them: present in the standard format, within the state copied. */
function extendedState(values: CpuValues, stateSize: number): { ymm: bigint[] | null; opmask: bigint[] | null; zmm: bigint[] | null } {
  const standard = (values.xcompBv >> 63n) === 0n;
  const present = (bit: number, end: number): boolean => standard && ((values.xstateBv >> BigInt(bit)) & 1n) === 1n && stateSize >= end;
  const ymm = present(2, 0x340) ? values.xmm.map((low, index) => low | (values.ymmHigh![index] << 128n)) : null;
  const zmm = ymm !== null && present(6, 0x680) && present(7, 0xa80) ? [...ymm.map((low, index) => low | (values.zmmHigh256![index] << 256n)), ...values.zmm16!] : null;
  return { ymm, opmask: present(5, 0x480) ? values.opmask! : null, zmm };
}

/** The model the library must report for `values` in a layout that lacks `absent` (layout aside). */
function expectedRegisters(values: CpuValues, family: Family): Omit<VirtualBoxCpuRegisters, 'layout'> {
  const { absent } = family;
  const orNull = <T>(missing: true | undefined, value: T): T | null => (missing ? null : value);
  const { rflags, ...general } = values.general;
  const { tscAux, apicBase, ...msrs } = values.msrs;
  return {
    producer: 'virtualbox',
    general: { ...(general as Record<string, bigint>), rflags: orNull(absent.rflags, rflags!) } as VirtualBoxCpuRegisters['general'],
    segments: values.segments as VirtualBoxCpuRegisters['segments'],
    control: values.control as VirtualBoxCpuRegisters['control'],
    debug: values.debug,
    gdtr: values.gdtr,
    idtr: values.idtr,
    sysenter: { cs: orNull(absent.sysenterCsEip, values.sysenter.cs!), eip: orNull(absent.sysenterCsEip, values.sysenter.eip!), esp: values.sysenter.esp! },
    msrs: { ...(msrs as Record<string, bigint>), apicBase: orNull(absent.apicBase, apicBase!), tscAux: orNull(absent.tscAux, tscAux!) } as VirtualBoxCpuRegisters['msrs'],
    xcr: orNull(absent.xcr, { xcr0: values.xcr[0], xcr1: values.xcr[1] }),
    fpu: orNull(absent.fpu, { ...values.fpu, st: values.st, xmm: values.xmm }),
    xsave: orNull(absent.xsave, { offset: family.size - 0x2000, stateSize: orNull(absent.stateSize, values.xsaveSize), xstateBv: values.xstateBv, xcompBv: values.xcompBv, ...extendedState(values, absent.stateSize ? 0x2000 : values.xsaveSize) }),
  };
}

/**
 * A few registers per layout at the offsets the format notes' table gives, read from the raw
 * note bytes: a check of the builder's own tables, so that decoder and builder cannot agree on
 * a wrong offset.
 */
const DOC_OFFSETS: Readonly<Record<BuilderCpuLayout, { cr3: number; rip: number; rsp: number; efer: number; kernelGsBase: number }>> = {
  'cpumctx-4.0': { cr3: 0x320, rip: 0x268, rsp: 0x238, efer: 0x3a8, kernelGsBase: 0x3d8 },
  'cpumctx-4.2': { cr3: 0x330, rip: 0x310, rsp: 0x220, efer: 0x3e8, kernelGsBase: 0x418 },
  'cpumctx-5.0-beta1': { cr3: 0x130, rip: 0x110, rsp: 0x20, efer: 0x1e8, kernelGsBase: 0x218 },
  'cpumctx-5.0-beta2': { cr3: 0x130, rip: 0x110, rsp: 0x20, efer: 0x1e8, kernelGsBase: 0x218 },
  'dbgfcorecpu-0x10002': { cr3: 0x128, rip: 0x70, rsp: 0x78, efer: 0x1d0, kernelGsBase: 0x200 },
  'dbgfcorecpu-0x10003': { cr3: 0x128, rip: 0x70, rsp: 0x78, efer: 0x1d0, kernelGsBase: 0x200 },
  'dbgfcorecpu-0x10005': { cr3: 0x130, rip: 0x70, rsp: 0x78, efer: 0x1e8, kernelGsBase: 0x218 },
  'dbgfcorecpu-0x10006': { cr3: 0x130, rip: 0x70, rsp: 0x78, efer: 0x1e8, kernelGsBase: 0x218 },
};

describe.each(FAMILIES.map((family) => [family.label, family] as const))('%s', (_label, family) => {
  const cpus = [distinctValues(0), distinctValues(1)];
  const built: BuiltDump = buildDump(scratch.path(`${family.name}-${family.size.toString(16)}-${family.layout.vboxVersion?.minor}.elf`), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], ...family.layout, cpuCount: 2, cpus, fill: 'none' });

  test(`the builder writes ${hex(family.size)}-byte VBCPU notes in ${family.builderLayout}`, () => {
    expect(built.cpuDescriptorSize).toBe(family.size);
    expect(built.cpuLayout).toBe(family.builderLayout);
  });

  test('every register decodes exactly, absent ones as null, and nothing is reported', () => {
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems).toEqual([]);
      dump.cpus.forEach((cpu, index) => {
        const { layout, ...registers } = virtualBoxRegisters(cpu);
        expect(registers).toEqual(expectedRegisters(cpus[index], family));
        expect(layout).toMatchObject({ name: family.name, size: family.size, chosenBy: 'release', structure: family.name.startsWith('cpumctx') ? 'CPUMCTX' : 'DBGFCORECPU' });
        expect(layout.host).toMatch(family.host);
      });
    } finally {
      dump.close();
    }
  });

  test('every number cpus --json gives has its place in the text, or a stated reason', async () => {
    const json = JSON.parse((await cli('cpus', built.path, '--json')).stdout).cpus;
    const text = (await cli('cpus', built.path)).stdout;
    // Fields text gives in another form (reasons): the XSAVE area's offset is given as the
    // note's, FXSAVE's 80-bit ST registers and the wide YMM/ZMM as whole hex (their parts are
    // checked through them), decoded bits as names.
    const inOtherForm = /^(cpus\[\d\]\.registers\.(layout\.|xsave\.(ymm|zmm))|cpus\[\d\]\.decoded\.)/;
    const missing: string[] = [];
    const visit = (value: unknown, where: string): void => {
      if (Array.isArray(value)) value.forEach((element, index) => visit(element, `${where}[${index}]`));
      else if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) visit(inner, `${where}.${key}`);
      else if ((typeof value === 'number' || (typeof value === 'string' && /^0x[0-9a-f]+$/.test(value))) && !inOtherForm.test(where)) {
        const number = BigInt(value);
        if (!new RegExp(`0x0*${number.toString(16)}\\b|\\b${number.toString(10)}\\b`).test(text)) missing.push(`${where} = ${String(value)}`);
      }
    };
    visit(json, 'cpus');
    expect(missing).toEqual([]);
  });

  test('the registers sit at the offsets of the format notes\' table', () => {
    const offsets = DOC_OFFSETS[family.builderLayout];
    const note = readBytes(built.path, built.cpuDescriptorOffsets[1], family.size);
    const values = cpus[1];
    expect(note.readBigUInt64LE(offsets.cr3)).toBe(values.control.cr3);
    expect(note.readBigUInt64LE(offsets.rip)).toBe(values.general.rip);
    expect(note.readBigUInt64LE(offsets.rsp)).toBe(values.general.rsp);
    expect(note.readBigUInt64LE(offsets.efer)).toBe(values.msrs.efer);
    expect(note.readBigUInt64LE(offsets.kernelGsBase)).toBe(values.msrs.kernelGsBase);
    if (!family.absent.xsave) expect(note.readUInt32LE(family.size - 0x2000 + 0x18)).toBe(values.fpu.mxcsr); // MXCSR in the last 8 KiB
  });

  test('cpus --json reports the same registers, nulls included, and the text names the layout and the host', async () => {
    const json = await cli('cpus', built.path, '--json');
    expect(json.status).toBe(0);
    const views = JSON.parse(json.stdout).cpus;
    const expected = expectedRegisters(cpus[1], family);
    const registers = views[1].registers;
    expect(registers.general.rflags).toBe(expected.general.rflags === null ? null : hex(expected.general.rflags));
    expect(registers.control.cr3).toBe(hex(expected.control.cr3));
    expect(registers.msrs.apicBase).toBe(expected.msrs.apicBase === null ? null : hex(expected.msrs.apicBase));
    expect(registers.msrs.tscAux).toBe(expected.msrs.tscAux === null ? null : hex(expected.msrs.tscAux));
    expect(registers.sysenter.cs).toBe(expected.sysenter.cs === null ? null : hex(expected.sysenter.cs));
    expect(registers.fpu === null).toBe(expected.fpu === null);
    expect(registers.layout.name).toBe(family.name);
    expect(views[1].decoded.rflags === null).toBe(family.absent.rflags === true);
    const text = await cli('cpus', built.path, '--cpu', '1');
    expect(text.stdout).toContain(`layout ${family.name}:`);
    expect(text.stdout).toMatch(family.host);
    if (family.absent.rflags) expect(text.stdout).toContain('rflags not stored in this layout');
    if (family.absent.sysenterCsEip) expect(text.stdout).toContain('cs and eip not stored');
    // the x87 environment, whole, where the layout stores the FPU state
    if (!family.absent.fpu) {
      expect(registers.fpu).toMatchObject({ fpuIp: 0x8100_2341, fpuCs: 0x11, fpuDp: 0x0060_1009, fpuDs: 0x2a });
      expect(text.stdout).toContain('fpuip 0x81002341 cs 0x11  fpudp 0x601009 ds 0x2a');
    }
    expect(text.stdout).toMatch(/ dr4 0x[0-9a-f]{16} {2}dr5 0x[0-9a-f]{16} {2}dr6 /);
    // AVL (attribute bit 12) is named where it is set: cs, fs and ldtr here
    expect(text.stdout.split('\n').filter((line) => / AVL( |$)/.test(line)).map((line) => line.trim().split(' ')[0])).toEqual(['cs', 'fs', 'ldtr']);
  });
});

describe('a page walk from the CR3 the older layouts really hold', () => {
  const pageTables = buildPageTables({
    mode: '4-level',
    tableArea: { physicalAddress: 0x1_0000, size: 0x1_0000 },
    mappings: [{ virtualAddress: 0xffff_ffff_8100_0000n, physicalAddress: 0x4_0000n, size: 0x2000, pageSize: 0x1000 }],
  });
  // rflags is absent from 5.0.x, so an 8-byte slip in the decoder would read CR2 as CR3: make CR2 a trap.
  const trap = { control: { ...pageTables.cpu.control, cr2: 0x7_0000n } };

  test.each<{ label: string; layout: Pick<DumpLayout, 'formatVersion' | 'vboxVersion'> }>([
    { label: 'VirtualBox 4.1 (CPUMCTX 0x400)', layout: { formatVersion: 0x10000, vboxVersion: { major: 4, minor: 1, build: 26 } } },
    { label: 'VirtualBox 4.3 (CPUMCTX 0x440)', layout: { formatVersion: 0x10000, vboxVersion: { major: 4, minor: 3, build: 40 } } },
    { label: 'VirtualBox 5.0.16 (DBGFCORECPU 0x10003)', layout: { formatVersion: 0x10003, vboxVersion: { major: 5, minor: 0, build: 16 } } },
    { label: 'VirtualBox 5.0.0 (DBGFCORECPU 0x10002)', layout: { formatVersion: 0x10002, vboxVersion: { major: 5, minor: 0, build: 0 } } },
  ])('$label: vtop, maps and read --vaddr follow its CR3', async ({ label, layout }) => {
    const file = scratch.path(`walk-${label.replace(/\W+/g, '-')}.elf`);
    buildDump(file, { ranges: [{ physicalAddress: 0, size: 0x10_0000 }], ...layout, cpus: [{ ...pageTables.cpu, ...trap }], physicalWrites: pageTables.writes, fill: 'full' });
    const dump = openDump(file);
    try {
      const space = cpuAddressSpace(dump);
      expect(space.context.cr3).toBe(pageTables.cr3);
      expect(space.context.mode).toBe('4-level');
      expect(space.translate(0xffff_ffff_8100_1234n).physicalAddress).toBe(0x4_1234n);
      expect(space.maps().mappings.map((mapping) => [mapping.virtualStart, mapping.physicalStart, mapping.size])).toEqual([[0xffff_ffff_8100_0000n, 0x4_0000n, 0x2000n]]);
    } finally {
      dump.close();
    }
    const vtop = await cli('vtop', file, '0xffffffff81001234');
    expect(vtop.status).toBe(0);
    expect(vtop.stdout).toContain('-> physical 0x41234');
    const read = await cli('read', file, '--vaddr', '0xffffffff81001230', '--length', '16', '--json');
    const physical = await cli('read', file, '--paddr', '0x41230', '--length', '16', '--json');
    expect(JSON.parse(read.stdout).hex).toBe(JSON.parse(physical.stdout).hex);
  });
});

test('XSAVE components whose place the sources disagree on (MPX) or never give (PKRU) are named in cpus, never decoded', async () => {
  const values = { ...distinctValues(0), xstateBv: 0x21fn, xcompBv: 0n };
  const built = buildDump(scratch.path('mpx-pkru.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion: 0x10006, cpus: [values], fill: 'none' });
  const text = (await cli('cpus', built.path)).stdout;
  expect(text).toContain("  MPX bound registers (BNDREGS), MPX bound configuration (BNDCSR), PKRU marked in xstate_bv, not decoded: VirtualBox's X86XSAVEAREA declares MPX at other offsets than Intel documents (0x340 and 0x380, not 0x3c0 and 0x400) and no PKRU, and the dump holds no CPUID to say where this CPU put them\n");
  // AVX (bit 2) is marked and inside the copied state, so YMM is still shown whole.
  expect(text).toContain('  ymm0  0x');
});

describe('layouts no release wrote, and contradictions', () => {
  test('a size of another format version is decoded by its size, with a warning naming both', () => {
    const values = distinctValues(0);
    const built = buildDump(scratch.path('mismatch.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion: 0x10003, cpuLayout: 'dbgfcorecpu-0x10005', cpus: [values], fill: 'none' });
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems.map((problem) => [problem.code, problem.severity, problem.fileOffset])).toEqual([['CPU_LAYOUT_VERSION_MISMATCH', 'warning', built.cpuNoteOffsets[0] + 4]]);
      expect(dump.report.problems[0].message).toContain('format 0x10005\'s DBGFCORECPU (VirtualBox 5.1.0 beta 3 - 6.1.x), but the descriptor says format 0x10003');
      const registers = virtualBoxRegisters(dump.cpus[0]);
      expect(registers.general.rflags).toBe(values.general.rflags);
      expect(registers.control.cr3).toBe(values.control.cr3);
    } finally {
      dump.close();
    }
  });

  test('a size no release wrote, under a known format: that format\'s fields, the XSAVE area in the last 8 KiB, said to be inferred', () => {
    const values = distinctValues(0);
    const built = buildDump(scratch.path('inferred.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion: 0x10006, cpuDescriptorSize: 0x2260, cpus: [values], fill: 'none' });
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems.map((problem) => problem.code)).toEqual(['CPU_LAYOUT_INFERRED']);
      const registers = virtualBoxRegisters(dump.cpus[0]);
      expect(registers.layout).toMatchObject({ name: 'dbgfcorecpu-0x10006', chosenBy: 'format-version' });
      expect(registers.layout.host).toMatch(/inferred/);
      expect(registers.msrs.tscAux).toBe(values.msrs.tscAux);
      expect(registers.xsave).toEqual({ offset: 0x260, stateSize: values.xsaveSize, xstateBv: values.xstateBv, xcompBv: values.xcompBv, ...extendedState(values, values.xsaveSize) });
      expect(registers.fpu!.xmm).toEqual(values.xmm);
    } finally {
      dump.close();
    }
  });

  test('no layout at all: registers absent (never zeros), and --mode/--cr3 still walk', async () => {
    const built = buildDump(scratch.path('unknown.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], formatVersion: 0x10000, cpuDescriptorSize: 0x500, fill: 'none' });
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems.map((problem) => problem.code)).toEqual(['CPU_LAYOUT_UNKNOWN']);
      expect(dump.cpus[0].registers).toBeNull();
      expect(describeCpu(dump.cpus[0]).decoded).toBeNull();
    } finally {
      dump.close();
    }
    expect((await cli('cpus', built.path)).stdout).toContain('registers not decoded');
  });
});

describe('hosts and other writers the format notes describe', () => {
  test('EM_386 in a VirtualBox core means a 32-bit x86 or arm64 host, not a 32-bit guest: the registers still say 4-level', async () => {
    const built = buildDump(scratch.path('em386.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], machine: 3, fill: 'none' });
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems).toEqual([]);
      expect(dump.host).toMatch(/^32-bit x86 or arm64 .*says nothing about the guest/);
      expect(cpuAddressSpace(dump).context.mode).toBe('4-level');
    } finally {
      dump.close();
    }
    const info = await cli('info', built.path);
    expect(info.stdout).toMatch(/^Host: 32-bit x86 or arm64 \(e_machine EM_386/m);
    const x86_64 = await cli('info', buildDump(scratch.path('em-x86-64.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], fill: 'none' }).path);
    expect(x86_64.stdout).toMatch(/^Host: x86-64 \(e_machine EM_X86_64\)$/m);
  });

  test.each([
    // [VirtualBox version, e_machine, host compiler, what e_machine says, what the note's size says]
    [{ major: 5, minor: 0, build: 16 }, 3, 'msvc', /^32-bit x86 \(e_machine EM_386/, /^a 32-bit host: /],
    [{ major: 5, minor: 0, build: 16 }, 62, 'msvc', /^x86-64 /, /^a Windows host \(MSVC\): /],
    [{ major: 7, minor: 0, build: 14 }, 3, 'msvc', /^32-bit x86 or arm64 \(e_machine EM_386/, /^a Windows host \(MSVC\): /],
    [{ major: 7, minor: 0, build: 14 }, 3, 'gcc', /^32-bit x86 or arm64 /, /^a 64-bit host built with gcc or clang/],
  ] as const)('host wording follows the release and e_machine: %o, e_machine %i, %s', (vboxVersion, machine, host, eMachine, noteSize) => {
    const formatVersion = vboxVersion.major >= 7 ? 0x10006 : 0x10003;
    const built = buildDump(scratch.path(`host-${vboxVersion.major}-${machine}-${host}.elf`), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], machine, host, formatVersion, vboxVersion, fill: 'none' });
    const dump = openDump(built.path);
    try {
      expect(dump.host).toMatch(eMachine);
      expect(virtualBoxRegisters(dump.cpus[0]).layout.host).toMatch(noteSize);
    } finally {
      dump.close();
    }
  });

  test('a second per-vCPU note of type 0xbeef named VBCPU is stepped over with a note, and the dump stays valid', async () => {
    const built = buildDump(scratch.path('beef.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], cpuCount: 2, cpus: [distinctValues(0), distinctValues(1)], fill: 'none' });
    // What the modified writer leaves: cCpus 1, the vCPU's NT_VBOXCPU note, then its own note.
    const patch = Buffer.alloc(4);
    patch.writeUInt32LE(1);
    writeBytes(built.path, built.descriptorOffset + 20, patch);
    patch.writeUInt32LE(0xbeef);
    writeBytes(built.path, built.cpuNoteOffsets[1] + 8, patch);
    const dump = openDump(built.path);
    try {
      expect(dump.report).toMatchObject({ valid: true, errorCount: 0, warningCount: 0, infoCount: 1 });
      expect(dump.report.problems.map((problem) => [problem.code, problem.severity, problem.fileOffset, problem.field])).toEqual([['UNKNOWN_NOTE_TYPE', 'info', built.cpuNoteOffsets[1] + 8, 'note[2].n_type']]);
      expect(dump.cpus).toHaveLength(1);
      expect(virtualBoxRegisters(dump.cpus[0]).control.cr3).toBe(distinctValues(0).control.cr3);
    } finally {
      dump.close();
    }
    const validate = await cli('validate', built.path);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/: valid, with notes: info UNKNOWN_NOTE_TYPE/);
  });

  test('VirtualBox 7.1 dumping an ARM guest: headers and VBCORE, then nothing; said exactly so, with the descriptor still read', async () => {
    const built = buildDump(scratch.path('arm-guest.elf'), { ranges: [{ physicalAddress: 0x4000_0000, size: 0x10_0000 }], vboxVersion: { major: 7, minor: 1, build: 4 }, cpuCount: 4, fill: 'none' });
    fs.truncateSync(built.path, built.cpuNoteOffsets[0]);
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems.map((problem) => problem.code)).toEqual(['DUMP_STOPPED_AFTER_DESCRIPTOR', 'TRUNCATED_DUMP']);
      const [stopped] = dump.report.problems;
      expect(stopped.message).toMatch(/^the file ends at 0x[0-9a-f]+, right after the VBCORE note \(VirtualBox 7\.1\.4, 4 vCPUs\).*probably an ARM guest\. The file holds no registers and no memory$/);
      expect(stopped.fileOffset).toBe(built.cpuNoteOffsets[0]);
      expect(dump.descriptor).toMatchObject({ cpuCount: 4, vboxVersion: { text: '7.1.4' } });
      expect(dump.cpus).toEqual([]);
    } finally {
      dump.close();
    }
    const info = await cli('info', built.path);
    expect(info.status).toBe(1);
    expect(info.stdout).toContain('error DUMP_STOPPED_AFTER_DESCRIPTOR');
  });

  test('a note segment cut by the end of the file elsewhere is still read up to the cut', () => {
    const built = buildDump(scratch.path('cut-notes.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], cpuCount: 2, cpus: [distinctValues(0), distinctValues(1)], fill: 'none' });
    fs.truncateSync(built.path, built.cpuNoteOffsets[1] + 100);
    const dump = openDump(built.path);
    try {
      expect(dump.report.problems.map((problem) => problem.code)).toEqual(['NOTE_SEGMENT_BEYOND_EOF', 'CPU_COUNT_MISMATCH', 'TRUNCATED_DUMP']);
      expect(dump.cpus).toHaveLength(1);
      expect(virtualBoxRegisters(dump.cpus[0]).control.cr3).toBe(distinctValues(0).control.cr3);
    } finally {
      dump.close();
    }
  });
});
