#!/usr/bin/env node
// Writes V8's code cache of the bundled CLI (dist/vboxcore.js.cache) for the Node that runs this
// script. The bundle is compiled exactly as dist/src/cli/start.js compiles it, then `info`,
// `validate` and `--version` run in this process on a small dump of the conformance corpus, their
// output dropped, so that the cache holds every function those commands compile. (A cache written
// after one command holds only that command's functions: the others parse and compile theirs at
// every start.) The build (scripts/bundle-cli.js) and the package's install step
// (scripts/warm-cli.js) both call it.
'use strict';
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const projectRoot = path.resolve(__dirname, '..');
const bundle = path.join(projectRoot, 'dist', 'vboxcore.js');
// A VirtualBox 7.0 dump of two vCPUs whose tables info walks to name a kernel; the package carries it.
const sample = path.join(projectRoot, 'conformance', 'cases', 'vbox-7.0-base.elf');

const discard = { write: () => undefined, warn: () => undefined, writeError: () => undefined };

async function writeCodeCache() {
  const script = new vm.Script(fs.readFileSync(bundle, 'latin1'), { filename: bundle });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  const cli = module.exports;
  for (const argv of [['info', sample], ['validate', sample], ['--version']]) {
    const status = await cli.run(argv, discard);
    if (status !== 0) throw new Error(`vboxcore ${argv.join(' ')} ended with status ${status} while warming the code cache`);
  }
  // Renamed into place whole: a command starting meanwhile reads the old cache or the new one.
  const cacheFile = `${bundle}.cache`;
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, cacheFile);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

writeCodeCache().catch((error) => {
  console.error(`write-code-cache: ${error.message}`);
  process.exitCode = 1;
});
