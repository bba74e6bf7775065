/**
 * The copy of the (decrypted) private key that sf re-reads whenever it refreshes the token, so it must outlive this
 * step: it lives under RUNNER_TEMP for the whole job, in a folder of its own (0700, file 0600), and the post step
 * removes it. Its folder is recorded for the post step before the key is written, so even a step that dies half-way
 * leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from './files.js';

export function keyCopyDir(runnerTemp: string | undefined): string {
  return join(runnerTemp || tmpdir(), `sf-jwt-login-${randomUUID()}`);
}

export function writeKeyCopy(dir: string, pkcs8Pem: string): string {
  ensurePrivateDir(dir);
  const path = join(dir, 'server.key');
  writeFileSync(path, pkcs8Pem, { mode: 0o600, flag: 'wx' });
  return path;
}
