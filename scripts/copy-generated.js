#!/usr/bin/env node
// tsc compiles src/ but does not copy the generated JavaScript parsers it imports; put them
// beside the compiled code so dist/ runs on its own.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const from = path.join(projectRoot, 'generated');
const to = path.join(projectRoot, 'dist', 'generated');
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from)) {
  if (name.endsWith('.js') || name.endsWith('.d.ts')) fs.copyFileSync(path.join(from, name), path.join(to, name));
}
fs.chmodSync(path.join(projectRoot, 'dist', 'src', 'cli', 'main.js'), 0o755);
