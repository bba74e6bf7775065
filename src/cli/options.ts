/**
 * The command line's option tables: each command is a list of rows (name, type, the login field it sets, help,
 * default), and both the parser (node:util parseArgs) and the `--help` text are made from the rows. A new flag is
 * one row. Wrong use (an unknown option, a missing value, a missing required option) is a one-line UsageError.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LoginField, NameOf } from '../login/inputs.js';
import type { Given } from '../login/validate.js';
import { CLI_NAME } from '../util/cli-command.js';
import { UserError } from '../util/errors.js';

/** Wrong use of the command line: exit code 2. */
export class UsageError extends UserError {}

export type OptionValue = string | boolean | string[] | undefined;

export interface OptionRow<N extends string = string> {
  /** The long name, without "--". */
  name: N;
  short?: string;
  /** `multiple`: a string option that may be repeated. */
  type: 'string' | 'boolean' | 'multiple';
  /** Other long names for the same option; giving two of them with different values is wrong use. */
  aliases?: string[];
  /** The value's placeholder in the help, e.g. "<file>". */
  arg?: string;
  /** The login field it sets: the same setting as that field's action input. */
  field?: LoginField;
  /** Wrong use when missing; a string says what the option is ("the certificate (server.crt)"). */
  required?: true | string;
  /** One line; for a switch that defaults to true, what its --no- form does. */
  help: string;
  /** The value when not given (login fields: the constant action.yml's default is held to). */
  default?: string | number | boolean;
}

export type Values<N extends string = string> = Record<N, OptionValue>;

/** A table whose option names TypeScript knows, so `values['no-such-option']` does not compile. */
export function optionTable<const N extends string>(rows: OptionRow<N>[]): OptionRow<N>[] {
  return rows;
}

/** The text of a string option; undefined when not given. */
export const text = (value: OptionValue): string | undefined => (typeof value === 'string' ? value : undefined);

/** The end of every usage error: where to read how the command is used. */
export const seeHelp = (command: string): string => `see ${CLI_NAME} ${command} --help.`;

/** Parses `args` by the table; defaults applied, aliases folded into their row's name. */
export function parseOptions<N extends string>(command: string, rows: OptionRow<N>[], args: string[]): Values<N> {
  const parsed = runParseArgs(command, rows, args);
  const values = {} as Values<N>;
  for (const row of rows) {
    const given = [row.name, ...(row.aliases ?? [])].filter((name) => parsed[name] !== undefined);
    const [first, other] = given;
    if (other !== undefined && String(parsed[first]) !== String(parsed[other])) {
      throw new UsageError(`--${first} and --${other} are the same option; give it once.`);
    }
    const value = first === undefined ? undefined : parsed[first];
    values[row.name] = value ?? (typeof row.default === 'number' ? String(row.default) : row.default);
    if (row.required && values[row.name] === undefined) {
      const what = typeof row.required === 'string' ? ` ${row.arg ?? ''}, ${row.required}` : '';
      throw new UsageError(`${command} needs --${row.name}${what}; ${seeHelp(command)}`);
    }
  }
  return values;
}

/** parseArgs with its errors turned into one-line usage errors that name the command. */
function runParseArgs(command: string, rows: OptionRow[], args: string[]): Record<string, OptionValue> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const row of rows) {
    const type = row.type === 'boolean' ? 'boolean' : 'string';
    const multiple = row.type === 'multiple';
    options[row.name] = { type, multiple, ...(row.short ? { short: row.short } : {}) };
    for (const alias of row.aliases ?? []) options[alias] = { type, multiple };
  }
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, allowNegative: true });
    if (positionals.length) {
      throw new UsageError(
        `${command} takes no arguments besides options (got "${positionals[0]}"); ${seeHelp(command)}`
      );
    }
    return values as Record<string, OptionValue>;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UsageError(`${parseArgsProblem(command, err as NodeJS.ErrnoException)}; ${seeHelp(command)}`);
  }
}

/** parseArgs's complaint in our words: "keygen has no option --bogus", "--days needs a value". */
function parseArgsProblem(command: string, err: NodeJS.ErrnoException): string {
  const option = /'(-[^', ]+)/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${command} has no option ${option ?? err.message}`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `${option} ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'}`;
  }
  return err.message.split('. ')[0];
}

/** The flag a user types for each login field the table sets: field → "--name". */
export function flagsOf(rows: OptionRow[]): Partial<Record<LoginField, string>> {
  const flags: Partial<Record<LoginField, string>> = {};
  for (const row of rows) if (row.field) flags[row.field] = `--${row.name}`;
  return flags;
}

/** A NameOf from the table's flags, with `overrides` for fields that also come from elsewhere (the environment). */
export function namesFrom(rows: OptionRow[], overrides: Partial<Record<LoginField, string>> = {}): NameOf {
  const names = { ...flagsOf(rows), ...overrides };
  return (field) => {
    const name = names[field];
    if (name === undefined) throw new Error(`the command line has no option for the login field ${field}`);
    return name;
  };
}

/** The value each login field was given, by the table's `field` column (a repeated option: its last value). */
export function fieldValues<N extends string>(
  rows: OptionRow<N>[],
  values: Values<N>
): Partial<Record<LoginField, Given>> {
  const given: Partial<Record<LoginField, Given>> = {};
  for (const row of rows) {
    const value = values[row.name];
    if (row.field) given[row.field] = Array.isArray(value) ? value.at(-1) : value;
  }
  return given;
}

export interface HelpText {
  /** After "Usage: sf-jwt-login <command> ". */
  usage: string;
  /** What the command does; filled to the terminal width like the footer. */
  about: string;
  footer?: string;
}

const WIDTH = 118;
const HELP_ROW: OptionRow = { name: 'help', short: 'h', type: 'boolean', help: 'show this help' };

/** A command's --help: usage, what it does, one line per option of the table (wrapped), and a footer. */
export function helpText(command: string, rows: OptionRow[], text: HelpText): string {
  const lines = [...rows, HELP_ROW].map((row) => [optionColumn(row), describe(row)] as const);
  const column = Math.min(Math.max(...lines.map(([left]) => left.length)) + 2, 46);
  // A left column wider than the cap still gets two spaces before its help.
  const options = lines.map(([left, right]) => fill(right, left.padEnd(column).padEnd(left.length + 2), column));
  return [`Usage: ${CLI_NAME} ${command} ${text.usage}`, '', fill(text.about), '', 'Options:', ...options]
    .concat(text.footer ? ['', fill(text.footer)] : [])
    .join('\n');
}

function optionColumn(row: OptionRow): string {
  const negated = row.type === 'boolean' && row.default === true;
  const name = `--${negated ? 'no-' : ''}${row.name}${row.arg ? ` ${row.arg}` : ''}`;
  return `  ${row.short ? `-${row.short}, ` : '    '}${name}`;
}

function describe(row: OptionRow): string {
  const shown = row.type !== 'boolean' && row.default !== undefined ? ` (default ${row.default})` : '';
  const aliases = row.aliases?.length ? ` (alias ${row.aliases.map((a) => `--${a}`).join(', ')})` : '';
  return `${row.help}${shown}${aliases}`;
}

/** `text` word-wrapped at WIDTH after `start`; continuation lines are indented by `indent` spaces. */
function fill(text: string, start = '', indent = 0): string {
  const lines: string[] = [];
  let line = start;
  for (const word of text.split(' ')) {
    if (line.length > indent && line.length + 1 + word.length > WIDTH) {
      lines.push(line.trimEnd());
      line = ' '.repeat(indent);
    }
    line += line.length > indent && !line.endsWith(' ') ? ` ${word}` : word;
  }
  return [...lines, line].join('\n');
}
