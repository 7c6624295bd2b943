import { Command } from 'commander';
import { ProblemDefinition } from '../problems';

/**
 * The man page and the shell completions, made from the same command definitions as `--help`,
 * so that neither can drift from what the CLI takes.
 */

interface CommandFacts {
  readonly name: string;
  readonly description: string;
  readonly arguments: readonly string[];
  readonly options: readonly OptionFacts[];
}

interface OptionFacts {
  readonly flags: string;
  readonly long: string | null;
  readonly description: string;
  /** Whether the option takes a value (`--format <format>`). */
  readonly takesValue: boolean;
  /** The values it accepts, where they are a fixed list. */
  readonly choices: readonly string[] | null;
  /** Whether its value names a file (`<file>`). */
  readonly file: boolean;
}

function factsOf(program: Command): CommandFacts[] {
  return program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    arguments: command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}${argument.variadic ? '...' : ''}>` : `[${argument.name()}]`)),
    options: command.options.map((option) => ({
      flags: option.flags,
      long: option.long ?? null,
      description: option.description,
      takesValue: option.required || option.optional,
      choices: option.argChoices ?? null,
      file: /<(file|output)>/.test(option.flags),
    })),
  }));
}

/** roff text: backslashes and leading dots or quotes would be read as requests. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/^([.'])/gm, '\\&$1').replace(/-/g, '\\-');
}

/** What the environment changes (all of it also said in README). */
const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['DISPLAY, WAYLAND_DISPLAY', 'On Linux, view starts the desktop\'s browser with xdg-open only when one of them is set; otherwise it prints the address (as --no-open does).'],
  ['VBOXCORE_DEBUG', 'Set to 1, an internal error (exit 70, a bug) also prints its stack trace on standard error.'],
  ['CC, CXX', 'Only for npm rebuild vboxcore: the compiler node-gyp uses for the native copy engine.'],
];

/** Commands that show the common jobs, each one that runs as written on the bundled sample. */
const EXAMPLES: readonly (readonly [string, string])[] = [
  ['What a dump is: header, vCPUs, the guest kernel, every range with its kind.', 'vboxcore info samples/small-guest.elf'],
  ['Check dumps in a pipeline; exit 4 when an expectation is not met.', "vboxcore validate *.elf --expect cpus=2 --expect 'ram>=4GiB' --json"],
  ['The registers of vCPU 0, with the x87, SSE and AVX state.', 'vboxcore cpus samples/small-guest.elf --cpu 0'],
  ['A virtual address through vCPU 0\'s page tables, each level shown.', 'vboxcore vtop samples/small-guest.elf 0xffffffff81000000'],
  ['Guest RAM as a LiME image (Volatility 3 and others read it), with a SHA-256 record of the dump and the image beside it (guest.lime.sha256).', 'vboxcore export samples/small-guest.elf guest.lime --format lime --ranges ram --hash sha256 --hash-output'],
  ['A raw image (file offset = physical address) and a Volatility 3 configuration for it, for a dump whose guest kernel can be named.', 'vboxcore export guest.elf guest.raw --volatility-config guest.json'],
  ['Sixteen bytes of guest-physical memory as hex.', 'vboxcore read samples/small-guest.elf --paddr 0x1000 --length 16'],
];

/** vboxcore(1), in man(7) macros. */
export function manPage(program: Command, version: string, exitStatuses: readonly (readonly [string, string])[], problems: Readonly<Record<string, ProblemDefinition>>): string {
  const lines = [
    `.TH VBOXCORE 1 "" "vboxcore ${version}" "User Commands"`,
    '.SH NAME',
    `vboxcore \\- ${roff(program.description())}`,
    '.SH SYNOPSIS',
    '.B vboxcore',
    '.I command',
    '[\\fIoptions\\fR] \\fIdump\\fR ...',
    '.SH DESCRIPTION',
    roff('Reads VirtualBox guest core dumps (VBoxManage debugvm dumpvmcore) and QEMU guest cores (dump-guest-memory): their headers, notes and vCPU registers, guest-physical and guest-virtual memory; validates them, and exports their memory as raw, LiME or ELF. Every command takes --json, which prints the same facts as data.'),
    '.SH COMMANDS',
  ];
  for (const command of factsOf(program)) {
    lines.push('.TP', `.B ${command.name} ${roff(command.arguments.join(' '))}`, roff(command.description));
    for (const option of command.options) lines.push('.RS', '.TP', `.B ${roff(option.flags)}`, roff(option.description), '.RE');
  }
  lines.push('.SH EXIT STATUS');
  for (const [status, meaning] of exitStatuses) lines.push('.TP', `.B ${status}`, roff(meaning));
  lines.push('.SH DIAGNOSTICS', roff('Errors are one line on standard error, vboxcore: CODE: message (a JSON document with --json). The codes are stable:'));
  for (const [code, definition] of Object.entries(problems)) lines.push('.TP', `.B ${roff(code)}`, roff(`(${definition.severity}, exit ${definition.exitStatus}) ${definition.meaning} ${definition.remedy}`));
  lines.push('.SH ENVIRONMENT');
  for (const [name, meaning] of ENVIRONMENT) lines.push('.TP', `.B ${name}`, roff(meaning));
  lines.push('.SH EXAMPLES');
  for (const [what, command] of EXAMPLES) lines.push(roff(what), '.PP', '.RS', '.nf', roff(command), '.fi', '.RE', '.PP');
  lines.push('.SH SEE ALSO', roff('The README of the package, and `vboxcore <command> --help`.'), '');
  return lines.join('\n');
}

/** Each option with a fixed list of values, as `command:--option` and the values. */
function optionValues(commands: readonly CommandFacts[]): { key: string; values: readonly string[] }[] {
  return commands.flatMap((command) => command.options.filter((option) => option.long !== null && option.choices !== null).map((option) => ({ key: `${command.name}:${option.long}`, values: option.choices! })));
}

/** A bash completion script: commands, then each command's options and their values, then file names. */
export function bashCompletion(program: Command): string {
  const commands = factsOf(program);
  const cases = commands.map((command) => `    ${command.name}) options="${command.options.map((option) => option.long).filter((long) => long !== null).join(' ')}" ;;`).join('\n');
  const valueCases = optionValues(commands).map(({ key, values }) => `    ${key}) COMPREPLY=( $(compgen -W "${values.join(' ')}" -- "$current") ); return ;;`).join('\n');
  return `# bash completion for vboxcore: source this file, or put it in ~/.local/share/bash-completion/completions/vboxcore
_vboxcore() {
  local current=\${COMP_WORDS[COMP_CWORD]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((command) => command.name).join(' ')} help" -- "$current") )
    return
  fi
  case "\${COMP_WORDS[1]}:\${COMP_WORDS[COMP_CWORD-1]}" in
${valueCases}
  esac
  local options=""
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$current" == -* ]]; then
    COMPREPLY=( $(compgen -W "$options --help" -- "$current") )
  else
    COMPREPLY=( $(compgen -f -- "$current") )
  fi
}
complete -o filenames -F _vboxcore vboxcore
`;
}

/** A zsh completion function, in zsh's own terms. */
export function zshCompletion(program: Command): string {
  const commands = factsOf(program);
  const describe = (text: string): string => text.replace(/'/g, "'\\''").replace(/:/g, '\\:');
  // An option's value: its fixed list, a file, or anything.
  const value = (option: OptionFacts): string => (!option.takesValue ? '' : option.choices !== null ? `:value:(${option.choices.join(' ')})` : option.file ? ':file:_files' : ':value: ');
  const cases = commands
    .map((command) => `    ${command.name}) _arguments ${command.options.filter((option) => option.long !== null).map((option) => `'${option.long}[${describe(option.description).replace(/[[\]]/g, '')}]${value(option)}'`).join(' ')} '*:file:_files' ;;`)
    .join('\n');
  return `#compdef vboxcore
# zsh completion for vboxcore: put it on $fpath as _vboxcore
_vboxcore() {
  if (( CURRENT == 2 )); then
    local -a commands
    commands=(${commands.map((command) => `'${command.name}:${describe(command.description)}'`).join(' ')})
    _describe 'command' commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
_vboxcore "$@"
`;
}

/** A fish completion file, in fish's own terms: commands, each command's options, their values. */
export function fishCompletion(program: Command): string {
  const commands = factsOf(program);
  const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = [
    '# fish completion for vboxcore: save as ~/.config/fish/completions/vboxcore.fish',
    'complete -c vboxcore -f',
    `complete -c vboxcore -n __fish_use_subcommand -a help -d ${quote('Show help for a command')}`,
    ...commands.map((command) => `complete -c vboxcore -n __fish_use_subcommand -a ${command.name} -d ${quote(command.description)}`),
  ];
  for (const command of commands) {
    const when = `-n ${quote(`__fish_seen_subcommand_from ${command.name}`)}`;
    // Arguments are files (dumps, outputs), except where the command says otherwise.
    if (command.arguments.length > 0) lines.push(`complete -c vboxcore ${when} -F`);
    for (const option of command.options.filter((candidate) => candidate.long !== null)) {
      const values = option.choices !== null ? ` -x -a ${quote(option.choices.join(' '))}` : option.file ? ' -r -F' : option.takesValue ? ' -x' : '';
      lines.push(`complete -c vboxcore ${when} -l ${option.long!.slice(2)}${values} -d ${quote(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
