/**
 * The conformance corpus (conformance/) through every TypeScript surface: each case's expected
 * verdict, problems, structure, reads, translations, walks and expectations. The Python package
 * and the viewer run it too (python-conformance.test.ts, viewer.test.ts); every surface's numbers
 * land in test-artifacts/conformance/, and README's table is checked against them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import '../src/testing/jest';
import { BlobSource, HttpSource } from '../src';
import { fileServer, RunningServer } from './http-servers';
import { CaseResult, CORPUS, loadCases, runCase, summarize, Surface } from './conformance/runner';
import { asyncSurface, cliSurface, librarySurface, matchersSurface } from './conformance/surfaces';
import { writeSurfaceSummary } from './conformance/results';
import { readmeSurfaceRow, surfaceRow } from './conformance/readme-table';
import { GRAMMAR_CASES, GrammarCase } from './conformance/grammar-cases';
import { writeCorpus } from './conformance/make-corpus';
import { parseExpectation } from '../src/expectations/grammar';
import { SHARED_DEFINITION_FOLDERS, sharedDefinitionFiles } from '../scripts/make-shared-definitions';

jest.setTimeout(300_000);
const cases = loadCases();
let server: RunningServer;
beforeAll(async () => {
  server = await fileServer((requestPath) => path.join(CORPUS, 'cases', path.basename(requestPath)));
});
afterAll(() => server.close());

const surfaces: (() => Surface)[] = [
  () => librarySurface,
  () => asyncSurface('library (asynchronous, FileHandleSource)', async (file) => file),
  () => asyncSurface('library (asynchronous, BlobSource over fs.openAsBlob)', async (file) => new BlobSource(await fs.openAsBlob(file), path.basename(file))),
  () => asyncSurface('library (asynchronous, HttpSource from a local server)', async (file) => HttpSource.open(`${server.origin}/${path.basename(file)}`, { name: path.basename(file) })),
  () => cliSurface,
  () => matchersSurface(expect as never),
];

describe.each(surfaces.map((make) => [make().name, make] as const))('%s', (name, make) => {
  test('passes every case of the corpus (skips said, with reasons)', async () => {
    const surface = make();
    const results: CaseResult[] = [];
    for (const { entry, file } of cases) {
      if (name.includes('Blob') || name.includes('Http')) {
        // a page is given files only, and a server serves files: the missing-file case is the path's own
        if (entry.file === null) continue;
      }
      results.push(await runCase(surface, entry, file));
    }
    const summary = summarize(name, results);
    writeSurfaceSummary(summary);
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBe(summary.cases);
    expect(readmeSurfaceRow(summary.surface)).toBe(surfaceRow(summary));
  });
});

test('the expectation grammar accepts and refuses exactly what the shared table says', () => {
  const table = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expectation-cases.json'), 'utf8')) as { cases: GrammarCase[] };
  expect(table.cases).toEqual(GRAMMAR_CASES);
  for (const entry of table.cases) {
    if ('parsed' in entry) {
      const parsed = parseExpectation(entry.text);
      expect({ text: entry.text, parsed: parsed.kind === 'flag' ? { kind: 'flag', flag: parsed.flag } : { kind: parsed.kind, key: parsed.key, operator: parsed.operator, value: parsed.value } }).toEqual({ text: entry.text, parsed: entry.parsed });
    } else {
      expect(() => parseExpectation(entry.text)).toThrow(entry.refused);
    }
  }
});

test('conformance/ is what test/conformance/make-corpus.ts writes (make conformance), and its shared definitions are the library\'s', () => {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-corpus-check-'));
  try {
    const written = writeCorpus(fresh);
    const committed = fs.readdirSync(path.join(CORPUS, 'cases')).map((name) => path.join('cases', name));
    expect(committed.sort()).toEqual(written.filter((name) => name.startsWith('cases')).sort());
    for (const name of written) expect({ name, same: fs.readFileSync(path.join(fresh, name)).equals(fs.readFileSync(path.join(CORPUS, name))) }).toEqual({ name, same: true });
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
  for (const folder of SHARED_DEFINITION_FOLDERS) {
    for (const [name, contents] of Object.entries(sharedDefinitionFiles())) expect({ file: path.join(folder, name), contents: fs.readFileSync(path.resolve(__dirname, '..', folder, name), 'utf8') }).toEqual({ file: path.join(folder, name), contents });
  }
});

test('every case file follows case.schema.json', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(CORPUS, 'case.schema.json'), 'utf8')));
  for (const { entry } of cases) expect({ id: entry.id, errors: validate(entry) ? null : ajv.errorsText(validate.errors) }).toEqual({ id: entry.id, errors: null });
});
