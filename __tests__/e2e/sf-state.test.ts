// The sf state the built action writes, read back by the real @salesforce/core (not by our own code).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';
import { readWithCore } from '../../test-support/sf-env.mjs';

const CLIENT_ID = '3MVG9e2e.state';
let keys: KeyPair, stub: SalesforceStub, url: string;
const hub = makeUser('ci@hub.example.com', { isDevHub: true, orgName: 'Hub' });
const scratch = makeUser('test-abc@scratch.example.com', { isScratch: true });
const uat = makeUser('ci@acme.com.uat', { isSandbox: true });
const qa = makeUser('ci@acme.com.qa', { isSandbox: true });

beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [hub, scratch, uat, qa])));
afterAll(() => stub.stop());
beforeEach(() => {
  stub.failRest.clear();
});

const inputs = (username: string, over: Record<string, string> = {}) => ({
  'client-id': CLIENT_ID,
  username,
  'private-key': keys.pkcs1,
  'instance-url': url,
  ...over
});
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const authFileOf = (job: Job, username: string) =>
  JSON.parse(readFileSync(join(job.home, '.sfdx', `${username}.json`), 'utf8'));

describe('sf state read back by @salesforce/core', () => {
  it('writes an auth file, key, alias and defaults that core reads as a JWT login', async () => {
    const job = new Job();
    const step = await job.runStep(
      inputs(hub.username, { alias: 'hub', 'set-default': 'true', 'set-default-dev-hub': 'true' })
    );
    expect(step.code).toBe(0);
    const core = await readWithCore(job, { username: hub.username, alias: 'hub', orgCreate: true });
    expect(core.error).toBeUndefined();
    expect(core.accessToken).toBe(step.outputs['access-token']);
    expect(core.instanceUrl).toBe(url);
    expect(core.orgId).toBe(hub.orgId);
    expect(core.isJwt).toBe(true);
    expect(core.aliasTarget).toBe(hub.username);
    expect(core.targetOrg).toBe('hub');
    expect(core.targetDevHub).toBe('hub');
    expect(core.orgCreateId).toBe(hub.orgId);
    expect(core.orgIsDevHub).toBe(true);

    const sfdx = join(job.home, '.sfdx');
    expect(mode(sfdx)).toBe('700');
    expect(mode(join(sfdx, 'key.json'))).toBe('600');
    expect(mode(join(sfdx, `${hub.username}.json`))).toBe('600');
    expect(readFileSync(join(sfdx, 'key.json'), 'utf8')).toMatch(
      /^\{\n {4}"account": "local",\n {4}"key": "[0-9a-f]{32}",\n {4}"service": "sfdx"\n\}$/
    );
    const auth = authFileOf(job, hub.username);
    expect(Object.keys(auth)).toEqual([
      'accessToken',
      'orgId',
      'loginUrl',
      'privateKey',
      'clientId',
      'instanceUrl',
      'isDevHub',
      'username',
      'instanceApiVersion',
      'instanceApiVersionLastRetrieved',
      'name',
      'instanceName',
      'namespacePrefix',
      'isSandbox',
      'isScratch',
      'trailExpirationDate',
      'orgEdition'
    ]);
    expect(auth).toMatchObject({
      loginUrl: url,
      clientId: CLIENT_ID,
      isDevHub: true,
      instanceApiVersion: '66.0',
      name: 'Hub',
      isSandbox: false,
      isScratch: false
    });
    expect(auth.accessToken).not.toContain(step.outputs['access-token']);
    // The key copy sf refreshes with: under RUNNER_TEMP, 0600, the decrypted PKCS#8 form.
    expect(auth.privateKey.startsWith(job.runnerTemp)).toBe(true);
    expect(mode(auth.privateKey)).toBe('600');
    expect(readFileSync(auth.privateKey, 'utf8')).toBe(keys.pkcs8);
    expect(step.state['key-dir']).toBe(join(auth.privateKey, '..'));
    // Later steps.
    // Later steps get key.json only: the defaults live in sf's config files, where a later sf command can change them.
    expect(step.exportedEnv).toEqual({ SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' });
    expect(step.outputs['auth-file']).toBe(join(sfdx, `${hub.username}.json`));
    expect(step.outputs.alias).toBe('hub');
    expect(JSON.parse(readFileSync(join(job.home, '.sf', 'config.json'), 'utf8'))).toEqual({
      'target-org': 'hub',
      'target-dev-hub': 'hub'
    });
    expect(JSON.parse(readFileSync(join(sfdx, 'sfdx-config.json'), 'utf8'))).toEqual({
      defaultusername: 'hub',
      defaultdevhubusername: 'hub'
    });
  });

  it.each([
    ['v1', {}],
    ['v2', { SF_CRYPTO_V2: 'true' }]
  ])('reuses a %s key.json that core itself created, byte for byte', async (version, env) => {
    const job = new Job();
    const made = await readWithCore(job, { createKey: version }, env);
    expect(made.error).toBeUndefined();
    const keyFile = join(job.home, '.sfdx', 'key.json');
    const before = readFileSync(keyFile, 'utf8');
    expect(JSON.parse(before).key).toHaveLength(version === 'v2' ? 64 : 32);
    const step = await job.runStep(inputs(uat.username, { alias: 'uat' }));
    expect(step.code).toBe(0);
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
    const core = await readWithCore(job, { username: uat.username, alias: 'uat' }, env);
    expect(core.error).toBeUndefined();
    expect(core.accessToken).toBe(step.outputs['access-token']);
  });

  it('adds four logins to one HOME in sequence, keeping every earlier org', async () => {
    const job = new Job();
    const logins: Array<[typeof hub, string, Record<string, string>]> = [
      [hub, 'hub', { 'set-default-dev-hub': 'true' }],
      [scratch, 'so', { 'set-default': 'true' }],
      [uat, 'uat', {}],
      [qa, 'qa', {}]
    ];
    const tokens: Record<string, string> = {};
    for (const [user, alias, extra] of logins) {
      const step = await job.runStep(inputs(user.username, { alias, ...extra }));
      expect(step.code).toBe(0);
      tokens[user.username] = step.outputs['access-token'];
    }
    for (const [user, alias] of logins) {
      const core = await readWithCore(job, { username: user.username, alias });
      expect(core.error).toBeUndefined();
      expect(core.accessToken).toBe(tokens[user.username]);
      expect(core.aliasTarget).toBe(user.username);
      expect(core.targetDevHub).toBe('hub');
      expect(core.targetOrg).toBe('so');
      expect(core.allUsernames.sort()).toEqual(logins.map(([u]) => u.username).sort());
    }
    expect(authFileOf(job, scratch.username)).toMatchObject({
      isScratch: true,
      isSandbox: false,
      trailExpirationDate: '2099-01-01T00:00:00.000+0000'
    });
    expect(authFileOf(job, uat.username)).toMatchObject({ isScratch: false, isSandbox: true, isDevHub: false });
  });

  it('survives four concurrent logins into one fresh HOME: one key.json, every file valid, every org usable', async () => {
    const job = new Job();
    const users = [hub, scratch, uat, qa];
    const steps = await Promise.all(
      users.map((u, i) =>
        job.runStep(inputs(u.username, { alias: `org${i}`, 'set-default': i === 0 ? 'true' : 'false' }))
      )
    );
    for (const s of steps) expect(s.code).toBe(0);
    const sfdx = join(job.home, '.sfdx');
    const aliases = JSON.parse(readFileSync(join(sfdx, 'alias.json'), 'utf8'));
    expect(aliases.orgs).toEqual(Object.fromEntries(users.map((u, i) => [`org${i}`, u.username])));
    for (const [i, u] of users.entries()) {
      const core = await readWithCore(job, { username: u.username, alias: `org${i}` });
      expect(core.error).toBeUndefined();
      expect(core.accessToken).toBe(steps[i].outputs['access-token']);
    }
    expect(existsSync(join(sfdx, 'alias.json.lock'))).toBe(false);
  });

  it('leaves out the facts it could not learn, with a warning, rather than guessing', async () => {
    stub.failRest.add('devhub');
    stub.failRest.add('organization');
    const job = new Job();
    const step = await job.runStep(inputs(hub.username));
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(
      /::warning::sf-jwt-login: Could not read the Dev Hub check \(HTTP 500\), the Organization query \(HTTP 500\)/
    );
    const auth = authFileOf(job, hub.username);
    expect(auth).not.toHaveProperty('isDevHub');
    expect(auth).not.toHaveProperty('orgEdition');
    expect(auth.instanceApiVersion).toBe('66.0');
    const core = await readWithCore(job, { username: hub.username, orgCreate: true });
    expect(core.error).toBeUndefined();
    expect(core.orgCreateId).toBe(hub.orgId);
  });

  it('keeps what sf recorded about an org (devHubUsername) but drops credentials of other flows', async () => {
    const job = new Job();
    const sfdx = join(job.home, '.sfdx');
    mkdirSync(sfdx, { recursive: true });
    writeFileSync(
      join(sfdx, `${scratch.username}.json`),
      JSON.stringify({
        username: scratch.username,
        devHubUsername: hub.username,
        refreshToken: 'old',
        created: '1700000000000'
      }),
      { mode: 0o600 }
    );
    const step = await job.runStep(inputs(scratch.username));
    expect(step.code).toBe(0);
    const auth = authFileOf(job, scratch.username);
    expect(auth).toMatchObject({ devHubUsername: hub.username, created: '1700000000000', username: scratch.username });
    expect(auth).not.toHaveProperty('refreshToken');
  });

  it('writes nothing under HOME with write-sf-state: false', async () => {
    const job = new Job();
    const step = await job.runStep(inputs(hub.username, { 'write-sf-state': 'false' }));
    expect(step.code).toBe(0);
    expect(existsSync(join(job.home, '.sfdx'))).toBe(false);
    expect(step.outputs['auth-file']).toBe('');
    expect(step.exportedEnv).toEqual({});
  });
});
