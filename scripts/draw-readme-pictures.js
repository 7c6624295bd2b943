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

/** The sample with a string in its memory, for the search picture (a copy, in a temporary folder). */
function sampleWithNeedle() {
  const folder = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'vboxcore-pictures-'));
  const file = path.join(folder, 'small-guest.elf');
  const bytes = fs.readFileSync(path.join(projectRoot, sample));
  // physical 0x40100 (the kernel image, mapped at 0xffffffff81000100) is file offset 0x46bc + 0x40100
  bytes.write('vboxcore-needle', 0x46bc + 0x40100, 'latin1');
  bytes.write('vboxcore-needle', 0x46bc + 0x1234, 'latin1');
  fs.writeFileSync(file, bytes);
  return { file, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

async function photographViewer() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const needle = sampleWithNeedle();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    const shoot = (name) => page.screenshot({ path: path.join(pictures, name) });
    await page.goto(`file://${path.join(projectRoot, 'dist', 'viewer.html')}`);
    await shoot('viewer-empty.png');
    await page.setInputFiles('#file-input', needle.file);
    await page.waitForFunction(() => window.vboxcoreViewer.state === 'ready');
    await page.click('nav button[data-tab="map"]');
    await shoot('viewer-map.png');
    // the structure pane, the VBCORE note open; then its descriptor clicked, selected in the hex view
    await page.click('nav button[data-tab="structure"]');
    await page.waitForSelector('#structure ul.tree');
    await page.click('li[data-path="notes[0]"] > .node > .toggle');
    await shoot('viewer-structure.png');
    await page.click('li[data-path="notes[0].descriptor"] > .node > a.field');
    await page.waitForSelector('#hex-grid[data-selection="0x1dc-0x1f4"]');
    await shoot('viewer-descriptor.png');
    // physical memory across the end of RAM: the gap drawn as holes, the cursor on a page table entry
    await page.selectOption('#hex-space', 'physical');
    await page.fill('#hex-address', '0x7ff00');
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector('#hex-grid[data-address="0x7ff00"] .cells');
    await page.click('#hex-grid .cells .b[data-i="300"]');
    await shoot('viewer-holes.png');
    await page.click('nav button[data-tab="search"]');
    await page.fill('#search-pattern', 'vboxcore-needle');
    await page.selectOption('#search-space', 'virtual');
    await page.click('#search-button');
    await page.waitForFunction(() => window.vboxcoreViewer.search.state === 'done');
    await shoot('viewer-search.png');
    await page.click('#search-hits a.hit >> nth=2');
    await page.waitForSelector('#hex-grid[data-space="virtual"][data-selection]');
    await shoot('viewer-hex.png');
  } finally {
    await browser.close();
    needle.remove();
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
