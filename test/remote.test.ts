/**
 * Dumps at http:// and https:// addresses, wherever a dump path is taken: the CLI's commands
 * (each a real process, reading synchronously through the worker-backed RemoteSyncSource), and
 * the asynchronous API (HttpSource). The server is Node's own, in this process, serving files by
 * byte ranges and counting what it is asked; the budgets are the issue's.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { buildDump, buildPageTables, layoutGuest24g } from '../src/builder';
import { openDumpAsync, validateDumpAsync } from '../src/async/dump';
import { BUILT_CLI, scratchDirectory } from './helpers';
import { fileServer, RunningServer } from './http-servers';

const scratch = scratchDirectory();
const sample = 'samples/small-guest.elf';
const large = buildDump(scratch.path('guest-24g.elf'), layoutGuest24g());
const paging = (() => {
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x10_0000, size: 0x10_0000 }, mappings: [{ virtualAddress: 0xffff_8880_0000_0000n, physicalAddress: 0n, size: 64 * 1024 * 1024, pageSize: 0x1000, writable: true, noExecute: true }] });
  return buildDump(scratch.path('paging.elf'), { ranges: [{ physicalAddress: 0, size: 64 * 1024 * 1024 }], fill: 'full', cpus: [tables.cpu], physicalWrites: tables.writes });
})();
const files: Record<string, string> = { '/sample.elf': sample, '/guest-24g.elf': large.path, '/paging.elf': paging.path };

let server: RunningServer;
beforeAll(async () => {
  server = await fileServer((requestPath) => files[requestPath] ?? scratch.path('missing'));
});
afterAll(async () => {
  await server.close();
  scratch.cleanup();
});

/** The CLI as a child process, asynchronously: this process must stay free to serve it. */
function vboxcore(...argv: string[]): Promise<{ status: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUILT_CLI, ...argv], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

/** What the server was asked and sent during `action`. */
async function counted<T>(action: () => Promise<T>): Promise<{ result: T; requests: number; bytes: number }> {
  const [requestsBefore, bytesBefore] = [server.requests.length, server.bytesSent];
  const result = await action();
  return { result, requests: server.requests.length - requestsBefore, bytes: server.bytesSent - bytesBefore };
}

/** The LOAD lines of readelf -lW: an ELF written from a remote dump reads as one written from the file. */
const readelfLoads = (file: string): string[] => execFileSync('readelf', ['-lW', file], { encoding: 'utf8' }).split('\n').filter((line) => line.trim().startsWith('LOAD'));

const withoutNames = (text: string, ...names: string[]): string => names.reduce((result, name) => result.split(name).join('DUMP'), text);

describe('the CLI on an http:// address answers as on the file', () => {
  test.each([
    ['info'],
    ['validate'],
    ['info', '--json'],
    ['validate', '--json'],
    ['cpus'],
    ['map'],
    ['translate', '0x1000'],
    ['read', '--paddr', '0x6f000', '--length', '300KiB'],
    ['read', '--paddr', '0x100', '--length', '64', '--json'],
  ])('%s', async (command, ...rest) => {
    const address = `${server.origin}/sample.elf`;
    const [remote, local] = [await vboxcore(command, address, ...rest), await vboxcore(command, sample, ...rest)];
    expect(remote.stderr).toBe(local.stderr.split(sample).join(address));
    expect(remote.status).toBe(local.status);
    expect(withoutNames(remote.stdout.toString('latin1'), address)).toBe(withoutNames(local.stdout.toString('latin1'), sample));
  });

  test('read --raw, vtop and maps through a vCPU\'s page tables: the same bytes and listing', async () => {
    const address = `${server.origin}/paging.elf`;
    for (const argv of [['read', '--paddr', '0x1000', '--length', '20MiB', '--raw'], ['read', '--vaddr', '0xffff888000123000', '--length', '1MiB', '--raw'], ['vtop', '0xffff888000123456'], ['maps']]) {
      const [remote, local] = [await vboxcore(argv[0], address, ...argv.slice(1)), await vboxcore(argv[0], paging.path, ...argv.slice(1))];
      expect([remote.status, remote.stderr]).toEqual([0, '']);
      expect(withoutNames(remote.stdout.toString('latin1'), address)).toBe(withoutNames(local.stdout.toString('latin1'), paging.path));
    }
  });

  test('info and validate of the 24 GB layout: at most 3 requests and 256 KiB each', async () => {
    for (const command of ['info', 'validate']) {
      const { result, requests, bytes } = await counted(() => vboxcore(command, `${server.origin}/guest-24g.elf`));
      expect([command, result.status]).toEqual([command, 0]);
      expect(requests).toBeLessThanOrEqual(3);
      expect(bytes).toBeLessThanOrEqual(256 * 1024);
    }
  });

  test('a dump the server does not have: REMOTE_NOT_FOUND, exit 2, one line naming the address', async () => {
    const missing = await vboxcore('info', `${server.origin}/nothing.elf`);
    expect([missing.status, missing.stderr]).toEqual([2, `vboxcore: REMOTE_NOT_FOUND: ${server.origin}/nothing.elf: the server answered HTTP 404 Not Found: there is no such dump\n`]);
    const report = await vboxcore('validate', `${server.origin}/nothing.elf`, '--json');
    expect(report.status).toBe(2);
    expect(report.stdout.toString()).toContain('REMOTE_NOT_FOUND');
  });

  test('credentials and a query in the address are sent (Basic) and never printed: messages, --json, --jsonl, digests, export summaries', async () => {
    const host = server.origin.slice('http://'.length);
    const result = await vboxcore('info', `http://user:s3cret@${host}/nothing.elf`);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('s3cret');
    expect(server.requests[server.requests.length - 1].headers.authorization).toBe(`Basic ${Buffer.from('user:s3cret').toString('base64')}`);
    const secretAddress = `http://user:s3cret@${host}/sample.elf?X-Amz-Signature=deadbeef42`;
    for (const argv of [['validate', secretAddress, `http://user:s3cret@${host}/nothing.elf?sig=deadbeef42`, '--json', '--hash', 'sha256'], ['validate', secretAddress, '--jsonl', '--jobs', '2', '--hash', 'md5'], ['info', secretAddress, secretAddress, '--json'], ['export', secretAddress, scratch.path('secret.raw'), '--json', '--hash', 'sha256']]) {
      const run = await vboxcore(...argv);
      const printed = `${run.stdout.toString()}${run.stderr}${fs.existsSync(scratch.path('secret.raw.sha256')) ? fs.readFileSync(scratch.path('secret.raw.sha256'), 'utf8') : ''}`;
      expect([argv[0], printed.includes('s3cret'), printed.includes('deadbeef42'), printed.includes(`${host}/sample.elf`)]).toEqual([argv[0], false, false, true]);
    }
  });
});

describe('export, digests and the rest from an http:// address', () => {
  const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  test.each(['raw', 'lime', 'elf'])('export --format %s: the same output as from the file, by the JavaScript engine, which says why', async (format) => {
    const [remoteOut, localOut] = [scratch.path(`remote.${format}`), scratch.path(`local.${format}`)];
    const remote = await vboxcore('export', `${server.origin}/paging.elf`, remoteOut, '--format', format, '--json', '--verify');
    const local = await vboxcore('export', paging.path, localOut, '--format', format, '--json', '--verify');
    expect([remote.status, remote.stderr]).toEqual([0, '']);
    expect(sha256(remoteOut)).toBe(sha256(localOut));
    const summary = JSON.parse(remote.stdout.toString()) as { copyEngine: string; copyEngineNote: string; verification: { match: boolean }[] };
    expect([summary.copyEngine, summary.copyEngineNote]).toEqual(['javascript', 'a dump read over the network is copied by the JavaScript engine (the native one reads files)']);
    expect(summary.verification.every((range) => range.match)).toBe(true);
    if (format === 'elf') expect(readelfLoads(remoteOut)).toEqual(readelfLoads(localOut));
  });

  test('--hash over HTTP gives the file\'s digest; --engine native and view are refused by name', async () => {
    const digest = await vboxcore('validate', `${server.origin}/sample.elf`, '--hash', 'sha256', '--json');
    expect(digest.stdout.toString()).toContain(sha256(sample));
    const native = await vboxcore('export', `${server.origin}/sample.elf`, scratch.path('native.raw'), '--engine', 'native');
    expect([native.status, native.stderr]).toEqual([2, 'vboxcore: NATIVE_ENGINE_UNAVAILABLE: the native copy engine was asked for, but it reads files: a dump read over the network is copied by the JavaScript engine (the native one reads files)\n']);
    const view = await vboxcore('view', `${server.origin}/sample.elf`, '--no-open');
    expect([view.status, view.stderr]).toEqual([2, `vboxcore: INVALID_ARGUMENT: vboxcore view serves a dump file of this machine, not ${server.origin}/sample.elf: the other commands read it where it is\n`]);
  });

  test('an error in the reading thread reaches the command whole: a dump that changes while read is REMOTE_CHANGED', async () => {
    const changing = await fileServer(() => paging.path, { fail: (_request, index) => (index >= 1 ? 412 : null) });
    try {
      const result = await vboxcore('read', `${changing.origin}/paging.elf`, '--paddr', '0x2000000', '--length', '1MiB', '--raw');
      expect([result.status, result.stderr]).toEqual([2, `vboxcore: REMOTE_CHANGED: ${changing.origin}/paging.elf: the dump changed while it was read: the server answers HTTP 412: the object no longer matches its ETag or date\n`]);
    } finally {
      await changing.close();
    }
  });
});

test('the synchronous library on an address (another process: this one serves): openDump, validateDump, a virtual read', async () => {
  const script = `const { openDump, validateDump, cpuAddressSpace } = require(${JSON.stringify(require.resolve('../dist/src'))});
const dump = openDump(process.argv[1]);
const bytes = cpuAddressSpace(dump).read(0xffff888000123450n, 16);
console.log(JSON.stringify({ path: dump.path, ranges: dump.ranges.length, bytes: Buffer.from(bytes).toString('hex'), valid: validateDump(process.argv[1]).valid }));
dump.close();`;
  const run = (target: string) => new Promise<string>((resolve, reject) => execFile(process.execPath, ['-e', script, target], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(stderr)))));
  const address = `${server.origin}/paging.elf`;
  const [remote, local] = [JSON.parse(await run(address)), JSON.parse(await run(paging.path))];
  expect(remote).toEqual({ ...local, path: address });
  expect(remote.valid).toBe(true);
});

test('a batch of addresses, 4 at a time: every dump answered, one request each', async () => {
  const addresses = Array.from({ length: 12 }, () => `${server.origin}/sample.elf`);
  const { result, requests } = await counted(() => vboxcore('validate', ...addresses, `${server.origin}/nothing.elf`, '--jobs', '4', '--jsonl'));
  const lines = result.stdout.toString().trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines.slice(0, -1).filter((line) => line.report.valid)).toHaveLength(12);
  expect(lines[lines.length - 1]).toMatchObject({ dumps: 13, valid: 12, unreadable: 1, exitStatus: 2 });
  expect(requests).toBe(13);
});

describe('the asynchronous API takes an address for a path', () => {
  test('openDumpAsync and validateDumpAsync on an http:// address', async () => {
    const address = `${server.origin}/sample.elf`;
    const dump = await openDumpAsync(address);
    try {
      expect(dump.path).toBe(address);
      expect(Buffer.from(await dump.physical.read(0x6_f000, 64))).toEqual(fs.readFileSync(sample).subarray(dump.physical.fileOffsetOf(0x6_f000)!, dump.physical.fileOffsetOf(0x6_f000)! + 64));
    } finally {
      await dump.close();
    }
    expect((await validateDumpAsync(address)).valid).toBe(true);
    expect((await validateDumpAsync(`${server.origin}/nothing.elf`)).problems.map((problem) => problem.code)).toEqual(['REMOTE_NOT_FOUND']);
  });
});
