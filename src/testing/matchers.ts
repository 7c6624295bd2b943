/**
 * Matchers for Jest and Vitest (both take `expect.extend(vboxcoreMatchers)`): a dump, given as a
 * path or an open dump, is valid, meets expectations, has vCPUs and RAM, maps a physical
 * address, translates a virtual one. Failure messages carry the problem codes, file offsets and
 * the values found, as `vboxcore validate` prints them.
 */
import { AddressInput, describeValue, toAddress } from '../address-space/address';
import { cpuAddressSpace, CpuSpaceOptions } from '../cpu/cpu-address-space';
import { openDump, VBoxCoreDump } from '../dump';
import { isVboxCoreError, VboxCoreError } from '../errors';
import { checkExpectations, ExpectationResult, kernelOfPath } from '../expectations/check';
import { identifyKernel } from '../guest-kernel/identify';
import { parseExpectations, parseSize } from '../expectations/grammar';
import { Inspection } from '../inspect';
import { inspectPath } from '../inspect-file';
import { hex } from '../model/numbers';
import { formatProblem } from '../report/text';

/** A dump as the matchers take it: a path, or a dump the test opened. */
export type DumpUnderTest = string | VBoxCoreDump;

/** What a matcher returns, in the shape Jest and Vitest share. */
export interface MatcherResult {
  /** Whether the assertion (without `.not`) holds. */
  readonly pass: boolean;
  /** The failure message, for the assertion or its `.not`. */
  readonly message: () => string;
}

/** The part of Jest's and Vitest's matcher context the matchers read. */
export interface MatcherContext {
  /** True under `.not`. */
  readonly isNot?: boolean;
}

function nameOf(dump: DumpUnderTest): string {
  return typeof dump === 'string' ? dump : dump.path;
}

function inspect(dump: DumpUnderTest): Inspection {
  if (typeof dump === 'string') return inspectPath(dump);
  if (typeof dump === 'object' && dump !== null && 'report' in dump && 'ranges' in dump) return { report: dump.report, structure: dump };
  throw new TypeError(`vboxcore matchers take a dump's path or an open dump (openDump), not ${dump === null ? 'null' : typeof dump}`);
}

/**
 * The result for a dump that cannot be read: a failure with and without `.not` (Jest and Vitest
 * fail a `.not` assertion whose matcher passes), for nothing can be said of a dump that is not there.
 */
function unreadable(context: MatcherContext | undefined, name: string, why: string): MatcherResult {
  return { pass: context?.isNot === true, message: () => `expected ${name} to be a core dump that can be read, but it is not: ${why} (an unreadable dump fails every matcher, with .not or without, except .not.toBeValidCore)` };
}

/** Runs `body` on the dump, opening (and closing) it when given a path; a dump that does not open fails, .not or not. */
function withOpenDump(context: MatcherContext | undefined, dump: DumpUnderTest, body: (open: VBoxCoreDump) => MatcherResult): MatcherResult {
  if (typeof dump !== 'string') return body(dump);
  let open: VBoxCoreDump;
  try {
    open = openDump(dump);
  } catch (error) {
    if (!isVboxCoreError(error)) throw error;
    return unreadable(context, dump, `${error.code}: ${error.message}`);
  }
  try {
    return body(open);
  } finally {
    open.close();
  }
}

/** The failure message of expectations: every one not met (or, under .not, every one met), with what was found. */
function expectationMessage(name: string, results: readonly ExpectationResult[], isNot: boolean): string {
  const shown = results.filter((result) => result.met === isNot);
  return `expected ${name} ${isNot ? 'not ' : ''}to meet ${results.map((result) => result.expectation).join(', ')}, but:\n${shown.map((result) => `  ${result.expectation}: ${result.met ? 'met' : 'not met'}, found ${result.found}`).join('\n')}`;
}

function meets(context: MatcherContext | undefined, dump: DumpUnderTest, expectations: readonly string[]): MatcherResult {
  const parsed = parseExpectations(expectations);
  const inspection = inspect(dump);
  if (inspection.structure === null) {
    const first = inspection.report.problems[0];
    return unreadable(context, nameOf(dump), first === undefined ? 'no details' : `${first.code}: ${first.message}`);
  }
  const results = checkExpectations(inspection, parsed, () => (typeof dump === 'string' ? kernelOfPath(dump) : identifyKernel(dump)));
  const pass = results.every((result) => result.met);
  return { pass, message: () => expectationMessage(nameOf(dump), results, context?.isNot === true) };
}

/** The matchers, for `expect.extend`. Each takes the dump (a path or an open dump) as `received`. */
export const vboxcoreMatchers = {
  /**
   * No problem of severity error (with `{ strict: true }`, no warning either). The failure lists
   * each problem as `vboxcore validate` does: code, file offset, field and message.
   */
  toBeValidCore(this: MatcherContext | void, received: DumpUnderTest, options: { strict?: boolean } = {}): MatcherResult {
    const { report } = inspect(received);
    const failing = report.problems.filter((problem) => problem.severity === 'error' || (options.strict === true && problem.severity === 'warning'));
    const pass = failing.length === 0;
    const kind = options.strict === true ? 'valid core without warnings' : 'valid core';
    return {
      pass,
      message: () => (pass ? `expected ${nameOf(received)} not to be a ${kind}, but it is (${report.problems.length} problem(s) of lower severity)` : `expected ${nameOf(received)} to be a ${kind}, but:\n${failing.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`),
    };
  },

  /** Every expectation holds, in `vboxcore validate --expect` grammar: `['cpus=2', 'ram>=4GiB', 'no-truncation']`. */
  toMeetExpectations(this: MatcherContext | void, received: DumpUnderTest, expectations: readonly string[]): MatcherResult {
    return meets(this as MatcherContext | undefined, received, expectations);
  },

  /** The dump has exactly `count` vCPU notes. */
  toHaveCpus(this: MatcherContext | void, received: DumpUnderTest, count: number): MatcherResult {
    if (!Number.isSafeInteger(count) || count < 0) throw new VboxCoreError('INVALID_ARGUMENT', `toHaveCpus takes a whole number of vCPUs, not ${describeValue(count)}`);
    return meets(this as MatcherContext | undefined, received, [`cpus=${count}`]);
  },

  /** The dump has at least this much RAM: bytes, or a size such as `'4GiB'` (the failure quotes it as given). */
  toHaveRamAtLeast(this: MatcherContext | void, received: DumpUnderTest, size: number | string): MatcherResult {
    if (typeof size === 'string') parseSize(size);
    else if (!(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) throw new VboxCoreError('INVALID_ARGUMENT', `toHaveRamAtLeast takes a whole number of bytes below 2^53 or a size such as '4GiB', not ${describeValue(size)}`);
    return meets(this as MatcherContext | undefined, received, [`ram>=${size}`]);
  },

  /**
   * The guest ran this kernel, named from the CPU state: `{ os: 'linux' }`, `{ release:
   * '6.1.0-28-cloud-amd64' }`, or a Windows kernel's PDB key as `release`. The failure says what
   * was found and how (or why no kernel was).
   */
  toRunKernel(this: MatcherContext | void, received: DumpUnderTest, expected: { os?: 'linux' | 'windows'; release?: string }): MatcherResult {
    if (typeof expected !== 'object' || expected === null || (expected.os === undefined && expected.release === undefined)) throw new VboxCoreError('INVALID_ARGUMENT', `toRunKernel takes { os: 'linux' | 'windows', release: '...' } (one or both), not ${describeValue(expected)}`);
    const expectations = [...(expected.os === undefined ? [] : [`os=${expected.os}`]), ...(expected.release === undefined ? [] : [`kernel=${expected.release}`])];
    return meets(this as MatcherContext | undefined, received, expectations);
  },

  /** Every byte of `[physicalAddress, physicalAddress + length)` has data in the file (no gap, MMIO or truncation). */
  toMapPhysical(this: MatcherContext | void, received: DumpUnderTest, physicalAddress: AddressInput, length = 1): MatcherResult {
    const address = toAddress(physicalAddress, 'physical address');
    return withOpenDump(this as MatcherContext | undefined, received, (dump) => {
      const holes = dump.physical.mapping(address, length).filter((run) => run.kind === 'hole');
      const pass = holes.length === 0;
      const window = `physical ${hex(address)}-${hex(address + BigInt(length))}`;
      return {
        pass,
        message: () => (pass ? `expected ${nameOf(received)} not to hold data for ${window}, but it does` : `expected ${nameOf(received)} to hold data for ${window}, but it has holes: ${holes.map((run) => `${hex(run.physicalAddress)}+${hex(run.length)} (${run.kind === 'hole' ? run.hole : ''})`).join(', ')}`),
      };
    });
  },

  /**
   * `virtualAddress` translates to `physicalAddress` through a vCPU's page tables (vCPU 0 unless
   * `options` say otherwise, or a given CR3 and mode). The failure shows the walk's end: the
   * physical address found, or the fault with its level and entry.
   */
  toTranslate(this: MatcherContext | void, received: DumpUnderTest, virtualAddress: AddressInput, physicalAddress: AddressInput, options: CpuSpaceOptions = {}): MatcherResult {
    const wanted = toAddress(physicalAddress, 'physical address');
    return withOpenDump(this as MatcherContext | undefined, received, (dump) => {
      const walk = cpuAddressSpace(dump, options).walk(virtualAddress);
      const found = walk.kind === 'mapped' ? `physical ${hex(walk.page.physicalAddress)}` : `a fault (${walk.fault.reason}): ${walk.fault.message}`;
      const pass = walk.kind === 'mapped' && walk.page.physicalAddress === wanted;
      const virtualText = hex(toAddress(virtualAddress, 'virtual address'));
      return { pass, message: () => `expected virtual ${virtualText} in ${nameOf(received)} ${pass ? 'not ' : ''}to translate to physical ${hex(wanted)}, but it translates to ${found}` };
    });
  },
};

/** The matchers as assertion methods: what `expect(dump)` gains (R is the assertion's return type). */
export interface VboxcoreMatchers<R = unknown> {
  /** No problem of severity error (with `{ strict: true }`, no warning either). */
  toBeValidCore(options?: { strict?: boolean }): R;
  /** Every expectation holds (`validate --expect` grammar). */
  toMeetExpectations(expectations: readonly string[]): R;
  /** Exactly `count` vCPU notes. */
  toHaveCpus(count: number): R;
  /** At least this much RAM (bytes, or a size such as `'4GiB'`). */
  toHaveRamAtLeast(size: number | string): R;
  /** The guest ran this kernel (its OS, its release or Windows PDB key), named from the CPU state. */
  toRunKernel(expected: { os?: 'linux' | 'windows'; release?: string }): R;
  /** Data in the file for every byte of the window. */
  toMapPhysical(physicalAddress: AddressInput, length?: number): R;
  /** The virtual address translates to the physical one through a vCPU's page tables. */
  toTranslate(virtualAddress: AddressInput, physicalAddress: AddressInput, options?: CpuSpaceOptions): R;
}
