#!/usr/bin/env node
// tsc compiles src/ but does not copy the generated JavaScript parsers it imports (nor the
// hand-written ES module of vboxcore/testing/vitest); put them
// beside the compiled code so dist/ runs on its own. The generated parsers are UMD modules, whose
// exports Node cannot see from an ES module's `import { X }`: dist/parsers/X.js re-exports each
// in the plain CommonJS form Node detects (the package's `vboxcore/parsers/X`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const from = path.join(projectRoot, 'generated');
const to = path.join(projectRoot, 'dist', 'generated');
const parsers = path.join(projectRoot, 'dist', 'parsers');
fs.mkdirSync(to, { recursive: true });
fs.mkdirSync(parsers, { recursive: true });
const header = '// Written by scripts/copy-generated.js: the generated parser, for `vboxcore/parsers/<name>`.';
for (const name of fs.readdirSync(from)) {
  if (!(name.endsWith('.js') || name.endsWith('.d.ts'))) continue;
  fs.copyFileSync(path.join(from, name), path.join(to, name));
  const className = name.replace(/\.(d\.ts|js)$/, '');
  if (className === 'index') continue;
  if (name.endsWith('.js')) {
    fs.writeFileSync(path.join(parsers, name), `${header}\n'use strict';\nexports.${className} = require('../generated/${className}.js').${className};\n`);
  } else {
    const exported = fs.existsSync(path.join(from, `${className}.js`)) ? `export { ${className} }` : `export type { ${className} }`;
    fs.writeFileSync(path.join(parsers, name), `${header}\n${exported} from '../generated/${className}';\n`);
  }
}
// vboxcore/testing/vitest is an ES module (Vitest is ESM only), written by hand: tsc compiles
// src/ as CommonJS, so it and its declarations are copied as they are.
for (const name of ['vitest.mjs', 'vitest.d.mts']) fs.copyFileSync(path.join(projectRoot, 'src', 'testing', name), path.join(projectRoot, 'dist', 'src', 'testing', name));
for (const entry of ['main.js', 'start.js']) fs.chmodSync(path.join(projectRoot, 'dist', 'src', 'cli', entry), 0o755);
