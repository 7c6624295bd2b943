/**
 * `read --raw` of physical memory into standard output by the kernel: each data run of the
 * window goes by sendfile from the dump's descriptor to standard output's, so no byte passes
 * through user space (into a pipe the kernel hands on the page cache's pages; /dev/null takes
 * nothing). Holes, read as zeros with --zero-holes, are written as zeros. Where the native engine
 * is not there, or the kernel cannot send to this output (a terminal, a file opened for
 * appending), nothing has been sent and the caller streams the bytes itself.
 */
import { PhysicalAddressSpace } from '../address-space/physical';
import { VboxCoreError } from '../errors';
import { nativeCopyEngine } from '../export/native-copy';
import { FileSource } from '../io/file-source';
import { Output, OutputClosed } from './output';

/** What the native engine's sendRange throws: the errno's code and the bytes sent before it. */
interface SendFailure {
  readonly code: string;
  readonly bytesSent: number;
}

function isSendFailure(error: unknown): error is SendFailure {
  return typeof error === 'object' && error !== null && typeof (error as SendFailure).code === 'string' && typeof (error as SendFailure).bytesSent === 'number';
}

/** Kernel answers meaning "not to this output", given before anything is sent. */
const REFUSALS = new Set(['EINVAL', 'ENOSYS', 'EOPNOTSUPP', 'ENOTSUP']);

/** One sendfile call at most: between calls a signal (Ctrl-C) gets its turn. */
const STEP = 256 * 1024 * 1024;
const ZEROS = new Uint8Array(1024 * 1024);

/**
 * Sends `length` bytes at physical `address` to the output descriptor. Returns false, having
 * sent nothing, where the caller must stream them itself; true once all are sent.
 */
export async function sendPhysicalRaw(source: FileSource, space: PhysicalAddressSpace, address: bigint, length: number, outputDescriptor: number, output: Output): Promise<boolean> {
  const addon = nativeCopyEngine().addon;
  if (addon === null || address > BigInt(Number.MAX_SAFE_INTEGER)) return false;
  let started = false;
  for (const run of space.mapping(address, length)) {
    if (run.kind === 'hole') {
      for (let done = 0; done < run.length; done += ZEROS.length) await output.write(ZEROS.subarray(0, Math.min(ZEROS.length, run.length - done)));
      started = true;
      continue;
    }
    for (let done = 0; done < run.length; done += STEP) {
      const step = Math.min(STEP, run.length - done);
      let sent: number;
      try {
        sent = addon.sendRange(source.descriptor(), outputDescriptor, run.fileOffset + done, step);
      } catch (error) {
        if (!isSendFailure(error)) throw error;
        if (!started && error.bytesSent === 0 && REFUSALS.has(error.code)) return false;
        if (error.code === 'EPIPE') throw new OutputClosed();
        throw new VboxCoreError('WRITE_FAILED', `standard output: writing failed: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.code}`);
      }
      started = true;
      if (sent < step) throw new VboxCoreError('FILE_UNREADABLE', `${source.path}: the file shrank while being read (end at ${run.fileOffset + done + sent})`, { fileOffset: run.fileOffset + done + sent });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return true;
}
