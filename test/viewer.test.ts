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
import { formatHexdump, formatInfo } from '../src/report/text';
import { summarizeDump } from '../src/report/summary';
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
    await tab('hex');
    await page.selectOption('#hex-space', 'physical');
    await page.fill('#hex-address', '0x1000');
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector('pre.hexdump[data-address="0x1000"]');
    expect(await text('pre.hexdump')).toBe(formatHexdump(0x1000n, dump.physical.read(0x1000, 256)));
    await page.focus('#hex-output');
    await page.keyboard.press('PageDown');
    await page.waitForSelector('pre.hexdump[data-address="0x1100"]');
    expect(await text('pre.hexdump')).toBe(formatHexdump(0x1100n, dump.physical.read(0x1100, 256)));
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('pre.hexdump[data-address="0x10f0"]');
    expect(await text('pre.hexdump')).toBe(formatHexdump(0x10f0n, dump.physical.read(0x10f0, 256)));
    // across the end of RAM into the gap: zeros, and the page says so
    await page.fill('#hex-address', '0x7ff80');
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector('pre.hexdump[data-address="0x7ff80"]');
    expect(await text('pre.hexdump')).toBe(formatHexdump(0x7ff80n, dump.physical.read(0x7ff80, 256, { holes: 'zero' })));
    expect(await text('#hex-output .note')).toBe('128 byte(s) in holes (gap), shown as zeros');
    await shoot('hex');
  });

  test('a virtual read through vCPU 0\'s page tables', async () => {
    const space = cpuAddressSpace(dump);
    const address = 0xffff_ffff_8100_0000n;
    await tab('hex');
    await page.selectOption('#hex-space', 'virtual');
    await page.fill('#hex-address', `0x${address.toString(16)}`);
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector(`pre.hexdump[data-address="0x${address.toString(16)}"][data-space="virtual"]`);
    expect(await text('pre.hexdump')).toBe(formatHexdump(address, space.read(address, 256)));
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
    await page.selectOption('#hex-space', 'physical');
    await page.fill('#hex-address', '0x5ffff0000');
    await page.click('#hex-form button[type="submit"]');
    await page.waitForSelector('pre.hexdump[data-address="0x5ffff0000"]');
    expect(await text('pre.hexdump')).toBe(formatHexdump(0x5_ffff_0000n, dump.physical.read(0x5_ffff_0000, 256)));
    const after = await page.evaluate(() => window.vboxcoreViewer.bytesRead);
    expect(after - status.bytesRead).toBe(256);
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
