// Prints the error-code table of the README from the catalogue in src/problems.ts: `npm run codes`.
import { PROBLEMS, ProblemCode } from '../src/problems';

export function codesTable(): string {
  const rows = (Object.keys(PROBLEMS) as ProblemCode[]).map((code) => {
    const definition = PROBLEMS[code];
    const kind = definition.severity !== 'error' ? definition.severity : definition.exitStatus === 2 ? 'error (input)' : definition.fatal ? 'error, stops reading' : 'error';
    return `| \`${code}\` | ${kind} | ${definition.exitStatus} | ${definition.meaning} | ${definition.remedy} |`;
  });
  return ['| code | severity | exit | meaning | what you can do |', '|---|---|---|---|---|', ...rows].join('\n');
}

if (require.main === module) process.stdout.write(`${codesTable()}\n`);
