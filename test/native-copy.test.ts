/**
 * The export's two copy engines: the native one (native/vboxcore_copy.c, what `make build`
 * builds and exports use by default) and the JavaScript fallback must write the same bytes,
 * skip the same zero pages and fail the same way.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, BuiltDump, DumpLayout, layoutSample } from '../src/builder';
import { CopyEngine, exportDump, ExportOptions, ExportSummary, nativeCopyEngine, parseRangeSelection, VboxCoreError } from '../src';
import { BUILT_CLI, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex'); // small files only
}

/** The temporary files of every export in `folder` are gone. */
function leftoversIn(folder: string): string[] {
  return fs.readdirSync(folder).filter((name) => name.includes('vboxcore-tmp'));
}

async function failureOf(action: () => Promise<unknown>): Promise<VboxCoreError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof VboxCoreError) return error;
    throw error;
  }
  throw new Error('expected the export to fail');
}

/**
 * Non-zero data with zero pages where the engines' decisions differ most: whole zero pages,
 * zero runs across the native engine's 128 KiB chunks and the JavaScript engine's 4 MiB chunks,
 * pages zero but for their first, middle or last byte, and a range starting off the page grid's
 * usual place in the file. Kept under 2 GiB of address space so outputs compare in memory.
 */
function zeroPagesLayout(): DumpLayout {
  const zeros = (physicalAddress: number, length: number) => ({ physicalAddress, bytes: new Uint8Array(length) });
  const one = (physicalAddress: number) => ({ physicalAddress, bytes: new Uint8Array([0x5a]) });
  return {
    fill: 'full',
    ranges: [
      { physicalAddress: 0, size: 6 * MIB },
      { physicalAddress: 0x80_0000, size: 0x1000, mmio: true },
      { physicalAddress: 0x100_0000, size: 2 * MIB + 0x3000 },
    ],
    physicalWrites: [
      zeros(0x1000, 0x2000),
      zeros(0x1_f000, 0x3000), // across the first 128 KiB boundary
      zeros(0x3f_e000, 0x5000), // across the 4 MiB boundary
      zeros(0x5_0000, 0x1000),
      one(0x5_0000), // first byte
      zeros(0x5_2000, 0x1000),
      one(0x5_27ff), // middle
      zeros(0x5_4000, 0x1000),
      one(0x5_4fff), // last byte
      zeros(0x5f_f000, 0x1000), // the range's last page
      zeros(0x100_0000, 0x1_0000), // the second range's first pages
    ],
  };
}

const zeroPages = buildDump(scratch.path('zero-pages.elf'), zeroPagesLayout());
/** Only the first and last 8 KiB of each range are written: the rest are holes of the dump file, starting and ending off the chunk grid. */
const sparseInput = buildDump(scratch.path('sparse-input.elf'), {
  fill: 'edges',
  edgeBytes: 8192,
  ranges: [
    { physicalAddress: 0, size: 8 * MIB + 0x3000 },
    { physicalAddress: 0x100_0000, size: 3 * MIB },
  ],
});
const sample = buildDump(scratch.path('sample.elf'), layoutSample());

let counter = 0;
async function exportWith(engine: CopyEngine, built: BuiltDump, options: ExportOptions): Promise<{ summary: ExportSummary; path: string }> {
  counter += 1;
  const out = scratch.path(`${engine}-${counter}.out`);
  const summary = await exportDump(built.path, out, { ...options, engine, sync: false });
  return { summary, path: out };
}

test('the native engine is built and loads here (make build builds it)', () => {
  const engine = nativeCopyEngine();
  expect(engine.reason).toBeNull();
  expect(typeof engine.addon?.copyPieces).toBe('function');
});

describe('both engines write the same output', () => {
  const cases: [string, BuiltDump, ExportOptions][] = [
    ['raw, zero pages left as holes', zeroPages, {}],
    ['raw --dense', zeroPages, { dense: true }],
    ['LiME (pieces off the page grid)', zeroPages, { format: 'lime' }],
    ['ELF', zeroPages, { format: 'elf' }],
    ['windows that start and end mid-page', zeroPages, { selection: parseRangeSelection('0x123+0x60000,0x3fe001-0x400fff,0x1000007+0x10000') }],
    ['a sparse dump file (its holes are stepped over natively)', sparseInput, {}],
    ['a sparse dump file, --dense', sparseInput, { dense: true }],
    ['the bundled sample as ELF, verified', sample, { format: 'elf', verify: true }],
  ];
  test.each(cases)('%s', async (_name, built, options) => {
    const native = await exportWith('native', built, options);
    const javascript = await exportWith('javascript', built, options);
    expect(native.summary.copyEngine).toBe('native');
    expect(javascript.summary.copyEngine).toBe('javascript');
    expect(sha256(native.path)).toBe(sha256(javascript.path));
    // Only the native engine steps over a sparse dump file's holes unread (and leaves them out of its rate).
    const comparable = (summary: ExportSummary) => ({ ...summary, output: '', elapsedMs: 0, bytesPerSecond: 0, bytesSteppedOver: 0, copyEngine: '', bytesCopiedInKernel: 0 });
    expect(comparable(native.summary)).toEqual(comparable(javascript.summary));
    expect(javascript.summary.bytesSteppedOver).toBe(0);
    // The builder's data offsets are unaligned, as VirtualBox's are: never congruent with a raw image's, so no kernel copy.
    expect(native.summary.bytesCopiedInKernel).toBe(0);
    expect([native.summary.kernelCopyNote, javascript.summary.bytesCopiedInKernel]).toEqual([null, 0]);
    expect(native.summary.bytesSteppedOver > 0).toBe(built === sparseInput && options.dense !== true);
    if (built !== sample && options.dense !== true && options.format !== 'lime') expect(native.summary.bytesSkippedZero).toBeGreaterThan(0);
  });
});

describe('copy_file_range (dense exports of pieces whose offsets lie alike in a page)', () => {
  // An ELF core written by vboxcore has page-aligned data: exported again as raw, every piece's
  // source and output offsets are congruent, and the kernel copies them.
  const aligned = scratch.path('aligned.elf');
  beforeAll(async () => {
    await exportDump(zeroPages.path, aligned, { format: 'elf', sync: false });
  });

  test('an aligned source is copied in the kernel (kernelCopy always), through the buffers (never), by the JavaScript engine: the same bytes', async () => {
    const kernel = await exportWith('native', { path: aligned } as BuiltDump, { dense: true, kernelCopy: 'always' });
    const buffered = await exportWith('native', { path: aligned } as BuiltDump, { dense: true, kernelCopy: 'never' });
    // ext4 and tmpfs copy pages in the kernel too, measured slower than the buffers: 'auto' leaves them to the buffers.
    const auto = await exportWith('native', { path: aligned } as BuiltDump, { dense: true });
    const pageCopying = [0xef53, 0x01021994].includes(fs.statfsSync(path.dirname(kernel.path)).type); // ext2/3/4, tmpfs
    expect(pageCopying ? auto.summary.bytesCopiedInKernel : 0).toBe(0);
    const javascript = await exportWith('javascript', { path: aligned } as BuiltDump, { dense: true });
    expect(kernel.summary.bytesCopiedInKernel).toBe(kernel.summary.bytesExported);
    expect(buffered.summary.bytesCopiedInKernel).toBe(0);
    expect(sha256(kernel.path)).toBe(sha256(buffered.path));
    expect(sha256(kernel.path)).toBe(sha256(javascript.path));
    // Unaligned data (the builder's, VirtualBox's) to an ELF's aligned segments: the buffers copy.
    expect((await exportWith('native', zeroPages, { dense: true, format: 'elf' })).summary.bytesCopiedInKernel).toBe(0);
  });

  test('an output on another file system (tmpfs): the kernel refuses with EXDEV, the engine copies instead and says why', async () => {
    // Linux 5.19 and later refuse copies between file systems of different types.
    const folder = fs.mkdtempSync('/dev/shm/vboxcore-test-');
    try {
      expect(fs.statSync(folder).dev).not.toBe(fs.statSync(zeroPages.path).dev);
      const out = path.join(folder, 'dense.raw');
      const summary = await exportDump(aligned, out, { dense: true, engine: 'native', sync: false, kernelCopy: 'always' });
      expect(summary.bytesCopiedInKernel).toBe(0);
      expect(summary.kernelCopyNote).toBe(`the kernel refused copy_file_range (EXDEV: the output is on another file system); ${(summary.bytesExported / MIB).toFixed(1)} MiB went through the native engine's buffers`);
      const reference = await exportWith('javascript', { path: aligned } as BuiltDump, { dense: true });
      expect(sha256(out)).toBe(sha256(reference.path));
      const text = spawnSync(process.execPath, [BUILT_CLI, 'export', aligned, path.join(folder, 'cli.raw'), '--dense', '--no-sync', '--kernel-copy', 'always'], { encoding: 'utf8' });
      expect(text.stdout).toContain(`note: ${summary.kernelCopyNote}\n`);
      const local = spawnSync(process.execPath, [BUILT_CLI, 'export', aligned, scratch.path('cli-dense.raw'), '--dense', '--no-sync', '--kernel-copy', 'always'], { encoding: 'utf8' });
      expect(local.stdout).toContain(`(native copy engine, ${summary.bytesExported} bytes copied in the kernel by copy_file_range)`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('native engine failures', () => {
  test('a full disk (a 4 MiB tmpfs) stops the export with WRITE_FAILED, leaving no file and the input unchanged', () => {
    // A private mount namespace (unshare -rm) gives the test a small tmpfs without touching the machine's mounts.
    const before = sha256(zeroPages.path);
    const script = `mount -t tmpfs -o size=4m tmpfs "$1" || exit 99
"$2" "$3" export "$4" "$1/image.raw" --engine native; echo "status $?"; ls -A "$1"`;
    const folder = scratch.path('small-disk');
    fs.mkdirSync(folder);
    const result = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', folder, process.execPath, BUILT_CLI, zeroPages.path], { encoding: 'utf8', timeout: 60_000 });
    if (result.error !== undefined || result.status === 99) throw new Error(`a tmpfs in a private mount namespace (unshare -rm) is needed for this test: ${result.error?.message ?? result.stderr}`);
    expect(result.stderr).toMatch(/^vboxcore: WRITE_FAILED: .*image\.raw: writing failed: no space left on the device; the partial output was removed\n$/);
    expect(result.stdout).toBe('status 1\n'); // and `ls -A` of the tmpfs printed nothing
    expect(sha256(zeroPages.path)).toBe(before);
  });

  test.each<CopyEngine>(['native', 'javascript'])('a dump that shrinks during the export (%s) is FILE_UNREADABLE at the offset where it ended', async (engine) => {
    // The first progress report comes after 100 ms (native) or one 4 MiB chunk (JavaScript), long before 512 MiB;
    // --dense, so the native engine reads the sparse input's holes instead of stepping over them.
    const shrinking = buildDump(scratch.path(`shrinking-${engine}.elf`), { fill: 'none', ranges: [{ physicalAddress: 0, size: GIB }] });
    const cutAt = shrinking.ranges[0].fileOffset + 512 * MIB + 123;
    const out = scratch.path(`shrinking-${engine}.raw`);
    let truncated = false;
    const failure = await failureOf(() =>
      exportDump(shrinking.path, out, {
        engine,
        dense: true,
        sync: false,
        onProgress: () => {
          if (!truncated) fs.truncateSync(shrinking.path, cutAt);
          truncated = true;
        },
      }),
    );
    expect(failure.code).toBe('FILE_UNREADABLE');
    expect(failure.message).toBe(`${shrinking.path}: the dump ended at 0x${cutAt.toString(16)} while being exported (did it shrink?)`);
    expect(failure.fileOffset).toBe(cutAt);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftoversIn(path.dirname(out))).toEqual([]);
  });

  test('an AbortSignal stops the native copy mid-way; the partial output is removed', async () => {
    const large = buildDump(scratch.path('abort.elf'), { fill: 'none', ranges: [{ physicalAddress: 0, size: 4 * GIB }] });
    const out = scratch.path('aborted.raw');
    const controller = new AbortController();
    const seen: number[] = [];
    const failure = await failureOf(() =>
      exportDump(large.path, out, {
        engine: 'native',
        dense: true, // reads the sparse input's holes, so the copy takes long enough to be interrupted
        signal: controller.signal,
        onProgress: (progress) => {
          seen.push(progress.bytesDone);
          controller.abort();
        },
      }),
    );
    expect(failure.code).toBe('EXPORT_ABORTED');
    expect(seen).toHaveLength(1); // no report after the abort
    expect(seen[0]).toBeLessThan(4 * GIB);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftoversIn(path.dirname(out))).toEqual([]);
  });

  test.each<CopyEngine>(['native', 'javascript'])('a progress callback that throws stops the export (%s) with its message; nothing is left', async (engine) => {
    const large = buildDump(scratch.path(`throwing-${engine}.elf`), { fill: 'none', ranges: [{ physicalAddress: 0, size: GIB }] });
    const out = scratch.path(`throwing-${engine}.raw`);
    const failure = await failureOf(() =>
      exportDump(large.path, out, {
        engine,
        dense: true,
        sync: false,
        onProgress: () => {
          throw new Error('the caller gave up');
        },
      }),
    );
    expect(failure.message).toContain('the caller gave up');
    expect(fs.existsSync(out)).toBe(false);
    expect(leftoversIn(path.dirname(out))).toEqual([]);
  });

  test('engine native cannot go through an output wrapper; engine auto then uses JavaScript', async () => {
    const wrapOutput: ExportOptions['wrapOutput'] = (handle) => handle;
    const failure = await failureOf(() => exportDump(sample.path, scratch.path('wrapped.raw'), { engine: 'native', wrapOutput }));
    expect(failure.code).toBe('NATIVE_ENGINE_UNAVAILABLE');
    const summary = await exportDump(sample.path, scratch.path('wrapped-auto.raw'), { wrapOutput });
    expect(summary.copyEngine).toBe('javascript');
  });
});

test('where the addon is not built, export falls back to JavaScript and says so; --engine native is a usage error naming why', () => {
  // A copy of the built CLI in a folder with no native/ beside it, as a library user without a compiler has.
  const installed = scratch.path('installed-without-addon');
  fs.cpSync(path.dirname(path.dirname(path.dirname(BUILT_CLI))), path.join(installed, 'dist'), { recursive: true });
  fs.symlinkSync(path.resolve(__dirname, '..', 'node_modules'), path.join(installed, 'node_modules'));
  const cli = path.join(installed, 'dist', 'src', 'cli', 'main.js');
  const out = scratch.path('fallback.raw');
  const fallback = spawnSync(process.execPath, [cli, 'export', zeroPages.path, out, '--json', '--no-sync'], { encoding: 'utf8' });
  expect(fallback.stderr).toBe('');
  const missing = `is not built, and the prebuilt one is missing (no ${path.join(installed, 'prebuilds', 'linux-x64-glibc', 'vboxcore_copy.node')}): with a C compiler and Node's headers, \`npm rebuild vboxcore\` builds it where the package is installed, \`make build\` in a clone`;
  expect(JSON.parse(fallback.stdout)).toMatchObject({ copyEngine: 'javascript', copyEngineNote: `the native copy engine ${missing}`, bytesExported: `0x${(zeroPages.ranges[0].fileSize + zeroPages.ranges[2].fileSize).toString(16)}` });
  const text = spawnSync(process.execPath, [cli, 'export', zeroPages.path, scratch.path('fallback-text.raw'), '--no-sync'], { encoding: 'utf8' });
  expect(text.stdout).toContain(`(javascript copy engine)\nnote: the native copy engine ${missing}\n`);
  const refused = spawnSync(process.execPath, [cli, 'export', zeroPages.path, scratch.path('refused.raw'), '--engine', 'native'], { encoding: 'utf8' });
  expect(refused.status).toBe(2);
  expect(refused.stderr).toBe(`vboxcore: NATIVE_ENGINE_UNAVAILABLE: the native copy engine was asked for, but it ${missing}\n`);
});

describe('the addon itself', () => {
  const addon = nativeCopyEngine().addon!;
  const bytesDoneArray = () => new BigInt64Array(1);

  async function withFiles(action: (input: number, output: number, outputPath: string) => Promise<void> | void, outputFlags = 'r+', inputPath = sample.path): Promise<void> {
    const outputPath = scratch.path(`addon-${(counter += 1)}.out`);
    fs.writeFileSync(outputPath, '');
    const input = fs.openSync(inputPath, 'r');
    const output = fs.openSync(outputPath, outputFlags);
    try {
      await action(input, output, outputPath);
    } finally {
      fs.closeSync(input);
      fs.closeSync(output);
    }
  }

  test('copies a piece at an unaligned source offset, counting bytes done and written', async () => {
    const progress = bytesDoneArray();
    await withFiles(async (input, output, outputPath) => {
      const result = await addon.copyPieces(input, output, new Float64Array([1001, 5, 300_000]), false, progress, new Int32Array(1), false);
      expect(result.bytesWritten).toBe(300_000);
      expect(progress[0]).toBe(300_000n);
      expect(fs.readFileSync(outputPath).subarray(5).equals(fs.readFileSync(sample.path).subarray(1001, 301_001))).toBe(true);
    });
  });

  test('reading past the end of the input rejects with EOF, the system call and the offset', async () => {
    const size = fs.statSync(sample.path).size;
    await withFiles(async (input, output) => {
      await expect(addon.copyPieces(input, output, new Float64Array([size - 10, 0, 4096]), false, bytesDoneArray(), new Int32Array(1), false)).rejects.toMatchObject({ code: 'EOF', syscall: 'pread', position: size });
    });
  });

  test('holes of a sparse input are stepped over without a read; data and the end of the file are still read', async () => {
    const range = sparseInput.ranges[0];
    const input = fs.openSync(sparseInput.path, 'a'); // write-only: any pread fails with EBADF
    try {
      await withFiles(async (_unused, output) => {
        const holeStart = range.fileOffset + 64 * 1024; // the holes are at least 64 KiB from the written edges
        const holeLength = range.fileSize - 128 * 1024;
        const progress = new BigInt64Array(2);
        const result = await addon.copyPieces(input, output, new Float64Array([holeStart, 0, holeLength]), true, progress, new Int32Array(1), false);
        expect(result.bytesWritten).toBe(0);
        // All of it done, all of it stepped over.
        expect([progress[0], progress[1]]).toEqual([BigInt(holeLength), BigInt(holeLength)]);
        await expect(addon.copyPieces(input, output, new Float64Array([range.fileOffset, 0, 4096]), true, bytesDoneArray(), new Int32Array(1), false)).rejects.toMatchObject({ code: 'EBADF', syscall: 'pread' });
        await expect(addon.copyPieces(input, output, new Float64Array([holeStart, 0, holeLength]), false, bytesDoneArray(), new Int32Array(1), false)).rejects.toMatchObject({ code: 'EBADF', syscall: 'pread' });
      });
    } finally {
      fs.closeSync(input);
    }
    const size = fs.statSync(sparseInput.path).size;
    await withFiles(async (readable, output) => {
      // the file's last bytes are a hole of the last range; a piece running past the end is still an EOF, not zeros
      expect(size - sparseInput.ranges[1].fileOffset).toBe(3 * MIB);
      await expect(addon.copyPieces(readable, output, new Float64Array([size - 2 * MIB, 0, 4 * MIB]), true, bytesDoneArray(), new Int32Array(1), false)).rejects.toMatchObject({ code: 'EOF', position: size });
    }, 'r+', sparseInput.path);
  });

  test('copy_file_range: pieces whose offsets lie alike in a page go through the kernel, others through the buffers; all counted', async () => {
    const progress = bytesDoneArray();
    await withFiles(async (input, output, outputPath) => {
      // 5101 -> 1005 and 12295 -> 339975 differ by whole pages (one back, 80 forward); 1001 -> 400005 does not.
      const result = await addon.copyPieces(input, output, new Float64Array([5101, 1005, 300_000, 12_295, 339_975, 3, 1001, 400_005, 1000]), false, progress, new Int32Array(1), true);
      expect(result).toEqual({ bytesWritten: 301_003, bytesCopiedInKernel: 300_003, kernelCopyRefusal: null });
      expect(progress[0]).toBe(301_003n);
      const [written, source] = [fs.readFileSync(outputPath), fs.readFileSync(sample.path)];
      expect(written.subarray(1005, 301_005).equals(source.subarray(5101, 305_101))).toBe(true);
      expect(written.subarray(339_975, 339_978)).toEqual(source.subarray(12_295, 12_298));
      expect(written.subarray(400_005, 401_005)).toEqual(source.subarray(1001, 2001));
    });
  });

  test('copy_file_range: past the end of the input rejects with EOF at the offset where it ended; an abort flag copies nothing', async () => {
    const size = fs.statSync(sample.path).size;
    await withFiles(async (input, output, outputPath) => {
      const start = size - 10 - ((size - 10) % 4096);
      await expect(addon.copyPieces(input, output, new Float64Array([start, 0, 8192]), false, bytesDoneArray(), new Int32Array(1), true)).rejects.toMatchObject({ code: 'EOF', syscall: 'copy_file_range', position: size });
      fs.ftruncateSync(output, 0);
      await expect(addon.copyPieces(input, output, new Float64Array([0, 0, 4096]), false, bytesDoneArray(), new Int32Array([1]), true)).rejects.toMatchObject({ code: 'ABORT_ERR' });
      expect(fs.statSync(outputPath).size).toBe(0);
    });
  });

  test('copy_file_range refused (an output opened for appending: EBADF) hands over to the buffers, which report their own failures', async () => {
    await withFiles(async (input, output) => {
      // pwrite to an O_APPEND descriptor appends on Linux: at offset 0 of an empty file that is the same place.
      const result = await addon.copyPieces(input, output, new Float64Array([0, 0, 8192]), false, bytesDoneArray(), new Int32Array(1), true);
      expect(result).toEqual({ bytesWritten: 8192, bytesCopiedInKernel: 0, kernelCopyRefusal: 'EBADF' });
    }, 'a');
  });

  test('a write to a descriptor opened read-only rejects with EBADF from pwrite', async () => {
    await withFiles(async (input, output) => {
      await expect(addon.copyPieces(input, output, new Float64Array([0, 0, 4096]), false, bytesDoneArray(), new Int32Array(1), false)).rejects.toMatchObject({ code: 'EBADF', syscall: 'pwrite', position: 0 });
    }, 'r');
  });

  test('an abort flag set before the call copies nothing', async () => {
    const progress = bytesDoneArray();
    await withFiles(async (input, output, outputPath) => {
      await expect(addon.copyPieces(input, output, new Float64Array([0, 0, 4096]), false, progress, new Int32Array([1]), false)).rejects.toMatchObject({ code: 'ABORT_ERR' });
      expect(progress[0]).toBe(0n);
      expect(fs.statSync(outputPath).size).toBe(0);
    });
  });

  test('arguments are checked before any thread starts: offsets must be safe non-negative integers', async () => {
    await withFiles((input, output) => {
      const call = (pieces: Float64Array, bytesDone: BigInt64Array = bytesDoneArray(), flag: Int32Array = new Int32Array(1)) => () => addon.copyPieces(input, output, pieces, true, bytesDone, flag, false);
      expect(call(new Float64Array([0, 0]))).toThrow(/triples/);
      expect(call(new Float64Array([-1, 0, 1]))).toThrow(/safe integers/);
      expect(call(new Float64Array([0, 2 ** 53, 1]))).toThrow(/safe integers/);
      expect(call(new Float64Array([0.5, 0, 1]))).toThrow(/safe integers/);
      expect(call(new Float64Array([0, 0, 1]), new BigInt64Array(3))).toThrow(/bytesDone/);
      expect(call(new Float64Array([0, 0, 1]), bytesDoneArray(), new Int32Array(2))).toThrow(/abortFlag/);
    });
  });
});
