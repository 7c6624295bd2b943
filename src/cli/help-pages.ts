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
  readonly options: readonly { readonly flags: string; readonly long: string | null; readonly description: string }[];
}

function factsOf(program: Command): CommandFacts[] {
  return program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    arguments: command.registeredArguments.map((argument) => (argument.required ? `<${argument.name()}${argument.variadic ? '...' : ''}>` : `[${argument.name()}]`)),
    options: command.options.map((option) => ({ flags: option.flags, long: option.long ?? null, description: option.description })),
  }));
}

/** roff text: backslashes and leading dots or quotes would be read as requests. */
function roff(text: string): string {
  return text.replace(/\\/g, '\\e').replace(/^([.'])/gm, '\\&$1').replace(/-/g, '\\-');
}

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
  lines.push('.SH SEE ALSO', roff('The README of the package, and `vboxcore <command> --help`.'), '');
  return lines.join('\n');
}

/** A bash completion script: commands, then each command's options, then file names. */
export function bashCompletion(program: Command): string {
  const commands = factsOf(program);
  const cases = commands.map((command) => `    ${command.name}) options="${command.options.map((option) => option.long).filter((long) => long !== null).join(' ')}" ;;`).join('\n');
  return `# bash completion for vboxcore: source this file, or put it in ~/.local/share/bash-completion/completions/vboxcore
_vboxcore() {
  local current=\${COMP_WORDS[COMP_CWORD]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((command) => command.name).join(' ')} help" -- "$current") )
    return
  fi
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
  const cases = commands
    .map((command) => `    ${command.name}) _arguments ${command.options.filter((option) => option.long !== null).map((option) => `'${option.long}[${describe(option.description).replace(/[[\]]/g, '')}]'`).join(' ')} '*:file:_files' ;;`)
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
