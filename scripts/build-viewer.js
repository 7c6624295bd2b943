#!/usr/bin/env node
// The browser viewer as one self-contained HTML file (dist/viewer.html): web/viewer.ts and the
// library it imports, bundled by esbuild for the browser and inlined with the page and its style,
// so the file opens from file:// with no server and nothing fetched.
'use strict';
const crypto = require('node:crypto');
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const web = path.join(projectRoot, 'web');
const outputPath = process.argv[2] ?? path.join(projectRoot, 'dist', 'viewer.html');

// The library's Node-only parts (FileSource, FileHandleSource) are imported but never run in the
// page: Node's modules become empty stand-ins (with the `constants` read when modules load).
// The Kaitai runtime requires zlib and iconv-lite lazily, for process: zlib and for encodings
// other than UTF-8 and ASCII, which no schema here uses: left as they are, never called. Anything
// else from Node fails the build: the viewer is made of the browser entry's modules.
const LAZY_RUNTIME_REQUIRES = ['zlib', 'iconv-lite'];

/** What both bundles share: the browser, Buffer from the `buffer` package, no Node. */
const BROWSER_BUILD = {
  bundle: true,
  write: false,
  platform: 'browser',
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  // The library uses Node's Buffer for a few byte-level helpers; the browser gets the
  // `buffer` package's implementation of it.
  inject: [path.join(web, 'buffer-global.js')],
  // kaitai-struct loads iconv-lite only for encodings vboxcore's schemas do not use.
  external: LAZY_RUNTIME_REQUIRES,
  logLevel: 'warning',
  legalComments: 'none',
};

async function main() {
  // The search runs in a Web Worker made from this bundle's text (a blob: URL), so the page
  // stays one file.
  const worker = await esbuild.build({ ...BROWSER_BUILD, entryPoints: [path.join(web, 'search-worker.ts')], define: { 'process.env.NODE_DEBUG': 'false', 'process.env.VBOXCORE_DEBUG': 'undefined' } });
  const result = await esbuild.build({
    ...BROWSER_BUILD,
    entryPoints: [path.join(web, 'viewer.ts')],
    define: { 'process.env.NODE_DEBUG': 'false', 'process.env.VBOXCORE_DEBUG': 'undefined', SEARCH_WORKER_SOURCE: JSON.stringify(worker.outputFiles[0].text) },
  });
  const script = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  const style = fs.readFileSync(path.join(web, 'viewer.css'), 'utf8');
  // The page's one script and one style sheet are allowed by their hashes, nothing inline else:
  // markup injected into a copy of the page (an onerror attribute, a script element) does not run.
  const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  const page = fs
    .readFileSync(path.join(web, 'index.html'), 'utf8')
    .replace('/*SCRIPT_HASH*/', () => hash(script))
    .replace('/*STYLE_HASH*/', () => hash(style))
    .replace('/*STYLE*/', () => style)
    .replace('/*SCRIPT*/', () => script);
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  const temporary = `${outputPath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, page);
  fs.renameSync(temporary, outputPath);
}

main().catch((error) => {
  console.error(`build-viewer: ${error.message}`);
  process.exitCode = 1;
});
