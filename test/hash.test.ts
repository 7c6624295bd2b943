/**
 * Digests for a chain of custody: `--hash` on info, validate and export. Every digest is
 * compared with what coreutils' sha256sum and md5sum compute over the same file, and the digest
 * files an export writes are checked by `sha256sum -c` itself.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { hashFile } from '../src/io/hash';
import { exportDump } from '../src';
import { buildDump } from '../src/builder';
import { JSON_SCHEMAS } from '../src/report/json-schemas';
import { asyncCodeOf, cli, cliProcess, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const sample = path.resolve(__dirname, '..', 'samples', 'small-guest.elf');
// Exports of the sample are 4 GiB long (its BIOS sits below 4 GiB); this one's raw image is 3 MiB,
// with a 1 MiB hole between its ranges that every digest of the output must count as zeros.
const small = buildDump(scratch.path('small.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }, { physicalAddress: 0x20_0000, size: 0x10_0000 }], fill: 'full' }).path;

/** What coreutils says: `sha256sum FILE`'s digest. */
function coreutils(tool: 'sha256sum' | 'md5sum' | 'sha1sum' | 'sha512sum', file: string, cwd?: string): string {
  const result = spawnSync(tool, [file], { encoding: 'utf8', cwd });
  expect(result.status).toBe(0);
  return result.stdout.split(' ')[0];
}

function validates(command: 'info' | 'validate' | 'export', document: unknown): void {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON_SCHEMAS[command] as object);
  expect({ valid: validate(document), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
}

test('info --hash gives the whole file\'s digests, in text and in JSON that matches its schema', async () => {
  const text = await cli('info', sample, '--hash', 'sha256,md5');
  expect(text.status).toBe(0);
  const size = fs.statSync(sample).size;
  expect(text.stdout).toContain(`\nsha256 dump   ${coreutils('sha256sum', sample)}  ${sample} (${size} bytes, the whole file)\nmd5    dump   ${coreutils('md5sum', sample)}  ${sample} (${size} bytes, the whole file)\n`);
  const json = JSON.parse((await cli('info', sample, '--json', '--hash', 'SHA-256')).stdout);
  expect(json.hashes).toEqual({ path: sample, bytes: `0x${size.toString(16)}`, digests: [{ algorithm: 'sha256', hex: coreutils('sha256sum', sample) }] });
  validates('info', json);
  // Without --hash there is no `hashes` at all.
  expect(JSON.parse((await cli('info', sample, '--json')).stdout).hashes).toBeUndefined();
});

test('validate --hash hashes each dump it can read, an invalid one too, and none it cannot', async () => {
  const cut = scratch.path('cut.elf');
  fs.writeFileSync(cut, fs.readFileSync(sample).subarray(0, 0x3000));
  const missing = scratch.path('missing.elf');
  const result = await cli('validate', sample, cut, missing, '--hash', 'sha1', '--json');
  expect(result.status).toBe(2);
  const json = JSON.parse(result.stdout);
  expect(json.checks.map((check: { hashes: { digests: { hex: string }[] } | null }) => check.hashes?.digests[0].hex ?? null)).toEqual([coreutils('sha1sum', sample), coreutils('sha1sum', cut), null]);
  validates('validate', json);
  const text = await cli('validate', cut, '--hash', 'sha1');
  expect(text.stdout).toMatch(new RegExp(`^${cut}: INVALID: .*\\n  sha1   dump   ${coreutils('sha1sum', cut)}  ${cut} \\(12288 bytes, the whole file\\)\\n$`));
});

describe('export --hash', () => {
  test('digests of the dump and of the output (holes as zeros), and digest files that sha256sum -c and md5sum -c accept', async () => {
    const folder = scratch.path('custody');
    fs.mkdirSync(folder);
    fs.copyFileSync(small, path.join(folder, 'guest.elf'));
    const run = cliProcess('export', path.join(folder, 'guest.elf'), path.join(folder, 'guest.raw'), '--hash', 'sha256,md5', '--hash-output');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const raw = path.join(folder, 'guest.raw');
    expect(fs.statSync(raw).size).toBe(0x30_0000);
    expect(run.stdout).toContain(`sha256 input  ${coreutils('sha256sum', path.join(folder, 'guest.elf'))}  ${path.join(folder, 'guest.elf')} (${fs.statSync(small).size} bytes, the whole dump)\n`);
    expect(run.stdout).toContain(`sha256 output ${coreutils('sha256sum', raw)}  ${raw} (${fs.statSync(raw).size} bytes, as read back, holes as zeros)\n`);
    expect(run.stdout).toContain(`md5    output ${coreutils('md5sum', raw)}  ${raw}`);
    expect(run.stdout).toContain(`digests: ${raw}.sha256, ${raw}.md5 (check with sha256sum -c or md5sum -c from here)\n`);
    for (const tool of ['sha256sum', 'md5sum']) {
      const manifest = `${raw}.${tool.replace('sum', '')}`;
      const checked = spawnSync(tool, ['-c', manifest], { encoding: 'utf8' });
      expect({ tool, status: checked.status, stdout: checked.stdout }).toEqual({ tool, status: 0, stdout: `${path.join(folder, 'guest.elf')}: OK\n${raw}: OK\n` });
    }
    // A change to the evidence is caught by the same files.
    fs.appendFileSync(path.join(folder, 'guest.elf'), 'x');
    expect(spawnSync('sha256sum', ['-c', `${raw}.sha256`], { encoding: 'utf8' }).status).toBe(1);
  });

  test('to standard output: the output digest is of the bytes written, and no digest file is written', () => {
    const run = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'dist', 'src', 'cli', 'main.js'), 'export', sample, '-', '--format', 'lime', '--hash', 'sha256', '--hash-output'], { maxBuffer: 64 << 20 });
    expect(run.status).toBe(0);
    const written = scratch.path('stream.lime');
    fs.writeFileSync(written, run.stdout);
    expect(run.stderr.toString()).toContain(`sha256 output ${coreutils('sha256sum', written)}  - (${run.stdout.length} bytes, as written to the stream)\n`);
    expect(run.stderr.toString()).not.toContain('digests:');
  });

  test('--json gives the digests and the digest files, matching the schema', () => {
    const out = scratch.path('json.raw');
    const run = cliProcess('export', small, out, '--hash', 'sha512', '--json', '--hash-output');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.hashes.output.digests).toEqual([{ algorithm: 'sha512', hex: coreutils('sha512sum', out) }]);
    expect(json.manifests).toEqual([`${out}.sha512`]);
    validates('export', json);
  });

  test('a digest file that exists is refused before anything is exported (without --force), replaced with it', () => {
    const out = scratch.path('exists.raw');
    fs.writeFileSync(`${out}.sha256`, 'an older record\n');
    const refused = cliProcess('export', small, out, '--hash', 'sha256');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`vboxcore: OUTPUT_EXISTS: ${out}.sha256 already exists; pass --force to replace it\n`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readFileSync(`${out}.sha256`, 'utf8')).toBe('an older record\n');
    const forced = cliProcess('export', small, out, '--hash', 'sha256', '--force');
    expect(forced.status).toBe(0);
    // Without --hash-output the file holds the dump's line alone, and the summary no output digest.
    expect(fs.readFileSync(`${out}.sha256`, 'utf8')).toBe(`${coreutils('sha256sum', small)}  ${small}\n`);
    expect(forced.stdout).not.toContain('sha256 output');
    expect(forced.stdout).toContain(`sha256 input  ${coreutils('sha256sum', small)}  ${small}`);
  });

  test('bad algorithms are refused by name, in the CLI and the library', async () => {
    const run = cliProcess('export', sample, scratch.path('bad.raw'), '--hash', 'sha256,crc32');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('vboxcore: INVALID_ARGUMENT: --hash "sha256,crc32": unknown algorithm "crc32"; use sha256, sha512, sha1, md5, or several comma-separated (sha256,md5)\n');
    expect(await asyncCodeOf(() => exportDump(sample, scratch.path('bad2.raw'), { hash: ['crc32' as never] }))).toBe('INVALID_ARGUMENT');
    expect(await asyncCodeOf(() => exportDump(sample, scratch.path('bad2.raw'), { hashOutput: true }))).toBe('INVALID_ARGUMENT');
    const alone = cliProcess('export', sample, scratch.path('bad3.raw'), '--hash-output');
    expect(alone.stderr).toBe('vboxcore: INVALID_ARGUMENT: --hash-output hashes with the algorithms of --hash: give them (--hash sha256)\n');
    expect(fs.existsSync(scratch.path('bad.raw'))).toBe(false);
  });
});

test('hashFile reads a file larger than its chunks to the end, and stops when aborted', async () => {
  const file = scratch.path('nine-mib.bin');
  const bytes = Buffer.alloc(9 * 1024 * 1024 + 7);
  for (let index = 0; index < bytes.length; index += 4093) bytes[index] = index & 0xff;
  fs.writeFileSync(file, bytes);
  const digests = await hashFile(file, ['sha256', 'md5']);
  expect(digests).toEqual({ path: file, bytes: bytes.length, digests: [{ algorithm: 'sha256', hex: coreutils('sha256sum', file) }, { algorithm: 'md5', hex: coreutils('md5sum', file) }] });
  const controller = new AbortController();
  controller.abort();
  expect(await asyncCodeOf(() => hashFile(file, ['sha256'], { signal: controller.signal }))).toBe('EXPORT_ABORTED');
  expect(await asyncCodeOf(() => hashFile(scratch.path('absent.bin'), ['sha256']))).toBe('FILE_UNREADABLE');
  // A FIFO is refused at once, never waited on (no writer ever comes).
  const fifo = scratch.path('evidence.fifo');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  expect(await asyncCodeOf(() => hashFile(fifo, ['sha256']))).toBe('FILE_UNREADABLE');
});
