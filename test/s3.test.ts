/**
 * Dumps in object storage, s3://bucket/key, read through the AWS SDK v3 from a real S3-API server
 * on loopback: s3rver (npm), started and stopped here. It serves ranged GetObject with ETags and
 * ListObjectsV2, which is what vboxcore asks of S3; it ignores If-Match, so a changed object is
 * caught by its ETag in each answer (as vboxcore also checks); it knows access keys but does not
 * check SigV4 signatures, so a wrong key is tested, not a wrong secret. Every CLI run is a real process
 * given the endpoint and credentials through the SDK's own environment variables.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, buildPageTables } from '../src/builder';
import { openDumpAsync } from '../src/async/dump';
import { S3Source } from '../src/io/s3-source';
import { BUILT_CLI, scratchDirectory } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
/**
 * The SDK, for putting objects in place, declared by the little used here: importing its own
 * declarations makes ts-jest read megabytes of them into this test process, which jest then
 * reuses for other test files (the fuzz test's heap limit measured them: 569 MiB against 512).
 */
interface S3Client {
  send(command: object): Promise<unknown>;
  destroy(): void;
}
const SDK_PACKAGE = '@aws-sdk/client-s3';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CreateBucketCommand, PutObjectCommand, S3Client } = require(SDK_PACKAGE) as { CreateBucketCommand: new (input: object) => object; PutObjectCommand: new (input: object) => object; S3Client: new (configuration: object) => S3Client };

const scratch = scratchDirectory();
const sample = 'samples/small-guest.elf';
const paging = (() => {
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x10_0000, size: 0x10_0000 }, mappings: [{ virtualAddress: 0xffff_8880_0000_0000n, physicalAddress: 0n, size: 16 * 1024 * 1024, pageSize: 0x1000, writable: true, noExecute: true }] });
  return buildDump(scratch.path('paging.elf'), { ranges: [{ physicalAddress: 0, size: 16 * 1024 * 1024 }], fill: 'full', cpus: [tables.cpu], physicalWrites: tables.writes });
})();

let server: { close(): Promise<void> };
let endpoint: string;
let client: S3Client;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** The SDK's standard variables, and nothing of this machine's own AWS set-up. */
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  // As the library does: the SDK's note that later releases need Node 22 is not this test's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  fs.mkdirSync(scratch.path('s3'));
  const running = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: scratch.path('s3') });
  const { port } = await running.run();
  server = running;
  endpoint = `http://127.0.0.1:${port}`;
  environment = { PATH: process.env.PATH, HOME: scratch.path('home'), AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: scratch.path('none'), AWS_SHARED_CREDENTIALS_FILE: scratch.path('none') };
  client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials });
  await client.send(new CreateBucketCommand({ Bucket: 'dumps' }));
  const put = (key: string, file: string) => client.send(new PutObjectCommand({ Bucket: 'dumps', Key: key, Body: fs.readFileSync(file) }));
  await put('sample.elf', sample);
  await put('paging.elf', paging.path);
  for (let index = 0; index < 5; index++) await put(`sandbox/2026-12-03/guest-${index}.elf`, sample);
  await put('sandbox/2026-12-03/notes.txt', path.resolve('package.json'));
  // The library's client in this process reads the same variables.
  Object.assign(process.env, { AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' });
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await server?.close();
  scratch.cleanup();
});

function vboxcore(argv: string[], env: NodeJS.ProcessEnv = environment): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUILT_CLI, ...argv], { env, encoding: 'latin1', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

const named = (text: string, name: string): string => text.split(name).join('DUMP');

test.each([
  ['info'],
  ['validate', '--expect', 'cpus=2'],
  ['cpus', '--json'],
  ['read', '--paddr', '0x6f000', '--length', '300KiB', '--raw'],
])('%s of s3://dumps/sample.elf: what the file gives, nothing more on standard error', async (command, ...rest) => {
  const [remote, local] = [await vboxcore([command, 's3://dumps/sample.elf', ...rest]), await vboxcore([command, sample, ...rest])];
  expect([remote.status, remote.stderr]).toEqual([local.status, local.stderr]);
  expect(named(remote.stdout, 's3://dumps/sample.elf')).toBe(named(local.stdout, sample));
});

test('walks, maps and an ELF export of s3://dumps/paging.elf: the same as from the file, readelf reads it', async () => {
  for (const argv of [['vtop', '0xffff888000123456'], ['maps'], ['read', '--vaddr', '0xffff888000200000', '--length', '64']]) {
    const [remote, local] = [await vboxcore([argv[0], 's3://dumps/paging.elf', ...argv.slice(1)]), await vboxcore([argv[0], paging.path, ...argv.slice(1)])];
    expect([remote.status, remote.stderr]).toEqual([0, '']);
    expect(named(remote.stdout, 's3://dumps/paging.elf')).toBe(named(local.stdout, paging.path));
  }
  const [remoteOut, localOut] = [scratch.path('s3.elf'), scratch.path('local.elf')];
  expect((await vboxcore(['export', 's3://dumps/paging.elf', remoteOut, '--format', 'elf', '--verify'])).status).toBe(0);
  expect((await vboxcore(['export', paging.path, localOut, '--format', 'elf'])).status).toBe(0);
  expect(fs.readFileSync(remoteOut).equals(fs.readFileSync(localOut))).toBe(true);
});

test('a prefix is every object under it: validate s3://dumps/sandbox/2026-12-03/ --jobs 4 --jsonl', async () => {
  const result = await vboxcore(['validate', 's3://dumps/sandbox/2026-12-03/', '--jobs', '4', '--jsonl']);
  const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines.slice(0, -1).map((line) => line.path).sort()).toEqual([...[0, 1, 2, 3, 4].map((index) => `s3://dumps/sandbox/2026-12-03/guest-${index}.elf`), 's3://dumps/sandbox/2026-12-03/notes.txt']);
  // notes.txt is no dump: invalid, the rest valid; exit 1.
  expect(lines[lines.length - 1]).toMatchObject({ dumps: 6, valid: 5, invalid: 1, exitStatus: 1 });
  expect(result.status).toBe(1);
});

test('a missing key, a missing bucket, missing or wrong credentials: each named, exit 2, no secret printed', async () => {
  const missing = await vboxcore(['info', 's3://dumps/nothing.elf']);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/^vboxcore: REMOTE_NOT_FOUND: s3:\/\/dumps\/nothing\.elf: NoSuchKey: .*: there is no such dump\n$/);
  expect((await vboxcore(['info', 's3://no-bucket/sample.elf'])).stderr).toMatch(/^vboxcore: REMOTE_NOT_FOUND: s3:\/\/no-bucket\/sample\.elf: NoSuchBucket: /);
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...withoutKeys } = environment;
  const anonymous = await vboxcore(['info', 's3://dumps/sample.elf'], withoutKeys);
  expect([anonymous.status, anonymous.stderr]).toEqual([2, 'vboxcore: REMOTE_FORBIDDEN: s3://dumps/sample.elf: no AWS credentials were found (environment, profile, SSO or instance role)\n']);
  // s3rver knows its access keys but does not check SigV4 signatures: a key it does not know is refused.
  const wrong = await vboxcore(['info', 's3://dumps/sample.elf'], { ...environment, AWS_ACCESS_KEY_ID: 'SOMEONE', AWS_SECRET_ACCESS_KEY: 'not-the-secret-42' });
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toMatch(/^vboxcore: REMOTE_FORBIDDEN: s3:\/\/dumps\/sample\.elf: /);
  expect(wrong.stderr).not.toContain('not-the-secret-42');
});

test('the asynchronous API on s3://, and an object replaced while it is read: REMOTE_CHANGED, never bytes of two versions', async () => {
  const dump = await openDumpAsync('s3://dumps/paging.elf');
  try {
    expect(dump.ranges).toHaveLength(1);
    const offset = dump.physical.fileOffsetOf(0x10_0000)!;
    expect(Buffer.from(await dump.physical.read(0x10_0000, 4096)).equals(fs.readFileSync(paging.path).subarray(offset, offset + 4096))).toBe(true);
  } finally {
    await dump.close();
  }
  await client.send(new PutObjectCommand({ Bucket: 'dumps', Key: 'changing.elf', Body: fs.readFileSync(paging.path) }));
  const source = await S3Source.open('s3://dumps/changing.elf');
  const replaced = Buffer.from(fs.readFileSync(paging.path));
  replaced[0x20_0000] ^= 0xff;
  await client.send(new PutObjectCommand({ Bucket: 'dumps', Key: 'changing.elf', Body: replaced }));
  await expect(source.readInto(new Uint8Array(4096), 0x20_0000)).rejects.toMatchObject({ code: 'REMOTE_CHANGED' });
});
