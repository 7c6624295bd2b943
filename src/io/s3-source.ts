/**
 * A dump in S3 or an S3-compatible store (MinIO, Ceph, R2...), `s3://bucket/key`, read in place
 * with ranged GetObject requests through the AWS SDK for JavaScript v3, which brings the standard
 * credential chain (environment, profile, SSO, instance role), the region, its retries of
 * throttling and 5xx answers, and the endpoint override for other stores (`AWS_ENDPOINT_URL_S3`
 * or `AWS_ENDPOINT_URL`; path-style addressing then, which those stores expect).
 *
 * The SDK is an optional peer dependency: `npm install @aws-sdk/client-s3` where s3:// is used.
 * Every answer is checked as HttpSource checks its own: the range given is the range asked for,
 * the length is the length asked for, and the ETag is the one seen at open (sent as If-Match;
 * compared too, for stores that ignore If-Match), so bytes of two versions are never mixed.
 */
import { VboxCoreError } from '../errors';
import type { AsyncByteSource } from './async-source';
import { checkWindow } from './byte-source';
import { readInRanges } from './ranged-reads';
import { parseContentRange } from './http-source';

/** How an S3Source asks. */
export interface S3SourceOptions {
  /** Milliseconds one request may take (default 30,000). */
  readonly timeoutMs?: number;
  /** The most one request asks for (default 8 MiB): a longer read is split into requests. */
  readonly maxRequestBytes?: number;
  /** Requests one read keeps in flight at most (default 4). */
  readonly parallel?: number;
}

const OPEN_BYTES = 64 * 1024;
const DEFAULTS = { timeoutMs: 30_000, maxRequestBytes: 8 * 2 ** 20, parallel: 4 } as const;

/** Where an object is in S3. */
export interface S3Location {
  /** The bucket's name. */
  readonly bucket: string;
  /** The object's key in it. */
  readonly key: string;
}

/** `s3://bucket/key` split; null for anything else. */
export function parseS3Address(address: string): S3Location | null {
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(address);
  return match === null ? null : { bucket: match[1], key: match[2] };
}

/** What vboxcore uses of the SDK, declared here: its own declarations are megabytes that every type check (and ts-jest, in every test process that loads this module) would otherwise read. */
interface S3Module {
  S3Client: new (configuration: object) => S3Client;
  GetObjectCommand: new (input: object) => object;
  ListObjectsV2Command: new (input: object) => object;
}
interface S3Client {
  send(command: object): Promise<unknown>;
}
/** The SDK's package name, not a literal in import(): nothing resolves its types at build time, and bundles leave it to the user's installation. */
const SDK_PACKAGE = '@aws-sdk/client-s3';

let s3Module: S3Module | null = null;

/** The SDK, loaded where s3:// is first used; a clear error where it is not installed. */
async function loadSdk(): Promise<S3Module> {
  if (s3Module !== null) return s3Module;
  // The SDK warns on every start under Node 20 that later releases will need 22: vboxcore pins a
  // release that runs on 20, and a warning on standard error would spoil one-line errors and --json.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    s3Module = (await import(SDK_PACKAGE)) as S3Module;
  } catch {
    throw new VboxCoreError('INVALID_ARGUMENT', 's3:// addresses are read through the AWS SDK, which is not installed here: npm install @aws-sdk/client-s3');
  }
  return s3Module;
}

/** One client per process: it keeps connections open between dumps. */
let sharedClient: S3Client | null = null;

function client(sdk: S3Module, timeoutMs: number): S3Client {
  if (sharedClient !== null) return sharedClient;
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  sharedClient = new sdk.S3Client({
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    // Another store than AWS often has no region of its own; the SDK refuses to sign without one.
    ...(endpoint !== undefined && process.env.AWS_REGION === undefined && process.env.AWS_DEFAULT_REGION === undefined ? { region: 'us-east-1' } : {}),
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000) },
  });
  return sharedClient;
}

/** An SDK failure named as vboxcore names remote failures; the message never holds credentials. */
function remoteFailure(name: string, error: unknown): VboxCoreError {
  const failure = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const kind = failure.name ?? '';
  const status = failure.$metadata?.httpStatusCode;
  const said = `${name}: ${kind === '' ? '' : `${kind}: `}${(failure.message ?? String(error)).replace(/\.$/, '')}`;
  if (error instanceof VboxCoreError) return error;
  if (kind === 'NoSuchKey' || kind === 'NoSuchBucket' || kind === 'NotFound' || status === 404) return new VboxCoreError('REMOTE_NOT_FOUND', `${said}: there is no such dump`);
  if (kind === 'CredentialsProviderError') return new VboxCoreError('REMOTE_FORBIDDEN', `${name}: no AWS credentials were found (environment, profile, SSO or instance role)`);
  if (kind === 'AccessDenied' || kind === 'InvalidAccessKeyId' || kind === 'SignatureDoesNotMatch' || kind === 'Forbidden' || status === 403 || status === 401) return new VboxCoreError('REMOTE_FORBIDDEN', `${said}: the store refuses to give the dump (credentials missing or not allowed)`);
  if (kind === 'PreconditionFailed' || status === 412) return new VboxCoreError('REMOTE_CHANGED', `${name}: the dump changed while it was read: the store answers 412, the object no longer matches its ETag`);
  if (kind === 'TimeoutError' || kind === 'AbortError' || failure.code === 'ETIMEDOUT') return new VboxCoreError('REMOTE_TIMEOUT', `${name}: the store did not answer in time, retries included`);
  if (kind === 'Error' && /region/i.test(failure.message ?? '')) return new VboxCoreError('INVALID_ARGUMENT', `${name}: no AWS region is set (AWS_REGION, or a profile's region)`);
  return new VboxCoreError('REMOTE_UNREACHABLE', `${said}`);
}

export class S3Source implements AsyncByteSource {
  /** Requests made so far (the SDK's own retries apart). */
  requestCount = 0;
  /** Bytes of the dump received so far. */
  bytesRead = 0;
  private closed = false;

  private constructor(
    private readonly sdk: S3Module,
    private readonly s3: S3Client,
    private readonly location: { readonly bucket: string; readonly key: string },
    readonly path: string,
    readonly size: number,
    private readonly head: Uint8Array,
    private readonly etag: string | null,
    private readonly settings: Required<S3SourceOptions>,
  ) {}

  /** Opens `s3://bucket/key`: one ranged GET, which tells the size and the ETag and brings the first 64 KiB. */
  static async open(address: string, options: S3SourceOptions = {}): Promise<S3Source> {
    const location = parseS3Address(address);
    if (location === null) throw new VboxCoreError('INVALID_ARGUMENT', `${address} is not an s3://bucket/key address`);
    const settings = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) } as Required<S3SourceOptions>;
    const sdk = await loadSdk();
    const s3 = client(sdk, settings.timeoutMs);
    let answer: { ContentRange?: string; ETag?: string; ContentLength?: number; Body?: unknown };
    try {
      answer = (await s3.send(new sdk.GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: `bytes=0-${OPEN_BYTES - 1}` }))) as typeof answer;
    } catch (error) {
      // An empty object has no byte 0: S3 answers 416 InvalidRange. Its size says so.
      if ((error as { name?: string }).name === 'InvalidRange') return new S3Source(sdk, s3, location, address, 0, new Uint8Array(0), null, settings);
      throw remoteFailure(address, error);
    }
    const range = parseContentRange(answer.ContentRange ?? null);
    const opener = new S3Source(sdk, s3, location, address, 0, new Uint8Array(0), answer.ETag ?? null, settings);
    if (range === null || range === 'unsatisfied' || range.start !== 0 || range.size === null) throw new VboxCoreError('REMOTE_BAD_RESPONSE', `${address}: the store answered bytes=0-${OPEN_BYTES - 1} with Content-Range ${JSON.stringify(answer.ContentRange ?? null)} (expected bytes 0-END/SIZE)`);
    const head = new Uint8Array(range.end + 1);
    await opener.readBody(answer.Body, head, answer.ContentLength);
    return new S3Source(sdk, s3, location, address, range.size, head, answer.ETag ?? null, settings);
  }

  async readInto(target: Uint8Array, fileOffset: number): Promise<void> {
    checkWindow(this, fileOffset, target.length);
    if (this.closed) throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the dump is closed`);
    await readInRanges(target, fileOffset, this.head, this.settings, (offset, piece) => this.readRange(offset, piece));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async readRange(fileOffset: number, target: Uint8Array): Promise<void> {
    const end = fileOffset + target.length - 1;
    this.requestCount += 1;
    let answer: { ContentRange?: string; ETag?: string; ContentLength?: number; Body?: unknown };
    try {
      answer = (await this.s3.send(new this.sdk.GetObjectCommand({ Bucket: this.location.bucket, Key: this.location.key, Range: `bytes=${fileOffset}-${end}`, ...(this.etag === null ? {} : { IfMatch: this.etag }) }))) as typeof answer;
    } catch (error) {
      throw remoteFailure(this.path, error);
    }
    if (this.etag !== null && answer.ETag !== undefined && answer.ETag !== this.etag) {
      throw new VboxCoreError('REMOTE_CHANGED', `${this.path}: the dump changed while it was read: the store now gives ETag ${answer.ETag}, not ${this.etag}`);
    }
    const range = parseContentRange(answer.ContentRange ?? null);
    if (range !== null && range !== 'unsatisfied' && range.size !== null && range.size !== this.size) throw new VboxCoreError('REMOTE_CHANGED', `${this.path}: the dump changed while it was read: the store now gives its size as ${range.size}, not ${this.size}`);
    if (range === null || range === 'unsatisfied' || range.start !== fileOffset || range.end !== end) throw new VboxCoreError('REMOTE_BAD_RESPONSE', `${this.path}: the store answered bytes=${fileOffset}-${end} with Content-Range ${JSON.stringify(answer.ContentRange ?? null)}`);
    await this.readBody(answer.Body, target, answer.ContentLength);
  }

  /** Reads a body into `target` as it arrives: exactly its length, or an error; never more. */
  private async readBody(body: unknown, target: Uint8Array, declaredLength: number | undefined): Promise<void> {
    if (declaredLength !== undefined && declaredLength !== target.length) throw new VboxCoreError('REMOTE_BAD_RESPONSE', `${this.path}: the store gave Content-Length ${declaredLength} for ${target.length} bytes`);
    let position = 0;
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        if (position + chunk.length > target.length) throw new VboxCoreError('REMOTE_BAD_RESPONSE', `${this.path}: the store sent more than the ${target.length} bytes asked for`);
        target.set(chunk, position);
        position += chunk.length;
      }
    } catch (error) {
      if (error instanceof VboxCoreError) throw error;
      throw new VboxCoreError('REMOTE_UNREACHABLE', `${this.path}: the answer broke off after ${position} of ${target.length} bytes: ${(error as Error).message}`);
    } finally {
      (body as { destroy?: () => void } | undefined)?.destroy?.();
    }
    if (position < target.length) throw new VboxCoreError('REMOTE_BAD_RESPONSE', `${this.path}: the answer ended after ${position} of ${target.length} bytes`);
    this.bytesRead += target.length;
  }
}

/** The keys under `s3://bucket/prefix/`, as s3:// addresses, in the store's order (by key). */
export async function listS3Prefix(address: string): Promise<string[]> {
  const match = /^s3:\/\/([^/]+)\/(.*)$/i.exec(address);
  if (match === null) throw new VboxCoreError('INVALID_ARGUMENT', `${address} is not an s3://bucket/prefix/ address`);
  const [, bucket, prefix] = match;
  const sdk = await loadSdk();
  const s3 = client(sdk, DEFAULTS.timeoutMs);
  const addresses: string[] = [];
  let token: string | undefined;
  do {
    let page: { Contents?: { Key?: string }[]; IsTruncated?: boolean; NextContinuationToken?: string };
    try {
      page = (await s3.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))) as typeof page;
    } catch (error) {
      throw remoteFailure(address, error);
    }
    for (const entry of page.Contents ?? []) if (entry.Key !== undefined && !entry.Key.endsWith('/')) addresses.push(`s3://${bucket}/${entry.Key}`);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return addresses;
}
