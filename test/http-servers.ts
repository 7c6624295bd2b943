/**
 * HTTP servers for the remote-source tests, on 127.0.0.1: an honest one serving a file by byte
 * ranges (with an ETag, counting requests and bytes), and raw ones that answer however a test
 * says, down to the bytes on the socket (wrong ranges, endless or short bodies, resets, silence).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import parseRangeHeader from 'range-parser';

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** Requests received so far. */
  readonly requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  /** Body bytes sent so far. */
  bytesSent: number;
  close(): Promise<void>;
}

/** What the honest server can be told to do differently. */
export interface FileServerOptions {
  /** Milliseconds added before every answer (object storage's latency). */
  readonly delayMs?: number;
  /** The ETag to send, or null for none (default: one from the file's size and time). */
  readonly etag?: string | null;
  /** Ignore If-Match (a server that does not pin versions). */
  readonly ignoreIfMatch?: boolean;
  /** Answer this status instead, for requests the predicate picks. */
  readonly fail?: (request: http.IncomingMessage, index: number) => number | null;
}

/**
 * Serves the file `file` names for each request's path (read anew at each request, so a test can
 * replace it) by byte ranges, as a static file server does; a file that does not exist is 404.
 */
export async function fileServer(file: (requestPath: string) => string, options: FileServerOptions = {}): Promise<RunningServer> {
  const state: { requests: RunningServer['requests']; bytesSent: number } = { requests: [], bytesSent: 0 };
  const server = http.createServer((request, response) => {
    const index = state.requests.length;
    state.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const answer = (): void => {
      const failure = options.fail?.(request, index) ?? null;
      if (failure !== null) {
        response.writeHead(failure, { 'Content-Type': 'text/plain' });
        response.end(`status ${failure}\n`);
        return;
      }
      const path = file(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
      const stat = fs.statSync(path, { throwIfNoEntry: false });
      if (stat === undefined || !stat.isFile()) {
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end('no such file\n');
        return;
      }
      const etag = options.etag === undefined ? `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"` : options.etag;
      const headers: http.OutgoingHttpHeaders = { 'Accept-Ranges': 'bytes', ...(etag === null ? {} : { ETag: etag }), 'Last-Modified': stat.mtime.toUTCString() };
      const ifMatch = request.headers['if-match'];
      if (!options.ignoreIfMatch && ifMatch !== undefined && etag !== null && ifMatch !== etag) {
        response.writeHead(412, headers);
        response.end();
        return;
      }
      const ranges = request.headers.range === undefined ? null : parseRangeHeader(stat.size, request.headers.range);
      if (ranges === -1) {
        response.writeHead(416, { ...headers, 'Content-Range': `bytes */${stat.size}` });
        response.end();
        return;
      }
      const range = ranges === null || ranges === -2 ? { start: 0, end: stat.size - 1 } : ranges[0];
      const length = Math.max(0, range.end - range.start + 1);
      response.writeHead(ranges === null || ranges === -2 ? 200 : 206, { ...headers, 'Content-Length': length, ...(ranges === null || ranges === -2 ? {} : { 'Content-Range': `bytes ${range.start}-${range.end}/${stat.size}` }) });
      if (request.method === 'HEAD' || length === 0) {
        response.end();
        return;
      }
      const stream = fs.createReadStream(path, { start: range.start, end: range.end });
      stream.on('data', (chunk) => (state.bytesSent += chunk.length));
      stream.pipe(response);
    };
    if (options.delayMs === undefined) answer();
    else setTimeout(answer, options.delayMs);
  });
  return listen(server, state);
}

/** A server whose every connection is handed to `onConnection`, which writes whatever bytes it likes. */
export async function rawServer(onConnection: (socket: net.Socket, request: string, index: number) => void): Promise<RunningServer> {
  const state: { requests: RunningServer['requests']; bytesSent: number } = { requests: [], bytesSent: 0 };
  const server = net.createServer((socket) => {
    let received = '';
    let answered = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (answered || !received.includes('\r\n\r\n')) return;
      answered = true;
      const [head] = received.split('\r\n\r\n');
      const [requestLine, ...headerLines] = head.split('\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const [method, url] = requestLine.split(' ');
      state.requests.push({ method, url, headers });
      const write = socket.write.bind(socket);
      socket.write = ((data: string | Uint8Array, ...rest: unknown[]) => {
        state.bytesSent += typeof data === 'string' ? Buffer.byteLength(data, 'latin1') : data.length;
        return (write as (...args: unknown[]) => boolean)(data, ...rest);
      }) as typeof socket.write;
      onConnection(socket, head, state.requests.length - 1);
    });
  });
  return listen(server, state);
}

async function listen(server: http.Server | net.Server, state: { requests: RunningServer['requests']; bytesSent: number }): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get bytesSent() {
      return state.bytesSent;
    },
    set bytesSent(value: number) {
      state.bytesSent = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The Range header of a raw request, as [start, end]. */
export function requestedRange(request: string): [number, number] {
  const match = /\r\nrange: bytes=(\d+)-(\d+)/i.exec(request);
  if (match === null) throw new Error(`no range in ${JSON.stringify(request)}`);
  return [Number(match[1]), Number(match[2])];
}
