import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRemoteAddress } from '../io/remote-address';

const GLOB_MAGIC = /[*?[\]{}]/;

/**
 * The dumps a command line names: addresses and existing files as they are; an s3:// prefix
 * (`s3://bucket/sandbox/2026-12-03/`) as every object under it; a pattern
 * (`'dumps/2026-12-03/*.elf'`, quoted so that vboxcore expands it, past any shell's limit on
 * arguments) as the files it matches, sorted. A pattern that matches nothing stays as it was
 * written, so that it is reported as a dump that cannot be read, not silently dropped.
 */
export async function expandDumpNames(names: readonly string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const name of names) {
    if (/^s3:\/\/[^/]+\/(.*\/)?$/i.test(name)) {
      // An s3:// prefix (ending in /, or a bucket's root) stands for every object under it.
      expanded.push(...(await (await import('../io/s3-source')).listS3Prefix(name)));
      continue;
    }
    if (isRemoteAddress(name) || !GLOB_MAGIC.test(name) || fs.existsSync(name)) {
      expanded.push(name);
      continue;
    }
    // Absolute patterns give absolute paths, relative ones paths relative to here, as a shell does.
    const { glob } = await import('tinyglobby'); // loaded for a pattern only: most command lines name files
    const matches = (await glob(name, { onlyFiles: true, expandDirectories: false, dot: false, absolute: path.isAbsolute(name) })).sort();
    expanded.push(...(matches.length > 0 ? matches : [name]));
  }
  return expanded;
}
