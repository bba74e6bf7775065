/**
 * What every command of the command line shares: its shape (an option table, help, a run function), the terminal
 * it talks to, and the environment variables the commands read.
 */
import type { HelpText, OptionRow, Values } from './options.js';
import { UserError } from '../util/errors.js';
import { UsageError } from './options.js';

/** Environment variables the commands read. */
export const ENV = {
  passphrase: 'SF_JWT_KEY_PASSPHRASE',
  key: 'SF_JWT_KEY',
  keyDir: 'SF_JWT_LOGIN_KEY_DIR'
} as const;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command<N extends string = string> {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  help: HelpText;
  options: OptionRow<N>[];
  /** Runs with the parsed options; resolves to the exit code. */
  run: (values: Values<N>, io: Io) => Promise<number>;
}

/** The command with its option names checked against its table. */
export function command<const N extends string>(definition: Command<N>): Command<N> {
  return definition;
}

/** Runs `fn`, turning its UserError into wrong use (exit 2); `prefix` names the option when the message does not. */
export function asUsage<T>(fn: () => T, prefix?: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UserError && !(err instanceof UsageError)) {
      throw new UsageError(prefix ? `${prefix}: ${err.message}` : err.message);
    }
    throw err;
  }
}
