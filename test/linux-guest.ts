/**
 * A real Linux guest for the tests: Debian's cloud kernel (linux-image-cloud-amd64) booted under
 * QEMU with a tiny initramfs made here from busybox-static and the kernel's own qemu_fw_cfg module
 * (so that `-device vmcoreinfo` gets the kernel's VMCOREINFO into QEMU's dump). The init prints a
 * line on the serial console and spins in user mode; the other vCPU idles in the kernel.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VBoxCoreDump } from '../src';
import { buildDump, BuiltDump, DeepPartialCpu } from '../src/builder';

const ARTIFACTS = path.resolve(__dirname, '..', 'test-artifacts', 'linux-guest');
const BUSYBOX = '/bin/busybox';
const READY = 'vboxcore-guest: ready';
const SYMBOL = 'vboxcore-guest: symbol';

export interface GuestKernel {
  release: string;
  vmlinuz: string;
  fwCfgModule: string;
}

/**
 * Debian's kernels: 'cloud' (linux-image-cloud-amd64: boots fastest, no 16-bit segments) and
 * 'generic' (linux-image-amd64: with espfix, which maps one page 65,536 times).
 */
export type KernelFlavor = 'cloud' | 'generic';

/** The newest installed Debian kernel of a flavor with its qemu_fw_cfg module, or an error saying how make test installs one. */
export function guestKernel(flavor: KernelFlavor = 'cloud'): GuestKernel {
  const releases = fs.existsSync('/boot') ? fs.readdirSync('/boot').filter((name) => name.startsWith('vmlinuz-')).map((name) => name.slice('vmlinuz-'.length)).sort() : [];
  const ofFlavor = releases.filter((release) => release.endsWith('-cloud-amd64') === (flavor === 'cloud'));
  for (const release of ofFlavor.reverse()) {
    const fwCfgModule = path.join('/lib/modules', release, 'kernel', 'drivers', 'firmware', 'qemu_fw_cfg.ko');
    if (fs.existsSync(fwCfgModule)) return { release, vmlinuz: path.join('/boot', `vmlinuz-${release}`), fwCfgModule };
  }
  const packageName = flavor === 'cloud' ? 'linux-image-cloud-amd64' : 'linux-image-amd64';
  throw new Error(`no Debian ${flavor} kernel with qemu_fw_cfg.ko in /boot (found: ${releases.join(', ') || 'none'}): the real-guest tests need ${packageName}, which \`make test\` installs (make system-deps)`);
}

const INIT = `#!/busybox sh
/busybox mkdir -p /proc /sys
/busybox mount -t proc proc /proc
/busybox mount -t sysfs sys /sys
/busybox insmod /qemu_fw_cfg.ko
/busybox grep -E ' (_text|entry_SYSCALL_64|linux_banner)$' /proc/kallsyms | while read address kind name; do echo "${SYMBOL} $name $address"; done
echo "${READY} $(/busybox uname -r)"
exec /busybox sh -c 'while :; do :; done'
`;

/** The initramfs (newc cpio, uncompressed), built once per kernel and busybox and kept in test-artifacts/. */
export function guestInitramfs(kernel: GuestKernel): string {
  if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: the real-guest tests need busybox-static, which \`make test\` installs (make system-deps)`);
  const busyboxStat = fs.statSync(BUSYBOX);
  const initHash = createHash('sha256').update(INIT).digest('hex').slice(0, 12);
  const file = path.join(ARTIFACTS, `initramfs-${kernel.release}-busybox-${busyboxStat.size}-init-${initHash}.cpio`);
  if (fs.existsSync(file)) return file;
  const root = path.join(ARTIFACTS, `root-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  try {
    fs.copyFileSync(BUSYBOX, path.join(root, 'busybox'));
    fs.copyFileSync(kernel.fwCfgModule, path.join(root, 'qemu_fw_cfg.ko'));
    fs.writeFileSync(path.join(root, 'init'), INIT, { mode: 0o755 });
    const archive = spawnSync('sh', ['-c', 'printf "init\\nbusybox\\nqemu_fw_cfg.ko\\n" | cpio -o -H newc --quiet'], { cwd: root, maxBuffer: 64 * 1024 ** 2 });
    if (archive.status !== 0) throw new Error(`cpio failed (make test installs it): ${archive.error?.message ?? archive.stderr.toString()}`);
    fs.writeFileSync(`${file}.tmp`, archive.stdout);
    fs.renameSync(`${file}.tmp`, file);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return file;
}

/**
 * QEMU's arguments for the guest: 256 MiB, 2 vCPUs, -cpu max (LA57 there: 5-level paging unless
 * no5lvl). pti=on: the CPU TCG emulates is not flagged for Meltdown, and without it Linux would
 * not isolate its page tables, which the KPTI checks need.
 */
export function guestArguments(kernel: GuestKernel, initramfs: string, fiveLevel: boolean): string[] {
  const append = ['console=ttyS0', 'quiet', 'panic=-1', 'pti=on', ...(fiveLevel ? [] : ['no5lvl'])].join(' ');
  return ['-machine', 'pc', '-m', '256', '-smp', '2', '-cpu', 'max', '-kernel', kernel.vmlinuz, '-initrd', initramfs, '-append', append, '-device', 'vmcoreinfo'];
}

/** What the guest's init printed: its ready line and the kernel symbols it read from /proc/kallsyms. */
export interface GuestConsole {
  /** `vboxcore-guest: ready <release>`. */
  readonly readyLine: string;
  /** _text, entry_SYSCALL_64 (what LSTAR holds) and linux_banner, as the running kernel placed them. */
  readonly symbols: ReadonlyMap<string, bigint>;
}

/** Waits until the guest's init has printed its line on the console; the line and symbols, or an error with the console's tail. */
export async function waitUntilReady(serialFile: string, timeoutMs: number): Promise<GuestConsole> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const console = fs.existsSync(serialFile) ? fs.readFileSync(serialFile, 'latin1') : '';
    const line = console.split('\n').find((row) => row.startsWith(READY));
    if (line !== undefined) {
      const symbols = new Map(console.split('\n').filter((row) => row.startsWith(SYMBOL)).map((row) => {
        const [name, address] = row.slice(SYMBOL.length).trim().split(' ');
        return [name, BigInt(`0x${address}`)] as const;
      }));
      return { readyLine: line.trim(), symbols };
    }
    if (Date.now() > deadline) throw new Error(`the guest did not reach its init within ${timeoutMs} ms; console:\n${console.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a QEMU core does not hold and a VirtualBox one does, taken from QEMU's monitor and the guest. */
export interface MissingRegisters {
  /** EFER of each vCPU (info registers). */
  readonly efer: readonly bigint[];
  /** LSTAR: the kernel's system-call entry (entry_SYSCALL_64, from the guest's /proc/kallsyms). */
  readonly lstar: bigint;
}

/**
 * The same guest written as a VirtualBox 7.0 dump by the builder: QEMU's RAM ranges streamed from
 * the QEMU core, each vCPU's registers copied, EFER and LSTAR added, everything else zero.
 */
export function virtualBoxCopy(qemuDump: VBoxCoreDump, outputPath: string, missing: MissingRegisters): BuiltDump {
  const cpus = qemuDump.cpus.map((cpu, index): DeepPartialCpu => {
    const registers = cpu.registers;
    if (registers === null || registers.producer !== 'qemu') throw new Error(`vCPU ${index} of the QEMU core has no QEMU registers`);
    const { rflags, ...general } = registers.general;
    return {
      general: { ...general, rflags },
      segments: Object.fromEntries(Object.entries(registers.segments).map(([name, segment]) => [name, { ...segment }])),
      control: registers.control,
      gdtr: registers.gdtr,
      idtr: registers.idtr,
      msrs: { efer: missing.efer[index], lstar: missing.lstar, kernelGsBase: registers.kernelGsBase ?? 0n },
    };
  });
  const ranges = qemuDump.ranges.map((range) => ({ physicalAddress: range.physicalStart, size: range.size, mmio: range.declaredFileBytes === 0 }));
  return buildDump(outputPath, { ranges, cpuCount: cpus.length, cpus, memory: qemuDump.physical, unsetRegisters: 'zero' });
}
