/**
 * Files people mistake for VirtualBox cores, recognised so that the refusal names what the file
 * is. Signatures are the first bytes of each format; core producers are told by their notes.
 */
const SIGNATURES: readonly { bytes: string; what: string }[] = [
  { bytes: 'KDUMP   ', what: 'a kdump-compressed file (makedumpfile, or QEMU\'s dump-guest-memory -z, -l or -s): vboxcore reads ELF cores, which dump-guest-memory writes without those options' },
  { bytes: 'makedumpfile', what: 'a kdump-compressed dump in makedumpfile\'s flattened format (QEMU\'s dump-guest-memory -z, -l or -s writing to a pipe, or makedumpfile -F): vboxcore reads ELF cores; `makedumpfile -R` turns it back into a file, dump-guest-memory without those options writes ELF' },
  { bytes: 'DISKDUMP', what: 'a Linux diskdump file' },
  { bytes: 'PAGEDU64', what: 'a 64-bit Windows crash dump (Windows, or QEMU\'s dump-guest-memory -w)' },
  { bytes: 'PAGEDUMP', what: 'a 32-bit Windows crash dump' },
  { bytes: 'EMiL', what: 'a LiME memory image' },
  { bytes: 'QEVM', what: 'a QEMU savevm state file' },
  { bytes: 'MDMP', what: 'a Windows minidump' },
];

/** What a non-ELF file probably is, or null. */
export function recognizeSignature(firstBytes: Uint8Array): string | null {
  const text = Buffer.from(firstBytes.subarray(0, 16)).toString('latin1');
  return SIGNATURES.find((signature) => text.startsWith(signature.bytes))?.what ?? null;
}
