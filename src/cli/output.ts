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

/** 128 + SIGPIPE, what a shell reports for a writer whose pipe was closed. */
export const OUTPUT_CLOSED_EXIT = 141;

function outputFailure(error: NodeJS.ErrnoException): Error {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return new OutputClosed();
  const reason = error.code === 'ENOSPC' ? 'no space left on the device' : error.code === 'EFBIG' ? 'the file is too large for its file system' : error.message;
  return new VboxCoreError('WRITE_FAILED', `standard output: writing failed: ${reason}`);
}

/**
 * Standard output and error of the process. Each write waits for its callback: that is the
 * backpressure that keeps a 256 MiB hexdump from piling up in memory, and where a closed pipe
 * (EPIPE) or a full disk (ENOSPC) is learned, instead of in an unhandled 'error' event.
 */
export function processOutput(): Output {
  let failure: Error | null = null;
  // Without listeners an 'error' event would end the process with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= outputFailure(error);
  });
  process.stderr.on('error', () => undefined);
  return {
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (failure !== null) {
          reject(failure);
          return;
        }
        process.stdout.write(chunk, (error) => {
          if (error !== null && error !== undefined) failure ??= outputFailure(error);
          if (failure !== null) reject(failure);
          else resolve();
        });
      }),
    warn: (line) => {
      process.stderr.write(`vboxcore: ${line}\n`);
    },
    writeError: (text) => {
      process.stderr.write(text);
    },
    descriptor: 1,
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
