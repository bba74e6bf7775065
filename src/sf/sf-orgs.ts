/**
 * Other orgs in sf's state, read only (docs/sf-state.md §4, §6): an alias resolved through ~/.sfdx/alias.json, an
 * org's auth file ~/.sfdx/<username>.json, its access token decrypted with sf's key from the store sf on this
 * machine uses (keychain.ts), and the Dev Hubs sf knows (the target-dev-hub config, auth files with isDevHub).
 * Nothing here writes: a Dev Hub's auth file stays byte for byte what sf or an earlier login left.
 */
import { readdirSync } from 'node:fs';
import { readJsonObject } from '../util/files.js';
import { cryptoVersion, decrypt } from './crypto.js';
import { readKeyIn, selectKeyStore } from './keychain.js';
import { CONFIG_KEYS, sfPaths } from './paths.js';

export interface OrgAuth {
  username: string;
  /** The auth file's path. */
  file: string;
  fields: Record<string, unknown>;
}

/** The username an alias stands for in alias.json; the value itself when it is no alias. */
export function resolveAlias(home: string, aliasOrUsername: string): string {
  const orgs = readJsonObject(sfPaths(home).aliasFile)?.orgs;
  const target = orgs && typeof orgs === 'object' ? (orgs as Record<string, unknown>)[aliasOrUsername] : undefined;
  return typeof target === 'string' && target ? target : aliasOrUsername;
}

/** The org's auth file, or undefined when sf has no login of `username` here. */
export function readOrgAuth(home: string, username: string): OrgAuth | undefined {
  const file = sfPaths(home).authFile(username);
  const fields = readJsonObject(file);
  return fields ? { username: String(fields.username ?? username), file, fields } : undefined;
}

/** A string field of an auth file, or undefined. */
export const textField = (auth: OrgAuth, name: string): string | undefined => {
  const value = auth.fields[name];
  return typeof value === 'string' && value ? value : undefined;
};

/**
 * The Dev Hubs sf would ask, in order, as usernames: the configured target-dev-hub (SF_TARGET_DEV_HUB, then
 * ~/.sf/config.json, then ~/.sfdx/sfdx-config.json), then every auth file that says isDevHub. A file that cannot be
 * read is passed over: this is a best-effort scan, as sf's own.
 */
export function devHubsInState(home: string, env: NodeJS.ProcessEnv): string[] {
  const paths = sfPaths(home);
  const { env: envName, sf, sfdx } = CONFIG_KEYS['target-dev-hub'];
  const configured = [
    env[envName],
    quietly(() => readJsonObject(paths.sfConfigFile)?.[sf]),
    quietly(() => readJsonObject(paths.sfdxConfigFile)?.[sfdx])
  ].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const hubs = configured ? [quietly(() => resolveAlias(home, configured.trim())) ?? configured.trim()] : [];
  let names: string[] = [];
  try {
    names = readdirSync(paths.sfdxDir).filter((n) => n.endsWith('.json') && n.includes('@'));
  } catch {
    names = [];
  }
  for (const name of names.sort()) {
    const auth = quietly(() => readOrgAuth(home, name.slice(0, -'.json'.length)));
    if (auth?.fields.isDevHub === true) hubs.push(auth.username);
  }
  return [...new Map(hubs.map((h) => [h.toLowerCase(), h])).values()];
}

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * sf's key, read from the store sf uses with `env` on `platform`, never created: undefined when there is none yet.
 * A keyring that cannot be read throws its UserError (with the fix).
 */
export async function readSfKey(
  home: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform
): Promise<string | undefined> {
  return readKeyIn(selectKeyStore(platform, env), {
    env,
    fileKey: () => {
      const key = readJsonObject(sfPaths(home).keyFile)?.key;
      return typeof key === 'string' && cryptoVersion(key) ? key : undefined;
    }
  });
}

/** The org's access token in clear text; undefined when the file has none or `key` does not decrypt it. */
export function accessTokenOf(auth: OrgAuth, key: string | undefined): string | undefined {
  const stored = textField(auth, 'accessToken');
  if (!stored || !key) return undefined;
  try {
    const token = decrypt(stored, key);
    return /^[\x21-\x7e]+$/.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}
