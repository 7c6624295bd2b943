/**
 * Files people mistake for VirtualBox cores, recognised so that the refusal names what the file
 * is. Signatures are the first bytes of each format; core producers are told by their notes.
 */
const SIGNATURES: readonly { bytes: string; what: string }[] = [
  { bytes: 'KDUMP   ', what: 'a kdump file in makedumpfile\'s compressed format' },
  { bytes: 'DISKDUMP', what: 'a Linux diskdump file' },
  { bytes: 'PAGEDU64', what: 'a 64-bit Windows crash dump' },
  { bytes: 'PAGEDUMP', what: 'a 32-bit Windows crash dump' },
  { bytes: 'EMiL', what: 'a LiME memory image' },
  { bytes: 'QEVM', what: 'a QEMU savevm state file' },
  { bytes: 'MDMP', what: 'a Windows minidump' },
];

/** What a non-ELF file probably is, or null. */
export function recognizeSignature(firstBytes: Uint8Array): string | null {
  const text = Buffer.from(firstBytes.subarray(0, 8)).toString('latin1');
  return SIGNATURES.find((signature) => text.startsWith(signature.bytes))?.what ?? null;
}
