import type { AsyncByteSource } from './async-source';
import { FileHandleSource } from './file-handle-source';
import { HttpSource } from './http-source';
import { isHttpAddress, isRemoteAddress } from './remote-address';
import { S3Source } from './s3-source';

/** A dump's bytes by its name, for asynchronous reads: an http(s):// address over HTTP, an s3:// one from S3, anything else a file's path. */
export function openAsyncSource(name: string): Promise<AsyncByteSource> {
  if (!isRemoteAddress(name)) return FileHandleSource.open(name);
  return isHttpAddress(name) ? HttpSource.open(name) : S3Source.open(name);
}
