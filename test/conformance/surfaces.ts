/**
 * The TypeScript surfaces the corpus runs through: the synchronous library, the asynchronous
 * library over any source (a FileHandle, a Blob, HTTP ranges), the CLI's --json documents, and
 * the Jest matchers. The Python package and the viewer have runners of their own.
 */
import { cpuAddressSpace, cpuAddressSpaceAsync, openDump, openDumpAsync, validateDump, validateDumpAsync, VboxCoreError } from '../../src';
import type { AsyncByteSource, AsyncVBoxCoreDump, CpuNoteInfo, PhysicalRange, Problem, ValidationReport, VBoxCoreDump } from '../../src';
import { checkExpectations } from '../../src/expectations/check';
import { parseExpectation } from '../../src/expectations/grammar';
import { inspectPath } from '../../src/inspect-file';
import { cli } from '../helpers';
import { ReadAnswer, Session, sha256, Skip, Surface, SurfaceReport, SurfaceStructure, TranslationAnswer, WalkAnswer } from './runner';

const hex = (value: number | bigint): string => `0x${value.toString(16)}`;

function problemsOf(problems: readonly Problem[]): SurfaceReport['problems'] {
  return problems.map((problem) => ({ code: problem.code, severity: problem.severity, fileOffset: problem.fileOffset === null ? null : hex(problem.fileOffset), field: problem.field }));
}

function rangesOf(ranges: readonly PhysicalRange[]): SurfaceStructure['ranges'] {
  return ranges.map((range) => ({ programHeaderIndex: range.programHeaderIndex, physicalStart: hex(range.physicalStart), physicalEnd: hex(range.physicalEnd), size: hex(range.size), fileOffset: hex(range.fileOffset), declaredFileBytes: hex(range.declaredFileBytes), presentBytes: hex(range.presentBytes), kind: range.kind }));
}

/** Registers in the JSON convention (BigInts as hex), for the case's subset to be picked from. */
function jsonView(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? hex(item) : item)));
}

function cpusOf(cpus: readonly CpuNoteInfo[]): SurfaceStructure['cpus'] {
  return cpus.map((cpu) => ({ index: cpu.index, layout: cpu.registers === null ? null : cpu.registers.producer === 'qemu' ? 'qemu' : cpu.registers.layout.name, registers: cpu.registers === null ? null : (jsonView(cpu.registers) as Record<string, unknown>) }));
}

function structureOf(dump: VBoxCoreDump | AsyncVBoxCoreDump): SurfaceStructure {
  const descriptor = dump.descriptor;
  return {
    producer: dump.producer,
    descriptor: descriptor === null ? null : { magic: descriptor.magic, formatVersion: descriptor.formatVersion, vboxVersion: descriptor.vboxVersion.text, vboxRevision: descriptor.vboxRevision, cpuCount: descriptor.cpuCount },
    ranges: rangesOf(dump.ranges),
    memory: { ramBytes: hex(dump.memory.ramBytes), ramPresentBytes: hex(dump.memory.ramPresentBytes), fileDataBytes: hex(dump.memory.fileDataBytes), missingBytes: hex(dump.memory.missingBytes), mmioBytes: hex(dump.memory.byKind.mmio) },
    cpus: cpusOf(dump.cpus),
  };
}

/** The code of a VboxCoreError, as an answer; anything else is a bug and is rethrown. */
function codeOf(error: unknown): { error: string } {
  if (error instanceof VboxCoreError) return { error: error.code };
  throw error;
}

function walkAnswer(walk: { kind: 'mapped'; page: { physicalAddress: bigint; pageSize: number } } | { kind: 'fault'; fault: { reason: string } }): WalkAnswer {
  return walk.kind === 'mapped' ? { physicalAddress: hex(walk.page.physicalAddress), pageSize: hex(walk.page.pageSize) } : { fault: walk.fault.reason };
}

function stopsOf(report: ValidationReport, opened: boolean): string | null {
  return opened ? null : report.problems[0]?.code ?? null;
}

/** The synchronous library: validateDump, openDump, physical reads, translations, page walks, checkExpectations. */
export const librarySurface: Surface = {
  name: 'library (synchronous, file)',
  async open(file) {
    let dump: VBoxCoreDump | null = null;
    let stop: string | null = null;
    try {
      dump = openDump(file);
    } catch (error) {
      stop = codeOf(error).error;
    }
    const need = (): VBoxCoreDump => {
      if (dump === null) throw new Error('the dump did not open');
      return dump;
    };
    return {
      report: async () => ({ problems: problemsOf(validateDump(file).problems), stops: stop }),
      structure: async () => structureOf(need()),
      read: async (address, length, zeroHoles): Promise<ReadAnswer> => {
        try {
          return { sha256: sha256(need().physical.read(address, length, { holes: zeroHoles ? 'zero' : 'error' })) };
        } catch (error) {
          return codeOf(error);
        }
      },
      translate: async (address): Promise<TranslationAnswer> => {
        try {
          const translation = need().physical.translate(address);
          return { fileOffset: hex(translation.fileOffset), range: translation.range.index };
        } catch (error) {
          return codeOf(error);
        }
      },
      walk: async (cpu, address) => walkAnswer(cpuAddressSpace(need(), { cpu }).walk(address)),
      expectation: async (text) => checkExpectations(inspectPath(file), [parseExpectation(text)])[0].met,
      close: async () => dump?.close(),
    };
  },
};

/** The asynchronous library over the source `makeSource` gives for a file (a path opens a FileHandleSource). */
export function asyncSurface(name: string, makeSource: (file: string) => Promise<string | AsyncByteSource>): Surface {
  return {
    name,
    async open(file) {
      let dump: AsyncVBoxCoreDump | null = null;
      let stop: string | null = null;
      try {
        dump = await openDumpAsync(await makeSource(file));
      } catch (error) {
        stop = codeOf(error).error;
      }
      const need = (): AsyncVBoxCoreDump => {
        if (dump === null) throw new Error('the dump did not open');
        return dump;
      };
      return {
        report: async () => {
          const report = await validateDumpAsync(await makeSource(file));
          return { problems: problemsOf(report.problems), stops: stop };
        },
        structure: async () => structureOf(need()),
        read: async (address, length, zeroHoles) => {
          try {
            return { sha256: sha256(await need().physical.read(address, length, { holes: zeroHoles ? 'zero' : 'error' })) };
          } catch (error) {
            return codeOf(error);
          }
        },
        translate: async (address) => {
          try {
            const translation = need().physical.translate(address);
            return { fileOffset: hex(translation.fileOffset), range: translation.range.index };
          } catch (error) {
            return codeOf(error);
          }
        },
        walk: async (cpu, address) => walkAnswer(await cpuAddressSpaceAsync(need(), { cpu }).walk(address)),
        // the library's checks over what the asynchronous open found (or its report, when it found nothing)
        expectation: async (text) => checkExpectations(dump === null ? { report: await validateDumpAsync(await makeSource(file)), structure: null } : { report: dump.report, structure: dump }, [parseExpectation(text)])[0].met,
        close: async () => dump?.close(),
      };
    },
  };
}

/** The CLI's --json documents (validate, info, read, translate, vtop, validate --expect), run in-process. */
export const cliSurface: Surface = {
  name: 'CLI (--json)',
  async open(file) {
    const json = async (...argv: string[]): Promise<{ status: number; document: Record<string, unknown> | null; error: { code: string } | null }> => {
      const result = await cli(...argv, '--json');
      const document = result.stdout === '' ? null : (JSON.parse(result.stdout) as Record<string, unknown>);
      const errorLine = result.stderr.split('\n').find((line) => line.includes('"command":"error"'));
      return { status: result.status, document, error: errorLine === undefined ? null : (JSON.parse(errorLine) as { error: { code: string } }).error };
    };
    const info = await json('info', file);
    const summary = info.document as unknown as (VBoxCoreDump & { report: ValidationReport }) | null;
    const hexNumber = (value: unknown): number => Number(value);
    return {
      report: async () => {
        const validate = await json('validate', file);
        const reports = (validate.document as { reports: { problems: { code: string; severity: string; fileOffset: string | null; field: string | null }[] }[] }).reports;
        return { problems: reports[0].problems.map(({ code, severity, fileOffset, field }) => ({ code, severity: severity as Problem['severity'], fileOffset, field })), stops: info.error?.code ?? null };
      },
      structure: async () => {
        if (summary === null) throw new Error('info printed nothing');
        const descriptor = summary.descriptor;
        const memory = summary.memory as unknown as Record<string, string> & { byKind: Record<string, string> };
        return {
          producer: summary.producer,
          descriptor: descriptor === null ? null : { magic: descriptor.magic, formatVersion: descriptor.formatVersion, vboxVersion: descriptor.vboxVersion.text, vboxRevision: descriptor.vboxRevision, cpuCount: descriptor.cpuCount },
          ranges: (summary.ranges as unknown as Record<string, string | number>[]).map((range) => ({ programHeaderIndex: range.programHeaderIndex as number, physicalStart: range.physicalStart as string, physicalEnd: range.physicalEnd as string, size: range.size as string, fileOffset: range.fileOffset as string, declaredFileBytes: range.declaredFileBytes as string, presentBytes: range.presentBytes as string, kind: range.kind as string })),
          memory: { ramBytes: memory.ramBytes, ramPresentBytes: memory.ramPresentBytes, fileDataBytes: memory.fileDataBytes, missingBytes: memory.missingBytes, mmioBytes: memory.byKind.mmio },
          cpus: (summary.cpus as unknown as { index: number; registers: (Record<string, unknown> & { producer: string; layout?: { name: string } }) | null }[]).map((cpu) => ({ index: cpu.index, layout: cpu.registers === null ? null : cpu.registers.producer === 'qemu' ? 'qemu' : cpu.registers.layout!.name, registers: cpu.registers })),
        };
      },
      read: async (address, length, zeroHoles) => {
        const read = await json('read', file, '--paddr', hex(address), '--length', String(length), ...(zeroHoles ? ['--zero-holes'] : []));
        if (read.error !== null) return { error: read.error.code };
        return { sha256: sha256(Buffer.from((read.document as { hex: string }).hex, 'hex')) };
      },
      translate: async (address) => {
        const translation = await json('translate', file, hex(address));
        if (translation.error !== null) return { error: translation.error.code };
        const document = translation.document as { fileOffset: string; range: { index: number } };
        return { fileOffset: document.fileOffset, range: document.range.index };
      },
      walk: async (cpu, address) => {
        const walk = await json('vtop', file, hex(address), '--cpu', String(cpu));
        const document = walk.document as { kind: string; page?: { physicalAddress: string; pageSize: string }; fault?: { reason: string } };
        return document.kind === 'mapped' ? { physicalAddress: document.page!.physicalAddress, pageSize: hex(hexNumber(document.page!.pageSize)) } : { fault: document.fault!.reason };
      },
      expectation: async (text) => {
        const validate = await json('validate', file, '--expect', text);
        return (validate.document as { checks: { expectations: { met: boolean }[] }[] }).checks[0].expectations[0].met;
      },
      close: async () => undefined,
    };
  },
};

interface MatcherOutcome {
  pass: boolean;
  message: string;
  /** The code of a VboxCoreError the matcher threw (a bad argument), or null for a failed assertion. */
  code: string | null;
}

/** Runs `assertion` (an expect(...) call of the registered matchers) and says whether it held, with its message. */
function outcome(assertion: () => void): MatcherOutcome {
  try {
    assertion();
    return { pass: true, message: '', code: null };
  } catch (error) {
    return { pass: false, message: (error as Error).message, code: error instanceof VboxCoreError ? error.code : null };
  }
}

/** The Jest matchers as registered by vboxcore/testing/jest: yes-or-no questions, answered through Jest's expect. */
export function matchersSurface(jestExpect: (value: unknown) => Record<string, (...args: unknown[]) => void>): Surface {
  return {
    name: 'matchers (Jest)',
    async open(file, entry) {
      const readable = outcome(() => jestExpect(file).toMeetExpectations(['cpus>=0']));
      const stop = readable.pass ? null : /can be read, but it is not: ([A-Z0-9_]+):/.exec(readable.message)?.[1] ?? 'unknown';
      return {
        verdict: async () => {
          if (stop !== null) return { verdict: 'unreadable', stops: stop };
          if (outcome(() => jestExpect(file).toBeValidCore({ strict: true })).pass) return { verdict: 'valid', stops: null };
          return { verdict: outcome(() => jestExpect(file).toBeValidCore()).pass ? 'valid-with-warnings' : 'invalid', stops: null };
        },
        report: async () => {
          // toBeValidCore's failure lists each problem as `severity CODE (at file offset X, field): message`.
          const valid = outcome(() => jestExpect(file).toBeValidCore({ strict: true }));
          const listed = [...valid.message.matchAll(/^\s+(error|warning) ([A-Z0-9_]+)(?: \(at file offset (0x[0-9a-f]+)(?:, ([^)]+))?\)| \(([^)]+)\))?: /gm)];
          const problems = entry.problems.filter((problem) => problem.severity === 'info');
          if (listed.length === 0 && !valid.pass && stop === null) throw new Error(`toBeValidCore failed without listing problems: ${valid.message}`);
          if (entry.problems.some((problem) => problem.severity === 'info')) throw new Skip('toBeValidCore lists errors and (strict) warnings, not notes of severity info');
          return { problems: [...listed.map((match) => ({ code: match[2], severity: match[1] as Problem['severity'], fileOffset: match[3] ?? null, field: match[4] ?? match[5] ?? null })), ...problems], stops: stop };
        },
        structure: async () => {
          throw new Skip('the matchers answer yes-or-no questions, not a dump\'s facts (see toHaveCpus, toHaveRamAtLeast)');
        },
        read: async (address, length, zeroHoles) => {
          if (zeroHoles) throw new Skip('toMapPhysical says whether every byte has data; it reads none');
          const mapped = outcome(() => jestExpect(file).toMapPhysical(address, length));
          if (mapped.pass) return { mapped: true };
          if (mapped.code !== null) return { error: mapped.code };
          const hole = /has holes: 0x[0-9a-f]+\+0x[0-9a-f]+ \((gap|mmio|truncated|absent)\)/.exec(mapped.message);
          if (hole === null) throw new Skip(`toMapPhysical refused the window: ${mapped.message.split('\n')[0]}`);
          return { error: hole[1] === 'gap' ? 'UNMAPPED_ADDRESS' : 'PHYSICAL_HOLE' };
        },
        translate: async () => {
          throw new Skip('no matcher gives file offsets (toMapPhysical says whether there is data)');
        },
        walk: async (cpu, address, expected) => {
          const target = 'physicalAddress' in expected ? BigInt(expected.physicalAddress) : 0n;
          const translated = outcome(() => jestExpect(file).toTranslate(address, target, { cpu }));
          if (translated.pass) return { translatesAsExpected: true };
          const fault = /translates to a fault \(([a-z-]+)\)/.exec(translated.message);
          return fault !== null ? { fault: fault[1] } : { physicalAddress: /translates to physical (0x[0-9a-f]+)/.exec(translated.message)?.[1] ?? translated.message, pageSize: 'unknown' };
        },
        expectation: async (text) => outcome(() => jestExpect(file).toMeetExpectations([text])).pass,
        close: async () => undefined,
      };
    },
  };
}
