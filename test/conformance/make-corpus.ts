/**
 * Writes the conformance corpus into conformance/: each case's dump and its expected results,
 * the index, the case format (JSON Schema) and the grammar table. `make conformance` runs it;
 * `--check DIR` writes into DIR instead (the test compares DIR with the committed corpus).
 *
 *   TS_NODE_TRANSPILE_ONLY=1 node -r ts-node/register test/conformance/make-corpus.ts [--out DIR]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseOf, conformanceCases } from './cases';
import { CASE_SCHEMA, CORPUS_VERSION } from './format';
import { GRAMMAR_CASES } from './grammar-cases';

export const CORPUS_FOLDER = path.resolve(__dirname, '..', '..', 'conformance');

/** Writes every generated file of the corpus into `folder` (its README and the shared definitions are not generated here). */
export function writeCorpus(folder: string): string[] {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-conformance-'));
  const written: string[] = [];
  const write = (name: string, contents: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), contents);
    written.push(name);
  };
  try {
    const specs = conformanceCases((name) => path.join(scratch, name));
    const ids = new Set<string>();
    const index: { id: string; name: string; file: string | null; verdict: string; stops: string | null }[] = [];
    for (const spec of specs) {
      if (ids.has(spec.id)) throw new Error(`two cases named ${spec.id}`);
      ids.add(spec.id);
      const exists = fs.existsSync(spec.made.file);
      const fileName = exists ? `${spec.id}${spec.made.file.endsWith('.bin') ? '.bin' : '.elf'}` : null;
      const expected = caseOf(spec, fileName);
      if (fileName !== null) write(path.join('cases', fileName), fs.readFileSync(spec.made.file));
      write(path.join('cases', `${spec.id}.json`), `${JSON.stringify({ $schema: '../case.schema.json', ...expected }, null, 2)}\n`);
      index.push({ id: spec.id, name: spec.name, file: fileName, verdict: expected.verdict, stops: expected.stops });
    }
    write('index.json', `${JSON.stringify({ corpusVersion: CORPUS_VERSION, description: 'vboxcore\'s conformance corpus: each case is cases/<id>.json, with its dump beside it (see README.md)', cases: index }, null, 2)}\n`);
    write('case.schema.json', `${JSON.stringify(CASE_SCHEMA, null, 2)}\n`);
    write('expectation-cases.json', `${JSON.stringify({ description: 'expressions of the --expect grammar every implementation must accept with the value given, or refuse (the refusal\'s words are the library\'s)', cases: GRAMMAR_CASES }, null, 2)}\n`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return written;
}

if (require.main === module) {
  const outIndex = process.argv.indexOf('--out');
  const folder = outIndex >= 0 ? path.resolve(process.argv[outIndex + 1]) : CORPUS_FOLDER;
  if (folder === CORPUS_FOLDER) fs.rmSync(path.join(folder, 'cases'), { recursive: true, force: true });
  const written = writeCorpus(folder);
  process.stdout.write(`wrote ${written.length} files to ${path.relative(process.cwd(), folder) || '.'}/\n`);
}
