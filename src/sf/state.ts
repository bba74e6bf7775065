/**
 * The state the real sf CLI reads (docs/sf-state.md §4, §6), written so every later `sf` step uses the org with no
 * further login, and removed again: the auth file ~/.sfdx/<username>.json (token encrypted with ~/.sfdx/key.json),
 * the alias, and the target-org / target-dev-hub config (both the sf and the legacy sfdx file). Other orgs' entries
 * are never touched; writeSfState returns what this login changed, and tells the request's journal (changes.ts)
 * what each write is about to change before it writes, so sf/restore.ts can put back exactly what was there.
 */
import { UserError } from '../util/errors.js';
import {
  PLAIN_FILE_MODE,
  SECRET_FILE_MODE,
  ensurePrivateDir,
  readJsonObject,
  withFileLock,
  writeFileAtomic
} from '../util/files.js';
import { encrypt } from './crypto.js';
import { KEY_FILE_ENV, readOrCreateKey } from './key-file.js';
import { readOrCreateKeyIn, selectKeyStore } from './keychain.js';
import { CONFIG_KEYS, sfPaths, type ConfigKey, type SfPaths } from './paths.js';
import type { OrgFacts } from './org-facts.js';
import type { ChangeJournal } from './changes.js';
import type { Token } from '../login/token-exchange.js';
import type { ScratchFields } from '../login/scratch-org.js';

// src/login and src/cli import these from here; their home is paths.ts.

export interface SfStateRequest {
  home: string;
  username: string;
  token: Token;
  loginUrl: string;
  clientId: string;
  /** Absolute path of the key copy sf re-reads to refresh the token. */
  privateKeyPath: string;
  facts: OrgFacts;
  /** A scratch org's fields as `sf org create scratch` writes them (scratch-org.ts), when its Dev Hub is known. */
  scratch?: ScratchFields;
  alias?: string;
  defaults: ConfigKey[];
  platform?: NodeJS.Platform;
  /** The environment sf runs in, which picks sf's key store (keychain.ts); default KEY_FILE_ENV: key.json. */
  env?: NodeJS.ProcessEnv;
  /** Told what each write is about to change, before it writes (write-ahead). */
  journal?: ChangeJournal;
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

const otherUsersAuthFile = (file: string, owner: string, username: string): string =>
  `${file} belongs to ${owner}, not ${username}; it was left unchanged.`;

/** Credentials of other login flows that must not survive in a JWT auth file (sf would prefer them). */
const OTHER_FLOW_FIELDS = ['refreshToken', 'password', 'authCode', 'clientSecret'];

export async function writeSfState(req: SfStateRequest): Promise<SfStateChanges> {
  const paths = sfPaths(req.home);
  const platform = req.platform ?? process.platform;
  // Check every file this login will change before changing any: a file we cannot parse stops the login with
  // every file as it was.
  if (req.alias) readJsonObject(paths.aliasFile);
  if (req.defaults.length) [paths.sfConfigFile, paths.sfdxConfigFile].forEach(readJsonObject);

  // The key where sf on this machine keeps it (keychain.ts): a keyring that cannot be used stops here, before
  // anything is written; a keyring key made now is taken out again if the auth file is not written.
  const env = req.env ?? KEY_FILE_ENV;
  const fileKey = () => {
    ensurePrivateDir(paths.sfdxDir);
    return readOrCreateKey(paths.keyFile, platform);
  };
  const stored = await readOrCreateKeyIn(selectKeyStore(platform, env), { env, fileKey });
  const { key } = stored;
  const keyFileCreated = stored.created && stored.store.kind === 'file';
  ensurePrivateDir(paths.sfdxDir);
  ensurePrivateDir(paths.sfDir);
  const authFile = paths.authFile(req.username);
  const authFileCreated = await withFileLock(authFile, () => {
    const existing = readJsonObject(authFile);
    if (existing?.username !== undefined && String(existing.username).toLowerCase() !== req.username.toLowerCase()) {
      throw new UserError(otherUsersAuthFile(authFile, String(existing.username), req.username));
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
      orgEdition: req.facts.orgEdition,
      ...req.scratch
    };
    // Fields we did not learn stay out (JSON.stringify drops undefined), unless an earlier login recorded them.
    for (const [k, v] of Object.entries(fields))
      if (v === undefined && kept[k] !== undefined) Object.assign(fields, { [k]: kept[k] });
    const content = `${JSON.stringify(fields, null, 2)}\n`;
    req.journal?.willWrite(authFile, content);
    writeFileAtomic(authFile, content, SECRET_FILE_MODE);
    return existing === undefined;
  }).catch(async (err: unknown) => {
    throw await undoKey(stored.remove, err);
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
      false,
      req.journal && { journal: req.journal, keys: [['orgs', name]] }
    );
    alias = name;
  }

  const config: SfStateChanges['config'] = [];
  for (const key of req.defaults) {
    const value = alias ?? req.username;
    for (const [file, name] of configEntries(paths, key)) {
      const journal = req.journal && { journal: req.journal, keys: [[name]] };
      await updateJsonFile(file, (c) => ({ ...c, [name]: value }), true, journal);
    }
    config.push({ key, value });
  }
  return { authFile, authFileCreated, keyFileCreated, alias, config };
}

/** Takes out a keyring key made for a write that failed; the failure to report, with the undo's own if it failed. */
async function undoKey(remove: () => Promise<void>, err: unknown): Promise<unknown> {
  try {
    await remove();
    return err;
  } catch (undo) {
    return err instanceof UserError ? new UserError(`${err.message} ${(undo as Error).message}`) : err;
  }
}

/** The two files a config key is written to, each with the key's name there. */
export const configEntries = (paths: SfPaths, key: ConfigKey): Array<[file: string, name: string]> => [
  [paths.sfConfigFile, CONFIG_KEYS[key].sf],
  [paths.sfdxConfigFile, CONFIG_KEYS[key].sfdx]
];

/**
 * Read-modify-write of a JSON object file under sf's lock; an unparseable file is never overwritten. With `journal`,
 * the write (and the entries at `keys`) is noted before it happens.
 */
export async function updateJsonFile(
  path: string,
  change: (content: Record<string, unknown>) => Record<string, unknown> | undefined,
  pretty: boolean,
  journal?: { journal: ChangeJournal; keys: string[][] }
): Promise<void> {
  await withFileLock(path, () => {
    const next = change(readJsonObject(path) ?? {});
    if (!next) return;
    const content = pretty ? `${JSON.stringify(next, null, 2)}\n` : JSON.stringify(next);
    journal?.journal.willWrite(path, content, journal.keys);
    writeFileAtomic(path, content, PLAIN_FILE_MODE);
  });
}

/**
 * The environment later sf commands need to use what this login wrote: key.json instead of a keychain. The defaults
 * are not exported (SF_TARGET_ORG would outrank every later `sf config set` or `--set-default`): they live in sf's
 * config files only, as after `sf org login jwt --set-default`.
 */
export function sfEnvironment(): Record<string, string> {
  return { ...KEY_FILE_ENV };
}
