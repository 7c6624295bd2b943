import { VboxCoreError } from '../src/errors';
import type { AsyncByteSource } from '../src/io/async-source';
import { checkWindow } from '../src/io/byte-source';

/**
 * A dump served by `vboxcore view` on loopback, read with HTTP range requests: the page asks for
 * the bytes a view needs, as it would slice a picked file.
 */
export class HttpRangeSource implements AsyncByteSource {
  bytesRead = 0;
  readCount = 0;

  private constructor(
    private readonly url: string,
    readonly path: string,
    readonly size: number,
  ) {}

  static async open(url: string, name: string): Promise<HttpRangeSource> {
    const response = await fetch(url, { method: 'HEAD' });
    const size = Number(response.headers.get('content-length'));
    if (!response.ok || !Number.isSafeInteger(size)) throw new VboxCoreError('FILE_UNREADABLE', `${name}: the viewer's server did not give the dump (HTTP ${response.status})`);
    return new HttpRangeSource(url, name, size);
  }

  async readInto(target: Uint8Array, fileOffset: number): Promise<void> {
    checkWindow(this, fileOffset, target.length);
    if (target.length === 0) return;
    const response = await fetch(this.url, { headers: { Range: `bytes=${fileOffset}-${fileOffset + target.length - 1}` } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 206 || bytes.length !== target.length) {
      throw new VboxCoreError('FILE_UNREADABLE', `${this.path}: the viewer's server answered HTTP ${response.status} with ${bytes.length} of ${target.length} bytes at file offset ${fileOffset}`, { fileOffset });
    }
    target.set(bytes);
    this.bytesRead += bytes.length;
    this.readCount += 1;
  }

  async close(): Promise<void> {}
}
