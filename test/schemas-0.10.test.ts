import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';

// The schemas declare ks-version 0.10 so that runtimes at 0.10 (Debian's python3-kaitaistruct,
// for one) can use them: check that compiler 0.10 accepts every one, for Python and JavaScript.
const CompilerConstructor = require('kaitai-struct-compiler-0.10') as new () => {
  compile(language: string, schema: unknown, importer: unknown, debug: boolean): Promise<Record<string, string>>;
};

const schemaDirectory = path.resolve(__dirname, '..', 'schemas');
const readSchema = (id: string): unknown => YAML.parse(fs.readFileSync(path.join(schemaDirectory, `${id}.ksy`), 'utf8'));
const importer = { importYaml: (name: string) => Promise.resolve(readSchema(path.basename(name))) };

test.each(fs.readdirSync(schemaDirectory).filter((name) => name.endsWith('.ksy')))('kaitai-struct-compiler 0.10 compiles %s', async (fileName) => {
  const id = fileName.replace(/\.ksy$/, '');
  const compiler = new CompilerConstructor();
  for (const language of ['python', 'javascript']) {
    const files = await compiler.compile(language, readSchema(id), importer, false);
    expect(Object.keys(files).length).toBeGreaterThan(0);
  }
});
