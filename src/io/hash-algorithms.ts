// The digest names, apart from node:crypto, so that parsing an option costs nothing at start-up.
import { VboxCoreError } from '../errors';

/** The digests chain-of-custody forms ask for: SHA-256 first; SHA-1 and MD5 for older forms. */
export const HASH_ALGORITHMS = ['sha256', 'sha512', 'sha1', 'md5'] as const;
/** One of HASH_ALGORITHMS: `sha256`, `sha512`, `sha1` or `md5`. */
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** `sha256`, `sha256,md5`: each known algorithm once, in the order given. */
export function parseHashAlgorithms(text: string): HashAlgorithm[] {
  const names = text.split(',').map((name) => name.trim().toLowerCase().replace(/^sha-/, 'sha'));
  const unknown = names.filter((name) => !(HASH_ALGORITHMS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new VboxCoreError('INVALID_ARGUMENT', `--hash ${JSON.stringify(text)}: ${unknown.length > 0 ? `unknown algorithm ${JSON.stringify(unknown[0])}` : 'no algorithm'}; use ${HASH_ALGORITHMS.join(', ')}, or several comma-separated (sha256,md5)`);
  }
  return [...new Set(names as HashAlgorithm[])];
}
