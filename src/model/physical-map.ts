import { Producer, RangeKind } from './types';

const FOUR_GIB = 0x1_0000_0000;
/** VirtualBox's VGA/VRAM range starts here; everything above it up to 4 GiB is device space. */
const VRAM_START = 0xe000_0000;
/** Legacy option ROM and BIOS window below 1 MiB. */
const LEGACY_ROM_START = 0xc_0000;
const LEGACY_ROM_END = 0x10_0000;
/** The BIOS is shadowed just below 4 GiB; VirtualBox maps at most 1 MiB of it there. */
const HIGH_BIOS_MAX_SIZE = 0x10_0000;
/** x86 physical addresses have at most 52 bits. */
export const PHYSICAL_ADDRESS_LIMIT = 2 ** 52;

/**
 * The inference rule for a range's kind. VirtualBox's file carries no names, so this is a
 * guess from the address map VirtualBox uses, and says so:
 * 1. no bytes in the file (p_filesz 0)                         -> mmio
 * 2. inside 0xc0000-0xfffff (option ROMs, legacy BIOS)          -> rom
 * 3. ends exactly at 4 GiB and is at most 1 MiB (BIOS shadow)   -> rom
 * 4. starts at or above 4 GiB                                   -> ram (RAM above the PCI hole)
 * 5. starts below 0xe0000000                                    -> ram (RAM below the PCI hole)
 * 6. starts exactly at 0xe0000000                               -> vram (VGA memory)
 * 7. anything else between 0xe0000000 and 4 GiB                 -> device (device memory, MMIO2)
 * QEMU's map has no VRAM at 0xe0000000 (its VGA memory is a PCI BAR anywhere in the hole), so
 * for QEMU cores rule 6 is left out and the hole's ranges are device memory.
 */
export function inferRangeKind(
  physicalStart: number,
  size: number,
  declaredFileBytes: number,
  producer: Producer = 'virtualbox',
): {
  /** The kind inferred. */
  kind: RangeKind;
  /** The rule that decided it, in words. */
  reason: string;
} {
  const physicalEnd = physicalStart + size;
  if (declaredFileBytes === 0) return { kind: 'mmio', reason: 'no bytes in the file (p_filesz 0): MMIO' };
  if (physicalStart >= LEGACY_ROM_START && physicalEnd <= LEGACY_ROM_END) return { kind: 'rom', reason: 'inside 0xc0000-0xfffff: option ROM or legacy BIOS' };
  if (physicalEnd === FOUR_GIB && size <= HIGH_BIOS_MAX_SIZE) return { kind: 'rom', reason: 'ends at 4 GiB, at most 1 MiB: BIOS shadow' };
  if (physicalStart >= FOUR_GIB) return { kind: 'ram', reason: 'at or above 4 GiB: RAM above the PCI hole' };
  if (physicalStart < VRAM_START) return { kind: 'ram', reason: 'below 0xe0000000: RAM below the PCI hole' };
  if (producer === 'qemu') return { kind: 'device', reason: 'between 0xe0000000 and 4 GiB: device memory (a PCI BAR, such as VGA memory)' };
  if (physicalStart === VRAM_START) return { kind: 'vram', reason: 'starts at 0xe0000000: VGA memory' };
  return { kind: 'device', reason: 'between 0xe0000000 and 4 GiB: device memory (MMIO2)' };
}
