/**
 * A hand-off to Volatility 3: the kernel's layer as its configuration file (`vol -c FILE`)
 * holds it, so that Volatility skips the scans it would run to find the page-table root (DTB)
 * and the kernel's virtual base, which vboxcore took from the CPU state. The keys are the Intel
 * layer's requirements (volatility3/framework/layers/intel.py: memory_layer, page_map_offset,
 * kernel_virtual_offset, kernel_banner) under the plugins' kernel module requirement; Volatility 3
 * still needs the kernel's symbols (an ISF made by dwarf2json for Linux, or from the PDB named
 * here for Windows).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VboxCoreError } from '../errors';
import type { KernelIdentity } from '../guest-kernel/types';

/** The memory image the configuration points Volatility 3 at. */
export interface VolatilityImage {
  /** The exported file (made absolute in the file URL). */
  readonly path: string;
  /** Its format: raw (offset = physical address) or LiME. */
  readonly format: 'raw' | 'lime';
}

/** Volatility 3's configuration: dotted keys under the plugin, as `vol --save-config` writes them. */
export type VolatilityConfig = Record<string, string | number>;

const LAYERS = 'volatility3.framework.layers';

/** The configuration for the kernel `identifyKernel` named, over an exported image. */
export function volatilityConfig(kernel: KernelIdentity, image: VolatilityImage): VolatilityConfig {
  if (kernel.os === null || kernel.kernelCr3 === null) throw new VboxCoreError('KERNEL_NOT_FOUND', `no guest kernel was named from the CPU state (${kernel.reason ?? 'no kernel page tables'}), so there is no DTB or kernel base for Volatility 3`);
  if (kernel.pagingMode !== '4-level') throw new VboxCoreError('KERNEL_NOT_FOUND', `the kernel's tables are in ${kernel.pagingMode} paging; Volatility 3's Intel32e layers read 4-level tables only`);
  if (kernel.os === 'linux' && kernel.kaslrSlide === null) throw new VboxCoreError('KERNEL_NOT_FOUND', 'the Linux kernel was named by VMCOREINFO without KERNELOFFSET, so its virtual offset is unknown');
  if (kernel.os === 'windows' && kernel.virtualBase === null) throw new VboxCoreError('KERNEL_NOT_FOUND', 'the Windows kernel image\'s base is unknown');
  const location = pathToFileURL(path.resolve(image.path)).href;
  const memory: VolatilityConfig = image.format === 'raw'
    ? { 'kernel.layer_name.memory_layer.class': `${LAYERS}.physical.FileLayer`, 'kernel.layer_name.memory_layer.location': location }
    : { 'kernel.layer_name.memory_layer.class': `${LAYERS}.lime.LimeLayer`, 'kernel.layer_name.memory_layer.base_layer.class': `${LAYERS}.physical.FileLayer`, 'kernel.layer_name.memory_layer.base_layer.location': location };
  // Volatility's Intel layers take the DTB with its flag and PCID bits, which they mask.
  const pageMapOffset = Number(kernel.kernelCr3 & 0x000f_ffff_ffff_f000n);
  const common: VolatilityConfig = { 'automagic.LayerStacker.single_location': location, ...memory, 'kernel.layer_name.page_map_offset': pageMapOffset };
  if (kernel.os === 'linux') {
    return {
      ...common,
      'kernel.layer_name.class': `${LAYERS}.intel.Intel32e`,
      // the virtual KASLR shift (Volatility's aslr_shift): _text less its link address
      'kernel.layer_name.kernel_virtual_offset': bigintToNumber(kernel.kaslrSlide!),
      ...(kernel.banner === null ? {} : { 'kernel.layer_name.kernel_banner': `${kernel.banner}\n\u0000` }),
    };
  }
  return { ...common, 'kernel.layer_name.class': `${LAYERS}.intel.WindowsIntel32e`, 'kernel.layer_name.kernel_virtual_offset': bigintToNumber(kernel.virtualBase!), 'kernel.offset': bigintToNumber(kernel.virtualBase!) };
}

/**
 * Volatility reads its configuration with Python's json module, whose integers are exact at any
 * size; JavaScript's JSON.stringify is not, so values past 2^53 are written by `volatilityConfigText`.
 */
function bigintToNumber(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : `${value}n`;
}

/** The configuration as JSON text, integers exact (a kernel base near 2^64 included). */
export function volatilityConfigText(config: VolatilityConfig): string {
  const body = JSON.stringify(config, null, 2).replace(/"(\d+)n"/g, '$1');
  return `${body}\n`;
}
