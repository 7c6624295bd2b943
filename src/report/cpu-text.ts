import { PagingContext, PagingMode } from '../address-space/paging';
import { EntryFlags, MapsListing, VirtualMapping, Walk } from '../address-space/virtual';
import { CpuView } from '../cpu/view';
import { pageTableRootsText } from '../cpu/page-table-roots';
import { hex } from '../model/numbers';
import { VirtualBoxCpuRegisters, XsaveState } from '../model/types';
import { humanSize } from '../model/sizes';

function word(value: bigint): string {
  return `0x${value.toString(16).padStart(16, '0')}`;
}

function columns(pairs: readonly (readonly [string, string])[], perLine: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < pairs.length; start += perLine) {
    lines.push(`  ${pairs.slice(start, start + perLine).map(([name, value]) => `${name.padStart(6)} ${value}`).join('  ')}`);
  }
  return lines;
}

function optionalWord(value: bigint | null): string {
  return value === null ? 'not stored' : word(value);
}

/** Which layout the note was decoded with, and what its size says about the host. */
function layoutLines(registers: VirtualBoxCpuRegisters): string[] {
  const { layout } = registers;
  const how = { release: 'as that release wrote it', size: 'named by its size (the descriptor names another format)', 'format-version': 'a size no release wrote, decoded by the format version (inferred)' }[layout.chosenBy];
  return [`  layout ${layout.name}: ${layout.structure} of format ${hex(layout.formatVersion)} (${layout.releases}), ${hex(layout.size)} bytes, ${how}`, `    host: ${layout.host}`];
}

/**
 * XSAVE components a guest may have on whose place the sources disagree (VirtualBox's
 * X86XSAVEAREA puts MPX's BndRegs/BndCfg at 0x340/0x380, Intel's SDM at 0x3c0/0x400; the
 * area is the CPU's own XSAVE image) or are silent (PKRU): named, never decoded.
 */
const COMPONENTS_WITHOUT_KNOWN_OFFSETS: Record<number, string> = { 3: 'MPX bound registers (BNDREGS)', 4: 'MPX bound configuration (BNDCSR)', 9: 'PKRU' };

/** YMM, opmask and ZMM where decoded; where XSTATE_BV marks them and they are not, why. */
function extendedStateLines(xsave: XsaveState): string[] {
  const lines: string[] = [];
  const wide = (name: string, values: readonly bigint[], digits: number): string[] => values.map((value, index) => `  ${`${name}${index}`.padEnd(5)} 0x${value.toString(16).padStart(digits, '0')}`);
  const marked = (bit: bigint): boolean => ((xsave.xstateBv >> bit) & 1n) === 1n;
  if (xsave.ymm !== null) lines.push(...wide('ymm', xsave.ymm, 64));
  if (xsave.opmask !== null) {
    const registers = xsave.opmask.map((value, index) => `k${index} 0x${value.toString(16).padStart(16, '0')}`);
    lines.push(`  ${registers.slice(0, 4).join('  ')}`, `  ${registers.slice(4).join('  ')}`);
  }
  if (xsave.zmm !== null) lines.push(...wide('zmm', xsave.zmm, 128));
  const components = [{ bit: 2n, name: 'AVX', decoded: xsave.ymm }, { bit: 5n, name: 'AVX-512 opmask', decoded: xsave.opmask }, { bit: 6n, name: 'AVX-512 ZMM', decoded: xsave.zmm }];
  const undecoded = components.filter((component) => marked(component.bit) && component.decoded === null).map((component) => component.name);
  if (undecoded.length > 0) {
    const why = (xsave.xcompBv >> 63n) === 1n ? 'the area is compacted (XCOMP_BV bit 63), so components are not at fixed offsets' : 'the state VirtualBox copied (cbExt) ends before them';
    lines.push(`  ${undecoded.join(', ')} marked in xstate_bv, not decoded: ${why}`);
  }
  const withoutOffsets = Object.entries(COMPONENTS_WITHOUT_KNOWN_OFFSETS).filter(([bit]) => marked(BigInt(bit))).map(([, name]) => name);
  if (withoutOffsets.length > 0) {
    lines.push(`  ${withoutOffsets.join(', ')} marked in xstate_bv, not decoded: VirtualBox's X86XSAVEAREA declares MPX at other offsets than Intel documents (0x340 and 0x380, not 0x3c0 and 0x400) and no PKRU, and the dump holds no CPUID to say where this CPU put them`);
  }
  return lines;
}

/** EFER, debug registers, MSRs and the FPU/SSE state: only VirtualBox's notes hold them. */
function virtualBoxOnlyLines(registers: VirtualBoxCpuRegisters, efer: readonly string[], pagingMode: PagingMode): string[] {
  const lines: string[] = [];
  lines.push(`  efer ${word(registers.msrs.efer)} [${efer.join(' ')}]  paging: ${pagingMode}`);
  lines.push(`  dr0-3 ${registers.debug.slice(0, 4).map(word).join(' ')}`);
  // DR4 and DR5 alias DR6 and DR7 on the CPU (CR4.DE clear); VirtualBox stores all eight slots
  lines.push(`  dr4 ${word(registers.debug[4] ?? 0n)}  dr5 ${word(registers.debug[5] ?? 0n)}  dr6 ${word(registers.debug[6] ?? 0n)}  dr7 ${word(registers.debug[7] ?? 0n)}`);
  const msrs = registers.msrs;
  lines.push(...columns([['star', word(msrs.star)], ['lstar', word(msrs.lstar)], ['cstar', word(msrs.cstar)], ['sfmask', word(msrs.sfmask)], ['pat', word(msrs.pat)], ['kgsbase', word(msrs.kernelGsBase)], ['apic', optionalWord(msrs.apicBase)], ['tscaux', optionalWord(msrs.tscAux)]], 3));
  const { sysenter } = registers;
  lines.push(
    sysenter.cs === null && sysenter.eip === null
      ? `  sysenter esp ${word(sysenter.esp)} (cs and eip not stored: this layout keeps one union in which only esp survives)`
      : `  sysenter cs ${optionalWord(sysenter.cs)} eip ${optionalWord(sysenter.eip)} esp ${word(sysenter.esp)}`,
  );
  lines.push(registers.xcr === null ? '  xcr0/xcr1: not stored' : `  xcr0 ${hex(registers.xcr.xcr0)}  xcr1 ${hex(registers.xcr.xcr1)}`);
  const { fpu, xsave } = registers;
  if (fpu === null) {
    lines.push('  FPU/SSE: not stored in this layout');
  } else {
    lines.push(`  fcw ${hex(fpu.fcw)} fsw ${hex(fpu.fsw)} ftw ${hex(fpu.ftw)} fop ${hex(fpu.fop)} mxcsr ${hex(fpu.mxcsr)} (mask ${hex(fpu.mxcsrMask)})`);
    lines.push(`  fpuip ${hex(fpu.fpuIp)} cs ${hex(fpu.fpuCs)}  fpudp ${hex(fpu.fpuDp)} ds ${hex(fpu.fpuDs)}`);
    const st = (register: number): string => `st${register} 0x${fpu.st[register].toString(16).padStart(20, '0')}`;
    for (let register = 0; register < fpu.st.length; register += 4) lines.push(`  ${[0, 1, 2, 3].map((offset) => st(register + offset)).join('  ')}`);
    const xmm = (register: number): string => `xmm${String(register).padEnd(2)} 0x${fpu.xmm[register].toString(16).padStart(32, '0')}`;
    for (let register = 0; register < fpu.xmm.length; register += 2) lines.push(`  ${xmm(register)}  ${xmm(register + 1)}`);
  }
  if (xsave !== null) {
    const state = xsave.stateSize === null ? 'all 8 KiB copied (no cbExt in this format)' : `${hex(xsave.stateSize)} bytes of state`;
    lines.push(`  XSAVE area at ${hex(xsave.offset)}: ${state}, xstate_bv ${hex(xsave.xstateBv)}, xcomp_bv ${hex(xsave.xcompBv)}`);
    lines.push(...extendedStateLines(xsave));
  }
  return lines;
}

/** The registers of one vCPU, laid out as debuggers show them. */
export function formatCpu(view: CpuView): string {
  const note = view.registers?.producer === 'qemu' ? 'QEMU note' : 'VBCPU descriptor';
  const lines = [`CPU ${view.index} (${note} at file offset ${hex(view.descriptorOffset)}, ${hex(view.descriptorSize)} bytes)`];
  const { registers, decoded } = view;
  if (registers === null || decoded === null) return `${lines[0]}: registers not decoded (see \`vboxcore validate\`)\n`;
  if (registers.producer === 'virtualbox') lines.push(...layoutLines(registers));
  const general = registers.general;
  lines.push(...columns((['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const).map((name) => [name, word(general[name])]), 3));
  const flags = general.rflags === null || decoded.rflags === null ? 'rflags not stored in this layout' : `rflags ${word(general.rflags)} [${decoded.rflags.join(' ')}] IOPL=${decoded.iopl}`;
  lines.push(`     rip ${word(general.rip)}  ${flags}`);
  lines.push('  Segments:  sel     base                limit       attr     decoded');
  for (const [name, segment] of Object.entries(registers.segments) as [keyof typeof registers.segments, (typeof registers.segments)['cs']][]) {
    const bits = decoded.segments[name];
    const meaning = bits.unusable ? 'unusable' : [`type=${bits.type}`, bits.codeOrData ? 'S' : 'sys', `DPL=${bits.dpl}`, bits.present ? 'P' : 'not-present', bits.available ? 'AVL' : '', bits.long ? 'L' : '', bits.defaultBig ? 'D/B' : '', bits.granularity ? 'G' : ''].filter((part) => part !== '').join(' ');
    lines.push(`    ${name.padEnd(5)}  0x${segment.selector.toString(16).padStart(4, '0')}  ${word(segment.base)}  0x${segment.limit.toString(16).padStart(8, '0')}  0x${segment.attributes.toString(16).padStart(5, '0')}  ${meaning}`);
  }
  lines.push(`  gdtr ${word(registers.gdtr.base)} limit ${hex(registers.gdtr.limit)}   idtr ${word(registers.idtr.base)} limit ${hex(registers.idtr.limit)}`);
  lines.push(`  cr0 ${word(registers.control.cr0)} [${decoded.cr0.join(' ')}]`);
  lines.push(`  cr2 ${word(registers.control.cr2)}`);
  lines.push(`  cr3 ${word(registers.control.cr3)}`);
  const tables = decoded.pageTables === undefined ? '' : pageTableRootsText(decoded.pageTables);
  if (tables !== '') lines.push(`    ${tables}`);
  lines.push(`  cr4 ${word(registers.control.cr4)} [${decoded.cr4.join(' ')}]`);
  if (registers.producer === 'qemu') {
    lines.push(`  paging: ${decoded.pagingMode} (long mode ${registers.longModeActive ? 'on' : 'off'}, inferred from e_machine and this vCPU's CR0.PG/CR4.PAE; QEMU stores no EFER)`);
    lines.push(`  kgsbase ${registers.kernelGsBase === null ? 'not stored' : word(registers.kernelGsBase)}  QEMUCPUState version ${registers.stateVersion}, ${hex(registers.stateSize)} bytes`);
    lines.push('  debug registers, MSRs, FPU/SSE: not in QEMU\'s note');
  } else {
    lines.push(...virtualBoxOnlyLines(registers, decoded.efer ?? [], decoded.pagingMode));
  }
  return `${lines.join('\n')}\n`;
}

export function entryFlagText(flags: EntryFlags): string {
  const names: [keyof EntryFlags, string][] = [['present', 'P'], ['writable', 'RW'], ['user', 'US'], ['writeThrough', 'PWT'], ['cacheDisabled', 'PCD'], ['accessed', 'A'], ['dirty', 'D'], ['largePage', 'PS'], ['pat', 'PAT'], ['global', 'G'], ['noExecute', 'NX']];
  return names.filter(([key]) => flags[key]).map(([, name]) => name).join(' ') || '-';
}

function contextLine(context: PagingContext): string {
  return `paging ${context.mode}, CR3 ${hex(context.cr3)} (${context.source})`;
}

/** PCID and KPTI, said under the context line where they apply. */
function tablesLines(context: PagingContext): string[] {
  const text = context.tables === undefined ? '' : pageTableRootsText(context.tables);
  return text === '' ? [] : [`note: ${text}`];
}

/** A walk, one line per level, ending in the physical address or the fault. */
export function formatWalk(virtualAddress: bigint, context: PagingContext, walk: Walk): string {
  const lines = [`virtual ${hex(virtualAddress)}: ${contextLine(context)}`, ...tablesLines(context)];
  for (const step of walk.steps) {
    lines.push(`  ${step.level.padEnd(4)} [${String(step.index).padStart(3)}] entry at ${hex(step.entryAddress)} = ${word(step.entry)}  ${entryFlagText(step.flags)}`);
  }
  if (walk.kind === 'mapped') {
    const { page } = walk;
    const permissions = `${page.permissions.writable ? 'rw' : 'r-'}${page.permissions.executable ? 'x' : '-'} ${page.permissions.user ? 'user' : 'kernel'}`;
    lines.push(`  -> physical ${hex(page.physicalAddress)} (${humanSize(page.pageSize)} page at ${hex(page.pagePhysicalAddress)}, ${permissions})`);
  } else {
    lines.push(`  -> fault (${walk.fault.reason}): ${walk.fault.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** ' ×N every S' for a row that folds N mappings of the same pages (size, pages and page are one repeat's). */
export function repeatsText(mapping: VirtualMapping): string {
  return mapping.repeats === 1 ? '' : ` ×${mapping.repeats} every ${hex(mapping.repeatStride ?? 0n)}`;
}

/**
 * The mapped ranges like /proc/PID/maps: first and last virtual address (the last, not the
 * exclusive end, which at the top of the address space would be 2^64), permissions, page size,
 * physical start.
 */
export function formatMaps(context: PagingContext, listing: MapsListing): string {
  const folded = listing.mappings.reduce((sum, mapping) => sum + mapping.repeats - 1, 0);
  const rows = folded === 0 ? `${listing.mappings.length} mapped ranges` : `${listing.mappings.length} mapped ranges (${folded} more that map the same pages again folded into their rows)`;
  const lines = [`${contextLine(context)}: ${rows}, ${listing.tablesRead} tables read`, ...tablesLines(context)];
  lines.push('virtual start      virtual last       perm  size        pages     page     physical start');
  for (const mapping of listing.mappings) {
    const permissions = `${'r'}${mapping.writable ? 'w' : '-'}${mapping.executable ? 'x' : '-'}${mapping.user ? 'u' : 'k'}`;
    const physical = `${hex(mapping.physicalStart)}${mapping.physicallyContiguous ? '' : ' (scattered)'}${repeatsText(mapping)}`;
    lines.push(`${word(mapping.virtualStart)} ${word(mapping.repeatsEnd - 1n)} ${permissions}  ${humanSize(mapping.size).padEnd(10)}  ${String(mapping.pages).padEnd(8)}  ${humanSize(mapping.pageSize).padEnd(7)}  ${physical}`);
  }
  for (const table of listing.unreadableTables) {
    lines.push(`note: the ${table.level} table at physical ${hex(table.tableAddress)} (for ${hex(table.virtualStart)}-${hex(table.virtualEnd - 1n)}) is not in the dump`);
  }
  const unnamed = listing.unreadableTableCount - listing.unreadableTables.length;
  if (unnamed > 0) lines.push(`note: ${unnamed} more tables are not in the dump`);
  if (listing.reservedBitEntries > 0) lines.push(`note: ${listing.reservedBitEntries} present entries set reserved bits (an access through them faults): left out`);
  if (listing.stopReason === 'entry-budget') lines.push(`note: stopped after ${listing.entriesExamined} entries (the tables may loop); the listing is incomplete`);
  if (listing.stopReason === 'mapping-limit') lines.push(`note: stopped after ${listing.mappings.length} mapped ranges (the tables keep changing permissions or page size); the listing is incomplete`);
  return `${lines.join('\n')}\n`;
}
