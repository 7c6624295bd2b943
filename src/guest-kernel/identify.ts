/**
 * The guest kernel named from the CPU state. A vCPU's LSTAR is the kernel's system-call entry
 * and its IDT's gates point into the kernel image; from there, through the kernel's own page
 * tables (KPTI's user copy set aside), a bounded look names the image: a Linux banner near the
 * kernel mapping's start, or a Windows kernel's PE headers a few MiB below the entry. No scan of
 * the whole memory, as Volatility 3 and MemProcFS do; VMCOREINFO, where the dump has it, gives
 * the Linux release directly.
 */
import { cpuAddressSpace } from '../cpu/cpu-address-space';
import type { VBoxCoreDump } from '../dump';
import { hex } from '../model/numbers';
import type { CpuRegisters } from '../model/types';
import type { VirtualAddressSpace } from '../address-space/virtual';
import { findLinuxBanner, inLinuxKernelMap, LINUX_LINK_ADDRESS, linuxImageBase, releaseOfBanner, vmcoreinfoKernel } from './linux';
import { readMapped, searchBudget, SearchBudget } from './reading';
import type { KernelEntry, KernelIdentity } from './types';
import { findPeImage } from './windows';

export type { KernelIdentity, PeIdentity } from './types';

/** What the Windows part is checked against, until a real Windows dump is. */
export const WINDOWS_UNVERIFIED = 'not verified on a real Windows guest: built and tested on kernel images the test suite places in memory';

/** Which vCPU to start from (all, in order, by default) and whether to use VMCOREINFO. */
export interface IdentifyOptions {
  /** Only this vCPU's registers. */
  readonly cpu?: number;
  /** Leave VMCOREINFO out and go by the CPU state alone (what a VirtualBox dump allows). */
  readonly ignoreVmcoreinfo?: boolean;
}

const IDT_GATE_SIZE = 16;
/** IDT gates tried: #DE, #DB, NMI, #BP, #UD, #GP, #PF (vectors every kernel fills). */
const IDT_VECTORS = [0, 1, 2, 3, 6, 13, 14];

/** No kernel named, and why (`foundBy`: the steps tried). */
export function noKernel(reason: string, foundBy: readonly string[] = []): KernelIdentity {
  return { os: null, release: null, banner: null, virtualBase: null, kaslrSlide: null, kernelCr3: null, pagingMode: null, cpu: null, entry: null, foundBy, pe: null, unverified: null, reason };
}

/** The guest kernel, from the vCPUs' registers and the kernel's memory (bounded reads). */
export function identifyKernel(dump: Pick<VBoxCoreDump, 'cpus' | 'physical' | 'vmcoreinfo'>, options: IdentifyOptions = {}): KernelIdentity {
  const vmcoreinfo = options.ignoreVmcoreinfo === true ? { release: null, kernelOffset: null } : vmcoreinfoKernel(dump.vmcoreinfo);
  const tried: string[] = [];
  const budget = searchBudget();
  const indexes = options.cpu === undefined ? dump.cpus.map((cpu) => cpu.index) : [options.cpu];
  for (const index of indexes) {
    const registers = dump.cpus[index]?.registers ?? null;
    if (registers === null) {
      tried.push(`vCPU ${index}: registers not decoded`);
      continue;
    }
    let space: VirtualAddressSpace;
    try {
      space = cpuAddressSpace(dump, { cpu: index, kernel: true });
    } catch (error) {
      if (typeof (error as { code?: unknown }).code !== 'string') throw error;
      tried.push(`vCPU ${index}: ${(error as Error).message}`);
      continue;
    }
    if (space.context.mode !== '4-level' && space.context.mode !== '5-level') {
      tried.push(`vCPU ${index}: ${space.context.mode} paging (kernels are named in long mode only)`);
      continue;
    }
    const entries = kernelEntries(registers, space);
    if (entries.length === 0) tried.push(`vCPU ${index}: no kernel address in LSTAR or the IDT`);
    for (const entry of entries) {
      const found = fromEntry(space, index, entry, budget);
      if (found !== null) return withVmcoreinfo(found, vmcoreinfo);
      tried.push(`vCPU ${index}: ${entry.register === 'lstar' ? 'LSTAR' : 'IDT gate'} ${hex(entry.address)} leads to no Linux banner or PE image`);
    }
  }
  if (vmcoreinfo.release !== null) {
    const virtualBase = vmcoreinfo.kernelOffset === null ? null : LINUX_LINK_ADDRESS + vmcoreinfo.kernelOffset;
    return { ...noKernel('', tried), os: 'linux', release: vmcoreinfo.release, virtualBase, kaslrSlide: vmcoreinfo.kernelOffset, foundBy: [...tried, 'VMCOREINFO: OSRELEASE and KERNELOFFSET'], reason: null };
  }
  const reason = indexes.length === 0 ? 'the dump has no vCPU notes' : `no Linux banner or Windows PE image found from LSTAR or the IDT of ${indexes.length === 1 ? 'the vCPU' : `${indexes.length} vCPUs`}; info --json lists each step`;
  return noKernel(reason, tried);
}

/** LSTAR (VirtualBox notes hold it) and the handlers of a few IDT gates, kernel-half addresses only. */
function kernelEntries(registers: CpuRegisters, space: VirtualAddressSpace): KernelEntry[] {
  const entries: KernelEntry[] = [];
  if (registers.producer === 'virtualbox' && registers.msrs.lstar >= 0xffff_8000_0000_0000n) entries.push({ register: 'lstar', address: registers.msrs.lstar });
  const idt = registers.idtr;
  for (const vector of IDT_VECTORS) {
    if ((vector + 1) * IDT_GATE_SIZE - 1 > idt.limit) break;
    const gate = readMapped(space, idt.base + BigInt(vector * IDT_GATE_SIZE), IDT_GATE_SIZE);
    if (gate === null) break;
    // a 64-bit interrupt or trap gate: offset bits 0-15, 16-31 and 32-63 apart
    const handler = BigInt(gate.readUInt16LE(0)) | (BigInt(gate.readUInt16LE(6)) << 16n) | (BigInt(gate.readUInt32LE(8)) << 32n);
    if (handler >= 0xffff_8000_0000_0000n && !entries.some((entry) => entry.address === handler)) entries.push({ register: 'idt', address: handler });
  }
  return entries;
}

function fromEntry(space: VirtualAddressSpace, cpu: number, entry: KernelEntry, budget: SearchBudget): KernelIdentity | null {
  const start = `${entry.register === 'lstar' ? 'LSTAR' : 'an IDT gate'} of vCPU ${cpu} points at ${hex(entry.address)}`;
  const base = { kernelCr3: space.context.cr3, pagingMode: space.context.mode, cpu, entry, unverified: null, reason: null };
  if (inLinuxKernelMap(entry.address)) {
    const imageBase = linuxImageBase(space, entry.address);
    const banner = imageBase === null ? null : findLinuxBanner(space, imageBase, budget);
    if (imageBase !== null && banner !== null) {
      return { ...base, os: 'linux', release: releaseOfBanner(banner.text), banner: banner.text, virtualBase: imageBase, kaslrSlide: imageBase - LINUX_LINK_ADDRESS, pe: null, foundBy: [start, `the kernel mapping runs down to ${hex(imageBase)} (_text)`, `a version banner is at ${hex(banner.address)}`] };
    }
  }
  const image = findPeImage(space, entry.address, budget);
  if (image === null) return null;
  const pdb = image.pe.codeView === null ? 'no CodeView record in memory' : `PDB ${image.pe.codeView.pdbName} ${image.pe.codeView.symbolId}`;
  return { ...base, os: 'windows', release: null, banner: null, virtualBase: image.imageBase, kaslrSlide: null, pe: image.pe, unverified: WINDOWS_UNVERIFIED, foundBy: [start, `PE headers at ${hex(image.imageBase)} (SizeOfImage ${hex(image.pe.sizeOfImage)} covers it)`, pdb] };
}

function withVmcoreinfo(found: KernelIdentity, vmcoreinfo: { release: string | null; kernelOffset: bigint | null }): KernelIdentity {
  if (found.os !== 'linux' || vmcoreinfo.release === null) return found;
  const agrees = found.release === vmcoreinfo.release ? 'the same release' : `release ${vmcoreinfo.release}, not the banner's`;
  return { ...found, release: vmcoreinfo.release, foundBy: [...found.foundBy, `VMCOREINFO's OSRELEASE says ${agrees}`] };
}
