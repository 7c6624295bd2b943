import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VboxCoreError } from '../errors';

/** What the export needs of its output file; tests wrap it to simulate a failing disk. */
export interface OutputHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Refuses an output that is the input itself (whatever the path looks like) and an existing
 * output unless `force`.
 */
export function checkOutputPath(inputPath: string, outputPath: string, force: boolean): void {
  let outputStat: fs.Stats | null = null;
  try {
    outputStat = fs.statSync(outputPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new VboxCoreError('WRITE_FAILED', `${outputPath}: ${(error as Error).message}`);
  }
  if (outputStat === null) return;
  const inputStat = fs.statSync(inputPath);
  if (outputStat.dev === inputStat.dev && outputStat.ino === inputStat.ino) {
    throw new VboxCoreError('OUTPUT_IS_INPUT', `${outputPath} is the dump itself; the dump is never written to`);
  }
  if (!force) throw new VboxCoreError('OUTPUT_EXISTS', `${outputPath} already exists; pass --force to replace it`);
  if (outputStat.isDirectory()) throw new VboxCoreError('OUTPUT_EXISTS', `${outputPath} is a directory`);
}

/**
 * An output written under a temporary name beside its final path and renamed into place only
 * when complete, so a crash, a full disk or Ctrl-C never leaves a partial file under that name.
 */
export class AtomicOutput {
  readonly temporaryPath: string;
  private handle: OutputHandle | null = null;
  private fileHandle: fs.promises.FileHandle | null = null;

  private constructor(
    readonly finalPath: string,
    temporaryPath: string,
  ) {
    this.temporaryPath = temporaryPath;
  }

  static async create(finalPath: string, wrap?: (handle: OutputHandle) => OutputHandle): Promise<AtomicOutput> {
    const directory = path.dirname(path.resolve(finalPath));
    const temporaryPath = path.join(directory, `.${path.basename(finalPath)}.${process.pid}-${randomBytes(4).toString('hex')}.vboxcore-tmp`);
    const output = new AtomicOutput(finalPath, temporaryPath);
    try {
      output.fileHandle = await fs.promises.open(temporaryPath, 'wx+', 0o644);
      output.handle = wrap === undefined ? output.fileHandle : wrap(output.fileHandle);
    } catch (error) {
      throw writeFailure(finalPath, error);
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

  /** Flushes (unless told not to), closes and renames into place. */
  async commit(sync: boolean): Promise<void> {
    try {
      if (sync) await this.file.sync();
      await this.file.close();
      this.handle = null;
      await fs.promises.rename(this.temporaryPath, this.finalPath);
    } catch (error) {
      await this.discard();
      throw writeFailure(this.finalPath, error);
    }
  }

  /** Closes and removes the temporary file; never throws. */
  async discard(): Promise<void> {
    if (this.handle !== null) {
      await this.handle.close().catch(() => undefined);
      this.handle = null;
    }
    await fs.promises.rm(this.temporaryPath, { force: true }).catch(() => undefined);
  }
}

export function writeFailure(outputPath: string, error: unknown): VboxCoreError {
  if (error instanceof VboxCoreError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = errno === 'ENOSPC' ? 'no space left on the device' : errno === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
  return new VboxCoreError('WRITE_FAILED', `${outputPath}: writing failed: ${reason}; the partial output was removed`);
}
