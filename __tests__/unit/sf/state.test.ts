// sf state write and undo, side by side: what writeSfState changed, removeSfState takes back, and only that.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE_ENV } from '../../../src/sf/key-file.js';
import { sfPaths } from '../../../src/sf/paths.js';
import { removeSfState, sfEnvironment, writeSfState, type SfStateRequest } from '../../../src/sf/state.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-state-');
const username = 'ci@example.com';

const request = (home: string, over: Partial<SfStateRequest> = {}): SfStateRequest => ({
  home,
  username,
  token: {
    accessToken: '00Dx!tok',
    instanceUrl: 'https://acme.my.salesforce.com',
    orgId: '00Dx',
    userId: '005x',
    id: ''
  },
  loginUrl: 'https://login.salesforce.com',
  clientId: '3MVG9unit',
  privateKeyPath: join(home, 'server.key'),
  facts: { isDevHub: false },
  alias: 'ci',
  defaults: ['target-org', 'target-dev-hub'],
  ...over
});
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('sf state: write, then remove', () => {
  it('removes the auth file, alias and defaults it added, and keeps other entries', async () => {
    const home = tmp();
    const paths = sfPaths(home);
    mkdirSync(paths.sfdxDir, { recursive: true });
    writeFileSync(paths.aliasFile, JSON.stringify({ orgs: { other: 'other@example.com' } }));
    const changes = await writeSfState(request(home));
    expect(readJson(paths.aliasFile).orgs).toEqual({ other: 'other@example.com', ci: username });

    const removed = await removeSfState({ home, username, changes });
    expect(existsSync(changes.authFile)).toBe(false);
    expect(readJson(paths.aliasFile).orgs).toEqual({ other: 'other@example.com' });
    expect(readJson(paths.sfConfigFile)).toEqual({});
    expect(readJson(paths.sfdxConfigFile)).toEqual({});
    expect(removed).toEqual([
      changes.authFile,
      'alias ci',
      `target-org in ${paths.sfConfigFile}`,
      `defaultusername in ${paths.sfdxConfigFile}`,
      `target-dev-hub in ${paths.sfConfigFile}`,
      `defaultdevhubusername in ${paths.sfdxConfigFile}`
    ]);
    expect(existsSync(paths.keyFile)).toBe(true); // other logins may use the key
  });

  it('keeps what a later step changed: an alias pointed elsewhere, another default, an auth file from before', async () => {
    const home = tmp();
    const paths = sfPaths(home);
    await writeSfState(request(home));
    const changes = await writeSfState(request(home)); // the second login found the first one's auth file
    expect(changes.authFileCreated).toBe(false);
    writeFileSync(paths.aliasFile, JSON.stringify({ orgs: { ci: 'someone-else@example.com' } }));
    writeFileSync(paths.sfConfigFile, JSON.stringify({ 'target-org': 'other', 'target-dev-hub': 'ci' }));

    const removed = await removeSfState({ home, username, changes });
    expect(existsSync(changes.authFile)).toBe(true);
    expect(readJson(paths.aliasFile).orgs).toEqual({ ci: 'someone-else@example.com' });
    expect(readJson(paths.sfConfigFile)).toEqual({ 'target-org': 'other' });
    expect(removed).not.toContain(changes.authFile);
  });

  it('gives later sf commands key.json and the defaults that were set', async () => {
    const changes = await writeSfState(request(tmp()));
    expect(sfEnvironment(changes)).toEqual({ ...KEY_FILE_ENV, SF_TARGET_ORG: 'ci', SF_TARGET_DEV_HUB: 'ci' });
    expect(sfEnvironment({ ...changes, config: [] })).toEqual({ SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' });
  });
});
