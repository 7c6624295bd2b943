/**
 * `vboxcore view`: the browser viewer and one dump, served on the loopback interface only. The
 * page reads the dump with HTTP range requests, as it would slice a picked file; every URL holds
 * a random token, and requests naming another host are refused (DNS rebinding), so other pages
 * and other machines cannot read the dump.
 *
 * Memory is bounded whatever the clients do: a range is at most MAX_RANGE_BYTES, streamed in
 * chunks under back-pressure, one request at a time per connection (pipelined ones wait their
 * turn), at most MAX_CONNECTIONS connections, and connections that stall are closed.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { redactedUrl } from '../io/http-source';
import { isRemoteAddress } from '../io/remote-address';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import parseRangeHeader from 'range-parser';
import { VboxCoreError } from '../errors';
import { checkDumpPath, DUMP_OPEN_FLAGS, sizeOf, unreadable } from '../io/file-source';

/** The most one range response carries; a larger range is answered with its first part (RFC 9110 lets a client ask for the rest). */
export const MAX_RANGE_BYTES = 2 ** 20;
/** Bytes read from the dump and handed to a connection at a time. */
const CHUNK_BYTES = 64 * 1024;
/** Connections served at once; more are closed as they arrive. */
export const MAX_CONNECTIONS = 64;
/** A connection with no traffic either way for this long is closed (a client that stopped reading). */
const IDLE_MILLISECONDS = 30_000;

/** A running viewer server. */
export interface ViewServer {
  /** The page's address, with the dump's. */
  readonly url: string;
  /** Stops serving and closes the dump. */
  close(): Promise<void>;
}

/** Where the built viewer page is: beside the bundled CLI, or in dist/ above the compiled one. */
export function viewerPagePath(): string {
  const candidates = [path.resolve(__dirname, 'viewer.html'), path.resolve(__dirname, '..', '..', 'viewer.html'), path.resolve(__dirname, '..', '..', 'dist', 'viewer.html')];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) throw new VboxCoreError('INVALID_ARGUMENT', `the viewer page is not built (looked for ${candidates[1]}); run \`npm run build\``);
  return found;
}

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A byte range of the dump: [start, end], inclusive as in Content-Range. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * What a Range header asks of a dump of `size` bytes, by RFC 9110 (range-parser): one range,
 * clamped to the dump (`bytes=-16`, `bytes=16-`, an end past the dump) and to MAX_RANGE_BYTES;
 * 'unsatisfiable' for none inside it, 'refused' for syntax it does not know or several ranges.
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | 'refused' {
  const parsed = parseRangeHeader(size, header, { combine: true });
  if (parsed === -1) return 'unsatisfiable';
  if (parsed === -2 || parsed.type !== 'bytes' || parsed.length !== 1) return 'refused';
  const [{ start, end }] = parsed;
  return { start, end: Math.min(end, start + MAX_RANGE_BYTES - 1) };
}

/** Chunks being read or written, all connections together: a ceiling on what the server holds. */
const CHUNKS_IN_FLIGHT = MAX_CONNECTIONS;

/** Serves the viewer and the dump at `dumpPath` on 127.0.0.1 (`port` 0: any free port). */
export async function serveViewer(dumpPath: string, options: { port?: number; pagePath?: string } = {}): Promise<ViewServer> {
  checkDumpPath(dumpPath);
  // The page reads its dump over HTTP from this server; a server of a server's dump is not built yet.
  if (isRemoteAddress(dumpPath)) throw new VboxCoreError('INVALID_ARGUMENT', `vboxcore view serves a dump file of this machine, not ${redactedUrl(dumpPath)}: the other commands read it where it is`);
  const page = fs.readFileSync(options.pagePath ?? viewerPagePath());
  let descriptor: number;
  try {
    descriptor = fs.openSync(dumpPath, DUMP_OPEN_FLAGS);
  } catch (cause) {
    throw unreadable(dumpPath, cause);
  }
  let size: number;
  let etag: string;
  try {
    const stat = fs.fstatSync(descriptor);
    size = sizeOf(dumpPath, descriptor, stat);
    // The file the descriptor holds never changes name; its size and time say whether it changed.
    etag = `"${stat.ino.toString(16)}-${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  } catch (cause) {
    fs.closeSync(descriptor);
    throw cause instanceof VboxCoreError ? cause : unreadable(dumpPath, cause);
  }
  const token = randomBytes(16).toString('hex');
  let port = 0;
  const chunks = new ChunkBudget(CHUNKS_IN_FLIGHT);
  const queues = new WeakMap<Socket, Promise<void>>();

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const reply = (statusCode: number, headers: http.OutgoingHttpHeaders, body?: Uint8Array | string): Promise<void> =>
      new Promise((resolve) => {
        response.writeHead(statusCode, { ...SECURITY_HEADERS, ...headers });
        response.end(request.method === 'HEAD' ? undefined : body, () => resolve());
        response.once('close', () => resolve());
      });
    const hosts = request.rawHeaders.filter((_, index) => index % 2 === 0 && request.rawHeaders[index].toLowerCase() === 'host');
    if (hosts.length !== 1) return reply(400, { 'Content-Type': 'text/plain', Connection: 'close' }, 'a request has exactly one Host header (RFC 9112)\n');
    if (![`127.0.0.1:${port}`, `localhost:${port}`].includes(request.headers.host ?? '')) return reply(403, { 'Content-Type': 'text/plain' }, 'vboxcore view answers only requests for its own loopback address\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, { Allow: 'GET, HEAD' });
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === `/${token}/`) return reply(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length }, page);
    if (url.pathname !== `/${token}/dump`) return reply(404, { 'Content-Type': 'text/plain' }, 'not found\n');
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== '*' && !ifMatch.split(',').map((tag) => tag.trim()).includes(etag)) return reply(412, { ETag: etag, 'Content-Type': 'text/plain' }, 'the dump is not the one asked for (If-Match)\n');
    const rangeHeader = request.headers.range;
    const dumpHeaders = { 'Accept-Ranges': 'bytes', ETag: etag };
    if (rangeHeader === undefined) {
      // The size, for the page; the bytes are given only by ranges, never a 24 GB body.
      return request.method === 'HEAD' ? reply(200, { ...dumpHeaders, 'Content-Length': size, 'Content-Type': 'application/octet-stream' }) : reply(416, { ...dumpHeaders, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain' }, 'the dump is served by byte ranges only (a Range header)\n');
    }
    const range = parseRange(rangeHeader, size);
    if (typeof range === 'string') {
      const why = range === 'unsatisfiable' ? `no byte of the range lies inside the ${size}-byte dump` : 'one range of bytes (bytes=START-END, START- or -SUFFIX)';
      return reply(416, { ...dumpHeaders, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain' }, `${why}\n`);
    }
    const length = range.end - range.start + 1;
    response.writeHead(206, { ...SECURITY_HEADERS, ...dumpHeaders, 'Content-Type': 'application/octet-stream', 'Content-Length': length, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` });
    if (request.method === 'HEAD') return new Promise((resolve) => response.end(resolve));
    await streamRange(descriptor, range, response, chunks, dumpPath);
  };

  const server = http.createServer((request, response) => {
    // Pipelined requests on one connection are answered one after another, each when the one
    // before is sent: a client cannot make the server read ahead for responses it does not take.
    const socket = request.socket;
    const previous = queues.get(socket) ?? Promise.resolve();
    const turn = previous.then(() => (socket.destroyed ? undefined : handle(request, response))).catch(() => {
      if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS);
      response.destroy();
    });
    queues.set(socket, turn);
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.setTimeout(IDLE_MILLISECONDS, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      fs.closeSync(descriptor);
      reject(new VboxCoreError('INVALID_ARGUMENT', `cannot listen on 127.0.0.1:${options.port ?? 0}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`));
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const name = path.basename(dumpPath);
  return {
    url: `http://127.0.0.1:${port}/${token}/?dump=dump&name=${encodeURIComponent(name)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          fs.closeSync(descriptor);
          resolve();
        });
      }),
  };
}

/**
 * A counting semaphore over the chunks the server holds: a chunk is read only when one is free,
 * and freed once the connection has taken it (its write drained) or has gone away.
 */
class ChunkBudget {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.free++;
  }
}

/** Sends `range` of the dump in chunks, each read when the one before has drained into the socket. */
async function streamRange(descriptor: number, range: ByteRange, response: http.ServerResponse, chunks: ChunkBudget, dumpPath: string): Promise<void> {
  let position = range.start;
  while (position <= range.end && !response.destroyed) {
    await chunks.acquire();
    try {
      const length = Math.min(CHUNK_BYTES, range.end - position + 1);
      const bytes = Buffer.allocUnsafe(length);
      const bytesRead = await new Promise<number>((resolve, reject) => fs.read(descriptor, bytes, 0, length, position, (error, count) => (error === null ? resolve(count) : reject(error))));
      if (bytesRead !== length) throw new Error(`${dumpPath}: the file shrank while being served (end at ${position + bytesRead})`);
      position += length;
      if (!response.write(bytes)) await drained(response);
    } finally {
      chunks.release();
    }
  }
  if (!response.destroyed) await new Promise<void>((resolve) => response.end(resolve));
}

/** Resolves when the response can take more, or is gone. */
function drained(response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * A page, readable by this user only, that sends a browser to `url`: started with its path, the
 * browser never has the secret address on its command line, where every local user could read it
 * (`ps`). Removed when the server stops.
 */
export function writeLaunchPage(url: string): { path: string; remove: () => void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-view-'));
  const file = path.join(folder, 'open-viewer.html');
  const target = url.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  fs.writeFileSync(file, `<!doctype html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0;url=${target}">\n<title>vboxcore viewer</title>\n<p><a href="${target}">Open the vboxcore viewer</a></p>\n`, { mode: 0o600 });
  return { path: file, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}
