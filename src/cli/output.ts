import * as fs from 'node:fs';
import { VboxCoreError } from '../errors';
import { jsonLine } from '../report/json';

/** Where the CLI writes: standard output (data) and standard error (one-line messages). */
export interface Output {
  /** Resolves once the chunk is handed to the system; rejects when the output is gone or full. */
  write(chunk: string | Uint8Array): void | Promise<void>;
  /** One message line on standard error, as `vboxcore: <line>`. */
  warn(line: string): void;
  /** Text on standard error as it is (a JSON error document). */
  writeError(text: string): void;
  /** The descriptor behind write(), where bytes may go to it directly (sendfile); absent for other outputs. */
  readonly descriptor?: number;
}

/** The reader of standard output went away (EPIPE): stop quietly, as a program killed by SIGPIPE does. */
export class OutputClosed extends Error {
  constructor() {
    super('standard output was closed by its reader');
  }
}

const STDOUT = 1;

/** 128 + SIGPIPE, what a shell reports for a writer whose pipe was closed. */
export const OUTPUT_CLOSED_EXIT = 141;

function outputFailure(error: NodeJS.ErrnoException): Error {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return new OutputClosed();
  const reason = error.code === 'ENOSPC' ? 'no space left on the device' : error.code === 'EFBIG' ? 'the file is too large for its file system' : error.message;
  return new VboxCoreError('WRITE_FAILED', `standard output: writing failed: ${reason}`);
}

/**
 * Standard output and error of the process. Standard output is written with write(2) on the
 * descriptor, each write whole before the next: a blocking pipe or a terminal waits for its
 * reader, which is the backpressure that keeps a 256 MiB hexdump from piling up in memory, and a
 * closed pipe (EPIPE) or a full disk (ENOSPC) is learned at the write. Node's stream for it is made
 * only where the descriptor is non-blocking (EAGAIN) or on Windows (its console wants the stream):
 * making it loads Node's stream modules, a few milliseconds of every command's start.
 */
export function processOutput(): Output {
  let failure: Error | null = null;
  let direct = process.platform !== 'win32';
  let streamReady = false;
  const streamWrite = (chunk: string | Uint8Array): Promise<void> => {
    if (!streamReady) {
      streamReady = true;
      // Without listeners an 'error' event would end the process with a stack trace.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        failure ??= outputFailure(error);
      });
    }
    return new Promise<void>((resolve, reject) => {
      if (failure !== null) {
        reject(failure);
        return;
      }
      process.stdout.write(chunk, (error) => {
        if (error !== null && error !== undefined) failure ??= outputFailure(error);
        if (failure !== null) reject(failure);
        else resolve();
      });
    });
  };
  const writeDirect = (chunk: string | Uint8Array): Promise<void> => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(STDOUT, bytes, written, bytes.length - written);
      return Promise.resolve();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
        failure = outputFailure(error as NodeJS.ErrnoException);
        return Promise.reject(failure);
      }
      // A non-blocking descriptor (shared with a parent that set O_NONBLOCK): the stream waits for it, from here on.
      direct = false;
      return streamWrite(bytes.subarray(written));
    }
  };
  let stderrReady = false;
  const stderr = (): NodeJS.WriteStream => {
    if (!stderrReady) {
      stderrReady = true;
      process.stderr.on('error', () => undefined);
    }
    return process.stderr;
  };
  return {
    write: (chunk) => {
      if (failure !== null) return Promise.reject(failure);
      return direct ? writeDirect(chunk) : streamWrite(chunk);
    },
    warn: (line) => {
      stderr().write(`vboxcore: ${line}\n`);
    },
    writeError: (text) => {
      stderr().write(text);
    },
    descriptor: STDOUT,
  };
}

/**
 * Control characters of the input (a VMCOREINFO line, a file name) would reach the terminal as
 * escape sequences: shown as \xNN instead. Newlines and tabs are the CLI's own layout.
 */
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function printableText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Under --json, warnings and notes go to stderr as one-line JSON documents, as errors do. */
export function jsonWarnings(output: Output): Output {
  return { ...output, warn: (line) => output.writeError(jsonLine('warning', { warning: { message: line.replace(/^(warning|note): /, '') } })) };
}

/** The same output with every text chunk and message made printable; bytes (--raw) pass as they are. */
export function printableOutput(output: Output): Output {
  return {
    write: (chunk) => output.write(typeof chunk === 'string' ? printableText(chunk) : chunk),
    warn: (line) => output.warn(printableText(line)),
    writeError: (text) => output.writeError(printableText(text)),
    descriptor: output.descriptor,
  };
}
