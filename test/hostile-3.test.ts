/**
 * Hostile input, round three (issue 22): the view server, the HTTP and Blob sources, the
 * library's argument checks, expectations and matchers, pictures and the rest. Each numbered
 * case of the issue has a block here; the browser cases (6, 7 and the pictures in Chromium) are
 * in viewer.test.ts, under the same numbers.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { buildDump, buildPageTables, layoutGuest } from '../src/builder';
import { asyncSourceOf, BlobSource, cpuAddressSpace, cpuAddressSpaceAsync, HttpSource, openDump, openDumpAsync, validateDump, VboxCoreError } from '../src';
import { parseExpectation, parseSize } from '../src/expectations/grammar';
import { vboxcoreMatchers } from '../src/testing/matchers';
import { MAX_CONNECTIONS, MAX_RANGE_BYTES, parseRange } from '../src/cli/view-server';
import { asyncCodeOf, BUILT_CLI, cli, cliProcess, codeOf, scratchDirectory, startViewer } from './helpers';
import { fileServer, rawServer, requestedRange, RunningServer } from './http-servers';
import { pyelftoolsView, readelfNotes, readelfWarnings } from './outside-readers';
import { qemuCore } from './qemu-cores';

jest.setTimeout(60_000);
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const projectRoot = path.resolve(__dirname, '..');
const START = path.join(projectRoot, 'dist', 'src', 'cli', 'start.js');
const sample = path.join(projectRoot, 'samples', 'small-guest.elf');

/** Sends raw bytes to a server and resolves with everything it answers before closing (or after `waitMs`). */
function rawExchange(port: number, request: string, waitMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(request);
  });
}

/** The peak resident memory of a process, from /proc (Linux). */
function peakResidentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe('the vboxcore view server', () => {
  const bigDump = scratch.path('big-sparse.bin');
  fs.writeFileSync(bigDump, '');
  fs.truncateSync(bigDump, 4 * 2 ** 30);

  test('case 1: the secret address is never on a command line; the browser is given a 0600 page that leads to it', async () => {
    const bin = scratch.path('fake-bin');
    fs.mkdirSync(bin, { recursive: true });
    const log = scratch.path('xdg-open.log');
    // a stand-in for xdg-open: it records its arguments and what the file it was given holds
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${log}.args\nstat -c %a "$1" > ${log}.mode\ncat "$1" > ${log}.page\n`, { mode: 0o755 });
    const viewer = await startViewer(process.execPath, [START, 'view', sample], undefined, { ...process.env, PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':99' });
    try {
      const token = /\/([0-9a-f]{32})\//.exec(viewer.url)![1];
      const started = Date.now();
      while (!fs.existsSync(`${log}.page`) && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
      const args = fs.readFileSync(`${log}.args`, 'utf8');
      expect(args).not.toContain(token);
      expect(fs.readFileSync(`${log}.mode`, 'utf8').trim()).toBe('600');
      expect(fs.readFileSync(`${log}.page`, 'utf8')).toContain(viewer.url.replace(/&/g, '&#38;'));
      // no process of this machine has the token on its command line
      const commandLines = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
      expect(commandLines).not.toContain(token);
      const launchPage = args.trim();
      expect(fs.existsSync(launchPage)).toBe(true);
      expect(await viewer.interrupt()).toBe(0);
      expect(fs.existsSync(launchPage)).toBe(false);
    } finally {
      await viewer.interrupt();
    }
  });

  test('case 2: memory stays bounded with 40 clients that never read and 20 x 4 pipelined requests; ranges are at most 1 MiB', async () => {
    const viewer = await startViewer(process.execPath, [START, 'view', bigDump, '--no-open']);
    const sockets: net.Socket[] = [];
    try {
      const { port: portText, pathname } = new URL(viewer.url);
      const port = Number(portText);
      const dumpPath = `${pathname}dump`;
      const ask = (range: string): string => `GET ${dumpPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nRange: ${range}\r\n\r\n`;
      // 40 clients asking for 64 MiB each and reading nothing
      for (let client = 0; client < 40; client++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.pause();
        socket.write(ask(`bytes=${client * 2 ** 26}-${client * 2 ** 26 + 2 ** 26 - 1}`));
        sockets.push(socket);
      }
      // 20 clients pipelining 4 requests of 64 MiB, also reading nothing
      for (let client = 0; client < 20; client++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.pause();
        socket.write([0, 1, 2, 3].map((request) => ask(`bytes=${request * 2 ** 26}-${request * 2 ** 26 + 2 ** 26 - 1}`)).join(''));
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const peak = peakResidentBytes(viewer.pid);
      expect(peak).toBeLessThan(200 * 2 ** 20);
      // an honest client still gets its range, clamped to 1 MiB
      const answer = await rawExchange(port, ask('bytes=0-67108863').replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'), 5000);
      expect(answer).toMatch(new RegExp(`^HTTP/1.1 206 .*\\r\\nContent-Range: bytes 0-${MAX_RANGE_BYTES - 1}/${4 * 2 ** 30}\\r\\n`, 's'));
    } finally {
      for (const socket of sockets) socket.destroy();
      await viewer.interrupt();
    }
    expect(MAX_CONNECTIONS).toBeLessThanOrEqual(64);
  });

  test('case 3: a request with two Host headers is answered 400', async () => {
    const viewer = await startViewer(process.execPath, [START, 'view', sample, '--no-open']);
    try {
      const { port: portText, pathname } = new URL(viewer.url);
      const port = Number(portText);
      const answer = await rawExchange(port, `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const reversed = await rawExchange(port, `GET ${pathname} HTTP/1.1\r\nHost: attacker.example\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect(reversed).toMatch(/^HTTP\/1\.1 400 /);
    } finally {
      await viewer.interrupt();
    }
  });

  test('case 4: ranges past the end, suffix ranges and open ranges are clamped as RFC 9110 says', async () => {
    const size = fs.statSync(sample).size;
    expect(parseRange(`bytes=0-${size + 1000}`, size)).toEqual({ start: 0, end: Math.min(size - 1, MAX_RANGE_BYTES - 1) });
    expect(parseRange('bytes=-16', size)).toEqual({ start: size - 16, end: size - 1 });
    expect(parseRange('bytes=16-', size)).toEqual({ start: 16, end: Math.min(size - 1, 16 + MAX_RANGE_BYTES - 1) });
    expect(parseRange(`bytes=${size}-`, size)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,4-5', size)).toBe('refused');
    expect(parseRange('items=0-1', size)).toBe('refused');
    const viewer = await startViewer(process.execPath, [START, 'view', sample, '--no-open']);
    try {
      const { origin, pathname } = new URL(viewer.url);
      const get = (range: string): Promise<{ status: number; contentRange: string | undefined; length: number }> =>
        new Promise((resolve, reject) => {
          http.get(`${origin}${pathname}dump`, { headers: { Range: range } }, (response) => {
            let length = 0;
            response.on('data', (chunk: Buffer) => (length += chunk.length));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, contentRange: response.headers['content-range'], length }));
          }).on('error', reject);
        });
      expect(await get('bytes=-16')).toEqual({ status: 206, contentRange: `bytes ${size - 16}-${size - 1}/${size}`, length: 16 });
      expect(await get(`bytes=0-${size + 5}`)).toEqual({ status: 206, contentRange: `bytes 0-${size - 1}/${size}`, length: size });
      expect(await get(`bytes=${size - 10}-`)).toEqual({ status: 206, contentRange: `bytes ${size - 10}-${size - 1}/${size}`, length: 10 });
      expect((await get(`bytes=${size}-`)).status).toBe(416);
    } finally {
      await viewer.interrupt();
    }
  });

  test.each(['1e3', '0x50', '', ' 80', '80.0', '-1', '65536'])('case 5: --port %j is refused (exit 2, INVALID_ARGUMENT)', (port) => {
    const result = cliProcess('view', sample, '--port', port, '--no-open');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^vboxcore: INVALID_ARGUMENT: --port ".*" is not a port number/);
  });
});

describe('case 8: control characters in a file name never make a picture invalid XML', () => {
  const name = scratch.path('dump\x01with\x1b[31mcontrols\x7f.elf');
  fs.copyFileSync(sample, name);
  test.each([['map', '--svg'], ['map', '--html'], ['maps', '--svg'], ['maps', '--html']])('%s %s, to a file and to standard output', async (command, flag) => {
    const file = scratch.path(`controls-${command}${flag}.out`);
    expect((await cli(command, name, flag, file)).status).toBe(0);
    const written = fs.readFileSync(file, 'utf8');
    const result = await cli(command, name, flag, '-');
    expect(result.status).toBe(0);
    for (const text of [written, result.stdout]) {
      const svg = flag === '--svg' ? text : /<svg[\s\S]*<\/svg>/.exec(text)![0];
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toContain('dump\\x01with\\x1b[31mcontrols\\x7f.elf');
      expect(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.test(text)).toBe(false);
    }
  });
});

describe('case 9: picture outputs', () => {
  test('--svg and --html naming one file are refused before anything is written', async () => {
    const target = scratch.path('same.out');
    const result = await cli('map', sample, '--svg', target, '--html', target);
    expect([result.status, result.stderr]).toEqual([2, expect.stringMatching(/^vboxcore: INVALID_ARGUMENT: --svg and --html both name/)]);
    expect(fs.existsSync(target)).toBe(false);
    const other = scratch.path('./same.out');
    expect((await cli('map', sample, '--svg', target, '--html', other.replace('same.out', '../' + path.basename(path.dirname(other)) + '/same.out'))).status).toBe(2);
    expect((await cli('maps', sample, '--svg', '-', '--html', '-')).status).toBe(2);
  });

  test('an existing second output stops the command before the first is written', async () => {
    const existing = scratch.path('exists.html');
    fs.writeFileSync(existing, 'keep');
    const first = scratch.path('first.svg');
    const result = await cli('map', sample, '--svg', first, '--html', existing);
    expect([result.status, result.stderr]).toEqual([2, expect.stringMatching(/^vboxcore: OUTPUT_EXISTS: /)]);
    expect(fs.existsSync(first)).toBe(false);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep');
  });

  test('an empty output path is refused, and nothing is made in the parent folder', async () => {
    const folder = scratch.path('empty-name');
    fs.mkdirSync(folder);
    const before = fs.readdirSync(path.dirname(folder));
    const result = spawnSync(process.execPath, [BUILT_CLI, 'map', sample, '--svg', ''], { cwd: folder, encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([2, expect.stringMatching(/^vboxcore: INVALID_ARGUMENT: the output path is empty/)]);
    expect(fs.readdirSync(path.dirname(folder))).toEqual(before);
    expect(fs.readdirSync(folder)).toEqual([]);
    const exported = spawnSync(process.execPath, [BUILT_CLI, 'export', sample, ''], { cwd: folder, encoding: 'utf8' });
    expect(exported.status).toBe(2);
    expect(fs.readdirSync(path.dirname(folder))).toEqual(before);
  });

  test('map and maps --svg exit alike on a dump with errors: 1, the picture still drawn', async () => {
    const built = buildDump(scratch.path('cut-for-pictures.elf'), { ...layoutGuest(0x100_0000), fill: 'full', cpus: [buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x10_0000, size: 0x1_0000 }, mappings: [{ virtualAddress: 0x40_0000n, physicalAddress: 0x20_0000n, size: 0x1000, pageSize: 0x1000 }] }).cpu] });
    fs.truncateSync(built.path, built.fileSize - 0x1000);
    const map = await cli('map', built.path, '--svg', '-');
    const maps = await cli('maps', built.path, '--svg', '-', '--cr3', '0x100000', '--mode', '4-level');
    expect([map.status, maps.status]).toEqual([1, 1]);
    expect(map.stdout).toContain('<svg');
    expect(maps.stdout).toContain('<svg');
  });
});

describe('the HTTP source (cases 10 to 13)', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  const serve = async (server: Promise<RunningServer>): Promise<RunningServer> => {
    const running = await server;
    servers.push(running);
    return running;
  };
  const dump = fs.readFileSync(sample);
  const header = (status: string, headers: Record<string, string | number>): string => `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`;
  /** A raw answer for the range asked: the right bytes unless `change` says otherwise. */
  const honest = (request: string, change: { start?: number; end?: number; total?: number; length?: string | number; extra?: Record<string, string> } = {}): string => {
    const [start, end] = requestedRange(request);
    const last = Math.min(end, dump.length - 1);
    const from = change.start ?? start;
    const to = change.end ?? last;
    return header('206 Partial Content', { 'Content-Range': `bytes ${from}-${to}/${change.total ?? dump.length}`, 'Content-Length': change.length ?? to - from + 1, ...change.extra });
  };

  test('the honest case: an HttpSource reads the sample as the file does, in few requests', async () => {
    const server = await serve(fileServer(() => sample));
    const source = await HttpSource.open(`${server.origin}/small-guest.elf`);
    const remote = await openDumpAsync(source);
    const local = openDump(sample);
    try {
      expect(remote.report).toEqual({ ...local.report, path: `${server.origin}/small-guest.elf` });
      expect(Buffer.from(await remote.physical.read(0x6_0000, 0x2_0000))).toEqual(local.physical.read(0x6_0000, 0x2_0000));
      expect(Buffer.from(await cpuAddressSpaceAsync(remote).read(0xffff_ffff_8100_0000n, 64))).toEqual(cpuAddressSpace(local).read(0xffff_ffff_8100_0000n, 64));
      expect(source.requestCount).toBeLessThanOrEqual(8);
    } finally {
      local.close();
      await remote.close();
    }
  });

  test('case 10: a server that sends one byte a second, or never answers, times out (REMOTE_TIMEOUT), no hang', async () => {
    const slow = await serve(rawServer((socket, request) => {
      const [start, end] = requestedRange(request);
      socket.write(header('206 Partial Content', { 'Content-Range': `bytes ${start}-${end}/${dump.length}`, 'Content-Length': end - start + 1 }));
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('x')), 1000);
      socket.on('close', () => clearInterval(timer));
    }));
    const silent = await serve(rawServer(() => undefined));
    const started = Date.now();
    expect(await asyncCodeOf(() => HttpSource.open(`${slow.origin}/d`, { timeoutMs: 800, retries: 1 }))).toBe('REMOTE_TIMEOUT');
    expect(await asyncCodeOf(() => HttpSource.open(`${silent.origin}/d`, { timeoutMs: 500, retries: 0 }))).toBe('REMOTE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('case 11: an endless body is cut at what was asked; a 200 with the whole object is not read whole', async () => {
    const endless = await serve(rawServer((socket, request) => {
      const [start, end] = requestedRange(request);
      socket.write(header('206 Partial Content', { 'Content-Range': `bytes ${start}-${end}/${dump.length}` }));
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    }));
    const error = await HttpSource.open(`${endless.origin}/d`).catch((failure: VboxCoreError) => failure);
    expect(error).toMatchObject({ code: 'REMOTE_BAD_RESPONSE', message: expect.stringMatching(/sent more than the 65536 bytes asked for/) });
    expect(endless.bytesSent).toBeLessThan(64 * 2 ** 20);
    const whole = await serve(rawServer((socket) => {
      socket.write(header('200 OK', { 'Content-Length': 24 * 2 ** 30 }));
      const chunk = Buffer.alloc(64 * 1024);
      const pump = (): void => {
        while (!socket.destroyed && socket.write(chunk));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    }));
    const started = Date.now();
    expect(await HttpSource.open(`${whole.origin}/d`).catch((failure: VboxCoreError) => failure)).toMatchObject({ code: 'REMOTE_BAD_RESPONSE', message: expect.stringMatching(/does not answer byte-range requests/) });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(whole.bytesSent).toBeLessThan(256 * 2 ** 20);
  });

  test('case 12: a Content-Range other than the one asked for is refused, never used', async () => {
    // the first answer is honest; every later one is shifted by 16 bytes
    const shifted = await serve(rawServer((socket, request, index) => {
      const [start, end] = requestedRange(request);
      const from = index === 0 ? start : start + 16;
      const to = Math.min(end, dump.length - 1);
      socket.end(Buffer.concat([Buffer.from(honest(request, { start: from, end: to }), 'latin1'), dump.subarray(from, to + 1)]));
    }));
    const source = await HttpSource.open(`${shifted.origin}/d`);
    expect(await asyncCodeOf(() => source.readInto(new Uint8Array(64), 0x1_0000))).toBe('REMOTE_BAD_RESPONSE');
    const wrongTotal = await serve(rawServer((socket, request, index) => {
      const [start, end] = requestedRange(request);
      const to = Math.min(end, dump.length - 1);
      socket.end(Buffer.concat([Buffer.from(honest(request, { total: index === 0 ? dump.length : dump.length + 1 }), 'latin1'), dump.subarray(start, to + 1)]));
    }));
    const changed = await HttpSource.open(`${wrongTotal.origin}/d`);
    expect(await asyncCodeOf(() => changed.readInto(new Uint8Array(64), 0x1_0000))).toBe('REMOTE_CHANGED');
  });

  test('case 13: redirects, resets, short bodies and bad lengths each get their named error', async () => {
    const loop = await serve(rawServer((socket) => socket.end(header('302 Found', { Location: '/again', 'Content-Length': 0 }))));
    expect(await HttpSource.open(`${loop.origin}/d`, { retries: 0 }).catch((failure: VboxCoreError) => failure)).toMatchObject({ code: 'REMOTE_UNREACHABLE', message: expect.stringMatching(/redirect/) });
    const target = await serve(fileServer(() => sample));
    const onward = await serve(rawServer((socket) => socket.end(header('307 Temporary Redirect', { Location: `${target.origin}/small-guest.elf`, 'Content-Length': 0 }))));
    const redirected = await openDumpAsync(await HttpSource.open(`${onward.origin}/d`));
    expect(redirected.report.valid).toBe(true);
    await redirected.close();
    const reset = await serve(rawServer((socket) => socket.resetAndDestroy()));
    expect(await asyncCodeOf(() => HttpSource.open(`${reset.origin}/d`, { retries: 1 }))).toBe('REMOTE_UNREACHABLE');
    const short = await serve(rawServer((socket, request) => {
      const [start] = requestedRange(request);
      socket.end(Buffer.concat([Buffer.from(honest(request), 'latin1'), dump.subarray(start, start + 100)]));
    }));
    expect(await asyncCodeOf(() => HttpSource.open(`${short.origin}/d`, { retries: 0 }))).toMatch(/^REMOTE_(BAD_RESPONSE|UNREACHABLE)$/);
    for (const length of ['-5', String(2 ** 60), 'lots']) {
      const bad = await serve(rawServer((socket, request) => {
        const [start, end] = requestedRange(request);
        socket.end(Buffer.concat([Buffer.from(honest(request, { length }), 'latin1'), dump.subarray(start, Math.min(end, dump.length - 1) + 1)]));
      }));
      expect({ length, code: await asyncCodeOf(() => HttpSource.open(`${bad.origin}/d`, { retries: 0 })) }).toMatchObject({ length, code: expect.stringMatching(/^REMOTE_(BAD_RESPONSE|UNREACHABLE)$/) });
    }
    // no Content-Length at all (a chunked answer) is fine when the bytes are right
    const chunked = await serve(rawServer((socket, request) => {
      const [start, end] = requestedRange(request);
      const body = dump.subarray(start, Math.min(end, dump.length - 1) + 1);
      const head = honest(request).replace(/Content-Length: \d+\r\n/, 'Transfer-Encoding: chunked\r\n');
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]));
    }));
    const viaChunks = await openDumpAsync(await HttpSource.open(`${chunked.origin}/d`));
    expect(viaChunks.report.valid).toBe(true);
    await viaChunks.close();
    // an object of 0 bytes is EMPTY_FILE by the dump's own rules, not a guess from a missing header
    const empty = await serve(rawServer((socket) => socket.end(header('416 Range Not Satisfiable', { 'Content-Range': 'bytes */0', 'Content-Length': 0 }))));
    expect(await asyncCodeOf(() => HttpSource.open(`${empty.origin}/d`).then(openDumpAsync))).toBe('EMPTY_FILE');
    // statuses named
    for (const [status, code] of [['404 Not Found', 'REMOTE_NOT_FOUND'], ['403 Forbidden', 'REMOTE_FORBIDDEN'], ['401 Unauthorized', 'REMOTE_FORBIDDEN'], ['503 Service Unavailable', 'REMOTE_UNREACHABLE'], ['418 Teapot', 'REMOTE_BAD_RESPONSE']]) {
      const failing = await serve(rawServer((socket) => socket.end(header(status, { 'Content-Length': 0 }))));
      expect({ status, code: await asyncCodeOf(() => HttpSource.open(`${failing.origin}/d`, { retries: 0 })) }).toEqual({ status, code });
    }
  });

  test('credentials and signatures never reach a message', async () => {
    const failing = await serve(rawServer((socket) => socket.end(header('404 Not Found', { 'Content-Length': 0 }))));
    const url = `${failing.origin.replace('http://', 'http://user:secret-password@')}/bucket/key?X-Amz-Signature=secret-signature`;
    const error = (await HttpSource.open(url, { retries: 0 }).catch((failure: Error) => failure)) as Error;
    expect(error.message).not.toMatch(/secret/);
    expect(error.message).toContain('/bucket/key');
  });
});

describe('case 14: BlobSource refuses what is not a Blob', () => {
  test.each([Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 1.5, -1, '12'])('a size of %p', (size) => {
    expect(codeOf(() => new BlobSource({ size: size as number, slice: () => ({ arrayBuffer: async () => new ArrayBuffer(0) }) }, 'x'))).toBe('INVALID_ARGUMENT');
  });

  test('a slice that gives more bytes, a string or nothing', async () => {
    const bytes = fs.readFileSync(sample);
    const lying = (give: (start: number, end: number) => unknown) => new BlobSource({ size: bytes.length, slice: (start, end) => ({ arrayBuffer: async () => give(start, end) as ArrayBuffer }) }, 'lying.elf');
    const longer = await openDumpAsync(lying((start, end) => bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end + 16))).catch((error: VboxCoreError) => error);
    expect(longer).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/gave \d+ bytes: not a Blob's slice/) });
    const text = await openDumpAsync(lying(() => 'not bytes')).catch((error: VboxCoreError) => error);
    expect(text).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/gave the string "not bytes" instead of bytes/) });
    expect(codeOf(() => new BlobSource(null as never, 'x'))).toBe('INVALID_ARGUMENT');
  });
});

describe('case 15: openDumpAsync and asyncSourceOf refuse what is not a source', () => {
  test.each([[42], [{}], [null], [{ path: 'x', size: 1, readInto: 1, close: () => undefined }], [undefined]])('openDumpAsync(%p)', async (input) => {
    expect(await asyncCodeOf(() => openDumpAsync(input as never))).toBe('INVALID_ARGUMENT');
  });
  test.each([[42], [{}], [null]])('asyncSourceOf(%p)', (input) => {
    expect(codeOf(() => asyncSourceOf(input as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('case 16: the fast paths refuse bad arguments instead of answering null or a wrong code', () => {
  const dump = openDump(sample);
  afterAll(() => dump.close());
  test.each([-1, Number.NaN, 0.5, 2 ** 53, Number.POSITIVE_INFINITY])('fileOffsetOfWindow(%p, 16)', (address) => {
    expect(codeOf(() => dump.physical.fileOffsetOfWindow(address, 16))).toBe('INVALID_ARGUMENT');
  });
  test('fileOffsetOfWindow with a bad length, and its null for a boundary', () => {
    expect(codeOf(() => dump.physical.fileOffsetOfWindow(0, -1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => dump.physical.fileOffsetOfWindow(0, 0.5))).toBe('INVALID_ARGUMENT');
    expect(dump.physical.fileOffsetOfWindow(0x7_fff0, 32)).toBeNull();
  });
  test('readInto refuses targets that are not Uint8Arrays, in every space', async () => {
    const virtual = cpuAddressSpace(dump);
    for (const target of [new DataView(new ArrayBuffer(16)), [0, 0], 'sixteen bytes...', new Uint16Array(8), null]) {
      expect(codeOf(() => dump.physical.readInto(0x1000, target as never))).toBe('INVALID_ARGUMENT');
      expect(codeOf(() => virtual.readInto(0xffff_ffff_8100_0000n, target as never))).toBe('INVALID_ARGUMENT');
    }
    const remote = await openDumpAsync(sample);
    try {
      expect(await asyncCodeOf(() => remote.physical.readInto(0x1000, new DataView(new ArrayBuffer(16)) as never))).toBe('INVALID_ARGUMENT');
      expect(await asyncCodeOf(() => cpuAddressSpaceAsync(remote).readInto(0xffff_ffff_8100_0000n, [1, 2] as never))).toBe('INVALID_ARGUMENT');
      expect(await asyncCodeOf(() => remote.physical.read(0x1000, 16, { holes: 'bogus' as never }))).toBe('INVALID_ARGUMENT');
    } finally {
      await remote.close();
    }
  });
  test.each([{ holes: 'bogus' }, { holes: 0 }, null, 'zero'])('read options %p are refused, even where no hole is met', (options) => {
    expect(codeOf(() => dump.physical.read(0x1000, 16, options as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => cpuAddressSpace(dump).read(0xffff_ffff_8100_0000n, 16, options as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('cases 17 and 18: the expectation grammar', () => {
  test.each(['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty', 'toString=1', '__proto__>=2'])('%s is refused by name (INVALID_ARGUMENT, exit 2), not a crash', async (text) => {
    expect(codeOf(() => parseExpectation(text))).toBe('INVALID_ARGUMENT');
    const result = await cli('validate', sample, '--expect', text);
    expect([result.status, result.stderr]).toEqual([2, expect.stringMatching(/^vboxcore: INVALID_ARGUMENT: expectation /)]);
    expect(codeOf(() => vboxcoreMatchers.toMeetExpectations.call({ isNot: false }, sample, [text]))).toBe('INVALID_ARGUMENT');
  });
  test.each([
    ['cpus==2', /equality is = \(one sign\)/],
    ['ram>=4Gb', /counts bits, not bytes/],
    ['ram>=4b', /counts bits/],
    ['ram>=1mb', /counts bits/],
    ['ram>=0.0000001K', /not a whole number of bytes/],
    ['ram>=0.5', /not a whole number of bytes/],
    ['ram>=1.1K', /not a whole number of bytes/],
    ['cpus=٢', /not a whole number/],
    ['cpus=２', /not a whole number/],
  ])('%s is refused: %p', (text, why) => {
    expect(() => parseExpectation(text)).toThrow(why);
  });
  test('units: binary, decimal and exact fractions', () => {
    expect(parseSize('1.5K')).toBe(1536);
    expect(parseSize('4GB')).toBe(4e9);
    expect(parseSize('4kB')).toBe(4000);
    expect(parseSize('4KB')).toBe(4000);
    expect(parseSize('4k')).toBe(4096);
    expect(parseSize('4KiB')).toBe(4096);
    expect(parseSize('0.25M')).toBe(262_144);
    expect(parseSize('4B')).toBe(4);
    expect(parseExpectation('cpus=02')).toMatchObject({ value: 2 });
  });
});

describe('cases 19 and 20: matchers', () => {
  const missing = scratch.path('typo.elf');
  const run = <K extends keyof typeof vboxcoreMatchers>(name: K, isNot: boolean, ...args: unknown[]) => (vboxcoreMatchers[name] as (...all: unknown[]) => { pass: boolean; message: () => string }).call({ isNot }, ...args);
  /** Whether the assertion as written (with .not or not) holds. */
  const holds = (result: { pass: boolean }, isNot: boolean): boolean => result.pass !== isNot;

  test('an unreadable dump fails every matcher, with .not or without, but .not.toBeValidCore', () => {
    for (const isNot of [false, true]) {
      expect(holds(run('toTranslate', isNot, missing, 0x1000n, 0x1000n), isNot)).toBe(false);
      expect(holds(run('toHaveCpus', isNot, missing, 2), isNot)).toBe(false);
      expect(holds(run('toHaveRamAtLeast', isNot, missing, '1GiB'), isNot)).toBe(false);
      expect(holds(run('toMapPhysical', isNot, missing, 0), isNot)).toBe(false);
      expect(holds(run('toMeetExpectations', isNot, missing, ['cpus=2']), isNot)).toBe(false);
    }
    expect(holds(run('toBeValidCore', false, missing), false)).toBe(false);
    expect(holds(run('toBeValidCore', true, missing), true)).toBe(true);
    expect(run('toHaveCpus', true, missing, 2).message()).toMatch(/typo\.elf to be a core dump that can be read, but it is not: FILE_UNREADABLE/);
  });

  test('toHaveRamAtLeast refuses what is no size, and quotes the size as written', () => {
    for (const size of [undefined, 2n ** 70n, -1, 1.5, Number.NaN, {}, '4 parsecs']) expect(codeOf(() => run('toHaveRamAtLeast', false, sample, size))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => run('toHaveCpus', false, sample, '2'))).toBe('INVALID_ARGUMENT');
    const failing = run('toHaveRamAtLeast', false, sample, '4GiB');
    expect(failing.pass).toBe(false);
    expect(failing.message()).toContain('ram>=4GiB');
  });
});

describe('case 21: help into a closed pipe', () => {
  test.each([['--help'], ['help', 'info'], ['info', '--help'], ['--version']])('vboxcore %s | (a reader that is gone): exit 141 or 0, never a stack trace', (...args) => {
    const result = spawnSync('bash', ['-c', `node ${START} ${args.join(' ')} | true; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(result.stderr).toMatch(/^status (141|0)\n$/);
    const long = spawnSync('bash', ['-c', `node ${START} ${args.join(' ')} | head -c 1 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(long.stderr).toMatch(/^status (141|0)\n$/);
  });
});

describe('case 22: ELF exports read back in readelf and pyelftools, notes included', () => {
  test.each([['a QEMU core with VMCOREINFO', 'qemu'], ['the VirtualBox sample', 'virtualbox']])('%s', async (_name, producer) => {
    let input = sample;
    if (producer === 'qemu') {
      input = scratch.path('qemu-vmcoreinfo.elf');
      fs.writeFileSync(input, qemuCore({ cpuCount: 2, vmcoreinfo: 'OSRELEASE=6.1.0-test\nPAGESIZE=4096\n' }).bytes);
    }
    const output = scratch.path(`${producer}-export.elf`);
    expect((await cli('export', input, output, '--format', 'elf')).status).toBe(0);
    const dump = openDump(input);
    const wantedNames = producer === 'qemu' ? ['CORE', 'CORE', 'QEMU', 'QEMU', 'VMCOREINFO'] : ['VBCORE', 'VBCPU', 'VBCPU'];
    dump.close();
    expect(readelfWarnings(output)).toBe('');
    expect(readelfNotes(output).map((note) => note.name)).toEqual(wantedNames);
    const view = pyelftoolsView(output);
    expect(view.notes.map((note) => note.name)).toEqual(wantedNames);
    expect(view.segments.filter((segment) => segment.type === 'PT_LOAD').length).toBeGreaterThan(0);
    expect(view.segments.find((segment) => segment.type === 'PT_NOTE')!.align).toBe(4);
  });
});

describe('case 23: the problem that explains the others comes first', () => {
  test('a QEMU paging dump: QEMU_PAGING_DUMP before the unsafe addresses it causes', async () => {
    const file = scratch.path('qemu-paging.elf');
    fs.writeFileSync(file, qemuCore({ pagingVirtualAddress: 0xffff_8880_0000_0000n }).bytes);
    const report = validateDump(file);
    expect(report.problems[0].code).toBe('QEMU_PAGING_DUMP');
    expect(report.problems.length).toBeGreaterThan(1);
    const result = await cli('validate', file);
    expect(result.stdout).toMatch(/INVALID: .*?QEMU_PAGING_DUMP/);
    expect(result.stdout.indexOf('QEMU_PAGING_DUMP')).toBeLessThan(result.stdout.indexOf('VALUE_NOT_SAFE_INTEGER'));
  });
});

describe('case 24: entries that set reserved bits fault, as on the CPU', () => {
  const tableArea = { physicalAddress: 0x10_0000, size: 0x1_0000 };
  function dumpWith(mode: '4-level' | 'pae', efer: bigint, change: (tables: ReturnType<typeof buildPageTables>) => void): { file: string; tables: ReturnType<typeof buildPageTables> } {
    const tables = buildPageTables({ mode, tableArea, mappings: [{ virtualAddress: 0x40_0000n, physicalAddress: 0x20_0000n, size: 0x2000, pageSize: 0x1000, noExecute: true }] });
    change(tables);
    const cpu = { ...tables.cpu, msrs: { efer } };
    const file = scratch.path(`reserved-${mode}-${efer}-${Math.random().toString(16).slice(2)}.elf`);
    buildDump(file, { ...layoutGuest(0x100_0000), fill: 'none', cpus: [cpu], physicalWrites: tables.writes });
    return { file, tables };
  }
  const LONG_MODE_NO_NX = 0x501n; // SCE, LME, LMA

  test('bit 63 with EFER.NXE clear: vtop, read --vaddr and maps agree', async () => {
    const { file } = dumpWith('4-level', LONG_MODE_NO_NX, () => undefined);
    const dump = openDump(file);
    try {
      const space = cpuAddressSpace(dump);
      const walk = space.walk(0x40_0000n);
      expect(walk.kind).toBe('fault');
      if (walk.kind === 'fault') {
        expect(walk.fault.reason).toBe('reserved-bit');
        expect(walk.fault.message).toMatch(/sets reserved bit\(s\) 63: bit 63 is XD, reserved while EFER\.NXE is clear/);
      }
      expect(codeOf(() => space.read(0x40_0000n, 16))).toBe('PAGE_FAULT');
      expect(codeOf(() => space.readInto(0x40_0000, Buffer.alloc(16)))).toBe('PAGE_FAULT');
      const listing = space.maps();
      expect(listing.mappings).toEqual([]);
      expect(listing.reservedBitEntries).toBe(2);
      const remote = await openDumpAsync(file);
      expect((await cpuAddressSpaceAsync(remote).walk(0x40_0000n)).kind).toBe('fault');
      await remote.close();
    } finally {
      dump.close();
    }
    const vtop = await cli('vtop', file, '0x400000');
    expect(vtop.status).toBe(1);
    expect(vtop.stdout).toMatch(/fault \(reserved-bit\)/);
    const read = await cli('read', file, '--vaddr', '0x400000', '--length', '16');
    expect([read.status, read.stderr]).toEqual([1, expect.stringMatching(/^vboxcore: PAGE_FAULT: .*reserved bit/)]);
  });

  test('the same entries with EFER.NXE set translate, not executable', () => {
    const { file } = dumpWith('4-level', 0xd01n, () => undefined);
    const dump = openDump(file);
    try {
      const page = cpuAddressSpace(dump).translate(0x40_0000n);
      expect(page.permissions.executable).toBe(false);
    } finally {
      dump.close();
    }
  });

  test('PS in a PML4 entry, and address bits above a MAXPHYADDR the caller gives', () => {
    const { file } = dumpWith('4-level', 0xd01n, (tables) => {
      const root = tables.writes[0].bytes;
      root.writeUInt32LE(root.readUInt32LE(0) | 0x80, 0);
    });
    const dump = openDump(file);
    try {
      const walk = cpuAddressSpace(dump).walk(0x40_0000n);
      expect(walk.kind === 'fault' && walk.fault.reason).toBe('reserved-bit');
      expect(walk.kind === 'fault' && walk.fault.message).toMatch(/bit 7 \(PS\) must be 0 in a PML4 entry/);
    } finally {
      dump.close();
    }
    // a 2 MiB page whose base has bits 13 to 20 set, as an earlier round's test wrote one
    const large = buildPageTables({ mode: '4-level', tableArea, mappings: [{ virtualAddress: 0x40_0000n, physicalAddress: 0x20_0000n, size: 0x20_0000, pageSize: 0x20_0000 }] });
    const directory = large.writes[2].bytes;
    directory.writeUInt32LE((directory.readUInt32LE(2 * 8) | 0x3_0000) >>> 0, 2 * 8);
    const largeFile = scratch.path('reserved-2m.elf');
    buildDump(largeFile, { ...layoutGuest(0x100_0000), fill: 'none', cpus: [large.cpu], physicalWrites: large.writes });
    const largeDump = openDump(largeFile);
    try {
      const walk = cpuAddressSpace(largeDump).walk(0x40_1234n);
      expect(walk.kind === 'fault' && walk.fault.message).toMatch(/sets reserved bit\(s\) 17, 16 /);
    } finally {
      largeDump.close();
    }
    // PAE paging reserves bits 52 to 62, which IA-32e paging leaves to software
    for (const [mode, outcome] of [['pae', 'fault'], ['4-level', 'mapped']] as const) {
      const { file: software } = dumpWith(mode, mode === 'pae' ? 0x800n : 0xd01n, (tables) => {
        const leaf = tables.writes[tables.writes.length - 1].bytes;
        leaf.writeUInt32LE((leaf.readUInt32LE(4) | 0x0010_0000) >>> 0, 4); // bit 52
      });
      const softwareDump = openDump(software);
      try {
        expect({ mode, kind: cpuAddressSpace(softwareDump).walk(0x40_0000n).kind }).toEqual({ mode, kind: outcome });
      } finally {
        softwareDump.close();
      }
    }
    const { file: high } = dumpWith('4-level', 0xd01n, (tables) => {
      const leaf = tables.writes[tables.writes.length - 1].bytes;
      const index = 0; // 0x400000 is entry 0 of its page table
      leaf.writeUInt32LE((leaf.readUInt32LE(index * 8 + 4) | 0x80) >>> 0, index * 8 + 4); // physical bit 39
    });
    const wide = openDump(high);
    try {
      expect(cpuAddressSpace(wide).walk(0x40_0000n).kind).toBe('mapped');
      const narrow = cpuAddressSpace(wide, { physicalAddressBits: 39 }).walk(0x40_0000n);
      expect(narrow.kind === 'fault' && narrow.fault.reason).toBe('reserved-bit');
      expect(codeOf(() => cpuAddressSpace(wide, { physicalAddressBits: 60 }))).toBe('INVALID_ARGUMENT');
    } finally {
      wide.close();
    }
  });
});

describe('case 25: a Node Blob of a file above 4 GiB', () => {
  test('is refused naming Node\'s bug, never called truncated', async () => {
    const built = buildDump(scratch.path('five-gib.elf'), { ...layoutGuest(5 * 2 ** 30), fill: 'none' });
    const blob = await fs.openAsBlob(built.path);
    // Node's size is the true one modulo 2^32 (nodejs/node#52585): the mismatch is detected
    const error = await openDumpAsync(new BlobSource(blob, 'five-gib.elf')).catch((failure: VboxCoreError) => failure);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/exactly 1 x 4 GiB past the Blob's size.*nodejs\/node#52585.*openDumpAsync\(path\)/) });
    expect(codeOf(() => new BlobSource({ size: 3 * 2 ** 30, slice: () => ({ arrayBuffer: async () => new ArrayBuffer(0) }) }, 'big'))).toBe('FILE_UNREADABLE');
    // the path itself opens, whole
    const whole = await openDumpAsync(built.path);
    expect(whole.report.valid).toBe(true);
    await whole.close();
  });
});

describe('case 26: an address wider than paging-off translates has one name everywhere', () => {
  test('vtop says outside-address-width and read --vaddr ADDRESS_OUTSIDE_WIDTH', async () => {
    const vtop = await cli('vtop', sample, '0x100000000', '--mode', 'none', '--cr3', '0', '--json');
    expect(vtop.status).toBe(1);
    expect(JSON.parse(vtop.stdout).fault.reason).toBe('outside-address-width');
    const read = await cli('read', sample, '--vaddr', '0x100000000', '--length', '16', '--mode', 'none', '--cr3', '0');
    expect([read.status, read.stderr]).toEqual([1, expect.stringMatching(/^vboxcore: ADDRESS_OUTSIDE_WIDTH: 0x100000000 is wider than the 32 bits/)]);
  });
});
