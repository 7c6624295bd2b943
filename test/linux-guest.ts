/**
 * A real Linux guest for the tests: Debian's cloud kernel (linux-image-cloud-amd64) booted under
 * QEMU with a tiny initramfs made here from busybox-static and the kernel's own qemu_fw_cfg module
 * (so that `-device vmcoreinfo` gets the kernel's VMCOREINFO into QEMU's dump). The init prints a
 * line on the serial console and spins in user mode; the other vCPU idles in the kernel.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ARTIFACTS = path.resolve(__dirname, '..', 'test-artifacts', 'linux-guest');
const BUSYBOX = '/bin/busybox';
const READY = 'vboxcore-guest: ready';

export interface GuestKernel {
  release: string;
  vmlinuz: string;
  fwCfgModule: string;
}

/** The newest installed Debian kernel with its qemu_fw_cfg module, or an error saying how make test installs one. */
export function guestKernel(): GuestKernel {
  const releases = fs.existsSync('/boot') ? fs.readdirSync('/boot').filter((name) => name.startsWith('vmlinuz-')).map((name) => name.slice('vmlinuz-'.length)).sort() : [];
  for (const release of releases.reverse()) {
    const fwCfgModule = path.join('/lib/modules', release, 'kernel', 'drivers', 'firmware', 'qemu_fw_cfg.ko');
    if (fs.existsSync(fwCfgModule)) return { release, vmlinuz: path.join('/boot', `vmlinuz-${release}`), fwCfgModule };
  }
  throw new Error(`no Debian kernel with qemu_fw_cfg.ko in /boot (found: ${releases.join(', ') || 'none'}): the real-guest tests need linux-image-cloud-amd64, which \`make test\` installs (make system-deps)`);
}

const INIT = `#!/busybox sh
/busybox mkdir -p /proc /sys
/busybox mount -t proc proc /proc
/busybox mount -t sysfs sys /sys
/busybox insmod /qemu_fw_cfg.ko
echo "${READY} $(/busybox uname -r)"
exec /busybox sh -c 'while :; do :; done'
`;

/** The initramfs (newc cpio, uncompressed), built once per kernel and busybox and kept in test-artifacts/. */
export function guestInitramfs(kernel: GuestKernel): string {
  if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: the real-guest tests need busybox-static, which \`make test\` installs (make system-deps)`);
  const busyboxStat = fs.statSync(BUSYBOX);
  const file = path.join(ARTIFACTS, `initramfs-${kernel.release}-busybox-${busyboxStat.size}.cpio`);
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

/** QEMU's arguments for the guest: 256 MiB, 2 vCPUs, -cpu max (LA57 there: 5-level paging unless no5lvl). */
export function guestArguments(kernel: GuestKernel, initramfs: string, fiveLevel: boolean): string[] {
  const append = ['console=ttyS0', 'quiet', 'panic=-1', ...(fiveLevel ? [] : ['no5lvl'])].join(' ');
  return ['-machine', 'pc', '-m', '256', '-smp', '2', '-cpu', 'max', '-kernel', kernel.vmlinuz, '-initrd', initramfs, '-append', append, '-device', 'vmcoreinfo'];
}

/** Waits until the guest's init has printed its line on the console; the line, or an error with the console's tail. */
export async function waitUntilReady(serialFile: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const console = fs.existsSync(serialFile) ? fs.readFileSync(serialFile, 'latin1') : '';
    const line = console.split('\n').find((row) => row.startsWith(READY));
    if (line !== undefined) return line.trim();
    if (Date.now() > deadline) throw new Error(`the guest did not reach its init within ${timeoutMs} ms; console:\n${console.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
