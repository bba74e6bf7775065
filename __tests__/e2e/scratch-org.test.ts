// A scratch org by its username, end to end through dist/ (issue 13 items 1 and 2): an earlier step logs into the
// Dev Hub; a later one gives `dev-hub` and the scratch org's username only. The hub stub answers the ScratchOrgInfo
// query with real SOQL (test-support/soql.mjs), the scratch org lives on its own loopback host (its LoginUrl), and
// each status the hub can report ends in its own clear message. Also: a hub token that has expired (a new one by
// JWT, the hub's auth file untouched), the username quoting attempt, and the hubs in state asked without dev-hub.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeUser, type SalesforceStub } from '../../test-support/salesforce-stub.mjs';
import { Job, maskedValues, repoRoot, runProcess, visibleLog } from '../../test-support/runner.mjs';
import { parseSoql } from '../../test-support/soql.mjs';
import { useStub } from '../../test-support/stub-suite.mjs';

const CLIENT_ID = '3MVG9e2e.scratch';
const hub = makeUser('ci@hub.example.com', { isDevHub: true, orgName: 'Hub' });
const notHub = makeUser('ci@prod.example.com', { orgName: 'Production' });
const suite = useStub(CLIENT_ID, [hub, notHub]);
const TEST_AUDIENCE = 'https://test.salesforce.com';

let serial = 0;
const newUsername = () => `test-${Date.now().toString(36)}-${++serial}@example.com`;

/** A job whose first step logged into the Dev Hub with this action, alias `hub`. */
async function jobWithHub(user = hub, alias = 'hub') {
  const job = new Job();
  const step = await job.runStep(suite.inputs({ username: user.username, alias }));
  expect(step.code).toBe(0);
  suite.stub.reset();
  return { job, hubStep: step };
}

/** A scratch org of the hub, on its own host. */
async function addScratch(options: Parameters<SalesforceStub['addScratchOrg']>[0]) {
  const made = await suite.stub.addScratchOrg(options);
  if (!made.org) throw new Error('addScratchOrg started no host');
  return { ...made, org: made.org };
}

/** The scratch-org login step: dev-hub and username, no instance-url. */
const scratchInputs = (username: string, over: Record<string, string> = {}) => {
  const { 'instance-url': _none, ...inputs } = suite.inputs({ username, 'dev-hub': 'hub', alias: 'so' });
  return { ...inputs, ...over };
};
/** Warnings other than the one every login at a plain-http loopback stub gets. */
const warningsOf = (step: { stdout: string }) =>
  step.stdout.split('\n').filter((l) => l.startsWith('::warning::') && !l.includes('is plain http on a loopback'));
const errorsOf = (step: { stdout: string }) => step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
const authFile = (job: Job, username: string) => join(job.home, '.sfdx', `${username}.json`);
const readAuth = (job: Job, username: string) => JSON.parse(readFileSync(authFile(job, username), 'utf8'));

describe('scratch org by username (dev-hub)', () => {
  it("asks the hub, logs in at the org's own LoginUrl with the test audience, and writes the scratch fields", async () => {
    const { job } = await jobWithHub();
    const username = newUsername();
    const { org, info, user } = await addScratch({ username, notApproved: 1 });
    const step = await job.runStep(scratchInputs(username));
    expect(step.stderr).toBe('');
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({
      username,
      'login-url': org.url,
      'instance-url': org.url,
      'dev-hub': hub.username,
      'expiration-date': info.ExpirationDate,
      alias: 'so'
    });
    expect(step.stdout).toContain(
      `Logging in ${username} at ${org.url} (its LoginUrl on Dev Hub ${hub.username}), audience ${TEST_AUDIENCE}.`
    );
    // "user hasn't approved" at the new org is waited out as for any login.
    expect(org.tokenRequests().map((r) => [r.outcome, r.claims.aud, r.claims.sub])).toEqual([
      ["invalid_grant: user hasn't approved this consumer", TEST_AUDIENCE, username],
      ['token', TEST_AUDIENCE, username]
    ]);
    // One query on the hub, with the literal username; no token request there (the stored token was used).
    expect(suite.stub.queries()).toEqual([
      'SELECT Id, SignupUsername, LoginUrl, Status, ErrorCode, ExpirationDate, ScratchOrg, CreatedDate, ' +
        `SignupInstance, Namespace FROM ScratchOrgInfo WHERE SignupUsername = '${username}' ORDER BY CreatedDate ` +
        'DESC LIMIT 1'
    ]);
    expect(suite.stub.tokenRequests()).toEqual([]);
    // The auth file carries what sf org create scratch writes.
    const auth = readAuth(job, username);
    expect(auth).toMatchObject({
      username,
      orgId: user.orgId,
      instanceUrl: org.url,
      loginUrl: org.url,
      clientId: CLIENT_ID,
      devHubUsername: hub.username,
      created: String(Date.parse(info.CreatedDate.replace('+0000', 'Z'))),
      expirationDate: info.ExpirationDate,
      createdOrgInstance: info.SignupInstance,
      isDevHub: false,
      isScratch: true,
      isSandbox: false
    });
    // The post step removes the scratch org's login and leaves the hub's.
    const post = await job.runPost(step, scratchInputs(username));
    expect(post.code).toBe(0);
    expect(readdirSync(join(job.home, '.sfdx')).sort()).toEqual(['alias.json', `${hub.username}.json`, 'key.json']);
  });

  it('waits while the org is being created, saying so once and then briefly', async () => {
    const { job } = await jobWithHub();
    const username = newUsername();
    const { org } = await addScratch({ username, creatingQueries: 2 });
    const step = await job.runStep(scratchInputs(username));
    expect(step.code).toBe(0);
    expect(step.outputs['login-url']).toBe(org.url);
    const lines = step.stdout.split('\n');
    expect(lines.filter((l) => l.includes('is still being created'))).toEqual([
      `The scratch org ${username} on Dev Hub ${hub.username} is still being created (Status Creating); waiting ` +
        'for it, up to 300 s (approval-timeout).'
    ]);
    expect(lines.filter((l) => /^Still Creating \(waited [\d.]+ of 300 s\)\.$/.test(l))).toHaveLength(1);
    expect(suite.stub.queries()).toHaveLength(3);
  });

  it('ends the wait at approval-timeout with one clear error', async () => {
    const { job } = await jobWithHub();
    const username = newUsername();
    await addScratch({ username, creatingMs: 60_000 });
    const step = await job.runStep(scratchInputs(username, { 'approval-timeout': '2' }));
    expect(step.code).toBe(1);
    expect(errorsOf(step)).toHaveLength(1);
    expect(errorsOf(step)[0]).toMatch(
      /is still being created \(Status Creating\) after 2\.\d s\. Raise approval-timeout \(up to 3600 s\)/
    );
    expect(readdirSync(join(job.home, '.sfdx'))).not.toContain(`${username}.json`);
  });

  it.each([
    ['deleted', { Status: 'Deleted' }, /has been deleted \(ScratchOrgInfo Status Deleted\)\. Create a new scratch org/],
    [
      'failed (ErrorCode quoted, with the app-type hint for C-1016)',
      { Status: 'Error', ErrorCode: 'C-1016' },
      /failed to be created \(Status Error, ErrorCode C-1016\)\. .*an External Client App is not copied/
    ],
    ['expired', { ExpirationDate: '2020-01-31' }, /expired on 2020-01-31 \(its ExpirationDate\)\. Create a new/]
  ])('an org that is %s: one clear error, no login, nothing written', async (_what, info, message) => {
    const { job } = await jobWithHub();
    const username = newUsername();
    const { org } = await addScratch({ username, info });
    const step = await job.runStep(scratchInputs(username));
    expect(step.code).toBe(1);
    expect(errorsOf(step)).toHaveLength(1);
    expect(errorsOf(step)[0]).toMatch(message);
    expect(errorsOf(step)[0]).toContain(`scratch org ${username} on Dev Hub ${hub.username}`);
    expect(org.requests).toEqual([]);
    expect(readdirSync(join(job.home, '.sfdx'))).not.toContain(`${username}.json`);
  });

  it('no such scratch org on the hub: says so, naming both', async () => {
    const { job } = await jobWithHub();
    const step = await job.runStep(scratchInputs('nobody@example.com'));
    expect(step.code).toBe(1);
    expect(errorsOf(step)).toEqual([
      `::error::sf-jwt-login: There is no scratch org nobody@example.com on Dev Hub ${hub.username}: its ` +
        'ScratchOrgInfo has no record with that SignupUsername. Check username (the username sf org create scratch ' +
        'printed) and dev-hub (the Dev Hub that created the org).'
    ]);
  });

  it('a dev-hub that is not logged in here: names the fix, sends nothing', async () => {
    const job = new Job();
    const step = await job.runStep(scratchInputs(newUsername()));
    expect(step.code).toBe(1);
    expect(errorsOf(step)).toHaveLength(1);
    expect(errorsOf(step)[0]).toMatch(
      /dev-hub hub is not logged in in sf's state here \(no .*\/\.sfdx\/hub\.json\)\. Log into the Dev Hub first, in an earlier step of this job: this action/
    );
    expect(suite.stub.allRequests()).toEqual([]);
    expect(readdirSync(job.home)).toEqual([]);
  });

  it('a dev-hub that is no Dev Hub: its refusal of the ScratchOrgInfo query is quoted', async () => {
    const { job } = await jobWithHub(notHub, 'prod');
    const step = await job.runStep(scratchInputs(newUsername(), { 'dev-hub': 'prod' }));
    expect(step.code).toBe(1);
    expect(errorsOf(step)).toHaveLength(1);
    expect(errorsOf(step)[0]).toMatch(
      /dev-hub prod \(ci@prod\.example\.com\) is not a Dev Hub: http:\/\/127\.0\.0\.1:\d+ refuses ScratchOrgInfo queries \(INVALID_TYPE: sObject type 'ScratchOrgInfo' is not supported/
    );
  });

  it("a hub token that has expired: a new one by JWT, masked, and the hub's auth file byte for byte as it was", async () => {
    const { job, hubStep } = await jobWithHub();
    const hubFile = authFile(job, hub.username);
    const before = readFileSync(hubFile);
    suite.stub.expireTokens.add(hubStep.outputs['access-token']);
    const issued = new Set(suite.stub.tokens.keys());
    const username = newUsername();
    const { org } = await addScratch({ username });
    const step = await job.runStep(scratchInputs(username));
    expect(step.code).toBe(0);
    expect(step.outputs['login-url']).toBe(org.url);
    expect(suite.stub.requests.map((r) => [r.path.replace(/\/v\d+\.\d\//, '/vN/'), r.outcome])).toEqual([
      ['/services/data/vN/query', '401'],
      ['/services/oauth2/token', 'token'],
      ['/services/data/vN/query', 'ok'],
      // The token got for the lookup is no one else's: revoked once the lookup is done.
      ['/services/oauth2/revoke', 'revoked']
    ]);
    expect(suite.stub.tokenRequests()[0].claims).toMatchObject({ sub: hub.username, iss: CLIENT_ID });
    expect(step.stdout).toContain('Revoked the token got for Dev Hub hub (ci@hub.example.com).');
    expect(step.stdout).toContain(
      'Dev Hub hub (ci@hub.example.com) access token was refused (INVALID_SESSION_ID: Session expired or invalid); ' +
        'getting a new token with its JWT key, as sf would.'
    );
    const fresh = [...suite.stub.revoked].filter((t) => !issued.has(t));
    expect(fresh).toHaveLength(1);
    expect(suite.stub.requests.find((r) => r.outcome === 'revoked')?.token).toBe(fresh[0]);
    expect(maskedValues(step.stdout)).toContain(fresh[0]);
    expect(visibleLog(step)).not.toContain(fresh[0]);
    expect(readFileSync(hubFile).equals(before)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'a step stopped by %s while it waits for the org, after renewing the hub token: that token is revoked',
    async (signal) => {
      const { job, hubStep } = await jobWithHub();
      suite.stub.expireTokens.add(hubStep.outputs['access-token']);
      const issued = new Set(suite.stub.tokens.keys());
      const username = newUsername();
      await addScratch({ username, creatingMs: 60_000 });
      // Stopped just after the renewed hub token is in use: its ScratchOrgInfo query answered "Creating".
      const queried = () => suite.stub.requests.filter((r) => r.outcome === 'ok').length > 0;
      const main = await job.runStep(scratchInputs(username), { kill: { afterMs: 100, signal, when: queried } });
      expect(main.code).not.toBe(0);
      const fresh = () =>
        [...suite.stub.tokens.keys()].filter((t) => !issued.has(t) && suite.stub.tokens.get(t) === hub);
      if (signal === 'SIGTERM') {
        // The step's own roll-back revokes it, before it exits 143.
        expect(main.code).toBe(143);
        expect(main.stdout).toContain('Rolled back: revoked the token got for the Dev Hub.');
        expect(fresh()).toEqual([]);
      } else {
        expect(fresh()).toHaveLength(1);
      }
      const post = await job.runPost(main, {});
      expect(post.code).toBe(0);
      expect(fresh()).toEqual([]);
      if (signal === 'SIGKILL') expect(post.stdout).toContain('Post step: revoked the token got for the Dev Hub.');
      // The step's private folder (its key for the sealed token) goes with the post step.
      expect(existsSync(main.state['key-dir'])).toBe(false);
    }
  );

  it('the quoting attempt: a quote in username cannot widen the query to another org', async () => {
    const { job } = await jobWithHub();
    // Another active org on the hub, which a query broken open by the quotes would find.
    await addScratch({ username: newUsername() });
    const hostile = "'OR(Status='Active')OR(SignupUsername='x@example.com";
    const step = await job.runStep(scratchInputs(hostile));
    expect(step.code).toBe(1);
    expect(errorsOf(step)[0]).toContain(`There is no scratch org ${hostile} on Dev Hub ${hub.username}`);
    const [query] = suite.stub.queries();
    // What the hub received is one condition on SignupUsername, whose value is the username exactly as given.
    expect(parseSoql(query).where).toEqual({
      op: '=',
      field: 'SignupUsername',
      values: [{ literal: hostile, like: expect.any(String) }]
    });
  });

  it('dev-hub with instance-url: the token goes to instance-url, the hub still gives the scratch fields', async () => {
    const { job } = await jobWithHub();
    const username = newUsername();
    const { org, info } = await addScratch({ username });
    const step = await job.runStep(scratchInputs(username, { 'instance-url': org.url }));
    expect(step.code).toBe(0);
    expect(step.stdout).toContain(`Logging in ${username} at ${org.url} (instance-url), audience ${TEST_AUDIENCE}.`);
    expect(readAuth(job, username)).toMatchObject({
      devHubUsername: hub.username,
      expirationDate: info.ExpirationDate
    });
  });

  it('dev-hub with sandbox: one clear error, nothing sent', async () => {
    const { job } = await jobWithHub();
    const step = await job.runStep(scratchInputs(newUsername(), { sandbox: 'uat' }));
    expect(errorsOf(step)).toEqual([
      '::error::sf-jwt-login: dev-hub and sandbox do not go together: dev-hub finds a scratch org, sandbox a ' +
        'sandbox. Give one of them.'
    ]);
    expect(suite.stub.allRequests()).toEqual([]);
  });

  it('the command line: --dev-hub, with the hub and expiry in its JSON', async () => {
    const { job } = await jobWithHub();
    const username = newUsername();
    const { org, info } = await addScratch({ username });
    const keyFile = join(job.root, 'server.key');
    writeFileSync(keyFile, suite.keys.pkcs8, { mode: 0o600 });
    const r = await runProcess(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'login', '-i', CLIENT_ID, '-f', keyFile, '-o', username, '--dev-hub', 'hub'],
      { env: { PATH: process.env.PATH ?? '', HOME: job.home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, cwd: job.root }
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Logging in ${username} at ${org.url} (its LoginUrl on Dev Hub ${hub.username})`);
    const r2 = await runProcess(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'login', '-i', CLIENT_ID, '-f', keyFile, '-o', username, '--dev-hub'].concat([
        'hub',
        '--json'
      ]),
      { env: { PATH: process.env.PATH ?? '', HOME: job.home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, cwd: job.root }
    );
    expect(JSON.parse(r2.stdout).result).toMatchObject({
      username,
      loginUrl: org.url,
      devHub: hub.username,
      expirationDate: info.ExpirationDate
    });
  });
});

describe('scratch org of a Dev Hub in state, without dev-hub (as sf org login jwt)', () => {
  it('asks the hubs in state whether the org is theirs and writes the scratch fields', async () => {
    const { job } = await jobWithHub();
    const username = newUsername();
    const { org, info, user } = await addScratch({ username });
    const step = await job.runStep(suite.inputs({ username, 'instance-url': org.url }));
    expect(step.code).toBe(0);
    expect(step.outputs).toMatchObject({ 'dev-hub': hub.username, 'expiration-date': info.ExpirationDate });
    const orgId15 = user.orgId.slice(0, 15);
    expect(suite.stub.queries()).toEqual([
      'SELECT Id, SignupUsername, LoginUrl, Status, ErrorCode, ExpirationDate, ScratchOrg, CreatedDate, ' +
        `SignupInstance, Namespace FROM ScratchOrgInfo WHERE ScratchOrg = '${orgId15}' AND Status = 'Active'`
    ]);
    expect(readAuth(job, username)).toMatchObject({
      devHubUsername: hub.username,
      expirationDate: info.ExpirationDate,
      isScratch: true
    });
  });

  it('a hub that does not own the org, or fails: no scratch fields, no warning, the login succeeds', async () => {
    const { job } = await jobWithHub();
    const other = makeUser(newUsername(), { isScratch: true });
    const org = await suite.stub.addOrg({ users: [other], audiences: [TEST_AUDIENCE] });
    const step = await job.runStep(suite.inputs({ username: other.username, 'instance-url': org.url }));
    expect(step.code).toBe(0);
    expect(warningsOf(step)).toEqual([]);
    expect(step.stdout).toMatch(/::debug::Dev Hub ci@hub\.example\.com has no active scratch org/);
    expect(step.outputs['dev-hub']).toBe('');
    expect(readAuth(job, other.username)).not.toHaveProperty('devHubUsername');

    suite.stub.refuseApi = 'invalid-session';
    const again = await job.runStep(suite.inputs({ username: other.username, 'instance-url': org.url }));
    expect(again.code).toBe(0);
    expect(warningsOf(again)).toEqual([]);
    expect(errorsOf(again)).toEqual([]);
  });

  it('a production or Dev Hub login asks no hub', async () => {
    const { job } = await jobWithHub();
    const step = await job.runStep(suite.inputs({ username: notHub.username }));
    expect(step.code).toBe(0);
    expect(suite.stub.queries().filter((q) => /ScratchOrg =/.test(q))).toEqual([]);
  });
});
