/**
 * The schemas in every Kaitai language. Each target of both compilers (0.10 and 0.11) must
 * generate; the committed Python parsers run in python-parsers.test.ts. Compiling Java, C++, C#
 * and Go needs their Kaitai runtimes, which Debian does not package, so here the schemas are
 * also held to the rules that made those compile on the development machine (README, "Other
 * languages"): no member named like a type or enum of its class (C#), no switch on a stream
 * size or position (a 64-bit value: Java), no enum-valued instance computed from the stream (Go),
 * no enum value beyond a signed 32-bit integer (C#).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { scratchDirectory } from './helpers';

const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const generate = path.join(projectRoot, 'scripts', 'generate.js');
const schemaIds = fs.readdirSync(path.join(projectRoot, 'schemas')).filter((name) => name.endsWith('.ksy')).map((name) => name.slice(0, -4));
const TARGETS = ['construct', 'cpp_stl', 'csharp', 'go', 'graphviz', 'html', 'java', 'javascript', 'lua', 'nim', 'perl', 'php', 'python', 'ruby', 'rust'];

describe.each(['0.10', '0.11'])('kaitai-struct-compiler %s', (version) => {
  const out = scratch.path(`all-${version}`);
  let result: ReturnType<typeof spawnSync>;
  beforeAll(() => {
    result = spawnSync(process.execPath, [generate, '--lang', 'all', '--compiler', version, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  });

  test('generates every target from every schema, without one compiler error', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(TARGETS);
    for (const target of TARGETS) {
      const files = fs.readdirSync(path.join(out, target), { recursive: true }).map((name) => String(name).toLowerCase().replace(/[_-]/g, ''));
      for (const schemaId of schemaIds) expect({ target, schemaId, found: files.some((name) => name.includes(schemaId.replace(/_/g, ''))) }).toEqual({ target, schemaId, found: true });
    }
    // One count per file, each file written once.
    const written = Number(/wrote (\d+) files/.exec(String(result.stdout))?.[1]);
    const onDisk = TARGETS.reduce((sum, target) => sum + fs.readdirSync(path.join(out, target), { recursive: true }).filter((name) => fs.statSync(path.join(out, target, String(name))).isFile()).length, 0);
    expect(written).toBe(onDisk);
  });

  test('Go files carry a package clause (the compiler\'s API has no --go-package)', () => {
    for (const name of fs.readdirSync(path.join(out, 'go'))) expect(fs.readFileSync(path.join(out, 'go', name), 'utf8').startsWith('package vboxcore\n')).toBe(true);
  });

  test('Java classes are in a package (vboxcore.parsers, in its folders) and C# in a namespace of their own, as --java-package and --dotnet-namespace write them', () => {
    const javaFolder = path.join(out, 'java', 'vboxcore', 'parsers');
    const javaFiles = fs.readdirSync(javaFolder);
    expect(javaFiles.length).toBeGreaterThanOrEqual(schemaIds.length);
    expect(fs.readdirSync(path.join(out, 'java'))).toEqual(['vboxcore']);
    for (const name of javaFiles) expect(fs.readFileSync(path.join(javaFolder, name), 'utf8')).toMatch(/^\/\/ This is a generated file![^\n]*\n\npackage vboxcore\.parsers;\n\nimport io\.kaitai\.struct\./);
    for (const name of fs.readdirSync(path.join(out, 'csharp'))) {
      const text = fs.readFileSync(path.join(out, 'csharp', name), 'utf8');
      expect({ name, namespaces: text.match(/^namespace .*$/gm), usesRuntime: /^using Kaitai;$/m.test(text) }).toEqual({ name, namespaces: ['namespace Vboxcore.Parsers'], usesRuntime: true });
    }
  });

  test('the Python parsers byte-compile, inside their package (vboxcore_parsers, as --python-package writes them)', () => {
    const pythonPackage = path.join(out, 'python', 'vboxcore_parsers');
    const compiled = spawnSync('/usr/bin/python3', ['-m', 'py_compile', ...fs.readdirSync(pythonPackage).map((name) => path.join(pythonPackage, name))], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });
});

test('a target the compiler does not have (typescript) is refused by name, and nothing is written', () => {
  const out = scratch.path('typescript');
  const result = spawnSync(process.execPath, [generate, '--lang', 'typescript', '--out', out], { encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toBe('generate: kaitai-struct-compiler has no target "typescript" (it writes JavaScript; vboxcore derives TypeScript declarations from the schemas into generated/*.d.ts: `make generate`); its targets are construct, cpp_stl, csharp, go, graphviz, html, java, javascript, lua, nim, perl, php, python, ruby, rust\n');
  expect(fs.existsSync(out)).toBe(false);
});

interface TypeSpec {
  seq?: { id: string; type?: unknown }[];
  instances?: Record<string, { value?: unknown; enum?: string; pos?: unknown }>;
  types?: Record<string, TypeSpec>;
  enums?: Record<string, Record<string, unknown>>;
}

/** Every type of a schema, the root included, with where it is. */
function typesOf(spec: TypeSpec, where: string): [string, TypeSpec][] {
  return [[where, spec], ...Object.entries(spec.types ?? {}).flatMap(([name, nested]) => typesOf(nested, `${where}/types/${name}`))];
}

describe.each(schemaIds)('%s.ksy keeps to what every target compiles', (schemaId) => {
  const schema = YAML.parse(fs.readFileSync(path.join(projectRoot, 'schemas', `${schemaId}.ksy`), 'utf8')) as TypeSpec;
  const types = typesOf(schema, schemaId);

  test('no field or instance is named like a type or enum of its class (C#)', () => {
    for (const [where, spec] of types) {
      const members = [...(spec.seq ?? []).map((attribute) => attribute.id), ...Object.keys(spec.instances ?? {})];
      const named = new Set([...Object.keys(spec.types ?? {}), ...Object.keys(spec.enums ?? {})]);
      expect({ where, clashes: members.filter((member) => named.has(member)) }).toEqual({ where, clashes: [] });
    }
  });

  test('no switch on the stream size or position, 64-bit values (Java)', () => {
    for (const [where, spec] of types) {
      for (const attribute of spec.seq ?? []) {
        const switchOn = (attribute.type as { 'switch-on'?: string } | undefined)?.['switch-on'];
        expect({ where, id: attribute.id, switchOn: switchOn !== undefined && /_io\./.test(switchOn) }).toEqual({ where, id: attribute.id, switchOn: false });
      }
    }
  });

  test('no enum-valued instance computed from the stream (Go returns nil for it)', () => {
    for (const [where, spec] of types) {
      for (const [id, instance] of Object.entries(spec.instances ?? {})) {
        const value = typeof instance.value === 'string' ? instance.value : '';
        const enumValued = instance.enum !== undefined || /\w+::\w+\s*(:|$)/m.test(value);
        expect({ where, id, enumFromStream: enumValued && /_io\.|\b[a-z_]+\s*!=|layout/.test(value) }).toEqual({ where, id, enumFromStream: false });
      }
    }
  });

  test('every enum value fits a signed 32-bit integer (C# enums)', () => {
    for (const [where, spec] of types) {
      for (const [name, values] of Object.entries(spec.enums ?? {})) {
        for (const value of Object.keys(values)) expect({ where, name, value, fits: Number(value) <= 0x7fff_ffff }).toEqual({ where, name, value, fits: true });
      }
    }
  });
});
