#!/usr/bin/env node
// Draws each schema: kaitai-struct-compiler's GraphViz target, rendered to SVG by Debian's
// graphviz (`dot`), into docs/schemas/<schema>.svg, which README's schema table links to.
//
//   node scripts/make-pictures.js           redraw docs/schemas/
//   node scripts/make-pictures.js --check   fail when a committed picture differs from a fresh drawing
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const compiler = require('kaitai-struct-compiler');

const projectRoot = path.resolve(__dirname, '..');
const schemaDir = path.join(projectRoot, 'schemas');
const pictureDir = path.join(projectRoot, 'docs', 'schemas');

const readSchema = (schemaId) => YAML.parse(fs.readFileSync(path.join(schemaDir, `${schemaId}.ksy`), 'utf8'));
const importer = { importYaml: (name) => Promise.resolve(readSchema(path.basename(name))) };

/** SVG from GraphViz text; `dot`'s warnings about the compiler's port names are left out, its failures are not. */
function render(schemaId, dotText) {
  const result = spawnSync('dot', ['-Tsvg'], { input: dotText, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error && result.error.code === 'ENOENT') throw new Error('GraphViz is not installed (no `dot`): apt-get install graphviz (make test installs it)');
  if (result.status !== 0) throw new Error(`dot could not draw ${schemaId}: ${result.stderr}`);
  return result.stdout;
}

async function drawings() {
  const pictures = {};
  const schemaIds = fs.readdirSync(schemaDir).filter((name) => name.endsWith('.ksy')).map((name) => name.slice(0, -'.ksy'.length)).sort();
  for (const schemaId of schemaIds) {
    const files = await compiler.compile('graphviz', readSchema(schemaId), importer, false);
    const dotText = files[`${schemaId}.dot`];
    if (dotText === undefined) throw new Error(`the compiler wrote no ${schemaId}.dot`);
    pictures[`${schemaId}.svg`] = render(schemaId, dotText);
  }
  return pictures;
}

async function main() {
  const pictures = await drawings();
  if (!process.argv.includes('--check')) {
    fs.rmSync(pictureDir, { recursive: true, force: true });
    fs.mkdirSync(pictureDir, { recursive: true });
    for (const [name, svg] of Object.entries(pictures)) fs.writeFileSync(path.join(pictureDir, name), svg);
    console.log(`drew ${Object.keys(pictures).length} schemas into ${path.relative(process.cwd(), pictureDir)}/`);
    return;
  }
  const committed = fs.existsSync(pictureDir) ? fs.readdirSync(pictureDir) : [];
  const stale = [
    ...Object.keys(pictures).filter((name) => !committed.includes(name) || fs.readFileSync(path.join(pictureDir, name), 'utf8') !== pictures[name]).map((name) => `docs/schemas/${name} differs from a fresh drawing`),
    ...committed.filter((name) => !(name in pictures)).map((name) => `docs/schemas/${name} belongs to no schema`),
  ];
  if (stale.length > 0) {
    for (const line of stale) console.error(line);
    console.error('docs/schemas/ is stale: run `make pictures` and commit the result');
    process.exitCode = 1;
  } else {
    console.log('docs/schemas/ matches the schemas');
  }
}

main().catch((error) => {
  console.error(`make-pictures: ${error && error.message ? error.message : error}`);
  process.exitCode = 1;
});
