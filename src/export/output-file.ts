import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VboxCoreError } from '../errors';

/** What the export needs of its output file; tests wrap it to simulate a failing disk. */
export interface OutputHandle {
  /** Positional write, as fs.promises.FileHandle.write. */
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{
    /** Bytes written (possibly fewer than asked). */
    bytesWritten: number;
  }>;
  /** Positional read, as fs.promises.FileHandle.read (for verify). */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{
    /** Bytes read (0 at the end of the file). */
    bytesRead: number;
  }>;
  /** Sets the file's length. */
  truncate(length: number): Promise<void>;
  /** fsync. */
  sync(): Promise<void>;
  /** Closes the file. */
  close(): Promise<void>;
}

/** What a path that is not a regular file is, for the refusal. */
function kindOf(stat: fs.Stats): string | null {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isBlockDevice() || stat.isCharacterDevice()) return 'a device';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  return stat.isFile() ? null : 'not a regular file';
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new VboxCoreError('WRITE_FAILED', `${file}: ${(error as Error).message}`);
  }
}

/** Refuses to put the output anywhere but in a regular file: never through a link, never over a device. */
function refuseNonRegular(outputPath: string, stat: fs.Stats): void {
  const kind = kindOf(stat);
  if (kind === null) return;
  const target = stat.isSymbolicLink() ? ` (to ${fs.readlinkSync(outputPath)})` : '';
  throw new VboxCoreError('OUTPUT_NOT_REGULAR', `${outputPath} is ${kind}${target}: vboxcore writes its output only as a regular file, never through a link or over a special file, --force or not; give another path`);
}

/**
 * Checks an output path before anything is copied: its folder exists, it names no folder, it is
 * not the input (whatever the path looks like), and it is absent, or a regular file to replace
 * with `force`. The same rules are checked again when the output is put in place.
 */
export function checkOutputPath(inputPath: string, outputPath: string, force: boolean): void {
  // path.resolve('') is the working folder: an empty name would put a temporary file in its parent.
  if (typeof outputPath !== 'string' || outputPath === '') throw new VboxCoreError('INVALID_ARGUMENT', 'the output path is empty: give a file name (or - for standard output)');
  if (outputPath.endsWith('/') || outputPath.endsWith(path.sep)) {
    throw new VboxCoreError('OUTPUT_NOT_REGULAR', `${outputPath} names a folder (it ends with ${path.sep}): give a file name for the output`);
  }
  const directory = path.dirname(path.resolve(outputPath));
  const folder = lstatOrNull(directory);
  if (folder === null || !fs.statSync(directory).isDirectory()) {
    throw new VboxCoreError('WRITE_FAILED', `${outputPath}: its folder ${directory} does not exist (or is not a folder); nothing was written`);
  }
  const outputStat = lstatOrNull(outputPath);
  if (outputStat === null) return;
  // A dump read over the network is no file here that the output could be.
  const inputStat = fs.statSync(inputPath, { throwIfNoEntry: false });
  const target = outputStat.isSymbolicLink() ? fs.statSync(outputPath, { throwIfNoEntry: false }) : outputStat;
  if (target !== undefined && inputStat !== undefined && target.dev === inputStat.dev && target.ino === inputStat.ino) {
    throw new VboxCoreError('OUTPUT_IS_INPUT', `${outputPath} is the dump itself; the dump is never written to`);
  }
  refuseNonRegular(outputPath, outputStat);
  if (!force) throw new VboxCoreError('OUTPUT_EXISTS', `${outputPath} already exists; pass --force to replace it`);
}

const TEMPORARY_SUFFIX = '.vboxcore-tmp';

function temporaryName(finalPath: string, pid: number): string {
  return path.join(path.dirname(path.resolve(finalPath)), `.${path.basename(finalPath)}.${pid}-${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Removes the temporary files earlier exports to the same output left behind when they were
 * killed (SIGKILL, a crash): only ours (the name pattern) and only those whose process is gone.
 */
function removeStaleTemporaries(finalPath: string): string[] {
  const directory = path.dirname(path.resolve(finalPath));
  const prefix = `.${path.basename(finalPath)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMPORARY_SUFFIX)) continue;
    const match = /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length, -TEMPORARY_SUFFIX.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      fs.unlinkSync(path.join(directory, name));
      removed.push(name);
    } catch {
      // another process cleaned it first, or it cannot be removed: not ours to fail over
    }
  }
  return removed;
}

/** Temporary files of exports under way in this process, for a second signal's immediate exit. */
const temporariesInUse = new Set<string>();

/** Removes every temporary file of this process now, synchronously: for an exit that cannot wait. */
export function removeTemporariesNow(): void {
  for (const temporary of temporariesInUse) fs.rmSync(temporary, { force: true });
  temporariesInUse.clear();
}

const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

function fsyncDirectory(directory: string): void {
  let descriptor: number | null = null;
  try {
    descriptor = fs.openSync(directory, 'r');
    fs.fsyncSync(descriptor);
  } catch {
    // some file systems cannot fsync a folder; the rename itself is still atomic
  } finally {
    if (descriptor !== null) fs.closeSync(descriptor);
  }
}

/**
 * An output written under a temporary name beside its final path and put in place only when
 * complete, so a crash, a full disk or Ctrl-C never leaves a partial file under that name. The
 * temporary file is private (0600) while it is written; the output gets the dump's permissions
 * (never more than those, nor than a file it replaces).
 */
export class AtomicOutput {
  private handle: OutputHandle | null = null;
  private fileHandle: fs.promises.FileHandle | null = null;
  /** The final mode: the dump's permission bits as the umask allows them. */
  private finalMode = 0o600;
  /** Temporary files this process found and removed, from exports that were killed. */
  readonly staleRemoved: readonly string[];

  private constructor(
    readonly finalPath: string,
    readonly temporaryPath: string,
    staleRemoved: readonly string[],
  ) {
    this.staleRemoved = staleRemoved;
  }

  static async create(finalPath: string, dumpMode: number, wrap?: (handle: OutputHandle) => OutputHandle): Promise<AtomicOutput> {
    const output = new AtomicOutput(finalPath, temporaryName(finalPath, process.pid), removeStaleTemporaries(finalPath));
    try {
      // Created with the dump's permission bits so that the umask applies to them, then made
      // private while it fills; commit() restores the mode the umask left.
      output.fileHandle = await fs.promises.open(output.temporaryPath, 'wx+', dumpMode & 0o666);
      temporariesInUse.add(output.temporaryPath);
      output.finalMode = (await output.fileHandle.stat()).mode & 0o777;
      await output.fileHandle.chmod(0o600);
      output.handle = wrap === undefined ? output.fileHandle : wrap(output.fileHandle);
    } catch (error) {
      await output.discard();
      throw writeFailure(finalPath, error, output.fileHandle !== null);
    }
    return output;
  }

  get file(): OutputHandle {
    if (this.handle === null) throw new VboxCoreError('WRITE_FAILED', `${this.finalPath}: output already closed`);
    return this.handle;
  }

  /** The open file's descriptor, for writers that bypass the handle; null once closed or when the handle is wrapped. */
  get descriptor(): number | null {
    return this.fileHandle !== null && this.handle === this.fileHandle ? this.fileHandle.fd : null;
  }

  /**
   * Flushes (unless told not to), closes and puts the file in place. Without `replace` it is
   * linked to its final name, which fails if anything appeared there meanwhile (another export,
   * another program): nothing is ever replaced that was not checked. With `replace`, a regular
   * file there is replaced atomically by rename, and the output keeps no more permissions than it had.
   */
  async commit(sync: boolean, replace: boolean): Promise<void> {
    try {
      const existing = lstatOrNull(this.finalPath);
      if (existing !== null) refuseNonRegular(this.finalPath, existing);
      if (existing !== null && !replace) throw new VboxCoreError('OUTPUT_EXISTS', `${this.finalPath} appeared while the export ran (another program or export wrote it); it was left as it is, and this export's output was removed`);
      await this.fileHandle!.chmod(existing !== null && replace ? this.finalMode & existing.mode : this.finalMode);
      if (sync) await this.file.sync();
      await this.file.close();
      this.handle = null;
      if (replace) fs.renameSync(this.temporaryPath, this.finalPath);
      else this.linkIntoPlace();
      temporariesInUse.delete(this.temporaryPath);
      if (sync) fsyncDirectory(path.dirname(path.resolve(this.finalPath)));
    } catch (error) {
      await this.discard();
      throw writeFailure(this.finalPath, error, true);
    }
  }

  private linkIntoPlace(): void {
    try {
      fs.linkSync(this.temporaryPath, this.finalPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') throw new VboxCoreError('OUTPUT_EXISTS', `${this.finalPath} appeared while the export ran (another program or export wrote it); it was left as it is, and this export's output was removed`);
      if (!LINK_UNSUPPORTED.has(code)) throw error;
      // A file system without hard links: rename, after one more look (a narrower window).
      if (lstatOrNull(this.finalPath) !== null) throw new VboxCoreError('OUTPUT_EXISTS', `${this.finalPath} appeared while the export ran; it was left as it is, and this export's output was removed`);
      fs.renameSync(this.temporaryPath, this.finalPath);
      return;
    }
    fs.unlinkSync(this.temporaryPath);
  }

  /** Closes and removes the temporary file; never throws. */
  async discard(): Promise<void> {
    if (this.handle !== null) {
      await this.handle.close().catch(() => undefined);
      this.handle = null;
    } else if (this.fileHandle !== null) {
      await this.fileHandle.close().catch(() => undefined);
    }
    await fs.promises.rm(this.temporaryPath, { force: true }).catch(() => undefined);
    temporariesInUse.delete(this.temporaryPath);
  }
}

/** A failed write as WRITE_FAILED; says the partial output was removed only when there was one. */
export function writeFailure(outputPath: string, error: unknown, partialRemoved: boolean): VboxCoreError {
  if (error instanceof VboxCoreError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = errno === 'ENOSPC' ? 'no space left on the device' : errno === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
  return new VboxCoreError('WRITE_FAILED', `${outputPath}: writing failed: ${reason}; ${partialRemoved ? 'the partial output was removed' : 'nothing was written'}`, { details: { errno: errno ?? null } });
}

/**
 * Writes a small output (a picture, a page) the way exports are written: checked first, under a
 * temporary name, fsynced, and put in place only when complete.
 */
export async function writeFileAtomically(inputPath: string, outputPath: string, bytes: Uint8Array, force: boolean): Promise<void> {
  checkOutputPath(inputPath, outputPath, force);
  // The dump's permission bits; a dump read over the network has none here.
  const output = await AtomicOutput.create(outputPath, fs.statSync(inputPath, { throwIfNoEntry: false })?.mode ?? 0o644);
  try {
    let written = 0;
    while (written < bytes.length) written += (await output.file.write(bytes, written, bytes.length - written, written)).bytesWritten;
  } catch (error) {
    await output.discard();
    throw writeFailure(outputPath, error, true);
  }
  await output.commit(true, force);
}
