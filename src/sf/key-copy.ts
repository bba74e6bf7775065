/**
 * The copy of the (decrypted) private key that sf re-reads whenever it refreshes the token, so it must outlive this
 * step: it lives under RUNNER_TEMP for the whole job, in a folder of its own (0700, file 0600; on Windows, where
 * modes mean nothing, an ACL for the runner's user only, as actions/checkout does for its SSH key), and the post
 * step removes it. Its folder is recorded for the post step before the key is written, so even a step that dies
 * half-way leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePrivateDir } from '../util/files.js';

export function keyCopyDir(runnerTemp: string | undefined): string {
  return join(runnerTemp || tmpdir(), `sf-jwt-login-${randomUUID()}`);
}

/** icacls arguments that leave only the current user with access to `path` (no inherited entries). */
export function icaclsArgs(path: string, env: NodeJS.ProcessEnv): string[] {
  const user = env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME}` : `${env.USERNAME}`;
  return [path, '/inheritance:r', '/grant:r', `${user}:F`];
}

/** Writes a secret file readable by the current user only. */
export async function writePrivateFile(
  path: string,
  content: string,
  platform: NodeJS.Platform = process.platform
): Promise<void> {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  if (platform === 'win32') await promisify(execFile)('icacls', icaclsArgs(path, process.env), { windowsHide: true });
}

export async function writeKeyCopy(dir: string, pkcs8Pem: string): Promise<string> {
  ensurePrivateDir(dir);
  const path = join(dir, 'server.key');
  await writePrivateFile(path, pkcs8Pem);
  return path;
}
