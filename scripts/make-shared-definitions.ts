// Writes the definitions other implementations share with this library: the problem-code catalogue
// and the expectation grammar, into conformance/ (the corpus's format) and python/vboxcore_dump/data/
// (the Python package, which pip installs without a build step): `npm run shared-definitions`.
// A test fails when the committed files differ from what this writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPECTATION_GRAMMAR } from '../src/expectations/grammar';
import { PROBLEMS } from '../src/problems';

export const SHARED_DEFINITION_FOLDERS = ['conformance', path.join('python', 'vboxcore_dump', 'data')];

export function sharedDefinitionFiles(): Record<string, string> {
  const text = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'problem-codes.json': text({ description: 'vboxcore\'s stable problem codes (src/problems.ts): severity, whether reading stops (fatal), the CLI\'s exit status, meaning and remedy', codes: PROBLEMS }),
    'expectation-grammar.json': text({ description: 'the grammar of `vboxcore validate --expect` (src/expectations/grammar.ts): keys, flags, operators, size units and the patterns text must match', ...EXPECTATION_GRAMMAR }),
  };
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  for (const folder of SHARED_DEFINITION_FOLDERS) {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    for (const [name, contents] of Object.entries(sharedDefinitionFiles())) fs.writeFileSync(path.join(root, folder, name), contents);
  }
  process.stdout.write(`wrote ${Object.keys(sharedDefinitionFiles()).join(', ')} to ${SHARED_DEFINITION_FOLDERS.join(' and ')}\n`);
}
