/**
 * Shell completions and the man page, run by the shells themselves: bash completes commands,
 * options and option values; fish (Debian's, installed by `make system-deps`) the same through
 * `complete -C`; zsh parses its function. The man page's EXAMPLES run as written.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILT_CLI, cliProcess, scratchDirectory } from './helpers';

const scratch = scratchDirectory();
afterAll(() => scratch.cleanup());
const projectRoot = path.resolve(__dirname, '..');

function completionFile(shell: string): string {
  const result = cliProcess('completion', shell);
  expect(result.status).toBe(0);
  const file = scratch.path(`completion.${shell}`);
  fs.writeFileSync(file, result.stdout);
  return file;
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashOffers(words: string[]): string[] {
  const script = `source ${completionFile('bash')}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _vboxcore; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: projectRoot });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** What fish offers for a command line, without descriptions. */
function fishOffers(line: string): string[] {
  const result = spawnSync('fish', ['--no-config', '-c', `source ${completionFile('fish')}; complete -C ${JSON.stringify(line)}`], { encoding: 'utf8', cwd: projectRoot });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter((entry) => entry !== '').map((entry) => entry.split('\t')[0]);
}

test('bash completes commands, options, and the values of options that have a fixed list', () => {
  expect(bashOffers(['vboxcore', 'ex'])).toEqual(['export']);
  expect(bashOffers(['vboxcore', 'export', 'a.elf', 'b.raw', '--format', ''])).toEqual(['raw', 'lime', 'elf']);
  expect(bashOffers(['vboxcore', 'export', 'a.elf', 'b.raw', '--engine', 'n'])).toEqual(['native']);
  expect(bashOffers(['vboxcore', 'export', 'a.elf', '--hash-'])).toEqual(['--hash-output']);
  // After an option without a list, files again.
  expect(bashOffers(['vboxcore', 'info', 'samples/small-guest.e'])).toEqual(['samples/small-guest.elf']);
});

test('fish completes the same, with descriptions, from `vboxcore completion fish`', () => {
  expect(fishOffers('vboxcore exp')).toEqual(['export']);
  expect(fishOffers('vboxcore export a.elf b.raw --format ').sort()).toEqual(['elf', 'lime', 'raw']);
  expect(fishOffers('vboxcore export a.elf b.raw --eng')).toEqual(['--engine']);
  expect(fishOffers('vboxcore info samples/small-guest.e')).toEqual(['samples/small-guest.elf']);
  const described = spawnSync('fish', ['--no-config', '-c', `source ${completionFile('fish')}; complete -C 'vboxcore export a.elf b.raw --forma'`], { encoding: 'utf8' });
  expect(described.stdout).toBe('--format\traw, lime or elf\n');
});

test('zsh reads its completion function; another shell is refused by name', () => {
  expect(spawnSync('zsh', ['-n', completionFile('zsh')], { encoding: 'utf8' }).status).toBe(0);
  const refused = cliProcess('completion', 'tcsh');
  expect(refused.status).toBe(2);
  expect(refused.stderr).toBe('vboxcore: INVALID_ARGUMENT: completion for "tcsh": vboxcore writes completions for bash, zsh and fish\n');
});

test('the man page has ENVIRONMENT and EXAMPLES, and each example on the sample runs as written', () => {
  const page = fs.readFileSync(path.join(projectRoot, 'dist', 'man', 'vboxcore.1'), 'utf8');
  expect(page).toContain('.SH ENVIRONMENT\n.TP\n.B DISPLAY, WAYLAND_DISPLAY\n');
  const examples = page.slice(page.indexOf('.SH EXAMPLES'), page.indexOf('.SH SEE ALSO')).match(/^\.nf\n(.*)\n\.fi$/gm)!.map((block) => block.split('\n')[1].replace(/\\-/g, '-'));
  expect(examples.length).toBeGreaterThanOrEqual(5);
  const folder = scratch.path('examples');
  fs.mkdirSync(folder);
  fs.mkdirSync(path.join(folder, 'samples'));
  fs.copyFileSync(path.join(projectRoot, 'samples', 'small-guest.elf'), path.join(folder, 'samples', 'small-guest.elf'));
  // One needs a dump with a guest kernel (README's real guests have one); the others run here.
  for (const example of examples.filter((candidate) => candidate.includes('samples/') || candidate.includes('*.elf'))) {
    const command = example.replace(/^vboxcore /, `${JSON.stringify(process.execPath)} ${JSON.stringify(BUILT_CLI)} `).replace('*.elf', 'samples/*.elf');
    const result = spawnSync('sh', ['-c', command], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
    // validate exits 4 there: the sample has 640 KiB of RAM, not 4 GiB.
    expect({ example, status: result.status, stderr: result.stderr }).toEqual({ example, status: example.includes('ram>=4GiB') ? 4 : 0, stderr: '' });
  }
});
