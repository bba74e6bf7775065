/**
 * The state the real sf CLI reads (facts doc section 4), written so every later `sf` step uses the org with no
 * further login: the auth file ~/.sfdx/<username>.json (token encrypted with ~/.sfdx/key.json), the alias, and the
 * target-org / target-dev-hub config (both the sf and the legacy sfdx file). Other orgs' entries are never touched;
 * what this login changed is returned so the post step can undo exactly that.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { homedir } from 'node:os';
import { UserError } from '../util/errors.js';
import {
  PLAIN_FILE_MODE,
  SECRET_FILE_MODE,
  createFileExclusive,
  ensurePrivateDir,
  readJsonObject,
  withFileLock,
  writeFileAtomic
} from '../util/files.js';
import { cryptoVersion, encrypt, newKey } from './crypto.js';
import type { OrgFacts } from './org-facts.js';
import type { Token } from '../login/token-exchange.js';

export interface SfPaths {
  sfdxDir: string;
  sfDir: string;
  keyFile: string;
  aliasFile: string;
  sfConfigFile: string;
  sfdxConfigFile: string;
  authFile: (username: string) => string;
}

/**
 * The user's home folder as sf finds it (os.homedir()): USERPROFILE on Windows, HOME elsewhere. Takes the
 * platform and environment as arguments so each runner OS can be tested anywhere.
 */
export function homeFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, fallback: () => string = homedir): string {
  if (platform === 'win32') {
    return env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : '') || fallback();
  }
  return env.HOME || fallback();
}

export function sfPaths(home: string, p: Pick<typeof path, 'join'> = path): SfPaths {
  const join = p.join;
  const sfdxDir = join(home, '.sfdx');
  const sfDir = join(home, '.sf');
  return {
    sfdxDir,
    sfDir,
    keyFile: join(sfdxDir, 'key.json'),
    aliasFile: join(sfdxDir, 'alias.json'),
    sfConfigFile: join(sfDir, 'config.json'),
    sfdxConfigFile: join(sfdxDir, 'sfdx-config.json'),
    authFile: (username) => join(sfdxDir, `${username}.json`)
  };
}

/** Config keys, in the sf file and in the legacy sfdx mirror. */
export const CONFIG_KEYS = {
  'target-org': { sf: 'target-org', sfdx: 'defaultusername', env: 'SF_TARGET_ORG' },
  'target-dev-hub': { sf: 'target-dev-hub', sfdx: 'defaultdevhubusername', env: 'SF_TARGET_DEV_HUB' }
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;

export interface SfStateRequest {
  home: string;
  username: string;
  token: Token;
  loginUrl: string;
  clientId: string;
  /** Absolute path of the key copy sf re-reads to refresh the token. */
  privateKeyPath: string;
  facts: OrgFacts;
  alias?: string;
  defaults: ConfigKey[];
  platform?: NodeJS.Platform;
}

/** What this login changed, so the post step can undo exactly that and nothing else. */
export interface SfStateChanges {
  authFile: string;
  /** False when an auth file for this username existed before (it is then left in place by cleanup). */
  authFileCreated: boolean;
  keyFileCreated: boolean;
  alias?: string;
  /** Config entries set, with the value written. */
  config: Array<{ key: ConfigKey; value: string }>;
}

/** Credentials of other login flows that must not survive in a JWT auth file (sf would prefer them). */
const OTHER_FLOW_FIELDS = ['refreshToken', 'password', 'authCode', 'clientSecret'];

export async function writeSfState(req: SfStateRequest): Promise<SfStateChanges> {
  const paths = sfPaths(req.home);
  const platform = req.platform ?? process.platform;
  ensurePrivateDir(paths.sfdxDir);
  ensurePrivateDir(paths.sfDir);
  // Check every file this login will change before changing any: a file we cannot parse stops the login with
  // every file as it was.
  if (req.alias) readJsonObject(paths.aliasFile);
  if (req.defaults.length) [paths.sfConfigFile, paths.sfdxConfigFile].forEach(readJsonObject);

  const { key, created: keyFileCreated } = readOrCreateKey(paths.keyFile, platform);
  const authFile = paths.authFile(req.username);
  const authFileCreated = await withFileLock(authFile, () => {
    const existing = readJsonObject(authFile);
    if (existing?.username !== undefined && String(existing.username).toLowerCase() !== req.username.toLowerCase()) {
      throw new UserError(
        `${authFile} belongs to ${String(existing.username)}, not ${req.username}; it was left unchanged.`
      );
    }
    const kept = Object.fromEntries(Object.entries(existing ?? {}).filter(([k]) => !OTHER_FLOW_FIELDS.includes(k)));
    const fields = {
      ...kept,
      accessToken: encrypt(req.token.accessToken, key),
      orgId: req.token.orgId,
      loginUrl: req.loginUrl,
      privateKey: req.privateKeyPath,
      clientId: req.clientId,
      instanceUrl: req.token.instanceUrl,
      isDevHub: req.facts.isDevHub,
      username: req.username,
      instanceApiVersion: req.facts.instanceApiVersion,
      instanceApiVersionLastRetrieved: req.facts.instanceApiVersionLastRetrieved,
      name: req.facts.name,
      instanceName: req.facts.instanceName,
      namespacePrefix: req.facts.namespacePrefix,
      isSandbox: req.facts.isSandbox,
      isScratch: req.facts.isScratch,
      trailExpirationDate: req.facts.trailExpirationDate,
      orgEdition: req.facts.orgEdition
    };
    // Fields we did not learn stay out (JSON.stringify drops undefined), unless an earlier login recorded them.
    for (const [k, v] of Object.entries(fields))
      if (v === undefined && kept[k] !== undefined) Object.assign(fields, { [k]: kept[k] });
    writeFileAtomic(authFile, `${JSON.stringify(fields, null, 2)}\n`, SECRET_FILE_MODE);
    return existing === undefined;
  });

  let alias: string | undefined;
  if (req.alias) {
    const name = req.alias;
    await updateJsonFile(
      paths.aliasFile,
      (content) => {
        const orgs = (content.orgs && typeof content.orgs === 'object' ? content.orgs : {}) as Record<string, string>;
        return { ...content, orgs: { ...orgs, [name]: req.username } };
      },
      false
    );
    alias = name;
  }

  const config: SfStateChanges['config'] = [];
  for (const key of req.defaults) {
    const value = alias ?? req.username;
    await updateJsonFile(paths.sfConfigFile, (c) => ({ ...c, [CONFIG_KEYS[key].sf]: value }), true);
    await updateJsonFile(paths.sfdxConfigFile, (c) => ({ ...c, [CONFIG_KEYS[key].sfdx]: value }), true);
    config.push({ key, value });
  }
  return { authFile, authFileCreated, keyFileCreated, alias, config };
}

/** Read-modify-write of a JSON object file under sf's lock; an unparseable file is never overwritten. */
export async function updateJsonFile(
  path: string,
  change: (content: Record<string, unknown>) => Record<string, unknown> | undefined,
  pretty: boolean
): Promise<void> {
  await withFileLock(path, () => {
    const next = change(readJsonObject(path) ?? {});
    if (next)
      writeFileAtomic(path, pretty ? `${JSON.stringify(next, null, 2)}\n` : JSON.stringify(next), PLAIN_FILE_MODE);
  });
}

/**
 * The existing key.json (v1 or v2), or a new one, created exclusively so two concurrent logins cannot each make a
 * key and leave the other's auth file undecryptable. A key.json that cannot be parsed is the user's: we stop.
 */
export function readOrCreateKey(path: string, platform: NodeJS.Platform): { key: string; created: boolean } {
  const existing = readKeyFile(path, platform);
  if (existing) return { key: existing, created: false };
  const key = newKey();
  const created = createFileExclusive(
    path,
    JSON.stringify({ account: 'local', key, service: 'sfdx' }, null, 4),
    SECRET_FILE_MODE
  );
  if (created) return { key, created };
  // Another login created it between our read and our create: use theirs.
  return { key: readKeyFile(path, platform) as string, created: false };
}

function readKeyFile(path: string, platform: NodeJS.Platform): string | undefined {
  const content = readJsonObject(path);
  if (!content) return undefined;
  const key = typeof content.key === 'string' ? content.key : '';
  if (!cryptoVersion(key)) {
    throw new UserError(
      `${path} holds no sf key (a 32 or 64 hex-character "key"); it was left unchanged. Remove it only if no other org is logged in with it.`
    );
  }
  if (platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if (mode !== SECRET_FILE_MODE) {
      throw new UserError(
        `${path} has mode ${mode.toString(8).padStart(4, '0')}; sf refuses a key file that is not exactly 0600. Run \`chmod 600 ${path}\` and retry. It was left unchanged.`
      );
    }
  }
  return key;
}
