#!/usr/bin/env node
// The Python package as a wheel (dist/python/vboxcore_dump-VERSION-py3-none-any.whl): the reader
// (python/vboxcore_dump) and the parsers generated from the schemas (generated/python/
// vboxcore_parsers), pure Python. pip installs a wheel without building anything, so no
// setuptools, wheel package or network is needed where it is installed (`pip install FILE.whl`).
// A wheel is a zip with a dist-info folder (PEP 427, PEP 376); fflate writes it, deterministically.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { zipSync } = require('fflate');

const projectRoot = path.resolve(__dirname, '..');
const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const NAME = 'vboxcore_dump';
const outputDir = process.argv[2] ?? path.join(projectRoot, 'dist', 'python');

/** The files of the wheel, by their path inside it. */
function packageFiles() {
  const files = [];
  const add = (folder, prefix) => {
    for (const name of fs.readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (fs.statSync(full).isDirectory()) {
        if (name !== '__pycache__') add(full, `${prefix}${name}/`);
      } else if (name.endsWith('.py') || name.endsWith('.json')) {
        files.push([`${prefix}${name}`, fs.readFileSync(full)]);
      }
    }
  };
  add(path.join(projectRoot, 'python', 'vboxcore_dump'), 'vboxcore_dump/');
  add(path.join(projectRoot, 'generated', 'python', 'vboxcore_parsers'), 'vboxcore_parsers/');
  return files;
}

function distInfo(files) {
  const info = `${NAME}-${version}.dist-info`;
  const metadata = [
    'Metadata-Version: 2.1',
    `Name: ${NAME.replace(/_/g, '-')}`,
    `Version: ${version}`,
    'Summary: VirtualBox and QEMU guest core dumps from Python, read by vboxcore\'s rules with the parsers generated from its Kaitai Struct schemas',
    'License: MIT',
    'Requires-Python: >=3.9',
    'Requires-Dist: kaitaistruct>=0.10,<0.11',
    '',
  ].join('\n');
  const wheel = ['Wheel-Version: 1.0', 'Generator: vboxcore scripts/build-python-wheel.js', 'Root-Is-Purelib: true', 'Tag: py3-none-any', ''].join('\n');
  const entries = [...files, [`${info}/METADATA`, Buffer.from(metadata)], [`${info}/WHEEL`, Buffer.from(wheel)], [`${info}/top_level.txt`, Buffer.from('vboxcore_dump\nvboxcore_parsers\n')]];
  const digest = (bytes) => `sha256=${crypto.createHash('sha256').update(bytes).digest('base64url')}`;
  const record = [...entries.map(([name, bytes]) => `${name},${digest(bytes)},${bytes.length}`), `${info}/RECORD,,`, ''].join('\n');
  return [...entries, [`${info}/RECORD`, Buffer.from(record)]];
}

/** A zip archive of the entries, deflated, with a fixed time (the same inputs give the same bytes). */
function zip(entries) {
  const FIXED_TIME = new Date(2026, 0, 1); // local time, as zip stores it
  const REGULAR_FILE_RW_R_R = (0o100644 << 16) >>> 0; // external attributes: what pip gives the installed files
  return Buffer.from(zipSync(Object.fromEntries(entries.map(([name, bytes]) => [name, [bytes, { level: 9, mtime: FIXED_TIME, os: 3, attrs: REGULAR_FILE_RW_R_R }]]))));
}

const wheelName = `${NAME}-${version}-py3-none-any.whl`;
fs.mkdirSync(outputDir, { recursive: true });
const temporary = path.join(outputDir, `.${wheelName}.${process.pid}.tmp`);
fs.writeFileSync(temporary, zip(distInfo(packageFiles())));
fs.renameSync(temporary, path.join(outputDir, wheelName));
