/**
 * The step's private folder, `<RUNNER_TEMP>/sf-jwt-login-<uuid>` (sf/key-copy.ts names it): it holds the key copy
 * sf refreshes with and the revoke key. Its path is recorded for the post step before anything is written into it,
 * so a main step that dies half-way still leaves the post step a folder to remove; the post step always removes it.
 */
import { rmSync } from 'node:fs';
import { keyCopyDir } from '../sf/key-copy.js';
import { load, save } from './state.js';

/** Names a new private folder and records it for the post step. Whoever writes into it first creates it (0700). */
export function claimPrivateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = keyCopyDir(env.RUNNER_TEMP);
  save('key-dir', dir);
  return dir;
}

/** The folder the main step recorded (it may never have been created). */
export function recordedPrivateDir(): string | undefined {
  return load('key-dir') || undefined;
}

export function removePrivateDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
