import { ExportSummary } from '../export/export';
import { digestLines } from './digest-text';
import { hex } from '../model/numbers';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The end-of-export summary in words. */
export function formatExportSummary(summary: ExportSummary): string {
  const lines = [
    `exported ${summary.input} -> ${summary.output} (${summary.format}${summary.dense ? ', dense' : ', sparse'})`,
    summary.outputDiskBytes === null ? `output: ${summary.outputLength} bytes written to the stream, holes as zeros` : `output: ${summary.outputLength} bytes long, ${summary.outputDiskBytes} bytes on disk`,
    `data: ${summary.bytesExported} bytes in ${summary.piecesExported} piece(s); ${summary.bytesWritten} bytes written, ${summary.bytesSkippedZero} bytes of zero pages left as holes`,
  ];
  const holes = Object.entries(summary.holes).filter(([, bytes]) => bytes > 0);
  if (holes.length > 0) lines.push(`holes (no data in the dump): ${holes.map(([kind, bytes]) => `${kind} ${hex(bytes)} bytes`).join(', ')}`);
  if (summary.holes.truncated > 0) lines.push(`warning: the dump is truncated; ${summary.holes.truncated} bytes are missing and were left as holes`);
  for (const load of summary.ignoredProgramHeaders) lines.push(`warning: program header ${load.programHeaderIndex} was not exported (${load.reason})`);
  if (summary.staleTemporariesRemoved.length > 0) lines.push(`note: removed ${summary.staleTemporariesRemoved.length} temporary file(s) of earlier exports to this output that were killed`);
  lines.push(`time: ${(summary.elapsedMs / 1000).toFixed(2)} s, ${mib(summary.bytesPerSecond)}/s (${summary.copyEngine} copy engine${summary.bytesCopiedInKernel > 0 ? `, ${summary.bytesCopiedInKernel} bytes copied in the kernel by copy_file_range` : ''})`);
  if (summary.bytesSteppedOver > 0) lines.push(`holes of the dump file: ${summary.bytesSteppedOver} bytes stepped over unread (not in the rate)`);
  if (summary.copyEngineNote !== null) lines.push(`note: ${summary.copyEngineNote}`);
  if (summary.kernelCopyNote !== null) lines.push(`note: ${summary.kernelCopyNote}`);
  if (summary.verification !== null) {
    const matched = summary.verification.filter((range) => range.match).length;
    const ignored = summary.ignoredProgramHeaders.length === 0 ? '' : `; ${summary.ignoredProgramHeaders.length} PT_LOAD(s) not exported, so not verified`;
    lines.push(`verify: ${matched} of ${summary.verification.length} range(s) match (SHA-256)${ignored}`);
    for (const range of summary.verification) lines.push(`  range ${range.rangeIndex} at ${hex(range.physicalStart)}: ${range.bytes} bytes sha256 ${range.outputSha256}${range.match ? '' : ` MISMATCH (dump ${range.sourceSha256})`}`);
  }
  if (summary.hashes !== null) {
    lines.push(...digestLines('input', summary.hashes.input, 'the whole dump'));
    if (summary.hashes.output !== null) lines.push(...digestLines('output', summary.hashes.output, summary.outputDiskBytes === null ? 'as written to the stream' : 'as read back, holes as zeros'));
  }
  return `${lines.join('\n')}\n`;
}
