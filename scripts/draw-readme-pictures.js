#!/usr/bin/env node
// The README's pictures, from the bundled sample: the physical map and the virtual mappings as
// `vboxcore map` and `vboxcore maps --svg` draw them (test/memory-map-svg.test.ts checks they are
// current), and the viewer with the sample open, photographed in Debian's Chromium.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const projectRoot = path.resolve(__dirname, '..');
const pictures = path.join(projectRoot, 'docs', 'pictures');
const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'start.js');
const sample = 'samples/small-guest.elf';

function draw(args) {
  const result = spawnSync(process.execPath, [cli, ...args, '--force'], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vboxcore ${args.join(' ')}: ${result.stderr}`);
}

async function photographViewer() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.goto(`file://${path.join(projectRoot, 'dist', 'viewer.html')}`);
    await page.setInputFiles('#file-input', path.join(projectRoot, sample));
    await page.waitForFunction(() => window.vboxcoreViewer.state === 'ready');
    await page.click('nav button[data-tab="map"]');
    await page.screenshot({ path: path.join(pictures, 'viewer-map.png') });
    await page.click('nav button[data-tab="hex"]');
    await page.selectOption('#hex-space', 'virtual');
    await page.fill('#hex-address', '0xffffffff81000000');
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector('pre.hexdump');
    await page.screenshot({ path: path.join(pictures, 'viewer-hex.png') });
  } finally {
    await browser.close();
  }
}

async function main() {
  fs.mkdirSync(pictures, { recursive: true });
  draw(['map', sample, '--svg', path.join('docs', 'pictures', 'sample-map.svg')]);
  draw(['maps', sample, '--svg', path.join('docs', 'pictures', 'sample-maps.svg')]);
  await photographViewer();
  console.log(`drew the sample's maps and photographed the viewer into ${path.relative(process.cwd(), pictures)}/`);
}

main().catch((error) => {
  console.error(`draw-readme-pictures: ${error.message}`);
  process.exitCode = 1;
});
