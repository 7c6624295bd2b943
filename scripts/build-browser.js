#!/usr/bin/env node
// Bundles the browser entry (src/browser.ts) into dist/browser/vboxcore.mjs, an ES module with the
// Kaitai runtime and a Buffer inside, so that a page imports it as it is and a bundler takes it
// without Node built-ins to resolve. Any Node built-in imported by the entry's modules fails the
// build; only the Kaitai runtime's lazy zlib and iconv-lite requires stay (never called here).
'use strict';
const esbuild = require('esbuild');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');

esbuild
  .build({
    entryPoints: [path.join(projectRoot, 'src', 'browser.ts')],
    outfile: process.argv[2] ?? path.join(projectRoot, 'dist', 'browser', 'vboxcore.mjs'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    inject: [path.join(projectRoot, 'web', 'buffer-global.js')],
    external: ['zlib', 'iconv-lite'],
    define: { 'process.env.NODE_DEBUG': 'false', 'process.env.VBOXCORE_DEBUG': 'undefined' },
    logLevel: 'warning',
    legalComments: 'none',
  })
  .catch((error) => {
    console.error(`build-browser: ${error.message}`);
    process.exitCode = 1;
  });
