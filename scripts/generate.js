#!/usr/bin/env node
// Compiles schemas/*.ksy with the npm kaitai-struct-compiler (it has no CLI, only this API) and
// writes the JavaScript parsers plus TypeScript declarations derived from the same .ksy files.
//
//   node scripts/generate.js                  regenerate every committed language into generated/
//   node scripts/generate.js --lang python    only that language (any target the compiler has)
//   node scripts/generate.js --lang all       every target of the compiler
//   node scripts/generate.js --lang go --compiler 0.11
//                                             with compiler 0.11 instead of 0.10 (for runtimes 0.11)
//   node scripts/generate.js --lang go --go-package NAME
//   node scripts/generate.js --lang java --java-package NAME        (default vboxcore.parsers)
//   node scripts/generate.js --lang csharp --dotnet-namespace NAME  (default Vboxcore.Parsers)
//                                             the Go package clause (default vboxcore)
//   node scripts/generate.js --check          regenerate into a temporary folder and fail when any
//                                             byte differs from generated/ (works outside git too)
//   node scripts/generate.js --schemas DIR --out DIR
//                                             from a copy of the schemas into another folder (to try
//                                             a format change without touching the project)
//
// JavaScript is compiled by kaitai-struct-compiler 0.11 (with TypeScript declarations) into
// generated/; every other language by compiler 0.10 into generated/<language>/, because code from
// 0.11 refuses runtimes older than 0.11 and Debian ships the Python runtime at 0.10.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');
const compiler = require('kaitai-struct-compiler');
const CompilerForRuntime010 = require('kaitai-struct-compiler-0.10');

/** Languages whose parsers are committed and drift-checked. */
const COMMITTED_LANGUAGES = ['javascript', 'python'];

const projectRoot = path.resolve(__dirname, '..');

function optionValue(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? path.resolve(process.argv[index + 1]) : fallback;
}

const schemaDir = optionValue('--schemas', path.join(projectRoot, 'schemas'));
const generatedDir = optionValue('--out', path.join(projectRoot, 'generated'));
const goPackageIndex = process.argv.indexOf('--go-package');
const goPackage = goPackageIndex >= 0 ? process.argv[goPackageIndex + 1] : 'vboxcore';
const javaPackageIndex = process.argv.indexOf('--java-package');
const javaPackage = javaPackageIndex >= 0 ? process.argv[javaPackageIndex + 1] : 'vboxcore.parsers';
const dotnetNamespaceIndex = process.argv.indexOf('--dotnet-namespace');
const dotnetNamespace = dotnetNamespaceIndex >= 0 ? process.argv[dotnetNamespaceIndex + 1] : 'Vboxcore.Parsers';
const compilerIndex = process.argv.indexOf('--compiler');
const compilerVersion = compilerIndex >= 0 ? process.argv[compilerIndex + 1] : null;

// Debug mode records each field's stream position in `_debug`; the library uses it to name the
// file offset of a bad field without restating the layout by hand.
const DEBUG_MODE = true;

function readSchema(schemaId) {
  const text = fs.readFileSync(path.join(schemaDir, `${schemaId}.ksy`), 'utf8');
  return YAML.parse(text, { intAsBigInt: false });
}

function upperCamel(snake) {
  return snake.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function lowerCamel(snake) {
  const upper = upperCamel(snake);
  return upper.charAt(0).toLowerCase() + upper.slice(1);
}

const importer = {
  importYaml(name) {
    return Promise.resolve(readSchema(path.basename(name)));
  },
};

// ---- TypeScript declarations -------------------------------------------------------------

const INTEGER_TYPE = /^[us][1248](le|be)?$/;
const FLOAT_TYPE = /^f[48](le|be)?$/;

function attributeType(attribute, context, scope) {
  let base;
  if (attribute['-ts-type']) {
    base = attribute['-ts-type'];
  } else if (attribute.contents !== undefined) {
    base = 'Uint8Array';
  } else if (attribute.value !== undefined) {
    throw new Error(`${context}: value instance needs a -ts-type hint (number, string, boolean)`);
  } else if (attribute.type === undefined) {
    base = 'Uint8Array';
  } else if (typeof attribute.type !== 'string') {
    // A switch reads one of its case types, or nothing when no case matches and there is no default.
    const cases = attribute.type.cases || {};
    const caseTypes = [...new Set(Object.values(cases).map((caseType) => typeName(caseType, scope)))];
    base = `(${caseTypes.join(' | ')}${'_' in cases ? '' : ' | undefined'})`;
  } else if (INTEGER_TYPE.test(attribute.type) || FLOAT_TYPE.test(attribute.type)) {
    base = 'number';
  } else if (attribute.type === 'str' || attribute.type === 'strz') {
    base = 'string';
  } else {
    base = typeName(attribute.type, scope);
  }
  if (attribute.repeat) base = `${base}[]`;
  if (attribute.if !== undefined) base = `${base} | undefined`;
  return base;
}

// Types of this schema are declared in the namespace of its class; other names are imports.
// A type given with arguments (`dbgfcorecpu(2)`) is the same class.
function typeName(typeWithArguments, scope) {
  const type = typeWithArguments.replace(/\(.*\)$/, '');
  const path = type.split('::').map(upperCamel).join('.');
  return scope.localTypes.has(type.split('::')[0]) ? `${scope.className}.${path}` : path;
}

// Parameters are integers or booleans here; anything else needs a -ts-type hint.
function paramType(param, context) {
  if (param['-ts-type']) return param['-ts-type'];
  if (param.type === 'bool') return 'boolean';
  if (INTEGER_TYPE.test(param.type)) return 'number';
  throw new Error(`${context}: parameter of type ${param.type} needs a -ts-type hint`);
}

function docComment(doc, indent) {
  if (!doc) return [];
  const lines = String(doc).trim().split('\n');
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`.trimEnd()), `${indent} */`];
}

// An enum is an object both ways (NAME: value and value: 'NAME'), as the JavaScript parsers build
// it; each member carries the schema's doc for the value, or says which value it is.
function enumDeclaration(enumName, enumSpec, indent) {
  const inner = `${indent}  `;
  const lines = [`${indent}/** The schema's enum \`${enumName}\`: each name's value, and each value's name. */`, `${indent}static readonly ${upperCamel(enumName)}: Readonly<{`];
  // Indexed by a field's value (a number), as in \`Enum[parsed.field]\`: a value without a name is undefined.
  lines.push(`${inner}/** The name of any value; undefined for a value the schema does not name. */`, `${inner}[value: number]: string | undefined;`);
  for (const [rawValue, spec] of Object.entries(enumSpec)) {
    const value = Number(rawValue);
    const id = (typeof spec === 'string' ? spec : spec.id).toUpperCase();
    const doc = typeof spec === 'object' && spec.doc ? String(spec.doc).trim().split('\n').join(' ') : `${enumName} ${id.toLowerCase()}.`;
    lines.push(`${inner}/** ${value} (0x${value.toString(16)}): ${doc} */`, `${inner}${id}: ${value};`);
    lines.push(`${inner}/** The name of ${enumName} value ${value}. */`, `${inner}${value}: '${id}';`);
  }
  lines.push(`${indent}}>;`);
  return lines;
}

function classDeclaration(className, typeSpec, indent, context, scope) {
  const lines = [];
  lines.push(...docComment(typeSpec.doc, indent));
  lines.push(`${indent}class ${className} {`);
  const inner = `${indent}  `;
  const params = (typeSpec.params || []).map((param) => ({ name: lowerCamel(param.id), type: paramType(param, `${context}/params/${param.id}`), doc: param.doc }));
  lines.push(`${inner}constructor(io: KaitaiStream, parent?: unknown, root?: unknown${params.map((param) => `, ${param.name}?: ${param.type}`).join('')});`);
  for (const param of params) {
    lines.push(...docComment(param.doc, inner));
    lines.push(`${inner}readonly ${param.name}: ${param.type};`);
  }
  lines.push(`${inner}/** Reads the fields of \`seq\` (debug-mode parsers do not read in the constructor). */`);
  lines.push(`${inner}_read(): void;`);
  lines.push(`${inner}/** The stream this object was parsed from. */`);
  lines.push(`${inner}readonly _io: KaitaiStream;`);
  lines.push(`${inner}/** Stream position of each field read so far, keyed by field name. */`);
  lines.push(`${inner}readonly _debug: Record<string, KaitaiFieldSpan>;`);
  for (const attribute of typeSpec.seq || []) {
    lines.push(...docComment(attribute.doc, inner));
    lines.push(`${inner}readonly ${lowerCamel(attribute.id)}: ${attributeType(attribute, `${context}/seq/${attribute.id}`, scope)};`);
  }
  for (const [instanceId, attribute] of Object.entries(typeSpec.instances || {})) {
    lines.push(...docComment(attribute.doc, inner));
    lines.push(`${inner}readonly ${lowerCamel(instanceId)}: ${attributeType(attribute, `${context}/instances/${instanceId}`, scope)};`);
  }
  for (const [enumName, enumSpec] of Object.entries(typeSpec.enums || {})) {
    lines.push(...enumDeclaration(enumName, enumSpec, inner));
  }
  lines.push(`${indent}}`);
  const nestedTypes = Object.entries(typeSpec.types || {});
  if (nestedTypes.length > 0) {
    lines.push(`${indent}namespace ${className} {`);
    for (const [typeId, nestedSpec] of nestedTypes) {
      lines.push(...classDeclaration(upperCamel(typeId), nestedSpec, inner, `${context}/types/${typeId}`, scope));
    }
    lines.push(`${indent}}`);
  }
  return lines;
}

function declarations(schema) {
  const className = upperCamel(schema.meta.id);
  const lines = [
    `// Generated by scripts/generate.js from schemas/${schema.meta.id}.ksy. Do not edit: change the schema and run \`npm run generate\`.`,
    "import KaitaiStream from 'kaitai-struct/KaitaiStream';",
  ];
  for (const imported of schema.meta.imports || []) {
    const importedClass = upperCamel(path.basename(imported));
    lines.push(`import { ${importedClass} } from './${importedClass}';`);
  }
  lines.push("import type { KaitaiFieldSpan } from './KaitaiFieldSpan';");
  lines.push('');
  const scope = { className, localTypes: new Set(Object.keys(schema.types || {})) };
  const body = classDeclaration(className, schema, '', schema.meta.id, scope);
  body[body.findIndex((line) => line.startsWith('class '))] = `export declare class ${className} {`;
  const namespaceIndex = body.findIndex((line) => line.startsWith('namespace '));
  if (namespaceIndex >= 0) body[namespaceIndex] = `export declare namespace ${className} {`;
  lines.push(...body);
  lines.push('');
  return lines.join('\n');
}

// ---- Driver ------------------------------------------------------------------------------

function schemaIds() {
  return fs
    .readdirSync(schemaDir)
    .filter((name) => name.endsWith('.ksy'))
    .map((name) => name.slice(0, -'.ksy'.length))
    .sort();
}

/** The two compilers: 0.11 (the committed JavaScript), 0.10 (every other language by default). */
const COMPILERS = {
  '0.11': () => compiler,
  '0.10': () => new CompilerForRuntime010(),
};

/**
 * Refuses, before anything is written, a compiler version or target the compiler does not
 * have: `typescript`, say, which kaitai-struct-compiler does not write (vboxcore adds TypeScript
 * declarations to the JavaScript parsers instead).
 */
function checkRequest(languages, compilerVersion) {
  if (compilerVersion !== null && !(compilerVersion in COMPILERS)) throw new Error(`--compiler ${compilerVersion}: the versions here are ${Object.keys(COMPILERS).join(' and ')}`);
  const targets = COMPILERS[compilerVersion ?? '0.10']().languages;
  for (const language of languages) {
    if (targets.includes(language)) continue;
    const typescript = language === 'typescript' ? ' (it writes JavaScript; vboxcore derives TypeScript declarations from the schemas into generated/*.d.ts: `make generate`)' : '';
    throw new Error(`kaitai-struct-compiler has no target ${JSON.stringify(language)}${typescript}; its targets are ${targets.join(', ')}`);
  }
}

async function generateInto(outputDir, languages, compilerVersion = null) {
  checkRequest(languages, compilerVersion);
  const written = new Set();
  for (const language of languages) {
    // A schema's compilation also returns the schemas it imports: count each file once.
    const files = language === 'javascript' && compilerVersion === null ? await generateJavaScript(outputDir) : await generateOther(language, outputDir, compilerVersion ?? '0.10');
    for (const name of files) written.add(name);
  }
  return [...written];
}

// The compiler's API has no --go-package: generated Go files start without a package clause,
// which `go build` refuses, so one is put first.
function withGoPackage(text) {
  return `package ${goPackage}\n\n${text}`;
}

/**
 * Java and C# get what the desktop compiler's --java-package and --dotnet-namespace give (its
 * npm API has neither): a package clause after the header comment, with the files in the
 * package's folders; a namespace of their own instead of the runtime's `Kaitai`, which they then
 * import.
 */
function withJavaPackage(text) {
  return text.replace(/^(\/\/[^\n]*\n\n)/, `$1package ${javaPackage};\n\n`);
}

function withDotnetNamespace(text) {
  if (!/^namespace Kaitai$/m.test(text)) throw new Error('generate: the C# output has no `namespace Kaitai` line to replace');
  return text.replace(/^namespace Kaitai$/m, `using Kaitai;\n\nnamespace ${dotnetNamespace}`);
}

/**
 * The Python package the committed parsers live in. The compiler's npm API has no
 * --python-package; given one, the desktop compiler writes `from PACKAGE import module` where it
 * otherwise writes `import module` (its Python generator changes exactly that line), so the same
 * rewrite gives the same files. The package's __init__.py is written beside them.
 */
const PYTHON_PACKAGE = 'vboxcore_parsers';

function withPythonPackage(text, moduleNames) {
  return text.replace(/^import ([a-z0-9_]+)$/gm, (line, module) => (moduleNames.has(module) ? `from ${PYTHON_PACKAGE} import ${module}` : line));
}

function pythonPackageInit(moduleNames) {
  return [
    '# Generated by scripts/generate.js from vboxcore\'s schemas/. Do not edit.',
    '"""The Kaitai Struct parsers of vboxcore\'s schemas (kaitai-struct-compiler 0.10, for the Python runtime 0.10).',
    '',
    'from vboxcore_parsers.vbox_core import VboxCore',
    '"""',
    '',
    `__all__ = [${[...moduleNames].sort().map((name) => `'${name}'`).join(', ')}]`,
    '',
  ].join('\n');
}

/** Other languages: plain (non-debug) parsers, one folder per language (Python's inside its package). */
async function generateOther(language, outputDir, compilerVersion) {
  const languageDir = path.join(outputDir, language);
  fs.rmSync(languageDir, { recursive: true, force: true });
  fs.mkdirSync(languageDir, { recursive: true });
  const written = new Set();
  const python = language === 'python';
  const moduleNames = new Set(schemaIds());
  const packagePath = python ? PYTHON_PACKAGE : language === 'java' ? javaPackage.replaceAll('.', '/') : '';
  const packageDir = packagePath ? path.join(languageDir, packagePath) : languageDir;
  const prefix = packagePath ? `${language}/${packagePath}` : language;
  for (const schemaId of schemaIds()) {
    const files = await COMPILERS[compilerVersion]().compile(language, readSchema(schemaId), importer, false);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(packageDir, name)), { recursive: true });
      const contents = language === 'go' && name.endsWith('.go') ? withGoPackage(text)
        : python ? withPythonPackage(text, moduleNames)
          : language === 'java' && name.endsWith('.java') ? withJavaPackage(text)
            : language === 'csharp' && name.endsWith('.cs') ? withDotnetNamespace(text)
              : text;
      fs.writeFileSync(path.join(packageDir, name), contents);
      written.add(`${prefix}/${name}`);
    }
  }
  if (python) {
    fs.writeFileSync(path.join(packageDir, '__init__.py'), pythonPackageInit(moduleNames));
    written.add(`${prefix}/__init__.py`);
  }
  return [...written];
}

/** index.js and index.d.ts: every parser class from one module (the package's `vboxcore/parsers`). */
function indexFiles(classNames) {
  const header = '// Generated by scripts/generate.js: every parser generated from schemas/. Do not edit.';
  const js = [header, "'use strict';", ...classNames.map((name) => `exports.${name} = require('./${name}').${name};`), ''].join('\n');
  const dts = [header, "export type { KaitaiFieldSpan } from './KaitaiFieldSpan';", ...classNames.map((name) => `export { ${name} } from './${name}';`), ''].join('\n');
  return { 'index.js': js, 'index.d.ts': dts, 'KaitaiFieldSpan.d.ts': FIELD_SPAN_DECLARATION };
}

// What debug-mode parsers record in `_debug`, declared once for every parser.
const FIELD_SPAN_DECLARATION = [
  '// Generated by scripts/generate.js. Do not edit.',
  '',
  '/** Where a field was read: positions in the stream the object was parsed from. */',
  'export interface KaitaiFieldSpan {',
  '  /** Stream position of the field\'s first byte. */',
  '  start: number;',
  '  /** Stream position after its last byte; absent while it is being read. */',
  '  end?: number;',
  '  /** Where the stream itself starts in its parent stream (0 for the root stream). */',
  '  ioOffset: number;',
  '  /** For a repeated field: the span of each element. */',
  '  arr?: KaitaiFieldSpan[];',
  '}',
  '',
].join('\n');

/**
 * The schemas' own words for every field of every type, for tools that show a parsed object
 * (the viewer's structure pane): a type's doc and doc-ref, and per `seq` field (by the parsers'
 * lowerCamel name, in `seq` order) its snake_case id, C name (-orig-id), doc, the types it can
 * hold (several for a switch) and the names of its enum's values.
 */
function fieldDocs() {
  const types = {};
  const plain = (doc) => (doc === undefined ? null : String(doc).trim());
  const enumsOf = (typeSpec, inherited) => ({ ...inherited, ...(typeSpec.enums || {}) });
  const describe = (key, typeSpec, scope, enums) => {
    const fields = {};
    for (const attribute of typeSpec.seq || []) {
      const declared = attribute.type === undefined || (typeof attribute.type === 'string' && (INTEGER_TYPE.test(attribute.type) || FLOAT_TYPE.test(attribute.type) || attribute.type === 'str' || attribute.type === 'strz')) ? [] : typeof attribute.type === 'string' ? [attribute.type] : Object.values(attribute.type.cases || {});
      const enumSpec = attribute.enum === undefined ? null : enums[attribute.enum.split('::').pop()];
      fields[lowerCamel(attribute.id)] = {
        id: attribute.id,
        origId: attribute['-orig-id'] ?? null,
        doc: plain(attribute.doc),
        types: [...new Set(declared.map((type) => typeName(type, scope)))],
        enumNames: enumSpec === null || enumSpec === undefined ? null : Object.fromEntries(Object.entries(enumSpec).map(([value, spec]) => [value, typeof spec === 'string' ? spec : spec.id])),
      };
    }
    types[key] = { doc: plain(typeSpec.doc), docRef: typeSpec['doc-ref'] === undefined ? null : [].concat(typeSpec['doc-ref']).map(String), fields };
    for (const [typeId, nested] of Object.entries(typeSpec.types || {})) describe(`${key}.${upperCamel(typeId)}`, nested, scope, enumsOf(nested, enums));
  };
  for (const schemaId of schemaIds()) {
    const schema = readSchema(schemaId);
    const className = upperCamel(schemaId);
    describe(className, schema, { className, localTypes: new Set(Object.keys(schema.types || {})) }, enumsOf(schema, {}));
  }
  return types;
}

function fieldDocsFiles() {
  const header = '// Generated by scripts/generate.js from the docs of schemas/. Do not edit.';
  const js = [header, "'use strict';", `exports.FieldDocs = ${JSON.stringify(fieldDocs(), null, 1)};`, ''].join('\n');
  const dts = [
    header,
    '',
    '/** One field of a type, as its schema documents it. */',
    'export interface FieldDoc {',
    '  /** The schema\'s snake_case id. */',
    '  readonly id: string;',
    '  /** The C name in the writer\'s sources (-orig-id), when the schema gives one. */',
    '  readonly origId: string | null;',
    '  /** The schema\'s doc text. */',
    '  readonly doc: string | null;',
    '  /** The types (keys of FieldDocs) the field can hold: none for integers, strings and bytes; several for a switch. */',
    '  readonly types: readonly string[];',
    '  /** The names of the field\'s enum values, by value; null for a field without an enum. */',
    '  readonly enumNames: Readonly<Record<string, string>> | null;',
    '}',
    '',
    '/** One type (a schema or a type inside it) and its fields, by their parsers\' names, in seq order. */',
    'export interface TypeDoc {',
    '  /** The type\'s doc text. */',
    '  readonly doc: string | null;',
    '  /** Where the schema says the layout comes from. */',
    '  readonly docRef: readonly string[] | null;',
    '  /** The fields of its seq. */',
    '  readonly fields: Readonly<Record<string, FieldDoc>>;',
    '}',
    '',
    '/** Every type of every schema, keyed as the parsers name them (`VboxCpuState.Dbgfcorecpu`). */',
    'export declare const FieldDocs: Readonly<Record<string, TypeDoc>>;',
    '',
  ].join('\n');
  return { 'FieldDocs.js': js, 'FieldDocs.d.ts': dts };
}

async function generateJavaScript(outputDir) {
  fs.mkdirSync(outputDir, { recursive: true });
  const written = [];
  for (const [name, text] of Object.entries({ ...indexFiles(schemaIds().map(upperCamel)), ...fieldDocsFiles() })) {
    fs.writeFileSync(path.join(outputDir, name), text);
    written.push(name);
  }
  for (const schemaId of schemaIds()) {
    const schema = readSchema(schemaId);
    if (schema.meta.id !== schemaId) throw new Error(`schemas/${schemaId}.ksy: meta.id is ${schema.meta.id}`);
    const files = await compiler.compile('javascript', schema, importer, DEBUG_MODE);
    const className = upperCamel(schemaId);
    const parserFile = `${className}.js`;
    if (!(parserFile in files)) throw new Error(`compiler produced no ${parserFile} for ${schemaId}`);
    fs.writeFileSync(path.join(outputDir, parserFile), files[parserFile]);
    fs.writeFileSync(path.join(outputDir, `${className}.d.ts`), declarations(schema));
    written.push(parserFile, `${className}.d.ts`);
  }
  return written;
}

/** Every file under `folder`, as paths relative to it. */
function filesUnder(folder) {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true }).map(String).filter((name) => fs.statSync(path.join(folder, name)).isFile());
}

/** Whether a generated file belongs to a committed language (a folder per language besides JavaScript). */
function isCommitted(name) {
  const folder = name.split(path.sep)[0];
  return folder === name || COMMITTED_LANGUAGES.includes(folder);
}

function compareTrees(expectedDir, actualDir) {
  const differences = [];
  const expected = new Set(filesUnder(expectedDir));
  // `--lang go` output sits beside the committed parsers and is the user's own, not drift.
  const actual = new Set(filesUnder(actualDir).filter(isCommitted));
  for (const name of expected) {
    if (!actual.has(name)) differences.push(`missing in generated/: ${name}`);
    else if (!fs.readFileSync(path.join(expectedDir, name)).equals(fs.readFileSync(path.join(actualDir, name)))) {
      differences.push(`differs from a fresh generation: generated/${name}`);
    }
  }
  for (const name of actual) {
    if (!expected.has(name)) differences.push(`not produced by the schemas: generated/${name}`);
  }
  return differences;
}

async function main() {
  const check = process.argv.includes('--check');
  const languageIndex = process.argv.indexOf('--lang');
  const named = languageIndex >= 0 ? process.argv[languageIndex + 1].split(',') : COMMITTED_LANGUAGES;
  // `all`: every target of the compiler asked for (0.10 unless --compiler says otherwise).
  const languages = named.includes('all') ? COMPILERS[compilerVersion ?? '0.10']().languages : named;
  if (!check) {
    const written = await generateInto(generatedDir, languages, compilerVersion);
    const which = compilerVersion === null ? `kaitai-struct-compiler ${compiler.version} (javascript) / 0.10 (other languages)` : `kaitai-struct-compiler ${compilerVersion}`;
    console.log(`${which}: wrote ${written.length} files to ${path.relative(process.cwd(), generatedDir) || '.'}/ (${languages.join(', ')})`);
    return;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vboxcore-generate-'));
  try {
    await generateInto(scratch, COMMITTED_LANGUAGES);
    const differences = compareTrees(scratch, generatedDir);
    if (differences.length > 0) {
      for (const line of differences) console.error(line);
      console.error('generated/ is stale: run `npm run generate` and commit the result');
      process.exitCode = 1;
    } else {
      console.log('generated/ matches the schemas');
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`generate: ${error && error.message ? error.message : error}`);
  process.exitCode = 1;
});
