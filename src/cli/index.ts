#!/usr/bin/env node
/**
 * The command line's entry, `sf-jwt-login <command>` (run as `npx --yes @sf-jwt-login/cli`), on the same modules as
 * the action. One file per command (keygen, check, login); this one dispatches, prints the help and errors, and
 * sets the exit code.
 *
 * Exit codes: 0 success, 1 failure (login failed, check failed, bad input, a Node.js older than 22), 2 wrong usage
 * (unknown option, missing required option). Failures print one line `error: <message>` to stderr, never a stack trace, never a secret.
 */
// First: on a Node.js older than the command line supports, this import prints one line and exits.
import './node-version.js';
import { CLI_NAME } from '../util/cli-command.js';
import { UserError, describeFailure } from '../util/errors.js';
import { oneLine, terminalLines } from '../util/text.js';
import { check } from './check.js';
import type { Command, Io } from './command.js';
import { keygen } from './keygen.js';
import { loginCommand } from './login.js';
import { UsageError, helpText, parseOptions } from './options.js';

const COMMANDS: Command[] = [keygen, check, loginCommand];

const WHAT = 'log into Salesforce with the OAuth 2.0 JWT bearer flow, and make the key and certificate it needs';
const HELP = `${CLI_NAME}: ${WHAT}.

Usage: ${CLI_NAME} <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run \`${CLI_NAME} <command> --help\` for a command's options.
Exit codes: 0 success, 1 failure, 2 wrong usage.`;

const commandHelp = (c: Command): string => helpText(c.name, c.options, c.help);

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const find = (n: string | undefined) => COMMANDS.find((c) => c.name === n);
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? find(rest[0]) : undefined;
    io.out(topic ? commandHelp(topic) : HELP);
    return 0;
  }
  const command = find(name);
  const json = rest.includes('--json');
  try {
    if (!command) {
      const names = COMMANDS.map((c) => c.name).join(', ');
      throw new UsageError(`unknown command "${name}"; the commands are ${names} (see ${CLI_NAME} --help).`);
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run(parseOptions(command.name, command.options, rest), io);
  } catch (err) {
    const failure = describeFailure(err);
    // One line, whatever the message quotes.
    io.err(`error: ${oneLine(failure.message)}`);
    if (failure.stack && io.env.SF_JWT_LOGIN_DEBUG) io.err(failure.stack);
    const kind = err instanceof UserError ? 'UserError' : 'Error';
    if (json && command) io.out(JSON.stringify({ status: 1, name: kind, message: failure.message }));
    return err instanceof UsageError ? 2 : 1;
  }
}

// The terminal sinks: every line escaped (src/util/text.ts), so no input or server text can move the cursor, set a
// title or forge a line; the line breaks in what the commands compose (help, reports, JSON) are kept.
const io: Io = {
  out: (text) => process.stdout.write(`${terminalLines(text)}\n`),
  err: (text) => process.stderr.write(`${terminalLines(text)}\n`),
  env: process.env,
  cwd: process.cwd()
};
process.exitCode = await main(process.argv.slice(2), io);
