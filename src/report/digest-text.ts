import type { FileDigests } from '../io/hash';

/** `sha256 input  <hex>  PATH (N bytes, what was hashed)`, one line per digest. */
export function digestLines(role: string, digests: FileDigests, what: string): string[] {
  return digests.digests.map((digest) => `${digest.algorithm.padEnd(6)} ${role.padEnd(6)} ${digest.hex}  ${digests.path} (${digests.bytes} bytes, ${what})`);
}
