/**
 * Real dumps from a real hypervisor: QEMU's dump-guest-memory over QMP, compared with QEMU's own
 * view of the same guest in the same session (pmemsave, memsave, gva2gpa, info mem, info
 * registers) and with readelf. Needs qemu-system-x86_64 (make test installs it); without it
 * these tests fail and say so.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cpuAddressSpace, openDump, VBoxCoreDump } from '../src';
import { QemuCpuRegisters } from '../src/model/types';
import { cli, codeOf, readelfSegments, scratchDirectory } from './helpers';
import { gva2gpa, infoMemSpans, mergeSpans, QemuMachine, requireQemu } from './qemu/qemu-machine';

jest.setTimeout(120_000);

const MIB = 1024 * 1024;
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

/** Deterministic bytes that differ everywhere, so that a read from the wrong place shows. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

function noiseFile(name: string, length: number, seed: number): string {
  const file = scratch.path(name);
  fs.writeFileSync(file, noise(length, seed));
  return file;
}

/** -device loader puts a file's bytes into guest-physical memory at reset, before -S stops it. */
function loader(file: string, physicalAddress: number): string[] {
  return ['-device', `loader,file=${file},addr=0x${physicalAddress.toString(16)},force-raw=on`];
}

interface Probe {
  physicalAddress: number;
  length: number;
}

/** Probes at both ends of every range, across boundaries of adjacent ranges, and at random places. */
function probesOf(dump: VBoxCoreDump, seed: number, count: number): Probe[] {
  const probes: Probe[] = [];
  const random = noise(count * 8, seed);
  dump.ranges.forEach((range, index) => {
    probes.push({ physicalAddress: range.physicalStart, length: 64 }, { physicalAddress: range.physicalEnd - 64, length: 64 });
    const next = dump.ranges[index + 1];
    if (next !== undefined && next.physicalStart === range.physicalEnd) probes.push({ physicalAddress: range.physicalEnd - 32, length: 64 });
  });
  for (let index = 0; index < count; index++) {
    const range = dump.ranges[random.readUInt16LE(index * 8) % dump.ranges.length];
    const length = 1 + (random.readUInt16LE(index * 8 + 2) % 4096);
    const offset = random.readUInt32LE(index * 8 + 4) % Math.max(1, range.size - length);
    probes.push({ physicalAddress: range.physicalStart + offset, length: Math.min(length, range.size) });
  }
  return probes;
}

/** QEMU's pmemsave of every probe, taken while the guest is still there. */
async function qemuReads(machine: QemuMachine, probes: readonly Probe[], name: string): Promise<Buffer[]> {
  const reads: Buffer[] = [];
  for (const [index, probe] of probes.entries()) reads.push(await machine.physicalBytes(probe.physicalAddress, probe.length, scratch.path(`${name}-${index}.bin`)));
  return reads;
}

function expectReadsEqual(dump: VBoxCoreDump, probes: readonly Probe[], reference: readonly Buffer[]): void {
  const mismatches = probes.filter((probe, index) => !dump.physical.read(probe.physicalAddress, probe.length).equals(reference[index]));
  expect(mismatches).toEqual([]);
}

/** readelf -lW's LOAD rows and the library's ranges: same addresses, offsets and sizes. */
function expectRangesMatchReadelf(file: string, dump: VBoxCoreDump): void {
  const loads = readelfSegments(file).filter((segment) => segment.type === 'LOAD');
  expect(dump.ranges.map((range) => [range.physicalStart, range.fileOffset, range.declaredFileBytes, range.size].map(BigInt))).toEqual(
    loads.map((segment) => [segment.physicalAddress, segment.offset, segment.fileSize, segment.memorySize]),
  );
  // QEMU sets p_vaddr = p_paddr; vboxcore reads p_paddr
  expect(loads.every((segment) => segment.virtualAddress === segment.physicalAddress)).toBe(true);
}

interface ReadelfNote {
  owner: string;
  size: number;
  description: string;
  data: Buffer | null;
}

/** readelf -nW: owner, size, description and (for notes it does not know) the raw bytes. */
function readelfNotes(file: string): ReadelfNote[] {
  const text = execFileSync('readelf', ['-nW', file], { encoding: 'utf8' });
  const notes: ReadelfNote[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s+(\S+)\s+0x([0-9a-f]+)\s+(.*?)\s*(?:description data: ([0-9a-f ]+))?\s*$/.exec(line);
    if (match === null || match[1] === 'Owner') continue;
    notes.push({ owner: match[1], size: parseInt(match[2], 16), description: match[3].trim(), data: match[4] === undefined ? null : Buffer.from(match[4].replace(/\s/g, ''), 'hex') });
  }
  return notes;
}

/** The QEMU notes as readelf prints them: each vCPU's QEMUCPUState bytes, decoded here by offset. */
function expectCpusMatchReadelf(file: string, dump: VBoxCoreDump, cpuCount: number): void {
  const notes = readelfNotes(file);
  expect(notes.map((note) => note.owner)).toEqual([...Array<string>(cpuCount).fill('CORE'), ...Array<string>(cpuCount).fill('QEMU')]);
  expect(notes.slice(0, cpuCount).every((note) => note.description.startsWith('NT_PRSTATUS'))).toBe(true);
  const states = notes.slice(cpuCount);
  expect(dump.cpus).toHaveLength(cpuCount);
  dump.cpus.forEach((cpu, index) => {
    const bytes = states[index].data!;
    expect(cpu.descriptorSize).toBe(states[index].size);
    expect(bytes.length).toBe(0x1b8);
    const registers = qemuRegisters(dump, index);
    // QEMUCPUState: rip at 0x88, rsp at 0x38, cr0 at 0x188, cr3 at 0x1a0, cs selector at 0x98
    expect(registers.general.rip).toBe(bytes.readBigUInt64LE(0x88));
    expect(registers.general.rsp).toBe(bytes.readBigUInt64LE(0x38));
    expect(registers.control.cr0).toBe(bytes.readBigUInt64LE(0x188));
    expect(registers.control.cr3).toBe(bytes.readBigUInt64LE(0x1a0));
    expect(registers.segments.cs.selector).toBe(bytes.readUInt32LE(0x98));
  });
}

function qemuRegisters(dump: VBoxCoreDump, cpu: number): QemuCpuRegisters {
  const registers = dump.cpus[cpu].registers;
  if (registers === null || registers.producer !== 'qemu') throw new Error(`vCPU ${cpu}: expected registers from a QEMU note`);
  return registers;
}

test('qemu-system-x86_64 is installed (make test installs Debian\'s qemu-system-x86)', () => {
  expect(requireQemu()).toMatch(/QEMU emulator version \d+\.\d+/);
});

describe('pc, 64 MiB, paused at reset: whole dump and a begin/length window', () => {
  const whole = scratch.path('pc-64m.elf');
  const window = scratch.path('pc-64m-window.elf');
  let dump: VBoxCoreDump;
  let windowDump: VBoxCoreDump;
  let probes: Probe[];
  let windowProbes: Probe[];
  let reference: Buffer[];
  let windowReference: Buffer[];

  beforeAll(async () => {
    const low = noiseFile('low.bin', MIB, 1);
    const top = noiseFile('top.bin', 256 * 1024, 2);
    await QemuMachine.session(path.dirname(whole), ['-machine', 'pc', '-m', '64', ...loader(low, 0x10_0000), ...loader(top, 64 * MIB - 256 * 1024)], async (machine) => {
      await machine.dump(whole);
      await machine.dump(window, { begin: 0x10_0000, length: 2 * MIB });
      dump = openDump(whole);
      windowDump = openDump(window);
      probes = probesOf(dump, 3, 200);
      windowProbes = probesOf(windowDump, 4, 50);
      reference = await qemuReads(machine, probes, 'pc');
      windowReference = await qemuReads(machine, windowProbes, 'pc-window');
    });
  });
  afterAll(() => {
    dump?.close();
    windowDump?.close();
  });

  test('is read as a QEMU core without a single problem', async () => {
    expect(dump.producer).toBe('qemu');
    expect(dump.report.problems).toEqual([]);
    expect(await cli('validate', whole)).toMatchObject({ status: 0, stdout: `${whole}: valid\n` });
  });

  test('QEMU\'s header quirks are accepted: e_phoff 192, sections, EM_386 in ELF64 for a real-mode guest', () => {
    expect(dump.header.programHeaderOffset).toBe(192);
    expect(dump.header.sectionHeaderCount).toBe(2);
    expect(dump.header.machine).toBe(3);
    expect(dump.header.identVersion).toBe(1);
  });

  test('program headers equal readelf -lW, notes equal readelf -nW', () => {
    expectRangesMatchReadelf(whole, dump);
    expectCpusMatchReadelf(whole, dump, 1);
  });

  test('the vCPU is in the reset state the SDM gives (CS F000 base FFFF0000, IP FFF0, CR0 60000010)', () => {
    const registers = qemuRegisters(dump, 0);
    expect(registers.general.rip).toBe(0xfff0n);
    expect(registers.segments.cs).toMatchObject({ selector: 0xf000, base: 0xffff_0000n, limit: 0xffff });
    expect(registers.control.cr0).toBe(0x6000_0010n);
    expect(registers.longModeActive).toBe(false);
    expect(cpuAddressSpace(dump).context.mode).toBe('none');
  });

  test('reads equal QEMU\'s pmemsave at every probe (range ends, boundaries, 200 random places)', () => {
    expect(probes.length).toBeGreaterThan(200);
    expect(reference.some((bytes) => bytes.some((byte) => byte !== 0))).toBe(true);
    expectReadsEqual(dump, probes, reference);
  });

  test('the window dump holds only 0x100000-0x300000, and reads there equal pmemsave', () => {
    expect(windowDump.report.problems).toEqual([]);
    expect(windowDump.ranges.map((range) => [range.physicalStart, range.physicalEnd])).toEqual([[0x10_0000, 0x30_0000]]);
    expectRangesMatchReadelf(window, windowDump);
    expectReadsEqual(windowDump, windowProbes, windowReference);
    expect(codeOf(() => windowDump.physical.read(0xf_fff0, 32))).toBe('UNMAPPED_ADDRESS');
  });

  test('info shows the producer; info --json says "qemu"', async () => {
    expect((await cli('info', whole)).stdout).toContain('Producer: QEMU (dump-guest-memory)');
    expect(JSON.parse((await cli('info', whole, '--json')).stdout)).toMatchObject({ producer: 'qemu', cpus: [{ registers: { producer: 'qemu', stateVersion: 1 } }] });
  });
});

describe('pc with RAM above 4 GiB (max-ram-below-4g=64M, -m 128)', () => {
  const file = scratch.path('pc-high.elf');
  let dump: VBoxCoreDump;
  let probes: Probe[];
  let reference: Buffer[];

  beforeAll(async () => {
    const high = noiseFile('high.bin', MIB, 5);
    await QemuMachine.session(path.dirname(file), ['-machine', 'pc,max-ram-below-4g=64M', '-m', '128', ...loader(high, 0x1_0012_3000)], async (machine) => {
      await machine.dump(file);
      dump = openDump(file);
      probes = probesOf(dump, 6, 200);
      probes.push({ physicalAddress: 0x1_0012_3000, length: 4096 }, { physicalAddress: 0x1_0022_2f00, length: 0x200 });
      reference = await qemuReads(machine, probes, 'high');
    });
  });
  afterAll(() => dump?.close());

  test('has RAM at 4 GiB as the last range, and no problems', () => {
    expect(dump.report.problems).toEqual([]);
    const last = dump.ranges[dump.ranges.length - 1];
    expect([last.physicalStart, last.size, last.kind]).toEqual([0x1_0000_0000, 64 * MIB, 'ram']);
    expectRangesMatchReadelf(file, dump);
    expectCpusMatchReadelf(file, dump, 1);
  });

  test('reads above 4 GiB equal pmemsave, and the loaded bytes are where QEMU put them', () => {
    expectReadsEqual(dump, probes, reference);
    expect(dump.physical.read(0x1_0012_3000, 4096)).toEqual(noise(MIB, 5).subarray(0, 4096));
  });
});

describe('q35 with two vCPUs', () => {
  const file = scratch.path('q35.elf');
  let dump: VBoxCoreDump;
  let probes: Probe[];
  let reference: Buffer[];

  beforeAll(async () => {
    const low = noiseFile('q35.bin', MIB, 7);
    await QemuMachine.session(path.dirname(file), ['-machine', 'q35', '-m', '64', '-smp', '2', ...loader(low, 0x20_0000)], async (machine) => {
      await machine.dump(file);
      dump = openDump(file);
      probes = probesOf(dump, 8, 100);
      reference = await qemuReads(machine, probes, 'q35');
    });
  });
  afterAll(() => dump?.close());

  test('one NT_PRSTATUS and one QEMU note per vCPU, both decoded, no problems', async () => {
    expect(dump.report.problems).toEqual([]);
    expectCpusMatchReadelf(file, dump, 2);
    expect((await cli('cpus', file, '--cpu', '1')).stdout).toMatch(/^CPU 1 \(QEMU note at file offset 0x[0-9a-f]+, 0x1b8 bytes\)/);
  });

  test('program headers equal readelf -lW and reads equal pmemsave', () => {
    expectRangesMatchReadelf(file, dump);
    expectReadsEqual(dump, probes, reference);
  });
});

/** `as` and `objcopy` (binutils) turn the firmware source into the flat 64 KiB image -bios wants. */
function assembleFirmware(): string {
  const object = scratch.path('long-mode-firmware.o');
  const image = scratch.path('long-mode-firmware.bin');
  execFileSync('as', ['--64', '-o', object, path.join(__dirname, 'qemu', 'long-mode-firmware.S')]);
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', object, image]);
  expect(fs.statSync(image).size).toBe(0x10000);
  return image;
}

/** The firmware's 16 pages at 0xffffffff80000000: physical page of each, or null (page 3). */
const KERNEL_BASE = 0xffff_ffff_8000_0000n;
const kernelPage = (page: number): number | null => (page === 3 ? null : 0x30_f000 - page * 0x1000);

describe('a long-mode guest (own firmware: 4-level paging, 4 KiB, 2 MiB and 1 GiB pages)', () => {
  const file = scratch.path('long-mode.elf');
  let dump: VBoxCoreDump;
  const probes: { virtualAddress: bigint; length: number }[] = [];
  const translations = new Map<bigint, string>();
  const virtualReference: Buffer[] = [];
  let qemuRegistersText = '';
  let qemuMappings = '';

  beforeAll(async () => {
    const image = assembleFirmware();
    const kernel = noiseFile('kernel.bin', 64 * 1024, 9);
    await QemuMachine.session(path.dirname(file), ['-machine', 'pc', '-m', '64', '-bios', image, ...loader(kernel, 0x30_0000)], async (machine) => {
      await machine.execute('cont');
      const deadline = Date.now() + 20_000;
      while (!(qemuRegistersText = await machine.monitor('info registers')).includes('HLT=1')) {
        if (Date.now() > deadline) throw new Error(`the firmware did not reach its hlt within 20 s:\n${qemuRegistersText}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await machine.execute('stop');
      await machine.dump(file);
      dump = openDump(file);
      const addresses = [0n, 0x1234n, 0x3f_fff0n, 0x40_0000n, 0xffff_fff0n, 0xfff0_0000n, 0xffff_8880_0030_0000n, 0xffff_8880_3fff_f000n, 0xffff_8880_4000_0000n, 0x8000_0000_0000n, 0xffff_ffff_7fff_f000n];
      for (let page = 0; page < 17; page++) addresses.push(KERNEL_BASE + BigInt(page * 0x1000) + BigInt(page * 0x10));
      for (const address of addresses) translations.set(address, await machine.monitor(`gva2gpa 0x${address.toString(16)}`));
      // virtual reads over mapped memory only: memsave of an unmapped page fails in QEMU
      probes.push({ virtualAddress: KERNEL_BASE, length: 3 * 0x1000 }, { virtualAddress: KERNEL_BASE + 0x4000n, length: 12 * 0x1000 }, { virtualAddress: 0xffff_8880_0030_0800n, length: 0x2000 }, { virtualAddress: 0xfff0n, length: 0x20 });
      for (const [index, probe] of probes.entries()) {
        virtualReference.push(await machine.virtualBytes(probe.virtualAddress, probe.length, scratch.path(`virtual-${index}.bin`)));
      }
      qemuMappings = await machine.monitor('info mem');
    });
  });
  afterAll(() => dump?.close());

  test('e_machine EM_X86_64 (QEMU\'s sign of long mode), no problems, registers as the firmware set them', () => {
    expect(dump.report.problems).toEqual([]);
    expect(dump.header.machine).toBe(62);
    const registers = qemuRegisters(dump, 0);
    expect(registers.longModeActive).toBe(true);
    const qemuValue = (name: string): bigint => BigInt(`0x${new RegExp(`\\b${name}\\s*=([0-9a-f]+)`).exec(qemuRegistersText)![1]}`);
    expect(registers.general.rax).toBe(0x1122_3344_5566_7788n);
    expect(registers.general.r15).toBe(0x0123_4567_89ab_cdefn);
    expect([registers.general.rip, registers.general.rsp, registers.control.cr3, registers.control.cr0, registers.control.cr4]).toEqual([qemuValue('RIP'), qemuValue('RSP'), qemuValue('CR3'), qemuValue('CR0'), qemuValue('CR4')]);
    expect(registers.segments.cs).toMatchObject({ selector: 0x18, attributes: 0xa09b });
  });

  test('the paging mode comes out 4-level and every translation equals QEMU\'s gva2gpa', () => {
    const space = cpuAddressSpace(dump);
    expect(space.context.mode).toBe('4-level');
    expect(space.context.cr3).toBe(0x1_0000n);
    for (const [address, qemuAnswer] of translations) {
      const walk = space.walk(address);
      expect({ address, qemuAnswer, physical: walk.kind === 'mapped' ? walk.page.physicalAddress : null }).toEqual({ address, qemuAnswer, physical: gva2gpa(qemuAnswer) });
    }
    for (let page = 0; page < 16; page++) {
      const expected = kernelPage(page);
      const walk = space.walk(KERNEL_BASE + BigInt(page * 0x1000));
      expect(walk.kind === 'mapped' ? walk.page.physicalAddress : null).toBe(expected === null ? null : BigInt(expected));
    }
  });

  test('virtual reads equal QEMU\'s memsave (4 KiB pages out of physical order, a 1 GiB page, identity)', () => {
    const space = cpuAddressSpace(dump);
    probes.forEach((probe, index) => expect(space.read(probe.virtualAddress, probe.length).equals(virtualReference[index])).toBe(true));
    expect(space.read(KERNEL_BASE, 0x1000)).toEqual(noise(64 * 1024, 9).subarray(0xf000, 0x10000));
  });

  test('maps covers exactly what QEMU\'s info mem lists, with the NX page told apart', () => {
    const listing = cpuAddressSpace(dump).maps();
    const ours = mergeSpans(listing.mappings.map((mapping) => [mapping.virtualStart, mapping.virtualEnd]));
    const theirs = mergeSpans(infoMemSpans(qemuMappings));
    expect(ours).toEqual(theirs);
    const nx = listing.mappings.find((mapping) => mapping.virtualStart === KERNEL_BASE + 0xf000n)!;
    expect(nx.executable).toBe(false);
  });

  test('vtop from the command line walks four levels to QEMU\'s answer', async () => {
    const result = await cli('vtop', file, '0xffffffff80001010');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('paging 4-level, CR3 0x10000');
    expect(result.stdout).toContain(`-> physical 0x${gva2gpa(translations.get(KERNEL_BASE + 0x1010n)!)!.toString(16)} `);
  });
});
