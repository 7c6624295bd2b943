import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { VboxCoreError } from '../src/errors';
import { CpuNoteInfo, VirtualBoxCpuRegisters } from '../src/model/types';

/** The code of the VboxCoreError `action` throws, or 'no error'; anything else is rethrown. */
export function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof VboxCoreError) return error.code;
    throw error;
  }
  return 'no error';
}

/** codeOf for an action that settles later. */
export async function asyncCodeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof VboxCoreError) return error.code;
    throw error;
  }
  return 'no error';
}

/** A scratch directory removed after the test file. */
export function scratchDirectory(): { path: (name: string) => string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-test-'));
  return { path: (name) => path.join(root, name), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function writeU16(file: string, offset: number, value: number): void {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value);
  writeBytes(file, offset, bytes);
}

export function writeU32(file: string, offset: number, value: number): void {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  writeBytes(file, offset, bytes);
}

export function writeU64(file: string, offset: number, value: bigint): void {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  writeBytes(file, offset, bytes);
}

export function writeBytes(file: string, offset: number, bytes: Uint8Array): void {
  const fileDescriptor = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fileDescriptor, bytes, 0, bytes.length, offset);
  } finally {
    fs.closeSync(fileDescriptor);
  }
}

/** Up to `length` bytes at `offset` (fewer where the file ends). */
export function readBytes(file: string, offset: number, length: number): Buffer {
  const fileDescriptor = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const got = fs.readSync(fileDescriptor, buffer, 0, length, offset);
    return buffer.subarray(0, got);
  } finally {
    fs.closeSync(fileDescriptor);
  }
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, capturing what it writes. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const originalStderrWrite = process.stderr.write.bind(process.stderr);
  // commander writes its usage errors straight to stderr
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    return true;
  }) as typeof process.stderr.write;
  try {
    const status = await run(argv, {
      write: (text) => {
        stdout += typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
      },
      warn: (line) => {
        stderr += `vboxcore: ${line}\n`;
      },
      writeError: (text) => {
        stderr += text;
      },
    });
    return { status, stdout, stderr };
  } finally {
    process.stderr.write = originalStderrWrite;
  }
}

const projectRoot = path.resolve(__dirname, '..');
export const BUILT_CLI = path.join(projectRoot, 'dist', 'src', 'cli', 'main.js');

/** Runs the built CLI as a real process (make test builds dist/ first). */
export function cliProcess(...argv: string[]): CliResult & { stdoutBytes: Buffer } {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (make test does) before these tests`);
  const result = spawnSync(process.execPath, [BUILT_CLI, ...argv], { maxBuffer: 64 * 1024 * 1024, timeout: 30000 });
  return { status: result.status ?? -1, stdout: result.stdout.toString('latin1'), stdoutBytes: result.stdout, stderr: result.stderr.toString('utf8') };
}

export interface ReadelfSegment {
  type: string;
  offset: bigint;
  virtualAddress: bigint;
  physicalAddress: bigint;
  fileSize: bigint;
  memorySize: bigint;
  flags: string;
  align: bigint;
}

/** The program header table as binutils' readelf -lW prints it. */
export function readelfSegments(file: string): ReadelfSegment[] {
  const text = execFileSync('readelf', ['-lW', file], { encoding: 'utf8' });
  const segments: ReadelfSegment[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s+(NOTE|LOAD|NULL|PHDR|[A-Z_]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(R?\s?W?\s?E?)\s+(0x[0-9a-f]+|\d+)\s*$/.exec(line);
    if (match === null) continue;
    segments.push({
      type: match[1],
      offset: BigInt(match[2]),
      virtualAddress: BigInt(match[3]),
      physicalAddress: BigInt(match[4]),
      fileSize: BigInt(match[5]),
      memorySize: BigInt(match[6]),
      flags: match[7].replace(/\s/g, ''),
      align: BigInt(match[8]),
    });
  }
  return segments;
}

/** A vCPU note's registers as VirtualBox's, failing the test when they are missing or another producer's. */
export function virtualBoxRegisters(cpu: CpuNoteInfo): VirtualBoxCpuRegisters {
  const registers = cpu.registers;
  if (registers === null || registers.producer !== 'virtualbox') throw new Error(`vCPU ${cpu.index}: expected VirtualBox registers, found ${registers === null ? 'none' : registers.producer}`);
  return registers;
}

/** A running `vboxcore view`: the address it printed, what it printed, and Ctrl-C with its exit status. */
export interface RunningViewer {
  readonly url: string;
  readonly stdout: string;
  interrupt(): Promise<number | null>;
}

/** Starts `vboxcore view` as `command args...` and waits (at most 10 s) for the address it prints. */
export async function startViewer(command: string, args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<RunningViewer & { pid: number }> {
  const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const interrupt = (): Promise<number | null> => {
    child.kill('SIGINT');
    return exited;
  };
  const started = Date.now();
  while (!/http:\/\/\S+/.test(stdout) && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const address = /http:\/\/\S+/.exec(stdout);
  if (address === null) {
    await interrupt();
    throw new Error(`vboxcore view printed no address within 10 s: ${JSON.stringify(stdout)}`);
  }
  return { url: address[0], stdout, interrupt, pid: child.pid! };
}
