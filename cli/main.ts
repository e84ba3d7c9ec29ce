// The `fast` CLI: commander front end over the same shared/ engine the web app uses.
// Exit codes: 0 success, 2 bad input (flags, files, values; one line naming the problem), 1 internal error.
import { Command, CommanderError } from 'commander';
import { ChecksFailed, UsageError, type Io } from './errors';
import { scalesimCommand } from './commands/scalesim';
import { hardwareCommand } from './commands/hardware';
import { simulateCommand } from './commands/simulate';
import { ablationCommand } from './commands/ablation';
import { roiCommand } from './commands/roi';
import { reproduceCommand } from './commands/reproduce';
import { workloadsCommand } from './commands/workloads';
import { importCommand } from './commands/import';
import { searchCommand } from './commands/search';
import { workerCommand } from './commands/worker';
import { compareAlgorithmsCommand } from './commands/compare-algorithms';
import { validateCommand } from './commands/validate';
import { sensitivityCommand } from './commands/sensitivity';

export const VERSION = '0.1.0';

function buildProgram(io: Io): Command {
  const program = new Command('fast')
    .description('FAST Explorer: full-stack accelerator search (FAST, ASPLOS 2022) from the command line')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} })
    .exitOverride();
  for (const make of [scalesimCommand, hardwareCommand, workloadsCommand, importCommand, simulateCommand, ablationCommand, roiCommand, reproduceCommand, searchCommand, workerCommand, compareAlgorithmsCommand, validateCommand, sensitivityCommand]) {
    program.addCommand(make(io).exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} }));
  }
  return program;
}

/**
 * A message as one line: line breaks and other control characters (which user input may carry into a message,
 * e.g. a flag value with a newline) are escaped, and a very long message keeps its start and its end.
 */
export function oneLine(message: string, max = 1500): string {
  const s = message.replace(/\r\n|[\u0000-\u001f\u007f]/g, (c) => (c === '\r\n' || c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return s.length > max ? `${s.slice(0, max - 403)} … ${s.slice(-400)}` : s;
}

const stdio: Io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

/** Run the CLI on `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) { io.out(program.helpInformation()); return 0; }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      io.err(`fast: ${oneLine(e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '))}\n`);
      return 2;
    }
    if (e instanceof UsageError) { io.err(`fast: ${oneLine(e.message)}\n`); return 2; }
    if (e instanceof ChecksFailed) { io.err(`fast: ${oneLine(e.message)}\n`); return 1; }
    io.err(`fast: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
