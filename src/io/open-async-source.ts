import type { AsyncByteSource } from './async-source';
import { FileHandleSource } from './file-handle-source';
import { HttpSource } from './http-source';
import { isHttpAddress } from './remote-address';

/** A dump's bytes by its name, for asynchronous reads: an http:// or https:// address over HTTP, anything else a file's path. */
export function openAsyncSource(name: string): Promise<AsyncByteSource> {
  return isHttpAddress(name) ? HttpSource.open(name) : FileHandleSource.open(name);
}
