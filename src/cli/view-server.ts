/**
 * `vboxcore view`: the browser viewer and one dump, served on the loopback interface only. The
 * page reads the dump with HTTP range requests, as it would slice a picked file; every URL holds
 * a random token, and requests naming another host are refused (DNS rebinding), so other pages
 * and other machines cannot read the dump.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { VboxCoreError } from '../errors';
import { checkDumpPath, DUMP_OPEN_FLAGS, sizeOf, unreadable } from '../io/file-source';

/** The most one range request may ask for (the viewer asks for pages and tables). */
export const MAX_RANGE_BYTES = 64 * 2 ** 20;

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

/** Parses a single `bytes=START-END` range within `size`; null when it is anything else. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d{1,16})-(\d{1,16})$/.exec(header.trim());
  if (match === null) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || end >= size || end - start + 1 > MAX_RANGE_BYTES) return null;
  return { start, end };
}

/** Serves the viewer and the dump at `dumpPath` on 127.0.0.1 (`port` 0: any free port). */
export async function serveViewer(dumpPath: string, options: { port?: number; pagePath?: string } = {}): Promise<ViewServer> {
  checkDumpPath(dumpPath);
  const page = fs.readFileSync(options.pagePath ?? viewerPagePath());
  let descriptor: number;
  try {
    descriptor = fs.openSync(dumpPath, DUMP_OPEN_FLAGS);
  } catch (cause) {
    throw unreadable(dumpPath, cause);
  }
  let size: number;
  try {
    size = sizeOf(dumpPath, descriptor, fs.fstatSync(descriptor));
  } catch (cause) {
    fs.closeSync(descriptor);
    throw cause instanceof VboxCoreError ? cause : unreadable(dumpPath, cause);
  }
  const token = randomBytes(16).toString('hex');
  let port = 0;
  const server = http.createServer((request, response) => {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const reply = (statusCode: number, headers: http.OutgoingHttpHeaders, body?: Uint8Array | string): void => {
      response.writeHead(statusCode, { ...SECURITY_HEADERS, ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (!allowedHosts.includes(request.headers.host ?? '')) return reply(403, { 'Content-Type': 'text/plain' }, 'vboxcore view answers only requests for its own loopback address\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, { Allow: 'GET, HEAD' });
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (url.pathname === `/${token}/`) return reply(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length }, page);
    if (url.pathname !== `/${token}/dump`) return reply(404, { 'Content-Type': 'text/plain' }, 'not found\n');
    const rangeHeader = request.headers.range;
    if (rangeHeader === undefined) {
      // The size, for the page; the bytes are given only by ranges, never a 24 GB body.
      return request.method === 'HEAD' ? reply(200, { 'Content-Length': size, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' }) : reply(416, { 'Content-Range': `bytes */${size}` });
    }
    const range = parseRange(rangeHeader, size);
    if (range === null) return reply(416, { 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain' }, `one range inside the ${size}-byte dump, at most ${MAX_RANGE_BYTES} bytes\n`);
    const length = range.end - range.start + 1;
    const bytes = Buffer.allocUnsafe(length);
    fs.read(descriptor, bytes, 0, length, range.start, (error, bytesRead) => {
      if (error !== null || bytesRead !== length) return reply(500, { 'Content-Type': 'text/plain' }, `${dumpPath}: read failed at ${range.start}${error === null ? ' (the file shrank)' : `: ${error.message}`}\n`);
      reply(206, { 'Content-Type': 'application/octet-stream', 'Content-Length': length, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Accept-Ranges': 'bytes' }, bytes);
    });
  });
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
