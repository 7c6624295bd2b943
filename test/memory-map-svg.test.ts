/**
 * The memory-map pictures: their structure (blocks in address order, kinds, labels, breaks,
 * truncated parts, problem markers), that they are well-formed XML with text as text, and the
 * `map` and `maps --svg/--html` commands writing them atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildDump, layoutGuest24g } from '../src/builder';
import { openDump } from '../src/dump';
import { cpuAddressSpace } from '../src/cpu/cpu-address-space';
import { physicalMapSvg, virtualMapsSvg, MAP_BLOCK_LIMIT } from '../src/report/memory-map-svg';
import { PhysicalRange } from '../src/model/types';
import { cli, cliProcess, scratchDirectory } from './helpers';
import { baseLayout } from './corpus';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const sample = path.resolve(__dirname, '..', 'samples', 'small-guest.elf');

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/** The SVG as a tree of elements (attributes and text kept), after checking it is well-formed. */
function parseSvg(svg: string): Element {
  expect(XMLValidator.validate(svg)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false, parseTagValue: false, parseAttributeValue: false });
  const convert = (node: Record<string, unknown>): Element | null => {
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined || name === '#text') return null;
    const childrenNodes = node[name] as Record<string, unknown>[];
    const children = childrenNodes.map(convert).filter((child): child is Element => child !== null);
    const text = childrenNodes.filter((child) => '#text' in child).map((child) => String(child['#text'])).join('');
    return { name, attributes: (node[':@'] as Record<string, string>) ?? {}, children, text };
  };
  const root = (parser.parse(svg) as Record<string, unknown>[]).map(convert).find((node) => node !== null)!;
  expect(root.name).toBe('svg');
  return root;
}

function all(root: Element, predicate: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (element: Element): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

const hasClass = (name: string) => (element: Element): boolean => (element.attributes.class ?? '').split(' ').includes(name);
const textsOf = (element: Element): string[] => all(element, (child) => child.name === 'text').map((child) => child.text);
const rectOf = (block: Element): { y: number; height: number } => {
  const rect = block.children.find((child) => child.name === 'rect')!;
  return { y: Number(rect.attributes.y), height: Number(rect.attributes.height) };
};

describe('the physical map', () => {
  test('the sample: one block per range and gap, in address order, each kind coloured, labelled with start, end and size', () => {
    const dump = openDump(sample);
    const root = parseSvg(physicalMapSvg(dump));
    const blocks = all(root, hasClass('block'));
    const ranges = blocks.filter((block) => block.attributes['data-range'] !== undefined);
    expect(ranges.map((block) => Number(block.attributes['data-range'])).sort((a, b) => a - b)).toEqual(dump.ranges.map((range) => range.index));
    // every range at its addresses, with its kind
    for (const range of dump.ranges) {
      const block = ranges.find((candidate) => Number(candidate.attributes['data-range']) === range.index)!;
      expect(block.attributes).toMatchObject({ 'data-kind': range.kind, 'data-start': `0x${range.physicalStart.toString(16)}`, 'data-end': `0x${range.physicalEnd.toString(16)}`, 'data-size': String(range.size) });
      const texts = textsOf(block);
      expect(texts).toContain(`0x${range.physicalStart.toString(16)}`);
      expect(texts.join('\n')).toContain(`0x${range.physicalStart.toString(16)}–0x${(range.physicalEnd - 1).toString(16)}`);
    }
    // blocks tile the space top to bottom in address order, without overlaps
    for (let index = 1; index < blocks.length; index += 1) {
      expect(BigInt(blocks[index].attributes['data-start'])).toBe(BigInt(blocks[index - 1].attributes['data-end']));
      const previous = rectOf(blocks[index - 1]);
      expect(rectOf(blocks[index]).y).toBeCloseTo(previous.y + previous.height, 1);
    }
    // the gaps are there, and the 3.5 GiB one below the VRAM is broken, not drawn to scale
    const gaps = blocks.filter((block) => block.attributes['data-kind'] === 'absent');
    expect(gaps.length).toBeGreaterThan(0);
    const hole = gaps.find((gap) => gap.attributes['data-start'] === '0x80000')!;
    expect(hole.attributes.class).toContain('broken');
    expect(all(hole, (element) => element.name === 'polyline')).toHaveLength(2);
    // 64 KiB ranges keep a readable height beside the 512 KiB one
    const heights = ranges.map((block) => rectOf(block).height);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(26);
    const legend = all(root, hasClass('legend-item')).map((item) => item.attributes['data-kind']);
    expect(legend).toEqual(['ram', 'vram', 'rom', 'device', 'mmio', 'truncated', 'absent']);
    expect(all(root, hasClass('problem'))).toHaveLength(0);
    dump.close();
  });

  test('a 24 GB layout: the 4 GiB-wide gaps are broken and the small ranges stay visible', () => {
    const built = buildDump(scratch.path('24g.elf'), { ...layoutGuest24g(1), fill: 'none' });
    const dump = openDump(built.path);
    const root = parseSvg(physicalMapSvg(dump));
    const blocks = all(root, hasClass('block'));
    for (const block of blocks) {
      const size = Number(block.attributes['data-size']);
      if (block.attributes['data-kind'] === 'absent' && size > 16 * 2 ** 20) expect(block.attributes.class).toContain('broken');
    }
    // heights never shrink with size (log scale): bigger ranges are at least as tall (gaps are capped lower)
    const drawn = blocks.filter((block) => block.attributes['data-kind'] !== 'absent').map((block) => ({ size: Number(block.attributes['data-size']), height: rectOf(block).height }));
    for (const a of drawn) for (const b of drawn) if (a.size < b.size) expect(a.height).toBeLessThanOrEqual(b.height + 1e-6);
    expect(Math.min(...drawn.map((entry) => entry.height))).toBeGreaterThanOrEqual(26);
    dump.close();
  });

  test('a truncated dump: the missing part is hatched at its place with its size, and the problem is marked on its range', () => {
    fs.copyFileSync(sample, scratch.path('cut.elf'));
    fs.truncateSync(scratch.path('cut.elf'), 700_000);
    const dump = openDump(scratch.path('cut.elf'));
    const truncatedRange = dump.ranges.find((range) => range.presentBytes < range.declaredFileBytes)!;
    const root = parseSvg(physicalMapSvg(dump));
    const block = all(root, hasClass('block')).find((candidate) => candidate.attributes['data-range'] === String(truncatedRange.index))!;
    const hatch = all(block, hasClass('truncated'))[0];
    expect(hatch.attributes['data-start']).toBe(`0x${(truncatedRange.physicalStart + truncatedRange.presentBytes).toString(16)}`);
    const rect = rectOf(block);
    expect(Number(hatch.attributes.y)).toBeGreaterThan(rect.y);
    expect(Number(hatch.attributes.y) + Number(hatch.attributes.height)).toBeLessThanOrEqual(rect.y + rect.height + 0.2);
    expect(textsOf(block).join('\n')).toMatch(/truncated: .* missing from 0x/);
    const markers = all(block, hasClass('problem'));
    expect(markers.map((marker) => marker.attributes['data-code'])).toContain('TRUNCATED_DUMP');
    // and the problem list under the map names it in the CLI's words
    expect(all(root, hasClass('problem-line')).map((line) => line.attributes['data-code'])).toContain('TRUNCATED_DUMP');
    dump.close();
  });

  test('text is escaped, and a dump with thousands of ranges is drawn up to the limit with a note', () => {
    const many: PhysicalRange[] = Array.from({ length: MAP_BLOCK_LIMIT + 100 }, (_, index) => ({ index, programHeaderIndex: index + 1, physicalStart: index * 0x2000, physicalEnd: index * 0x2000 + 0x1000, size: 0x1000, fileOffset: 0x1000 + index * 0x1000, declaredFileBytes: 0x1000, presentBytes: 0x1000, kind: 'ram', kindReason: '', region: index }));
    const svg = physicalMapSvg({ path: '<evil & "name">.elf', ranges: many, report: { path: 'x', fileSize: 1, valid: true, errorCount: 0, warningCount: 0, infoCount: 0, problems: [] } });
    const root = parseSvg(svg);
    expect(root.children.find((child) => child.name === 'title')!.text).toBe('Physical memory map of <evil & "name">.elf');
    expect(all(root, hasClass('block'))).toHaveLength(MAP_BLOCK_LIMIT);
    // 612 ranges and the 611 gaps between them
    expect(textsOf(root).join('\n')).toMatch(new RegExp(`… ${2 * (MAP_BLOCK_LIMIT + 100) - 1 - MAP_BLOCK_LIMIT} more blocks above 0x[0-9a-f]+ not drawn`));
  });
});

describe('the virtual picture', () => {
  test('the sample: every mapping with its permissions, joined to where it lands in the physical column', () => {
    const dump = openDump(sample);
    const space = cpuAddressSpace(dump);
    const listing = space.maps();
    const root = parseSvg(virtualMapsSvg(dump, space.context, listing));
    const rows = all(root, hasClass('mapping'));
    expect(rows).toHaveLength(listing.mappings.length);
    rows.forEach((row, index) => {
      const mapping = listing.mappings[index];
      expect(row.attributes['data-virtual-start']).toBe(`0x${mapping.virtualStart.toString(16)}`);
      expect(row.attributes['data-physical-start']).toBe(`0x${mapping.physicalStart.toString(16)}`);
      expect(row.attributes['data-permissions']).toBe(`${mapping.writable ? 'rw' : 'r-'}${mapping.executable ? 'x' : '-'} ${mapping.user ? 'user' : 'kernel'}`);
      expect(all(row, hasClass('link'))).toHaveLength(1);
    });
    // rows in virtual order, top to bottom
    const ys = rows.map((row) => rectOf(row).y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    // a link ends inside the physical block holding its first page
    const physicalColumn = all(root, hasClass('physical'))[0];
    const shift = Number(/translate\(([\d.]+) /.exec(physicalColumn.attributes.transform)![1]);
    for (const [index, row] of rows.entries()) {
      const end = /, ([\d.]+) ([\d.]+)$/.exec(all(row, hasClass('link'))[0].attributes.d)!;
      const landing = Number(end[2]);
      const target = all(physicalColumn, hasClass('block')).find((block) => BigInt(block.attributes['data-start']) <= listing.mappings[index].physicalStart && listing.mappings[index].physicalStart < BigInt(block.attributes['data-end']))!;
      const rect = rectOf(target);
      expect(landing).toBeGreaterThanOrEqual(rect.y - 0.1);
      expect(landing).toBeLessThanOrEqual(rect.y + rect.height + 0.1);
      expect(Number(end[1])).toBeGreaterThan(shift);
    }
    dump.close();
  });
});

describe('vboxcore map and maps --svg', () => {
  test('map writes the SVG atomically, refuses to replace without --force, and prints it with -', async () => {
    const out = scratch.path('map.svg');
    const first = cliProcess('map', sample, '--svg', out);
    expect(first.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(physicalMapSvg(openDump(sample)).replace(sample, sample));
    expect(fs.readdirSync(path.dirname(out)).filter((name) => name.includes('vboxcore-tmp'))).toEqual([]);
    const again = cliProcess('map', sample, '--svg', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^vboxcore: OUTPUT_EXISTS: /);
    expect(cliProcess('map', sample, '--svg', out, '--force').status).toBe(0);
    const printed = await cli('map', sample);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(fs.readFileSync(out, 'utf8'));
  });

  test('map --html is one page holding the same picture; an invalid dump is still drawn and exits 1', async () => {
    const html = await cli('map', sample, '--html', '-');
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain(physicalMapSvg(openDump(sample)));
    // with the info report under the picture, escaped
    expect(html.stdout).toContain(`<pre>File: ${sample} (804540 bytes)`);
    expect(html.stdout).toContain('Kinds are inferred from the address map (the file names no ranges); see `vboxcore info --json` for each reason.');
    const bad = buildDump(scratch.path('bad.elf'), { ...baseLayout, fill: 'none' });
    fs.truncateSync(bad.path, bad.fileSize - 4096);
    const drawn = await cli('map', bad.path, '--svg', '-');
    expect(drawn.status).toBe(1);
    expect(drawn.stdout).toContain('data-code="TRUNCATED_DUMP"');
  });

  test('map over a special file or a missing folder fails with the export\'s codes, and nothing is left', () => {
    expect(cliProcess('map', sample, '--svg', '/dev/null').stderr).toMatch(/OUTPUT_NOT_REGULAR|OUTPUT_EXISTS/);
    const missing = cliProcess('map', sample, '--svg', scratch.path('no/such/dir/map.svg'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^vboxcore: WRITE_FAILED: .*does not exist/);
  });

  test('maps --svg draws the vCPU\'s mappings; --svg with --json is a usage error', async () => {
    const out = scratch.path('maps.svg');
    expect((await cli('maps', sample, '--svg', out)).status).toBe(0);
    const dump = openDump(sample);
    const space = cpuAddressSpace(dump);
    expect(fs.readFileSync(out, 'utf8')).toBe(virtualMapsSvg(dump, space.context, space.maps()));
    const both = await cli('maps', sample, '--svg', '-', '--json');
    expect(both.status).toBe(2);
    dump.close();
  });
});

describe('the README\'s pictures', () => {
  test('docs/pictures/sample-map.svg and sample-maps.svg are what the commands draw now (make pictures redraws them)', () => {
    const projectRoot = path.resolve(__dirname, '..');
    const dump = openDump(sample);
    const named = { ...dump, path: 'samples/small-guest.elf' };
    const space = cpuAddressSpace(dump);
    expect(fs.readFileSync(path.join(projectRoot, 'docs', 'pictures', 'sample-map.svg'), 'utf8')).toBe(physicalMapSvg(named));
    expect(fs.readFileSync(path.join(projectRoot, 'docs', 'pictures', 'sample-maps.svg'), 'utf8')).toBe(virtualMapsSvg(named, space.context, space.maps()));
    for (const photo of ['viewer-map.png', 'viewer-hex.png']) expect(fs.readFileSync(path.join(projectRoot, 'docs', 'pictures', photo)).subarray(1, 4).toString()).toBe('PNG');
    dump.close();
  });
});

test('each picture refers only to patterns it defines, under ids of its own (the viewer holds both on one page)', () => {
  const dump = openDump(sample);
  const space = cpuAddressSpace(dump);
  const pictures = [physicalMapSvg(dump), virtualMapsSvg(dump, space.context, space.maps())];
  const idSets = pictures.map((svg) => {
    const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    const references = [...svg.matchAll(/url\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(ids).toContain(reference);
    return ids;
  });
  expect(idSets[0].filter((id) => idSets[1].includes(id))).toEqual([]);
  dump.close();
});
