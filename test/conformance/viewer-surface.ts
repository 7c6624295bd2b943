/**
 * The viewer as a conformance surface: the built page in Chromium, a case's dump picked as a user
 * picks it, and the answers read off what the page shows (the summary, the problem list, the
 * vCPU panels, the hex view, the vtop view). What the page does not show is skipped, with why.
 */
import type { Page } from 'playwright-core';
import { hex } from '../../src/model/numbers';
import { ConformanceCase, ExpectedCpu, ExpectedProblemRecord, ExpectedRegisters } from './format';
import { ReadAnswer, Session, sha256, Skip, Surface, SurfaceReport, SurfaceStructure, WalkAnswer } from './runner';

/** Bytes the hex view shows at once (web/hex-view.ts HEX_PAGE). */
const HEX_PAGE = 512n;

const PRODUCERS: Record<string, string> = { VirtualBox: 'virtualbox', QEMU: 'qemu', unknown: 'unknown' };
const PAGE_SIZES: Record<string, string> = { '4 KiB': '0x1000', '2 MiB': '0x200000', '4 MiB': '0x400000', '1 GiB': '0x40000000' };

/** `0x000010` → `0x10`, as the corpus writes 64-bit values. */
const tidy = (text: string): string => hex(BigInt(text));

/** The cells of the hex view: two hex digits, or `··` for a byte the dump does not hold. */
export function gridBytes(cells: readonly string[]): { bytes: Uint8Array; holes: number } {
  return { bytes: Uint8Array.from(cells, (cell) => (cell === '··' ? 0 : parseInt(cell, 16))), holes: cells.filter((cell) => cell === '··').length };
}

/** A value after `name ` in a vCPU panel: the hex word, null where the panel says it is not stored. */
function registerValue(text: string, name: string): string | null | undefined {
  const found = new RegExp(`(?:^|\\s)${name} (0x[0-9a-f]+|not stored)`, 'm').exec(text);
  if (found === null) return undefined;
  return found[1] === 'not stored' ? null : tidy(found[1]);
}

/** The registers the corpus expects, read off a vCPU panel's text (the `vboxcore cpus` words). */
export function panelRegisters(text: string, expected: ExpectedRegisters): ExpectedRegisters {
  const words = (names: readonly string[], aliases: Record<string, string> = {}): Record<string, string | null> => Object.fromEntries(names.map((name) => {
    const value = registerValue(text, aliases[name] ?? name);
    return [name, value === undefined ? `(${name} not shown)` : value];
  }));
  const gdtr = /gdtr (0x[0-9a-f]+) limit (0x[0-9a-f]+)/.exec(text);
  const cs = /^\s+cs\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)/m.exec(text);
  const registers: ExpectedRegisters = {
    general: words(Object.keys(expected.general)),
    control: words(Object.keys(expected.control)) as Record<string, string>,
    gdtr: gdtr === null ? { base: '(not shown)', limit: -1 } : { base: tidy(gdtr[1]), limit: Number(gdtr[2]) },
    segments: { cs: cs === null ? { selector: -1, base: '(not shown)', limit: -1, attributes: -1 } : { selector: Number(cs[1]), base: tidy(cs[2]), limit: Number(cs[3]), attributes: Number(cs[4]) } },
  };
  if (expected.msrs !== undefined) registers.msrs = words(Object.keys(expected.msrs), { apicBase: 'apic', tscAux: 'tscaux' });
  return registers;
}

/** The layout a vCPU panel names: `layout NAME:`, `qemu` for a QEMU note, null when not decoded. */
function panelLayout(text: string): string | null {
  if (text.includes('registers not decoded')) return null;
  if (/^CPU \d+ \(QEMU note/.test(text)) return 'qemu';
  return /^ {2}layout (\S+):/m.exec(text)?.[1] ?? '(no layout named)';
}

/** The descriptor the summary's lines state (Magic, Format, VirtualBox version and revision, CPUs). */
function summaryDescriptor(summary: string): ConformanceCase['descriptor'] {
  const magic = /^Magic: (0x[0-9a-f]+)$/m.exec(summary);
  if (magic === null) return null;
  const format = /^Format: (0x[0-9a-f]+)/m.exec(summary);
  const version = /^VirtualBox (\S+) \(revision (\d+)\)$/m.exec(summary);
  const cpus = /^CPUs: (\d+)$/m.exec(summary);
  if (format === null || version === null || cpus === null) throw new Error(`the summary names a descriptor without all of its facts:\n${summary}`);
  return { magic: Number(magic[1]), formatVersion: Number(format[1]), vboxVersion: version[1], vboxRevision: Number(version[2]), cpuCount: Number(cpus[1]) };
}

/** What a form of the page showed once submitted: its output's text, an error's code, whether a note came with it. */
interface FormAnswer {
  text: string;
  error: string | null;
  note: boolean;
}

/**
 * Uses one of the page's forms as a user does (its tab, its fields, submit) and waits for what it
 * shows, in one round trip to the browser: driving each step from here costs a tenth of a second.
 */
async function useForm(page: Page, use: { tab: string; form: string; output: string; shows: string; fields: Record<string, string> }): Promise<FormAnswer> {
  return page.evaluate(async ({ tab, form, output, shows, fields }) => {
    document.querySelector<HTMLButtonElement>(`nav button[data-tab="${tab}"]`)?.click();
    const outputElement = document.getElementById(output);
    if (outputElement === null) throw new Error(`the page lacks #${output}`);
    outputElement.replaceChildren();
    for (const [id, value] of Object.entries(fields)) {
      const field = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
      if (field === null) throw new Error(`the page lacks #${id}`);
      field.value = value;
      field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    }
    (document.getElementById(form) as HTMLFormElement).requestSubmit();
    const deadline = Date.now() + 20_000;
    for (;;) {
      const error = outputElement.querySelector<HTMLElement>('.error');
      const shown = document.querySelector(shows);
      if (error !== null) return { text: error.textContent ?? '', error: error.dataset.code ?? '(no code)', note: false };
      if (shown !== null) return { text: shown.textContent ?? '', error: null, note: outputElement.querySelector('.note') !== null };
      if (Date.now() > deadline) throw new Error(`#${form} showed nothing in #${output} within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }, use);
}

/** The page's part a test drives: pick a file and wait for it, switch tabs. */
export interface ViewerDriver {
  page: Page;
  pick(file: string): Promise<{ state: string }>;
  tab(name: string): Promise<void>;
}

export function viewerSurface(driver: ViewerDriver): Surface {
  const { page } = driver;
  const text = async (selector: string): Promise<string> => (await page.locator(selector).first().textContent()) ?? '';
  return {
    name: 'viewer (Chromium)',
    async open(file: string, entry: ConformanceCase): Promise<Session> {
      if (entry.file === null) throw new Skip('a page is given files only: a path that names nothing cannot be picked');
      const { state } = await driver.pick(file);
      const opened = state === 'ready';
      const session: Session = {
        async report(): Promise<SurfaceReport> {
          const problems = await page.locator('#problems li').evaluateAll((items) => items.map((item) => {
            const data = (item as HTMLElement).dataset;
            return { code: data.code ?? '', severity: data.severity ?? '', fileOffset: data.fileOffset ?? null, field: data.field ?? null };
          }));
          const stops = opened ? null : await page.locator('#summary .error').first().getAttribute('data-code');
          return { problems: problems as ExpectedProblemRecord[], stops };
        },
        async structure(): Promise<SurfaceStructure> {
          const summary = await text('#summary');
          const producer = /^Producer: (\S+)/m.exec(summary)?.[1] ?? '';
          await driver.tab('cpus');
          const panels = await page.locator('pre.cpu').allTextContents();
          const expectedCpus: ExpectedCpu[] = entry.cpus ?? [];
          return {
            producer: PRODUCERS[producer] ?? `(the summary names ${producer})`,
            descriptor: summaryDescriptor(summary),
            get ranges(): never {
              throw new Skip('the summary\'s range table numbers ranges, not program headers (the page\'s whole summary is checked against `vboxcore info` in viewer.test.ts)');
            },
            get memory(): never {
              throw new Skip('the summary shows memory totals rounded to units, not to the byte');
            },
            cpus: panels.map((panel, index) => {
              const layout = panelLayout(panel);
              const registers = layout === null ? null : expectedCpus[index]?.registers == null ? {} : panelRegisters(panel, expectedCpus[index].registers!);
              return { index: Number(/^CPU (\d+)/.exec(panel)?.[1] ?? -1), layout, registers: registers as Record<string, unknown> | null };
            }),
          };
        },
        async read(physicalAddress: bigint, length: number, zeroHoles: boolean): Promise<ReadAnswer> {
          const top = physicalAddress - (physicalAddress % 16n);
          if (physicalAddress - top + BigInt(length) > HEX_PAGE) throw new Skip(`the hex view shows ${HEX_PAGE} bytes from a line's start`);
          const shown = await useForm(page, { tab: 'hex', form: 'hex-form', output: 'hex-grid', shows: `#hex-grid[data-address="${hex(top)}"][data-space="physical"] .cells`, fields: { 'hex-space': 'physical', 'hex-address': hex(physicalAddress) } });
          if (shown.error !== null) return { error: shown.error };
          const cells = await page.locator('#hex-grid .cells .b').allTextContents();
          const { bytes } = gridBytes(cells);
          const start = Number(physicalAddress - top);
          const holes = cells.slice(start, start + length).filter((cell) => cell === '··').length;
          if (!zeroHoles && holes > 0) throw new Skip('the hex view draws bytes the dump lacks as ·· with their reason: it refuses no read');
          return { sha256: sha256(bytes.subarray(start, start + length)) };
        },
        async translate(): Promise<never> {
          throw new Skip('the viewer shows no file offset for a physical address');
        },
        async walk(cpu: number, virtualAddress: bigint): Promise<WalkAnswer> {
          const shown = await useForm(page, { tab: 'vtop', form: 'walk-form', output: 'walk-output', shows: 'pre.walk', fields: { 'cpu-select': String(cpu), 'walk-address': hex(virtualAddress) } });
          if (shown.error !== null) return { fault: `(error ${shown.error})` };
          const walk = shown.text;
          const fault = /-> fault \(([a-z-]+)\)/.exec(walk);
          if (fault !== null) return { fault: fault[1] };
          const end = /-> physical (0x[0-9a-f]+) \((\d+ [KMG]iB) page/.exec(walk);
          if (end === null) throw new Error(`the vtop view ends in neither a physical address nor a fault:\n${walk}`);
          return { physicalAddress: end[1], pageSize: PAGE_SIZES[end[2]] ?? `(${end[2]})` };
        },
        async expectation(): Promise<never> {
          throw new Skip('the viewer evaluates no --expect expressions');
        },
        async close(): Promise<void> {
          // the next pick replaces the dump; the page closes the old one itself
        },
      };
      return session;
    },
  };
}
