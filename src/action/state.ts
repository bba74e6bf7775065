/**
 * What the main step hands to its post step through GITHUB_STATE. The token itself never goes there in clear: it is
 * encrypted with a one-off key kept in the step's private folder under RUNNER_TEMP, which the post step removes.
 */
import * as core from './workflow-commands.js';
import type { SfStateChanges } from '../sf/state.js';

export interface SavedSfState {
  home: string;
  username: string;
  changes: SfStateChanges;
}

export interface SavedRevoke {
  instanceUrl: string;
  /** The access token, encrypted with the key in <key-dir>/revoke.key. */
  token: string;
}

export const STATE = {
  keyDir: 'key-dir',
  cleanup: 'cleanup',
  sfState: 'sf-state',
  revoke: 'revoke'
} as const;

export function saveJson(name: string, value: unknown): void {
  core.saveState(name, JSON.stringify(value));
}

export function loadJson<T>(name: string): T | undefined {
  const raw = core.getState(name);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
