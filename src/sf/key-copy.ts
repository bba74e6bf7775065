/**
 * The copy of the (decrypted) private key that sf re-reads whenever it refreshes the token, so it must outlive the
 * login: `<base>/sf-jwt-login-<uuid>/server.key` (folder 0700, file 0600 or the Windows ACL) under a base folder the
 * caller chooses. The action uses RUNNER_TEMP (src/action/private-dir.ts owns that folder); the command line a folder
 * that lasts, where isKeyCopyPath recognises an earlier login's copy.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { ensurePrivateDir } from '../util/files.js';
import { writeSecretFile } from '../util/secret-file.js';

export const KEY_COPY_FILE = 'server.key';
const DIR_PREFIX = 'sf-jwt-login-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

/** Writes the key copy into `dir` (created 0700 if missing) and returns its path. */
export async function writeKeyCopy(dir: string, pkcs8Pem: string): Promise<string> {
  ensurePrivateDir(dir);
  const path = join(dir, KEY_COPY_FILE);
  await writeSecretFile(path, pkcs8Pem);
  return path;
}
