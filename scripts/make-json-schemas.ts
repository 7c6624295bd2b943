// Writes json-schemas/<command>.schema.json from src/report/json-schemas.ts: `npm run json-schemas`.
// A test fails when the committed files differ from what this writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JSON_SCHEMAS } from '../src/report/json-schemas';

export function jsonSchemaFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(JSON_SCHEMAS).map(([command, schema]) => [`${command}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`]));
}

if (require.main === module) {
  const folder = path.resolve(__dirname, '..', '..', 'json-schemas');
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(jsonSchemaFiles())) fs.writeFileSync(path.join(folder, name), text);
  process.stdout.write(`wrote ${Object.keys(JSON_SCHEMAS).length} schemas to json-schemas/\n`);
}
