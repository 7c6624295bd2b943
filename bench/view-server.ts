/**
 * The `vboxcore view` server under hostile clients: its peak resident memory with 40 clients that
 * ask for 64 MiB each and never read, and 20 that pipeline four such requests, against the same
 * server idle (issue 22's target: under 200 MiB).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { BuiltDump } from '../src/builder';

interface Row {
  measure: string;
  vboxcore: string;
  baseline: string;
  ratio: string;
}

function peakResidentMiB(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

export async function viewServerRows(large: BuiltDump, cliPath: string): Promise<Row[]> {
  const child = spawn(process.execPath, [cliPath, 'view', large.path, '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const sockets: net.Socket[] = [];
  try {
    const started = Date.now();
    while (!/http:\/\/\S+/.test(printed) && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const url = new URL(/http:\/\/\S+/.exec(printed)![0]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = peakResidentMiB(child.pid!);
    const ask = (start: number): string => `GET ${url.pathname}dump HTTP/1.1\r\nHost: 127.0.0.1:${url.port}\r\nRange: bytes=${start}-${start + 2 ** 26 - 1}\r\n\r\n`;
    const connect = (requests: string): void => {
      const socket = net.connect(Number(url.port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.pause();
      socket.write(requests);
      sockets.push(socket);
    };
    for (let client = 0; client < 40; client++) connect(ask(client * 2 ** 26));
    for (let client = 0; client < 20; client++) connect([0, 1, 2, 3].map((request) => ask(request * 2 ** 26)).join(''));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const loaded = peakResidentMiB(child.pid!);
    return [{ measure: 'vboxcore view on the 24 GB layout: peak RSS with 40 clients that never read and 20 x 4 pipelined 64 MiB requests, 6 s (target < 200 MiB) vs the server idle', vboxcore: `${loaded.toFixed(0)} MiB`, baseline: `${idle.toFixed(0)} MiB`, ratio: (loaded / idle).toFixed(2) }];
  } finally {
    for (const socket of sockets) socket.destroy();
    child.kill('SIGINT');
  }
}
