import { redactedUrl } from './http-source';

/** Dump names read over HTTP(S) rather than opened as files. */
export function isHttpAddress(name: string): boolean {
  return /^https?:\/\//i.test(name);
}

/** Dump names read over the network: http://, https:// and s3:// addresses. */
export function isRemoteAddress(name: string): boolean {
  return isHttpAddress(name) || /^s3:\/\//i.test(name);
}

/** A dump's name as messages, reports and digests show it: an address without credentials or query (a signature lives there), a path as it is. */
export function shownName(name: string): string {
  return isRemoteAddress(name) ? redactedUrl(name) : name;
}
