import { ByteSource } from './byte-source';
import { FileSource } from './file-source';
import { isHttpAddress } from './remote-address';
import { RemoteSyncSource } from './remote-sync-source';

/** A dump's bytes by its name: an http:// or https:// address is read over HTTP, anything else is a file's path. */
export function openByteSource(name: string): ByteSource {
  return typeof name === 'string' && isHttpAddress(name) ? RemoteSyncSource.open(name) : FileSource.open(name);
}
