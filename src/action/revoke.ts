/**
 * Revocation of the step's access token in the post step, so a self-hosted runner keeps no live credential. The
 * main step saves the token encrypted in GITHUB_STATE, with a one-off key in the step's private folder (`revoke.key`,
 * removed with that folder); the post step decrypts it and calls Salesforce's revoke endpoint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from './workflow-commands.js';
import { decrypt, encrypt, newKey } from '../sf/crypto.js';
import { ensurePrivateDir } from '../util/files.js';
import { request } from '../util/http.js';
import { writeSecretFile } from '../util/secret-file.js';
import type { Token } from '../login/token-exchange.js';
import { load, save, type SavedRevoke } from './state.js';

export const REVOKE_KEY_FILE = 'revoke.key';
const REVOKE_TIMEOUT_MS = 10_000;

/** Saves `token` for the post step: encrypted in GITHUB_STATE, its key in `privateDir`. */
export async function saveForRevoke(token: Token, privateDir: string): Promise<void> {
  ensurePrivateDir(privateDir);
  const revokeKey = newKey({ SF_CRYPTO_V2: 'true' });
  await writeSecretFile(join(privateDir, REVOKE_KEY_FILE), revokeKey);
  save('revoke', { instanceUrl: token.instanceUrl, token: encrypt(token.accessToken, revokeKey) });
}

/** The token the main step saved, if it saved one. */
export function savedForRevoke(): SavedRevoke | undefined {
  return load('revoke');
}

/** Revokes the saved token; throws when its key is gone or Salesforce does not answer 200. */
export async function revoke(saved: SavedRevoke, privateDir: string): Promise<void> {
  const token = decrypt(saved.token, readFileSync(join(privateDir, REVOKE_KEY_FILE), 'utf8'));
  core.setSecret(token);
  const res = await request({
    method: 'POST',
    url: `${saved.instanceUrl}/services/oauth2/revoke`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
    timeoutMs: REVOKE_TIMEOUT_MS
  });
  if (res.status !== 200) throw new Error(`${saved.instanceUrl} answered HTTP ${res.status}`);
  core.info('Post step: revoked the access token.');
}
