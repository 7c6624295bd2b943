import { ByteSource } from './byte-source';
import { FileSource } from './file-source';
import { isRemoteAddress } from './remote-address';
import type * as RemoteSync from './remote-sync-source';

/** A dump's bytes by its name: an http(s):// or s3:// address is read over the network, anything else is a file's path. */
export function openByteSource(name: string): ByteSource {
  if (typeof name !== 'string' || !isRemoteAddress(name)) return FileSource.open(name);
  // Required here, not above: the remote source brings worker_threads, which a command on a
  // file would load for nothing at every start.
  const { RemoteSyncSource } = require('./remote-sync-source') as typeof RemoteSync;
  return RemoteSyncSource.open(name);
}
