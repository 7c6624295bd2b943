/**
 * A Linux kernel found from a kernel address: the image's start (_text) by stepping down the
 * kernel's own mapping, its version banner by reading forward from there (bounded), and what
 * VMCOREINFO says where the dump has it. Facts from arch/x86/include/asm/page_64_types.h
 * (__START_KERNEL_map, KERNEL_IMAGE_SIZE), arch/x86/mm/init_64.c (cleanup_highmap unmaps the
 * kernel mapping below _text) and init/version.c (linux_banner).
 */
import type { VirtualAddressSpace } from '../address-space/virtual';
import { readMapped, mappedRuns, SearchBudget } from './reading';

/** __START_KERNEL_map: the kernel image's mapping starts here... */
export const LINUX_KERNEL_MAP_START = 0xffff_ffff_8000_0000n;
/** ...and spans KERNEL_IMAGE_SIZE (1 GiB with KASLR); modules are mapped after it. */
export const LINUX_KERNEL_MAP_END = 0xffff_ffff_c000_0000n;
/** Where _text is linked: __START_KERNEL_map + CONFIG_PHYSICAL_START (0x1000000, the default). */
export const LINUX_LINK_ADDRESS = 0xffff_ffff_8100_0000n;
/** The image is mapped in 2 MiB pages, _text aligned to CONFIG_PHYSICAL_ALIGN (2 MiB). */
const IMAGE_ALIGN = 0x20_0000n;
/** The banner is in .rodata, within the image: at most this many bytes from _text are read. */
export const BANNER_SEARCH_BYTES = 64 * 1024 * 1024;
const SEARCH_CHUNK = 1024 * 1024;
const BANNER_PREFIX = Buffer.from('Linux version ', 'latin1');

/** Whether an address is in the kernel image's mapping. */
export function inLinuxKernelMap(address: bigint): boolean {
  return address >= LINUX_KERNEL_MAP_START && address < LINUX_KERNEL_MAP_END;
}

/** _text: the lowest 2 MiB page of the mapped run holding `entry`, inside the kernel mapping. */
export function linuxImageBase(space: VirtualAddressSpace, entry: bigint): bigint | null {
  let base = entry & ~(IMAGE_ALIGN - 1n);
  if (space.walk(base).kind !== 'mapped') return null;
  while (base - IMAGE_ALIGN >= LINUX_KERNEL_MAP_START && space.walk(base - IMAGE_ALIGN).kind === 'mapped') base -= IMAGE_ALIGN;
  return base;
}

/** The banner line and its address: the first "Linux version <release> (" in the image's mapped pages. */
export function findLinuxBanner(space: VirtualAddressSpace, imageBase: bigint, budget: SearchBudget): { address: bigint; text: string } | null {
  const overlap = 512;
  const key = `${space.context.cr3}:${imageBase}`;
  if (budget.seen.has(key)) return null;
  budget.seen.add(key);
  for (const run of mappedRuns(space, imageBase, BANNER_SEARCH_BYTES)) {
    for (let offset = 0; offset < run.length; offset += SEARCH_CHUNK) {
      if (budget.bytesLeft <= 0) return null;
      const start = run.virtualAddress + BigInt(offset);
      const length = Math.min(SEARCH_CHUNK + overlap, run.length - offset);
      budget.bytesLeft -= length;
      const bytes = readMapped(space, start, length);
      if (bytes === null) continue;
      for (let at = bytes.indexOf(BANNER_PREFIX); at >= 0 && at < SEARCH_CHUNK; at = bytes.indexOf(BANNER_PREFIX, at + 1)) {
        const end = bytes.indexOf(0x0a, at);
        const line = bytes.subarray(at, end < 0 ? Math.min(bytes.length, at + 400) : end).toString('latin1');
        // the banner itself (with its build number: Linux 6.1 also keeps a copy without one, "#
        // SMP", in init/version.c), not a format string or a message quoting it
        if (/^Linux version [0-9][^\s]* \(.*\) #[0-9]/.test(line)) return { address: start + BigInt(at), text: line };
      }
    }
  }
  return null;
}

/** The release in a banner ("Linux version 6.1.0-28-cloud-amd64 (...)"). */
export function releaseOfBanner(banner: string): string {
  return banner.split(' ')[2];
}

/** What VMCOREINFO says about the kernel: OSRELEASE and KERNELOFFSET (the KASLR slide). */
export function vmcoreinfoKernel(vmcoreinfo: string | null): { release: string | null; kernelOffset: bigint | null } {
  if (vmcoreinfo === null) return { release: null, kernelOffset: null };
  const release = /^OSRELEASE=(.+)$/m.exec(vmcoreinfo)?.[1] ?? null;
  const offset = /^KERNELOFFSET=([0-9a-f]+)$/m.exec(vmcoreinfo)?.[1];
  return { release, kernelOffset: offset === undefined ? null : BigInt(`0x${offset}`) };
}
