/**
 * How a remote source answers a read: from the object's first bytes, fetched when it was opened,
 * where the read lies inside them; otherwise as requests of at most `maxRequestBytes`, up to
 * `parallel` of them in flight.
 */
export async function readInRanges(
  target: Uint8Array,
  fileOffset: number,
  head: Uint8Array,
  limits: { readonly maxRequestBytes: number; readonly parallel: number },
  readRange: (fileOffset: number, target: Uint8Array) => Promise<void>,
): Promise<void> {
  if (fileOffset + target.length <= head.length) {
    target.set(head.subarray(fileOffset, fileOffset + target.length));
    return;
  }
  const pieces: [number, Uint8Array][] = [];
  for (let done = 0; done < target.length; done += limits.maxRequestBytes) pieces.push([fileOffset + done, target.subarray(done, done + limits.maxRequestBytes)]);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pieces.length) {
      const [offset, piece] = pieces[next++];
      await readRange(offset, piece);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limits.parallel, pieces.length) }, worker));
}
