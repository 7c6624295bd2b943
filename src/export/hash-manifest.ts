/**
 * Digest files beside an export, one per algorithm, in the format of coreutils' sha256sum and
 * md5sum (`HEX  PATH`): the dump's line and the output's, so that a chain-of-custody form can cite
 * the file and `sha256sum -c OUT.sha256`, run where the export ran, checks both.
 */
import type { HashAlgorithm } from '../io/hash';
import type { ExportHashes } from './export';
import { checkOutputPath, writeFileAtomically } from './output-file';

/** Where the digest files of an export to `outputPath` go: `OUT.sha256`, `OUT.md5`. */
export function hashManifestPaths(outputPath: string, algorithms: readonly HashAlgorithm[]): string[] {
  return algorithms.map((algorithm) => `${outputPath}.${algorithm}`);
}

/** Refuses, before anything is exported, digest files that exist (without force) or that name the dump. */
export function checkHashManifestPaths(inputPath: string, outputPath: string, algorithms: readonly HashAlgorithm[], force: boolean): void {
  for (const manifestPath of hashManifestPaths(outputPath, algorithms)) checkOutputPath(inputPath, manifestPath, force);
}

/** One algorithm's file: the dump's digest, then the output's when it was hashed. */
export function hashManifestText(hashes: ExportHashes, algorithm: HashAlgorithm): string {
  const line = (digests: ExportHashes['input']) => {
    const digest = digests.digests.find((candidate) => candidate.algorithm === algorithm);
    if (digest === undefined) throw new Error(`no ${algorithm} digest of ${digests.path}`);
    // coreutils escapes a name holding a newline or backslash with a leading backslash.
    const escaped = /[\n\\]/.test(digests.path);
    return `${escaped ? '\\' : ''}${digest.hex}  ${escaped ? digests.path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : digests.path}`;
  };
  return hashes.output === null ? `${line(hashes.input)}\n` : `${line(hashes.input)}\n${line(hashes.output)}\n`;
}

/** Writes each algorithm's file atomically beside the output at `outputPath`; returns their paths. */
export async function writeHashManifests(inputPath: string, outputPath: string, hashes: ExportHashes, force: boolean): Promise<string[]> {
  const algorithms = hashes.input.digests.map((digest) => digest.algorithm);
  const paths = hashManifestPaths(outputPath, algorithms);
  for (const [index, algorithm] of algorithms.entries()) await writeFileAtomically(inputPath, paths[index], Buffer.from(hashManifestText(hashes, algorithm)), force);
  return paths;
}
