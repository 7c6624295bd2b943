/**
 * A real Linux kernel (Debian's cloud kernel, KASLR on) under QEMU, dumped by QEMU's
 * dump-guest-memory while one vCPU spins in user mode and the other idles in the kernel, with
 * QEMU's own answers taken in the same paused session: info registers, gva2gpa, memsave,
 * pmemsave and info mem for each vCPU. Page tables written by Linux, not by vboxcore's builder;
 * 4-level (no5lvl) and 5-level (LA57) runs.
 */
import { cpuAddressSpace, expectDump, identifyKernel, identifyKernelAsync, openDump, openDumpAsync, VBoxCoreDump } from '../src';
import { formatInfo } from '../src/report/text';
import { formatWalk } from '../src/report/cpu-text';
import { summarizeDump } from '../src/report/summary';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BUILT_CLI, cli, scratchDirectory } from './helpers';
import { GuestConsole, KernelFlavor, guestArguments, guestInitramfs, guestKernel, virtualBoxCopy, waitUntilReady } from './linux-guest';
import { gva2gpa, infoMemSpans, mergeSpans, QemuMachine } from './qemu/qemu-machine';

jest.setTimeout(180_000);
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

/** Bytes read from each side at a virtual address: up to the end of its page, at most this many. */
const VIRTUAL_PROBE = 512;
const PHYSICAL_PROBES = 24;

interface CpuAnswers {
  registers: Record<string, bigint>;
  /** Virtual address → gva2gpa's answer. */
  translations: Map<bigint, string>;
  /** Virtual address → memsave's bytes, for those gva2gpa maps. */
  virtualBytes: Map<bigint, Buffer>;
  /** info mem's listing (4-level runs only). */
  infoMem: string | null;
}

interface GuestRun {
  file: string;
  console: GuestConsole;
  cpus: CpuAnswers[];
  physical: { physicalAddress: number; bytes: Buffer }[];
}

/** The registers of each CPU in `info registers -a` (RAX=..., CR3=...), by CPU. */
function parseInfoRegisters(text: string): Record<string, bigint>[] {
  return text.split(/^CPU#\d+$/m).filter((part) => /RIP=/.test(part)).map((part) => {
    const registers: Record<string, bigint> = {};
    for (const match of part.matchAll(/\b(RAX|RBX|RCX|RDX|RSI|RDI|RBP|RSP|R8|R9|R10|R11|R12|R13|R14|R15|RIP|RFL|CR0|CR2|CR3|CR4|EFER)=([0-9a-f]+)/g)) registers[match[1]] = BigInt(`0x${match[2]}`);
    const cs = /^CS =([0-9a-f]{4})/m.exec(part);
    if (cs !== null) registers.CS = BigInt(`0x${cs[1]}`);
    return registers;
  });
}

/** The kernel addresses VMCOREINFO names (SYMBOL(name)=hex). */
function vmcoreinfoSymbols(vmcoreinfo: string): Map<string, bigint> {
  return new Map([...vmcoreinfo.matchAll(/^SYMBOL\(([a-z_0-9]+)\)=([0-9a-f]+)$/gm)].map((match) => [match[1], BigInt(`0x${match[2]}`)]));
}

async function bootAndDump(name: string, fiveLevel: boolean, flavor: KernelFlavor = 'cloud'): Promise<GuestRun> {
  const kernel = guestKernel(flavor);
  const initramfs = guestInitramfs(kernel);
  const file = scratch.path(`${name}.elf`);
  const serial = scratch.path(`${name}.console`);
  return QemuMachine.session(scratch.path('.'), guestArguments(kernel, initramfs, fiveLevel), async (machine) => {
    await machine.execute('cont');
    const guestConsole = await waitUntilReady(serial, 90_000);
    // Pause when one vCPU is in the user-mode loop (a timer interrupt may have it in the kernel
    // at any one instant, more often on a loaded machine): pause, look, go on, at most 100 times.
    let registers: Record<string, bigint>[] = [];
    for (let attempt = 0; ; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await machine.execute('stop');
      registers = parseInfoRegisters(await machine.monitor('info registers -a'));
      if (registers.some((cpu) => (cpu.CS & 3n) === 3n)) break;
      if (attempt === 100) throw new Error('no vCPU was in user mode in 100 pauses');
      await machine.execute('cont');
    }
    await machine.dump(file);
    const dump = openDump(file);
    try {
      const symbols = vmcoreinfoSymbols(dump.vmcoreinfo ?? '');
      const cpus: CpuAnswers[] = [];
      for (let cpu = 0; cpu < dump.cpus.length; cpu++) {
        const own = registers[cpu];
        const addresses = [own.RIP, own.RSP, own.RSP - 0x1000n, ...symbols.values(), 0n, 0xffff_8000_0000_0000n, 0x7fff_ffff_f000n];
        const translations = new Map<bigint, string>();
        const virtualBytes = new Map<bigint, Buffer>();
        for (const address of addresses) {
          const answer = await machine.monitor(`gva2gpa 0x${address.toString(16)}`, cpu);
          translations.set(address, answer);
          if (gva2gpa(answer) !== null) {
            const length = Math.min(VIRTUAL_PROBE, Number(0x1000n - (address & 0xfffn)));
            virtualBytes.set(address, await machine.virtualBytes(address, length, scratch.path(`${name}-v-${cpu}-${address.toString(16)}.bin`), cpu));
          }
        }
        // QEMU 7.2's info mem under LA57 printed nothing for one vCPU and gave no answer within 30 s for
        // the other: 5-level maps are checked against gva2gpa instead (the translations above)
        cpus.push({ registers: own, translations, virtualBytes, infoMem: fiveLevel ? null : await machine.monitor('info mem', cpu) });
      }
      const physical: GuestRun['physical'] = [];
      const ram = dump.ranges.filter((range) => range.kind === 'ram' && range.presentBytes > 0);
      for (let index = 0; index < PHYSICAL_PROBES; index++) {
        const range = ram[index % ram.length];
        // spread over each range, some at its ends
        const step = Math.floor((range.presentBytes - 4096) / PHYSICAL_PROBES) & ~0xfff;
        const physicalAddress = range.physicalStart + (index === 0 ? 0 : index === 1 ? range.presentBytes - 4096 : step * index + 0x123);
        physical.push({ physicalAddress, bytes: await machine.physicalBytes(physicalAddress, 4096, scratch.path(`${name}-p-${index}.bin`)) });
      }
      return { file, console: guestConsole, cpus, physical };
    } finally {
      dump.close();
    }
  }, { serialFile: serial });
}

/** The 4-level guest's VirtualBox copy, for the README's recorded session. */
let readmeGuest: { file: string; linuxBanner: bigint; userCpu: number } | null = null;

/** Output as the README may show it from another boot: numbers, addresses and runs of spaces aside. */
function shape(lines: readonly string[], folder: string): string[] {
  return lines.map((line) => line.replaceAll(`file://${folder}/`, 'file:///tmp/guest/').replace(/0x[0-9a-f]+/g, '0x?').replace(/[0-9]+/g, 'N').replace(/ +/g, ' ').replace(/\[ /g, '['));
}

describe.each([
  ['4-level', false],
  ['5-level', true],
] as const)('Debian\'s kernel under QEMU, %s paging', (mode, fiveLevel) => {
  let run: GuestRun;
  const dumps: Partial<Record<'qemu' | 'virtualbox', VBoxCoreDump>> = {};
  beforeAll(async () => {
    run = await bootAndDump(`linux-${mode}`, fiveLevel);
    dumps.qemu = openDump(run.file);
    const lstar = run.console.symbols.get('entry_SYSCALL_64');
    if (lstar === undefined) throw new Error('the guest did not print entry_SYSCALL_64 from /proc/kallsyms');
    dumps.virtualbox = openDump(virtualBoxCopy(dumps.qemu, scratch.path(`linux-${mode}-virtualbox.elf`), { efer: run.cpus.map((answers) => answers.registers.EFER), lstar }).path);
    if (!fiveLevel) readmeGuest = { file: dumps.virtualbox.path, linuxBanner: run.console.symbols.get('linux_banner')!, userCpu: run.cpus.findIndex((answers) => (answers.registers.CS & 3n) === 3n) };
  });
  afterAll(() => Object.values(dumps).forEach((dump) => dump.close()));

  // The VirtualBox copy: the same RAM and registers in VirtualBox 7.0's layout, so every check
  // below also runs on real kernel memory and page tables read through VirtualBox's format.
  describe.each(['qemu', 'virtualbox'] as const)('its %s core', (producer) => {
    let dump: VBoxCoreDump;
    beforeAll(() => {
      dump = dumps[producer]!;
    });

    test('the dump reads without problems, and info names the kernel the guest printed (VMCOREINFO\'s OSRELEASE)', () => {
      expect(dump.report.problems).toEqual([]);
      expect(dump.producer).toBe(producer);
      const release = run.console.readyLine.split(' ').pop()!;
      if (producer === 'qemu') {
        expect(dump.vmcoreinfo).toContain(`OSRELEASE=${release}\n`);
        expect(formatInfo(summarizeDump(dump))).toContain(`OSRELEASE=${release}`);
      }
    });

    test('the kernel is named from the CPU state: the banner\'s release, _text and the KASLR slide the running kernel reported', async () => {
      const release = run.console.readyLine.split(' ').pop()!;
      const text = run.console.symbols.get('_text')!;
      const banner = run.console.symbols.get('linux_banner')!;
      const kernelOffset = BigInt(`0x${/^KERNELOFFSET=([0-9a-f]+)$/m.exec(dumps.qemu!.vmcoreinfo ?? '')![1]}`);
      // QEMU's notes hold no LSTAR: its core goes by the IDT; the VirtualBox copy by LSTAR first
      for (const kernel of [identifyKernel(dump), identifyKernel(dump, { ignoreVmcoreinfo: true })]) {
        expect({ os: kernel.os, release: kernel.release, virtualBase: kernel.virtualBase, kaslrSlide: kernel.kaslrSlide, entry: kernel.entry?.register }).toEqual({ os: 'linux', release, virtualBase: text, kaslrSlide: kernelOffset, entry: producer === 'qemu' ? 'idt' : 'lstar' });
        expect(kernel.banner).toMatch(new RegExp(`^Linux version ${release.replace(/[.]/g, '\\.')} \\(`));
        expect(kernel.foundBy).toContain(`a version banner is at 0x${banner.toString(16)}`);
        const kernelSpace = cpuAddressSpace(dump, { cr3: kernel.kernelCr3!, mode });
        expect(kernelSpace.read(banner, kernel.banner!.length + 1).toString('latin1')).toBe(`${kernel.banner}\n`);
        expect(kernelSpace.walk(text).kind).toBe('mapped');
      }
      expect(expectDump(dump.path, ['os=linux', `kernel=${release}`]).met).toBe(true);
      // the asynchronous API (and so the viewer) fetches the kernel's pages in rounds and says the same
      const asyncDump = await openDumpAsync(dump.path);
      try {
        expect(await identifyKernelAsync(asyncDump)).toEqual(identifyKernel(dump));
      } finally {
        await asyncDump.close();
      }
      expect(formatInfo(summarizeDump(dump))).toContain(`Kernel: Linux ${release} at 0x${text.toString(16)} (KASLR slide 0x${kernelOffset.toString(16)})`);
    });

    test('export --volatility-config hands Volatility 3 the kernel\'s DTB, KASLR shift and banner (4-level; 5-level refused)', async () => {
      const image = scratch.path(`volatility-${mode}-${producer}.raw`);
      const config = scratch.path(`volatility-${mode}-${producer}.json`);
      const result = await cli('export', dump.path, image, '--volatility-config', config, '--no-sync');
      if (mode === '5-level') {
        expect(result.stderr).toContain('KERNEL_NOT_FOUND');
        expect(result.stderr).toContain('Intel32e layers read 4-level tables only');
        return;
      }
      expect(result.status).toBe(0);
      const settings = JSON.parse(fs.readFileSync(config, 'utf8'));
      const kernel = identifyKernel(dump);
      const kernelOffset = BigInt(`0x${/^KERNELOFFSET=([0-9a-f]+)$/m.exec(dumps.qemu!.vmcoreinfo ?? '')![1]}`);
      expect(settings).toMatchObject({
        'kernel.layer_name.class': 'volatility3.framework.layers.intel.Intel32e',
        'kernel.layer_name.page_map_offset': Number(kernel.kernelCr3! & ~0xfffn),
        'kernel.layer_name.kernel_virtual_offset': Number(kernelOffset),
        'kernel.layer_name.kernel_banner': `${kernel.banner}\n\u0000`,
      });
      // the DTB is a table of the kernel's: through it, the raw image holds the banner at linux_banner
      const banner = run.console.symbols.get('linux_banner')!;
      const physical = cpuAddressSpace(dump, { cr3: BigInt(settings['kernel.layer_name.page_map_offset']), mode }).translate(banner).physicalAddress;
      const bytes = Buffer.alloc(kernel.banner!.length);
      const handle = fs.openSync(image, 'r');
      try {
        fs.readSync(handle, bytes, 0, bytes.length, Number(physical));
      } finally {
        fs.closeSync(handle);
      }
      expect(bytes.toString('latin1')).toBe(kernel.banner);
      if (process.env.VBOXCORE_KEEP_GUEST !== undefined) {
        fs.mkdirSync(process.env.VBOXCORE_KEEP_GUEST, { recursive: true });
        for (const file of [image, config, dump.path]) fs.copyFileSync(file, path.join(process.env.VBOXCORE_KEEP_GUEST, path.basename(file)));
        fs.writeFileSync(path.join(process.env.VBOXCORE_KEEP_GUEST, `symbols-${mode}-${producer}.txt`), [...run.console.symbols].map(([name, address]) => `${name} ${address.toString(16)}`).join('\n'));
      }
    });

    test('every vCPU\'s registers equal QEMU\'s info registers; one is in user mode, one in the kernel', () => {
      run.cpus.forEach((answers, cpu) => {
        const registers = dump.cpus[cpu].registers;
        if (registers === null) throw new Error(`vCPU ${cpu} has no registers`);
        const ours: Record<string, bigint | null> = { RAX: registers.general.rax, RBX: registers.general.rbx, RSP: registers.general.rsp, RIP: registers.general.rip, RFL: registers.general.rflags, CR0: registers.control.cr0, CR3: registers.control.cr3, CR4: registers.control.cr4, CS: BigInt(registers.segments.cs.selector) };
        if (registers.producer === 'virtualbox') ours.EFER = registers.msrs.efer;
        const theirs = Object.fromEntries(Object.keys(ours).map((key) => [key, answers.registers[key]]));
        expect({ cpu, ...ours }).toEqual({ cpu, ...theirs });
      });
      expect(run.cpus.map((answers) => Number(answers.registers.CS & 3n)).sort()).toEqual([0, 3]);
      const paging = cpuAddressSpace(dump).context.mode;
      expect(paging).toBe(mode);
    });

    test('every translation equals QEMU\'s gva2gpa, for each vCPU\'s own page tables (kernel symbols, stack, code, holes)', () => {
      let mapped = 0;
      run.cpus.forEach((answers, cpu) => {
        const space = cpuAddressSpace(dump, { cpu });
        for (const [address, answer] of answers.translations) {
          const walk = space.walk(address);
          const ours = walk.kind === 'mapped' ? walk.page.physicalAddress : null;
          if (ours !== null) mapped++;
          expect({ cpu, address: `0x${address.toString(16)}`, physical: ours }).toEqual({ cpu, address: `0x${address.toString(16)}`, physical: gva2gpa(answer) });
        }
      });
      expect(mapped).toBeGreaterThan(10);
    });

    test('virtual reads equal QEMU\'s memsave, physical reads its pmemsave', () => {
      run.cpus.forEach((answers, cpu) => {
        const space = cpuAddressSpace(dump, { cpu });
        for (const [address, bytes] of answers.virtualBytes) expect({ cpu, address, same: space.read(address, bytes.length).equals(bytes) }).toEqual({ cpu, address, same: true });
      });
      for (const probe of run.physical) expect({ at: probe.physicalAddress, same: dump.physical.read(probe.physicalAddress, probe.bytes.length).equals(probe.bytes) }).toEqual({ at: probe.physicalAddress, same: true });
    });

    test('the user-mode vCPU holds KPTI\'s user tables, which fault on the kernel; --kernel walks the kernel\'s, as QEMU does on the other vCPU', () => {
      const userCpu = run.cpus.findIndex((answers) => (answers.registers.CS & 3n) === 3n);
      const kernelCpu = 1 - userCpu;
      const own = cpuAddressSpace(dump, { cpu: userCpu });
      const tables = own.context.tables!;
      const cr3 = run.cpus[userCpu].registers.CR3;
      const pcidEnabled = (run.cpus[userCpu].registers.CR4 & (1n << 17n)) !== 0n;
      expect({ evidence: tables.evidence, role: tables.role, pcid: tables.pcid, kernelCr3: tables.kernelCr3 }).toEqual({ evidence: tables.evidence, role: 'kpti-user', pcid: pcidEnabled ? Number(cr3 & 0xfffn) : null, kernelCr3: cr3 & ~(pcidEnabled ? 0x1800n : 0x1000n) });
      const kernelSide = cpuAddressSpace(dump, { cpu: userCpu, kernel: true });
      expect(kernelSide.context.tables!.role).toBe('kpti-kernel');
      expect(kernelSide.context.source).toContain('kernel tables asked');
      expect(cpuAddressSpace(dump, { cpu: kernelCpu }).context.tables!.role).toBe('kpti-kernel');
      let compared = 0;
      for (const [address, answer] of run.cpus[kernelCpu].translations) {
        if (address < 0xffff_8000_0000_0000n || gva2gpa(answer) === null) continue;
        // kernel addresses fault through the user copy (QEMU's gva2gpa on this vCPU agrees, checked above) ...
        const walk = kernelSide.walk(address);
        // ... and the kernel's tables map them where the kernel-mode vCPU's tables do
        expect({ address: address.toString(16), physical: walk.kind === 'mapped' ? walk.page.physicalAddress : null }).toEqual({ address: address.toString(16), physical: gva2gpa(answer) });
        compared++;
      }
      expect(compared).toBeGreaterThan(5);
      expect(formatWalk(0n, own.context, own.walk(0n))).toContain(`KPTI user tables: kernel addresses past the entry code fault; the kernel's tables are at CR3 0x${tables.kernelCr3.toString(16)} (--kernel)`);
    });

    test('maps covers exactly what QEMU\'s info mem lists (4-level), or every page gva2gpa maps (5-level), for each vCPU', () => {
      const hex = (spans: [bigint, bigint][]): string[] => spans.map(([start, end]) => `${start.toString(16)}-${end.toString(16)}`);
      run.cpus.forEach((answers, cpu) => {
        const listing = cpuAddressSpace(dump, { cpu }).maps();
        expect(listing.truncated).toBe(false);
        // every repeat of a folded row is a mapping of its own for info mem
      const ours = mergeSpans(listing.mappings.flatMap((mapping) => Array.from({ length: mapping.repeats }, (_, repeat): [bigint, bigint] => {
        const start = mapping.virtualStart + BigInt(repeat) * (mapping.repeatStride ?? 0n);
        return [start, start + mapping.size];
      })));
      // espfix's 65,536 aliases of one page fold into one row: a few hundred rows, not the cap
      expect(listing.mappings.length).toBeLessThan(1000);
        if (answers.infoMem !== null) {
          const theirs = mergeSpans(infoMemSpans(answers.infoMem));
          expect({ cpu, spans: hex(ours) }).toEqual({ cpu, spans: hex(theirs) });
        }
        for (const [address, answer] of answers.translations) {
          const inMaps = ours.some(([start, end]) => address >= start && address < end);
          expect({ cpu, address: address.toString(16), inMaps }).toEqual({ cpu, address: address.toString(16), inMaps: gva2gpa(answer) !== null });
        }
      });
    });
  });
});

describe('Debian\'s generic kernel (espfix) under QEMU, 4-level paging', () => {
  let run: GuestRun;
  let dump: VBoxCoreDump;
  beforeAll(async () => {
    run = await bootAndDump('linux-generic', false, 'generic');
    dump = openDump(run.file);
    if (process.env.VBOXCORE_KEEP_GUEST !== undefined) fs.copyFileSync(run.file, path.join(process.env.VBOXCORE_KEEP_GUEST, 'linux-generic.elf'));
  });
  afterAll(() => dump?.close());

  test('maps folds espfix\'s aliases of one page into one row: a few hundred rows, repeat by repeat what info mem lists', () => {
    run.cpus.forEach((answers, cpu) => {
      const listing = cpuAddressSpace(dump, { cpu, kernel: true }).maps();
      const own = cpuAddressSpace(dump, { cpu }).maps();
      expect({ cpu, truncated: own.truncated, rows: own.mappings.length < 1000 }).toEqual({ cpu, truncated: false, rows: true });
      const spans = mergeSpans(own.mappings.flatMap((mapping) => Array.from({ length: mapping.repeats }, (_, repeat): [bigint, bigint] => {
        const start = mapping.virtualStart + BigInt(repeat) * (mapping.repeatStride ?? 0n);
        return [start, start + mapping.size];
      })));
      const theirs = mergeSpans(infoMemSpans(answers.infoMem!));
      expect({ cpu, same: JSON.stringify(spans.map(([start, end]) => [start.toString(16), end.toString(16)])) === JSON.stringify(theirs.map(([start, end]) => [start.toString(16), end.toString(16)])) }).toEqual({ cpu, same: true });
      // espfix lives in the kernel's half (0xffffff0000000000): thousands of aliases in one row
      const espfix = listing.mappings.find((mapping) => mapping.virtualStart >> 39n === 0x1fffffen);
      expect({ cpu, folded: (espfix?.repeats ?? 0) >= 1000 }).toEqual({ cpu, folded: true });
    });
  });

  test('the generic kernel is named, from LSTAR\'s and the IDT\'s side alike', () => {
    const release = run.console.readyLine.split(' ').pop()!;
    expect(identifyKernel(dump, { ignoreVmcoreinfo: true })).toMatchObject({ os: 'linux', release, virtualBase: run.console.symbols.get('_text') });
  });

  test('README\'s recorded session is what these boots print, numbers aside', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').split('\n');
    const start = readme.indexOf('<!-- real-guest-output -->') + 2;
    const block = readme.slice(start, readme.indexOf('```', start));
    const folder = scratch.path('readme-guest');
    fs.mkdirSync(folder, { recursive: true });
    fs.symlinkSync(readmeGuest!.file, path.join(folder, 'guest.elf'));
    fs.symlinkSync(run.file, path.join(folder, 'generic.elf'));
    const sessions: { command: string; output: string[] }[] = [];
    for (const line of block) {
      if (line.startsWith('$ ')) sessions.push({ command: line.slice(2), output: [] });
      else sessions[sessions.length - 1].output.push(line);
    }
    expect(sessions.length).toBeGreaterThanOrEqual(5);
    for (const { command, output } of sessions) {
      // the README's addresses and vCPUs are of its own boot: linux_banner is wherever this boot
      // put it, and the vCPU in user mode (1 there) whichever it is here
      const real = command.replace(/0xffffffff[0-9a-f]{8}/g, `0x${readmeGuest!.linuxBanner.toString(16)}`).replace('--cpu 1', `--cpu ${readmeGuest!.userCpu}`).replace(/(^|; |\| )vboxcore /g, `$1${process.execPath} ${BUILT_CLI} `);
      const result = spawnSync('bash', ['-c', `{ ${real}; } 2>&1`], { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect({ command, output: shape(result.stdout.replace(/\n$/, '').split('\n'), folder) }).toEqual({ command, output: shape(output, folder) });
    }
  });
});
