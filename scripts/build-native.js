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
// --prebuild (npm run build, so npm pack): build if needed, then copy the engine into
// prebuilds/linux-x64-glibc/, which the package carries, so that installs on such machines
// compile nothing.
const prebuild = process.argv.includes('--prebuild');
const projectRoot = path.join(__dirname, '..');
const builtAddon = path.join(projectRoot, 'native', 'build', 'Release', 'vboxcore_copy.node');
const prebuiltAddon = path.join(projectRoot, 'prebuilds', 'linux-x64-glibc', 'vboxcore_copy.node');
const isGlibcLinuxX64 = process.platform === 'linux' && process.arch === 'x64' && Boolean(process.report && process.report.getReport().header.glibcVersionRuntime);

// At install: where the package's prebuilt engine loads, there is nothing to build.
if (optional && isGlibcLinuxX64 && fs.existsSync(prebuiltAddon)) {
  try {
    require(prebuiltAddon);
    process.exit(0);
  } catch {
    // it does not load here (an old glibc, say): build one
  }
}

if (prebuild) {
  if (!isGlibcLinuxX64) {
    console.error('build-native: the package carries a prebuilt engine for linux-x64 with glibc only; none is made on this machine');
    process.exit(0);
  }
  const source = path.join(projectRoot, 'native', 'vboxcore_copy.c');
  if (!fs.existsSync(builtAddon) || fs.statSync(builtAddon).mtimeMs < fs.statSync(source).mtimeMs) {
    const built = spawnSync(process.execPath, [__filename], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  fs.mkdirSync(path.dirname(prebuiltAddon), { recursive: true });
  fs.copyFileSync(builtAddon, prebuiltAddon);
  process.exit(0);
}
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
