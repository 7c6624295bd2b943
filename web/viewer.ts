/**
 * The offline viewer: a dump picked or dropped in the page (or served by `vboxcore view` from
 * loopback) is read through the library's asynchronous API over `Blob.slice`, so only the bytes
 * a view needs are read, and nothing leaves the machine.
 */
import { openDumpAsync, validateDumpAsync, AsyncVBoxCoreDump } from '../src/async/dump-core';
import { cpuAddressSpaceWithTablesAsync, AsyncVirtualAddressSpace } from '../src/async/dump-core';
import { BlobSource } from '../src/io/blob-source';
import { AsyncByteSource } from '../src/io/async-source';
import { isVboxCoreError } from '../src/errors';
import { parseAddress } from '../src/address-space/address';
import { hex } from '../src/model/numbers';
import type { Problem } from '../src/problems';
import { formatInfo, formatProblem, formatHexdump } from '../src/report/text';
import { formatCpu, formatMaps, formatWalk } from '../src/report/cpu-text';
import { describeCpu } from '../src/cpu/view';
import { physicalMapSvg, virtualMapsSvg } from '../src/report/memory-map-svg';
import { HttpSource } from '../src/io/http-source';
import type { ViewerStatus } from './viewer-status';

/** Bytes the hex view shows at once: 16 lines. */
const HEX_PAGE = 256;
const HEX_LINE = 16;

const status: ViewerStatus = { state: 'idle', name: null, bytesRead: 0, readCount: 0, openMilliseconds: null, errorCode: null };
window.vboxcoreViewer = status;

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page lacks #${id}`);
  return found as T;
};

let dump: AsyncVBoxCoreDump | null = null;
let source: (AsyncByteSource & { bytesRead: number; readCount: number }) | null = null;
let hexAddress = 0n;

function syncCounters(): void {
  if (source !== null) {
    status.bytesRead = source.bytesRead;
    status.readCount = source.readCount;
  }
  element('read-counter').textContent = source === null ? '' : `${source.bytesRead.toLocaleString('en')} bytes read in ${source.readCount} read(s) of ${source.size.toLocaleString('en')}`;
}

/** An error as the CLI words it: `CODE: message`; anything else is a bug, said so. */
function describeError(error: unknown): { code: string; text: string } {
  if (isVboxCoreError(error)) return { code: error.code, text: `${error.code}: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', text: `INTERNAL_ERROR: ${message} (this is a bug in vboxcore)` };
}

function showError(target: HTMLElement, error: unknown): void {
  const { code, text } = describeError(error);
  status.errorCode = code;
  target.replaceChildren();
  const box = document.createElement('div');
  box.className = 'error';
  box.dataset.code = code;
  box.textContent = text;
  target.append(box);
}

function selectTab(name: string): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('nav button')) tab.setAttribute('aria-selected', String(tab.dataset.tab === name));
  for (const panel of document.querySelectorAll<HTMLElement>('section.panel')) panel.hidden = panel.id !== `panel-${name}`;
}

function cpuIndex(): number {
  return Number(element<HTMLSelectElement>('cpu-select').value || '0');
}

/** The vCPU's space, its context saying what the tables at CR3 are (PCID, KPTI), as the CLI's does. */
async function virtualSpace(): Promise<AsyncVirtualAddressSpace> {
  if (dump === null) throw new Error('no dump is open');
  return cpuAddressSpaceWithTablesAsync(dump, { cpu: cpuIndex() });
}

/** One line per problem, as `vboxcore validate` words it; where and what it is also as data for scripts driving the page. */
function showProblems(problems: readonly Problem[]): void {
  const list = element('problems');
  for (const problem of problems) {
    const line = document.createElement('li');
    line.className = `problem ${problem.severity}`;
    line.dataset.code = problem.code;
    line.dataset.severity = problem.severity;
    if (problem.fileOffset !== null) line.dataset.fileOffset = hex(problem.fileOffset);
    if (problem.field !== null) line.dataset.field = problem.field;
    line.textContent = formatProblem(problem);
    list.append(line);
  }
}

/** Fills the summary, problems, map and vCPU views of a dump just opened. */
function render(dump: AsyncVBoxCoreDump): void {
  element('summary').textContent = formatInfo(dump);
  showProblems(dump.report.problems);
  element('map').innerHTML = physicalMapSvg(dump);
  const select = element<HTMLSelectElement>('cpu-select');
  select.replaceChildren(...dump.cpus.map((cpu) => new Option(`vCPU ${cpu.index}`, String(cpu.index))));
  const cpus = element('cpus');
  for (const cpu of dump.cpus) {
    const block = document.createElement('pre');
    block.className = 'cpu';
    block.dataset.cpu = String(cpu.index);
    try {
      block.textContent = formatCpu(describeCpu(cpu));
    } catch (error) {
      block.textContent = describeError(error).text;
    }
    cpus.append(block);
  }
}

type CountingSource = AsyncByteSource & { bytesRead: number; readCount: number };

/** Opens the dump a source gives (opening the source first, for a served dump), showing every failure as the CLI words it. */
async function open(name: string, openSource: () => Promise<CountingSource>): Promise<void> {
  const started = performance.now();
  if (dump !== null) await dump.close();
  dump = null;
  source = null;
  status.state = 'loading';
  status.name = name;
  status.errorCode = null;
  status.openMilliseconds = null;
  document.body.dataset.state = 'loading';
  element('file-name').textContent = name;
  element('open-time').textContent = '';
  element<HTMLSelectElement>('cpu-select').replaceChildren();
  for (const id of ['summary', 'problems', 'map', 'cpus', 'hex-output', 'walk-output', 'maps-output']) element(id).replaceChildren();
  try {
    source = await openSource();
    dump = await openDumpAsync(source);
    render(dump);
  } catch (error) {
    showError(element('summary'), error);
    // The error says where reading stopped; the report says everything else wrong with the file too.
    try {
      showProblems((await validateDumpAsync(await openSource())).problems);
    } catch {
      // the source itself failed (a server gone): the error shown is all there is to say
    }
    status.state = 'error';
    document.body.dataset.state = 'error';
    syncCounters();
    selectTab('summary');
    return;
  }
  status.openMilliseconds = Math.round(performance.now() - started);
  status.state = 'ready';
  document.body.dataset.state = 'ready';
  element('open-time').textContent = `opened in ${status.openMilliseconds} ms`;
  hexAddress = BigInt(dump.ranges.find((range) => range.presentBytes > 0)?.physicalStart ?? 0);
  element<HTMLInputElement>('hex-address').value = hex(hexAddress);
  syncCounters();
  selectTab('summary');
}

/** Shows HEX_PAGE bytes at hexAddress; holes and unmapped pages read as zeros and are named. */
async function showHex(): Promise<void> {
  const output = element('hex-output');
  if (dump === null) return;
  const virtual = element<HTMLSelectElement>('hex-space').value === 'virtual';
  element<HTMLInputElement>('hex-address').value = hex(hexAddress);
  try {
    let bytes: Uint8Array;
    let holeNote: string;
    if (virtual) {
      const space = await virtualSpace();
      const runs = await space.mapping(hexAddress, HEX_PAGE);
      bytes = await space.read(hexAddress, HEX_PAGE, { holes: 'zero' });
      const faults = runs.filter((run) => run.kind === 'fault');
      holeNote = faults.length === 0 ? '' : `${faults.reduce((sum, run) => sum + run.length, 0)} byte(s) not mapped or not in the dump, shown as zeros`;
    } else {
      const runs = dump.physical.mapping(hexAddress, HEX_PAGE);
      bytes = await dump.physical.read(hexAddress, HEX_PAGE, { holes: 'zero' });
      const holes = runs.filter((run) => run.kind === 'hole');
      holeNote = holes.length === 0 ? '' : `${holes.reduce((sum, run) => sum + run.length, 0)} byte(s) in holes (${[...new Set(holes.map((run) => (run.kind === 'hole' ? run.hole : '')))].join(', ')}), shown as zeros`;
    }
    output.replaceChildren();
    const text = document.createElement('pre');
    text.className = 'hexdump';
    text.dataset.address = hex(hexAddress);
    text.dataset.space = virtual ? 'virtual' : 'physical';
    text.textContent = formatHexdump(hexAddress, bytes);
    output.append(text);
    if (holeNote !== '') {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = holeNote;
      output.append(note);
    }
  } catch (error) {
    showError(output, error);
  }
  syncCounters();
}

function moveHex(delta: bigint): void {
  const next = hexAddress + delta;
  hexAddress = next < 0n ? 0n : next >= 1n << 64n ? (1n << 64n) - BigInt(HEX_PAGE) : next;
  void showHex();
}

async function showWalk(): Promise<void> {
  const output = element('walk-output');
  try {
    const space = await virtualSpace();
    const virtualAddress = parseAddress(element<HTMLInputElement>('walk-address').value, 'virtual address');
    const walk = await space.walk(virtualAddress);
    output.replaceChildren();
    const text = document.createElement('pre');
    text.className = 'walk';
    text.dataset.kind = walk.kind;
    text.textContent = formatWalk(virtualAddress, space.context, walk);
    output.append(text);
  } catch (error) {
    showError(output, error);
  }
  syncCounters();
}

async function showMaps(): Promise<void> {
  const output = element('maps-output');
  if (dump === null) return;
  output.textContent = 'walking the page tables…';
  try {
    const space = await virtualSpace();
    const listing = await space.maps();
    output.replaceChildren();
    const picture = document.createElement('div');
    picture.className = 'maps-picture';
    picture.innerHTML = virtualMapsSvg(dump, space.context, listing);
    const text = document.createElement('pre');
    text.className = 'maps';
    text.textContent = formatMaps(space.context, listing);
    output.append(picture, text);
  } catch (error) {
    showError(output, error);
  }
  syncCounters();
}

function pickFile(file: File): void {
  void open(file.name, async () => new BlobSource(file, file.name));
}

function wire(): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('nav button')) tab.addEventListener('click', () => selectTab(tab.dataset.tab ?? 'summary'));
  const input = element<HTMLInputElement>('file-input');
  input.addEventListener('change', () => {
    if (input.files !== null && input.files.length > 0) pickFile(input.files[0]);
  });
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) pickFile(file);
  });
  element('hex-form').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      hexAddress = parseAddress(element<HTMLInputElement>('hex-address').value, 'address');
      void showHex();
    } catch (error) {
      showError(element('hex-output'), error);
    }
  });
  element('hex-output').addEventListener('keydown', (event) => {
    const steps: Record<string, bigint> = { ArrowDown: BigInt(HEX_LINE), ArrowUp: -BigInt(HEX_LINE), PageDown: BigInt(HEX_PAGE), PageUp: -BigInt(HEX_PAGE) };
    const delta = steps[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    moveHex(delta);
  });
  element('walk-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void showWalk();
  });
  element('maps-button').addEventListener('click', () => void showMaps());
  // Served by `vboxcore view`: the dump comes from the same loopback server, by range requests.
  const served = new URLSearchParams(location.search).get('dump');
  if (served !== null && location.protocol === 'http:') {
    const name = new URLSearchParams(location.search).get('name') ?? served;
    void open(name, () => HttpSource.open(new URL(served, location.href).href, { name }));
  }
}

wire();
