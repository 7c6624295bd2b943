/**
 * Searching a dump's bytes for a pattern: hex with `??` wildcards, ASCII or UTF-16LE text. The
 * bytes come as runs (an address, where it is in the file, how long), read chunk by chunk; a
 * match may straddle chunks and runs whose addresses follow on (a virtual page after another,
 * wherever their physical pages are), never a gap. Used by the viewer's search worker.
 */
import { VboxCoreError } from '../src/errors';

/** What to look for: `mask[i]` 0 lets any byte match `bytes[i]`. */
export interface SearchPattern {
  readonly bytes: Uint8Array;
  readonly mask: Uint8Array;
}

/** How the pattern is typed. */
export type PatternKind = 'hex' | 'ascii' | 'utf16le';

/** Longest pattern taken. */
export const PATTERN_LIMIT = 256;

/** Bytes of a dump to search: `length` bytes at `fileOffset` of the file, which are `address` of the space searched. */
export interface SearchRun {
  readonly address: bigint;
  readonly fileOffset: number;
  readonly length: number;
}

function refuse(text: string): never {
  throw new VboxCoreError('INVALID_ARGUMENT', text);
}

/** The pattern `text` of `kind` means, or INVALID_ARGUMENT saying what is wrong with it. */
export function parsePattern(kind: PatternKind, text: string): SearchPattern {
  if (text === '') refuse('the search pattern is empty');
  let bytes: number[];
  let mask: number[];
  if (kind === 'hex') {
    const compact = text.replace(/\s+/g, '');
    if (compact.length % 2 !== 0 || !/^([0-9a-fA-F]{2}|\?\?)*$/.test(compact)) refuse(`hex pattern "${text}": write bytes as pairs of hex digits, ?? for any byte (4d 5a ?? 00)`);
    const pairs = compact.match(/.{2}/g) ?? [];
    bytes = pairs.map((pair) => (pair === '??' ? 0 : parseInt(pair, 16)));
    mask = pairs.map((pair) => (pair === '??' ? 0 : 1));
  } else {
    const units = Array.from(text, (character) => character.codePointAt(0) as number);
    if (kind === 'ascii') {
      const wide = units.find((unit) => unit > 0x7f);
      if (wide !== undefined) refuse(`"${String.fromCodePoint(wide)}" is not ASCII: search it as UTF-16LE, or as hex bytes`);
      bytes = units;
    } else {
      bytes = [];
      for (let index = 0; index < text.length; index++) {
        const unit = text.charCodeAt(index);
        bytes.push(unit & 0xff, unit >> 8);
      }
    }
    mask = bytes.map(() => 1);
  }
  if (bytes.length > PATTERN_LIMIT) refuse(`the search pattern is ${bytes.length} bytes; at most ${PATTERN_LIMIT}`);
  if (!mask.includes(1)) refuse('a pattern of wildcards only matches everywhere: give at least one byte');
  return { bytes: Uint8Array.from(bytes), mask: Uint8Array.from(mask) };
}

/**
 * Every start position in `buffer` from `from` where the pattern matches whole, up to `limit` of
 * them. The rarest-looking byte is not guessed: the first fixed byte anchors, found by the
 * engine's native indexOf, and the rest is compared only there.
 */
export function findMatches(buffer: Uint8Array, pattern: SearchPattern, from: number, limit: number): number[] {
  const found: number[] = [];
  const anchor = pattern.mask.indexOf(1);
  const anchorByte = pattern.bytes[anchor];
  const length = pattern.bytes.length;
  let position = from + anchor;
  while (found.length < limit) {
    const at = buffer.indexOf(anchorByte, position);
    if (at < 0) break;
    const start = at - anchor;
    if (start + length > buffer.length) break;
    let index = 0;
    while (index < length && (pattern.mask[index] === 0 || buffer[start + index] === pattern.bytes[index])) index++;
    if (index === length) found.push(start);
    position = at + 1;
  }
  return found;
}

/** What a search has done so far. */
export interface SearchProgress {
  readonly bytesSearched: number;
  readonly bytesTotal: number;
}

/**
 * Searches `runs` (in address order) for `pattern`, reading through `read` in chunks of
 * `chunkBytes` (in file order within a run: a reader may stream), the next chunk read while this
 * one is searched. Calls `onHits` with the
 * addresses found and `onProgress` after each chunk; stops after `maxHits` hits (the result
 * says whether there were more to find). A search is cancelled by ending the worker it runs in.
 */
export async function searchRuns(options: {
  runs: readonly SearchRun[];
  pattern: SearchPattern;
  /** Bytes of the file; those of a chunk are used only until the read of the chunk after the next one starts, so a reader may give out two buffers in turn. */
  read: (fileOffset: number, length: number) => Promise<Uint8Array>;
  chunkBytes: number;
  maxHits: number;
  onHits: (addresses: bigint[]) => void;
  onProgress: (progress: SearchProgress) => void;
}): Promise<{ hits: number; truncated: boolean; bytesSearched: number }> {
  const { runs, pattern, read, chunkBytes, maxHits } = options;
  const overlap = pattern.bytes.length - 1;
  const bytesTotal = runs.reduce((sum, run) => sum + run.length, 0);
  // Pieces of at most chunkBytes each, in order; the read of piece n+1 starts before piece n is searched.
  const pieces: { run: SearchRun; offset: number; length: number }[] = [];
  for (const run of runs) for (let offset = 0; offset < run.length; offset += chunkBytes) pieces.push({ run, offset, length: Math.min(chunkBytes, run.length - offset) });
  const fetchPiece = (index: number): Promise<Uint8Array> => read(pieces[index].run.fileOffset + pieces[index].offset, pieces[index].length);
  let hits = 0;
  let bytesSearched = 0;
  // The last `overlap` bytes before this piece, when its address follows theirs.
  let carry = new Uint8Array(0);
  let carryEnd: bigint | null = null;
  let next = pieces.length > 0 ? fetchPiece(0) : null;
  for (let index = 0; index < pieces.length && next !== null; index++) {
    const bytes = await next;
    next = index + 1 < pieces.length ? fetchPiece(index + 1) : null;
    const piece = pieces[index];
    const address = piece.run.address + BigInt(piece.offset);
    // Matches that begin in the carried bytes are looked for in a small buffer across the seam;
    // the rest in the piece itself, not copied.
    const seam = carryEnd === address && carry.length > 0 ? concat(carry, bytes.subarray(0, overlap)) : null;
    const seamAddress = address - BigInt(carry.length);
    const seamMatches = seam === null ? [] : findMatches(seam, pattern, 0, maxHits + 1).filter((position) => position < carry.length).map((position) => seamAddress + BigInt(position));
    const found = [...seamMatches, ...findMatches(bytes, pattern, 0, maxHits - hits + 1).map((position) => address + BigInt(position))];
    const kept = found.slice(0, maxHits - hits);
    if (kept.length > 0) options.onHits(kept);
    hits += kept.length;
    bytesSearched += piece.length;
    options.onProgress({ bytesSearched, bytesTotal });
    if (found.length > kept.length) {
      next?.catch(() => undefined);
      return { hits, truncated: true, bytesSearched };
    }
    // The last `overlap` bytes searched: from the piece, or for a piece shorter than that, with what came before it.
    const searched = bytes.length >= overlap || seam === null ? bytes : concat(carry, bytes);
    carry = searched.slice(Math.max(0, searched.length - overlap));
    carryEnd = address + BigInt(piece.length);
  }
  next?.catch(() => undefined);
  return { hits, truncated: false, bytesSearched };
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/** A share of a search given to one worker: its runs, the first of them perhaps a few bytes carried from the batch before. */
export interface SearchBatch {
  readonly runs: readonly SearchRun[];
  /** Bytes of the batch's own (not carried). */
  readonly ownBytes: number;
}

/**
 * `runs` cut into batches of at most `batchBytes` each. Where a cut falls between bytes whose
 * addresses follow on, the next batch starts with the last `overlap` (pattern length - 1) bytes
 * before it again, so a match across the cut is found there. A match is found by exactly one
 * batch, the one its last byte is in: the carried bytes are too few to hold a whole match.
 */
export function batchRuns(runs: readonly SearchRun[], batchBytes: number, overlap: number): SearchBatch[] {
  const batches: SearchBatch[] = [];
  let current: SearchRun[] = [];
  let size = 0;
  let carried: SearchRun[] = [];
  const close = (): void => {
    if (current.length === 0) return;
    const all = [...carried, ...current];
    batches.push({ runs: all, ownBytes: size });
    // the last `overlap` bytes this batch searched, where their addresses follow on, to carry
    const tail: SearchRun[] = [];
    let wanted = overlap;
    for (let index = all.length - 1; index >= 0 && wanted > 0; index--) {
      const run = all[index];
      const take = Math.min(wanted, run.length);
      tail.unshift({ address: run.address + BigInt(run.length - take), fileOffset: run.fileOffset + run.length - take, length: take });
      wanted -= take;
      if (index > 0 && all[index - 1].address + BigInt(all[index - 1].length) !== run.address) break;
    }
    carried = tail;
    current = [];
    size = 0;
  };
  for (const whole of runs) {
    for (let offset = 0; offset < whole.length;) {
      if (size === batchBytes) close();
      const length = Math.min(whole.length - offset, batchBytes - size);
      const piece = { address: whole.address + BigInt(offset), fileOffset: whole.fileOffset + offset, length };
      if (current.length === 0) {
        const last = carried[carried.length - 1];
        // carried bytes count only when this batch's first byte follows on from them
        if (last === undefined || last.address + BigInt(last.length) !== piece.address) carried = [];
      }
      current.push(piece);
      size += length;
      offset += length;
    }
  }
  close();
  return batches;
}
