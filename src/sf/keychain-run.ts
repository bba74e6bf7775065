/**
 * How the key-store modules run the OS credential programs (secret-tool, /usr/bin/security): execFile, no shell, a
 * timeout, and input on stdin, so a key never sits on a command line that `ps` shows. The runner is injectable so
 * the command lines can be tested anywhere. Also the names every store shares with @salesforce/core.
 */
import { UserError } from '../util/errors.js';
import { cryptoVersion } from './crypto.js';

/** core lib/crypto/crypto.js:86-87: the key is stored under service "sfdx", account "local", in every store. */
export const SF_KEY_SERVICE = 'sfdx';
export const SF_KEY_ACCOUNT = 'local';

/**
 * A keyring may show an unlock or "allow access" dialog and wait for the user; on a machine with no one to answer,
 * the programs fail at once. Two minutes leaves time to type a password and still ends a hung call.
 */
export const KEY_STORE_TIMEOUT_MS = 120_000;

export interface RunResult {
  /** Exit code; null when the program did not run to an exit (see `failure`). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** missing: no such program; timeout: killed after the timeout; error: could not be run or was killed. */
  failure?: 'missing' | 'timeout' | 'error';
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs: number;
}

export type Runner = (program: string, args: string[], options: RunOptions) => Promise<RunResult>;

/** What every store operation gets: the environment sf runs in, how to run programs, and the timeout. */
export interface StoreIo {
  env: NodeJS.ProcessEnv;
  run: Runner;
  timeoutMs: number;
}

export const runProgram: Runner = async (program, args, { env, input, timeoutMs }) => {
  // Loaded only here: a login that keeps sf's key in key.json (every action run) never pays for child_process.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = execFile(
      program,
      args,
      { env, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, encoding: 'utf8', maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string };
        if (e.code === 'ENOENT') return resolve({ code: null, stdout, stderr, failure: 'missing' });
        if (e.killed || e.signal)
          return resolve({ code: null, stdout, stderr, failure: e.killed ? 'timeout' : 'error' });
        if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
        resolve({ code: null, stdout, stderr: stderr || e.message, failure: 'error' });
      }
    );
    // Like core, always close stdin, so a program that reads it never waits for a terminal.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
};

/**
 * A program's own words for a message: control characters out (they could rewrite the terminal), the key out
 * (a program may echo what it was given), and short.
 */
export function programSaid(text: string, key?: string): string {
  let said = text;
  if (key) said = said.split(key).join('<key>');
  said = said
    .replace(/[\0-\x1f\x7f-\x9f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return said.length > 300 ? `${said.slice(0, 300)}...` : said || '(no output)';
}

/** A value read from a store must be a key sf can use (32 or 64 hex characters), or we stop before using it. */
export function checkedKey(value: string, where: string): string {
  if (cryptoVersion(value)) return value;
  throw new UserError(
    `${where} holds no sf key (32 or 64 hex characters); it was left unchanged. sf cannot decrypt with it either.`
  );
}

export function failureText(r: RunResult, program: string, timeoutMs: number): string {
  if (r.failure === 'missing') return `${program} was not found`;
  if (r.failure === 'timeout') return `${program} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  return `${program} failed (${r.code === null ? 'did not exit normally' : `exit ${r.code}`})`;
}

/** A keyring that cannot be used: why we use it, what the program said, its fix, the way out, and that we stopped. */
export function keyringError(why: string, program: string, r: RunResult, io: StoreIo, fix: string, key?: string) {
  const said = programSaid(r.stderr || r.stdout, key);
  const text = `${why}, but ${failureText(r, program, io.timeoutMs)}: ${said}.`;
  return new UserError([text, fix, USE_KEY_FILE_FIX, 'Nothing was written.'].filter(Boolean).join(' '));
}

/** The way out every key-store failure offers: both sf and this command on ~/.sfdx/key.json. */
export const USE_KEY_FILE_FIX =
  'Or make sf and this command both keep the key in ~/.sfdx/key.json: set SF_USE_GENERIC_UNIX_KEYCHAIN=true ' +
  'in the environment of both (for example in your shell profile) and run this command again.';

/**
 * One OS keyring, as the shared read-or-create logic (keychain.ts) drives it. Every method throws a UserError
 * with the fix when the keyring cannot be used.
 */
export interface KeyringBackend {
  /** Where the key is, for messages. */
  entry: string;
  /** The shell command a user runs to take the entry out by hand. */
  manualRemove: string;
  /** The key, or undefined when the keyring says it holds none. */
  read(program: string, io: StoreIo): Promise<string | undefined>;
  /** Checks to make before a new key is stored (that "none" really is none). */
  beforeCreate(program: string, io: StoreIo): Promise<void>;
  /** Stores `key`; returns what the program said, for the message when the read-back then finds nothing. */
  write(program: string, key: string, io: StoreIo): Promise<RunResult>;
  erase(program: string, io: StoreIo): Promise<RunResult>;
}
