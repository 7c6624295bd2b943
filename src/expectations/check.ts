/**
 * Expectations checked against what a dump's headers and notes say. Every result carries what
 * was found, so a failing pipeline or test says "cpus=2: found 1", not just "failed".
 */
import { memoryTotals, regionsOf } from '../elf/ranges';
import { DumpStructure, Inspection } from '../inspect';
import { inspectPath } from '../inspect-file';
import { hex } from '../model/numbers';
import { roundedSize } from '../model/sizes';
import { ValidationReport } from '../model/types';
import { Expectation, ExpectationOperator, parseExpectations } from './grammar';
import { openDump, VBoxCoreDump } from '../dump';
import { VboxCoreError } from '../errors';
import { identifyKernel, noKernel } from '../guest-kernel/identify';
import type { KernelIdentity } from '../guest-kernel/types';

/** One expectation, checked. */
export interface ExpectationResult {
  /** The expectation as written. */
  readonly expectation: string;
  /** Whether the dump meets it. */
  readonly met: boolean;
  /** What the dump has, in words (`2`, `640 KiB (0xa0000 bytes)`, `7.0.14`, `0x1985c bytes missing`). */
  readonly found: string;
}

/** A dump's validation report and its expectations, checked. */
export interface ExpectationReport {
  /** The dump's path. */
  readonly path: string;
  /** Every problem found (as `validateDump` returns it). */
  readonly report: ValidationReport;
  /** Each expectation's result, in the order given. */
  readonly expectations: readonly ExpectationResult[];
  /** Every expectation met (and true when there are none). */
  readonly met: boolean;
}

function compare(found: number, operator: ExpectationOperator, wanted: number): boolean {
  switch (operator) {
    case '=':
      return found === wanted;
    case '!=':
      return found !== wanted;
    case '>=':
      return found >= wanted;
    case '<=':
      return found <= wanted;
    case '>':
      return found > wanted;
    case '<':
      return found < wanted;
  }
}

/** Versions compare part by part; `=` and `!=` look only at the parts given (version=7.0 holds for 7.0.14). */
function compareVersion(found: readonly number[], operator: ExpectationOperator, wanted: readonly number[]): boolean {
  if (operator === '=' || operator === '!=') {
    const equal = wanted.every((part, index) => found[index] === part);
    return operator === '=' ? equal : !equal;
  }
  const order = [0, 1, 2].map((index) => Math.sign((found[index] ?? 0) - (wanted[index] ?? 0))).find((sign) => sign !== 0) ?? 0;
  return compare(order, operator, 0);
}

const sizeText = (bytes: number): string => `${roundedSize(bytes)} (${hex(bytes)} bytes)`;

/** The guest kernel of the dump being checked, looked for only when an expectation asks (it reads memory). */
export type KernelSource = () => KernelIdentity;

/** Whether any expectation needs the guest kernel (os, kernel). */
export function needsKernel(expectations: readonly Expectation[]): boolean {
  return expectations.some((expectation) => expectation.kind === 'compare' && (expectation.key === 'os' || expectation.key === 'kernel'));
}

/** The kernel of the dump at `path`, or no kernel with the reason when the file cannot be opened. */
export function kernelOfPath(path: string): KernelIdentity {
  let dump: VBoxCoreDump;
  try {
    dump = openDump(path);
  } catch (error) {
    if (!(error instanceof VboxCoreError)) throw error;
    return noKernel(`${error.code}: ${error.message}`);
  }
  try {
    return identifyKernel(dump);
  } finally {
    dump.close();
  }
}

/** What `kernel=` compares: a Linux release, a Windows kernel's symbol-server key, or 'none'. */
function kernelName(kernel: KernelIdentity): string {
  return kernel.release ?? kernel.pe?.codeView?.symbolId ?? 'none';
}

function checkOne(expectation: Expectation, report: ValidationReport, structure: DumpStructure | null, kernel?: KernelSource): ExpectationResult {
  const result = (met: boolean, found: string): ExpectationResult => ({ expectation: expectation.text, met, found });
  if (structure === null) {
    const fatal = report.problems[0];
    return result(false, `the dump could not be read (${fatal === undefined ? 'no details' : `${fatal.code}: ${fatal.message}`})`);
  }
  const memory = memoryTotals(structure.ranges, regionsOf(structure.ranges));
  if (expectation.kind === 'flag') {
    switch (expectation.flag) {
      case 'valid':
        return result(report.valid, report.valid ? 'valid' : `${report.errorCount} error(s), first ${report.problems[0].code}`);
      case 'no-warnings': {
        const count = report.errorCount + report.warningCount;
        const first = report.problems.find((problem) => problem.severity !== 'info');
        return result(count === 0, count === 0 ? 'no errors or warnings' : `${report.errorCount} error(s) and ${report.warningCount} warning(s), first ${first!.code}`);
      }
      case 'no-truncation': {
        const truncated = memory.missingBytes > 0 || report.problems.some((problem) => problem.code === 'TRUNCATED_DUMP');
        return result(!truncated, truncated ? `${hex(memory.missingBytes)} bytes missing from the file` : 'every byte is in the file');
      }
      case 'registers': {
        const undecoded = structure.cpus.filter((cpu) => cpu.registers === null).map((cpu) => cpu.index);
        const met = structure.cpus.length > 0 && undecoded.length === 0;
        return result(met, structure.cpus.length === 0 ? 'no vCPU notes' : met ? `all ${structure.cpus.length} decoded` : `vCPU(s) ${undecoded.join(', ')} not decoded`);
      }
    }
  }
  const { key, operator, value } = expectation;
  const numeric = (found: number, text: string): ExpectationResult => result(compare(found, operator, value as number), text);
  const descriptor = structure.descriptor;
  switch (key) {
    case 'cpus': {
      const declared = descriptor !== null && descriptor.cpuCount !== structure.cpus.length ? ` (the descriptor says ${descriptor.cpuCount})` : '';
      return numeric(structure.cpus.length, `${structure.cpus.length}${declared}`);
    }
    case 'ram':
      return numeric(memory.ramBytes, sizeText(memory.ramBytes));
    case 'data':
      return numeric(memory.fileDataBytes, sizeText(memory.fileDataBytes));
    case 'mmio':
      return numeric(memory.byKind.mmio, sizeText(memory.byKind.mmio));
    case 'ranges':
      return numeric(structure.ranges.length, String(structure.ranges.length));
    case 'producer':
      return result(operator === '=' ? structure.producer === value : structure.producer !== value, structure.producer);
    case 'version':
      if (descriptor === null) return result(false, 'no VBCORE descriptor (no VirtualBox version)');
      return result(compareVersion([descriptor.vboxVersion.major, descriptor.vboxVersion.minor, descriptor.vboxVersion.build], operator, value as number[]), descriptor.vboxVersion.text);
    case 'revision':
      if (descriptor === null) return result(false, 'no VBCORE descriptor (no revision)');
      return numeric(descriptor.vboxRevision, String(descriptor.vboxRevision));
    case 'format':
      if (descriptor === null) return result(false, 'no VBCORE descriptor (no format version)');
      return numeric(descriptor.formatVersion, hex(descriptor.formatVersion));
    case 'os':
    case 'kernel': {
      if (kernel === undefined) return result(false, 'the guest kernel was not looked for (checkExpectations was given no kernel source)');
      const found = kernel();
      const name = key === 'os' ? found.os ?? 'none' : kernelName(found);
      const detail = found.os === null ? ` (${found.reason})` : found.unverified === null ? '' : ` (${found.unverified})`;
      return result(operator === '=' ? name === value : name !== value, `${name}${detail}`);
    }
    case 'layout': {
      const names = structure.cpus.map((cpu) => (cpu.registers?.producer === 'virtualbox' ? cpu.registers.layout.name : cpu.registers === null ? 'not decoded' : 'qemu'));
      const every = names.length > 0 && names.every((name) => name === value);
      return result(operator === '=' ? every : names.length > 0 && names.every((name) => name !== value), names.length === 0 ? 'no vCPU notes' : [...new Set(names)].join(', '));
    }
  }
}

/**
 * Checks parsed expectations against an inspection (`inspectFile`). `os` and `kernel` need the
 * dump's memory: `kernel` gives the guest kernel when asked (`kernelOfPath` for a file).
 */
export function checkExpectations(inspection: Inspection, expectations: readonly Expectation[], kernel?: KernelSource): ExpectationResult[] {
  let known: KernelIdentity | undefined;
  const once = kernel === undefined ? undefined : (): KernelIdentity => (known ??= kernel());
  return expectations.map((expectation) => checkOne(expectation, inspection.report, inspection.structure, once));
}

/**
 * Validates the dump at `path` and checks the expectations (texts such as `cpus=2`,
 * `ram>=4GiB`, `no-truncation`; see `EXPECTATION_KEYS`). Throws INVALID_ARGUMENT for a malformed
 * expectation; an unreadable or broken dump is a report whose expectations are not met.
 */
export function expectDump(path: string, expectations: readonly string[]): ExpectationReport {
  const parsed = parseExpectations(expectations);
  const inspection = inspectPath(path);
  const results = checkExpectations(inspection, parsed, () => kernelOfPath(path));
  return { path, report: inspection.report, expectations: results, met: results.every((entry) => entry.met) };
}
