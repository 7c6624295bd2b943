import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { buildDump, buildPageTables } from '../src/builder';
import { jsonSchemaFiles } from '../scripts/make-json-schemas';
import { cli, scratchDirectory } from './helpers';
import { qemuCore } from './qemu-cores';

const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

test('json-schemas/ is what scripts/make-json-schemas.ts writes (npm run json-schemas)', () => {
  const files = jsonSchemaFiles();
  expect(fs.readdirSync(path.join(projectRoot, 'json-schemas')).sort()).toEqual(Object.keys(files).sort());
  for (const [name, text] of Object.entries(files)) expect(fs.readFileSync(path.join(projectRoot, 'json-schemas', name), 'utf8')).toBe(text);
});

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validators = Object.fromEntries(Object.keys(jsonSchemaFiles()).map((name) => [name.replace('.schema.json', ''), ajv.compile(JSON.parse(fs.readFileSync(path.join(projectRoot, 'json-schemas', name), 'utf8')))]));

/** Parses a --json document and checks it against its command's shipped schema. */
function expectValid(text: string): { command: string } {
  const document = JSON.parse(text) as { command: string; schemaVersion: number };
  expect(document.schemaVersion).toBe(1);
  const validate = validators[document.command];
  expect(validate).toBeDefined();
  const { command } = document;
  if (validate(document) !== true) throw new Error(`${command} document does not match json-schemas/${command}.schema.json: ${ajv.errorsText(validate.errors)}`);
  return { command };
}

describe('every --json document matches its shipped schema', () => {
  const sample = path.join(projectRoot, 'samples', 'small-guest.elf');
  const qemu = scratch.path('qemu.elf');
  fs.writeFileSync(qemu, qemuCore({ cpuCount: 2, vmcoreinfo: 'OSRELEASE=6.1.0\n' }).bytes);
  const old = buildDump(scratch.path('vbox-4.1.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }], formatVersion: 0x10000, vboxVersion: { major: 4, minor: 1, build: 26 }, fill: 'none' }).path;
  const cut = scratch.path('cut.elf');
  fs.copyFileSync(sample, cut);
  fs.truncateSync(cut, 700_000);
  const badMagic = buildDump(scratch.path('bad-magic.elf'), { ranges: [{ physicalAddress: 0, size: 0x1_0000 }], fill: 'none' });
  fs.writeFileSync(scratch.path('unused'), '');
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(0xdeadbeef);
  const descriptorFile = fs.openSync(badMagic.path, 'r+');
  fs.writeSync(descriptorFile, magic, 0, 4, badMagic.descriptorOffset);
  fs.closeSync(descriptorFile);
  const tables = buildPageTables({ mode: '4-level', tableArea: { physicalAddress: 0x1_0000, size: 0x1_0000 }, mappings: [{ virtualAddress: 0x40_0000n, physicalAddress: 0x4_0000n, size: 0x2000, pageSize: 0x1000, user: true }] });
  const paged = buildDump(scratch.path('paged.elf'), { ranges: [{ physicalAddress: 0, size: 0x10_0000 }, { physicalAddress: 0xfec0_0000, size: 0x1000, mmio: true }], cpus: [tables.cpu], physicalWrites: tables.writes, fill: 'full' }).path;

  test.each<[string, string[]]>([
    ['info of the sample', ['info', sample]],
    ['info of a QEMU core', ['info', qemu]],
    ['info of a 4.1 dump (CPUMCTX)', ['info', old]],
    ['info of a truncated dump', ['info', cut]],
    ['info of a dump with a bad descriptor magic', ['info', badMagic.path]],
    ['validate of several dumps', ['validate', sample, cut, qemu, scratch.path('unused')]],
    ['validate with --strict and expectations, met and not', ['validate', sample, cut, '--strict', '--expect', 'cpus=2', '--expect', 'ram>=4GiB', '--expect', 'no-truncation']],
    ['read, physical, with a hole read as zeros', ['read', sample, '--paddr', '0x7fff0', '--length', '32', '--zero-holes']],
    ['read, virtual, with a fault read as zeros', ['read', paged, '--vaddr', '0x401ff0', '--length', '32', '--zero-holes']],
    ['cpus of the sample', ['cpus', sample]],
    ['cpus of a QEMU core', ['cpus', qemu]],
    ['cpus of a 4.1 dump', ['cpus', old]],
    ['vtop, mapped', ['vtop', paged, '0x400010']],
    ['vtop, a fault', ['vtop', paged, '0x800000']],
    ['maps', ['maps', paged]],
    ['translate', ['translate', sample, '0x100000010']],
  ])('%s', async (_name, argv) => {
    const result = await cli(...argv, '--json');
    expectValid(result.stdout);
  });

  test('validate --jsonl: a document per dump, each valid against validate-dump, then the validate-summary', async () => {
    const result = await cli('validate', sample, cut, qemu, scratch.path('unused'), scratch.path('missing.elf'), '--jsonl', '--hash', 'sha256', '--expect', 'cpus>=1');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => expectValid(line).command)).toEqual([...Array(5).fill('validate-dump'), 'validate-summary']);
    expect(JSON.parse(lines[5])).toMatchObject({ dumps: 5, invalid: 2, unreadable: 1, exitStatus: 2 });
  });

  test('info --json of several dumps: one info document per line, each valid', async () => {
    const result = await cli('info', sample, qemu, old, '--json');
    expect(result.stdout.trimEnd().split('\n').map((line) => expectValid(line).command)).toEqual(['info', 'info', 'info']);
  });

  test('export, with --verify and with ignored nothing', async () => {
    const result = await cli('export', sample, scratch.path('exported.raw'), '--verify', '--json');
    expect(result.status).toBe(0);
    expectValid(result.stdout);
  });

  test.each<[string, string[], number]>([
    ['a missing file', ['info', scratch.path('missing.elf')], 2],
    ['a hole', ['read', sample, '--paddr', '0xfec00000', '--length', '16'], 1],
    ['an unknown option (the parser\'s own error)', ['info', sample, '--bogus'], 2],
    ['a missing argument', ['read', sample], 2],
  ])('errors under --json are JSON on stderr: %s', async (_name, argv, status) => {
    const result = await cli(...argv, '--json');
    expect(result.status).toBe(status);
    expect(result.stdout).toBe('');
    expectValid(result.stderr);
    expect(JSON.parse(result.stderr).error.exitStatus).toBe(status);
  });

  test('under --json, standard error is JSON Lines: the warning about a damaged dump, then the error, one document each', async () => {
    const result = await cli('read', cut, '--paddr', '0x100019000', '--length', '16', '--json');
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.length).toBe(2);
    lines.forEach((line) => expectValid(line));
    expect(JSON.parse(lines[0])).toMatchObject({ command: 'warning', warning: { message: expect.stringMatching(/^.*cut\.elf has 1 error\(s\), first: error TRUNCATED_DUMP/) } });
    expect(JSON.parse(lines[1])).toMatchObject({ command: 'error', error: { code: 'PHYSICAL_HOLE', details: { physicalAddress: '0x100019000', length: '0x10', hole: 'truncated' } } });
  });
});
