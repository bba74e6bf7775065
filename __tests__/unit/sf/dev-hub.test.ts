// A Dev Hub from sf's state: the errors that name the fix before anything is sent, the stored token used as it is,
// and a refused token replaced by a JWT login in memory, the hub's auth file left byte for byte.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encrypt } from '../../../src/sf/crypto.js';
import { openDevHub, type DevHubContext } from '../../../src/sf/dev-hub.js';
import type { KeyPair } from '../../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../../test-support/salesforce-stub.mjs';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-dev-hub-');
const CLIENT_ID = '3MVG9unit.devhub';
const KEY = '0123456789abcdef0123456789abcdef';
const hub = makeUser('ci@hub.devhub.example.com', { isDevHub: true });
let keys: KeyPair, stub: SalesforceStub, url: string;
beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [hub])));
afterAll(() => stub.stop());

const masked: string[] = [];
const logged: string[] = [];
const ctx = (home: string): DevHubContext => ({
  home,
  env: { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' },
  platform: 'linux',
  requestTimeoutMs: 5000,
  mask: (s) => masked.push(s),
  log: (l) => logged.push(l),
  inputName: 'dev-hub'
});

/** A HOME with the hub's auth file (fields over the defaults) and alias `hub`. */
function homeWithHub(fields: Record<string, unknown>): { home: string; file: string } {
  const home = tmp();
  mkdirSync(join(home, '.sfdx'));
  const keyFile = join(home, 'server.key');
  writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
  writeFileSync(join(home, '.sfdx', 'key.json'), JSON.stringify({ key: KEY }), { mode: 0o600 });
  writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: { hub: hub.username } }));
  const file = join(home, '.sfdx', `${hub.username}.json`);
  const auth = { username: hub.username, instanceUrl: url, loginUrl: url, clientId: CLIENT_ID, privateKey: keyFile };
  writeFileSync(file, JSON.stringify({ ...auth, ...fields }), { mode: 0o600 });
  return { home, file };
}

describe('openDevHub', () => {
  it('a hub sf has no login of: the fix, nothing sent', async () => {
    stub.reset();
    await expect(openDevHub('hub', ctx(tmp()))).rejects.toThrow(
      /^dev-hub hub is not logged in in sf's state here \(no .*\.sfdx\/hub\.json\)\. Log into the Dev Hub first/
    );
    expect(stub.requests).toEqual([]);
  });

  it('no readable token and no JWT login in the auth file: says what to do, nothing sent', async () => {
    stub.reset();
    const { home } = homeWithHub({ privateKey: undefined });
    const session = await openDevHub('hub', ctx(home));
    await expect(session.query('SELECT Id FROM ScratchOrgInfo')).rejects.toThrow(
      /^Dev Hub hub \(ci@hub\.devhub\.example\.com\) has no access token sf can read, and its auth file .* has no JWT login \(privateKey, clientId, loginUrl\)/
    );
    expect(stub.requests).toEqual([]);
  });

  it('uses the stored token (masked), and on a 401 gets a new one by JWT, the auth file untouched', async () => {
    stub.reset();
    const stored = homeWithHub({});
    // A token the stub issued, stored as sf stores it, then expired.
    const first = await openDevHub('hub', ctx(stored.home));
    await first.query('SELECT Id FROM ScratchOrgInfo');
    const issued = [...stub.tokens.keys()].find((t) => stub.tokens.get(t) === hub) as string;
    const content = JSON.parse(readFileSync(stored.file, 'utf8'));
    writeFileSync(stored.file, JSON.stringify({ ...content, accessToken: encrypt(issued, KEY) }), { mode: 0o600 });
    const before = readFileSync(stored.file);
    stub.reset();
    masked.length = 0;
    const session = await openDevHub('hub', ctx(stored.home));
    expect(masked).toEqual([issued]);
    expect(await session.query('SELECT Id FROM ScratchOrgInfo')).toEqual([]);
    expect(stub.tokenRequests()).toEqual([]);
    stub.expireTokens.add(issued);
    const again = await openDevHub('hub', ctx(stored.home));
    expect(await again.query('SELECT Id FROM ScratchOrgInfo')).toEqual([]);
    expect(stub.tokenRequests()).toHaveLength(1);
    expect(masked.length).toBeGreaterThan(1);
    expect(readFileSync(stored.file).equals(before)).toBe(true);
  });

  it('close() revokes the token it got, never the stored one, and tells onToken of each', async () => {
    stub.reset();
    const { home } = homeWithHub({});
    const told: Array<string | undefined> = [];
    const onToken = (t: { accessToken: string } | undefined) => told.push(t?.accessToken);
    // No stored token: the session gets one by JWT, saved through onToken in the tick it arrives.
    const session = await openDevHub('hub', { ...ctx(home), onToken });
    await session.query('SELECT Id FROM ScratchOrgInfo');
    const minted = told[0] as string;
    expect(told).toEqual([minted]);
    expect(stub.tokens.has(minted)).toBe(true);
    await session.close();
    expect(told).toEqual([minted, undefined]);
    expect(stub.revoked.has(minted)).toBe(true);
    // A session that used the stored token (sf's) revokes nothing on close.
    const other = await openDevHub('hub', ctx(home));
    await other.query('SELECT Id FROM ScratchOrgInfo');
    const sfToken = [...stub.tokens.keys()].find((t) => stub.tokens.get(t) === hub) as string;
    const file = join(home, '.sfdx', `${hub.username}.json`);
    const content = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...content, accessToken: encrypt(sfToken, KEY) }), { mode: 0o600 });
    told.length = 0;
    const stored = await openDevHub('hub', { ...ctx(home), onToken });
    await stored.query('SELECT Id FROM ScratchOrgInfo');
    await stored.close();
    expect(told).toEqual([]);
    expect(stub.tokens.has(sfToken)).toBe(true);
    expect(stub.requests.filter((r) => r.path.endsWith('/revoke'))).toHaveLength(1); // the first session's only
  });
});
