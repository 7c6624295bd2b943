// Writes dist/man/vboxcore.1 from the CLI's own command definitions (npm run build).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProgram, EXIT_STATUSES } from '../src/cli/main';
import { manPage } from '../src/cli/help-pages';
import { PROBLEMS } from '../src/problems';
import packageJson from '../package.json';

const program = buildProgram({ write: () => undefined, warn: () => undefined, writeError: () => undefined }, () => undefined);
const target = path.resolve(__dirname, '..', 'man', 'vboxcore.1');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, manPage(program, packageJson.version, EXIT_STATUSES, PROBLEMS));
