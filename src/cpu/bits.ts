/**
 * Names of architectural bits (Intel SDM vol. 3A, 2.3 to 2.5; AMD APM vol. 2, 3.1). The tables
 * are data so that the text view, the JSON view and the paging-mode rule read the same names.
 */

export interface BitName {
  readonly bit: number;
  readonly name: string;
}

export const RFLAGS_BITS: readonly BitName[] = [
  { bit: 0, name: 'CF' }, { bit: 2, name: 'PF' }, { bit: 4, name: 'AF' }, { bit: 6, name: 'ZF' },
  { bit: 7, name: 'SF' }, { bit: 8, name: 'TF' }, { bit: 9, name: 'IF' }, { bit: 10, name: 'DF' },
  { bit: 11, name: 'OF' }, { bit: 14, name: 'NT' }, { bit: 16, name: 'RF' }, { bit: 17, name: 'VM' },
  { bit: 18, name: 'AC' }, { bit: 19, name: 'VIF' }, { bit: 20, name: 'VIP' }, { bit: 21, name: 'ID' },
];

export const CR0_BITS: readonly BitName[] = [
  { bit: 0, name: 'PE' }, { bit: 1, name: 'MP' }, { bit: 2, name: 'EM' }, { bit: 3, name: 'TS' },
  { bit: 4, name: 'ET' }, { bit: 5, name: 'NE' }, { bit: 16, name: 'WP' }, { bit: 18, name: 'AM' },
  { bit: 29, name: 'NW' }, { bit: 30, name: 'CD' }, { bit: 31, name: 'PG' },
];

export const CR4_BITS: readonly BitName[] = [
  { bit: 0, name: 'VME' }, { bit: 1, name: 'PVI' }, { bit: 2, name: 'TSD' }, { bit: 3, name: 'DE' },
  { bit: 4, name: 'PSE' }, { bit: 5, name: 'PAE' }, { bit: 6, name: 'MCE' }, { bit: 7, name: 'PGE' },
  { bit: 8, name: 'PCE' }, { bit: 9, name: 'OSFXSR' }, { bit: 10, name: 'OSXMMEXCPT' }, { bit: 11, name: 'UMIP' },
  { bit: 12, name: 'LA57' }, { bit: 13, name: 'VMXE' }, { bit: 14, name: 'SMXE' }, { bit: 16, name: 'FSGSBASE' },
  { bit: 17, name: 'PCIDE' }, { bit: 18, name: 'OSXSAVE' }, { bit: 20, name: 'SMEP' }, { bit: 21, name: 'SMAP' },
  { bit: 22, name: 'PKE' }, { bit: 23, name: 'CET' },
];

export const EFER_BITS: readonly BitName[] = [
  { bit: 0, name: 'SCE' }, { bit: 8, name: 'LME' }, { bit: 10, name: 'LMA' }, { bit: 11, name: 'NXE' },
  { bit: 12, name: 'SVME' }, { bit: 14, name: 'FFXSR' },
];

export const CR0_PG = 31;
export const CR4_PSE = 4;
export const CR4_PAE = 5;
export const CR4_LA57 = 12;
export const EFER_LME = 8;
export const EFER_LMA = 10;
export const EFER_NXE = 11;

export function bitSet(value: bigint, bit: number): boolean {
  return ((value >> BigInt(bit)) & 1n) === 1n;
}

/** The names of the bits set in `value`, in bit order. */
export function setBitNames(value: bigint, names: readonly BitName[]): string[] {
  return names.filter(({ bit }) => bitSet(value, bit)).map(({ name }) => name);
}
