import { PagingContext, PagingMode } from '../address-space/paging';
import { EntryFlags, MapsListing, Walk } from '../address-space/virtual';
import { CpuView } from '../cpu/view';
import { hex } from '../model/numbers';
import { VirtualBoxCpuRegisters } from '../model/types';

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

/** EFER, debug registers, MSRs and the FPU/SSE tail: only VirtualBox's notes hold them. */
function virtualBoxOnlyLines(registers: VirtualBoxCpuRegisters, efer: readonly string[], pagingMode: PagingMode): string[] {
  const lines: string[] = [];
  lines.push(`  efer ${word(registers.msrs.efer)} [${efer.join(' ')}]  paging: ${pagingMode}`);
  lines.push(`  dr0-3 ${registers.debug.slice(0, 4).map(word).join(' ')}`);
  lines.push(`  dr6 ${word(registers.debug[6] ?? 0n)}  dr7 ${word(registers.debug[7] ?? 0n)}`);
  const msrs = registers.msrs;
  lines.push(...columns([['star', word(msrs.star)], ['lstar', word(msrs.lstar)], ['cstar', word(msrs.cstar)], ['sfmask', word(msrs.sfmask)], ['pat', word(msrs.pat)], ['kgsbase', word(msrs.kernelGsBase)], ['apic', word(msrs.apicBase)]], 3));
  lines.push(`  sysenter cs ${hex(registers.sysenter.cs)} eip ${word(registers.sysenter.eip)} esp ${word(registers.sysenter.esp)}`);
  const extended = registers.extended;
  if (extended === null) {
    lines.push('  FPU/SSE: not decoded (unknown DBGFCORECPU size)');
  } else {
    const { fpu } = extended;
    const xsave = extended.xsaveSize === null ? 'size not stored' : `${hex(extended.xsaveSize)} bytes of state`;
    lines.push(`  layout ${extended.layout}${extended.tscAux === null ? '' : `  tsc_aux ${hex(extended.tscAux)}`}${extended.xcr0 === null ? '' : `  xcr0 ${hex(extended.xcr0)}`}`);
    lines.push(`  fcw ${hex(fpu.fcw)} fsw ${hex(fpu.fsw)} ftw ${hex(fpu.ftw)} mxcsr ${hex(fpu.mxcsr)} (mask ${hex(fpu.mxcsrMask)})  XSAVE: ${xsave}, xstate_bv ${hex(extended.xstateBv)}`);
    const xmm = (register: number): string => `xmm${String(register).padEnd(2)} 0x${extended.xmm[register].toString(16).padStart(32, '0')}`;
    for (let register = 0; register < extended.xmm.length; register += 2) lines.push(`  ${xmm(register)}  ${xmm(register + 1)}`);
  }
  return lines;
}

/** The registers of one vCPU, laid out as debuggers show them. */
export function formatCpu(view: CpuView): string {
  const note = view.registers?.producer === 'qemu' ? 'QEMU note' : 'VBCPU descriptor';
  const lines = [`CPU ${view.index} (${note} at file offset ${hex(view.descriptorOffset)}, ${hex(view.descriptorSize)} bytes)`];
  const { registers, decoded } = view;
  if (registers === null || decoded === null) return `${lines[0]}: registers not decoded (see \`vboxcore validate\`)\n`;
  const general = registers.general;
  lines.push(...columns((['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const).map((name) => [name, word(general[name])]), 3));
  lines.push(`     rip ${word(general.rip)}  rflags ${word(general.rflags)} [${decoded.rflags.join(' ')}] IOPL=${decoded.iopl}`);
  lines.push('  Segments:  sel     base                limit       attr     decoded');
  for (const [name, segment] of Object.entries(registers.segments) as [keyof typeof registers.segments, (typeof registers.segments)['cs']][]) {
    const bits = decoded.segments[name];
    const meaning = bits.unusable ? 'unusable' : [`type=${bits.type}`, bits.codeOrData ? 'S' : 'sys', `DPL=${bits.dpl}`, bits.present ? 'P' : 'not-present', bits.long ? 'L' : '', bits.defaultBig ? 'D/B' : '', bits.granularity ? 'G' : ''].filter((part) => part !== '').join(' ');
    lines.push(`    ${name.padEnd(5)}  0x${segment.selector.toString(16).padStart(4, '0')}  ${word(segment.base)}  0x${segment.limit.toString(16).padStart(8, '0')}  0x${segment.attributes.toString(16).padStart(5, '0')}  ${meaning}`);
  }
  lines.push(`  gdtr ${word(registers.gdtr.base)} limit ${hex(registers.gdtr.limit)}   idtr ${word(registers.idtr.base)} limit ${hex(registers.idtr.limit)}`);
  lines.push(`  cr0 ${word(registers.control.cr0)} [${decoded.cr0.join(' ')}]`);
  lines.push(`  cr2 ${word(registers.control.cr2)}`);
  lines.push(`  cr3 ${word(registers.control.cr3)}`);
  lines.push(`  cr4 ${word(registers.control.cr4)} [${decoded.cr4.join(' ')}]`);
  if (registers.producer === 'qemu') {
    lines.push(`  paging: ${decoded.pagingMode} (long mode ${registers.longModeActive ? 'on' : 'off'} by e_machine; QEMU stores no EFER)`);
    lines.push(`  kgsbase ${registers.kernelGsBase === null ? 'not stored' : word(registers.kernelGsBase)}  QEMUCPUState version ${registers.stateVersion}, ${hex(registers.stateSize)} bytes`);
    lines.push('  debug registers, MSRs, FPU/SSE: not in QEMU\'s note');
  } else {
    lines.push(...virtualBoxOnlyLines(registers, decoded.efer ?? [], decoded.pagingMode));
  }
  return `${lines.join('\n')}\n`;
}

export function entryFlagText(flags: EntryFlags): string {
  const names: [keyof EntryFlags, string][] = [['present', 'P'], ['writable', 'RW'], ['user', 'US'], ['writeThrough', 'PWT'], ['cacheDisabled', 'PCD'], ['accessed', 'A'], ['dirty', 'D'], ['largePage', 'PS'], ['global', 'G'], ['noExecute', 'NX']];
  return names.filter(([key]) => flags[key]).map(([, name]) => name).join(' ') || '-';
}

function contextLine(context: PagingContext): string {
  return `paging ${context.mode}, CR3 ${hex(context.cr3)} (${context.source})`;
}

/** A walk, one line per level, ending in the physical address or the fault. */
export function formatWalk(virtualAddress: bigint, context: PagingContext, walk: Walk): string {
  const lines = [`virtual ${hex(virtualAddress)}: ${contextLine(context)}`];
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

export function humanSize(bytes: number | bigint): string {
  const value = Number(bytes);
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (value >= size && value % size === 0) return `${value / size} ${unit}`;
  }
  return `${value} B`;
}

/** The mapped ranges like /proc/PID/maps: start-end, permissions, page size, physical start. */
export function formatMaps(context: PagingContext, listing: MapsListing): string {
  const lines = [`${contextLine(context)}: ${listing.mappings.length} mapped ranges, ${listing.tablesRead} tables read`];
  lines.push('virtual start      virtual end        perm  size        pages     page     physical start');
  for (const mapping of listing.mappings) {
    const permissions = `${'r'}${mapping.writable ? 'w' : '-'}${mapping.executable ? 'x' : '-'}${mapping.user ? 'u' : 'k'}`;
    const physical = `${hex(mapping.physicalStart)}${mapping.physicallyContiguous ? '' : ' (scattered)'}`;
    lines.push(`${word(mapping.virtualStart)} ${word(mapping.virtualEnd)} ${permissions}  ${humanSize(mapping.size).padEnd(10)}  ${String(mapping.pages).padEnd(8)}  ${humanSize(mapping.pageSize).padEnd(7)}  ${physical}`);
  }
  for (const table of listing.unreadableTables) {
    lines.push(`note: the ${table.level} table at physical ${hex(table.tableAddress)} (for ${hex(table.virtualStart)}-${hex(table.virtualEnd)}) is not in the dump`);
  }
  if (listing.truncated) lines.push(`note: stopped after ${listing.entriesExamined} entries (the tables may loop); the listing is incomplete`);
  return `${lines.join('\n')}\n`;
}
