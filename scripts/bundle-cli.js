#!/usr/bin/env node
// The CLI as one file (dist/vboxcore.js, by esbuild), started by dist/src/cli/start.js through V8's code cache
// (dist/vboxcore.js.cache): a bundle saves resolving and reading some sixty modules at every start, the
// cache saves compiling it. `vboxcore info` then starts within a few milliseconds of Node itself.
'use strict';
const esbuild = require('esbuild');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const dist = path.join(projectRoot, 'dist');

// commander loads child_process when it is loaded, for subcommands that are programs, which
// vboxcore has none of: the bundle gets a stand-in that loads it only if it is ever used.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: path.join(__dirname, 'lazy-child-process.js') } : undefined));
  },
};

esbuild
  .build({
    entryPoints: [path.join(dist, 'src', 'cli', 'main.js')],
    outfile: path.join(dist, 'vboxcore.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // kaitai-struct loads iconv-lite only for encodings vboxcore's schemas do not use.
    // The AWS SDK is an optional peer dependency, loaded from the user's installation where s3:// is used.
    external: ['iconv-lite', '@aws-sdk/client-s3'],
    plugins: [lazyChildProcess],
    logLevel: 'warning',
    legalComments: 'eof',
    // Without comments and indentation it is 640 KB instead of 930: a third less for every start to
    // read and hold as a string. Names stay as written, so that a stack trace (VBOXCORE_DEBUG=1) reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // ASCII only (esbuild escapes the rest), so start.js reads it as latin1: a one-byte string, no decoding.
    charset: 'ascii',
    // Already the function Node wraps a CommonJS module in: start.js compiles the file as it is,
    // with no copy of it made to wrap it.
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '\n})' },
  })
  .then(() => {
    const bundled = fs.readFileSync(path.join(dist, 'vboxcore.js'), 'latin1');
    if (/[^\x00-\x7f]/.test(bundled)) throw new Error('dist/vboxcore.js is not ASCII');
    // The code cache for this Node, with what info, validate and --version compile (the package's
    // install script writes it again for the Node that installs it); then the command as installed starts.
    fs.rmSync(path.join(dist, 'vboxcore.js.cache'), { force: true });
    const cache = spawnSync(process.execPath, [path.join(__dirname, 'write-code-cache.js')], { encoding: 'utf8' });
    if (cache.status !== 0) throw new Error(`the code cache was not written: ${cache.stderr}`);
    const start = spawnSync(process.execPath, [path.join(dist, 'src', 'cli', 'start.js'), 'info', path.join(projectRoot, 'samples', 'small-guest.elf')], { encoding: 'utf8' });
    if (start.status !== 0) throw new Error(`the bundled CLI does not start: ${start.stderr}`);
  })
  .catch((error) => {
    console.error(`bundle-cli: ${error.message}`);
    process.exitCode = 1;
  });
