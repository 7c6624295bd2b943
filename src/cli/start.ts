#!/usr/bin/env node
/**
 * The `vboxcore` command as installed: the CLI bundled into one file (dist/vboxcore.js) and
 * compiled with V8's code cache (dist/vboxcore.js.cache), so that a command starts within a few
 * milliseconds of Node itself. Without the bundle (a build by tsc alone) it runs the modules.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

interface Cli {
  run(argv: readonly string[]): Promise<number>;
}

const bundle = path.resolve(__dirname, '..', '..', 'vboxcore.js');
const cacheFile = `${bundle}.cache`;

/** The bundle, compiled with the code cache; and a function that writes the cache when it was missing or made for another Node. */
function loadBundle(source: string): { cli: Cli; afterRun: () => void } {
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The bundle is the function Node wraps a module in (scripts/bundle-cli.js writes it so): compiled as it is.
  const script = new vm.Script(source, { filename: bundle, cachedData });
  const module = { exports: {} as Cli };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    cli: module.exports,
    // After the command: the cache then holds the functions the command compiled, too.
    afterRun: () => {
      if (!stale) return;
      // Renamed into place whole, so that a command starting meanwhile never reads half a cache.
      const partial = `${cacheFile}.${process.pid}.partial`;
      try {
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
      } catch {
        // a read-only installation starts without the cache, only slower
        fs.rmSync(partial, { force: true });
      }
    },
  };
}

function load(): { cli: Cli; afterRun: () => void } {
  let source: string;
  try {
    source = fs.readFileSync(bundle, 'latin1'); // ASCII: checked when it is bundled
  } catch {
    return { cli: require('./main') as Cli, afterRun: () => undefined };
  }
  return loadBundle(source);
}

const { cli, afterRun } = load();
void cli.run(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
  afterRun();
});
