import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, defaultCpuValues, DumpLayout, layoutGuest24g, layoutVbox5016 } from '../src/builder';
import { openDump, summarizeDump, VboxCoreError } from '../src';
import { toJson } from '../src/report/json';
import { loadCases } from './conformance/runner';
import { scratchDirectory } from './helpers';
import { qemuCore, QemuCoreOptions } from './qemu-cores';

// Debian's interpreter: the first python3 on PATH may be another one that cannot see Debian's
// python3-kaitaistruct (make test installs it with apt).
const SYSTEM_PYTHON = '/usr/bin/python3';
const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());


function distinctCpu(index: number): ReturnType<typeof defaultCpuValues> {
  const values = defaultCpuValues(index);
  const tag = BigInt(index);
  // the x87 environment, and AVX and AVX-512 state (xstate_bv 0xe7, 0xa88 bytes copied), distinct per vCPU
  return {
    ...values,
    general: { ...values.general, rax: 0xffff_ffff_ffff_fff0n + tag, rbx: (1n << 53n) + 1n },
    xcr: [0xe7n, 0n],
    xmm: values.xmm.map((value) => value | (0xffn << 120n)),
    fpu: { ...values.fpu, fpuIp: 0x8100_2340 + index, fpuCs: 0x10, fpuDp: 0x0060_1000 + index, fpuDs: 0x18 },
    xstateBv: 0xe7n,
    xsaveSize: 0xa88,
    ymmHigh: Array.from({ length: 16 }, (_, register) => ((0xa0n + BigInt(register)) << 120n) | tag),
    opmask: Array.from({ length: 8 }, (_, register) => (0xffffn << 48n) | BigInt(register) | (tag << 8n)),
    zmmHigh256: Array.from({ length: 16 }, (_, register) => ((0xb0n + BigInt(register)) << 248n) | tag),
    zmm16: Array.from({ length: 16 }, (_, register) => ((0xc0n + BigInt(register)) << 504n) | tag),
  };
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
  // every dump of the conformance corpus, the ones that cannot be read included
  ...loadCases().map(({ file }) => file),
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

/** What the library says of a dump, as `vboxcore info --json` prints it, or the error that stops the reading. */
function libraryView(dumpPath: string): unknown {
  try {
    const dump = openDump(dumpPath);
    try {
      // The Python package walks no page tables, so it names no guest kernel (README says so).
      const { kernel: _kernel, ...summary } = summarizeDump(dump);
      return JSON.parse(toJson(summary));
    } finally {
      dump.close();
    }
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return { path: dumpPath, error: { code: error.code, message: error.message, fileOffset: error.fileOffset, field: error.field } };
  }
}

test('the Python package says of every dump what vboxcore info --json says, field by field, the guest kernel aside (its register layouts, the corpus, truncated and QEMU dumps)', () => {
  const result = spawnSync(SYSTEM_PYTHON, [path.join(projectRoot, 'examples', 'parse_dump.py'), ...dumps], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1024 ** 3 });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${SYSTEM_PYTHON} examples/parse_dump.py failed (is python3-kaitaistruct installed? \`make test\` installs it with apt): ${result.error?.message ?? result.stderr}`);
  }
  const fromPython = JSON.parse(result.stdout) as unknown[];
  expect(fromPython).toHaveLength(dumps.length);
  dumps.forEach((dumpPath, index) => expect(fromPython[index]).toEqual(libraryView(dumpPath)));
});
