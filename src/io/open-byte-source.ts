import { ByteSource } from './byte-source';
import { FileSource } from './file-source';
import { isRemoteAddress } from './remote-address';
import { RemoteSyncSource } from './remote-sync-source';

/** A dump's bytes by its name: an http(s):// or s3:// address is read over the network, anything else is a file's path. */
export function openByteSource(name: string): ByteSource {
  return typeof name === 'string' && isRemoteAddress(name) ? RemoteSyncSource.open(name) : FileSource.open(name);
}
