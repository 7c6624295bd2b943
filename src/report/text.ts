import type { FileDigests } from '../io/hash';
import { digestLines } from './digest-text';
import { Translation } from '../address-space/physical';
import type { KernelIdentity } from '../guest-kernel/types';
import { hex } from '../model/numbers';
import { MemoryTotals, PhysicalRange, Producer, ValidationReport } from '../model/types';
import { roundedSize } from '../model/sizes';
import { ExpectationResult } from '../expectations/check';
import { Problem } from '../problems';
import { hexdumpLines } from './hexdump';
import { DumpSummary } from './summary';

function padded(value: number | bigint, width: number): string {
  return `0x${value.toString(16).padStart(width, '0')}`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatProblem(problem: Problem): string {
  const where = [problem.fileOffset === null ? null : `at file offset ${hex(problem.fileOffset)}`, problem.field].filter((part) => part !== null).join(', ');
  return `${problem.severity} ${problem.code}${where === '' ? '' : ` (${where})`}: ${problem.message}`;
}

function rangeRow(range: PhysicalRange, addressWidth: number): string[] {
  const inFile = range.presentBytes === range.declaredFileBytes ? hex(range.presentBytes) : `${hex(range.presentBytes)} of ${hex(range.declaredFileBytes)}`;
  return [
    String(range.index),
    padded(range.fileOffset, 10),
    padded(range.physicalStart, addressWidth),
    padded(range.physicalEnd, addressWidth),
    hex(range.size),
    inFile,
    range.kind,
    String(range.region),
  ];
}

const PRODUCER_NAMES: Readonly<Record<Producer, string>> = {
  virtualbox: 'VirtualBox (dumpvmcore)',
  qemu: 'QEMU (dump-guest-memory)',
  unknown: 'unknown (no VBCORE or QEMU note; read by VirtualBox\'s rules)',
};

/** Which kernel the guest ran and how that was found, or why none was named. */
export function kernelLines(kernel: KernelIdentity): string[] {
  if (kernel.os === null) return [`Kernel: not named: ${kernel.reason}`];
  const place = kernel.virtualBase === null ? '' : ` at ${hex(kernel.virtualBase)}`;
  const slide = kernel.kaslrSlide === null ? '' : ` (KASLR slide ${hex(kernel.kaslrSlide)})`;
  const dtb = kernel.kernelCr3 === null ? '' : `, kernel CR3 ${hex(kernel.kernelCr3)}`;
  const what = kernel.os === 'linux' ? `Linux ${kernel.release ?? '(release unknown)'}` : `Windows kernel${kernel.pe?.codeView ? `, PDB ${kernel.pe.codeView.pdbName} ${kernel.pe.codeView.symbolId}` : ''}`;
  const lines = [`Kernel: ${what}${place}${slide}${dtb}`, `  found: ${kernel.foundBy.join('; ')}`];
  if (kernel.unverified !== null) lines.push(`  note: ${kernel.unverified}`);
  return lines;
}

/** The vboxinfo-style view: descriptor facts, then every range with its inferred kind. */
export function formatInfo(summary: Omit<DumpSummary, 'kernel'> & { readonly kernel?: KernelIdentity }): string {
  const lines: string[] = [];
  const { descriptor, header } = summary;
  lines.push(`File: ${summary.path} (${summary.fileSize} bytes)`);
  lines.push(`Producer: ${PRODUCER_NAMES[summary.producer]}`);
  if (summary.producer === 'qemu') {
    lines.push(`CPUs: ${summary.cpus.length} (QEMU notes)`);
  } else if (descriptor === null) {
    lines.push('Magic: (no VBCORE descriptor)');
  } else {
    lines.push(`Magic: ${hex(descriptor.magic)}`);
    lines.push(`Format: ${hex(descriptor.formatVersion)}${descriptor.formatKnown ? '' : ' (unknown)'}`);
    lines.push(`VirtualBox ${descriptor.vboxVersion.text} (revision ${descriptor.vboxRevision})`);
    if (summary.host !== null) lines.push(`Host: ${summary.host}`);
    lines.push(`CPUs: ${descriptor.cpuCount}`);
  }
  const release = summary.vmcoreinfo?.match(/^OSRELEASE=(.*)$/m)?.[1];
  if (summary.vmcoreinfo !== null) lines.push(`VMCOREINFO: ${summary.vmcoreinfo.split('\n').filter((line) => line !== '').length} lines${release === undefined ? '' : `, OSRELEASE=${release}`} (all of it in --json)`);
  lines.push(`ELF: ${header.typeName}, ${header.machineName}, EI_VERSION ${header.identVersion}, ${header.programHeaderCount} program headers`);
  for (const cpu of summary.cpus) {
    const layout = cpu.registers?.producer === 'virtualbox' ? ` (${cpu.registers.layout.name})` : '';
    lines.push(cpu.registers === null ? `CPU ${cpu.index}: registers not decoded` : `CPU ${cpu.index}: cr3 ${hex(cpu.registers.control.cr3)} rip ${hex(cpu.registers.general.rip)}${layout}`);
  }
  // The viewer's asynchronous dump has no kernel named (it would read the kernel image through a byte source).
  if (summary.kernel !== undefined) lines.push(...kernelLines(summary.kernel));
  lines.push('');
  const addressWidth = summary.ranges.some((range) => range.physicalEnd > 0xff_ffff_ffff) ? 16 : 11;
  for (const line of table(['#', 'File offset', 'Physical start', 'Physical end', 'Size', 'In file', 'Kind', 'Region'], summary.ranges.map((range) => rangeRow(range, addressWidth)))) lines.push(line);
  const chunked = summary.regions.filter((region) => region.rangeIndexes.length > 1);
  for (const region of chunked) {
    lines.push(`Region ${region.region}: ${region.kind} ${hex(region.physicalStart)}-${hex(region.physicalEnd)} (${hex(region.size)} bytes) in ${region.rangeIndexes.length} chunks`);
  }
  lines.push(memoryLine(summary.memory));
  lines.push('Kinds are inferred from the address map (the file names no ranges); see `vboxcore info --json` for each reason.');
  lines.push('');
  for (const line of formatProblems(summary.report)) lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** RAM and the rest in totals: the guest's memory size as the dump shows it, and what is missing. */
function memoryLine(memory: MemoryTotals): string {
  const missing = memory.ramBytes - memory.ramPresentBytes;
  const ram = `${roundedSize(memory.ramBytes)} RAM (${hex(memory.ramBytes)} bytes in ${memory.ramRegions} region(s)${missing > 0 ? `, ${hex(missing)} of them missing from the file` : ''})`;
  const others = (['vram', 'rom', 'device', 'mmio'] as const).filter((kind) => memory.byKind[kind] > 0).map((kind) => `${roundedSize(memory.byKind[kind])} ${kind === 'mmio' ? 'MMIO (no data)' : kind === 'vram' ? 'VRAM' : kind === 'rom' ? 'ROM' : 'device memory'}`);
  return `Memory: ${[ram, ...others].join(', ')}; ${roundedSize(memory.fileDataBytes)} of data in the file`;
}

export function formatProblems(report: ValidationReport): string[] {
  if (report.problems.length === 0) return ['Problems: none'];
  const notes = report.infoCount > 0 ? `, ${report.infoCount} note(s)` : '';
  return [`Problems: ${report.errorCount} error(s), ${report.warningCount} warning(s)${notes}`, ...report.problems.map((problem) => `  ${formatProblem(problem)}`)];
}

/** One line per dump, then a line per expectation, and what --strict made of warnings. */
export function formatValidations(checked: readonly { readonly report: ValidationReport; readonly expectations: readonly ExpectationResult[]; readonly hashes?: FileDigests | null }[], strict: boolean): string {
  const lines: string[] = [];
  for (const { report, expectations, hashes } of checked) {
    lines.push(formatValidation(report));
    if (strict && report.valid && report.warningCount > 0) lines.push(`  --strict: ${report.warningCount} warning(s) count as failure`);
    for (const result of expectations) lines.push(`  expect ${result.expectation}: ${result.met ? 'met' : 'NOT MET'}, found ${result.found}`);
    if (hashes) lines.push(...digestLines('dump', hashes, 'the whole file').map((line) => `  ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/** One line per dump. */
export function formatValidation(report: ValidationReport): string {
  if (report.problems.length === 0) return `${report.path}: valid`;
  const verdict = !report.valid ? 'INVALID' : report.warningCount > 0 ? 'valid with warnings' : 'valid, with notes';
  return `${report.path}: ${verdict}: ${report.problems.map(formatProblem).join('; ')}`;
}

export function formatTranslation(translation: Translation): string {
  const { range } = translation;
  return `physical ${hex(translation.physicalAddress)} -> file offset ${hex(translation.fileOffset)} (range ${range.index}: ${hex(range.physicalStart)}-${hex(range.physicalEnd)}, ${range.kind}, ${hex(translation.offsetInRange)} bytes in; ${hex(translation.bytesToDataEnd)} bytes to the end of its data)\n`;
}

/** hexdump -C layout, with physical addresses in the first column. */
export function formatHexdump(physicalAddress: bigint, bytes: Uint8Array): string {
  return hexdumpLines(physicalAddress, bytes).toString('latin1');
}
