/**
 * sf's key in the libsecret keyring (Linux, SF_USE_GENERIC_UNIX_KEYCHAIN not true, secret-tool installed), with the
 * command lines @salesforce/core uses (lib/crypto/keyChainImpl.js:236-287): `secret-tool lookup user local domain
 * sfdx`, and `secret-tool store --label='salesforce.com' user local domain sfdx` with the key and a newline on stdin
 * (the label keeps its quotes: core passes them with no shell). secret-tool keeps that newline, so we store exactly
 * what core stores, and read with core's trim.
 *
 * Where core guesses, we ask first. core takes exit 1 of lookup as "no key" and stores a new one; but secret-tool
 * also exits 1 for a keyring it cannot reach (no D-Bus session) and for a locked one (with nothing on stderr), and
 * its `store` REPLACES an entry with the same attributes. So: stderr on exit 1 means the keyring cannot be used, and
 * a silent exit 1 is followed by `search` (which lists a locked entry without unlocking it) before anything is stored.
 */
import { UserError } from '../util/errors.js';
import {
  SF_KEY_ACCOUNT,
  SF_KEY_SERVICE,
  USE_KEY_FILE_FIX,
  type KeyringBackend,
  type RunResult,
  type StoreIo,
  checkedKey,
  keyringError
} from './keychain-run.js';

const ATTRIBUTES = ['user', SF_KEY_ACCOUNT, 'domain', SF_KEY_SERVICE] as const;

/** The argument lists, as core has them (lookup, store) and for the checks core does not make (search, clear). */
export const libsecretArgs = {
  lookup: (): string[] => ['lookup', ...ATTRIBUTES],
  store: (): string[] => ['store', "--label='salesforce.com'", ...ATTRIBUTES],
  /** Without --unlock: never prompts, and lists a locked entry (its secret unread). */
  search: (): string[] => ['search', '--all', ...ATTRIBUTES],
  clear: (): string[] => ['clear', ...ATTRIBUTES]
};

/** What core stores on stdin (keyChainImpl.js:273). */
export const libsecretStoreInput = (key: string): string => `${key}\n`;

/** core retries a lookup that says "invalid or unencryptable secret" (a too-fast call) 3 times (keyChainImpl.js:63,253). */
const LOOKUP_RETRIES = 3;

const ENTRY = 'The libsecret keyring entry for sf (user local, domain sfdx)';

const WHY =
  'sf keeps its key in the libsecret keyring on this machine (secret-tool is installed and ' +
  'SF_USE_GENERIC_UNIX_KEYCHAIN is not true), so this command must too';
const NO_SESSION =
  'secret-tool needs the D-Bus session bus of a desktop login (DBUS_SESSION_BUS_ADDRESS); an SSH session, ' +
  'container or CI job usually has none, and sf fails here the same way. Run this command in the desktop session.';
const NO_SERVICE =
  'No keyring service (gnome-keyring, KeePassXC, KWallet) answers on this D-Bus session: start one, for example ' +
  '`gnome-keyring-daemon --start --components=secrets`, and run this command again.';
const LOCKED =
  'The keyring is locked and no unlock prompt could be shown: unlock it (log in to the desktop, or open ' +
  '"Passwords and Keys") and run this command again.';

const NO_COLLECTION =
  'The keyring has no default collection to keep the key in: open "Passwords and Keys", create or unlock the ' +
  '"Login" keyring, and run this command again.';

function advice(stderr: string): string {
  if (/not provided by any|ServiceUnknown/i.test(stderr)) return NO_SERVICE;
  if (/autolaunch|d-?bus|\$DISPLAY|could not connect|address/i.test(stderr)) return NO_SESSION;
  if (/collection/i.test(stderr) && /does not exist|no such/i.test(stderr)) return NO_COLLECTION;
  if (/locked/i.test(stderr)) return LOCKED;
  return '';
}

const cannotUse = (program: string, r: RunResult, io: StoreIo, key?: string) =>
  keyringError(WHY, program, r, io, advice(r.stderr), key);

/** The key in the keyring, or undefined when secret-tool says there is none. */
async function lookup(program: string, io: StoreIo): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    const r = await io.run(program, libsecretArgs.lookup(), { env: io.env, timeoutMs: io.timeoutMs });
    if (r.code === 0) return checkedKey(r.stdout.trim(), ENTRY);
    if (r.code === 1 && r.stderr.includes('invalid or unencryptable secret') && attempt < LOOKUP_RETRIES) continue;
    if (r.code === 1 && !r.stderr.trim()) return undefined;
    throw cannotUse(program, r, io);
  }
}

export const libsecretBackend: KeyringBackend = {
  entry: ENTRY,
  manualRemove: 'secret-tool clear user local domain sfdx',
  read: lookup,
  // A silent "not found" is also what a locked keyring says; a store would then replace sf's key once unlocked.
  async beforeCreate(program, io) {
    const search = await io.run(program, libsecretArgs.search(), { env: io.env, timeoutMs: io.timeoutMs });
    if (search.code !== 0) throw cannotUse(program, search, io);
    if (/^\[/m.test(search.stdout)) {
      throw new UserError(
        `${WHY}, but ${ENTRY} exists and cannot be read. ${LOCKED} ${USE_KEY_FILE_FIX} Nothing was written.`
      );
    }
  },
  async write(program, key, io) {
    const input = libsecretStoreInput(key);
    const stored = await io.run(program, libsecretArgs.store(), { env: io.env, input, timeoutMs: io.timeoutMs });
    if (stored.code !== 0) throw cannotUse(program, stored, io, key);
    return stored;
  },
  erase: (program, io) => io.run(program, libsecretArgs.clear(), { env: io.env, timeoutMs: io.timeoutMs })
};
