/**
 * Page tables for built dumps, restated from the Intel SDM (vol. 3A, chapter 4) independently of
 * src/address-space, so that tests of the walker check it against the architecture rather than
 * against itself.
 */
import { DeepPartialCpu } from './layout';

/** The paging modes the builder writes tables for. */
export type BuiltPagingMode = '32-bit' | 'pae' | '4-level' | '5-level';

/** One stretch of virtual memory to map. */
export interface PageMappingSpec {
  /** First virtual address (page aligned). */
  virtualAddress: bigint;
  /** First physical address (page aligned). */
  physicalAddress: bigint;
  /** Bytes to map; a multiple of pageSize. */
  size: number;
  /** 4 KiB, or a large page the mode allows: 4 MiB (32-bit), 2 MiB (PAE, 4/5-level), 1 GiB (4/5-level). */
  pageSize: number;
  /** R/W in the leaf entry (false by default; upper levels allow everything). */
  writable?: boolean;
  /** U/S in the leaf entry (false by default). */
  user?: boolean;
  /** NX in the leaf entry (false by default). */
  noExecute?: boolean;
}

/** Tables to build: the mode, where they go and what they map. */
export interface PageTableSpec {
  /** The paging mode. */
  mode: BuiltPagingMode;
  /** Physical memory the tables are placed in, one 4 KiB page each (must be RAM of the dump). */
  tableArea: {
    /** First physical address of the area. */
    physicalAddress: number;
    /** Bytes in the area. */
    size: number;
  };
  /** What to map. */
  mappings: readonly PageMappingSpec[];
}

/** Built tables, ready to write into a dump. */
export interface BuiltPageTables {
  /** The root table's address, as CR3. */
  cr3: bigint;
  /** Table pages to write into the dump (DumpLayout.physicalWrites). */
  writes: {
    /** Where the page goes. */
    physicalAddress: number;
    /** The table's bytes. */
    bytes: Buffer;
  }[];
  /** CR0, CR3, CR4 and EFER for a vCPU running on these tables. */
  cpu: DeepPartialCpu;
  /** Physical address of each table page, in allocation order (root first). */
  tableAddresses: number[];
}

interface Geometry {
  shifts: number[];
  entrySize: 4 | 8;
  /** Shifts at which PS=1 maps a page. */
  largeShifts: number[];
}

const GEOMETRY: Record<BuiltPagingMode, Geometry> = {
  '32-bit': { shifts: [22, 12], entrySize: 4, largeShifts: [22] },
  pae: { shifts: [30, 21, 12], entrySize: 8, largeShifts: [21] },
  '4-level': { shifts: [39, 30, 21, 12], entrySize: 8, largeShifts: [30, 21] },
  '5-level': { shifts: [48, 39, 30, 21, 12], entrySize: 8, largeShifts: [30, 21] },
};

const PRESENT = 1n;
const WRITABLE = 2n;
const USER = 4n;
const LARGE = 0x80n;
const NO_EXECUTE = 1n << 63n;

const CR0_PE_WP_PG = 0x8001_0001n;
const CR4_PSE = 0x10n;
const CR4_PAE = 0x20n;
const CR4_LA57 = 0x1000n;
const EFER_LONG_NX = 0xd01n; // SCE, LME, LMA, NXE
const EFER_NX = 0x800n;

/** Lays out the page tables that map `spec.mappings` in `spec.mode`. */
export function buildPageTables(spec: PageTableSpec): BuiltPageTables {
  const geometry = GEOMETRY[spec.mode];
  const tables = new Map<number, Buffer>();
  const order: number[] = [];
  let nextTable = spec.tableArea.physicalAddress;
  const allocate = (): number => {
    if (nextTable + 0x1000 > spec.tableArea.physicalAddress + spec.tableArea.size) throw new Error('page-table area is full');
    const address = nextTable;
    nextTable += 0x1000;
    tables.set(address, Buffer.alloc(0x1000));
    order.push(address);
    return address;
  };
  const root = allocate();
  const readEntry = (table: number, index: number): bigint => {
    const page = tables.get(table)!;
    return geometry.entrySize === 8 ? page.readBigUInt64LE(index * 8) : BigInt(page.readUInt32LE(index * 4));
  };
  const writeEntry = (table: number, index: number, value: bigint): void => {
    const page = tables.get(table)!;
    if (geometry.entrySize === 8) page.writeBigUInt64LE(value, index * 8);
    else page.writeUInt32LE(Number(value), index * 4);
  };
  // Upper levels allow everything; the leaf entry carries the permissions under test. PAE's
  // PDPT entries are the exception: their R/W and U/S positions are reserved and must be 0.
  const upperFlags = (shift: number): bigint => (spec.mode === 'pae' && shift === 30 ? PRESENT : PRESENT | WRITABLE | USER);

  for (const mapping of spec.mappings) {
    const leafShift = Math.log2(mapping.pageSize);
    if (!Number.isInteger(leafShift) || (leafShift !== 12 && !geometry.largeShifts.includes(leafShift))) throw new Error(`page size ${mapping.pageSize} is not possible in ${spec.mode} paging`);
    for (let offset = 0; offset < mapping.size; offset += mapping.pageSize) {
      const virtualAddress = mapping.virtualAddress + BigInt(offset);
      const physicalAddress = mapping.physicalAddress + BigInt(offset);
      let table = root;
      for (const shift of geometry.shifts) {
        const bits = shift === 30 && spec.mode === 'pae' ? 2 : geometry.entrySize === 4 ? 10 : 9;
        const index = Number((virtualAddress >> BigInt(shift)) & BigInt((1 << bits) - 1));
        if (shift === leafShift) {
          let entry = PRESENT | (mapping.writable ? WRITABLE : 0n) | (mapping.user ? USER : 0n) | (mapping.noExecute ? NO_EXECUTE : 0n);
          if (shift !== 12) entry |= LARGE;
          if (geometry.entrySize === 4 && shift === 22) {
            // PSE-36: physical bits 39..32 of a 4 MiB page sit in entry bits 20..13
            entry |= (physicalAddress & 0xffc0_0000n) | (((physicalAddress >> 32n) & 0xffn) << 13n);
          } else {
            entry |= physicalAddress;
          }
          writeEntry(table, index, entry);
          break;
        }
        let entry = readEntry(table, index);
        if ((entry & PRESENT) === 0n) {
          const child = allocate();
          entry = BigInt(child) | upperFlags(shift);
          writeEntry(table, index, entry);
        }
        table = Number(entry & (geometry.entrySize === 8 ? 0x000f_ffff_ffff_f000n : 0xffff_f000n));
      }
    }
  }

  const cr4 = { '32-bit': CR4_PSE, pae: CR4_PAE | CR4_PSE, '4-level': CR4_PAE, '5-level': CR4_PAE | CR4_LA57 }[spec.mode];
  const efer = spec.mode === '32-bit' ? 0n : spec.mode === 'pae' ? EFER_NX : EFER_LONG_NX;
  return {
    cr3: BigInt(root),
    writes: order.map((address) => ({ physicalAddress: address, bytes: tables.get(address)! })),
    cpu: { control: { cr0: CR0_PE_WP_PG, cr3: BigInt(root), cr4 }, msrs: { efer } },
    tableAddresses: order,
  };
}
