#!/usr/bin/env node
// The package's install step, after the native engine: one start of the CLI writes V8's code
// cache for the Node that installs it (dist/vboxcore.js.cache). Never fails an install.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const start = path.join(__dirname, '..', 'dist', 'src', 'cli', 'start.js');
if (fs.existsSync(start)) spawnSync(process.execPath, [start, '--version'], { stdio: 'ignore' });
