#!/usr/bin/env node
// The package's install step, after the native engine: V8's code cache of the CLI for the Node
// that installs it (dist/vboxcore.js.cache, by scripts/write-code-cache.js). Never fails an
// install: without the cache the first command writes one, for its own functions only.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

if (fs.existsSync(path.join(__dirname, '..', 'dist', 'vboxcore.js'))) spawnSync(process.execPath, [path.join(__dirname, 'write-code-cache.js')], { stdio: 'ignore' });
