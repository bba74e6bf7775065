/**
 * The step's secrets for its post step, encrypted with a one-off key, `revoke.key` in the step's private folder
 * (0600, removed with that folder by the post step): the access token (to revoke it), in GITHUB_STATE, and the
 * record of sf state changes (to undo them; it may hold an earlier login's auth file), as `changes.enc` in the same
 * folder, replaced atomically at each change (a GITHUB_STATE line that large could be cut short by a kill). The main
 * step makes the key before it asks for a token, so each can be saved in the very tick it exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decrypt, encrypt, newKey } from '../sf/crypto.js';
import type { ChangeRecord } from '../sf/changes.js';
import type { IssuedToken } from '../login/revoke.js';
import { SECRET_FILE_MODE, ensurePrivateDir, writeFileAtomic } from '../util/files.js';
import { writeSecretFile } from '../util/secret-file.js';
import { clear, load, save } from './state.js';

export const STEP_KEY_FILE = 'revoke.key';
const RECORD_FILE = 'changes.enc';

/** The tokens a step saves for revocation: the login's own, and one got for a Dev Hub's lookup. */
type TokenSlot = 'revoke' | 'hub-revoke';

export interface Vault {
  saveToken(token: IssuedToken, slot?: TokenSlot): void;
  /** The token is revoked: the post step has nothing left to revoke. */
  forgetToken(slot?: TokenSlot): void;
  saveRecord(record: ChangeRecord): void;
  token(slot?: TokenSlot): IssuedToken | undefined;
  record(): ChangeRecord | undefined;
}

/** Makes the step's key in `privateDir` (created 0700) and returns the vault that uses it. */
export async function createVault(privateDir: string): Promise<Vault> {
  ensurePrivateDir(privateDir);
  const key = newKey({ SF_CRYPTO_V2: 'true' });
  await writeSecretFile(join(privateDir, STEP_KEY_FILE), key);
  return vault(privateDir, key);
}

/** The vault of the main step whose private folder is `privateDir`; undefined when its key is not there. */
export function openVault(privateDir: string): Vault | undefined {
  try {
    return vault(privateDir, readFileSync(join(privateDir, STEP_KEY_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

function vault(privateDir: string, key: string): Vault {
  const recordFile = join(privateDir, RECORD_FILE);
  const unseal = (sealed: string | undefined): string | undefined => {
    try {
      return sealed ? decrypt(sealed, key) : undefined;
    } catch {
      return undefined; // not sealed with this key: nothing of this step's
    }
  };
  const open = <T>(sealed: string | undefined): T | undefined => {
    const text = unseal(sealed);
    try {
      return text === undefined ? undefined : (JSON.parse(text) as T);
    } catch {
      return undefined;
    }
  };
  return {
    // Sealed whole: a GITHUB_STATE changed in between cannot send the token to another host.
    saveToken: ({ instanceUrl, accessToken }, slot = 'revoke') =>
      save(slot, { token: encrypt(JSON.stringify({ instanceUrl, accessToken }), key) }),
    forgetToken: (slot = 'revoke') => clear(slot),
    saveRecord: (record) => writeFileAtomic(recordFile, encrypt(JSON.stringify(record), key), SECRET_FILE_MODE),
    token: (slot = 'revoke') => {
      const token = open<IssuedToken>(load(slot)?.token);
      return typeof token?.instanceUrl === 'string' && typeof token.accessToken === 'string' ? token : undefined;
    },
    record: () => {
      try {
        return open<ChangeRecord>(readFileSync(recordFile, 'utf8'));
      } catch {
        return undefined;
      }
    }
  };
}
