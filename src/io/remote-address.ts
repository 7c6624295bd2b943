/** Dump names read over HTTP(S) rather than opened as files. */
export function isHttpAddress(name: string): boolean {
  return /^https?:\/\//i.test(name);
}
