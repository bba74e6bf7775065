// The scratch-org steps of the login against a stub hub, with the clock and the sleeps injected: the wait while the
// org is being created (its pace, what it says, what it leaves of approval-timeout), and when the hubs in state are
// not asked at all.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputs } from '../../../src/action/inputs.js';
import { resolveScratchTarget, scratchFieldsFromState, type ScratchIo } from '../../../src/login/scratch-login.js';
import type { KeyPair } from '../../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../../test-support/salesforce-stub.mjs';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-scratch-login-');
const CLIENT_ID = '3MVG9unit.scratchlogin';
const hub = makeUser('ci@hub.scratchlogin.example.com', { isDevHub: true });
let keys: KeyPair, stub: SalesforceStub, url: string;
beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [hub])));
afterAll(() => stub.stop());

/** A HOME whose sf state has the hub (alias hub) with a JWT login and no stored token. */
function homeWithHub(): string {
  const home = tmp();
  mkdirSync(join(home, '.sfdx'));
  const keyFile = join(home, 'server.key');
  writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
  writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: { hub: hub.username } }));
  const auth = { username: hub.username, instanceUrl: url, loginUrl: url, clientId: CLIENT_ID, privateKey: keyFile };
  writeFileSync(join(home, '.sfdx', `${hub.username}.json`), JSON.stringify({ ...auth, isDevHub: true }));
  return home;
}

function io(home: string) {
  let clock = 0;
  const lines: string[] = [];
  const sleeps: number[] = [];
  const value: ScratchIo = {
    home,
    env: { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' },
    info: (l) => lines.push(l),
    debug: () => {},
    mask: () => {},
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    }
  };
  return { value, lines, sleeps };
}

const inputs = (username: string, over: Record<string, string> = {}) =>
  readInputs((name) => {
    const given: Record<string, string> = { 'client-id': CLIENT_ID, username, 'private-key': 'x', 'dev-hub': 'hub' };
    return { ...given, ...over }[name] ?? '';
  });

describe('resolveScratchTarget', () => {
  it('without dev-hub: nothing to do', async () => {
    expect(
      await resolveScratchTarget(inputs('a@example.com', { 'dev-hub': '' }), io(tmp()).value, () => undefined, tmp())
    ).toBe(undefined);
  });

  it('waits 0.5, 1, 2 s while Creating, says so once then briefly, and hands on the rest of approval-timeout', async () => {
    const username = 'creating@scratchlogin.example.com';
    const { org } = await stub.addScratchOrg({ username, creatingQueries: 3 });
    const { value, lines, sleeps } = io(homeWithHub());
    const target = await resolveScratchTarget(
      inputs(username, { 'approval-timeout': '60' }),
      value,
      () => undefined,
      tmp()
    );
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(lines.filter((l) => /Creating/.test(l))).toEqual([
      `The scratch org ${username} on Dev Hub ${hub.username} is still being created (Status Creating); waiting for ` +
        'it, up to 60 s (approval-timeout).',
      'Still Creating (waited 0.5 of 60 s).',
      'Still Creating (waited 1.5 of 60 s).'
    ]);
    expect(target).toMatchObject({
      username,
      url: org?.url,
      audiences: ['https://test.salesforce.com', 'https://login.salesforce.com', org?.url],
      approvalTimeoutMs: 60_000 - 3500
    });
  });

  it('never sleeps past approval-timeout, then fails', async () => {
    const username = 'slow@scratchlogin.example.com';
    await stub.addScratchOrg({ username, creatingMs: 3_600_000 });
    const { value, sleeps } = io(homeWithHub());
    await expect(
      resolveScratchTarget(inputs(username, { 'approval-timeout': '2' }), value, () => undefined, tmp())
    ).rejects.toThrow(/is still being created \(Status Creating\) after 2\.0 s\. Raise approval-timeout/);
    expect(sleeps).toEqual([500, 1000, 500]);
  });

  it('an explicit audience is the only one', async () => {
    const username = 'aud@scratchlogin.example.com';
    await stub.addScratchOrg({ username });
    const target = await resolveScratchTarget(
      inputs(username),
      io(homeWithHub()).value,
      () => 'https://login.salesforce.com',
      tmp()
    );
    expect(target?.audiences).toEqual(['https://login.salesforce.com']);
  });
});

describe('scratchFieldsFromState', () => {
  const token = { accessToken: 't', instanceUrl: url, orgId: '00D000000000001AAA', userId: '005', id: '' };
  it.each([
    ['SF_SKIP_SCRATCH_ORG_CHECK is true', { SF_SKIP_SCRATCH_ORG_CHECK: 'true' }, {}],
    ['the org is a Dev Hub', {}, { isDevHub: true }],
    ['the org is a sandbox', {}, { isSandbox: true }],
    ['the org is no scratch org', {}, { isScratch: false }]
  ])('asks no hub when %s', async (_why, env, facts) => {
    stub.reset();
    const { value } = io(homeWithHub());
    value.env = { ...value.env, ...env };
    expect(await scratchFieldsFromState(inputs('x@example.com'), 'x@example.com', token, facts, value)).toBeUndefined();
    expect(stub.requests).toEqual([]);
  });
});
