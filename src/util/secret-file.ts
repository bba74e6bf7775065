/**
 * The one writer of secret files (the key copy sf refreshes with, the post step's revoke key, keygen's keys): mode
 * 0600 exactly, and on Windows, where modes mean nothing, an ACL for the current user only (icacls, as
 * actions/checkout does for its SSH key). A file is created exclusively, or with `replace` swapped in atomically, so
 * no reader ever sees a half-written key or one that is readable by others for a moment. No link is followed: new
 * files are opened O_EXCL | O_NOFOLLOW, and `replace` refuses a symbolic link at the path (files.ts, refuseLink).
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SECRET_FILE_MODE, createNewFile, refuseLink } from './files.js';

export { SECRET_FILE_MODE };

export interface SecretFileOptions {
  /** Replace an existing file: write a temp file beside it, restrict it, then rename it over the old one. */
  replace?: boolean;
  platform?: NodeJS.Platform;
}

/** icacls arguments that leave only the current user with access to `path` (no inherited entries). */
export function icaclsArgs(path: string, env: NodeJS.ProcessEnv): string[] {
  const user = env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME}` : `${env.USERNAME}`;
  return [path, '/inheritance:r', '/grant:r', `${user}:F`];
}

/**
 * Writes a secret file readable by the current user only. Without `replace` it fails (EEXIST) if `path` exists;
 * with it, an existing file is replaced whole or, on any failure, left as it was.
 */
export async function writeSecretFile(path: string, content: string, options: SecretFileOptions = {}): Promise<void> {
  const platform = options.platform ?? process.platform;
  if (!options.replace) {
    await createRestricted(path, content, platform);
    return;
  }
  refuseLink(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await createRestricted(temp, content, platform);
    // A rename keeps the file's mode and ACL: the new key is never readable by others, not even for a moment.
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

async function createRestricted(path: string, content: string, platform: NodeJS.Platform): Promise<void> {
  // Exclusive, flushed to disk before a rename can publish it, mode exact.
  createNewFile(path, content, SECRET_FILE_MODE);
  if (platform === 'win32') {
    // Loaded only here: the login path on Linux and macOS never pays for child_process.
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    await promisify(execFile)('icacls', icaclsArgs(path, process.env), { windowsHide: true });
  }
}
