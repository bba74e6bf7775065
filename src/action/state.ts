/**
 * What the main step hands to its post step through GITHUB_STATE: each name, the type of its value, and how it is
 * written. The token never goes there in clear: vault.ts encrypts it with a one-off key kept in the step's private
 * folder under RUNNER_TEMP, which the post step removes. A value saved again replaces the earlier one.
 */
import * as core from './workflow-commands.js';
import type { LockOwner } from '../util/lock-owner.js';

export interface SavedRevoke {
  /** The access token and its instance URL, as JSON encrypted with the step's key (vault.ts). */
  token: string;
}

/** Every value the post step gets, by its GITHUB_STATE name. */
export interface Handoff {
  /** The step's private folder (key copy, revoke key), recorded before anything is written into it. */
  'key-dir': string;
  cleanup: boolean;
  /** The main step's process, so the post step can tell its temp files and locks, once it is gone. */
  owner: LockOwner;
  revoke: SavedRevoke;
  /** A token got for the Dev Hub's lookup (dev-hub) and not yet revoked, sealed like `revoke`. */
  'hub-revoke': SavedRevoke;
}
export type HandoffName = keyof Handoff;

interface Codec<T> {
  encode(value: T): string;
  decode(raw: string): T | undefined;
}

const text: Codec<string> = { encode: (value) => value, decode: (raw) => raw };
const flag: Codec<boolean> = { encode: String, decode: (raw) => raw !== 'false' };
const json = <T>(): Codec<T> => ({
  encode: (value) => JSON.stringify(value),
  decode: (raw) => {
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }
});

const CODECS: { [N in HandoffName]: Codec<Handoff[N]> } = {
  'key-dir': text,
  cleanup: flag,
  owner: json<LockOwner>(),
  revoke: json<SavedRevoke>(),
  'hub-revoke': json<SavedRevoke>()
};

export function save<N extends HandoffName>(name: N, value: Handoff[N]): void {
  core.saveState(name, CODECS[name].encode(value));
}

/** Takes back what was saved under `name` (the post step then finds none). */
export function clear(name: HandoffName): void {
  core.saveState(name, '');
}

/** The value the main step saved under `name`; undefined when it saved none (or none that can be read). */
export function load<N extends HandoffName>(name: N): Handoff[N] | undefined {
  const raw = core.getState(name);
  return raw ? CODECS[name].decode(raw) : undefined;
}
