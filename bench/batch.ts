/**
 * Dumps in numbers and dumps far away (issue 24): 10,000 small local dumps validated in one run;
 * a batch of remote dumps behind a server that adds 20 ms to every answer, as object storage
 * does, with --jobs 16 against --jobs 1; and the 24 GB layout validated over HTTP, its requests
 * and bytes, next to downloading the object whole.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, BuiltDump } from '../src/builder';
import { fileServer } from '../test/http-servers';

interface Row {
  measure: string;
  vboxcore: string;
  baseline: string;
  ratio: string;
}

/** A whole CLI process, asynchronously (this process serves the remote dumps meanwhile): its milliseconds and output. */
function cliMs(cliPath: string, argv: string[]): Promise<{ ms: number; stdout: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliPath, ...argv], { maxBuffer: 1 << 30 }, (error, stdout) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, stdout });
    });
  });
}

export async function batchRows(folder: string, large: BuiltDump, cliPath: string): Promise<Row[]> {
  const rows: Row[] = [];
  // One small dump, linked under 10,000 names: every one is opened, parsed and validated.
  const many = path.join(folder, 'many');
  fs.mkdirSync(many, { recursive: true });
  const one = buildDump(path.join(folder, 'small.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], fill: 'full' });
  const count = 10_000;
  for (let index = 0; index < count; index++) fs.linkSync(one.path, path.join(many, `dump-${String(index).padStart(5, '0')}.elf`));
  for (const jobs of ['1', '2']) {
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await cliMs(cliPath, ['validate', path.join(many, '*.elf'), '--jsonl', '--jobs', jobs]));
    const ms = runs.map((run) => run.ms).sort((a, b) => a - b)[1];
    const lines = runs[0].stdout.trimEnd().split('\n');
    if (lines.length !== count + 1 || !lines[count].includes('"valid":10000')) throw new Error(`the batch did not validate ${count} dumps`);
    rows.push({ measure: `validate of ${count.toLocaleString('en-US')} small local dumps in one run (a quoted pattern, --jsonl, --jobs ${jobs}), a whole process (median of 3; target: at most 0.6 ms a dump)`, vboxcore: `${(ms / 1000).toFixed(2)} s`, baseline: `${(ms / count).toFixed(3)} ms a dump`, ratio: '-' });
  }
  fs.rmSync(many, { recursive: true, force: true });

  // Remote dumps behind 20 ms of latency: the sample's size, under many names.
  const sample = buildDump(path.join(folder, 'remote-sample.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }], fill: 'edges' });
  const slow = await fileServer(() => sample.path, { delayMs: 20 });
  try {
    const remoteCount = 1000;
    const addresses = Array.from({ length: remoteCount }, (_unused, index) => `${slow.origin}/dump-${index}.elf`);
    const times: Record<string, number> = {};
    for (const jobs of ['1', '16']) {
      const { ms, stdout } = await cliMs(cliPath, ['validate', ...addresses, '--jsonl', '--jobs', jobs]);
      if (!stdout.includes(`"valid":${remoteCount}`)) throw new Error(`the remote batch with --jobs ${jobs} did not validate every dump`);
      times[jobs] = ms;
    }
    rows.push({ measure: `validate of ${remoteCount} remote dumps behind a server adding 20 ms to every answer: --jobs 16 vs --jobs 1 (ratio: how many times faster; target 8)`, vboxcore: `${(times['16'] / 1000).toFixed(2)} s`, baseline: `${(times['1'] / 1000).toFixed(2)} s`, ratio: (times['1'] / times['16']).toFixed(1) });
  } finally {
    await slow.close();
  }

  // Export from a remote dump against a plain parallel download of the same bytes, from the same
  // server, into a file the same way (four 1 MiB ranges in flight, positional writes).
  const data = buildDump(path.join(folder, 'remote-data.elf'), { ranges: [{ physicalAddress: 0, size: 512 * 1024 * 1024 }], fill: 'full' });
  const plain = await fileServer(() => data.path);
  try {
    const address = `${plain.origin}/remote-data.elf`;
    const exported = path.join(folder, 'remote-export.raw');
    const downloaded = path.join(folder, 'remote-download.raw');
    const download = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      const handle = await fs.promises.open(downloaded, 'w');
      const { fileOffset, fileSize } = data.ranges[0];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < fileSize) {
          const start = next;
          next += 1024 * 1024;
          const end = Math.min(start + 1024 * 1024, fileSize) - 1;
          const response = await fetch(address, { headers: { Range: `bytes=${fileOffset + start}-${fileOffset + end}` } });
          const bytes = new Uint8Array(await response.arrayBuffer());
          await handle.write(bytes, 0, bytes.length, start);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      await handle.close();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const pairs: [number, number][] = [];
    for (let round = 0; round < 3; round++) {
      fs.rmSync(exported, { force: true });
      const exportRun = await cliMs(cliPath, ['export', address, exported, '--no-sync']);
      fs.rmSync(downloaded, { force: true });
      pairs.push([exportRun.ms, await download()]);
    }
    const middle = (values: number[]): number => [...values].sort((a, b) => a - b)[1];
    const [exportMs, downloadMs] = [middle(pairs.map(([ours]) => ours)), middle(pairs.map(([, theirs]) => theirs))];
    rows.push({ measure: 'export raw --no-sync of 512 MiB of data from an http:// dump (a whole process) vs a plain parallel download of the same bytes from the same server into a file (4 x 1 MiB ranges in flight; medians of 3 pairs; target 0.8)', vboxcore: `${exportMs.toFixed(0)} ms`, baseline: `${downloadMs.toFixed(0)} ms`, ratio: (downloadMs / exportMs).toFixed(2) });
    fs.rmSync(exported, { force: true });
    fs.rmSync(downloaded, { force: true });
  } finally {
    await plain.close();
    fs.rmSync(data.path, { force: true });
  }

  // The 24 GB layout over HTTP: what validate asks for, against the whole object's download.
  const server = await fileServer(() => large.path);
  try {
    const address = `${server.origin}/guest-24g.elf`;
    const validate = await cliMs(cliPath, ['validate', address]);
    const [requests, bytes] = [server.requests.length, server.bytesSent];
    const started = process.hrtime.bigint();
    const response = await fetch(address);
    let downloaded = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) downloaded += chunk.length;
    const downloadMs = Number(process.hrtime.bigint() - started) / 1e6;
    rows.push({ measure: `validate of the 24 GB layout over HTTP (Node's server on loopback): requests, bytes and time, vs downloading the object (${(downloaded / 2 ** 30).toFixed(1)} GiB)`, vboxcore: `${requests} requests, ${(bytes / 1024).toFixed(0)} KiB, ${validate.ms.toFixed(0)} ms`, baseline: `${(downloadMs / 1000).toFixed(1)} s`, ratio: (downloadMs / validate.ms).toFixed(0) });
  } finally {
    await server.close();
  }
  return rows;
}
