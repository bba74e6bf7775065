/**
 * The copy of the (decrypted) private key that sf re-reads whenever it refreshes the token, so it must outlive the
 * login: `<dir>/server.key` (folder 0700, file 0600 or the Windows ACL) in a folder the caller chooses. The action
 * uses its private folder under RUNNER_TEMP, recorded for the post step before anything is written into it.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '../util/files.js';
import { writeSecretFile } from '../util/secret-file.js';

export const KEY_COPY_FILE = 'server.key';

/** A new private folder for one job's login: `<RUNNER_TEMP>/sf-jwt-login-<uuid>`. */
export function keyCopyDir(runnerTemp: string | undefined): string {
  return join(runnerTemp || tmpdir(), `sf-jwt-login-${randomUUID()}`);
}

/** Writes the key copy into `dir` (created 0700 if missing) and returns its path. */
export async function writeKeyCopy(dir: string, pkcs8Pem: string): Promise<string> {
  ensurePrivateDir(dir);
  const path = join(dir, KEY_COPY_FILE);
  await writeSecretFile(path, pkcs8Pem);
  return path;
}
