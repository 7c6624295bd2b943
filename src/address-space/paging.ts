import { CR0_PG, CR4_LA57, CR4_PAE, CR4_PSE, EFER_LMA, EFER_LME, EFER_NXE, bitSet } from '../cpu/bits';
import { VboxCoreError } from '../errors';
import { CpuRegisters } from '../model/types';
import type { PageTableRoots } from '../cpu/page-table-roots';

/** x86 paging modes (Intel SDM vol. 3A, 4.1.1), plus 'none' for paging switched off. */
export type PagingMode = 'none' | '32-bit' | 'pae' | '4-level' | '5-level';

/** Every paging mode, for argument checks and help texts. */
export const PAGING_MODES: readonly PagingMode[] = ['none', '32-bit', 'pae', '4-level', '5-level'];

/** The name of a page-table level, as the Intel SDM names it. */
export type LevelName = 'PML5' | 'PML4' | 'PDPT' | 'PD' | 'PT';

/** One level of the page-table tree: which virtual-address bits index it and how wide its entries are. */
export interface PagingLevel {
  /** The level's name. */
  readonly name: LevelName;
  /** The lowest virtual-address bit of this level's index. */
  readonly shift: number;
  /** How many virtual-address bits index it (9, or 10 in 32-bit paging, 2 for a PAE PDPT). */
  readonly indexBits: number;
  /** Bytes per entry. */
  readonly entrySize: 4 | 8;
  /** Whether PS=1 here maps a page (2 MiB, 4 MiB or 1 GiB) instead of pointing at a table. */
  readonly largePages: boolean;
  /** PAE's PDPT entries have no R/W, U/S or NX bits. */
  readonly permissionBits: boolean;
}

/** What a walk needs: the mode, the table root and the bits that change entry meanings. */
export interface PagingContext {
  /** The paging mode. */
  readonly mode: PagingMode;
  /** CR3: the root table's physical address (with its low flag bits, which the walk masks). */
  readonly cr3: bigint;
  /** CR4.PSE: 4 MiB pages in 32-bit paging. */
  readonly pse: boolean;
  /** EFER.NXE: bit 63 of entries means no-execute (else it is reserved). */
  readonly nxe: boolean;
  /**
   * MAXPHYADDR: entry bits from here up to 51 are reserved. No dump records it (CPUID is not in
   * the notes), so it is 52 unless a caller knows better (then fewer bits are allowed).
   */
  readonly physicalAddressBits?: number;
  /** Where each setting came from, in words (the vCPU's registers, or an override). */
  readonly source: string;
  /** PCID and KPTI: what the tables at CR3 are, where a vCPU's space was asked for (see `pageTableRootsFrom`). */
  readonly tables?: PageTableRoots;
}

const level = (name: LevelName, shift: number, indexBits: number, entrySize: 4 | 8, largePages: boolean, permissionBits = true): PagingLevel => ({ name, shift, indexBits, entrySize, largePages, permissionBits });

/** The levels of each mode, root first. */
export function levelsOf(mode: PagingMode, pse: boolean): readonly PagingLevel[] {
  switch (mode) {
    case 'none':
      return [];
    case '32-bit':
      return [level('PD', 22, 10, 4, pse), level('PT', 12, 10, 4, false)];
    case 'pae':
      return [level('PDPT', 30, 2, 8, false, false), level('PD', 21, 9, 8, true), level('PT', 12, 9, 8, false)];
    case '4-level':
      return [level('PML4', 39, 9, 8, false), level('PDPT', 30, 9, 8, true), level('PD', 21, 9, 8, true), level('PT', 12, 9, 8, false)];
    case '5-level':
      return [level('PML5', 48, 9, 8, false), level('PML4', 39, 9, 8, false), level('PDPT', 30, 9, 8, true), level('PD', 21, 9, 8, true), level('PT', 12, 9, 8, false)];
  }
}

/**
 * Bits of linear address the mode translates: 32, 48 or 57. With paging off the CPU is outside
 * long mode, so linear addresses have 32 bits and equal physical ones; wider ones are refused,
 * not passed through.
 */
export function virtualAddressBits(mode: PagingMode): number {
  return mode === '5-level' ? 57 : mode === '4-level' ? 48 : 32;
}

/** The physical address of the root table: CR3 without its flag and PCID bits. */
export function rootTableAddress(context: PagingContext): bigint {
  switch (context.mode) {
    case '32-bit':
      return context.cr3 & 0xffff_f000n;
    case 'pae':
      return context.cr3 & 0xffff_ffe0n;
    default:
      return context.cr3 & 0x000f_ffff_ffff_f000n;
  }
}

/** The paging mode a vCPU was in, by the rule of Intel SDM vol. 3A, table 4-1. */
export function pagingModeOf(registers: CpuRegisters): PagingMode {
  const { cr0, cr4 } = registers.control;
  if (!bitSet(cr0, CR0_PG)) return 'none';
  if (!bitSet(cr4, CR4_PAE)) return '32-bit';
  if (longModeOf(registers)) return bitSet(cr4, CR4_LA57) ? '5-level' : '4-level';
  return 'pae';
}

/** EFER.LMA (or LME) from VirtualBox's EFER; QEMU's note has no EFER, see QemuCpuRegisters.longModeActive. */
function longModeOf(registers: CpuRegisters): boolean {
  if (registers.producer === 'qemu') return registers.longModeActive;
  return bitSet(registers.msrs.efer, EFER_LMA) || bitSet(registers.msrs.efer, EFER_LME);
}

/**
 * EFER.NXE: whether bit 63 of an entry means no-execute. QEMU's note does not say; taken as set,
 * as every OS that uses PAE or long mode today sets it (with NXE clear, bit 63 would be reserved).
 */
function noExecuteEnabled(registers: CpuRegisters): boolean {
  return registers.producer === 'qemu' ? true : bitSet(registers.msrs.efer, EFER_NXE);
}

/** What a caller puts in place of the vCPU's own paging settings. */
export interface PagingOverrides {
  /** The mode to walk in, instead of the one CR0/CR4/EFER give. */
  readonly mode?: PagingMode;
  /** The table root, instead of the vCPU's CR3 (for another process's tables). */
  readonly cr3?: bigint;
  /** MAXPHYADDR, where the caller knows it (36 to 52); entry bits above it are reserved. */
  readonly physicalAddressBits?: number;
}

/** The widest physical address x86 paging has: 52 bits. */
export const MAX_PHYSICAL_ADDRESS_BITS = 52;

/** The context of a vCPU's registers, with the mode or CR3 replaced where the caller says so. */
export function pagingContextOf(registers: CpuRegisters, overrides: PagingOverrides = {}): PagingContext {
  const mode = overrides.mode ?? pagingModeOf(registers);
  const cr3 = overrides.cr3 ?? registers.control.cr3;
  const modeSource = registers.producer === 'qemu' ? 'mode from CR0/CR4 and e_machine with NX on, QEMU cores holding no EFER' : 'mode from CR0/CR4/EFER';
  const parts = [overrides.mode === undefined ? modeSource : 'mode given', overrides.cr3 === undefined ? 'CR3 from the vCPU' : 'CR3 given'];
  return { mode, cr3, pse: bitSet(registers.control.cr4, CR4_PSE), nxe: noExecuteEnabled(registers), source: parts.join(', '), ...physicalBits(overrides.physicalAddressBits) };
}

/** A context with no vCPU behind it: every setting is given (PSE and NXE on, as modern guests run). */
export function givenPagingContext(mode: PagingMode, cr3: bigint, physicalAddressBits?: number): PagingContext {
  return { mode, cr3, pse: true, nxe: true, source: 'mode and CR3 given', ...physicalBits(physicalAddressBits) };
}

function physicalBits(bits: number | undefined): { physicalAddressBits?: number } {
  if (bits === undefined) return {};
  if (!Number.isInteger(bits) || bits < 32 || bits > MAX_PHYSICAL_ADDRESS_BITS) throw new VboxCoreError('INVALID_ARGUMENT', `physicalAddressBits ${String(bits)} is not a MAXPHYADDR (a whole number from 32 to ${MAX_PHYSICAL_ADDRESS_BITS})`);
  return { physicalAddressBits: bits };
}
