import { ReadOptions } from '../address-space/physical';
import { hexdumpLines } from '../report/hexdump';
import { jsonDocument } from '../report/json';
import { Output } from './output';

/** What `read` reads from: the physical space or a vCPU's virtual one, both with the same two calls. */
export interface ReadableSpace {
  assertReadable(address: bigint, length: number): void;
  readInto(address: bigint, target: Uint8Array, options?: ReadOptions): void;
}

export type ReadFormat = 'hexdump' | 'raw' | 'json';

/** Bytes read at a time: a multiple of 16, so that hexdump lines never straddle two chunks. */
const CHUNK = 1024 * 1024;

/**
 * Writes `length` bytes at `address` as a hexdump, raw bytes or JSON, one chunk at a time: memory
 * stays at one chunk whatever the length. Holes are checked for the whole window first (unless
 * they read as zeros), so a failing read writes nothing.
 */
export async function streamRead(output: Output, space: ReadableSpace, address: bigint, length: number, options: { format: ReadFormat; zeroHoles: boolean; addressKey: string; holes: readonly { length: number }[] }): Promise<void> {
  const readOptions: ReadOptions = { holes: options.zeroHoles ? 'zero' : 'error' };
  if (!options.zeroHoles) space.assertReadable(address, length);
  if (options.format === 'json') {
    // The document jsonDocument would print, with the hex string written as it is read.
    const head = jsonDocument('read', { [options.addressKey]: address, length, holes: options.holes, hex: '' });
    const [before, after] = head.split('"hex": ""');
    await output.write(`${before}"hex": "`);
    await forEachChunk(space, address, length, readOptions, (chunk) => output.write(Buffer.from(chunk).toString('hex')));
    await output.write(`"${after}`);
    return;
  }
  await forEachChunk(space, address, length, readOptions, (chunk, chunkAddress) => output.write(options.format === 'raw' ? chunk : hexdumpLines(chunkAddress, chunk)));
}

async function forEachChunk(space: ReadableSpace, address: bigint, length: number, options: ReadOptions, use: (chunk: Buffer, chunkAddress: bigint) => void | Promise<void>): Promise<void> {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, length));
  for (let done = 0; done < length; done += CHUNK) {
    const chunk = buffer.subarray(0, Math.min(CHUNK, length - done));
    const chunkAddress = address + BigInt(done);
    space.readInto(chunkAddress, chunk, options);
    // Raw chunks go out as they are: written before the buffer is filled again.
    await use(chunk, chunkAddress);
  }
}
