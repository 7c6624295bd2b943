/**
 * The browser viewer in a real browser: Debian's Chromium driven by playwright-core. The built
 * page (dist/viewer.html) is opened from file://, dumps are picked as a user picks them, and what
 * the page shows is compared with what the library says of the same bytes. A screenshot of each
 * main view is kept in test-artifacts/viewer/. These tests fail, never skip, without Chromium.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { buildDump, layoutGuest24g } from '../src/builder';
import { openDump, VBoxCoreDump } from '../src/dump';
import { cpuAddressSpace } from '../src/cpu/cpu-address-space';
import { describeCpu } from '../src/cpu/view';
import { formatCpu, formatMaps, formatWalk } from '../src/report/cpu-text';
import { formatInfo } from '../src/report/text';
import { summarizeDump } from '../src/report/summary';
import { describeStructure } from '../src/structure/dump-structure';
import type { StructureNode } from '../src/structure/field-tree';
import { CaseResult, loadCases, runCase, summarize } from './conformance/runner';
import { viewerSurface } from './conformance/viewer-surface';
import { writeSurfaceSummary } from './conformance/results';
import { readmeSurfaceRow, surfaceRow } from './conformance/readme-table';
import { qemuCore } from './qemu-cores';
import { cliProcess, scratchDirectory, startViewer } from './helpers';
import type { ViewerStatus } from '../web/viewer-status';

jest.setTimeout(60_000);
const projectRoot = path.resolve(__dirname, '..');
const viewerPage = path.join(projectRoot, 'dist', 'viewer.html');
const artifacts = path.join(projectRoot, 'test-artifacts', 'viewer');
const sample = path.join(projectRoot, 'samples', 'small-guest.elf');
const scratch = scratchDirectory();
/** Debian's Chromium, or another one named by CHROMIUM_PATH. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!fs.existsSync(viewerPage)) throw new Error(`${viewerPage} is missing: run \`npm run build\` (make test does) before these tests`);
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  } catch (error) {
    throw new Error(`Chromium could not be started from ${chromiumPath} (${(error as Error).message.split('\n')[0]}). \`make test\` installs it (make system-deps runs apt-get install chromium); or set CHROMIUM_PATH to a Chromium or Chrome binary.`);
  }
  fs.mkdirSync(artifacts, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`file://${viewerPage}`);
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  scratch.cleanup();
});

/** Picks `file` in the page as a user would, and waits until it is shown (or refused). */
async function pick(file: string): Promise<ViewerStatus> {
  await page.evaluate(() => {
    window.vboxcoreViewer.state = 'idle';
  });
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => window.vboxcoreViewer.state === 'ready' || window.vboxcoreViewer.state === 'error');
  return page.evaluate(() => ({ ...window.vboxcoreViewer }));
}

async function tab(name: string): Promise<void> {
  await page.click(`nav button[data-tab="${name}"]`);
}

const text = (selector: string): Promise<string> => page.locator(selector).first().textContent().then((value) => value ?? '');

/** The library's summary of a dump, named as the page names it (the file's name). */
function summaryText(dump: VBoxCoreDump, name: string): string {
  // the viewer names no guest kernel (info does: it reads the kernel through the page tables)
  const { kernel: _kernel, ...summary } = summarizeDump(dump);
  return formatInfo({ ...summary, path: name });
}

/** The hex view as drawn: its space, first address and cells (two hex digits, or ·· for a byte the dump lacks). */
async function grid(): Promise<{ space: string | null; address: string | null; cells: string[] }> {
  const view = page.locator('#hex-grid');
  return { space: await view.getAttribute('data-space'), address: await view.getAttribute('data-address'), cells: await page.locator('#hex-grid .cells .b').allTextContents() };
}

async function waitForGrid(space: string, top: bigint): Promise<void> {
  await page.waitForSelector(`#hex-grid[data-space="${space}"][data-address="0x${top.toString(16)}"] .cells`);
}

/** Types an address (or an expression) in the hex view's go-to box, as a user does, and waits for its page. */
async function goTo(space: 'physical' | 'virtual' | 'file', address: string, top?: bigint): Promise<void> {
  await tab('hex');
  await page.selectOption('#hex-space', space);
  await page.fill('#hex-address', address);
  await page.click('#hex-form button[type="submit"]');
  const expected = top ?? BigInt(address) - (BigInt(address) % 16n);
  await waitForGrid(space, expected);
}

/** Waits for the hex view's selection to be `range` ([start, end)); says where it is instead if it is not. */
async function waitForSelection(range: string): Promise<void> {
  try {
    await page.waitForSelector(`#hex-grid[data-selection="${range}"]`, { timeout: 10_000 });
  } catch (error) {
    const state = await page.locator('#hex-grid').evaluate((grid) => ({ ...(grid as HTMLElement).dataset }));
    throw new Error(`the selection is not ${range}: ${JSON.stringify(state)}`);
  }
}

/** What the hex view should show of physical memory from `address`, by the library: bytes, and ·· for holes. */
function libraryCells(dump: VBoxCoreDump, address: bigint, length = 512): string[] {
  const cells: string[] = [];
  for (const run of dump.physical.mapping(address, length)) {
    if (run.kind === 'hole') cells.push(...new Array(run.length).fill('··'));
    else cells.push(...Array.from(dump.physical.read(run.physicalAddress, run.length), (byte) => byte.toString(16).padStart(2, '0')));
  }
  return cells;
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

describe('the sample', () => {
  const dump = openDump(sample);
  let status: ViewerStatus;
  // Each test below looks at one view of the same opened sample.
  beforeAll(async () => {
    status = await pick(sample);
  });
  afterAll(() => dump.close());

  test('the summary, problems and read counter', async () => {
    expect(status).toMatchObject({ state: 'ready', name: 'small-guest.elf', errorCode: null });
    expect(await text('#summary')).toBe(summaryText(dump, 'small-guest.elf'));
    expect(await page.locator('#problems li').count()).toBe(dump.report.problems.length);
    expect(await text('#read-counter')).toBe(`${status.bytesRead.toLocaleString('en')} bytes read in ${status.readCount} read(s) of ${dump.fileSize.toLocaleString('en')}`);
    // the headers and notes, nothing of the memory
    expect(status.bytesRead).toBeLessThanOrEqual(Math.min(...dump.ranges.filter((range) => range.declaredFileBytes > 0).map((range) => range.fileOffset)));
    await shoot('summary');
  });

  test('the memory map: the library\'s blocks, kinds and addresses', async () => {
    await tab('map');
    const blocks = await page.locator('#map svg g.block').evaluateAll((elements) => elements.map((element) => ({ kind: element.getAttribute('data-kind'), start: element.getAttribute('data-start'), range: element.getAttribute('data-range') })));
    const ranges = blocks.filter((block) => block.range !== null);
    expect(ranges).toEqual(dump.ranges.map((range) => ({ kind: range.kind, start: `0x${range.physicalStart.toString(16)}`, range: String(range.index) })));
    expect(blocks.some((block) => block.kind === 'absent')).toBe(true);
    expect(await page.locator('#map svg').boundingBox()).toMatchObject({ width: expect.any(Number) });
    await shoot('map');
  });

  test('the vCPUs\' registers, as `vboxcore cpus` words them', async () => {
    await tab('cpus');
    for (const cpu of dump.cpus) expect(await text(`pre.cpu[data-cpu="${cpu.index}"]`)).toBe(formatCpu(describeCpu(cpu)));
    expect(await text('pre.cpu[data-cpu="0"]')).toContain(`cr3    ${''}`.trim());
    await shoot('cpus');
  });

  test('the hex view: physical bytes equal the library\'s, and the keyboard pages through', async () => {
    await goTo('physical', '0x1000');
    expect(await grid()).toEqual({ space: 'physical', address: '0x1000', cells: libraryCells(dump, 0x1000n) });
    await page.focus('#hex-grid');
    await page.keyboard.press('PageDown');
    await waitForGrid('physical', 0x1200n);
    expect((await grid()).cells).toEqual(libraryCells(dump, 0x1200n));
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#hex-grid').getAttribute('data-cursor')).toBe('0x1210');
    await shoot('hex');
  });

  test('holes never look like zeros: the gap after RAM is drawn ·· with its reason', async () => {
    await goTo('physical', '0x7ff80');
    const shown = await grid();
    expect(shown.cells).toEqual(libraryCells(dump, 0x7ff80n));
    expect(shown.cells.slice(0, 128).every((cell) => /^[0-9a-f]{2}$/.test(cell))).toBe(true);
    expect(shown.cells.slice(128)).toEqual(new Array(384).fill('··'));
    expect(await page.locator('#hex-grid .cells .b.hole').first().getAttribute('data-missing')).toBe('no range: not guest memory');
    // MMIO: a range with no bytes in the file
    await goTo('physical', '0xfec00000');
    expect(await page.locator('#hex-grid .cells .b.hole').first().getAttribute('data-missing')).toBe('MMIO: the dump holds no bytes for device memory');
    expect(await page.locator('#hex-grid .cells .b:not(.hole)').count()).toBe(0);
    await shoot('hex-holes');
  });

  test('a virtual read through vCPU 0\'s page tables', async () => {
    const space = cpuAddressSpace(dump);
    const address = 0xffff_ffff_8100_0000n;
    await goTo('virtual', `0x${address.toString(16)}`);
    const expected = Array.from(space.read(address, 512, { holes: 'zero' }), (byte, index) => (space.mapping(address + BigInt(index), 1)[0].kind === 'fault' ? '··' : byte.toString(16).padStart(2, '0')));
    expect((await grid()).cells).toEqual(expected);
    expect(expected.filter((cell) => cell === '··')).toHaveLength(0);
    // past the 64 KiB mapping: unmapped pages are holes too, named
    await goTo('virtual', '0xffffffff8100ff00');
    const after = await grid();
    expect(after.cells.slice(256)).toEqual(new Array(256).fill('··'));
    expect(await page.locator('#hex-grid .cells .b.hole').first().getAttribute('data-missing')).toBe('not mapped: not-present');
  });

  test('vtop shows the walk as `vboxcore vtop` does, faults included', async () => {
    const space = cpuAddressSpace(dump);
    await tab('vtop');
    for (const address of [0xffff_ffff_8100_0010n, 0x8000_0000_0000n, 0x7fff_fffd_fff0n]) {
      await page.fill('#walk-address', `0x${address.toString(16)}`);
      await page.click('#walk-form button[type="submit"]');
      await page.waitForFunction((expected) => document.querySelector('pre.walk')?.textContent === expected, formatWalk(address, space.context, space.walk(address)));
    }
    await page.fill('#walk-address', 'nonsense');
    await page.click('#walk-form button[type="submit"]');
    await page.waitForSelector('#walk-output .error[data-code="INVALID_ARGUMENT"]');
    await page.fill('#walk-address', '0xffffffff81000010');
    await page.click('#walk-form button[type="submit"]');
    await page.waitForSelector('pre.walk');
    await shoot('vtop');
  });

  test('maps: the listing and its picture', async () => {
    const space = cpuAddressSpace(dump);
    await tab('maps');
    await page.click('#maps-button');
    await page.waitForSelector('pre.maps');
    expect(await text('pre.maps')).toBe(formatMaps(space.context, space.maps()));
    expect(await page.locator('#maps-output svg g.mapping').count()).toBe(space.maps().mappings.length);
    await shoot('maps');
  });
});

describe('other dumps', () => {
  test('a 24 GB sparse layout opens reading only its headers and notes, in under a second', async () => {
    const built = buildDump(scratch.path('guest-24g.elf'), { ...layoutGuest24g(2), fill: 'none' });
    const dump = openDump(built.path);
    const firstData = Math.min(...dump.ranges.filter((range) => range.declaredFileBytes > 0).map((range) => range.fileOffset));
    const status = await pick(built.path);
    expect(status.state).toBe('ready');
    expect(status.openMilliseconds).toBeLessThan(1000);
    // nothing past the notes: every byte read lies before the first range's data
    expect(status.bytesRead).toBeGreaterThan(0);
    expect(status.bytesRead).toBeLessThanOrEqual(firstData);
    await tab('summary');
    expect(await text('#summary')).toBe(summaryText(dump, 'guest-24g.elf'));
    await tab('map');
    const broken = await page.locator('#map svg g.block.broken').count();
    expect(broken).toBeGreaterThan(0);
    await shoot('map-24g');
    // a read far into the file reads just its page
    await tab('hex');
    await page.waitForSelector('#hex-grid .cells');
    const before = await page.evaluate(() => window.vboxcoreViewer.bytesRead);
    await goTo('physical', '0x5ffff0000');
    expect((await grid()).cells).toEqual(libraryCells(dump, 0x5_ffff_0000n));
    const after = await page.evaluate(() => window.vboxcoreViewer.bytesRead);
    expect(after - before).toBe(512);
    dump.close();
  });

  test('a QEMU core: summary and registers', async () => {
    const file = scratch.path('qemu-guest.elf');
    fs.writeFileSync(file, qemuCore({ cpuCount: 2 }).bytes);
    const dump = openDump(file);
    expect((await pick(file)).state).toBe('ready');
    await tab('summary');
    expect(await text('#summary')).toBe(summaryText(dump, 'qemu-guest.elf'));
    await tab('cpus');
    expect(await text('pre.cpu[data-cpu="1"]')).toBe(formatCpu(describeCpu(dump.cpus[1])));
    await shoot('qemu-cpus');
    dump.close();
  });

  test('the conformance corpus: verdict, problems, descriptor, registers, reads and walks as the page shows them', async () => {
    const surface = viewerSurface({ page, pick, tab });
    const results: CaseResult[] = [];
    // a page is given files only: the missing-file case is the path's own (as for the Blob surface)
    for (const { entry, file } of loadCases().filter(({ entry }) => entry.file !== null)) results.push(await runCase(surface, entry, file));
    const summary = summarize(surface.name, results);
    writeSurfaceSummary(summary);
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBe(summary.cases);
    expect(readmeSurfaceRow(summary.surface)).toBe(surfaceRow(summary));
    // the picture of an unreadable dump: the error where reading stopped, every problem of the file under it
    const unreadable = loadCases().find(({ entry }) => entry.verdict === 'unreadable' && entry.problems.length > 1 && entry.file !== null);
    if (unreadable === undefined) throw new Error('the corpus has no unreadable dump with more than one problem');
    expect((await pick(unreadable.file)).state).toBe('error');
    await tab('summary');
    await shoot('error');
  }, 600_000);
});

describe('the analyst\'s viewer (issue 28)', () => {
  const dump = openDump(sample);
  afterAll(() => dump.close());

  /** The cells the hex view has selected, and the fields they name. */
  const selectedCells = (): Promise<{ text: string; field: string | null }[]> => page.locator('#hex-grid .cells .b.sel').evaluateAll((cells) => cells.map((cell) => ({ text: cell.textContent ?? '', field: (cell as HTMLElement).dataset.field ?? null })));

  test('the structure pane: a click on the VBCORE descriptor selects its 24 bytes, each naming its field', async () => {
    await pick(sample);
    await tab('structure');
    await page.waitForSelector('#structure ul.tree');
    expect(await page.locator('li[data-path="elf_header"] > .node > .doc').first().textContent()).toContain('64-byte ELF header');
    await page.click('li[data-path="notes[0]"] > .node > .toggle');
    await page.click('li[data-path="notes[0].descriptor"] > .node > a.field');
    const start = dump.descriptor!.fileOffset;
    await page.waitForSelector(`#hex-grid[data-space="file"][data-selection="0x${start.toString(16)}-0x${(start + 24).toString(16)}"]`);
    expect(new URL(page.url()).hash).toBe(`#view=hex&offset=0x${start.toString(16)}&cpu=0&sel=24`);
    const cells = await selectedCells();
    expect(cells).toHaveLength(24);
    expect(cells.map((cell) => cell.text).join('')).toBe(fs.readFileSync(sample).subarray(start, start + 24).toString('hex'));
    expect(cells.map((cell) => cell.field)).toEqual([...new Array(4).fill('magic'), ...new Array(4).fill('format_version'), ...new Array(4).fill('descriptor_size'), ...new Array(4).fill('vbox_version'), ...new Array(4).fill('vbox_revision'), ...new Array(4).fill('cpu_count')].map((field) => `notes[0].descriptor.${field}`));
    expect(await text('#hex-status')).toContain('notes[0].descriptor.magic (0x1dc, 4 bytes): Core file magic');
    // the header's bytes too, and the registers' values as the library decoded them
    await goTo('file', '0x20');
    expect(await page.locator('#hex-grid .cells .b[data-i="0"]').getAttribute('data-field')).toBe('elf_header.e_phoff');
    await tab('structure');
    await page.click('li[data-path="notes[1]"] > .node > .toggle');
    await page.click('li[data-path="notes[1].descriptor"] > .node > .toggle');
    await page.click('li[data-path="notes[1].descriptor.body"] > .node > .toggle');
    expect(await text('li[data-path="notes[1].descriptor.body.rip"] > .node > .value')).toBe(`0x${dump.cpus[0].registers!.general.rip.toString(16)}`);
    await shoot('structure');
  });

  test('the structure of a QEMU core: its CPU state notes select their bytes', async () => {
    const file = scratch.path('qemu-structure.elf');
    fs.writeFileSync(file, qemuCore({ cpuCount: 2 }).bytes);
    const qemu = openDump(file);
    await pick(file);
    await tab('structure');
    const states = page.locator('li[data-path$=".descriptor"] > .node > a.field', { hasText: 'QEMUCPUState' });
    expect(await states.count()).toBe(0); // inside closed notes until opened
    const note = qemu.cpus[1];
    const index = await page.locator('li[data-path^="notes["]').evaluateAll((items, offset) => items.findIndex((item) => item.querySelector('a.field')?.getAttribute('data-offset') === offset), `0x${note.noteOffset.toString(16)}`);
    await page.click(`li[data-path="notes[${index}]"] > .node > .toggle`);
    await page.click(`li[data-path="notes[${index}].descriptor"] > .node > a.field`);
    await page.waitForSelector(`#hex-grid[data-selection="0x${note.descriptorOffset.toString(16)}-0x${(note.descriptorOffset + note.descriptorSize).toString(16)}"]`);
    expect((await selectedCells()).every((cell) => cell.field?.startsWith(`notes[${index}].descriptor.`))).toBe(true);
    qemu.close();
  });

  test('selection by keyboard and mouse, copied as hex, text, C and Python; a selection over a hole is not copied as zeros', async () => {
    await pick(sample);
    await goTo('physical', '0x13000');
    await page.focus('#hex-grid');
    for (let step = 0; step < 7; step++) await page.keyboard.press('Shift+ArrowRight');
    await waitForSelection('0x13000-0x13008');
    expect(await text('#hex-status')).toContain('selection 0x13000–0x13007 (8 bytes)');
    const bytes = dump.physical.read(0x13000, 8);
    const copied = async (format: string): Promise<string> => {
      await page.click(`[data-copy="${format}"]`);
      await page.waitForSelector(`#copy-output[data-format="${format}"]`);
      return page.locator('#copy-output').inputValue();
    };
    expect(await copied('hex')).toBe(Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' '));
    expect(await copied('c')).toBe(`unsigned char bytes_13000[8] = {\n    ${Array.from(bytes, (byte) => `0x${byte.toString(16).padStart(2, '0')}`).join(', ')},\n};`);
    expect(await copied('python')).toContain('bytes_13000 = bytes([');
    // the mouse: a click, then a shift-click 16 bytes on
    await page.click('#hex-grid .cells .b[data-i="16"]');
    await page.click('#hex-grid .cells .b[data-i="31"]', { modifiers: ['Shift'] });
    await waitForSelection('0x13010-0x13020');
    expect(new URL(page.url()).hash).toBe('#view=hex&paddr=0x13010&cpu=0&sel=16');
    // across the end of RAM
    await goTo('physical', '0x7fff8');
    await page.focus('#hex-grid');
    for (let step = 0; step < 15; step++) await page.keyboard.press('Shift+ArrowRight');
    await waitForSelection('0x7fff8-0x80008');
    expect(await copied('hex')).toBe([...Array.from(dump.physical.read(0x7fff8, 8), (byte) => byte.toString(16).padStart(2, '0')), ...new Array(8).fill('??')].join(' '));
    await page.click('[data-copy="text"]');
    await page.waitForFunction(() => document.querySelector('#copy-output')?.classList.contains('refused'));
    expect(await page.locator('#copy-output').inputValue()).toBe('the selection has bytes the dump lacks (the first at 0x80000: no range: not guest memory); copy it as hex, which shows them as ??');
    await shoot('hex-selection');
  });

  test('the data inspector reads the cursor every way and follows a pointer; back and forward return', async () => {
    await pick(sample);
    await goTo('physical', '0x10ff8');
    const entry = dump.physical.read(0x10ff8, 8).readBigUInt64LE(0);
    const row = page.locator('#inspector tr[data-type="u64 le"]');
    expect(await row.locator('td').nth(1).textContent()).toBe(`0x${entry.toString(16)} (${entry})`);
    expect(await page.locator('#inspector tr[data-type="u16 be"] td').nth(1).textContent()).toBe(`0x${dump.physical.read(0x10ff8, 2).readUInt16BE(0).toString(16)} (${dump.physical.read(0x10ff8, 2).readUInt16BE(0)})`);
    await row.locator('button.follow-physical').click();
    await page.waitForSelector(`#hex-grid[data-cursor="0x${entry.toString(16)}"][data-space="physical"]`);
    await page.click('#back-button');
    await page.waitForSelector('#hex-grid[data-cursor="0x10ff8"]');
    await page.click('#forward-button');
    await page.waitForSelector(`#hex-grid[data-cursor="0x${entry.toString(16)}"]`);
    // rip in the vCPU note, followed as a virtual address through vCPU 0's tables
    const structure = await describeStructure(dump);
    const rip = [...nodesOf(structure)].find((node) => node.path === 'notes[1].descriptor.body.rip');
    await goTo('file', `0x${rip!.fileOffset.toString(16)}`);
    const pointer = dump.cpus[0].registers!.general.rip;
    await page.locator('#inspector tr[data-type="u64 le"] button.follow-virtual').click();
    await waitForGrid('virtual', pointer);
    expect((await grid()).cells.slice(0, 16)).toEqual(Array.from(cpuAddressSpace(dump).read(pointer, 16), (byte) => byte.toString(16).padStart(2, '0')));
    await shoot('inspector');
  });

  test('go-to takes sums, units and registers; what it cannot read it names', async () => {
    await pick(sample);
    await goTo('physical', '0x1000+4KiB', 0x2000n);
    await goTo('virtual', 'rip+0x10', dump.cpus[0].registers!.general.rip + 0x10n);
    expect(await page.locator('#hex-grid').getAttribute('data-cursor')).toBe(`0x${(dump.cpus[0].registers!.general.rip + 0x10n).toString(16)}`);
    await page.fill('#hex-address', 'rip+');
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector('#hex-grid .error[data-code="INVALID_ARGUMENT"]');
    expect(await text('#hex-grid .error')).toBe('INVALID_ARGUMENT: address "rip+": expected a number, size or name at character 4');
  });

  test('the URL keeps the place: a colleague\'s link opens the same bytes once the dump is picked', async () => {
    const colleague = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await colleague.goto(`file://${viewerPage}#view=hex&paddr=0x1010&cpu=1&sel=8`);
      expect(await colleague.locator('#pending-place').textContent()).toBe('This link opens physical 0x1010 in the hex view once the dump is open.');
      await colleague.setInputFiles('#file-input', sample);
      await colleague.waitForSelector('#hex-grid[data-space="physical"][data-address="0x1010"][data-selection="0x1010-0x1018"]');
      expect(await colleague.locator('#cpu-select').inputValue()).toBe('1');
      expect(await colleague.locator('nav button[aria-selected="true"]').textContent()).toBe('Hex');
    } finally {
      await colleague.close();
    }
  });

  test('every address is a link to the hex there: summary, memory map, vCPUs, vtop, maps, problems', async () => {
    await pick(sample);
    await tab('summary');
    const rip1 = dump.cpus[1].registers!.general.rip;
    await page.click(`#summary a.address[data-space="virtual"]:text-is("0x${rip1.toString(16)}")`);
    await waitForGrid('virtual', rip1);
    expect(await page.locator('#cpu-select').inputValue()).toBe('1');
    await tab('summary');
    const fileLinks = await page.locator('#summary a.address[data-space="file"]').allTextContents();
    expect(fileLinks.map((link) => BigInt(link))).toEqual(dump.ranges.map((range) => BigInt(range.fileOffset)));
    await tab('map');
    await page.click('#map svg g.block[data-start="0xe0000000"]');
    await waitForGrid('physical', 0xe000_0000n);
    await tab('cpus');
    await page.click('pre.cpu[data-cpu="0"] a.address[data-space="physical"]:text-is("0x0000000000010000")');
    await waitForGrid('physical', 0x10000n);
    await tab('vtop');
    await page.fill('#walk-address', '0xffffffff81000010');
    await page.click('#walk-form button[type="submit"]');
    await page.click('pre.walk a.address:text-is("0x40010")');
    await waitForGrid('physical', 0x40010n);
    await tab('maps');
    await page.click('#maps-button');
    await page.click('pre.maps a.address:text-is("0x00007ffffffde000")');
    await waitForGrid('virtual', 0x7fff_fffd_e000n);
    // a problem's bytes, in the file
    const flawed = loadCases().find(({ entry }) => entry.verdict !== 'unreadable' && entry.file !== null && entry.problems.some((problem) => problem.fileOffset !== null));
    await pick(flawed!.file);
    await tab('summary');
    const offset = (await page.locator('#problems li[data-file-offset]').first().getAttribute('data-file-offset')) ?? '';
    await page.locator('#problems li[data-file-offset] a.address').first().click();
    await waitForGrid('file', BigInt(offset) - (BigInt(offset) % 16n));
    expect(await page.locator('#hex-grid').getAttribute('data-cursor')).toBe(offset);
  });

  test('search: ASCII, UTF-16LE and hex with wildcards over physical memory and through a vCPU\'s tables, as the library finds them', async () => {
    const file = scratch.path('needles.elf');
    const bytes = fs.readFileSync(sample);
    const at = (physical: number): number => dump.ranges.find((range) => physical >= range.physicalStart && physical < range.physicalStart + range.presentBytes)!.fileOffset + physical - dump.ranges.find((range) => physical >= range.physicalStart && physical < range.physicalStart + range.presentBytes)!.physicalStart;
    bytes.write('vboxcore-needle', at(0x1234), 'latin1');
    bytes.write('vboxcore-needle', at(0x40100), 'latin1');
    // split by the gap after RAM: not one string in memory
    bytes.write('vboxcore-nee', at(0x80000 - 12), 'latin1');
    bytes.write('dle', at(0xe000_0000), 'latin1');
    bytes.write('needle', at(0x1_0000_0010), 'utf16le');
    fs.writeFileSync(file, bytes);
    const needles = openDump(file);
    await pick(file);
    const search = async (kind: string, pattern: string, space = 'physical', from = '', to = ''): Promise<bigint[]> => {
      await tab('search');
      await page.selectOption('#search-kind', kind);
      await page.fill('#search-pattern', pattern);
      await page.selectOption('#search-space', space);
      await page.fill('#search-from', from);
      await page.fill('#search-to', to);
      await page.click('#search-button');
      await page.waitForFunction(() => ['done', 'error'].includes(window.vboxcoreViewer.search.state));
      expect(await page.evaluate(() => window.vboxcoreViewer.search.state)).toBe('done');
      return (await page.locator('#search-hits a.hit').allTextContents()).map(BigInt);
    };
    expect(await search('ascii', 'vboxcore-needle')).toEqual(physicalMatches(needles, Buffer.from('vboxcore-needle')));
    expect(await search('ascii', 'vboxcore-needle')).toEqual([0x1234n, 0x40100n]);
    expect(await search('utf16le', 'needle')).toEqual([0x1_0000_0010n]);
    expect(await search('hex', '76 62 6f 78 ?? 6f 72 65')).toEqual(physicalMatches(needles, Buffer.from('vbox?ore'), 4));
    expect(await search('ascii', 'vboxcore', 'physical', '0x1000', '0x2000')).toEqual([0x1234n]);
    // through vCPU 0's tables: the kernel's text and the direct map both map 0x40100
    const virtual = await search('ascii', 'vboxcore-needle', 'virtual');
    expect(virtual).toEqual(virtualMatches(needles, Buffer.from('vboxcore-needle')));
    expect(virtual).toContain(0xffff_ffff_8100_0100n);
    expect(await text('#search-state')).toMatch(/^3 hit\(s\) in [0-9.]+ MiB, \d+ ms \(\d+ MB\/s\)$/);
    await shoot('search');
    // a hit opens the hex there, the match selected
    await page.click('#search-hits a.hit:text-is("0xffffffff81000100")');
    await page.waitForSelector('#hex-grid[data-space="virtual"][data-selection="0xffffffff81000100-0xffffffff8100010f"]');
    expect((await selectedCells()).map((cell) => cell.text).join('')).toBe(Buffer.from('vboxcore-needle').toString('hex'));
    // refusals are named where the search is typed
    await tab('search');
    await page.selectOption('#search-kind', 'ascii');
    await page.fill('#search-pattern', 'né');
    await page.click('#search-button');
    await page.waitForSelector('#search-output .error[data-code="INVALID_ARGUMENT"]');
    expect(await text('#search-output .error')).toBe('INVALID_ARGUMENT: "é" is not ASCII: search it as UTF-16LE, or as hex bytes');
    needles.close();
  });

  test('search on the 24 GB layout: progress, Cancel, and a range searched to its end', async () => {
    const built = buildDump(scratch.path('search-24g.elf'), { ...layoutGuest24g(2), fill: 'none' });
    await pick(built.path);
    await tab('search');
    await page.selectOption('#search-kind', 'ascii');
    await page.fill('#search-pattern', 'needle');
    await page.selectOption('#search-space', 'physical');
    await page.fill('#search-from', '');
    await page.fill('#search-to', '');
    await page.click('#search-button');
    await page.waitForFunction(() => window.vboxcoreViewer.search.bytesSearched > 0);
    expect(await page.evaluate(() => window.vboxcoreViewer.search.bytesTotal)).toBeGreaterThan(20e9);
    await page.click('#search-cancel');
    expect(await page.evaluate(() => window.vboxcoreViewer.search.state)).toBe('cancelled');
    expect(await text('#search-state')).toMatch(/^cancelled after \d+ MiB, 0 hit\(s\)$/);
    await page.fill('#search-from', '0x100000000');
    await page.fill('#search-to', '0x100000000+256MiB');
    await page.click('#search-button');
    await page.waitForFunction(() => window.vboxcoreViewer.search.state === 'done', undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => window.vboxcoreViewer.search.bytesSearched)).toBe(256 * 2 ** 20);
  });

  test('the empty page says what to do; keyboard help; the vCPU list follows each open; 1024 px wide', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    try {
      await fresh.goto(`file://${viewerPage}`);
      expect(await fresh.locator('#empty').isVisible()).toBe(true);
      expect(await fresh.locator('nav').isVisible()).toBe(false);
      expect(await fresh.locator('#empty').textContent()).toContain('Pick it with Open a dump… above, or drop it anywhere on this page.');
      await fresh.keyboard.press('?');
      expect(await fresh.locator('#help').isVisible()).toBe(true);
      expect(await fresh.locator('#help').textContent()).toContain('back and forward through the places visited');
      await fresh.keyboard.press('Escape');
      expect(await fresh.locator('#help').isVisible()).toBe(false);
      const options = (): Promise<string[]> => fresh.locator('#cpu-select option').allTextContents();
      const open = async (file: string): Promise<string> => {
        await fresh.evaluate(() => {
          window.vboxcoreViewer.state = 'idle';
        });
        await fresh.setInputFiles('#file-input', file);
        await fresh.waitForFunction(() => ['ready', 'error'].includes(window.vboxcoreViewer.state));
        return fresh.evaluate(() => window.vboxcoreViewer.state);
      };
      expect(await open(sample)).toBe('ready');
      expect(await options()).toEqual(['0', '1']);
      const unreadable = loadCases().find(({ entry }) => entry.verdict === 'unreadable' && entry.file !== null);
      expect(await open(unreadable!.file)).toBe('error');
      expect(await options()).toEqual([]);
      const single = scratch.path('qemu-one.elf');
      fs.writeFileSync(single, qemuCore({ cpuCount: 1 }).bytes);
      expect(await open(single)).toBe('ready');
      expect(await options()).toEqual(['0']);
      // every view fits 1024 px: nothing scrolls sideways
      await open(sample);
      for (const view of ['summary', 'structure', 'map', 'cpus', 'hex', 'search', 'vtop', 'maps']) {
        await fresh.click(`nav button[data-tab="${view}"]`);
        if (view === 'hex') await fresh.waitForSelector('#hex-grid .cells');
        expect([view, await fresh.evaluate(() => document.documentElement.scrollWidth)]).toEqual([view, 1024]);
      }
      await fresh.keyboard.press('5');
      await fresh.waitForSelector('#hex-grid .cells');
      await fresh.screenshot({ path: path.join(artifacts, 'hex-1024.png'), fullPage: true });
    } finally {
      await fresh.close();
    }
  });
});

/** Every start of `needle` in the dump's physical memory by the library, ranges that follow on joined; `wildcard` a byte that matches any. */
function physicalMatches(dump: VBoxCoreDump, needle: Buffer, wildcard = -1): bigint[] {
  const found: bigint[] = [];
  let pieceStart = -1;
  let piece: Buffer[] = [];
  const flush = (): void => {
    const joined = Buffer.concat(piece);
    for (let start = 0; start + needle.length <= joined.length; start++) if (needle.every((byte, index) => index === wildcard || joined[start + index] === byte)) found.push(BigInt(pieceStart + start));
  };
  let end = -1;
  for (const range of [...dump.ranges].sort((a, b) => a.physicalStart - b.physicalStart)) {
    if (range.presentBytes === 0) continue;
    if (range.physicalStart !== end) {
      if (piece.length > 0) flush();
      piece = [];
      pieceStart = range.physicalStart;
    }
    piece.push(dump.physical.read(range.physicalStart, range.presentBytes));
    end = range.physicalStart + range.presentBytes;
  }
  if (piece.length > 0) flush();
  return found;
}

/** The same through vCPU 0's tables, mapping by mapping. */
function virtualMatches(dump: VBoxCoreDump, needle: Buffer): bigint[] {
  const space = cpuAddressSpace(dump);
  const found: bigint[] = [];
  for (const mapping of space.maps().mappings) {
    const bytes = space.read(mapping.virtualStart, Number(mapping.size), { holes: 'zero' });
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) found.push(mapping.virtualStart + BigInt(at));
  }
  return found.sort((a, b) => (a < b ? -1 : 1));
}

function* nodesOf(node: StructureNode): Generator<StructureNode> {
  yield node;
  for (const child of node.children) yield* nodesOf(child);
}

describe('hostile pages and pictures (issue 22)', () => {
  test('case 6: markup injected into a copy of the page does not run; the page\'s own script does', async () => {
    const copy = scratch.path('viewer-injected.html');
    const injected = '<img src="x" onerror="document.title=\'pwned by an attribute\'"><script>document.title=\'pwned by a script\'</script>';
    fs.writeFileSync(copy, fs.readFileSync(viewerPage, 'utf8').replace('<header>', `${injected}<header>`));
    const tab = await browser.newPage();
    const violations: string[] = [];
    tab.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text());
    });
    try {
      await tab.goto(`file://${copy}`);
      await tab.waitForFunction(() => window.vboxcoreViewer?.state === 'idle');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await tab.title()).toBe('vboxcore viewer');
      expect(violations.length).toBeGreaterThanOrEqual(2);
    } finally {
      await tab.close();
    }
  });

  test('case 8: the SVG of a dump named with control characters parses as XML in Chromium', async () => {
    const named = scratch.path('ctl\x01\x1bname.elf');
    fs.copyFileSync(sample, named);
    const svg = scratch.path('ctl-map.svg');
    expect(cliProcess('map', named, '--svg', svg).status).toBe(0);
    const tab = await browser.newPage();
    try {
      await tab.goto(`file://${svg}`);
      expect(await tab.evaluate(() => [document.documentElement.tagName, document.getElementsByTagName('parsererror').length])).toEqual(['svg', 0]);
      expect(await tab.evaluate(() => document.querySelector('title')?.textContent)).toContain('ctl\\x01\\x1bname.elf');
    } finally {
      await tab.close();
    }
  });
});

describe('vboxcore view', () => {
  test('serves the viewer and the dump on loopback only, behind a secret path; Ctrl-C stops it', async () => {
    const viewer = await startViewer(process.execPath, [path.join(projectRoot, 'dist', 'src', 'cli', 'start.js'), 'view', sample, '--no-open']);
    let status: number | null = null;
    try {
      const { url, stdout } = viewer;
      expect(stdout).toMatch(/^viewer for .*small-guest\.elf: http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/\?dump=dump&name=small-guest\.elf\nserved on 127\.0\.0\.1 only; Ctrl-C stops it\n/);
      const viewerPageServed = await browser.newPage();
      await viewerPageServed.goto(url);
      await viewerPageServed.waitForFunction(() => window.vboxcoreViewer.state === 'ready');
      const dump = openDump(sample);
      expect(await viewerPageServed.locator('#summary').textContent()).toBe(summaryText(dump, 'small-guest.elf'));
      // the search worker reads the served dump by range requests, as the page does
      const needle = dump.physical.read(0x13000, 6);
      await viewerPageServed.click('nav button[data-tab="search"]');
      await viewerPageServed.selectOption('#search-kind', 'hex');
      await viewerPageServed.fill('#search-pattern', needle.toString('hex'));
      await viewerPageServed.click('#search-button');
      await viewerPageServed.waitForFunction(() => ['done', 'error'].includes(window.vboxcoreViewer.search.state));
      expect((await viewerPageServed.locator('#search-hits a.hit').allTextContents()).map(BigInt)).toEqual(physicalMatches(dump, needle));
      dump.close();
      await viewerPageServed.close();
      // what other pages, hosts and guesses get
      const { origin, pathname } = new URL(url);
      const ask = (requestPath: string, headers: http.OutgoingHttpHeaders = {}) =>
        new Promise<number>((resolve, reject) => {
          const request = http.request(`${origin}${requestPath}`, { headers }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          });
          request.on('error', reject);
          request.end();
        });
      expect(await ask(pathname)).toBe(200);
      expect(await ask(pathname, { Host: 'attacker.example:80' })).toBe(403);
      expect(await ask('/')).toBe(404);
      expect(await ask(`/${'0'.repeat(32)}/dump`, { Range: 'bytes=0-15' })).toBe(404);
      expect(await ask(`${pathname}dump`, { Range: 'bytes=0-15' })).toBe(206);
      expect(await ask(`${pathname}dump`)).toBe(416);
      // an end past the dump is clamped (RFC 9110); a range wholly past it, or several, are refused
      expect(await ask(`${pathname}dump`, { Range: `bytes=0-${fs.statSync(sample).size}` })).toBe(206);
      expect(await ask(`${pathname}dump`, { Range: `bytes=${fs.statSync(sample).size}-` })).toBe(416);
      expect(await ask(`${pathname}dump`, { Range: 'bytes=0-1,4-5' })).toBe(416);
    } finally {
      status = await viewer.interrupt();
    }
    expect(status).toBe(0);
  });

  test('case 7 (issue 22): a server that stopped is a network failure, named, and the page says it has failed', async () => {
    const viewer = await startViewer(process.execPath, [path.join(projectRoot, 'dist', 'src', 'cli', 'start.js'), 'view', sample, '--no-open']);
    const served = await browser.newPage();
    try {
      await served.goto(viewer.url);
      await served.waitForFunction(() => window.vboxcoreViewer.state === 'ready');
    } finally {
      await viewer.interrupt();
    }
    await served.click('nav button[data-tab="hex"]');
    // past the first 64 KiB, which the source kept from its first answer
    await served.fill('#hex-address', '0x60000');
    await served.click('#hex-form button[type="submit"]');
    await served.waitForSelector('#hex-output .error', { timeout: 20_000 });
    expect(await served.locator('#hex-output .error').getAttribute('data-code')).toBe('REMOTE_UNREACHABLE');
    expect(await served.locator('#hex-output .error').textContent()).toMatch(/^REMOTE_UNREACHABLE: small-guest\.elf: cannot reach the server/);
    await served.close();
    // a page whose dump cannot be fetched at all ends in the error state, not idle
    const page = fs.readFileSync(viewerPage);
    const broken = http.createServer((request, response) => {
      if (request.url?.startsWith('/t/?')) {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end(page);
      } else {
        request.socket.destroy();
      }
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const orphan = await browser.newPage();
    try {
      await orphan.goto(`http://127.0.0.1:${(broken.address() as { port: number }).port}/t/?dump=dump&name=gone.elf`);
      await orphan.waitForFunction(() => window.vboxcoreViewer.state === 'error', undefined, { timeout: 20_000 });
      expect(await orphan.evaluate(() => window.vboxcoreViewer.errorCode)).toBe('REMOTE_UNREACHABLE');
      expect(await orphan.locator('#summary .error').textContent()).toMatch(/^REMOTE_UNREACHABLE: gone\.elf: cannot reach the server/);
    } finally {
      await orphan.close();
      broken.closeAllConnections();
      broken.close();
    }
  });

  test('a dump that cannot be served, a bad port or a port in use: one line, a code, exit 2, no server left', async () => {
    const missing = cliProcess('view', scratch.path('no-such.elf'), '--no-open');
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/^vboxcore: FILE_UNREADABLE: .*no-such\.elf/)]);
    const badPort = cliProcess('view', sample, '--port', '70000', '--no-open');
    expect([badPort.status, badPort.stderr]).toEqual([2, expect.stringMatching(/^vboxcore: INVALID_ARGUMENT: --port "70000" is not a port number/)]);
    const occupied = http.createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    const port = (occupied.address() as { port: number }).port;
    const inUse = cliProcess('view', sample, '--port', String(port), '--no-open');
    occupied.close();
    expect([inUse.status, inUse.stderr.trim()]).toEqual([2, `vboxcore: INVALID_ARGUMENT: cannot listen on 127.0.0.1:${port}: the port is in use`]);
  });
});
