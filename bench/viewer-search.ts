/**
 * The viewer's search in Debian's Chromium: a pattern that is not there, searched through the
 * whole of a dump from the page cache, by the page as a user runs it (its Web Worker, its
 * progress), timed by the worker. Two dumps: 1 GiB of real bytes (the machine's own programs,
 * libraries and documents, in file-name order) and the 24 GB layout (sparse: zeros but for the
 * edges of each range). The baseline is dd reading the same dump from the page cache; issue 28's
 * target is 300 MB/s.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDump, BuiltDump } from '../src/builder';

/**
 * The little of playwright-core used here. Its own types need the DOM's, which the build's
 * compiler settings (Node only) do not have.
 */
interface BrowserPage {
  goto(url: string): Promise<unknown>;
  setInputFiles(selector: string, file: string): Promise<void>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  waitForFunction(predicate: () => boolean, argument?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate<T>(read: () => T): Promise<T>;
}
interface Chromium {
  launch(options: { executablePath: string; args: string[] }): Promise<{ newPage(): Promise<BrowserPage>; close(): Promise<void> }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromium } = require('playwright-core') as { chromium: Chromium };

/** What the page keeps of its last search (web/search-view.ts SearchStatus). */
interface SearchStatus {
  state: string;
  hits: number;
  bytesSearched: number;
  milliseconds: number | null;
}

/** The page's global, as the functions below see it when they run there (web/viewer-status.ts). */
declare const window: { vboxcoreViewer: { state: string; search: SearchStatus } };

interface Row {
  measure: string;
  vboxcore: string;
  baseline: string;
  ratio: string;
}

const GIB = 2 ** 30;
/** Folders whose files make up the real bytes, walked in name order. */
const REAL_FOLDERS = ['/usr/lib/x86_64-linux-gnu', '/usr/bin', '/usr/lib', '/usr/share'];

/** Regular files under `folders` (name order, depth first) until `total` bytes. */
function realFiles(total: number): { file: string; size: number }[] {
  const found: { file: string; size: number }[] = [];
  let sum = 0;
  const seen = new Set<string>();
  const walk = (folder: string): void => {
    let names: string[];
    try {
      names = fs.readdirSync(folder).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (sum >= total) return;
      const file = path.join(folder, name);
      const stat = fs.lstatSync(file, { throwIfNoEntry: false });
      if (stat === undefined || seen.has(file)) continue;
      seen.add(file);
      if (stat.isDirectory()) walk(file);
      else if (stat.isFile() && stat.size >= 4096) {
        try {
          fs.accessSync(file, fs.constants.R_OK);
        } catch {
          continue;
        }
        found.push({ file, size: stat.size });
        sum += stat.size;
      }
    }
  };
  for (const folder of REAL_FOLDERS) walk(folder);
  if (sum === 0) throw new Error(`no readable files under ${REAL_FOLDERS.join(', ')}`);
  return found;
}

/** Guest memory made of real files back to back (from the start again when they run out). */
function realMemory(total: number): { readInto(physicalAddress: number, target: Uint8Array): void } {
  const files = realFiles(total);
  const starts: number[] = [];
  let sum = 0;
  for (const { size } of files) {
    starts.push(sum);
    sum += size;
  }
  return {
    readInto(physicalAddress, target) {
      let done = 0;
      while (done < target.length) {
        const position = (physicalAddress + done) % sum;
        let index = starts.length - 1;
        while (starts[index] > position) index--;
        const { file, size } = files[index];
        const within = position - starts[index];
        const length = Math.min(target.length - done, size - within);
        const descriptor = fs.openSync(file, 'r');
        try {
          fs.readSync(descriptor, target, done, length, within);
        } finally {
          fs.closeSync(descriptor);
        }
        done += length;
      }
    },
  };
}

/** MB/s of dd reading the whole dump from the page cache (read once before). */
function ddRate(file: string): number {
  const run = (): number => {
    const started = process.hrtime.bigint();
    const result = spawnSync('dd', [`if=${file}`, 'of=/dev/null', 'bs=4M'], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`dd: ${result.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  run();
  const seconds = [run(), run(), run()].sort((a, b) => a - b)[1];
  return fs.statSync(file).size / 1e6 / seconds;
}

/** The page's own search of all physical memory for `pattern`, three runs after a warm-up: the median MB/s and bytes searched. */
async function pageSearchRate(file: string, pattern: string): Promise<{ rate: number; bytes: number }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`file://${path.resolve(__dirname, '..', '..', 'dist', 'viewer.html')}`);
    await page.setInputFiles('#file-input', file);
    await page.waitForFunction(() => window.vboxcoreViewer.state === 'ready');
    await page.click('nav button[data-tab="search"]');
    await page.selectOption('#search-kind', 'ascii');
    await page.fill('#search-pattern', pattern);
    const rates: number[] = [];
    let bytes = 0;
    for (let run = 0; run < 4; run++) {
      await page.click('#search-button');
      await page.waitForFunction(() => ['done', 'error'].includes(window.vboxcoreViewer.search.state), undefined, { timeout: 600_000 });
      const search = await page.evaluate(() => ({ ...window.vboxcoreViewer.search }));
      if (search.state !== 'done' || search.hits !== 0) throw new Error(`the search ended ${search.state} with ${search.hits} hit(s)`);
      bytes = search.bytesSearched;
      if (run > 0) rates.push(search.bytesSearched / 1e6 / ((search.milliseconds ?? 1) / 1000));
    }
    return { rate: rates.sort((a, b) => a - b)[1], bytes };
  } finally {
    await browser.close();
  }
}

export async function viewerSearchRows(folder: string, large: BuiltDump): Promise<Row[]> {
  const real = buildDump(path.join(folder, 'real-1g.elf'), { cpuCount: 1, ranges: [{ physicalAddress: 0, size: GIB }], memory: realMemory(GIB) });
  const rows: Row[] = [];
  try {
    const pattern = 'vboxcore: a needle that is not there';
    const realSearch = await pageSearchRate(real.path, pattern);
    const realDd = ddRate(real.path);
    rows.push({ measure: `viewer search in Chromium (Web Worker, ASCII "${pattern.slice(0, 8)}…", not found), 1 GiB of real bytes from the page cache, MB/s vs dd of the dump (target >= 300 MB/s)`, vboxcore: `${realSearch.rate.toFixed(0)} MB/s (${(realSearch.bytes / GIB).toFixed(2)} GiB)`, baseline: `${realDd.toFixed(0)} MB/s`, ratio: (realSearch.rate / realDd).toFixed(2) });
  } finally {
    fs.rmSync(real.path, { force: true });
  }
  const largeSearch = await pageSearchRate(large.path, 'vboxcore: a needle that is not there');
  const largeDd = ddRate(large.path);
  rows.push({ measure: 'viewer search in Chromium, all RAM of the 24 GB layout (sparse: mostly zeros), MB/s vs dd of the dump', vboxcore: `${largeSearch.rate.toFixed(0)} MB/s (${(largeSearch.bytes / 1e9).toFixed(1)} GB)`, baseline: `${largeDd.toFixed(0)} MB/s`, ratio: (largeSearch.rate / largeDd).toFixed(2) });
  return rows;
}
