/**
 * A QEMU guest under test: qemu-system-x86_64 under TCG, no disks, no network, no display,
 * driven over a QMP socket. Every wait has a deadline, and stop() always ends the process.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const QEMU_BINARY = 'qemu-system-x86_64';
const START_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 30_000;

/** Fails (never skips) when QEMU is missing, saying how the test setup installs it. */
export function requireQemu(): string {
  const probe = spawnSync(QEMU_BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`${QEMU_BINARY} cannot be started (${probe.error?.message ?? probe.stderr.trim()}): the QEMU tests need Debian's qemu-system-x86, which \`make test\` installs (make system-deps)`);
  }
  return probe.stdout.split('\n')[0];
}

export interface MachineOptions {
  /** Where the first serial port's output goes (a guest kernel's console=ttyS0); none by default. */
  serialFile?: string;
}

/** The physical address in HMP gva2gpa's answer ("gpa: 0x30e010", "gpa: 0" printed by %#x), null for "Unmapped". */
export function gva2gpa(answer: string): bigint | null {
  const match = /gpa: (0x[0-9a-f]+|0)\b/.exec(answer);
  if (match === null && !/Unmapped/.test(answer)) throw new Error(`unexpected gva2gpa answer ${JSON.stringify(answer)}`);
  return match === null ? null : BigInt(match[1]);
}

/** Virtual spans [start, end) joined where one ends at the next's start, sorted. */
export function mergeSpans(spans: [bigint, bigint][]): [bigint, bigint][] {
  return [...spans].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).reduce<[bigint, bigint][]>((merged, span) => {
    const last = merged[merged.length - 1];
    if (last !== undefined && last[1] === span[0]) last[1] = span[1];
    else merged.push([span[0], span[1]]);
    return merged;
  }, []);
}

/** The virtual spans of HMP `info mem` ("start-end size perms" a line). */
export function infoMemSpans(text: string): [bigint, bigint][] {
  return text.trim().split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [start, end] = line.trim().split(/\s+/)[0].split('-');
    return [BigInt(`0x${start}`), BigInt(`0x${end}`)];
  });
}

type QmpReply = { return?: unknown; error?: { class: string; desc: string }; event?: string };

export class QemuMachine {
  private buffered = '';
  private readonly waiting: ((reply: QmpReply) => void)[] = [];
  private readonly stderr: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: net.Socket,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline).trim();
        this.buffered = this.buffered.slice(newline + 1);
        if (line === '') continue;
        const reply = JSON.parse(line) as QmpReply;
        if (reply.event !== undefined || reply.return === undefined && reply.error === undefined) continue; // events and the greeting
        this.waiting.shift()?.(reply);
      }
    });
  }

  /** Starts a paused guest (-S) with `machineArguments` and connects to its QMP socket. */
  static async start(folder: string, machineArguments: readonly string[], options: MachineOptions = {}): Promise<QemuMachine> {
    requireQemu();
    const socketPath = path.join(folder, `qmp-${process.pid}-${Date.now()}.sock`);
    const child = spawn(QEMU_BINARY, ['-S', '-nodefaults', '-no-user-config', '-display', 'none', '-nic', 'none', '-serial', options.serialFile === undefined ? 'none' : `file:${options.serialFile}`, '-monitor', 'none', '-accel', 'tcg', '-qmp', `unix:${socketPath},server=on,wait=on`, ...machineArguments], { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${QEMU_BINARY} ${machineArguments.join(' ')} exited at start (${child.exitCode ?? child.signalCode}): ${stderr.join('').trim()}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${QEMU_BINARY} did not open its QMP socket within ${START_TIMEOUT_MS} ms: ${stderr.join('').trim()}`);
      }
      if (fs.existsSync(socketPath)) {
        const socket = await connect(socketPath).catch(() => null);
        if (socket !== null) {
          const machine = new QemuMachine(child, socket);
          machine.stderr.push(...stderr);
          await machine.execute('qmp_capabilities');
          return machine;
        }
      }
      await delay(20);
    }
  }

  /** Starts a guest, runs `body` with it, and always stops QEMU afterwards. */
  static async session<T>(folder: string, machineArguments: readonly string[], body: (machine: QemuMachine) => Promise<T>, options: MachineOptions = {}): Promise<T> {
    const machine = await QemuMachine.start(folder, machineArguments, options);
    try {
      return await body(machine);
    } finally {
      await machine.stop();
    }
  }

  /** One QMP command; a QMP error becomes an exception naming the command. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`QMP ${command}: no reply within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
      this.waiting.push((reply) => {
        clearTimeout(timer);
        if (reply.error !== undefined) reject(new Error(`QMP ${command}: ${reply.error.class}: ${reply.error.desc}`));
        else resolve(reply.return);
      });
      this.socket.write(`${qmpJson(args === undefined ? { execute: command } : { execute: command, arguments: args })}\n`);
    });
  }

  /** dump-guest-memory in ELF format without paging, optionally of a physical window only. */
  async dump(file: string, window?: { begin: number; length: number }): Promise<void> {
    await this.execute('dump-guest-memory', { paging: false, protocol: `file:${file}`, detach: false, ...(window ?? {}) });
  }

  /** QEMU's own copy of guest-physical memory. */
  async physicalBytes(physicalAddress: number, length: number, file: string): Promise<Buffer> {
    await this.execute('pmemsave', { val: physicalAddress, size: length, filename: file });
    return fs.readFileSync(file);
  }

  /** QEMU's own copy of guest-virtual memory, through vCPU `cpu`'s current page tables. */
  async virtualBytes(virtualAddress: bigint, length: number, file: string, cpu = 0): Promise<Buffer> {
    // QMP takes a signed 64-bit integer: kernel addresses are negative, and past 2^53 in magnitude under LA57
    await this.execute('memsave', { val: BigInt.asIntN(64, virtualAddress), size: length, filename: file, 'cpu-index': cpu });
    return fs.readFileSync(file);
  }

  /** A human monitor command's output (gva2gpa, info registers...), as vCPU `cpu` sees it where given. */
  async monitor(commandLine: string, cpu?: number): Promise<string> {
    // each human-monitor-command is a fresh monitor: `cpu N` would not last, cpu-index does
    return String(await this.execute('human-monitor-command', cpu === undefined ? { 'command-line': commandLine } : { 'command-line': commandLine, 'cpu-index': cpu }));
  }

  /** Ends QEMU: quit over QMP, then SIGKILL if it has not exited within a few seconds. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.socket.write(`${JSON.stringify({ execute: 'quit' })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.socket.destroy();
  }
}

/** JSON with BigInts written as exact integers (QMP reads 64-bit integers; a double would round them). */
function qmpJson(value: unknown): string {
  const marked = JSON.stringify(value, (key, item: unknown) => (typeof item === 'bigint' ? `\u0000${item.toString()}\u0000` : item));
  return marked.replace(/"\\u0000(-?\d+)\\u0000"/g, '$1');
}

function connect(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path: socketPath });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
