// The real sf CLI (installed by script/bootstrap --sf-cli) uses the orgs the built action logged into, with no login
// of its own. sf may contact the public login hosts when a login is rejected, so these tests run only inside a
// network namespace that has nothing but loopback (script/test arranges that when it runs as root).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';
import { runSf, sfBin } from '../../test-support/sf-env.mjs';

const CLIENT_ID = '3MVG9e2e.sfcli';
const hub = makeUser('ci@hub.sfcli.example.com', { isDevHub: true, orgName: 'Hub' });
const scratch = makeUser('test-xyz@scratch.sfcli.example.com', { isScratch: true, orgName: 'Scratch' });
const own = makeUser('admin@own.sfcli.example.com', { orgName: 'Logged in by sf itself' });
let keys: KeyPair, stub: SalesforceStub, url: string;
let job: Job;
const tokens: Record<string, string> = {};

const describeWithSf = sfBin ? describe : describe.skip;

/** sf's JSON answer of a command that must succeed; on failure, the test shows what sf said. */
function ok(r: Awaited<ReturnType<typeof runSf>>) {
  if (r.json?.status !== 0) throw new Error(`sf failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
  return r.json.result;
}

describeWithSf(`the real sf CLI (${process.env.SFJWT_SF_BIN ?? 'not installed'}) on our files`, () => {
  beforeAll(async () => {
    ({ keys, stub, url } = await startStub(CLIENT_ID, [hub, scratch, own]));
    job = new Job();
    const steps = [
      [hub, { alias: 'hub', 'set-default-dev-hub': 'true' }],
      [scratch, { alias: 'so', 'set-default': 'true' }]
    ] as const;
    for (const [user, extra] of steps) {
      const step = await job.runStep({
        'client-id': CLIENT_ID,
        username: user.username,
        'private-key': keys.pkcs8,
        'instance-url': url,
        ...extra
      });
      expect(step.code).toBe(0);
      tokens[user.username] = step.outputs['access-token'];
    }
  });
  afterAll(() => stub?.stop());

  it('sf org display --target-org <alias> shows the org as connected (a scratch org: Active on its hub)', async () => {
    const hubDisplay = await runSf(job, ['org', 'display', '--target-org', 'hub']);
    expect(ok(hubDisplay)).toMatchObject({ id: hub.orgId, alias: 'hub', connectedStatus: 'Connected' });
    // The scratch org's auth file names its hub (found as sf org login jwt finds it), so sf shows the hub's word on it.
    const r = await runSf(job, ['org', 'display', '--target-org', 'so']);
    expect(ok(r)).toMatchObject({
      id: scratch.orgId,
      username: scratch.username,
      instanceUrl: url,
      alias: 'so',
      devHubId: hub.username,
      status: 'Active'
    });
    expect(r.stdout).not.toContain(tokens[scratch.username]);
    expect(hubDisplay.stdout).not.toContain(tokens[hub.username]);
  });

  it('sf org list lists the Dev Hub and the scratch org', async () => {
    const result = ok(await runSf(job, ['org', 'list']));
    const names = (list: Array<{ username: string }> = []) => list.map((o) => o.username);
    expect(names(result.devHubs)).toContain(hub.username);
    // As sf's own `org login jwt` in a HOME that holds the hub, the login asked the hub whether the org is its own
    // and recorded the hub and the expiry, so sf lists it as a scratch org (scratch-sf.test.ts: in a fresh HOME).
    expect(names(result.scratchOrgs)).toContain(scratch.username);
    expect(names(result.other)).not.toContain(scratch.username);
  });

  it('sf org list shows a scratch org as one when sf recorded its hub, and our login keeps that record', async () => {
    const created = new Job();
    const sfdx = join(created.home, '.sfdx');
    const step0 = await created.runStep({
      'client-id': CLIENT_ID,
      username: hub.username,
      'private-key': keys.pkcs8,
      'instance-url': url,
      alias: 'hub'
    });
    expect(step0.code).toBe(0);
    // What `sf org create scratch` leaves in the scratch org's auth file before our login replaces the token.
    writeFileSync(
      join(sfdx, `${scratch.username}.json`),
      JSON.stringify({
        username: scratch.username,
        orgId: scratch.orgId,
        devHubUsername: hub.username,
        expirationDate: '2099-01-01',
        created: '1700000000000'
      }),
      { mode: 0o600 }
    );
    const step = await created.runStep({
      'client-id': CLIENT_ID,
      username: scratch.username,
      'private-key': keys.pkcs8,
      'instance-url': url,
      alias: 'so'
    });
    expect(step.code).toBe(0);
    const result = ok(await runSf(created, ['org', 'list']));
    expect(result.scratchOrgs.map((o: { username: string }) => o.username)).toContain(scratch.username);
  });

  it('sf data query runs against the default org without a login', async () => {
    const before = stub.tokenRequests().length;
    const r = await runSf(job, ['data', 'query', '--query', 'SELECT Id FROM Organization']);
    expect(ok(r).records[0].Id).toBe(scratch.orgId);
    expect(stub.tokenRequests().length).toBe(before);
  });

  it('sf refreshes an expired token itself with the key copy the action left', async () => {
    stub.expireTokens.add(tokens[hub.username]);
    const before = stub.tokenRequests().length;
    const r = await runSf(job, ['data', 'query', '--query', 'SELECT Id FROM Organization', '--target-org', 'hub']);
    expect(ok(r).records[0].Id).toBe(hub.orgId);
    const refresh = stub.tokenRequests().slice(before);
    expect(refresh.length).toBeGreaterThanOrEqual(1);
    expect(refresh.at(-1)).toMatchObject({ outcome: 'token', claims: { iss: CLIENT_ID, sub: hub.username } });
  });

  it('a HOME where sf itself logged in earlier stays valid after the action runs', async () => {
    const mixed = new Job();
    const keyFile = join(mixed.root, 'server.key');
    writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
    const login = await runSf(mixed, [
      'org',
      'login',
      'jwt',
      '--client-id',
      CLIENT_ID,
      '--jwt-key-file',
      keyFile,
      '--username',
      own.username,
      '--instance-url',
      url,
      '--alias',
      'own'
    ]);
    ok(login);
    const keyJson = readFileSync(join(mixed.home, '.sfdx', 'key.json'), 'utf8');
    const step = await mixed.runStep({
      'client-id': CLIENT_ID,
      username: hub.username,
      'private-key': keys.pkcs8,
      'instance-url': url,
      alias: 'hub'
    });
    expect(step.code).toBe(0);
    expect(readFileSync(join(mixed.home, '.sfdx', 'key.json'), 'utf8')).toBe(keyJson);
    for (const alias of ['own', 'hub']) {
      const r = await runSf(mixed, ['org', 'display', '--target-org', alias]);
      expect(ok(r).connectedStatus).toBe('Connected');
    }
  });
});

if (!sfBin) {
  it.skip('the real sf CLI tests need script/test as root (loopback-only network namespace) and SFJWT_SF_BIN', () => {});
}
