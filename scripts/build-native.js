#!/usr/bin/env node
// Builds the export's native copy engine (native/vboxcore_copy.c) with node-gyp, against the
// headers of the Node.js that runs this script, so nothing is downloaded. npm puts its own
// node-gyp on PATH for the scripts it runs: `npm run build:native` (make build), and the
// package's install script, which passes --optional: there a failed build is one line, and the
// exports use the JavaScript copy engine.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const optional = process.argv.includes('--optional');
const nativeDir = path.join(__dirname, '..', 'native');
const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const headers = path.join(nodePrefix, 'include', 'node', 'node_api.h');

const logPath = path.join(nativeDir, 'build-native.log');

function giveUp(reason, output) {
  if (optional) {
    // One line at install; the compiler's own words go to a log the line names.
    let where = '';
    if (output) {
      try {
        fs.writeFileSync(logPath, output);
        where = `, output in ${logPath}`;
      } catch {
        // an unwritable package folder: the line alone still says what happened
      }
    }
    console.error(`vboxcore: the native copy engine was not built (${reason}${where}); exports use the slower JavaScript copy engine. With a C compiler and Node's headers, \`npm rebuild vboxcore\` builds it.`);
    process.exit(0);
  }
  console.error(`build-native: ${reason}`);
  process.exit(1);
}

if (!fs.existsSync(headers)) giveUp(`Node's headers are not at ${headers}, and node-gyp would download them`);
// With --optional the compiler's output is kept, and written to the log only when the build fails.
const result = spawnSync('node-gyp', ['rebuild', `--nodedir=${nodePrefix}`, '--loglevel=warn'], { cwd: nativeDir, stdio: optional ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8' });
if (result.error) giveUp(`node-gyp could not be run (${result.error.message}); run this through npm`);
if (result.status !== 0) giveUp(`node-gyp exited with status ${result.status}`, optional ? `${result.stdout}${result.stderr}` : '');
fs.rmSync(logPath, { force: true });
