/**
 * The README's shell sessions and code examples, as data: each `$ command` with the output the
 * README shows under it, and the fenced code of a given language. The package test runs them
 * against the installed package and compares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReadmeCommand {
  /** The command line after `$ `. */
  readonly command: string;
  /** The lines the README shows under it, up to the next command or the end of the block. */
  readonly output: readonly string[];
}

const readmePath = path.resolve(__dirname, '..', 'README.md');

/** Every fenced block of the README, with its info string (`sh`, `ts`, '' for a bare fence). */
function fencedBlocks(): { info: string; lines: string[] }[] {
  const blocks: { info: string; lines: string[] }[] = [];
  let current: { info: string; lines: string[] } | null = null;
  for (const line of fs.readFileSync(readmePath, 'utf8').split('\n')) {
    if (current === null) {
      if (line.startsWith('```')) current = { info: line.slice(3).trim(), lines: [] };
    } else if (line === '```') {
      blocks.push(current);
      current = null;
    } else {
      current.lines.push(line);
    }
  }
  return blocks;
}

/** The shell sessions: bare fences whose lines start with `$ `, in README order. */
export function readmeCommands(): ReadmeCommand[] {
  const commands: { command: string; output: string[] }[] = [];
  for (const block of fencedBlocks().filter((candidate) => candidate.info === '' && candidate.lines.some((line) => line.startsWith('$ ')))) {
    for (const line of block.lines) {
      if (line.startsWith('$ ')) commands.push({ command: line.slice(2), output: [] });
      else commands[commands.length - 1]?.output.push(line);
    }
  }
  return commands;
}

/** The code of every fenced block of one language (`ts`, `python`). */
export function readmeCode(language: string): string[] {
  return fencedBlocks().filter((block) => block.info === language).map((block) => block.lines.join('\n'));
}
