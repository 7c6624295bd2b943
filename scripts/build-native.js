#!/usr/bin/env node
// Builds the export's native copy engine (native/vboxcore_copy.c) with node-gyp, against the
// headers of the Node.js that runs this script, so nothing is downloaded. Run through npm
// (`npm run build:native`), which puts its own node-gyp on PATH.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const nativeDir = path.join(__dirname, '..', 'native');
const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const headers = path.join(nodePrefix, 'include', 'node', 'node_api.h');
if (!fs.existsSync(headers)) {
  console.error(`build-native: Node's headers are not at ${headers}; without them node-gyp would download them. Exports will use the JavaScript copy path.`);
  process.exit(1);
}
const result = spawnSync('node-gyp', ['rebuild', `--nodedir=${nodePrefix}`, '--loglevel=warn'], { cwd: nativeDir, stdio: 'inherit' });
if (result.error) console.error(`build-native: node-gyp could not be run (${result.error.message}); run this through \`npm run build:native\``);
process.exit(result.status ?? 1);
