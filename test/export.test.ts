import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, BuiltDump, DumpLayout, layoutSample, layoutVbox5016, patternBytes } from '../src/builder';
import { exportDump, openDump, parseRangeSelection, VboxCoreError } from '../src';
import { OutputHandle } from '../src/export/output-file';
import { asyncCodeOf, BUILT_CLI, cli, readBytes, readelfSegments, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const MIB = 1024 * 1024;
const CHUNK = 8 * MIB;

let counter = 0;
function outputPath(name: string): string {
  counter += 1;
  return scratch.path(`out-${counter}-${name}`);
}

function sha256(file: string): string {
  const hash = createHash('sha256');
  const descriptor = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (let position = 0, got = 1; got > 0; position += got) {
      got = fs.readSync(descriptor, buffer, 0, CHUNK, position);
      hash.update(buffer.subarray(0, got));
    }
  } finally {
    fs.closeSync(descriptor);
  }
  return hash.digest('hex');
}

/** Only the files we expect are in the scratch folder: no temporary leftovers. */
function leftovers(): string[] {
  return fs.readdirSync(path.dirname(scratch.path('x'))).filter((name) => name.includes('vboxcore-tmp'));
}

/** An output handle that behaves like `handle` except for the methods given. */
function wrapped(handle: OutputHandle, overrides: Partial<OutputHandle>): OutputHandle {
  return {
    write: (buffer, offset, length, position) => handle.write(buffer, offset, length, position),
    read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
    truncate: (length) => handle.truncate(length),
    sync: () => handle.sync(),
    close: () => handle.close(),
    ...overrides,
  };
}

/** Every byte of every data range of the dump, read through the library, equals the raw image at offset = physical. */
function expectRawRoundTrip(dumpPath: string, rawPath: string): void {
  const dump = openDump(dumpPath);
  try {
    for (const range of dump.ranges.filter((candidate) => candidate.presentBytes > 0)) {
      for (let done = 0; done < range.presentBytes; done += CHUNK) {
        const length = Math.min(CHUNK, range.presentBytes - done);
        const expected = dump.physical.read(range.physicalStart + done, length);
        expect(readBytes(rawPath, range.physicalStart + done, length).equals(expected)).toBe(true);
      }
    }
    const highest = Math.max(...dump.ranges.filter((range) => range.declaredFileBytes > 0).map((range) => range.physicalEnd));
    expect(fs.statSync(rawPath).size).toBe(highest);
  } finally {
    dump.close();
  }
}

const sample = buildDump(scratch.path('sample.elf'), layoutSample());
const vbox5016 = buildDump(scratch.path('vbox-5.0.16.elf'), layoutVbox5016());
const chunked: DumpLayout = {
  cpuCount: 1,
  fill: 'full',
  ranges: [
    { physicalAddress: 0, size: 4 * MIB },
    { physicalAddress: 0xfee0_0000, size: 0x1000, mmio: true },
    { physicalAddress: 0x1_0000_0000, size: 12 * MIB + 4096 },
    { physicalAddress: 0x1_0000_0000 + 12 * MIB + 4096, size: 3 * MIB },
  ],
};
const chunkedDump = buildDump(scratch.path('chunked.elf'), chunked);

describe('raw export', () => {
  test.each([
    ['the bundled sample layout', sample],
    ['the VirtualBox 5.0.16 layout (1.3 GB, sparse)', vbox5016],
    ['RAM above 4 GiB in consecutive chunks', chunkedDump],
  ])('%s round-trips byte for byte', async (_name, built: BuiltDump) => {
    const out = outputPath('image.raw');
    const summary = await exportDump(built.path, out, { verify: true });
    expectRawRoundTrip(built.path, out);
    expect(summary.verification!.every((range) => range.match)).toBe(true);
    expect(summary.holes.mmio).toBe(built.ranges.filter((range) => range.fileSize === 0).reduce((sum, range) => sum + range.size, 0));
  });

  test('holes (gaps and MMIO) read as zeros and take no disk space', async () => {
    const out = outputPath('sample.raw');
    const summary = await exportDump(sample.path, out);
    expect(readBytes(out, 0xfee0_0000, 4096).equals(Buffer.alloc(4096))).toBe(true);
    expect(readBytes(out, 0x8000_0000, 4096).equals(Buffer.alloc(4096))).toBe(true);
    expect(summary.outputLength).toBe(0x1_0002_0000);
    // about the non-zero data (768 KiB), not the 4 GiB image
    expect(summary.outputDiskBytes).toBeLessThan(2 * MIB);
  });

  test('all-zero pages inside ranges are not written; --dense writes them', async () => {
    const sparseOut = outputPath('sparse.raw');
    const sparse = await exportDump(vbox5016.path, sparseOut);
    expect(sparse.bytesSkippedZero).toBeGreaterThan(1024 * MIB);
    expect(sparse.outputDiskBytes).toBeLessThan(16 * MIB);
    expect(sparse.bytesWritten + sparse.bytesSkippedZero).toBe(sparse.bytesExported);

    const low = buildDump(scratch.path('low.elf'), {
      fill: 'edges',
      edgeBytes: 8192,
      ranges: [
        { physicalAddress: 0, size: 4 * MIB },
        { physicalAddress: 0x50_0000, size: 0x1000, mmio: true },
        { physicalAddress: 0x60_0000, size: MIB },
      ],
    });
    const denseOut = outputPath('dense.raw');
    const dense = await exportDump(low.path, denseOut, { dense: true });
    expect(dense.bytesSkippedZero).toBe(0);
    expect(dense.outputLength).toBe(0x70_0000);
    expect(dense.outputDiskBytes).toBeGreaterThanOrEqual(dense.outputLength);
    const sparseTwin = outputPath('sparse-twin.raw');
    const twin = await exportDump(low.path, sparseTwin);
    expect(twin.outputDiskBytes).toBeLessThan(dense.outputDiskBytes! / 10);
    expect(sha256(sparseTwin)).toBe(sha256(denseOut));
  });

  test('--ranges ram and explicit windows export only what was asked', async () => {
    const ramOut = outputPath('ram.raw');
    const ram = await exportDump(sample.path, ramOut, { selection: parseRangeSelection('ram') });
    expect(ram.bytesExported).toBe(512 * 1024 + 128 * 1024);
    expect(readBytes(ramOut, 0xe000_0000, 16).equals(Buffer.alloc(16))).toBe(true); // VRAM left out
    expect(readBytes(ramOut, 0x1_0000_0008, 8).readBigUInt64LE()).toBe(0x1_0000_0008n);

    const windowOut = outputPath('window.raw');
    const window = await exportDump(sample.path, windowOut, { selection: parseRangeSelection('0x1000-0x3000,0xffffff00+0x200') });
    expect(window.bytesExported).toBe(0x2000 + 0x200);
    expect(fs.statSync(windowOut).size).toBe(0x1_0000_0100);
    expect(readBytes(windowOut, 0x1000, 0x2000).equals(patternBytes(0x1000, 0x2000))).toBe(true);
    expect(readBytes(windowOut, 0xffff_ff00, 0x200).equals(patternBytes(0xffff_ff00, 0x200))).toBe(true);
    expect(readBytes(windowOut, 0x3000, 16).equals(Buffer.alloc(16))).toBe(true);

    expect(() => parseRangeSelection('0x2000-0x1000')).toThrow(VboxCoreError);
    expect(await asyncCodeOf(() => exportDump(sample.path, outputPath('overlap.raw'), { selection: parseRangeSelection('0x0-0x2000,0x1000-0x3000') }))).toBe('INVALID_ARGUMENT');
  });
});

describe('LiME and ELF outputs parse back', () => {
  test('LiME: a header per range (magic, version 1, start, inclusive end), then its bytes', async () => {
    const out = outputPath('sample.lime');
    await exportDump(sample.path, out, { format: 'lime' });
    const bytes = fs.readFileSync(out);
    const dump = openDump(sample.path);
    try {
      const expected = dump.ranges.filter((range) => range.presentBytes > 0);
      let position = 0;
      for (const range of expected) {
        expect(bytes.readUInt32LE(position)).toBe(0x4c694d45);
        expect(bytes.readUInt32LE(position + 4)).toBe(1);
        expect(bytes.readBigUInt64LE(position + 8)).toBe(BigInt(range.physicalStart));
        expect(bytes.readBigUInt64LE(position + 16)).toBe(BigInt(range.physicalEnd - 1));
        expect(bytes.subarray(position + 24, position + 32).equals(Buffer.alloc(8))).toBe(true);
        const data = bytes.subarray(position + 32, position + 32 + range.size);
        expect(data.equals(dump.physical.read(range.physicalStart, range.size))).toBe(true);
        position += 32 + range.size;
      }
      expect(position).toBe(bytes.length);
    } finally {
      dump.close();
    }
  });

  test('ELF: readelf -lW and vboxcore itself read the same ranges and bytes', async () => {
    const out = outputPath('sample.elf');
    await exportDump(sample.path, out, { format: 'elf', verify: true });
    const segments = readelfSegments(out);
    const source = openDump(sample.path);
    const exported = openDump(out);
    try {
      const dataRanges = source.ranges.filter((range) => range.presentBytes > 0);
      expect(segments.map((segment) => segment.type)).toEqual(['NOTE', ...dataRanges.map(() => 'LOAD')]);
      segments.slice(1).forEach((segment, index) => {
        expect(segment.physicalAddress).toBe(BigInt(dataRanges[index].physicalStart));
        expect(segment.fileSize).toBe(BigInt(dataRanges[index].size));
        expect(segment.memorySize).toBe(segment.fileSize);
        expect(segment.align).toBe(0x1000n);
        expect(segment.offset % 0x1000n).toBe(segment.physicalAddress % 0x1000n);
      });
      expect(exported.header.identVersion).toBe(1);
      expect(exported.report.valid).toBe(true);
      expect(exported.descriptor).toEqual(expect.objectContaining({ cpuCount: 2, formatVersion: source.descriptor!.formatVersion }));
      expect(exported.cpus.map((cpu) => cpu.registers!.control.cr3)).toEqual(source.cpus.map((cpu) => cpu.registers!.control.cr3));
      for (const range of dataRanges) {
        expect(exported.physical.read(range.physicalStart, range.size).equals(source.physical.read(range.physicalStart, range.size))).toBe(true);
      }
    } finally {
      source.close();
      exported.close();
    }
  });
});

describe('nothing is lost', () => {
  test('an existing output is refused unless --force, and left untouched', async () => {
    const out = outputPath('exists.raw');
    fs.writeFileSync(out, 'precious');
    expect(await asyncCodeOf(() => exportDump(sample.path, out))).toBe('OUTPUT_EXISTS');
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    await exportDump(sample.path, out, { force: true });
    expect(fs.statSync(out).size).toBe(0x1_0002_0000);
  });

  test('the output may not be the input, under any name, even with --force', async () => {
    const copy = scratch.path('input-copy.elf');
    fs.copyFileSync(sample.path, copy);
    const before = sha256(copy);
    const link = scratch.path('input-link.elf');
    fs.linkSync(copy, link);
    expect(await asyncCodeOf(() => exportDump(copy, copy, { force: true }))).toBe('OUTPUT_IS_INPUT');
    expect(await asyncCodeOf(() => exportDump(copy, link, { force: true }))).toBe('OUTPUT_IS_INPUT');
    expect(await asyncCodeOf(() => exportDump(copy, `${path.dirname(copy)}/./${path.basename(copy)}`, { force: true }))).toBe('OUTPUT_IS_INPUT');
    expect(sha256(copy)).toBe(before);
  });

  test('a truncated dump is refused, naming the missing bytes; --allow-truncated exports the rest as holes', async () => {
    const cut = scratch.path('cut.elf');
    fs.copyFileSync(chunkedDump.path, cut);
    const cutAt = chunkedDump.ranges[2].fileOffset + 5 * MIB;
    fs.truncateSync(cut, cutAt);
    const refusedOut = outputPath('cut.raw');
    let refused: unknown;
    try {
      await exportDump(cut, refusedOut);
    } catch (error) {
      refused = error;
    }
    expect((refused as VboxCoreError).code).toBe('TRUNCATED_DUMP');
    expect((refused as VboxCoreError).message).toContain(`${chunkedDump.fileSize - cutAt} bytes of the selection are missing`);
    expect(fs.existsSync(refusedOut)).toBe(false);

    const out = outputPath('cut-allowed.raw');
    const summary = await exportDump(cut, out, { allowTruncated: true });
    expect(summary.holes.truncated).toBe(chunkedDump.fileSize - cutAt);
    expect(fs.statSync(out).size).toBe(chunked.ranges[3].physicalAddress + chunked.ranges[3].size);
    const lastGood = 0x1_0000_0000 + 5 * MIB - 64;
    expect(readBytes(out, lastGood, 64).equals(patternBytes(lastGood, 64))).toBe(true);
    expect(readBytes(out, lastGood + 64, 64).equals(Buffer.alloc(64))).toBe(true);
  });

  test('a write failure in the middle (disk full) leaves no file behind and the input unchanged', async () => {
    const before = sha256(chunkedDump.path);
    const out = outputPath('full-disk.raw');
    let written = 0;
    const failingDisk = (handle: OutputHandle): OutputHandle =>
      wrapped(handle, {
        write: async (buffer, offset, length, position) => {
          written += length;
          if (written > 6 * MIB) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          return handle.write(buffer, offset, length, position);
        },
      });
    let failure: unknown;
    try {
      await exportDump(chunkedDump.path, out, { wrapOutput: failingDisk });
    } catch (error) {
      failure = error;
    }
    expect((failure as VboxCoreError).code).toBe('WRITE_FAILED');
    expect((failure as VboxCoreError).message).toContain('no space left on the device');
    expect(written).toBeGreaterThan(6 * MIB);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(sha256(chunkedDump.path)).toBe(before);
  });

  test('--verify catches an output that does not read back, and removes it', async () => {
    const out = outputPath('corrupt.raw');
    const corrupting = (handle: OutputHandle): OutputHandle =>
      wrapped(handle, {
        write: (buffer, offset, length, position) => {
          const copy = Buffer.from(buffer.subarray(offset, offset + length));
          if (position <= 0x1_0000_0000 && position + length > 0x1_0000_0000) copy[0x1_0000_0000 - position] ^= 0xff;
          return handle.write(copy, 0, length, position);
        },
      });
    expect(await asyncCodeOf(() => exportDump(chunkedDump.path, out, { verify: true, wrapOutput: corrupting }))).toBe('VERIFY_FAILED');
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  test('an AbortSignal stops the export and removes the partial output', async () => {
    const out = outputPath('aborted.raw');
    const controller = new AbortController();
    let progressCalls = 0;
    const code = await asyncCodeOf(() =>
      exportDump(chunkedDump.path, out, {
        signal: controller.signal,
        onProgress: (progress) => {
          progressCalls += 1;
          expect(progress.bytesDone).toBeLessThanOrEqual(progress.bytesTotal);
          controller.abort();
        },
      }),
    );
    expect(code).toBe('EXPORT_ABORTED');
    expect(progressCalls).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});

describe('vboxcore export (CLI)', () => {
  test('prints a summary; --json prints it as data; no progress bar off a terminal', async () => {
    const out = outputPath('cli.raw');
    const result = await cli('export', sample.path, out, '--verify');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`exported ${sample.path} -> ${out} (raw, sparse)`);
    expect(result.stdout).toContain('verify: 4 of 4 range(s) match (SHA-256)');
    expect(result.stderr).toBe('');
    const json = JSON.parse((await cli('export', sample.path, out, '--force', '--json', '--format', 'lime', '--no-sync')).stdout);
    expect(json).toMatchObject({ command: 'export', format: 'lime', bytesExported: `0x${(786432).toString(16)}`, piecesExported: 4 });
    expect(fs.statSync(out).size).toBe(786432 + 4 * 32);
  });

  test('an existing output is a usage error (exit 2, one line)', async () => {
    const out = outputPath('cli-exists.raw');
    fs.writeFileSync(out, 'x');
    const result = await cli('export', sample.path, out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^vboxcore: OUTPUT_EXISTS: .* already exists; pass --force to replace it\n$/);
  });

  test('Ctrl-C (SIGINT) exits 130 and leaves no file', async () => {
    const big = buildDump(scratch.path('big.elf'), { fill: 'none', ranges: [{ physicalAddress: 0, size: 0xe000_0000 }, { physicalAddress: 0x1_0000_0000, size: 16 * 1024 * MIB }] });
    const out = outputPath('interrupted.raw');
    // --dense: holes of the sparse input are read and written as zeros, so the export is still running when interrupted
    const child = spawn(process.execPath, [BUILT_CLI, 'export', big.path, out, '--dense']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGINT');
    const status = await exited;
    expect(status).toBe(130);
    expect(stderr).toMatch(/^vboxcore: EXPORT_ABORTED: /);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });
});
