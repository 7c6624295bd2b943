/**
 * The parsers generated from schemas/ (Kaitai Struct), for reading a dump's structures yourself,
 * and a stream helper: `new VboxCpuState(kaitaiStream(bytes), undefined, undefined, 0x10006)`.
 * Each parser reads standalone from the bytes of its own structure (a window of the file).
 * @module
 */
import KaitaiStream from 'kaitai-struct/KaitaiStream';

export * from '../generated/index';
export { KaitaiStream };

/**
 * A Kaitai stream over bytes as Node hands them out (a Buffer is a view into a larger
 * ArrayBuffer; the stream must see only these bytes).
 */
export function kaitaiStream(bytes: Uint8Array): KaitaiStream {
  return new KaitaiStream(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
