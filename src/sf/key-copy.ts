/**
 * The copy of the (decrypted) private key that sf re-reads whenever it refreshes the token, so it must outlive the
 * login (folder 0700, file 0600 or the Windows ACL), in one of two layouts under a base folder the caller chooses:
 * - the action's, `<RUNNER_TEMP>/sf-jwt-login-<uuid>/server.key`: a new folder per step, which the post step removes
 *   (src/action/private-dir.ts owns it); isKeyCopyPath recognises it (and the command line's copies of earlier
 *   versions, which used it too, so it can remove them);
 * - the command line's, `<base>/<username>/server.key` (userKeyCopySlot): one copy per user that lasts, replaced
 *   atomically by each login and put back as it was when a login fails; isUserKeyCopyPath recognises it.
 */
import { randomUUID } from 'node:crypto';
import { lstatSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { ensurePrivateDir } from '../util/files.js';
import { writeSecretFile } from '../util/secret-file.js';

export const KEY_COPY_FILE = 'server.key';
const DIR_PREFIX = 'sf-jwt-login-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where, under the home folder, key copies that must outlast a job are kept: the command line's, and the action's
 * with `cleanup: false` (RUNNER_TEMP is emptied after each job, and the state left for later jobs refreshes with it).
 */
export const HOME_KEY_DIR = ['.sf', 'sf-jwt-login'] as const;
export const homeKeyBase = (home: string): string => join(home, ...HOME_KEY_DIR);

/** Whether `dir` is a private folder keyCopyDir made under `base`: `<base>/sf-jwt-login-<uuid>`. */
export const isKeyCopyDir = (dir: string, base: string): boolean => isKeyCopyPath(join(dir, KEY_COPY_FILE), base);

/** A new private folder for one login: `<base>/sf-jwt-login-<uuid>` (base: RUNNER_TEMP, else the temp folder). */
export function keyCopyDir(base: string | undefined): string {
  return join(base || tmpdir(), `${DIR_PREFIX}${randomUUID()}`);
}

/** Whether `path` is a key copy this module made under `base`: `<base>/sf-jwt-login-<uuid>/server.key`. */
export function isKeyCopyPath(path: string, base: string): boolean {
  const parts = relative(resolve(base), resolve(path)).split(sep);
  return (
    parts.length === 2 &&
    parts[0].startsWith(DIR_PREFIX) &&
    UUID.test(parts[0].slice(DIR_PREFIX.length)) &&
    parts[1] === KEY_COPY_FILE
  );
}

/**
 * Writes the key copy into `dir` (created 0700 if missing) and returns its path. A copy already there is an error,
 * unless `replace`: then it is swapped for the new one atomically.
 */
export async function writeKeyCopy(
  dir: string,
  pkcs8Pem: string,
  options: { replace?: boolean } = {}
): Promise<string> {
  ensurePrivateDir(dir);
  const path = join(dir, KEY_COPY_FILE);
  await writeSecretFile(path, pkcs8Pem, { replace: options.replace });
  return path;
}

/**
 * A user's folder name: the username in lower case (Salesforce usernames ignore case, and so do the file systems
 * of macOS and Windows), every character but letters, digits and . _ @ + - as %XX, so no two users share one.
 * Usernames are validated before (no / \ .. or control characters), so this is defence in depth.
 */
export function userFolderName(username: string): string {
  return [...username.toLowerCase()]
    .map((c) => (/^[a-z0-9._@+-]$/.test(c) ? c : encodeURIComponent(c).replace(/[!'()*~]/g, hexOf)))
    .join('');
}
const hexOf = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** Whether `path` is a command-line key copy under `base`: `<base>/<user folder>/server.key`. */
export function isUserKeyCopyPath(path: string, base: string): boolean {
  const parts = relative(resolve(base), resolve(path)).split(sep);
  return (
    parts.length === 2 && parts[0].includes('@') && userFolderName(parts[0]) === parts[0] && parts[1] === KEY_COPY_FILE
  );
}

/** A user's key copy as a login is about to replace it, and the way back if that login fails. */
export interface KeyCopySlot {
  dir: string;
  path: string;
  /**
   * After a failed login: a copy this login wrote is removed (with its folder, when that is then empty), a copy it
   * replaced is put back. A copy it never touched stays as it is.
   */
  restore(): Promise<void>;
}

/** The command line's slot for `username`'s copy under `base`, remembering what is there now. */
export function userKeyCopySlot(base: string, username: string): KeyCopySlot {
  const dir = join(base, userFolderName(username));
  const path = join(dir, KEY_COPY_FILE);
  const before = regularFileText(path);
  return {
    dir,
    path,
    restore: async () => {
      if (regularFileText(path) === before) return;
      if (before !== undefined) {
        await writeSecretFile(path, before, { replace: true });
        return;
      }
      rmSync(path, { force: true });
      try {
        rmdirSync(dir);
      } catch {
        // not empty, or already gone: leave it
      }
    }
  };
}

/** The text of the regular file at `path` (no link followed); undefined when there is none. */
function regularFileText(path: string): string | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
