import * as fs from 'node:fs';
import * as path from 'node:path';
import { codesTable } from '../scripts/print-codes';

const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');

test('the README error table is the catalogue in src/problems.ts', () => {
  expect(readme).toContain(codesTable());
});

test('the README documents both set-up commands', () => {
  expect(readme).toMatch(/^make demo\b/m);
  expect(readme).toMatch(/^make test\b/m);
});
