/**
 * The offline viewer: a dump picked or dropped in the page (or served by `vboxcore view` from
 * loopback) is read through the library's asynchronous API over `Blob.slice`, so only the bytes
 * a view needs are read, and nothing leaves the machine. Where the viewer is (view, space,
 * address, selection, vCPU) lives in the URL's fragment, so back, forward and links work.
 */
import { openDumpAsync, validateDumpAsync, AsyncVBoxCoreDump, cpuAddressSpaceWithTablesAsync, AsyncVirtualAddressSpace } from '../src/async/dump-core';
import { BlobSource } from '../src/io/blob-source';
import { AsyncByteSource } from '../src/io/async-source';
import { isVboxCoreError } from '../src/errors';
import { evaluateAddressExpression, ExpressionNames } from '../src/address-space/address-expression';
import { hex } from '../src/model/numbers';
import type { Problem } from '../src/problems';
import { formatInfo, formatProblem } from '../src/report/text';
import { formatCpu, formatMaps, formatWalk } from '../src/report/cpu-text';
import { describeCpu } from '../src/cpu/view';
import { physicalMapSvg, virtualMapsSvg } from '../src/report/memory-map-svg';
import { HttpSource } from '../src/io/http-source';
import { describeStructure } from '../src/structure/dump-structure';
import type { ViewerStatus } from './viewer-status';
import { cpuAddresses, linkify, mapsAddresses, summaryAddresses, walkAddresses } from './address-links';
import { HexView } from './hex-view';
import type { CopyFormat } from './byte-formats';
import { readShown } from './shown-bytes';
import { drawStructure, FieldIndex } from './structure-view';
import { hitItem, parsePattern, PatternKind, physicalRuns, SearchSource, startSearch, virtualRuns } from './search-view';
import { HexSpace, parsePlace, Place, placeFragment, START_PLACE, ViewName, VIEWS } from './url-state';

/** The search worker's bundled source (scripts/build-viewer.js puts it here). */
declare const SEARCH_WORKER_SOURCE: string;

const status: ViewerStatus = {
  state: 'idle',
  name: null,
  bytesRead: 0,
  readCount: 0,
  openMilliseconds: null,
  errorCode: null,
  hexDraws: 0,
  search: { state: 'idle', hits: 0, bytesSearched: 0, bytesTotal: 0, milliseconds: null, truncated: false },
};
window.vboxcoreViewer = status;

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page lacks #${id}`);
  return found as T;
};

type CountingSource = AsyncByteSource & { bytesRead: number; readCount: number };

/** The open dump and what the views keep of it. */
interface Session {
  readonly dump: AsyncVBoxCoreDump;
  readonly source: CountingSource;
  /** Where the search worker reads the same dump. */
  readonly searchSource: SearchSource;
  /** The vCPUs' virtual spaces, each with its table cache, made when first used. */
  readonly spaces: Map<number, Promise<AsyncVirtualAddressSpace>>;
  /** The structure tree and its index of fields, read when first needed. */
  structure: Promise<{ index: FieldIndex; draw: (host: HTMLElement) => void }> | null;
  fields: FieldIndex | null;
}

let session: Session | null = null;
let place: Place = parsePlace(location.hash, START_PLACE);
let search: { cancel(): void } | null = null;

/** The header's count of what a source has read. */
function showCounter(source: CountingSource | null): void {
  element('read-counter').textContent = source === null ? '' : `${source.bytesRead.toLocaleString('en')} bytes read in ${source.readCount} read(s) of ${source.size.toLocaleString('en')}`;
}

function syncCounters(): void {
  if (session !== null) {
    status.bytesRead = session.source.bytesRead;
    status.readCount = session.source.readCount;
  }
  showCounter(session?.source ?? null);
}

/** An error as the CLI words it: `CODE: message`; anything else is a bug, said so. */
function describeError(error: unknown): { code: string; text: string } {
  if (isVboxCoreError(error)) return { code: error.code, text: `${error.code}: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', text: `INTERNAL_ERROR: ${message} (this is a bug in vboxcore)` };
}

function errorBox(code: string, text: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'error';
  box.dataset.code = code;
  box.textContent = text;
  return box;
}

function showError(target: HTMLElement, error: unknown, keep = false): void {
  const { code, text } = describeError(error);
  status.errorCode = code;
  if (!keep) target.replaceChildren();
  target.querySelector(':scope > .error')?.remove();
  target.prepend(errorBox(code, text));
}

// ---- places and history ---------------------------------------------------------------------

/** Goes to `next` as a new step of history (links do the same by their href). */
function navigate(next: Place): void {
  const fragment = placeFragment(next);
  if (location.hash === fragment) void applyPlace(next);
  else location.hash = fragment;
}

/** Keeps the URL on the current place without a new step (cursor moves, vCPU changes). */
function remember(): void {
  history.replaceState(null, '', placeFragment(place));
}

function selectTab(view: ViewName): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('nav button[data-tab]')) tab.setAttribute('aria-selected', String(tab.dataset.tab === view));
  for (const panel of document.querySelectorAll<HTMLElement>('section.panel')) panel.hidden = panel.id !== `panel-${view}`;
}

/** Shows `next`: its tab, its vCPU and, for the hex view, its bytes. */
async function applyPlace(next: Place): Promise<void> {
  place = next;
  if (session === null) {
    selectTab(next.view);
    const pending = element('pending-place');
    pending.hidden = location.hash === '';
    pending.textContent = `This link opens ${next.space} ${hex(next.address)} in the ${next.view} view once the dump is open.`;
    return;
  }
  const select = element<HTMLSelectElement>('cpu-select');
  if (next.cpu >= session.dump.cpus.length) place = { ...place, cpu: 0 };
  // the page drawn for another vCPU's tables is not this one's
  if (select.value !== String(place.cpu)) hexView.forget();
  select.value = String(place.cpu);
  selectTab(place.view);
  if (place.view === 'structure') void showStructure();
  if (place.view === 'hex') {
    element<HTMLSelectElement>('hex-space').value = place.space;
    element<HTMLInputElement>('hex-address').value = hex(place.address);
    await hexView.go(place.space, place.address, place.selectionLength);
  }
}

window.addEventListener('hashchange', () => void applyPlace(parsePlace(location.hash, place)));

// ---- the views -----------------------------------------------------------------------------

/** The vCPU's space, its context saying what the tables at CR3 are (PCID, KPTI), as the CLI's does. */
function virtualSpace(cpu = place.cpu): Promise<AsyncVirtualAddressSpace> {
  if (session === null) return Promise.reject(new Error('no dump is open'));
  const { spaces, dump } = session;
  let space = spaces.get(cpu);
  if (space === undefined) {
    space = cpuAddressSpaceWithTablesAsync(dump, { cpu });
    spaces.set(cpu, space);
    space.catch(() => spaces.delete(cpu));
  }
  return space;
}

const hexView = new HexView(element('hex-grid'), element('hex-status'), element('inspector'), {
  read: async (space, address, length) => {
    if (session === null) throw new Error('no dump is open');
    if (space === 'file') await structureOf(session);
    const shown = await readShown(session.dump, space, () => virtualSpace(), address, length);
    syncCounters();
    return shown;
  },
  fieldAt: (fileOffset) => session?.fields?.at(fileOffset) ?? null,
  moved: () => {
    const { start } = hexView.selection();
    const length = hexView.selectionLength();
    place = { ...place, space: hexView.space, address: length > 0 ? start : hexView.cursor, selectionLength: length };
    element<HTMLInputElement>('hex-address').value = hex(hexView.cursor);
    remember();
  },
  drawn: () => {
    status.hexDraws++;
  },
  follow: (space, address) => navigate({ ...place, view: 'hex', space, address, selectionLength: 0 }),
  failed: (error) => showError(element('hex-grid'), error),
});

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
    line.append(formatProblem(problem));
    if (problem.fileOffset !== null) {
      const link = document.createElement('a');
      link.className = 'address';
      link.textContent = ` (bytes at file offset ${hex(problem.fileOffset)})`;
      link.href = placeFragment({ ...place, view: 'hex', space: 'file', address: BigInt(problem.fileOffset), selectionLength: 0 });
      line.append(link);
    }
    list.append(line);
  }
}

/** Fills the summary, problems, map and vCPU views of a dump just opened. */
function render(dump: AsyncVBoxCoreDump): void {
  element('summary').replaceChildren(linkify(formatInfo(dump), summaryAddresses, place));
  showProblems(dump.report.problems);
  element('map').innerHTML = physicalMapSvg(dump);
  for (const block of element('map').querySelectorAll<SVGGElement>('g.block[data-start]')) {
    block.classList.add('link');
    block.addEventListener('click', () => navigate({ ...place, view: 'hex', space: 'physical', address: BigInt(block.dataset.start ?? '0'), selectionLength: 0 }));
  }
  const select = element<HTMLSelectElement>('cpu-select');
  select.replaceChildren(...dump.cpus.map((cpu) => new Option(`${cpu.index}`, String(cpu.index))));
  const cpus = element('cpus');
  for (const cpu of dump.cpus) {
    const block = document.createElement('pre');
    block.className = 'cpu';
    block.dataset.cpu = String(cpu.index);
    try {
      block.append(linkify(formatCpu(describeCpu(cpu)), cpuAddresses(cpu.index), place));
    } catch (error) {
      block.textContent = describeError(error).text;
    }
    cpus.append(block);
  }
}

function structureOf(current: Session): Promise<{ index: FieldIndex; draw: (host: HTMLElement) => void }> {
  current.structure ??= describeStructure(current.dump).then((tree) => {
    const index = FieldIndex.of(tree, current.dump.ranges);
    current.fields = index;
    return { index, draw: (host: HTMLElement) => drawStructure(host, tree, place) };
  });
  return current.structure;
}

async function showStructure(): Promise<void> {
  const host = element('structure');
  if (session === null || host.dataset.drawn === 'yes') return;
  try {
    (await structureOf(session)).draw(host);
    host.dataset.drawn = 'yes';
  } catch (error) {
    showError(host, error);
  }
  syncCounters();
}

/** Opens the dump a source gives (opening the source first, for a served dump), showing every failure as the CLI words it. */
async function open(name: string, openSource: () => Promise<CountingSource>, searchSource: SearchSource): Promise<void> {
  const started = performance.now();
  search?.cancel();
  if (session !== null) await session.dump.close();
  session = null;
  hexView.forget();
  status.state = 'loading';
  status.name = name;
  status.errorCode = null;
  status.openMilliseconds = null;
  document.body.dataset.state = 'loading';
  element('file-name').textContent = name;
  element('open-time').textContent = '';
  // nothing of the dump before stays: not its vCPUs, its structure or its hits
  element<HTMLSelectElement>('cpu-select').replaceChildren();
  for (const id of ['summary', 'problems', 'map', 'cpus', 'structure', 'hex-grid', 'inspector', 'hex-status', 'walk-output', 'maps-output', 'search-hits']) element(id).replaceChildren();
  delete element('structure').dataset.drawn;
  element('search-state').textContent = '';
  let source: CountingSource | null = null;
  try {
    source = await openSource();
    const dump = await openDumpAsync(source);
    session = { dump, source, searchSource, spaces: new Map(), structure: null, fields: null };
    render(dump);
  } catch (error) {
    showError(element('summary'), error);
    // The error says where reading stopped; the report says everything else wrong with the file too.
    try {
      showProblems((await validateDumpAsync(await openSource())).problems);
    } catch {
      // the source itself failed (a server gone): the error shown is all there is to say
    }
    showCounter(source);
    status.state = 'error';
    document.body.dataset.state = 'error';
    selectTab('summary');
    return;
  }
  status.openMilliseconds = Math.round(performance.now() - started);
  element('open-time').textContent = `opened in ${status.openMilliseconds} ms`;
  syncCounters();
  // a link's place is kept (a colleague's URL, a reload); otherwise the summary, the hex at the first data
  const firstData = BigInt(session.dump.ranges.find((range) => range.presentBytes > 0)?.physicalStart ?? 0);
  const linked = location.hash !== '';
  await applyPlace(linked ? parsePlace(location.hash, { ...START_PLACE, address: firstData }) : { ...START_PLACE, address: firstData });
  if (!linked) remember();
  element('pending-place').hidden = true;
  status.state = 'ready';
  document.body.dataset.state = 'ready';
}

async function showWalk(): Promise<void> {
  const output = element('walk-output');
  try {
    const space = await virtualSpace();
    const virtualAddress = evaluateAddressExpression(element<HTMLInputElement>('walk-address').value, registerNames(), 'virtual address');
    const walk = await space.walk(virtualAddress);
    output.replaceChildren();
    const text = document.createElement('pre');
    text.className = 'walk';
    text.dataset.kind = walk.kind;
    text.append(linkify(formatWalk(virtualAddress, space.context, walk), walkAddresses(place.cpu), place));
    output.append(text);
  } catch (error) {
    showError(output, error);
  }
  syncCounters();
}

async function showMaps(): Promise<void> {
  const output = element('maps-output');
  if (session === null) return;
  output.textContent = 'walking the page tables…';
  try {
    const space = await virtualSpace();
    const listing = await space.maps();
    output.replaceChildren();
    const picture = document.createElement('div');
    picture.className = 'maps-picture';
    picture.innerHTML = virtualMapsSvg(session.dump, space.context, listing);
    for (const mapping of picture.querySelectorAll<SVGGElement>('g.mapping[data-virtual-start]')) {
      mapping.classList.add('link');
      mapping.addEventListener('click', () => navigate({ ...place, view: 'hex', space: 'virtual', address: BigInt(mapping.dataset.virtualStart ?? '0'), selectionLength: 0 }));
    }
    const text = document.createElement('pre');
    text.className = 'maps';
    text.append(linkify(formatMaps(space.context, listing), mapsAddresses(place.cpu), place));
    output.append(picture, text);
  } catch (error) {
    showError(output, error);
  }
  syncCounters();
}

/** Names a go-to may use: the selected vCPU's registers and `.` for the cursor. */
function registerNames(): ExpressionNames {
  const names: Record<string, bigint> = { '.': hexView.cursor };
  const registers = session?.dump.cpus[place.cpu]?.registers;
  if (registers != null) {
    for (const [name, value] of [...Object.entries(registers.general), ...Object.entries(registers.control)]) if (typeof value === 'bigint') names[name] = value;
  }
  return names;
}

async function copySelection(format: CopyFormat): Promise<void> {
  const output = element<HTMLTextAreaElement>('copy-output');
  output.hidden = false;
  const copied = await hexView.copy(format);
  output.dataset.format = format;
  if ('error' in copied) {
    output.value = copied.error;
    output.classList.add('refused');
    return;
  }
  output.classList.remove('refused');
  output.value = copied.text;
  // the clipboard may be refused (a page from file:// in some browsers): the text is shown either way
  await navigator.clipboard?.writeText(copied.text).catch(() => undefined);
}

async function runSearch(): Promise<void> {
  const output = element('search-output');
  const hits = element('search-hits');
  output.querySelector(':scope > .error')?.remove();
  hits.replaceChildren();
  search?.cancel();
  if (session === null) return;
  const current = session;
  const progress = element<HTMLProgressElement>('search-progress');
  const stateText = element('search-state');
  const searchStatus = status.search;
  Object.assign(searchStatus, { state: 'running', hits: 0, bytesSearched: 0, bytesTotal: 0, milliseconds: null, truncated: false });
  try {
    const pattern = parsePattern(element<HTMLSelectElement>('search-kind').value as PatternKind, element<HTMLInputElement>('search-pattern').value);
    const space = element<HTMLSelectElement>('search-space').value as 'physical' | 'virtual';
    const names = registerNames();
    const fromText = element<HTMLInputElement>('search-from').value.trim();
    const toText = element<HTMLInputElement>('search-to').value.trim();
    const from = fromText === '' ? 0n : evaluateAddressExpression(fromText, names, 'search start');
    const to = toText === '' ? 1n << 64n : evaluateAddressExpression(toText, names, 'search end');
    stateText.textContent = space === 'virtual' ? 'walking the page tables…' : '';
    const { runs, incomplete } = space === 'physical' ? { runs: physicalRuns(current.dump, from, to), incomplete: null } : await virtualRuns(current.dump, await virtualSpace(), from, to);
    const searchPlace = { ...place };
    element<HTMLButtonElement>('search-cancel').disabled = false;
    search = startSearch(SEARCH_WORKER_SOURCE, { source: current.searchSource, runs, pattern }, {
      hits: (addresses) => {
        hits.append(...addresses.map((address) => hitItem(address, pattern, searchPlace, space)));
        searchStatus.hits += addresses.length;
      },
      progress: (searched, total) => {
        progress.max = Math.max(1, total);
        progress.value = searched;
        searchStatus.bytesSearched = searched;
        searchStatus.bytesTotal = total;
        stateText.textContent = `${(searched / 2 ** 20).toFixed(0)} of ${(total / 2 ** 20).toFixed(0)} MiB, ${searchStatus.hits} hit(s)`;
      },
      done: (message) => {
        Object.assign(searchStatus, { state: 'done', bytesSearched: message.bytesSearched, milliseconds: message.milliseconds, truncated: message.truncated });
        progress.value = progress.max;
        const rate = message.milliseconds > 0 ? message.bytesSearched / 1e6 / (message.milliseconds / 1000) : 0;
        stateText.textContent = `${message.hits} hit(s)${message.truncated ? ` (stopped at ${message.hits}: narrow the range to see the rest)` : ''} in ${(message.bytesSearched / 2 ** 20).toFixed(1)} MiB, ${Math.round(message.milliseconds)} ms (${rate.toFixed(0)} MB/s)${incomplete === null ? '' : `; ${incomplete}`}`;
        element<HTMLButtonElement>('search-cancel').disabled = true;
        search = null;
      },
      failed: (code, text) => {
        searchStatus.state = 'error';
        status.errorCode = code;
        output.prepend(errorBox(code, text));
        element<HTMLButtonElement>('search-cancel').disabled = true;
        search = null;
      },
    });
  } catch (error) {
    searchStatus.state = 'error';
    showError(output, error, true);
  }
  syncCounters();
}

function cancelSearch(): void {
  search?.cancel();
  search = null;
  status.search.state = 'cancelled';
  element('search-state').textContent = `cancelled after ${(status.search.bytesSearched / 2 ** 20).toFixed(0)} MiB, ${status.search.hits} hit(s)`;
  element<HTMLButtonElement>('search-cancel').disabled = true;
}

function pickFile(file: File): void {
  void open(file.name, async () => new BlobSource(file, file.name), { kind: 'blob', blob: file, name: file.name });
}

/** Keys that act anywhere but in a field being typed in. */
function shortcut(event: KeyboardEvent): void {
  const target = event.target as HTMLElement;
  if (target.closest('input, select, textarea') !== null || event.ctrlKey || event.metaKey) return;
  if (event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
    event.preventDefault();
    if (event.key === 'ArrowLeft') history.back();
    else history.forward();
    return;
  }
  if (event.altKey) return;
  const help = element<HTMLDialogElement>('help');
  const index = Number(event.key) - 1;
  if (Number.isInteger(index) && index >= 0 && index < VIEWS.length) navigate({ ...place, view: VIEWS[index] });
  else if (event.key === 'g') {
    event.preventDefault();
    navigate({ ...place, view: 'hex' });
    element<HTMLInputElement>('hex-address').select();
  } else if (event.key === '/') {
    event.preventDefault();
    navigate({ ...place, view: 'search' });
    element<HTMLInputElement>('search-pattern').focus();
  } else if (event.key === '?') {
    if (help.open) help.close();
    else help.showModal();
  }
}

function wire(): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('nav button[data-tab]')) tab.addEventListener('click', () => navigate({ ...place, view: (tab.dataset.tab ?? 'summary') as ViewName }));
  element('back-button').addEventListener('click', () => history.back());
  element('forward-button').addEventListener('click', () => history.forward());
  const help = element<HTMLDialogElement>('help');
  element('help-button').addEventListener('click', () => help.showModal());
  element('help-close').addEventListener('click', () => help.close());
  document.addEventListener('keydown', shortcut);
  const input = element<HTMLInputElement>('file-input');
  input.addEventListener('change', () => {
    if (input.files !== null && input.files.length > 0) pickFile(input.files[0]);
    // picking the same file again (after a change on disk, say) opens it again
    input.value = '';
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
  element<HTMLSelectElement>('cpu-select').addEventListener('change', (event) => {
    place = { ...place, cpu: Number((event.target as HTMLSelectElement).value) };
    remember();
    if (place.view === 'hex' && place.space === 'virtual') void hexView.refresh();
  });
  element('hex-form').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      const space = element<HTMLSelectElement>('hex-space').value as HexSpace;
      const address = evaluateAddressExpression(element<HTMLInputElement>('hex-address').value, registerNames());
      navigate({ ...place, view: 'hex', space, address, selectionLength: 0 });
    } catch (error) {
      showError(element('hex-grid'), error, true);
    }
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) button.addEventListener('click', () => void copySelection(button.dataset.copy as CopyFormat));
  element('walk-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void showWalk();
  });
  element('maps-button').addEventListener('click', () => void showMaps());
  element('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void runSearch();
  });
  element('search-cancel').addEventListener('click', cancelSearch);
  void applyPlace(place);
  // Served by `vboxcore view`: the dump comes from the same loopback server, by range requests.
  const served = new URLSearchParams(location.search).get('dump');
  if (served !== null && location.protocol === 'http:') {
    const name = new URLSearchParams(location.search).get('name') ?? served;
    const url = new URL(served, location.href).href;
    void open(name, () => HttpSource.open(url, { name }), { kind: 'http', url, name });
  }
}

wire();
