#!/usr/bin/env node
// The Python package as a wheel (dist/python/vboxcore_dump-VERSION-py3-none-any.whl): the reader
// (python/vboxcore_dump) and the parsers generated from the schemas (generated/python/
// vboxcore_parsers), pure Python. pip installs a wheel without building anything, so no
// setuptools, wheel package or network is needed where it is installed (`pip install FILE.whl`).
// A wheel is a zip with a dist-info folder (PEP 427, PEP 376); this writes one, deterministically.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

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
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (2026 - 1980) << 9 | 1 << 5 | 1; // 2026-01-01
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, bytes] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = zlib.deflateRawSync(bytes, { level: 9 });
    const crc = zlib.crc32(bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by Unix, version 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(bytes.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const wheelName = `${NAME}-${version}-py3-none-any.whl`;
fs.mkdirSync(outputDir, { recursive: true });
const temporary = path.join(outputDir, `.${wheelName}.${process.pid}.tmp`);
fs.writeFileSync(temporary, zip(distInfo(packageFiles())));
fs.renameSync(temporary, path.join(outputDir, wheelName));
