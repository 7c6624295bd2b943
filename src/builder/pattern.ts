/**
 * The verifiable memory pattern: each aligned 8-byte word holds its own physical address,
 * little-endian. Any window of a dump can be checked against it without storing a copy.
 */
export function patternBytes(physicalAddress: number, length: number): Buffer {
  const firstWord = Math.floor(physicalAddress / 8) * 8;
  const lead = physicalAddress - firstWord;
  const words = Math.ceil((lead + length) / 8);
  const scratch = Buffer.allocUnsafeSlow(words * 8);
  // Two 32-bit halves per word: plain number arithmetic, fast enough for gigabytes of pattern.
  const halves = new Uint32Array(scratch.buffer, scratch.byteOffset, words * 2);
  for (let index = 0; index < words; index++) {
    const word = firstWord + index * 8;
    halves[index * 2] = word % 0x1_0000_0000;
    halves[index * 2 + 1] = Math.floor(word / 0x1_0000_0000);
  }
  return scratch.subarray(lead, lead + length);
}
