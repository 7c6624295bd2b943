/**
 * The verifiable memory pattern: each aligned 8-byte word holds its own physical address,
 * little-endian. Any window of a dump can be checked against it without storing a copy.
 */
export function patternBytes(physicalAddress: number, length: number): Buffer {
  const firstWord = Math.floor(physicalAddress / 8) * 8;
  const lead = physicalAddress - firstWord;
  const words = Math.ceil((lead + length) / 8);
  const scratch = Buffer.allocUnsafe(words * 8);
  let word = BigInt(firstWord);
  for (let index = 0; index < words; index++) {
    scratch.writeBigUInt64LE(word, index * 8);
    word += 8n;
  }
  return scratch.subarray(lead, lead + length);
}
