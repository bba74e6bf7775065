/** The post step's work, kept apart from its entry point so it can be tested directly. */
import * as core from './workflow-commands.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { request } from '../util/http.js';
import { decrypt } from '../sf/crypto.js';
import { CONFIG_KEYS, sfPaths, updateJsonFile } from '../sf/state.js';
import { withFileLock } from '../util/files.js';
import { STATE, loadJson, type SavedRevoke, type SavedSfState } from './state.js';

export async function runPost(): Promise<void> {
  const keyDir = core.getState(STATE.keyDir);
  const cleanup = core.getState(STATE.cleanup) !== 'false';
  const sfState = loadJson<SavedSfState>(STATE.sfState);
  const revoke = loadJson<SavedRevoke>(STATE.revoke);
  if (!sfState && !(keyDir && existsSync(keyDir))) {
    core.info('Post step: nothing to clean up (the main step did not get as far as writing anything).');
    return;
  }
  if (cleanup && revoke && keyDir) await attempt('revoke the access token', () => revokeToken(revoke, keyDir));
  if (cleanup && sfState) await attempt('remove the sf state this login added', () => removeSfState(sfState));
  if (keyDir) await attempt('remove the key copy', () => rmSync(keyDir, { recursive: true, force: true }));
}

async function attempt(what: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    core.warning(`Post step: could not ${what}: ${(err as Error).message}`);
  }
}

async function revokeToken(saved: SavedRevoke, keyDir: string): Promise<void> {
  const token = decrypt(saved.token, readFileSync(join(keyDir, 'revoke.key'), 'utf8'));
  core.setSecret(token);
  const res = await request({
    method: 'POST',
    url: `${saved.instanceUrl}/services/oauth2/revoke`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
    timeoutMs: 10_000
  });
  if (res.status !== 200) throw new Error(`${saved.instanceUrl} answered HTTP ${res.status}`);
  core.info('Post step: revoked the access token.');
}

/** Undoes exactly what the login changed, where it still holds what the login wrote. */
export async function removeSfState({ home, username, changes }: SavedSfState): Promise<void> {
  const paths = sfPaths(home);
  const removed: string[] = [];
  if (changes.authFileCreated) {
    await withFileLock(changes.authFile, () => rmSync(changes.authFile, { force: true }));
    removed.push(changes.authFile);
  }
  if (changes.alias) {
    const alias = changes.alias;
    await updateJsonFile(
      paths.aliasFile,
      (c) => {
        const orgs = { ...((c.orgs ?? {}) as Record<string, string>) };
        if (orgs[alias] !== username) return undefined;
        delete orgs[alias];
        removed.push(`alias ${alias}`);
        return { ...c, orgs };
      },
      false
    );
  }
  for (const { key, value } of changes.config) {
    for (const [file, name] of [
      [paths.sfConfigFile, CONFIG_KEYS[key].sf],
      [paths.sfdxConfigFile, CONFIG_KEYS[key].sfdx]
    ] as const) {
      await updateJsonFile(
        file,
        (c) => {
          if (c[name] !== value) return undefined; // a later step chose another default: keep it
          const { [name]: _, ...rest } = c;
          removed.push(`${name} in ${file}`);
          return rest;
        },
        true
      );
    }
  }
  if (removed.length) core.info(`Post step: removed ${removed.join(', ')}.`);
}
