/**
 * The step's private folder, `<RUNNER_TEMP>/sf-jwt-login-<uuid>` (sf/key-copy.ts names it): it holds the step's key
 * and sealed record (vault.ts) and, with cleanup on, the key copy sf refreshes with. Its path is recorded for the
 * post step before anything is written into it, so a main step that dies half-way still leaves the post step a
 * folder to remove; the post step removes it, and only a folder of that shape, directly under RUNNER_TEMP.
 */
import { lstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isKeyCopyDir, keyCopyDir } from '../sf/key-copy.js';
import { load, save } from './state.js';

const base = (env: NodeJS.ProcessEnv): string => env.RUNNER_TEMP || tmpdir();

/** Names a new private folder and records it for the post step. Whoever writes into it first creates it (0700). */
export function claimPrivateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = keyCopyDir(base(env));
  save('key-dir', dir);
  return dir;
}

/** The folder the main step recorded (it may never have been created). */
export function recordedPrivateDir(): string | undefined {
  return load('key-dir') || undefined;
}

/** Why the post step must not use `dir` as the step's private folder, or undefined when it may. */
export function untrustedPrivateDir(dir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!isKeyCopyDir(dir, base(env))) return 'it is not a sf-jwt-login-<uuid> folder directly under RUNNER_TEMP';
  try {
    if (!lstatSync(dir).isDirectory()) return 'it is not a folder';
  } catch {
    // not there (never made): nothing to use, nothing to remove
  }
  return undefined;
}

export function removePrivateDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
