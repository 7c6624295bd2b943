/**
 * A dump read over HTTP(S) with byte-range requests, in Node (its fetch) and in a browser alike:
 * `vboxcore view`'s page reads its dump this way, and so can the library and the CLI. Nothing of
 * an answer is used before it is checked: the status, the Content-Range (the bytes asked for, of
 * the object first seen), the length, and the body read as it arrives, never past what was asked.
 * Every request has a deadline; failures that may pass (the network, a timeout, a 5xx) are tried
 * again a few times. The object is pinned by its ETag (or Last-Modified) from the first answer
 * on, so the bytes of two versions are never mixed.
 */
import { VboxCoreError } from '../errors';
import type { AsyncByteSource } from './async-source';
import { checkWindow } from './byte-source';
import { readInRanges } from './ranged-reads';

/** How an HttpSource asks. */
export interface HttpSourceOptions {
  /** The dump's name in messages; by default the address without credentials or query. */
  readonly name?: string;
  /** Milliseconds one request may take, its headers and body together (default 30,000). */
  readonly timeoutMs?: number;
  /** Further tries after a network failure, a timeout or a 5xx answer (default 2), after 0.25 s, 0.5 s... */
  readonly retries?: number;
  /** The most one request asks for (default 8 MiB): a longer read is split into requests. */
  readonly maxRequestBytes?: number;
  /** Requests one read keeps in flight at most (default 4). */
  readonly parallel?: number;
  /** Headers sent with every request (an Authorization, say); never printed. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch function (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** What the first answer reads: the object's first bytes. One request tells the size too. */
const OPEN_BYTES = 64 * 1024;
const DEFAULTS = { timeoutMs: 30_000, retries: 2, maxRequestBytes: 8 * 2 ** 20, parallel: 4 } as const;
const RETRY_BASE_MILLISECONDS = 250;

/** An address as messages may show it: no user name or password, no query (a signature lives there). */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search === '' ? '' : '?...'}`;
  } catch {
    return '(an address that does not parse)';
  }
}

/** A failure worth another try: the network, a deadline, a server error. */
class Transient extends Error {
  constructor(readonly failure: VboxCoreError) {
    super(failure.message);
  }
}

interface ContentRange {
  readonly start: number;
  readonly end: number;
  /** The object's size; null for `*`. */
  readonly size: number | null;
}

/** `bytes START-END/SIZE`, or 'unsatisfied' for `bytes *` + `/SIZE`; null for anything else (or numbers past 2^53). */
export function parseContentRange(header: string | null): ContentRange | 'unsatisfied' | null {
  if (header === null) return null;
  const unsatisfied = /^bytes \*\/([0-9]{1,16})$/.exec(header.trim());
  if (unsatisfied !== null) return Number.isSafeInteger(Number(unsatisfied[1])) ? 'unsatisfied' : null;
  const match = /^bytes ([0-9]{1,16})-([0-9]{1,16})\/([0-9]{1,16}|\*)$/.exec(header.trim());
  if (match === null) return null;
  const [start, end] = [Number(match[1]), Number(match[2])];
  const size = match[3] === '*' ? null : Number(match[3]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start || (size !== null && (!Number.isSafeInteger(size) || end >= size))) return null;
  return { start, end, size };
}

/** The size an unsatisfied-range answer (`bytes *` + `/SIZE`) gives. */
function unsatisfiedSize(header: string): number {
  return Number(/([0-9]+)\s*$/.exec(header)![1]);
}

/** Content-Length as a whole number of bytes, null when absent; 'bad' for anything else (negative, past 2^53, text). */
function contentLength(response: Response): number | null | 'bad' {
  const header = response.headers.get('content-length');
  if (header === null) return null;
  if (!/^[0-9]{1,16}$/.test(header.trim())) return 'bad';
  const value = Number(header.trim());
  return Number.isSafeInteger(value) ? value : 'bad';
}

/**
 * A dump at an http:// or https:// address, read with range requests. `open` makes one request,
 * which tells the size and brings the first 64 KiB (a dump's headers and notes, usually).
 */
export class HttpSource implements AsyncByteSource {
  /** Bytes of the dump received so far. */
  bytesRead = 0;
  /** Reads asked of the source so far. */
  readCount = 0;
  /** HTTP requests made so far, retries included. */
  requestCount = 0;
  private closed = false;
  private readonly settings: Required<Omit<HttpSourceOptions, 'name' | 'headers' | 'fetch'>>;

  private constructor(
    private readonly url: string,
    readonly path: string,
    readonly size: number,
    private readonly head: Uint8Array,
    private readonly validator: { readonly etag: string | null; readonly lastModified: string | null },
    private readonly options: HttpSourceOptions,
  ) {
    this.settings = { ...DEFAULTS, ...definedOnly(options) };
  }

  /** Opens the dump at `url`: one ranged GET, which must answer with its size. */
  static async open(url: string, options: HttpSourceOptions = {}): Promise<HttpSource> {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw new VboxCoreError('INVALID_ARGUMENT', `HttpSource reads http:// and https:// addresses, not ${typeof url === 'string' ? JSON.stringify(redactedUrl(url)) : typeof url}`);
    checkOptions(options);
    const name = options.name ?? redactedUrl(url);
    // fetch refuses addresses with credentials in them: they go in an Authorization header instead.
    const { address, authorization } = withoutCredentials(url);
    if (authorization !== null && !Object.keys(options.headers ?? {}).some((header) => header.toLowerCase() === 'authorization')) options = { ...options, headers: { ...options.headers, Authorization: authorization } };
    url = address;
    const opener = new HttpSource(url, name, 0, new Uint8Array(0), { etag: null, lastModified: null }, options);
    return opener.attempts(async (signal) => {
      const response = await opener.request(`bytes=0-${OPEN_BYTES - 1}`, signal);
      const validator = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
      if (response.status === 416) {
        const header = response.headers.get('content-range');
        if (header !== null && parseContentRange(header) === 'unsatisfied' && unsatisfiedSize(header) === 0) {
          await response.body?.cancel();
          return new HttpSource(url, name, 0, new Uint8Array(0), validator, options);
        }
        throw opener.badResponse(response, 'answered HTTP 416 to a range starting at 0 without saying the object is empty');
      }
      if (response.status === 200) {
        // A server without ranges: usable only when the whole object is this one small answer.
        const length = contentLength(response);
        if (length === null || length === 'bad' || length > OPEN_BYTES) throw opener.badResponse(response, `does not answer byte-range requests (HTTP 200 with ${length === null || length === 'bad' ? 'the whole object' : `all ${length} bytes`}); vboxcore reads dumps in place, never whole`);
        const bytes = new Uint8Array(length);
        await opener.readBody(response, bytes, signal);
        return new HttpSource(url, name, length, bytes, validator, options);
      }
      opener.checkStatus(response, 206);
      const range = parseContentRange(response.headers.get('content-range'));
      if (range === null || range === 'unsatisfied' || range.start !== 0 || range.size === null) throw opener.badResponse(response, `answered bytes=0-${OPEN_BYTES - 1} with Content-Range ${JSON.stringify(response.headers.get('content-range'))} (expected bytes 0-END/SIZE)`);
      const head = new Uint8Array(range.end + 1);
      opener.checkLength(response, head.length);
      await opener.readBody(response, head, signal);
      return new HttpSource(url, name, range.size, head, validator, options);
    });
  }

  async readInto(target: Uint8Array, fileOffset: number): Promise<void> {
    checkWindow(this, fileOffset, target.length);
    if (this.closed) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    this.readCount += 1;
    await readInRanges(target, fileOffset, this.head, this.settings, (offset, piece) => this.readRange(offset, piece));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Fills `target` with the bytes at `fileOffset`, asking again for what a partial answer left out. */
  private async readRange(fileOffset: number, target: Uint8Array): Promise<void> {
    let done = 0;
    while (done < target.length) {
      const start = fileOffset + done;
      const end = fileOffset + target.length - 1;
      done += await this.attempts(async (signal) => {
        const response = await this.request(`bytes=${start}-${end}`, signal);
        if (response.status === 412) throw this.changed(response, 'answers HTTP 412: the object no longer matches its ETag or date');
        this.checkSameObject(response);
        this.checkStatus(response, 206);
        const range = parseContentRange(response.headers.get('content-range'));
        if (range === 'unsatisfied' || (range !== null && range.size !== null && range.size !== this.size)) throw this.changed(response, `now gives the object's size as ${range === 'unsatisfied' ? unsatisfiedSize(response.headers.get('content-range')!) : range.size}, not ${this.size}`);
        if (range === null || range.start !== start || range.end > end) throw this.badResponse(response, `answered bytes=${start}-${end} with Content-Range ${JSON.stringify(response.headers.get('content-range'))}`);
        const length = range.end - range.start + 1;
        this.checkLength(response, length);
        await this.readBody(response, target.subarray(done, done + length), signal);
        return length;
      });
    }
  }

  /** One GET with the range, the pinned validator and the caller's headers. */
  private async request(range: string, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { ...this.options.headers, Range: range, 'Accept-Encoding': 'identity' };
    const { etag, lastModified } = this.validator;
    if (etag !== null && !etag.startsWith('W/')) headers['If-Match'] = etag;
    else if (lastModified !== null) headers['If-Unmodified-Since'] = lastModified;
    this.requestCount += 1;
    const fetcher = this.options.fetch ?? fetch;
    try {
      return await fetcher(this.url, { headers, signal, redirect: 'follow' });
    } catch (cause) {
      if (signal.aborted) throw this.timeout();
      throw new Transient(new VboxCoreError('REMOTE_UNREACHABLE', `${this.path}: cannot reach the server: ${describeFailure(cause, this.url)}`));
    }
  }

  /** Runs `body` with a deadline, again after transient failures, with growing waits. */
  private async attempts<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
      try {
        return await body(controller.signal);
      } catch (error) {
        const failure = error instanceof Transient ? error : controller.signal.aborted ? this.timeout() : null;
        if (failure === null) throw error;
        if (attempt >= this.settings.retries) throw failure.failure;
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_BASE_MILLISECONDS * 2 ** attempt, 4000)));
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    }
  }

  /** Reads a body into `target` as it arrives: exactly its length, or an error; never more. */
  private async readBody(response: Response, target: Uint8Array, signal: AbortSignal): Promise<void> {
    if (response.body === null) {
      if (target.length === 0) return;
      throw this.badResponse(response, `has no body, where ${target.length} bytes were due`);
    }
    const reader = response.body.getReader();
    let position = 0;
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (cause) {
          if (signal.aborted) throw this.timeout();
          throw new Transient(new VboxCoreError('REMOTE_UNREACHABLE', `${this.path}: the answer broke off after ${position} of ${target.length} bytes: ${describeFailure(cause, this.url)}`));
        }
        if (chunk.done) break;
        if (position + chunk.value.length > target.length) throw this.badResponse(response, `sent more than the ${target.length} bytes asked for`);
        target.set(chunk.value, position);
        position += chunk.value.length;
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
    if (position < target.length) throw new Transient(new VboxCoreError('REMOTE_BAD_RESPONSE', `${this.path}: the answer ended after ${position} of ${target.length} bytes`));
    this.bytesRead += target.length;
  }

  private checkStatus(response: Response, expected: number): void {
    if (response.status === expected) return;
    const status = response.status;
    const said = `${this.path}: the server answered HTTP ${status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
    void response.body?.cancel().catch(() => undefined);
    if (status === 404 || status === 410) throw new VboxCoreError('REMOTE_NOT_FOUND', `${said}: there is no such dump`);
    if (status === 401 || status === 403) throw new VboxCoreError('REMOTE_FORBIDDEN', `${said}: it refuses to give the dump (credentials missing or not allowed)`);
    if (status >= 500 || status === 429 || status === 408) throw new Transient(new VboxCoreError('REMOTE_UNREACHABLE', `${said}, again after ${this.settings.retries} retries`));
    if (status === 200) throw this.badResponse(response, 'ignored the byte range and began sending the whole object');
    throw this.badResponse(response, `where ${expected} was due`);
  }

  private checkLength(response: Response, expected: number): void {
    const length = contentLength(response);
    if (length === 'bad') throw this.badResponse(response, `gave Content-Length ${JSON.stringify(response.headers.get('content-length'))}, not a number of bytes`);
    if (length !== null && length !== expected) throw this.badResponse(response, `gave Content-Length ${length} for ${expected} bytes`);
  }

  /** An answer for another version of the object than the one opened. */
  private checkSameObject(response: Response): void {
    const etag = response.headers.get('etag');
    if (this.validator.etag !== null && etag !== null && etag !== this.validator.etag) throw this.changed(response, `now has ETag ${etag}, not ${this.validator.etag}`);
  }

  private badResponse(response: Response, what: string): VboxCoreError {
    void response.body?.cancel().catch(() => undefined);
    return new VboxCoreError('REMOTE_BAD_RESPONSE', `${this.path}: the server ${what} (HTTP ${response.status})`);
  }

  private changed(response: Response, what: string): VboxCoreError {
    void response.body?.cancel().catch(() => undefined);
    return new VboxCoreError('REMOTE_CHANGED', `${this.path}: the dump changed while it was read: the server ${what}`);
  }

  private timeout(): Transient {
    return new Transient(new VboxCoreError('REMOTE_TIMEOUT', `${this.path}: the server did not answer within ${this.settings.timeoutMs} ms`));
  }
}

/** An address without its user name and password, and those as a Basic Authorization header (null when there are none). */
function withoutCredentials(url: string): { address: string; authorization: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VboxCoreError('INVALID_ARGUMENT', `${redactedUrl(url)} is not an address`);
  }
  if (parsed.username === '' && parsed.password === '') return { address: url, authorization: null };
  const credentials = new TextEncoder().encode(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`);
  parsed.username = '';
  parsed.password = '';
  return { address: parsed.href, authorization: `Basic ${btoa(String.fromCharCode(...credentials))}` };
}

/** The options given, without the undefined ones (which would override the defaults). */
function definedOnly(options: HttpSourceOptions): Partial<typeof DEFAULTS> {
  const { timeoutMs, retries, maxRequestBytes, parallel } = options;
  return Object.fromEntries(Object.entries({ timeoutMs, retries, maxRequestBytes, parallel }).filter(([, value]) => value !== undefined));
}

function checkOptions(options: HttpSourceOptions): void {
  if (typeof options !== 'object' || options === null) throw new VboxCoreError('INVALID_ARGUMENT', 'HttpSource options are an object');
  const whole = (name: keyof typeof DEFAULTS, minimum: number): void => {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= minimum)) throw new VboxCoreError('INVALID_ARGUMENT', `HttpSource option ${name} is a whole number of at least ${minimum}, not ${String(value)}`);
  };
  whole('timeoutMs', 1);
  whole('retries', 0);
  whole('maxRequestBytes', 1);
  whole('parallel', 1);
}

/**
 * What a failed fetch says, with the system's reason where Node gives one (ECONNREFUSED, a
 * redirect loop...), and never the address itself (it may hold credentials). Read by shape, not
 * by class: errors may come from another realm.
 */
function describeFailure(cause: unknown, url: string): string {
  const field = (value: unknown, name: string): string | undefined => {
    const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
    return typeof found === 'string' ? found : undefined;
  };
  const message = field(cause, 'message') ?? String(cause);
  const inner = typeof cause === 'object' && cause !== null ? (cause as { cause?: unknown }).cause : undefined;
  const reason = field(inner, 'code') ?? field(inner, 'message');
  const text = reason === undefined || message.includes(reason) ? message : `${message} (${reason})`;
  return text.split(url).join(redactedUrl(url));
}
