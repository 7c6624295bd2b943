#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAddress, parseLength } from '../address-space/address';
import { openDump, openSource, VBoxCoreDump } from '../dump';
import { FileSource } from '../io/file-source';
import { openByteSource } from '../io/open-byte-source';
import { isVboxCoreError, VboxCoreError } from '../errors';
import { inspectPath } from '../inspect-file';
import { EXPECTATION_FLAGS, EXPECTATION_KEYS, parseExpectations } from '../expectations/grammar';
import { formatInfo, formatProblem, formatTranslation, formatValidations } from '../report/text';
import { summarizeDump } from '../report/summary';
import { jsonDocument, jsonLine } from '../report/json';
import { MAX_READ_LENGTH } from '../address-space/physical';
import type { VirtualAddressSpace } from '../address-space/virtual';
import { Output, OutputClosed, OUTPUT_CLOSED_EXIT, jsonWarnings, printableOutput, printableText, processOutput } from './output';
import { ExitStatus } from '../problems';
import type { CopyEngine, KernelCopy } from '../export/export';
import type { ExportFormat } from '../export/plan';
import { parseRangeSelection } from '../export/selection';
import { parseHashAlgorithms } from '../io/hash-algorithms';
import { digestLines } from '../report/digest-text';
import packageJson from '../../package.json';
import { PAGING_MODES, PagingMode } from '../address-space/paging';
import type { CpuSpaceOptions } from '../cpu/cpu-address-space';

// What only some commands need is loaded when one of them runs: `info` and `validate` start
// faster for not loading the export engine, the page walker or the progress bar.
const HASH_OPTION_HELP = 'also hash the whole dump, for a chain-of-custody record: sha256, sha512, sha1, md5, comma-separated';
const exportModules = async () => ({ ...(await import('../export/export')), ...(await import('../report/export-text')), ...(await import('./progress')), ...(await import('./signals')) });
const pictureModules = async () => ({ ...(await import('../report/memory-map-svg')), ...(await import('../export/output-file')) });
const cpuModules = async () => ({ ...(await import('../cpu/cpu-address-space')), ...(await import('../cpu/view')), ...(await import('../report/cpu-text')) });

const USAGE_EXIT = 2;

/** --jobs: a whole number of dumps checked at once. */
function parseJobs(text: string): number {
  const jobs = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > 256) throw new VboxCoreError('INVALID_ARGUMENT', `--jobs ${JSON.stringify(text)} is not a whole number from 1 to 256`);
  return jobs;
}
const INTERNAL_EXIT = 70;
/** validate --strict: the dumps are valid, but some have warnings. */
const STRICT_EXIT = 3;
/** validate --expect: the dumps are valid, but an expectation is not met. */
const EXPECTATION_EXIT = 4;
/** Every status the CLI exits with. */
type CliExit = ExitStatus | typeof STRICT_EXIT | typeof EXPECTATION_EXIT | typeof INTERNAL_EXIT;

/** What each exit status means (the man page and `--help` print this list). */
export const EXIT_STATUSES: readonly (readonly [string, string])[] = [
  ['0', 'success'],
  ['1', 'the dump is invalid, the data asked for is not in it, or an output could not be written'],
  ['2', 'a usage error, an unreadable file, or an output that would overwrite something'],
  ['3', 'validate --strict: the dumps are valid but some have warnings'],
  ['4', 'validate --expect: the dumps are valid but an expectation is not met'],
  ['70', 'a bug in vboxcore (VBOXCORE_DEBUG=1 prints the stack)'],
  ['130', 'interrupted (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT); nothing is left behind'],
  ['141', 'standard output was closed by its reader, as for a program ended by SIGPIPE'],
];

/** Runs `body` with an open dump and closes it afterwards, whatever `body` awaits. */
async function usingDump<T>(dumpPath: string, body: (dump: VBoxCoreDump) => Promise<T>): Promise<T> {
  const dump = openDump(dumpPath);
  try {
    return await body(dump);
  } finally {
    dump.close();
  }
}

/** Exit status for an info/read/translate on a dump whose report holds errors. */
function warnAboutErrors(dump: VBoxCoreDump, output: Output): void {
  if (dump.report.errorCount > 0) {
    output.warn(`warning: ${dump.path} has ${dump.report.errorCount} error(s), first: ${formatProblem(dump.report.problems.find((problem) => problem.severity === 'error')!)} (see \`vboxcore validate\`)`);
  }
}

interface ReadOptionsText {
  paddr?: string;
  vaddr?: string;
  length: string;
  raw?: boolean;
  zeroHoles?: boolean;
  json?: boolean;
}

interface CpuSpaceText {
  cpu?: string;
  cr3?: string;
  mode?: PagingMode;
  kernel?: boolean;
}

const cpuOption = (): Option => new Option('--cpu <n>', 'the vCPU whose registers give CR3 and the paging mode (default 0)');
const cr3Option = (): Option => new Option('--cr3 <address>', 'use this page-table root instead of the vCPU\'s CR3');
const kernelOption = (): Option => new Option('--kernel', 'walk the kernel\'s page tables: under Linux KPTI a vCPU in user mode holds the user copy (CR3 bit 12 set)').conflicts('cr3');
const modeOption = (): Option => new Option('--mode <mode>', 'use this paging mode instead of the vCPU\'s').choices([...PAGING_MODES]);

/** vCPU numbers VirtualBox can have are far below this; larger text is no vCPU number at all. */
const CPU_INDEX_LIMIT = 2 ** 31;

function parseCpuIndex(text: string): number {
  const digits = text.trim();
  if (!/^[0-9]+$/.test(digits) || digits.length > 10 || Number(digits) >= CPU_INDEX_LIMIT) throw new VboxCoreError('INVALID_ARGUMENT', `--cpu "${text}" is not a vCPU number (0, 1, ...)`);
  return Number(digits);
}

/** A TCP port in decimal digits, 0 to 65535 (0: any free port); `1e3`, `0x50` and the empty text are not port numbers. */
function parsePort(text: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new VboxCoreError('INVALID_ARGUMENT', `--port "${text}" is not a port number (0-65535, decimal digits)`);
  return Number(text);
}

function cpuSpaceOptions(options: CpuSpaceText): CpuSpaceOptions {
  return {
    cpu: options.cpu === undefined ? undefined : parseCpuIndex(options.cpu),
    cr3: options.cr3 === undefined ? undefined : parseAddress(options.cr3, '--cr3'),
    mode: options.mode,
    kernel: options.kernel === true ? true : undefined,
  };
}

interface PictureOptionsText {
  svg?: string;
  html?: string;
  force?: boolean;
}

/** The Volatility 3 configuration for an export, checked before anything is written. */
async function volatilityHandOff(dumpPath: string, outputPath: string, format: ExportFormat, configPath: string, force: boolean): Promise<string> {
  if (format === 'elf') throw new VboxCoreError('INVALID_ARGUMENT', '--volatility-config describes a raw or LiME image (--format raw or lime), not an ELF core');
  if (outputPath === '-') throw new VboxCoreError('INVALID_ARGUMENT', '--volatility-config names the image by its path: export to a file, not standard output');
  if (samePlace(configPath, outputPath)) throw new VboxCoreError('INVALID_ARGUMENT', `--volatility-config and the output both name ${outputPath}: give the configuration a file of its own`);
  const { volatilityConfig, volatilityConfigText } = await import('../export/volatility-config');
  const { identifyKernel } = await import('../guest-kernel/identify');
  const { checkOutputPath } = await pictureModules();
  checkOutputPath(dumpPath, configPath, force);
  const dump = openDump(dumpPath);
  try {
    return volatilityConfigText(volatilityConfig(identifyKernel(dump), { path: outputPath, format }));
  } finally {
    dump.close();
  }
}

export function buildProgram(output: Output, setExit: (status: CliExit) => void, textWrites: Promise<void>[] = []): Command {
  /**
   * Writes a picture as SVG and/or HTML, each to a file (atomically) or to standard output. Both
   * targets are checked before either is written, so a refusal leaves nothing half done.
   */
  const writePictures = async (dumpPath: string, options: PictureOptionsText, title: string, svg: string, report: string): Promise<void> => {
    const { checkOutputPath, pictureHtml, writeFileAtomically } = await pictureModules();
    const targets = ([[options.svg, '--svg', () => svg], [options.html, '--html', () => pictureHtml(title, svg, report)]] as const).filter(([target]) => target !== undefined);
    if (targets.length === 2 && samePlace(targets[0][0]!, targets[1][0]!)) {
      throw new VboxCoreError('INVALID_ARGUMENT', `--svg and --html both name ${targets[0][0] === '-' ? 'standard output' : targets[0][0]}: give each picture a place of its own`);
    }
    for (const [target] of targets) if (target !== '-') checkOutputPath(dumpPath, target!, options.force === true);
    for (const [target, , text] of targets) {
      if (target === '-') await output.write(text());
      else await writeFileAtomically(dumpPath, target!, Buffer.from(text()), options.force === true);
    }
  };

  const program = new Command('vboxcore')
    .description('Read, validate, translate and export VirtualBox guest core dumps (VBoxManage debugvm dumpvmcore), and walk their vCPUs\' page tables')
    .version(packageJson.version)
    .exitOverride()
    // Help and version text: commander does not wait for the write, so run() does (a closed pipe is 141, as for any output).
    .configureOutput({ writeOut: (text) => void textWrites.push(Promise.resolve(output.write(text))), writeErr: (text) => process.stderr.write(text), outputError: () => undefined })
    .showHelpAfterError(false);

  program
    .command('info')
    .description('Descriptor, vCPUs and every physical range with its inferred kind (exit 1 if the dump has errors); several dumps one after another')
    .argument('<dumps...>', 'VirtualBox core dumps: paths, http(s):// or s3:// addresses, or quoted patterns that vboxcore expands')
    .option('--json', 'print the same as JSON (several dumps: one document per line)')
    .addOption(new Option('--csv', 'print the ranges as CSV, one row per range (the --json values)').conflicts(['json', 'hash']))
    .option('--hash <algorithms>', HASH_OPTION_HELP)
    .action(async (dumpNames: string[], options: { json?: boolean; csv?: boolean; hash?: string }) => {
      const algorithms = options.hash === undefined ? null : parseHashAlgorithms(options.hash);
      const dumpPaths = await (await import('../batch/dump-names')).expandDumpNames(dumpNames);
      if (dumpPaths.length > 1 && options.csv) throw new VboxCoreError('INVALID_ARGUMENT', `--csv lists the ranges of one dump; ${dumpPaths.length} were given`);
      const describe = async (dumpPath: string, several: boolean): Promise<number> =>
        usingDump(dumpPath, async (dump) => {
          const summary = summarizeDump(dump);
          const hashes = algorithms === null ? null : await (await import('../io/hash')).hashFile(dumpPath, algorithms);
          const text = () => `${formatInfo(summary)}${hashes === null ? '' : `${digestLines('dump', hashes, 'the whole file').join('\n')}\n`}`;
          const body = hashes === null ? summary : { ...summary, hashes };
          if (options.csv) await output.write((await import('../report/csv')).csvOfRecords(summary.ranges));
          // Several documents go one per line (JSON Lines), so that each can be read as it comes.
          else await output.write(options.json ? (several ? jsonLine('info', body) : jsonDocument('info', body)) : text());
          return dump.report.valid ? 0 : 1;
        });
      if (dumpPaths.length === 1) {
        setExit((await describe(dumpPaths[0], false)) as CliExit);
        return;
      }
      // A dump that cannot be read is named on standard error and the others still come; the exit status is the worst.
      let worst = 0;
      for (const [index, dumpPath] of dumpPaths.entries()) {
        if (index > 0 && !options.json) await output.write('\n');
        try {
          worst = Math.max(worst, await describe(dumpPath, true));
        } catch (error) {
          if (!(error instanceof VboxCoreError)) throw error;
          if (options.json) output.writeError(jsonLine('error', { error: { code: error.code, message: error.message, exitStatus: error.exitStatus, fileOffset: error.fileOffset ?? null, field: error.field ?? null, details: error.details ?? null } }));
          else output.warn(`${error.code}: ${error.message}`);
          worst = Math.max(worst, error.exitStatus);
        }
      }
      setExit(worst as CliExit);
    });

  program
    .command('validate')
    .description('Check dumps; one line each, then each expectation. Exit 0 all valid, 1 any invalid, 2 any unreadable, 3 warnings under --strict, 4 an expectation not met')
    .argument('<dumps...>', 'VirtualBox core dumps: paths, http(s):// or s3:// addresses, s3:// prefixes ending in /, or quoted patterns (\'dumps/*.elf\') that vboxcore expands')
    .option('--strict', 'warnings fail too (exit 3)')
    .option('--expect <expectation>', `what each dump must be, repeatable: KEY OP VALUE (${Object.keys(EXPECTATION_KEYS).join(', ')}; = != >= <= > <) or a flag (${Object.keys(EXPECTATION_FLAGS).join(', ')}); for example cpus=2, ram>=4GiB, version>=6.1 (exit 4 when one is not met)`, (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addOption(new Option('--json', 'print the reports and expectations as one JSON document, once all are checked').conflicts('jsonl'))
    .option('--jsonl', 'print JSON Lines: one document per dump as soon as it is checked, then a summary (for batches)')
    .option('--jobs <n>', 'check this many dumps at once, their reads side by side (default 1: one after another)')
    .option('--hash <algorithms>', HASH_OPTION_HELP)
    .action(async (dumpNames: string[], options: { json?: boolean; jsonl?: boolean; strict?: boolean; expect: string[]; hash?: string; jobs?: string }) => {
      parseExpectations(options.expect);
      const algorithms = options.hash === undefined ? undefined : parseHashAlgorithms(options.hash);
      const jobs = options.jobs === undefined ? 1 : parseJobs(options.jobs);
      const strict = options.strict === true;
      const { validateDumps, addToSummary, EMPTY_SUMMARY } = await import('../batch/validate-dumps');
      const dumpPaths = await (await import('../batch/dump-names')).expandDumpNames(dumpNames);
      const results = validateDumps(dumpPaths, { jobs, expectations: options.expect, hash: algorithms });
      let summary = EMPTY_SUMMARY;
      if (options.jsonl) {
        // Each dump's line as it comes: a pipeline can act on it, and a batch cut short keeps what it had.
        for await (const check of results) {
          summary = addToSummary(summary, check, strict);
          await output.write(jsonLine('validate-dump', check));
        }
        await output.write(jsonLine('validate-summary', { ...summary, strict }));
        setExit(summary.exitStatus);
        return;
      }
      const checked = [];
      for await (const check of results) {
        summary = addToSummary(summary, check, strict);
        checked.push(check);
      }
      checked.sort((a, b) => a.index - b.index);
      const reports = checked.map((entry) => entry.report);
      const checks = checked.map(({ path: dumpPath, expectations: results, met, hashes }) => ({ path: dumpPath, expectations: results, met, ...(algorithms === undefined ? {} : { hashes }) }));
      await output.write(options.json ? jsonDocument('validate', { reports, strict, checks, exitStatus: summary.exitStatus }) : formatValidations(checked, strict));
      setExit(summary.exitStatus);
    });

  program
    .command('read')
    .description('Read guest memory, physical (--paddr) or virtual through a vCPU\'s page tables (--vaddr), as a hexdump (or raw bytes)')
    .argument('<dump>', 'VirtualBox core dump')
    .addOption(new Option('--paddr <address>', 'physical address (decimal or 0x hex)').conflicts('vaddr'))
    .option('--vaddr <address>', 'virtual address, translated with the vCPU\'s CR3 and paging mode')
    .requiredOption('--length <bytes>', 'number of bytes, decimal, 0x hexadecimal or with a unit (4KiB, 1M; at most 256 MiB)')
    .addOption(new Option('--raw', 'write the bytes themselves to stdout').conflicts('json'))
    .option('--zero-holes', 'read holes (gaps, MMIO, missing data, unmapped pages) as zeros instead of failing')
    .option('--json', 'print address, length and the bytes as hex')
    .addOption(cpuOption())
    .addOption(cr3Option())
    .addOption(kernelOption())
    .addOption(modeOption())
    .action(async (dumpPath: string, options: ReadOptionsText & CpuSpaceText) => {
      if (options.paddr === undefined && options.vaddr === undefined) throw new VboxCoreError('INVALID_ARGUMENT', 'give --paddr or --vaddr');
      const length = parseLength(options.length, '--length');
      // Raw bytes stream to whatever takes them (a pipe, a file) at any length; a hexdump or a JSON
      // string over 256 MiB is several times that in text, more likely a slip than a wish.
      if (length > MAX_READ_LENGTH && options.raw !== true) throw new VboxCoreError('READ_TOO_LARGE', `--length ${options.length} is more than the ${MAX_READ_LENGTH} bytes a hexdump or JSON read may ask for; read in pieces, or use --raw, which streams any length`);
      const { cpuAddressSpace } = await cpuModules();
      const { streamRead } = await import('./stream-read');
      const source = openByteSource(dumpPath);
      const dump = openSource(source);
      try {
        warnAboutErrors(dump, output);
        const virtual = options.vaddr !== undefined;
        const address = virtual ? parseAddress(options.vaddr!, '--vaddr') : parseAddress(options.paddr!, '--paddr');
        const space = virtual ? cpuAddressSpace(dump, cpuSpaceOptions(options)) : dump.physical;
        // Without --zero-holes a hole fails the read itself; only a zero-filled read reports them.
        const holes = options.zeroHoles ? (virtual ? (space as VirtualAddressSpace).mapping(address, length).filter((run) => run.kind === 'fault') : dump.physical.mapping(address, length).filter((run) => run.kind === 'hole')) : [];
        if (holes.length > 0) output.warn(`note: ${holes.reduce((sum, run) => sum + run.length, 0)} bytes in ${holes.length} hole(s) read as zeros`);
        const format = options.raw ? 'raw' : options.json ? 'json' : 'hexdump';
        if (format === 'raw' && !virtual && output.descriptor !== undefined && source instanceof FileSource) {
          if (!options.zeroHoles) dump.physical.assertReadable(address, length);
          const { sendPhysicalRaw } = await import('./send-raw');
          if (await sendPhysicalRaw(source, dump.physical, address, length, output.descriptor, output)) {
            setExit(0);
            return;
          }
        }
        await streamRead(output, space, address, length, { format, zeroHoles: options.zeroHoles === true, addressKey: virtual ? 'virtualAddress' : 'physicalAddress', holes });
        setExit(0);
      } finally {
        dump.close();
      }
    });

  program
    .command('cpus')
    .description('The registers of each vCPU: general, segments, control registers with decoded bits, MSRs, FPU/SSE')
    .argument('<dump>', 'VirtualBox core dump')
    .option('--cpu <n>', 'only this vCPU (0-based)')
    .option('--json', 'print the same as JSON')
    .addOption(new Option('--csv', 'print every register and decoded field as CSV, one row each: cpu, field, value').conflicts('json'))
    .action(async (dumpPath: string, options: { cpu?: string; json?: boolean; csv?: boolean }) => {
      const { cpuAt, describeCpu, formatCpu } = await cpuModules();
      await usingDump(dumpPath, async (dump) => {
        warnAboutErrors(dump, output);
        const views = (options.cpu === undefined ? dump.cpus : [cpuAt(dump, parseCpuIndex(options.cpu))]).map((cpu) => describeCpu(cpu, dump.physical));
        if (options.csv) await output.write((await import('../report/csv')).csvOfNested('cpu', views.map((view) => [view.index, { registers: view.registers, decoded: view.decoded }] as const)));
        else await output.write(options.json ? jsonDocument('cpus', { cpus: views }) : views.map(formatCpu).join('\n'));
        setExit(0);
      });
    });

  program
    .command('vtop')
    .description('Translate a virtual address with a vCPU\'s page tables, showing every level of the walk')
    .argument('<dump>', 'VirtualBox core dump')
    .argument('<vaddr>', 'virtual address (decimal or 0x hex)')
    .addOption(cpuOption())
    .addOption(cr3Option())
    .addOption(kernelOption())
    .addOption(modeOption())
    .option('--json', 'print the walk as JSON')
    .action(async (dumpPath: string, addressText: string, options: CpuSpaceText & { json?: boolean }) => {
      const virtualAddress = parseAddress(addressText, 'virtual address');
      const { cpuAddressSpace, formatWalk } = await cpuModules();
      await usingDump(dumpPath, async (dump) => {
        warnAboutErrors(dump, output);
        const space = cpuAddressSpace(dump, cpuSpaceOptions(options));
        const walk = space.walk(virtualAddress);
        await output.write(options.json ? jsonDocument('vtop', { virtualAddress, context: space.context, ...walk }) : formatWalk(virtualAddress, space.context, walk));
        // The walk is printed either way; a fault still means the address is not in the dump.
        setExit(walk.kind === 'mapped' ? 0 : 1);
      });
    });

  program
    .command('maps')
    .description('The mapped virtual ranges of a vCPU\'s address space, coalesced, with permissions and page sizes')
    .argument('<dump>', 'VirtualBox core dump')
    .addOption(cpuOption())
    .addOption(cr3Option())
    .addOption(kernelOption())
    .addOption(modeOption())
    .option('--json', 'print the listing as JSON')
    .addOption(new Option('--csv', 'print the mappings as CSV, one row each (the --json values)').conflicts(['json', 'svg', 'html']))
    .addOption(new Option('--svg <file>', 'draw the mappings beside the physical map, as SVG (- for standard output)').conflicts('json'))
    .addOption(new Option('--html <file>', 'the same picture in a self-contained HTML page (- for standard output)').conflicts('json'))
    .option('--force', 'replace an existing picture file')
    .action(async (dumpPath: string, options: CpuSpaceText & PictureOptionsText & { json?: boolean; csv?: boolean }) => {
      const { cpuAddressSpace, formatMaps } = await cpuModules();
      await usingDump(dumpPath, async (dump) => {
        warnAboutErrors(dump, output);
        const space = cpuAddressSpace(dump, cpuSpaceOptions(options));
        const listing = space.maps();
        if (options.svg !== undefined || options.html !== undefined) {
          const { virtualMapsSvg } = await pictureModules();
          await writePictures(dumpPath, options, `Virtual mappings of ${dump.path}`, virtualMapsSvg(dump, space.context, listing), formatMaps(space.context, listing));
          // A picture of the dump draws its physical map and problems too: exit as `map` does.
          setExit(dump.report.valid ? 0 : 1);
          return;
        }
        if (options.csv) await output.write((await import('../report/csv')).csvOfRecords(listing.mappings));
        else await output.write(options.json ? jsonDocument('maps', { context: space.context, ...listing }) : formatMaps(space.context, listing));
        setExit(0);
      });
    });

  program
    .command('map')
    .description('Draw the physical address map: ranges by kind, to scale or on a log scale, huge gaps broken, truncated parts and problems marked (SVG or HTML)')
    .argument('<dump>', 'VirtualBox or QEMU core dump')
    .option('--svg <file>', 'write the picture as SVG (- for standard output; the default when neither is given)')
    .option('--html <file>', 'write it in a self-contained HTML page (- for standard output)')
    .option('--force', 'replace an existing picture file')
    .action(async (dumpPath: string, options: PictureOptionsText) => {
      const { physicalMapSvg } = await pictureModules();
      await usingDump(dumpPath, async (dump) => {
        warnAboutErrors(dump, output);
        await writePictures(dumpPath, options.svg === undefined && options.html === undefined ? { ...options, svg: '-' } : options, `Physical memory map of ${dump.path}`, physicalMapSvg(dump), formatInfo(summarizeDump(dump)));
        setExit(dump.report.valid ? 0 : 1);
      });
    });

  program
    .command('translate')
    .description('The file offset and range that hold a physical address')
    .argument('<dump>', 'VirtualBox core dump')
    .argument('<address>', 'physical address (decimal or 0x hex)')
    .option('--json', 'print the translation as JSON')
    .action(async (dumpPath: string, addressText: string, options: { json?: boolean }) => {
      const physicalAddress = parseAddress(addressText);
      await usingDump(dumpPath, async (dump) => {
        warnAboutErrors(dump, output);
        const translation = dump.physical.translate(physicalAddress);
        await output.write(options.json ? jsonDocument('translate', translation) : formatTranslation(translation));
        setExit(0);
      });
    });

  program
    .command('export')
    .description('Write the guest-physical memory as a raw image (offset = physical address), LiME or ELF; sparse, atomic')
    .argument('<dump>', 'VirtualBox core dump')
    .argument('<output>', 'file to write (created under a temporary name, put in place when complete), or - for standard output')
    .addOption(new Option('--format <format>', 'raw, lime or elf').choices(['raw', 'lime', 'elf']).default('raw'))
    .option('--ranges <selection>', 'all, ram, or windows START-END / START+LENGTH, comma-separated (numbers may take units: 0+64MiB)', 'all')
    .option('--dense', 'write explicit zeros instead of holes (gaps, MMIO, zero pages)')
    .option('--force', 'replace an existing output file')
    .option('--allow-truncated', 'export what a truncated or damaged dump still has; missing data stays holes, unusable PT_LOADs are left out')
    .option('--verify', 'read the output back and compare a SHA-256 per range')
    .option('--no-sync', 'do not fsync the output before renaming it into place (faster, not crash-safe)')
    .addOption(new Option('--engine <engine>', 'who copies the bytes: native (built at install when a C compiler is there), javascript, or auto (native when it loads)').choices(['auto', 'native', 'javascript']).default('auto'))
    .addOption(new Option('--kernel-copy <when>', 'with --dense, copy inside the kernel (copy_file_range): auto (where the file system shares blocks or copies on its server: XFS, btrfs, NFS...), always, never').choices(['auto', 'always', 'never']).default('auto'))
    .option('--json', 'print the summary as JSON (no progress bar)')
    .option('--volatility-config <file>', 'also write a Volatility 3 configuration (vol -c FILE) for the output: the kernel\'s DTB and virtual offset from the CPU state (raw and lime)')
    .option('--hash <algorithms>', 'hash the whole dump while it is copied and write OUT.sha256 etc. beside the output, in sha256sum format: sha256, sha512, sha1, md5, comma-separated')
    .option('--hash-output', 'with --hash, hash the output too (read back once written, holes as zeros), on a second line of each digest file')
    .action(async (dumpPath: string, outputPath: string, options: { format: ExportFormat; ranges: string; dense?: boolean; force?: boolean; allowTruncated?: boolean; verify?: boolean; sync: boolean; engine: 'auto' | CopyEngine; kernelCopy: KernelCopy; json?: boolean; volatilityConfig?: string; hash?: string; hashOutput?: boolean }) => {
      const selection = parseRangeSelection(options.ranges);
      const algorithms = options.hash === undefined ? undefined : parseHashAlgorithms(options.hash);
      if (options.hashOutput === true && algorithms === undefined) throw new VboxCoreError('INVALID_ARGUMENT', '--hash-output hashes with the algorithms of --hash: give them (--hash sha256)');
      const { checkHashManifestPaths, writeHashManifests } = await import('../export/hash-manifest');
      // Digest files that could not be written are refused before anything is exported.
      if (algorithms !== undefined && outputPath !== '-') checkHashManifestPaths(dumpPath, outputPath, algorithms, options.force === true);
      // Made before the export, so that a dump whose kernel cannot be named fails at once.
      const volatilityText = options.volatilityConfig === undefined ? null : await volatilityHandOff(dumpPath, outputPath, options.format, options.volatilityConfig, options.force === true);
      const { exportDump, formatExportSummary, onInterrupt, progressBar } = await exportModules();
      const toStdout = outputPath === '-';
      const controller = new AbortController();
      const stopSignals = onInterrupt(() => controller.abort());
      // With the data on standard output, the summary and the bar go to standard error.
      const bar = options.json || toStdout || !process.stdout.isTTY || !process.stderr.isTTY ? null : progressBar();
      try {
        const summary = await exportDump(dumpPath, toStdout ? process.stdout : outputPath, {
          format: options.format,
          selection,
          dense: options.dense,
          force: options.force,
          allowTruncated: options.allowTruncated,
          verify: options.verify,
          sync: options.sync,
          engine: options.engine,
          kernelCopy: options.kernelCopy,
          signal: controller.signal,
          hash: algorithms,
          hashOutput: options.hashOutput,
          onProgress: bar === null ? undefined : (progress) => bar.update(progress),
        });
        bar?.stop();
        const manifests = summary.hashes === null || toStdout ? [] : await writeHashManifests(dumpPath, outputPath, summary.hashes, options.force === true);
        if (volatilityText !== null) {
          const { writeFileAtomically } = await pictureModules();
          await writeFileAtomically(dumpPath, options.volatilityConfig!, Buffer.from(volatilityText), options.force === true);
        }
        const manifestText = manifests.length === 0 ? '' : `digests: ${manifests.join(', ')} (check with ${algorithms!.map((algorithm) => `${algorithm}sum -c`).join(' or ')} from here)\n`;
        const text = options.json ? jsonDocument('export', algorithms === undefined ? summary : { ...summary, manifests }) : `${formatExportSummary(summary)}${manifestText}`;
        if (toStdout) process.stderr.write(printableText(text));
        else await output.write(text);
        setExit(0);
      } catch (error) {
        // The reader of `export ... - | head` went away: the same quiet end as for read.
        if (toStdout && isVboxCoreError(error) && error.code === 'WRITE_FAILED' && (error.details?.errno === 'EPIPE' || error.details?.errno === 'ERR_STREAM_DESTROYED')) throw new OutputClosed();
        throw error;
      } finally {
        bar?.stop();
        stopSignals();
      }
    });

  program
    .command('view')
    .description('Open the browser viewer on a dump, served on 127.0.0.1 only with a secret address (nothing leaves the machine); Ctrl-C stops it')
    .argument('<dump>', 'VirtualBox or QEMU core dump')
    .option('--port <port>', 'listen on this port (default: any free port)')
    .option('--no-open', 'print the address without starting a browser')
    .action(async (dumpPath: string, options: { port?: string; open: boolean }) => {
      const port = options.port === undefined ? 0 : parsePort(options.port);
      const { serveViewer, writeLaunchPage } = await import('./view-server');
      const { onInterrupt } = await import('./signals');
      const server = await serveViewer(dumpPath, { port });
      await output.write(`viewer for ${dumpPath}: ${server.url}\nserved on 127.0.0.1 only; Ctrl-C stops it\n`);
      const launchPage = options.open ? openBrowser(server.url, output, writeLaunchPage) : null;
      await new Promise<void>((resolve) => {
        onInterrupt(resolve);
      });
      await server.close();
      launchPage?.remove();
      setExit(0);
    });

  program
    .command('completion')
    .description('Print a completion script for bash, zsh or fish (`source <(vboxcore completion bash)`; fish: `vboxcore completion fish > ~/.config/fish/completions/vboxcore.fish`)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish') throw new VboxCoreError('INVALID_ARGUMENT', `completion for "${shell}": vboxcore writes completions for bash, zsh and fish`);
      const { bashCompletion, fishCompletion, zshCompletion } = await import('./help-pages');
      await output.write(shell === 'bash' ? bashCompletion(program) : shell === 'zsh' ? zshCompletion(program) : fishCompletion(program));
      setExit(0);
    });

  program.addHelpText('after', `\nExit status:\n${EXIT_STATUSES.map(([status, meaning]) => `  ${status.padEnd(4)}${meaning}`).join('\n')}\n`);
  return program;
}

/** Whether two output paths name one place: the same text, the same resolved path, or one existing file. */
function samePlace(first: string, second: string): boolean {
  if (first === '-' || second === '-') return first === second;
  if (path.resolve(first) === path.resolve(second)) return true;
  const [a, b] = [fs.statSync(first, { throwIfNoEntry: false }), fs.statSync(second, { throwIfNoEntry: false })];
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Starts the desktop's browser on `url` where there is a desktop; otherwise the printed address is
 * the way in. The browser is given a page of this user's that leads to the address, never the
 * address itself: a command line can be read by every local user, and the address opens the dump.
 */
function openBrowser(url: string, output: Output, writeLaunchPage: (url: string) => { path: string; remove: () => void }): { remove: () => void } | null {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? null : process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null;
  if (opener === null) {
    output.warn('no desktop to start a browser on: open the address above in a browser on this machine');
    return null;
  }
  const launchPage = writeLaunchPage(url);
  void import('node:child_process').then(({ spawn }) => {
    const child = spawn(opener, [launchPage.path], { stdio: 'ignore', detached: true });
    child.on('error', () => output.warn(`could not start ${opener}: open the address above in a browser`));
    child.unref();
  });
  return launchPage;
}

/** Runs the CLI; resolves to the exit status. Errors become one line on stderr, never a stack trace. */
export async function run(argv: readonly string[], given: Output = processOutput()): Promise<CliExit | typeof OUTPUT_CLOSED_EXIT> {
  let status: CliExit = 0;
  // Errors are one line, `vboxcore: CODE: message`; with --json, a one-line JSON document instead, and so are warnings.
  const json = argv.includes('--json') || argv.includes('--jsonl');
  const output = json ? jsonWarnings(printableOutput(given)) : printableOutput(given);
  const textWrites: Promise<void>[] = [];
  const program = buildProgram(output, (value) => {
    status = value;
  }, textWrites);
  if (argv.length === 0) {
    // No command is a usage error, not success: say what the commands are.
    process.stderr.write(program.helpInformation());
    return USAGE_EXIT;
  }
  const report = (code: string, message: string, exitStatus: number, where: { fileOffset?: number | null; field?: string | null; details?: unknown } = {}): void => {
    if (json) output.writeError(jsonLine('error', { error: { code, message, exitStatus, fileOffset: where.fileOffset ?? null, field: where.field ?? null, details: where.details ?? null } }));
    else output.warn(`${code}: ${message}`);
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof OutputClosed) return OUTPUT_CLOSED_EXIT;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        try {
          await Promise.all(textWrites);
        } catch (failure) {
          if (failure instanceof OutputClosed) return OUTPUT_CLOSED_EXIT;
          if (failure instanceof VboxCoreError) {
            report(failure.code, failure.message, failure.exitStatus, failure);
            return failure.exitStatus;
          }
          throw failure;
        }
        return 0;
      }
      // the parser's own errors (unknown option, missing argument...) in the same form as every other
      report('INVALID_ARGUMENT', `${error.message.replace(/^error: /, '')} (see \`vboxcore help\`)`, USAGE_EXIT);
      return USAGE_EXIT;
    }
    if (error instanceof VboxCoreError) {
      report(error.code, error.message, error.exitStatus, error);
      return error.exitStatus;
    }
    const message = error instanceof Error ? error.message : String(error);
    report('INTERNAL_ERROR', `${message} (this is a bug in vboxcore; set VBOXCORE_DEBUG=1 for details)`, INTERNAL_EXIT);
    if (process.env.VBOXCORE_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return INTERNAL_EXIT;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
