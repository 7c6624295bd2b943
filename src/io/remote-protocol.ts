/**
 * What the main thread and the remote-source worker share: a control word array (the state of
 * the current request and a length) and a data buffer the worker fills, with JSON in it for
 * answers that are not bytes (what the open learnt, a failure).
 */
import type { HttpSourceOptions } from './http-source';

/** Index of the state word: WAITING while a request runs, then DONE or FAILED. */
export const STATE = 0;
/** Index of the answer's length in bytes. */
export const LENGTH = 1;
export const WAITING = 0;
export const ANSWER_DONE = 1;
export const ANSWER_FAILED = 2;

/** The most one request to the worker carries: longer reads are split. */
export const DATA_BYTES = 8 * 1024 * 1024;

/** A request posted to the worker, for the source `id`. */
export type RemoteRequest =
  | { readonly kind: 'open'; readonly id: number; readonly address: string; readonly options: Omit<HttpSourceOptions, 'fetch'>; readonly control: SharedArrayBuffer; readonly data: SharedArrayBuffer }
  | { readonly kind: 'read'; readonly id: number; readonly fileOffset: number; readonly length: number }
  | { readonly kind: 'close'; readonly id: number };

/** Writes `value` as JSON at the start of `data`; returns its length. */
export function writeAnswer(data: Uint8Array, value: unknown): number {
  const { written } = new TextEncoder().encodeInto(JSON.stringify(value), data);
  return written;
}

/** The JSON answer of `length` bytes at the start of `data`. */
export function readAnswer<T>(data: Uint8Array, length: number): T {
  return JSON.parse(new TextDecoder().decode(data.slice(0, length))) as T;
}
