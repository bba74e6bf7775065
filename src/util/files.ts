/**
 * File writing the way sf's own files need it: atomic (temp file + rename in the same folder, so a reader never sees
 * half a file), with an explicit mode, and read-modify-write under the same `<file>.lock` folder lock that sf takes
 * with proper-lockfile, so concurrent logins (and sf itself) do not lose each other's entries.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';
import { SECRET_FILE_MODE } from './secret-file.js';

// One definition of the secret mode, the secret-file writer's; sf state and keygen take it from here too.
export { SECRET_FILE_MODE };
export const PLAIN_FILE_MODE = 0o644;

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeTemp(path: string, content: string, mode: number): string {
  const temp = tempPath(path);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The umask may have narrowed the mode; make it exact (sf refuses a key.json that is not exactly 0600).
  chmodSync(temp, mode);
  return temp;
}

export function writeFileAtomic(path: string, content: string, mode: number): void {
  const temp = writeTemp(path, content, mode);
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Creates `path` atomically only if it does not exist yet. Returns false when another writer got there first. */
export function createFileExclusive(path: string, content: string, mode: number): boolean {
  const temp = writeTemp(path, content, mode);
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/** A folder the user (and only the user) can read, write and search. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 30_000;

const lockedTooLong = (file: string, lock: string): string =>
  `${file} has been locked by another process for ${LOCK_WAIT_MS / 1000} s; ` +
  `if no sf command is running, remove ${lock}.`;
const unreadable = (path: string, code: string | undefined): string =>
  `Cannot read ${path} (${code}); fix its permissions, or remove it if it is not needed. It was left unchanged.`;
const notAJsonObject = (path: string): string =>
  `${path} is not a valid JSON object, so it was left unchanged and nothing was written to it. ` +
  'Fix or remove it, then run again.';

/** Runs `fn` holding `<file>.lock` (the proper-lockfile convention sf uses). */
export async function withFileLock<T>(file: string, fn: () => T): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue; // released between our mkdir and stat
      }
      if (Date.now() > deadline) {
        throw new UserError(lockedTooLong(file, lock));
      }
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Reads a JSON object file that may not exist yet. A file that exists but cannot be read or parsed is the user's:
 * never overwrite it, fail and say which file.
 */
export function readJsonObject(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(unreadable(path, code));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(notAJsonObject(path));
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a text file the user named (a key, a certificate), with one clear message for each way that fails.
 * `what` names the input or flag; `hint` is appended to the "missing" and "not a file" messages.
 */
export function readUserFile(path: string, what: string, hint: { missing?: string; notFile?: string } = {}): string {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`${what}: no file at "${path}".${hint.missing ? ` ${hint.missing}` : ''}`);
  }
  if (!stat.isFile()) throw new UserError(`${what}: "${path}" is not a file.${hint.notFile ? ` ${hint.notFile}` : ''}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`${what}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}
