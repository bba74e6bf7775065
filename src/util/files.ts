/**
 * File writing the way sf's own files need it: atomic (temp file + rename in the same folder, so a reader never sees
 * half a file), with an explicit mode, and read-modify-write under the same `<file>.lock` folder lock that sf takes
 * with proper-lockfile, so concurrent logins (and sf itself) do not lose each other's entries.
 *
 * Links: reading follows them (a key.json linked from a mounted secret works), writing never does. A file is
 * replaced only when no symbolic link is at its path (lstat first; a link there is refused with a UserError), temp
 * files are opened O_EXCL | O_NOFOLLOW, and the rename that publishes one would replace a link that appeared in
 * between, never write through it. Every file system failure a user's machine can cause ends in one UserError that
 * names the path and the fix (messages: fs-errors.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';
import { type FsAction, danglingLink, fsErrorMessage, fsMessage, linkRefused } from './fs-errors.js';
import { claimLock, makeLock, releaseLock, takeOverDeadLock } from './lock-owner.js';

/** The one definition of the secret mode: sf state, the secret-file writer and keygen take it from here. */
export const SECRET_FILE_MODE = 0o600;
export const PLAIN_FILE_MODE = 0o644;

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Open flags for a new file: created here or not at all, and never through a link (O_NOFOLLOW is 0 on Windows). */
export const NEW_FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Runs `fn`; a file system failure on `path` becomes the UserError that names it and the fix. */
export function withFsErrors<T>(path: string, action: FsAction, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const message = err instanceof UserError ? undefined : fsErrorMessage(err, path, action);
    throw message ? new UserError(message) : err;
  }
}

/** The target of the symbolic link at `path`, or undefined when `path` is no link (or nothing). */
export function linkAt(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses to write where a symbolic link is: this login writes through no link and replaces none. */
export function refuseLink(path: string): void {
  const target = linkAt(path);
  if (target !== undefined) throw new UserError(linkRefused(path, target));
}

/**
 * Checks, creating nothing, that `dir` is a folder this process may write into, or one it can create: the nearest
 * existing folder on its path must be writable and searchable, and no file or dangling link may be in the way.
 * Throws the UserError for the first problem, so a login can stop before it writes anything.
 */
export function checkWritableFolder(dir: string): void {
  let existing = dir;
  let missing: string | undefined;
  while (!existsSync(existing)) {
    const target = linkAt(existing);
    if (target !== undefined) throw new UserError(danglingLink(existing, target));
    if (dirname(existing) === existing) return;
    missing = existing;
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) {
    throw new UserError(fsMessage(missing ? 'ENOTDIR' : 'EEXIST', dir, 'create the folder'));
  }
  withFsErrors(missing ?? existing, missing ? 'create the folder' : 'write into', () =>
    accessSync(existing, constants.W_OK | constants.X_OK)
  );
}

/**
 * Creates `path` exclusively (never through a link), writes and flushes `content`, and sets `mode` exactly (the
 * umask may have narrowed it; sf refuses a key.json that is not exactly 0600). A file half-written (a full disk) is
 * removed again: it was made here. Errors are Node's own.
 */
export function createNewFile(path: string, content: string | Uint8Array, mode: number): void {
  const fd = openSync(path, NEW_FILE_FLAGS, mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  chmodSync(path, mode);
}

function writeTemp(path: string, content: string | Uint8Array, mode: number): string {
  const temp = tempPath(path);
  withFsErrors(path, 'write', () => createNewFile(temp, content, mode));
  return temp;
}

export function writeFileAtomic(path: string, content: string | Uint8Array, mode: number): void {
  refuseLink(path);
  const temp = writeTemp(path, content, mode);
  try {
    withFsErrors(path, 'replace', () => renameSync(temp, path));
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Creates `path` atomically only if it does not exist yet. Returns false when another writer got there first. */
export function createFileExclusive(path: string, content: string, mode: number): boolean {
  refuseLink(path);
  const temp = writeTemp(path, content, mode);
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      // A link made in between is no file of another writer's.
      refuseLink(path);
      return false;
    }
    const message = fsErrorMessage(err, path, 'write');
    throw message ? new UserError(message) : err;
  } finally {
    unlinkSync(temp);
  }
}

/** A folder the user (and only the user) can read, write and search. */
export function ensurePrivateDir(path: string): void {
  withFsErrors(path, 'create the folder', () => mkdirSync(path, { recursive: true, mode: 0o700 }));
}

/**
 * The owner file beside a lock: temp file and rename like writeFileAtomic, but not flushed to disk (it matters only
 * while its writer lives), so the instant between taking a lock and naming its owner stays as short as it can.
 */
function writeOwnerFile(path: string, content: string): void {
  const temp = tempPath(path);
  const fd = openSync(temp, NEW_FILE_FLAGS, PLAIN_FILE_MODE);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
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

/**
 * Runs `fn` holding `<file>.lock` (the proper-lockfile convention sf uses), with an owner file beside it
 * (lock-owner.ts): a lock whose owner died is taken over at once, any other after 10 s without a touch.
 */
export async function withFileLock<T>(file: string, fn: () => T): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      makeLock(lock);
      claimLock(lock, writeOwnerFile);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (takeOverDeadLock(lock)) continue;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) {
          releaseLock(lock);
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
    releaseLock(lock);
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
    const target = code === 'ENOENT' ? linkAt(path) : undefined;
    // A dangling link is not "no file yet": writing the file would mean writing through (or over) the link.
    if (target !== undefined) throw new UserError(danglingLink(path, target));
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

/** What readUserFile adds to its messages, and the most it reads. */
export interface UserFileHints {
  /** Appended to the "no file" message. */
  missing?: string;
  /** Appended to the "not a file" message. */
  notFile?: string;
  /** A file larger than this is refused before it is read; the message says so with `tooLarge`. */
  maxBytes?: number;
  tooLarge?: string;
}

/**
 * Reads a text file the user named (a key, a certificate), with one clear message for each way that fails.
 * `what` names the input or flag; the hints are appended to the "missing", "not a file" and "too large" messages.
 */
export function readUserFile(path: string, what: string, hint: UserFileHints = {}): string {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    const target = linkAt(path);
    if (target !== undefined) throw new UserError(`${what}: ${danglingLink(path, target)}`);
    throw new UserError(`${what}: no file at "${path}".${hint.missing ? ` ${hint.missing}` : ''}`);
  }
  if (!stat.isFile()) throw new UserError(`${what}: "${path}" is not a file.${hint.notFile ? ` ${hint.notFile}` : ''}`);
  if (hint.maxBytes !== undefined && stat.size > hint.maxBytes) {
    throw new UserError(
      `${what}: "${path}" is ${stat.size} bytes, more than the ${hint.maxBytes} this input takes.` +
        `${hint.tooLarge ? ` ${hint.tooLarge}` : ''}`
    );
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`${what}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}
