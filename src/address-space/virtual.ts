import { VboxCoreError } from '../errors';
import { hex } from '../model/numbers';
import { AddressInput, toAddress } from './address';
import { LevelName, MAX_PHYSICAL_ADDRESS_BITS, PagingContext, PagingLevel, levelsOf, rootTableAddress, virtualAddressBits } from './paging';
import { checkReadLength, checkReadOptions, checkReadTarget, PhysicalAddressSpace, ReadOptions } from './physical';

/** The bits of one page-table entry, decoded. */
export interface EntryFlags {
  /** P (bit 0): the entry is used. */
  readonly present: boolean;
  /** R/W (bit 1): writes allowed. */
  readonly writable: boolean;
  /** U/S (bit 2): user mode allowed. */
  readonly user: boolean;
  /** PWT (bit 3). */
  readonly writeThrough: boolean;
  /** PCD (bit 4). */
  readonly cacheDisabled: boolean;
  /** A (bit 5). */
  readonly accessed: boolean;
  /** D (bit 6), in entries that map a page. */
  readonly dirty: boolean;
  /** PS: the entry maps a large page. Only at levels that allow one (a 32-bit PD only with CR4.PSE); false elsewhere. */
  readonly largePage: boolean;
  /** Bit 7 of an entry that maps a 4 KiB page: PAT, not PS. */
  readonly pat: boolean;
  /** G (bit 8), in entries that map a page. */
  readonly global: boolean;
  /** Bit 63 with EFER.NXE set. */
  readonly noExecute: boolean;
}

/** One step of a walk: which entry of which table was read, and what it holds. */
export interface WalkStep {
  /** The table's level (PML4, PDPT, PD, PT...). */
  readonly level: LevelName;
  /** The entry's index in its table. */
  readonly index: number;
  /** Physical address of the table. */
  readonly tableAddress: bigint;
  /** Physical address of the entry. */
  readonly entryAddress: bigint;
  /** The entry's value. */
  readonly entry: bigint;
  /** The entry's bits, decoded. */
  readonly flags: EntryFlags;
}

/** The access a mapping allows, every level of the walk combined. */
export interface PagePermissions {
  /** R/W set at every level. */
  readonly writable: boolean;
  /** U/S set at every level. */
  readonly user: boolean;
  /** No level sets NX (with EFER.NXE). */
  readonly executable: boolean;
}

/** Why a virtual address does not translate. */
export type FaultReason =
  /** a table entry on the way has P=0 */
  | 'not-present'
  /** the address is not sign-extended from the mode's top bit */
  | 'non-canonical'
  /** the address is wider than the mode translates (32-bit and PAE paging) */
  | 'outside-address-width'
  /** a table lies where the dump holds no bytes (a gap, MMIO, a truncated range) */
  | 'table-unreadable'
  /** an entry on the way sets bits the CPU reserves (bit 63 without EFER.NXE, PS in a PML4 entry...): a page fault with RSVD */
  | 'reserved-bit';

/** A virtual address that does not translate, and where the walk stopped. */
export interface PageFault {
  /** Why. */
  readonly reason: FaultReason;
  /** The address asked for. */
  readonly virtualAddress: bigint;
  /** The level whose entry (or table) stopped the walk; null for address checks. */
  readonly level: LevelName | null;
  /** The entry's index in its table; null for address checks. */
  readonly index: number | null;
  /** Physical address of the entry; null for address checks and unreadable tables. */
  readonly entryAddress: bigint | null;
  /** The entry's value; null where no entry was read. */
  readonly entry: bigint | null;
  /** First virtual address the same fault covers (what the faulting entry would map). */
  readonly coverStart: bigint;
  /** Exclusive end of what the same fault covers. */
  readonly coverEnd: bigint;
  /** The fault in words. */
  readonly message: string;
}

/** A virtual address that translates, and the page it is in. */
export interface MappedPage {
  /** The address asked for. */
  readonly virtualAddress: bigint;
  /** Its guest-physical address. */
  readonly physicalAddress: bigint;
  /** First virtual address of the page. */
  readonly pageVirtualAddress: bigint;
  /** First physical address of the page. */
  readonly pagePhysicalAddress: bigint;
  /** 4 KiB, 2 MiB, 4 MiB or 1 GiB. */
  readonly pageSize: number;
  /** The access the walk allows. */
  readonly permissions: PagePermissions;
}

/** A page walk, step by step, ending in a page or a fault. */
export type Walk =
  | {
      /** The address translates. */
      readonly kind: 'mapped';
      /** The entries read, root first. */
      readonly steps: readonly WalkStep[];
      /** Where it leads. */
      readonly page: MappedPage;
    }
  | {
      /** The address does not translate. */
      readonly kind: 'fault';
      /** The entries read before the fault, root first. */
      readonly steps: readonly WalkStep[];
      /** Why it stopped. */
      readonly fault: PageFault;
    };

/** Virtual addresses backed by physical ones (each page's physical run may itself be a hole). */
export interface VirtualDataRun {
  /** Tells data runs from faults. */
  readonly kind: 'data';
  /** First virtual address. */
  readonly virtualAddress: bigint;
  /** Bytes in the run (physically contiguous). */
  readonly length: number;
  /** The physical address of its first byte. */
  readonly physicalAddress: bigint;
}

/** Virtual addresses that do not translate. */
export interface VirtualFaultRun {
  /** Tells faults from data runs. */
  readonly kind: 'fault';
  /** First virtual address. */
  readonly virtualAddress: bigint;
  /** Bytes in the run. */
  readonly length: number;
  /** Why they do not translate. */
  readonly fault: PageFault;
}

/** One piece of the answer to the virtual `mapping(address, length)`. */
export type VirtualRun = VirtualDataRun | VirtualFaultRun;

/** A coalesced stretch of mapped virtual addresses with one page size and one set of permissions. */
export interface VirtualMapping extends PagePermissions {
  /** First virtual address. */
  readonly virtualStart: bigint;
  /** Exclusive end. */
  readonly virtualEnd: bigint;
  /** virtualEnd - virtualStart. */
  readonly size: bigint;
  /** The size of its pages. */
  readonly pageSize: number;
  /** How many pages. */
  readonly pages: number;
  /** Physical address of the first page. */
  readonly physicalStart: bigint;
  /** Whether the physical pages follow each other as the virtual ones do. */
  readonly physicallyContiguous: boolean;
  /**
   * How many times the same physical pages are mapped in a row, one repeat every `repeatStride`
   * bytes from `virtualStart` (1: this mapping alone). Linux's espfix maps one page 65,536 times
   * in a row; folded, that is one row and not two thirds of the listing's cap. virtualEnd and size
   * are the first repeat's; `repeatsEnd` ends the last.
   */
  readonly repeats: number;
  /** Bytes from one repeat's start to the next; null when there is one. */
  readonly repeatStride: bigint | null;
  /** Exclusive end of the last repeat (virtualEnd when there is one). */
  readonly repeatsEnd: bigint;
}

/** A page table that is not in the dump. */
export interface UnreadableTable {
  /** Its level. */
  readonly level: LevelName;
  /** Its physical address. */
  readonly tableAddress: bigint;
  /** The virtual addresses that table would map. */
  readonly virtualStart: bigint;
  /** Exclusive end of those addresses. */
  readonly virtualEnd: bigint;
}

/** What `maps` found. */
export interface MapsListing {
  /** The mapped ranges, in virtual address order. */
  readonly mappings: readonly VirtualMapping[];
  /** Tables read (each read once). */
  readonly tablesRead: number;
  /** Entries looked at, counted against the entry budget. */
  readonly entriesExamined: number;
  /** The first tables that are not in the dump (at most `unreadableTablesListed`)... */
  readonly unreadableTables: readonly UnreadableTable[];
  /** ...and how many there were in all. */
  readonly unreadableTableCount: number;
  /** True when a budget stopped the walk (hostile or looping tables): the listing is incomplete. */
  readonly truncated: boolean;
  /** Which budget stopped it, or null ('table-limit': the asynchronous maps() fetches at most 16,384 tables). */
  readonly stopReason: 'entry-budget' | 'mapping-limit' | 'table-limit' | null;
  /** Present entries left out because they set reserved bits (an access through them faults). */
  readonly reservedBitEntries: number;
}

/** Budgets for `maps`, which hostile tables can make arbitrarily long. */
export interface MapsOptions {
  /** Stop after examining this many entries (default 2^25: a fully mapped 128 GiB of 4 KiB pages). */
  readonly entryBudget?: number;
  /** Stop after this many mappings (default 100,000): tables whose every page differs from the next would list millions. */
  readonly mappingLimit?: number;
  /** Name at most this many unreadable tables (default 64); the rest are counted. */
  readonly unreadableTablesListed?: number;
}

/** The budgets `maps` runs with unless told otherwise: the CLI's, and what the fuzzer checks. */
export const MAPS_BUDGETS = { entryBudget: 2 ** 25, mappingLimit: 100_000, unreadableTablesListed: 64 } as const;

function budgetOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new VboxCoreError('INVALID_ARGUMENT', `maps option ${name} ${String(value)} is not a non-negative integer`);
  return value;
}
/**
 * Translations kept: first 4,096 pages (48 KiB of typed arrays), which is all that a space used
 * for a few walks (kernel naming, vtop) needs; after twice that many walks the cache becomes
 * 262,144 pages (1 GiB of address space, 4 MiB of typed arrays) for bulk reads.
 */
const FIRST_PAGE_CACHE_SLOTS = 4096;
const PAGE_CACHE_SLOTS = 262_144;
/** Page tables kept by walks: at most 4096 tables (16 MiB), whatever the size of the dump. */
const TABLE_CACHE_ENTRIES = 4096;
const PAGE_FLAG_BITS = { present: 0, writable: 1, user: 2, writeThrough: 3, cacheDisabled: 4, accessed: 5, dirty: 6, largePage: 7, global: 8 } as const;

/**
 * The flags of an entry given as its 32-bit halves (NX is bit 31 of the high half). Bit 7 is PS
 * where the level can map a large page, PAT in an entry that maps a 4 KiB page, and ignored in
 * a 32-bit page directory without CR4.PSE.
 */
function decodeFlags(low: number, high: number, nxe: boolean, level: PagingLevel): EntryFlags {
  const bit = (position: number): boolean => ((low >>> position) & 1) === 1;
  const bit7 = bit(PAGE_FLAG_BITS.largePage);
  return {
    present: bit(PAGE_FLAG_BITS.present),
    writable: bit(PAGE_FLAG_BITS.writable),
    user: bit(PAGE_FLAG_BITS.user),
    writeThrough: bit(PAGE_FLAG_BITS.writeThrough),
    cacheDisabled: bit(PAGE_FLAG_BITS.cacheDisabled),
    accessed: bit(PAGE_FLAG_BITS.accessed),
    dirty: bit(PAGE_FLAG_BITS.dirty),
    largePage: level.largePages && bit7,
    pat: level.shift === 12 && bit7,
    global: bit(PAGE_FLAG_BITS.global),
    noExecute: nxe && high >>> 31 === 1,
  };
}

/**
 * The physical address an entry points at: the next table, or the base of the page it maps. The
 * entry comes as its two 32-bit halves and the address as a number (it has at most 52 bits), so
 * the walk and the maps() scan share this one rule.
 */
function entryTarget(low: number, high: number, level: PagingLevel, mapsPage: boolean): number {
  if (level.entrySize === 4) {
    if (!mapsPage || level.shift === 12) return (low & 0xffff_f000) >>> 0;
    // 4 MiB page: bits 31..22, and PSE-36's bits 20..13 give physical bits 39..32
    return ((low & 0xffc0_0000) >>> 0) + ((low >>> 13) & 0xff) * 2 ** 32;
  }
  // Pages are at most 1 GiB, so the bits below the page (or table) base are all in the low half.
  const lowMask = mapsPage ? -(1 << level.shift) : -0x1000;
  return (high & 0x000f_ffff) * 2 ** 32 + ((low & lowMask) >>> 0);
}

/**
 * The bits an entry may not set at one level, as masks of its 32-bit halves: where a present
 * entry sets one, the CPU faults (RSVD) instead of translating (Intel SDM vol. 3A, 4.3 to 4.5).
 */
interface ReservedMasks {
  /** Low-half bits reserved in an entry that points at a table. */
  readonly lowTable: number;
  /** Low-half bits reserved in an entry that maps a page. */
  readonly lowPage: number;
  /** High-half bits reserved in either. */
  readonly high: number;
}

/** A mask of bits `from` to `to` (inclusive) of a 32-bit half; none when from > to. */
function bitRange(from: number, to: number): number {
  let mask = 0;
  for (let bit = from; bit <= to; bit++) mask |= 1 << bit;
  return mask >>> 0;
}

/**
 * The reserved bits of each level: bit 63 without EFER.NXE (always in a PAE PDPT entry); address
 * bits from MAXPHYADDR to 51 (to 62 in PAE paging); PS in a PML5 or PML4 entry; PAE PDPT entries' bits 1, 2 and 5 to 8;
 * the bits between PAT and the base of a large page (2 MiB: 13-20, 1 GiB: 13-29); and in 32-bit
 * paging a 4 MiB page's bit 21 and the PSE-36 bits above MAXPHYADDR.
 */
function reservedMasksOf(levels: readonly PagingLevel[], context: PagingContext): ReservedMasks[] {
  const physicalBits = context.physicalAddressBits ?? MAX_PHYSICAL_ADDRESS_BITS;
  return levels.map((level) => {
    if (level.entrySize === 4) {
      // PSE-36: page-directory bits 13 to 20 hold physical bits 32 to 39.
      return { lowTable: 0, lowPage: level.shift === 22 ? (bitRange(21, 21) | bitRange(13 + Math.max(0, physicalBits - 32), 20)) >>> 0 : 0, high: 0 };
    }
    const pdpt = !level.permissionBits;
    // Bits 52 to 62 are free for software in IA-32e paging, reserved in PAE paging.
    const addressTop = context.mode === 'pae' ? 30 : 19;
    const high = (bitRange(physicalBits - 32, addressTop) | (pdpt || !context.nxe ? bitRange(31, 31) : 0)) >>> 0;
    const lowTable = level.name === 'PML5' || level.name === 'PML4' ? bitRange(7, 7) : pdpt ? (bitRange(1, 2) | bitRange(5, 8)) >>> 0 : 0;
    const lowPage = level.shift === 30 ? bitRange(13, 29) : level.shift === 21 ? bitRange(13, 20) : 0;
    return { lowTable, lowPage, high };
  });
}

/** The reserved bits an entry sets, as bit numbers (highest first); empty when it sets none. */
function reservedBitsSet(masks: ReservedMasks, low: number, high: number, mapsPage: boolean): number[] {
  const lowSet = (low & (mapsPage ? masks.lowPage : masks.lowTable)) >>> 0;
  const highSet = (high & masks.high) >>> 0;
  const bits: number[] = [];
  for (let bit = 31; bit >= 0; bit--) if ((highSet >>> bit) & 1) bits.push(bit + 32);
  for (let bit = 31; bit >= 0; bit--) if ((lowSet >>> bit) & 1) bits.push(bit);
  return bits;
}

/**
 * A guest-virtual address space: the page tables of one vCPU (or a given CR3) walked over the
 * physical layer. Like the physical space it answers `mapping(address, length)` with runs (of
 * physical addresses, or faults), and `read` is built on that.
 */
export class VirtualAddressSpace {
  /** The paging levels walked, root first. */
  readonly levels: readonly PagingLevel[];
  private readonly addressBits: number;
  /** Per level, the bits a present entry may not set. */
  private readonly reserved: readonly ReservedMasks[];
  /**
   * Tables by size (a PAE PDPT is 32 bytes, every other table 4 KiB) and then by address: a PDPT
   * may share its address with a directory, and one must never be handed out as the other.
   */
  private readonly tableCaches = new Map<number, Map<number, Buffer | null>>();
  /**
   * The translation cache, direct-mapped: slot (page number mod size) holds a virtual 4 KiB page
   * (its address halves) and the physical page it translates to; a new page takes the slot over.
   * A dump's tables never change, so nothing else ever invalidates it.
   */
  // Made on the first fast read, not with the space, and small until the space proves to be
  // used for bulk reads (FIRST_PAGE_CACHE_SLOTS).
  private cachedHigh: Int32Array | null = null;
  private cachedLow: Int32Array | null = null;
  private cachedPhysical: Float64Array | null = null;
  /** Walks since the cache was made: what tells a space used for bulk reads. */
  private pageCacheWalks = 0;
  /** Where the last fast walk ended: the table holding the entry that maps the page, and its level. */
  private leafTable: Buffer | null = null;
  private leafIndex = 0;
  private leafLevel: PagingLevel | null = null;
  private leafDepth = 0;
  /** The root table's physical address, as a number (it has at most 52 bits). */
  private readonly rootTable: number;
  /** Per level, the table the last fast walk read there (address -1: none yet). */
  private readonly lastTableAddress: Float64Array;
  private readonly lastTable: (Buffer | null)[];

  /**
   * @param physical the layer the tables and pages are read from
   * @param context the paging mode and CR3
   */
  constructor(
    readonly physical: PhysicalAddressSpace,
    readonly context: PagingContext,
  ) {
    this.levels = levelsOf(context.mode, context.pse);
    this.addressBits = virtualAddressBits(context.mode);
    this.reserved = reservedMasksOf(this.levels, context);
    this.rootTable = Number(rootTableAddress(context));
    this.lastTableAddress = new Float64Array(this.levels.length).fill(-1);
    this.lastTable = this.levels.map(() => null);
  }

  /** Walks the tables for one address, level by level. */
  walk(address: AddressInput): Walk {
    const virtualAddress = toAddress(address, 'virtual address');
    const addressFault = this.checkAddress(virtualAddress);
    if (addressFault !== null) return { kind: 'fault', steps: [], fault: addressFault };
    if (this.context.mode === 'none') {
      const pageVirtualAddress = virtualAddress & ~0xfffn;
      return { kind: 'mapped', steps: [], page: { virtualAddress, physicalAddress: virtualAddress, pageVirtualAddress, pagePhysicalAddress: pageVirtualAddress, pageSize: 0x1000, permissions: { writable: true, user: true, executable: true } } };
    }
    const steps: WalkStep[] = [];
    let tableAddress = rootTableAddress(this.context);
    let writable = true;
    let user = true;
    let noExecute = false;
    // Indexes come from 32-bit halves: BigInt shifts per level cost more than the table lookups.
    const low32 = Number(virtualAddress & 0xffff_ffffn);
    const high32 = Number(virtualAddress >> 32n);
    for (const [depth, level] of this.levels.entries()) {
      const mask = (1 << level.indexBits) - 1;
      const index = level.shift >= 32 ? (high32 >>> (level.shift - 32)) & mask : ((low32 >>> level.shift) | (high32 << (32 - level.shift))) & mask;
      const entryAddress = tableAddress + BigInt(index * level.entrySize);
      const table = this.table(tableAddress, level);
      if (table === null) {
        return { kind: 'fault', steps, fault: { reason: 'table-unreadable', virtualAddress, level: level.name, index, entryAddress, entry: null, ...this.tableCover(virtualAddress, depth), message: `${hex(virtualAddress)}: the ${level.name} table at physical ${hex(tableAddress)} is not in the dump (entry ${index} at ${hex(entryAddress)} cannot be read)` } };
      }
      // The entry as 32-bit halves for the address rule, and exactly as a BigInt for the step.
      const low = table.readUInt32LE(index * level.entrySize);
      const high = level.entrySize === 8 ? table.readUInt32LE(index * 8 + 4) : 0;
      const entry = level.entrySize === 8 ? table.readBigUInt64LE(index * 8) : BigInt(low);
      const flags = decodeFlags(low, high, this.context.nxe, level);
      steps.push({ level: level.name, index, tableAddress, entryAddress, entry, flags });
      if (!flags.present) {
        const coverStart = (virtualAddress >> BigInt(level.shift)) << BigInt(level.shift);
        const cover = { coverStart, coverEnd: coverStart + (1n << BigInt(level.shift)) };
        return { kind: 'fault', steps, fault: { reason: 'not-present', virtualAddress, level: level.name, index, entryAddress, entry, ...cover, message: `${hex(virtualAddress)} is not mapped: ${level.name} entry ${index} at physical ${hex(entryAddress)} is ${hex(entry)}, not present` } };
      }
      const mapsPage = level.shift === 12 || flags.largePage;
      const reservedBits = reservedBitsSet(this.reserved[depth], low, high, mapsPage);
      if (reservedBits.length > 0) {
        const coverStart = (virtualAddress >> BigInt(level.shift)) << BigInt(level.shift);
        const cover = { coverStart, coverEnd: coverStart + (1n << BigInt(level.shift)) };
        return { kind: 'fault', steps, fault: { reason: 'reserved-bit', virtualAddress, level: level.name, index, entryAddress, entry, ...cover, message: `${hex(virtualAddress)} faults: ${level.name} entry ${index} at physical ${hex(entryAddress)} is ${hex(entry)}, which sets reserved bit(s) ${reservedBits.join(', ')}${this.reservedReason(reservedBits, level)} (the CPU takes a page fault with RSVD)` } };
      }
      if (level.permissionBits) {
        writable &&= flags.writable;
        user &&= flags.user;
        noExecute ||= flags.noExecute;
      }
      const target = BigInt(entryTarget(low, high, level, mapsPage));
      if (mapsPage) {
        const pageSize = 2 ** level.shift;
        const offset = virtualAddress & BigInt(pageSize - 1);
        return {
          kind: 'mapped',
          steps,
          page: { virtualAddress, physicalAddress: target + offset, pageVirtualAddress: virtualAddress - offset, pagePhysicalAddress: target, pageSize, permissions: { writable, user, executable: !noExecute } },
        };
      }
      tableAddress = target;
    }
    throw new Error('unreachable: the last level always maps a page');
  }

  /**
   * The physical address of the virtual address given by its 32-bit halves, through the
   * translation cache and a walk that allocates nothing; -1 where the full walk must answer (a
   * fault, an unreadable table, an address the mode does not translate).
   */
  private fastPhysical(high32: number, low32: number): number {
    if (this.cachedLow === null) this.makePageCache(FIRST_PAGE_CACHE_SLOTS);
    const cachedLow = this.cachedLow!;
    const cachedHigh = this.cachedHigh!;
    const cachedPhysical = this.cachedPhysical!;
    const pageLow = (low32 & ~0xfff) | 1;
    const slot = ((low32 >>> 12) ^ (high32 << 4)) & (cachedLow.length - 1);
    if (cachedLow[slot] === pageLow && cachedHigh[slot] === (high32 | 0)) return cachedPhysical[slot] + (low32 & 0xfff);
    const page = this.walkToPage(high32, low32);
    if (page < 0) return -1;
    if (++this.pageCacheWalks > 2 * cachedLow.length && cachedLow.length < PAGE_CACHE_SLOTS) {
      this.makePageCache(PAGE_CACHE_SLOTS);
      return page + (low32 & 0xfff);
    }
    cachedLow[slot] = pageLow;
    cachedHigh[slot] = high32;
    cachedPhysical[slot] = page;
    return page + (low32 & 0xfff);
  }

  /**
   * A new, empty translation cache of `slots` pages. Left as the zeros it is made of: a slot holds
   * its page's low half with bit 0 set, so 0 is empty, and memory never touched is never faulted in.
   */
  private makePageCache(slots: number): void {
    this.cachedHigh = new Int32Array(slots);
    this.cachedLow = new Int32Array(slots);
    this.cachedPhysical = new Float64Array(slots);
    this.pageCacheWalks = 0;
  }

  /** The physical 4 KiB page of a virtual address (as halves), or -1: walk() without its record. */
  private walkToPage(high32: number, low32: number): number {
    const bits = this.addressBits;
    if (bits === 32 ? high32 !== 0 : bits === 48 ? (high32 >>> 15 !== 0 && high32 >>> 15 !== 0x1ffff) : (high32 >>> 24 !== 0 && high32 >>> 24 !== 0xff)) return -1;
    if (this.context.mode === 'none') return (low32 & ~0xfff) >>> 0;
    let tableAddress = this.rootTable;
    for (let depth = 0; depth < this.levels.length; depth++) {
      const level = this.levels[depth];
      const mask = (1 << level.indexBits) - 1;
      const index = level.shift >= 32 ? (high32 >>> (level.shift - 32)) & mask : ((low32 >>> level.shift) | (high32 << (32 - level.shift))) & mask;
      // The table this level used last time: the upper levels are nearly always the same ones.
      let table: Buffer | null;
      if (this.lastTableAddress[depth] === tableAddress) {
        table = this.lastTable[depth];
      } else {
        table = this.tableAt(tableAddress, level);
        this.lastTableAddress[depth] = tableAddress;
        this.lastTable[depth] = table;
      }
      if (table === null) return -1;
      const low = table.readUInt32LE(index * level.entrySize);
      if ((low & 1) === 0) return -1;
      const high = level.entrySize === 8 ? table.readUInt32LE(index * 8 + 4) : 0;
      const mapsPage = level.shift === 12 || (level.largePages && ((low >>> 7) & 1) === 1);
      const masks = this.reserved[depth];
      if ((low & (mapsPage ? masks.lowPage : masks.lowTable)) !== 0 || (high & masks.high) !== 0) return -1;
      const target = entryTarget(low, high, level, mapsPage);
      if (mapsPage) {
        this.leafTable = table;
        this.leafIndex = index;
        this.leafLevel = level;
        this.leafDepth = depth;
        // A large page: the 4 KiB page inside it is given by the address bits between 12 and its size.
        return target + (level.shift === 12 ? 0 : (low32 & ((1 << level.shift) - 1) & ~0xfff) >>> 0);
      }
      tableAddress = target;
    }
    return -1;
  }

  /**
   * How many bytes, up to `limit`, follow the page-aligned virtual address (as halves) at
   * physical `expected` on: the leaf's table is scanned entry by entry (a large page counts
   * whole), so a sequential read of mapped memory costs a few loads per page, not a walk.
   */
  private contiguousFrom(high32: number, low32: number, expected: number, limit: number): number {
    if (this.context.mode === 'none') return this.walkToPage(high32, low32) === expected ? limit : 0;
    if (this.walkToPage(high32, low32) !== expected) return 0;
    const level = this.leafLevel!;
    const table = this.leafTable!;
    if (level.shift !== 12) return Math.min(limit, 2 ** level.shift - ((low32 & ((1 << level.shift) - 1)) >>> 0));
    const masks = this.reserved[this.leafDepth];
    let bytes = 0x1000;
    for (let index = this.leafIndex + 1; index < 1 << level.indexBits && bytes < limit; index++) {
      const low = table.readUInt32LE(index * level.entrySize);
      if ((low & 1) === 0) break;
      const high = level.entrySize === 8 ? table.readUInt32LE(index * 8 + 4) : 0;
      if ((low & masks.lowPage) !== 0 || (high & masks.high) !== 0) break;
      if (entryTarget(low, high, level, true) !== expected + bytes) break;
      bytes += 0x1000;
    }
    return Math.min(bytes, limit);
  }

  /**
   * Where the run of not-present entries that starts at the walk's last step ends (at most at
   * `limit`), read from the same table; the root table is left alone, since in long mode its next
   * entry can lie across the non-canonical hole.
   */
  private absentEntriesEnd(steps: readonly WalkStep[], coverEnd: bigint, limit: bigint): bigint {
    const depth = steps.length - 1;
    if (depth <= 0 || coverEnd >= limit) return coverEnd;
    const level = this.levels[depth];
    const table = this.table(steps[depth].tableAddress, level);
    if (table === null) return coverEnd;
    const span = 1n << BigInt(level.shift);
    let end = coverEnd;
    for (let index = steps[depth].index + 1; index < 1 << level.indexBits && end < limit; index++) {
      if ((table.readUInt32LE(index * level.entrySize) & 1) !== 0) break;
      end += span;
    }
    return end;
  }

  /** The physical address of one virtual address; a fault is an error naming the level and entry. */
  translate(address: AddressInput): MappedPage {
    const walk = this.walk(address);
    if (walk.kind === 'fault') throw faultError(walk.fault);
    return walk.page;
  }

  /** The runs of physical addresses and faults that make up `length` bytes at `address`. */
  mapping(address: AddressInput, length: number): VirtualRun[] {
    if (!Number.isSafeInteger(length) || length < 0) throw new VboxCoreError('INVALID_ARGUMENT', `length ${length} is not a non-negative safe integer`);
    const start = toAddress(address, 'virtual address');
    if (start + BigInt(length) > 1n << 64n) throw new VboxCoreError('INVALID_ARGUMENT', `${length} bytes at ${hex(start)} run past the end of the 64-bit address space`);
    const runs: VirtualRun[] = [];
    let cursor = start;
    let remaining = length;
    while (remaining > 0) {
      // Pages that translate come from the translation cache; physically contiguous pages are
      // followed with number arithmetic, and become one run.
      const low32 = Number(cursor & 0xffff_ffffn);
      const fast = this.fastPhysical(Number(cursor >> 32n), low32);
      if (fast >= 0) {
        let runLength = Math.min(remaining, 0x1000 - (low32 & 0xfff));
        // The page after the first, as address halves (kernel addresses are past 2^53); from there
        // the run grows by whole pages, or by the rest of a large page.
        let pageHigh = Number(cursor >> 32n);
        let pageLow = ((low32 & ~0xfff) >>> 0) + 0x1000;
        while (runLength < remaining) {
          if (pageLow >= 0x1_0000_0000) {
            pageLow -= 0x1_0000_0000;
            pageHigh = (pageHigh + 1) >>> 0;
          }
          const more = this.contiguousFrom(pageHigh, pageLow, fast + runLength, remaining - runLength);
          if (more === 0) break;
          runLength += more;
          pageLow += more;
        }
        const previous = runs[runs.length - 1];
        if (previous?.kind === 'data' && previous.physicalAddress + BigInt(previous.length) === BigInt(fast)) {
          runs[runs.length - 1] = { ...previous, length: previous.length + runLength };
        } else {
          runs.push({ kind: 'data', virtualAddress: cursor, length: runLength, physicalAddress: BigInt(fast) });
        }
        cursor += BigInt(runLength);
        remaining -= runLength;
        continue;
      }
      const walk = this.walk(cursor);
      if (walk.kind === 'mapped') {
        const { page } = walk;
        const runLength = Math.min(remaining, Number(page.pageVirtualAddress + BigInt(page.pageSize) - cursor));
        const previous = runs[runs.length - 1];
        if (previous?.kind === 'data' && previous.physicalAddress + BigInt(previous.length) === page.physicalAddress) {
          runs[runs.length - 1] = { ...previous, length: previous.length + runLength };
        } else {
          runs.push({ kind: 'data', virtualAddress: cursor, length: runLength, physicalAddress: page.physicalAddress });
        }
        cursor += BigInt(runLength);
        remaining -= runLength;
      } else {
        const { fault } = walk;
        // Absent entries after this one in the same table fault the same way: one walk for them all.
        const coverEnd = fault.reason === 'not-present' ? this.absentEntriesEnd(walk.steps, fault.coverEnd, cursor + BigInt(remaining)) : fault.coverEnd;
        const coverLeft = coverEnd - cursor;
        const runLength = coverLeft < BigInt(remaining) ? Number(coverLeft) : remaining;
        const previous = runs[runs.length - 1];
        if (previous?.kind === 'fault' && previous.fault.reason === fault.reason && previous.fault.level === fault.level) {
          runs[runs.length - 1] = { ...previous, length: previous.length + runLength };
        } else {
          runs.push({ kind: 'fault', virtualAddress: cursor, length: runLength, fault });
        }
        cursor += BigInt(runLength);
        remaining -= runLength;
      }
    }
    return runs;
  }

  /** Reads `length` bytes at a virtual address, across pages. Faults and physical holes are errors unless zeros are asked for. */
  read(address: AddressInput, length: number, options: ReadOptions = {}): Buffer {
    checkReadLength(length);
    const target = Buffer.allocUnsafe(length);
    this.readInto(address, target, options);
    return target;
  }

  /** Throws the error read() gives for the first fault among `runs` (from mapping()), if there is one. */
  assertNoFault(runs: readonly VirtualRun[]): void {
    firstFaultIsError(runs);
  }

  /** Throws what read() would throw for this window (a fault, a physical hole), without reading it. */
  assertReadable(address: AddressInput, length: number): void {
    const runs = this.mapping(address, length);
    firstFaultIsError(runs);
    for (const run of runs) if (run.kind === 'data') this.physical.assertReadable(run.physicalAddress, run.length);
  }

  /** Fills `target` with the bytes at a virtual address: the same as read(), into a caller's buffer. */
  readInto(address: AddressInput, target: Uint8Array, options: ReadOptions = {}): void {
    checkReadTarget(target);
    checkReadOptions(options);
    // Within one page: the translation cache and the physical layer's own fast path, nothing allocated.
    if (target.length > 0 && target.length <= 0x1000) {
      const halves = typeof address === 'number' && Number.isSafeInteger(address) && address >= 0 ? address : typeof address === 'bigint' && address >= 0n && address < 1n << 64n ? address : null;
      if (halves !== null) {
        const high32 = typeof halves === 'number' ? Math.floor(halves / 0x1_0000_0000) : Number(halves >> 32n);
        const low32 = typeof halves === 'number' ? halves >>> 0 : Number(halves & 0xffff_ffffn);
        if ((low32 & 0xfff) + target.length <= 0x1000) {
          const physical = this.fastPhysical(high32, low32);
          if (physical >= 0) {
            this.physical.readInto(physical, target, options);
            return;
          }
        }
      }
    }
    const runs = this.mapping(address, target.length);
    if (options.holes !== 'zero') firstFaultIsError(runs);
    let position = 0;
    for (const run of runs) {
      const piece = target.subarray(position, position + run.length);
      // Physical addresses have at most 52 bits: as numbers they take the physical fast path.
      if (run.kind === 'data') this.physical.readInto(Number(run.physicalAddress), piece, options);
      else piece.fill(0);
      position += run.length;
    }
  }

  /** Every mapped virtual range, coalesced, in address order: the tables walked top-down, each read once per path. */
  maps(options: MapsOptions = {}): MapsListing {
    if (this.context.mode === 'none') {
      throw new VboxCoreError('PAGING_DISABLED', 'paging is off (CR0.PG is 0): virtual addresses are physical addresses; see `vboxcore info` for the ranges');
    }
    const state: MapsState = {
      memo: new Map(),
      recorders: [],
      mappings: [],
      current: null,
      tablesRead: 0,
      entriesExamined: 0,
      unreadableTables: [],
      unreadableTableCount: 0,
      stopReason: null,
      reservedBitEntries: 0,
      budget: budgetOption(options.entryBudget, MAPS_BUDGETS.entryBudget, 'entryBudget'),
      mappingLimit: budgetOption(options.mappingLimit, MAPS_BUDGETS.mappingLimit, 'mappingLimit'),
      unreadableListed: budgetOption(options.unreadableTablesListed, MAPS_BUDGETS.unreadableTablesListed, 'unreadableTablesListed'),
    };
    this.visitTable(0, rootTableAddress(this.context), 0n, WRITABLE | USER, state);
    if (state.current !== null && state.stopReason !== 'mapping-limit') {
      const finished = finish(state.current);
      if (!foldRepeat(state.mappings, finished)) state.mappings.push(finished);
    }
    const { mappings, tablesRead, entriesExamined, unreadableTables, unreadableTableCount, stopReason, reservedBitEntries } = state;
    return { mappings, tablesRead, entriesExamined, unreadableTables, unreadableTableCount, truncated: stopReason !== null, stopReason, reservedBitEntries };
  }

  /**
   * Visits one table and everything below it. Looping tables reach the same subtree again and
   * again, and it maps the same pages each time, only at another virtual address: the runs a
   * subtree added (when they are few) are remembered and replayed at the new place, with what
   * walking it cost, instead of walking it again.
   */
  private visitTable(depth: number, tableAddress: bigint, virtualBase: bigint, inherited: number, state: MapsState): void {
    const memoKey = `${depth}:${tableAddress}:${inherited}`;
    const known = state.memo.get(memoKey);
    if (known !== undefined && state.entriesExamined + known.entries <= state.budget && (known.unreadable === 0 || state.unreadableTables.length >= state.unreadableListed)) {
      state.entriesExamined += known.entries;
      state.unreadableTableCount += known.unreadable;
      state.tablesRead += known.tablesRead;
      const base = this.canonical(virtualBase);
      for (const run of known.runs) this.addRun(base + run.offset, run, run.pageSize, state);
      return;
    }
    const before = { entries: state.entriesExamined, unreadable: state.unreadableTableCount, tablesRead: state.tablesRead };
    const recorder: SubtreeRecorder = { base: this.canonical(virtualBase), runs: [], overflow: false };
    state.recorders.push(recorder);
    try {
      this.walkTable(depth, tableAddress, virtualBase, inherited, state);
    } finally {
      state.recorders.pop();
    }
    if (state.stopReason === null && !recorder.overflow && state.memo.size < SUBTREE_MEMO_ENTRIES) {
      state.memo.set(memoKey, { entries: state.entriesExamined - before.entries, unreadable: state.unreadableTableCount - before.unreadable, tablesRead: state.tablesRead - before.tablesRead, runs: recorder.runs });
    }
  }

  private walkTable(depth: number, tableAddress: bigint, virtualBase: bigint, inherited: number, state: MapsState): void {
    const level = this.levels[depth];
    const nxe = this.context.nxe;
    const masks = this.reserved[depth];
    const entryCount = 1 << level.indexBits;
    const span = 2 ** level.shift;
    // Through the walk's cache: looping tables are read once, and a table that is not in the dump
    // costs no error each time it is met again.
    const table = this.table(tableAddress, level);
    if (table === null) {
      state.unreadableTableCount++;
      if (state.unreadableTables.length < state.unreadableListed) {
        state.unreadableTables.push({ level: level.name, tableAddress, virtualStart: this.canonical(virtualBase), virtualEnd: this.canonical(virtualBase) + BigInt(span) * BigInt(entryCount) });
      }
      return;
    }
    state.tablesRead++;
    // A table of zeros maps nothing: one compare instead of an entry at a time (the asynchronous
    // maps() meets many, tables not fetched yet reading as zeros). Counted as if examined.
    if (table.equals(zeroTable(table.length))) {
      const remaining = state.budget - state.entriesExamined;
      state.entriesExamined += Math.min(entryCount, Math.max(0, remaining));
      if (remaining < entryCount) state.stopReason = 'entry-budget';
      return;
    }
    // Entries are read as 32-bit halves and physical addresses kept as numbers (they have at
    // most 52 bits): a fully mapped table of 512 pages then costs one BigInt per run, not per page.
    const wide = level.entrySize === 8;
    // Entries as 32-bit words: little-endian hosts only read them straight from the table.
    const words = table.byteOffset % 4 === 0 && LITTLE_ENDIAN_HOST ? new Uint32Array(table.buffer, table.byteOffset, table.length >>> 2) : null;
    let run = null as LeafRun | null;
    const flush = (): void => {
      if (run === null) return;
      this.addRun(this.canonical(virtualBase + BigInt(run.firstIndex) * BigInt(span)), run, span, state);
      run = null;
    };
    for (let index = 0; index < entryCount; index++) {
      if (state.stopReason !== null) return;
      if (state.entriesExamined >= state.budget) {
        state.stopReason = 'entry-budget';
        break;
      }
      state.entriesExamined++;
      const low = words !== null ? words[wide ? index * 2 : index] : wide ? table.readUInt32LE(index * 8) : table.readUInt32LE(index * 4);
      if ((low & 1) === 0) {
        flush();
        continue;
      }
      const high = !wide ? 0 : words !== null ? words[index * 2 + 1] : table.readUInt32LE(index * 8 + 4);
      // Permissions as bits (no object per entry): R/W and U/S AND down the levels, NX ORs.
      const permissions = level.permissionBits ? (inherited & ((low >>> 1) & (WRITABLE | USER))) | (inherited & NO_EXECUTE) | (nxe && high >>> 31 === 1 ? NO_EXECUTE : 0) : inherited;
      const mapsPage = level.shift === 12 || (level.largePages && (low & 0x80) !== 0);
      if ((low & (mapsPage ? masks.lowPage : masks.lowTable)) !== 0 || (high & masks.high) !== 0) {
        // What such an entry would map faults: not a mapping, but counted.
        flush();
        state.reservedBitEntries++;
        continue;
      }
      if (!mapsPage) {
        flush();
        const child = entryTarget(low, high, level, false);
        // Tables pointing again and again at one that is not in the dump (hostile tables) are
        // counted without the BigInt arithmetic of a visit once enough of them are named.
        if (state.unreadableTables.length >= state.unreadableListed && this.cachedTable(child, this.levels[depth + 1]) === null) {
          state.unreadableTableCount++;
          continue;
        }
        this.visitTable(depth + 1, BigInt(child), virtualBase + BigInt(index) * BigInt(span), permissions, state);
        continue;
      }
      const physical = entryTarget(low, high, level, true);
      const current = run;
      if (current !== null && current.permissions === permissions && current.firstIndex + current.pages === index) {
        current.contiguous &&= current.physicalNext === physical;
        current.physicalNext = physical + span;
        current.pages++;
        continue;
      }
      flush();
      run = { firstIndex: index, pages: 1, physicalStart: physical, physicalNext: physical + span, contiguous: true, permissions };
    }
    flush();
  }

  private addRun(virtualStart: bigint, run: PageRun, pageSize: number, state: MapsState): void {
    for (const recorder of state.recorders) {
      if (recorder.overflow) continue;
      if (recorder.runs.length === RUNS_REMEMBERED) recorder.overflow = true;
      else recorder.runs.push({ offset: virtualStart - recorder.base, pageSize, pages: run.pages, permissions: run.permissions, physicalStart: run.physicalStart, physicalNext: run.physicalNext, contiguous: run.contiguous });
    }
    const current = state.current;
    const writable = (run.permissions & WRITABLE) !== 0;
    const user = (run.permissions & USER) !== 0;
    const executable = (run.permissions & NO_EXECUTE) === 0;
    const physicalStart = BigInt(run.physicalStart);
    const length = BigInt(run.pages) * BigInt(pageSize);
    if (current !== null && current.virtualEnd === virtualStart && current.pageSize === pageSize && current.writable === writable && current.user === user && current.executable === executable) {
      current.physicallyContiguous &&= run.contiguous && current.physicalNext === physicalStart;
      current.virtualEnd += length;
      current.physicalNext = BigInt(run.physicalNext);
      current.pages += run.pages;
      return;
    }
    if (current !== null) {
      const finished = finish(current);
      if (!foldRepeat(state.mappings, finished)) {
        if (state.mappings.length >= state.mappingLimit) {
          state.stopReason = 'mapping-limit';
          return;
        }
        state.mappings.push(finished);
      }
    }
    state.current = { virtualStart, virtualEnd: virtualStart + length, pageSize, pages: run.pages, writable, user, executable, physicalStart, physicalNext: BigInt(run.physicalNext), physicallyContiguous: run.contiguous };
  }

  /** Sign-extends a virtual address from the mode's top bit (4- and 5-level paging). */
  private canonical(virtualAddress: bigint): bigint {
    if (this.addressBits === 32) return virtualAddress;
    const topBit = 1n << BigInt(this.addressBits - 1);
    return virtualAddress & topBit ? virtualAddress | (((1n << 64n) - 1n) ^ ((1n << BigInt(this.addressBits)) - 1n)) : virtualAddress;
  }

  /** Why the bits are reserved, where one rule explains them (the message's last words). */
  private reservedReason(bits: readonly number[], level: PagingLevel): string {
    if (bits.includes(63) && level.permissionBits && !this.context.nxe) return ': bit 63 is XD, reserved while EFER.NXE is clear';
    if (bits.includes(63) && !level.permissionBits) return ': a PAE PDPT entry has no XD bit';
    if (bits.includes(7) && (level.name === 'PML4' || level.name === 'PML5')) return `: bit 7 (PS) must be 0 in a ${level.name} entry`;
    const above = bits.filter((bit) => bit >= 32 && bit <= 51);
    if (above.length > 0) return `: address bits at or above MAXPHYADDR (${this.context.physicalAddressBits ?? MAX_PHYSICAL_ADDRESS_BITS})`;
    return '';
  }

  private checkAddress(virtualAddress: bigint): PageFault | null {
    const bits = this.addressBits;
    const none = { level: null, index: null, entryAddress: null, entry: null };
    if (bits === 32) {
      if (virtualAddress < 1n << 32n) return null;
      const width = this.context.mode === 'none' ? 'the 32 bits a linear address has with paging off (outside long mode, virtual equals physical only below 4 GiB)' : `the 32 bits ${this.context.mode} paging translates`;
      return { reason: 'outside-address-width', virtualAddress, ...none, coverStart: 1n << 32n, coverEnd: 1n << 64n, message: `${hex(virtualAddress)} is wider than ${width}` };
    }
    if (this.canonical(virtualAddress & ((1n << BigInt(bits)) - 1n)) === virtualAddress) return null;
    const lowEnd = 1n << BigInt(bits - 1);
    return { reason: 'non-canonical', virtualAddress, ...none, coverStart: lowEnd, coverEnd: this.canonical(lowEnd), message: `${hex(virtualAddress)} is not canonical: with ${this.context.mode} paging bits 63 to ${bits - 1} must all equal bit ${bits - 1}` };
  }

  /** The virtual window a table at `depth` serves, for a fault on reading it. */
  private tableCover(virtualAddress: bigint, depth: number): { coverStart: bigint; coverEnd: bigint } {
    const parentShift = depth === 0 ? this.addressBits : this.levels[depth - 1].shift;
    const coverStart = parentShift >= 64 ? 0n : (virtualAddress >> BigInt(parentShift)) << BigInt(parentShift);
    return { coverStart, coverEnd: coverStart + (1n << BigInt(Math.min(parentShift, 64))) };
  }

  /**
   * A whole table, from a bounded cache: walks of nearby addresses share their upper tables, and
   * one 4 KiB read costs about what an 8-byte read does. The oldest table goes first when full.
   */
  private table(tableAddress: bigint, level: PagingLevel): Buffer | null {
    // Keys are numbers: table addresses have at most 52 bits, and number keys hash faster.
    return this.tableAt(Number(tableAddress), level);
  }

  private tableAt(key: number, level: PagingLevel): Buffer | null {
    const cached = this.cachedTable(key, level);
    if (cached !== undefined) return cached;
    const size = (1 << level.indexBits) * level.entrySize;
    const table = this.physical.readOrNull(key, size);
    const cache = this.tableCaches.get(size)!;
    if (cache.size >= TABLE_CACHE_ENTRIES) cache.delete(cache.keys().next().value as number);
    cache.set(key, table);
    return table;
  }

  /** The table at `address` if the cache holds it (null: not in the dump), undefined if it was not read yet. */
  private cachedTable(address: number, level: PagingLevel): Buffer | null | undefined {
    const size = (1 << level.indexBits) * level.entrySize;
    let cache = this.tableCaches.get(size);
    if (cache === undefined) {
      cache = new Map();
      this.tableCaches.set(size, cache);
    }
    return cache.get(address);
  }
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Tables of zeros by size (4 KiB, or 32 bytes for PAE's page directory pointer table), to compare against. */
const ZERO_TABLES = new Map<number, Buffer>();
function zeroTable(size: number): Buffer {
  let zeros = ZERO_TABLES.get(size);
  if (zeros === undefined) {
    zeros = Buffer.alloc(size);
    ZERO_TABLES.set(size, zeros);
  }
  return zeros;
}

/** Permission bits maps() carries down the levels: the entry's R/W and U/S bits, shifted down by one, and NX. */
const WRITABLE = 1;
const USER = 2;
const NO_EXECUTE = 4;

/** Consecutive page entries of one table with the same permissions, while maps() scans it. */
interface LeafRun extends PageRun {
  firstIndex: number;
}

interface OpenMapping {
  virtualStart: bigint;
  virtualEnd: bigint;
  pageSize: number;
  pages: number;
  writable: boolean;
  user: boolean;
  executable: boolean;
  physicalStart: bigint;
  physicalNext: bigint;
  physicallyContiguous: boolean;
}

/** Subtrees whose outcome maps() remembers, per call, and how many runs one may have to be remembered. */
const SUBTREE_MEMO_ENTRIES = 65_536;
const RUNS_REMEMBERED = 64;

/** Pages of one table (or a replayed subtree) that follow each other with the same permissions. */
interface PageRun {
  /** WRITABLE | USER | NO_EXECUTE */
  permissions: number;
  pages: number;
  physicalStart: number;
  physicalNext: number;
  contiguous: boolean;
}

/** A run a subtree added, relative to the subtree's first virtual address. */
interface RecordedRun extends PageRun {
  offset: bigint;
  pageSize: number;
}

/** The runs a subtree under way adds, while they are few enough to remember. */
interface SubtreeRecorder {
  readonly base: bigint;
  readonly runs: RecordedRun[];
  overflow: boolean;
}

interface MapsState {
  /** Subtrees (by depth, table address and inherited permissions): what walking one costs, and the runs it adds. */
  memo: Map<string, { entries: number; unreadable: number; tablesRead: number; runs: readonly RecordedRun[] }>;
  /** One per subtree under way, innermost last. */
  recorders: SubtreeRecorder[];
  mappings: VirtualMapping[];
  current: OpenMapping | null;
  tablesRead: number;
  entriesExamined: number;
  unreadableTables: UnreadableTable[];
  unreadableTableCount: number;
  stopReason: MapsListing['stopReason'];
  reservedBitEntries: number;
  budget: number;
  mappingLimit: number;
  unreadableListed: number;
}

/**
 * Folds `next` into the last row when it maps the same physical pages with the same page size and
 * permissions, at the row's stride (any stride for its second repeat): aliases in a row, such as
 * espfix's, become one row. Rows are this module's own objects until `maps` returns them.
 */
function foldRepeat(mappings: VirtualMapping[], next: VirtualMapping): boolean {
  const last = mappings[mappings.length - 1] as Mutable<VirtualMapping> | undefined;
  if (last === undefined || !last.physicallyContiguous || !next.physicallyContiguous) return false;
  if (last.physicalStart !== next.physicalStart || last.pages !== next.pages || last.pageSize !== next.pageSize || last.writable !== next.writable || last.user !== next.user || last.executable !== next.executable) return false;
  const stride = next.virtualStart - (last.virtualStart + BigInt(last.repeats - 1) * (last.repeatStride ?? 0n));
  if (last.repeatStride !== null && stride !== last.repeatStride) return false;
  last.repeatStride = stride;
  last.repeats += 1;
  last.repeatsEnd = next.virtualEnd;
  return true;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function finish(open: OpenMapping): VirtualMapping {
  return {
    virtualStart: open.virtualStart,
    virtualEnd: open.virtualEnd,
    size: open.virtualEnd - open.virtualStart,
    pageSize: open.pageSize,
    pages: open.pages,
    writable: open.writable,
    user: open.user,
    executable: open.executable,
    physicalStart: open.physicalStart,
    physicallyContiguous: open.physicallyContiguous,
    repeats: 1,
    repeatStride: null,
    repeatsEnd: open.virtualEnd,
  };
}

function firstFaultIsError(runs: readonly VirtualRun[]): void {
  const fault = runs.find((run): run is VirtualFaultRun => run.kind === 'fault');
  if (fault !== undefined) throw faultError(fault.fault);
}

export function faultError(fault: PageFault): VboxCoreError {
  const code = fault.reason === 'non-canonical' ? 'NON_CANONICAL_ADDRESS' : fault.reason === 'outside-address-width' ? 'ADDRESS_OUTSIDE_WIDTH' : 'PAGE_FAULT';
  return new VboxCoreError(code, fault.message, { details: { reason: fault.reason, level: fault.level, index: fault.index } });
}
