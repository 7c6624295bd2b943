/** Dump names read over HTTP(S) rather than opened as files. */
export function isHttpAddress(name: string): boolean {
  return /^https?:\/\//i.test(name);
}

/** Dump names read over the network: http://, https:// and s3:// addresses. */
export function isRemoteAddress(name: string): boolean {
  return isHttpAddress(name) || /^s3:\/\//i.test(name);
}
