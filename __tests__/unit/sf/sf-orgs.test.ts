// Other orgs in sf's state, read only: aliases, auth files, the Dev Hubs sf would ask, and a stored token decrypted
// with sf's key (key.json here; the keyrings have their own tests in keychain.test.ts).
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encrypt } from '../../../src/sf/crypto.js';
import { accessTokenOf, devHubsInState, readOrgAuth, readSfKey, resolveAlias } from '../../../src/sf/sf-orgs.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-sf-orgs-');
const KEY = '0123456789abcdef0123456789abcdef';
const KEY_FILE_ENV = { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' };

function home(files: Record<string, unknown>): string {
  const dir = tmp();
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
  }
  return dir;
}

describe('sf-orgs', () => {
  it('resolves an alias through alias.json; anything else is taken as a username', () => {
    const h = home({ '.sfdx/alias.json': { orgs: { hub: 'ci@hub.example.com' } } });
    expect(resolveAlias(h, 'hub')).toBe('ci@hub.example.com');
    expect(resolveAlias(h, 'ci@other.example.com')).toBe('ci@other.example.com');
    expect(resolveAlias(tmp(), 'hub')).toBe('hub');
  });

  it('reads an auth file, or says there is none', () => {
    const h = home({ '.sfdx/ci@hub.example.com.json': { username: 'ci@hub.example.com', isDevHub: true } });
    expect(readOrgAuth(h, 'ci@hub.example.com')).toMatchObject({ username: 'ci@hub.example.com' });
    expect(readOrgAuth(h, 'nobody@example.com')).toBeUndefined();
  });

  it('lists the Dev Hubs sf would ask: the configured one first, then auth files with isDevHub, once each', () => {
    const h = home({
      '.sfdx/alias.json': { orgs: { main: 'b@hub.example.com' } },
      '.sf/config.json': { 'target-dev-hub': 'main' },
      '.sfdx/a@hub.example.com.json': { username: 'a@hub.example.com', isDevHub: true },
      '.sfdx/b@hub.example.com.json': { username: 'b@hub.example.com', isDevHub: true },
      '.sfdx/c@prod.example.com.json': { username: 'c@prod.example.com', isDevHub: false },
      '.sfdx/broken@x.example.com.json': '{not json',
      '.sfdx/key.json': { key: KEY }
    });
    expect(devHubsInState(h, {})).toEqual(['b@hub.example.com', 'a@hub.example.com']);
    expect(devHubsInState(h, { SF_TARGET_DEV_HUB: 'env@hub.example.com' })[0]).toBe('env@hub.example.com');
    expect(devHubsInState(tmp(), {})).toEqual([]);
  });

  it("decrypts a stored token with sf's key, and never writes anything", async () => {
    const token = '00D000000000001!AQ0AQ.token';
    const h = home({
      '.sfdx/key.json': { account: 'local', key: KEY, service: 'sfdx' },
      '.sfdx/ci@hub.example.com.json': { username: 'ci@hub.example.com', accessToken: encrypt(token, KEY) }
    });
    const before = readdirSync(join(h, '.sfdx')).map((f) => readFileSync(join(h, '.sfdx', f), 'utf8'));
    const key = await readSfKey(h, KEY_FILE_ENV, 'linux');
    expect(key).toBe(KEY);
    const auth = readOrgAuth(h, 'ci@hub.example.com');
    expect(auth && accessTokenOf(auth, key)).toBe(token);
    // Another key, no key, or no token: no token (then the hub gets a new one by JWT).
    expect(auth && accessTokenOf(auth, 'f'.repeat(32))).toBeUndefined();
    expect(auth && accessTokenOf(auth, undefined)).toBeUndefined();
    expect(await readSfKey(tmp(), KEY_FILE_ENV, 'linux')).toBeUndefined();
    expect(readdirSync(join(h, '.sfdx')).map((f) => readFileSync(join(h, '.sfdx', f), 'utf8'))).toEqual(before);
  });
});
