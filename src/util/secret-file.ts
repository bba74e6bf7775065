/**
 * The one writer of secret files (the key copy sf refreshes with, the post step's revoke key, keygen's keys): created
 * exclusively, mode 0600, and on Windows, where modes mean nothing, an ACL for the current user only (icacls, as
 * actions/checkout does for its SSH key).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

export const SECRET_FILE_MODE = 0o600;

/** icacls arguments that leave only the current user with access to `path` (no inherited entries). */
export function icaclsArgs(path: string, env: NodeJS.ProcessEnv): string[] {
  const user = env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME}` : `${env.USERNAME}`;
  return [path, '/inheritance:r', '/grant:r', `${user}:F`];
}

/** Writes a new secret file readable by the current user only; fails if `path` exists. */
export async function writeSecretFile(
  path: string,
  content: string,
  platform: NodeJS.Platform = process.platform
): Promise<void> {
  writeFileSync(path, content, { mode: SECRET_FILE_MODE, flag: 'wx' });
  if (platform === 'win32') await promisify(execFile)('icacls', icaclsArgs(path, process.env), { windowsHide: true });
}
