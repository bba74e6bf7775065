// Issue 12 §1, §2 and §5 with the real sf CLI on a shared HOME (runs only in the loopback-only namespace, like
// sf-cli.test.ts): a later sf command's default wins over ours; an earlier `sf org login sfdx-url` login of the same
// user still refreshes after our login and post; the token sf refreshed with our key copy is revoked by post; a
// scratch org that `sf org create scratch --set-default` makes with our hub login (the stub's Dev Hub signs it up,
// test-support/stub-scratch-create.mjs) becomes sf's default, and post leaves its auth file, alias and target-org.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';
import { readWithCore, runSf, sfBin } from '../../test-support/sf-env.mjs';
import { makeTlsCert } from '../../test-support/tls-cert.mjs';

const CLIENT_ID = '3MVG9e2e.shared.sf';
const hub = makeUser('ci@hub.shared.example.com', { isDevHub: true, orgName: 'Hub' });
const scratch = makeUser('test-abc@scratch.shared.example.com', { isScratch: true, orgName: 'Scratch' });
let keys: KeyPair, stub: SalesforceStub, url: string, caFile: string;

const describeWithSf = sfBin ? describe : describe.skip;

function ok(r: Awaited<ReturnType<typeof runSf>>) {
  if (r.json?.status !== 0) throw new Error(`sf failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
  return r.json.result;
}

describeWithSf('the real sf CLI next to our login, before and after the post step', () => {
  beforeAll(async () => {
    // https, because sf logs an sfdx-url in at https://<host> only.
    const cert = makeTlsCert(mkdtempSync(join(tmpdir(), 'sfjwt-tls-')), ['localhost']);
    caFile = cert.caFile;
    ({ keys, stub, url } = await startStub(CLIENT_ID, [hub, scratch], { tls: cert.tls }));
  });
  afterAll(() => stub?.stop());

  const env = () => ({ NODE_EXTRA_CA_CERTS: caFile });
  const sf = (job: Job, args: string[]) => runSf(job, args, env());
  const ourLogin = (job: Job, user: typeof hub, over: Record<string, string> = {}) =>
    job.runStep(
      { 'client-id': CLIENT_ID, username: user.username, 'private-key': keys.pkcs8, 'instance-url': url, ...over },
      { env: env() }
    );

  it('after our set-default, `sf config set target-org <other> --global` wins', async () => {
    const job = new Job();
    expect((await ourLogin(job, hub, { alias: 'hub', 'set-default': 'true' })).code).toBe(0);
    expect((await ourLogin(job, scratch, { alias: 'other' })).code).toBe(0);
    expect(ok(await sf(job, ['org', 'display'])).username).toBe(hub.username);
    ok(await sf(job, ['config', 'set', 'target-org', 'other', '--global']));
    expect(ok(await sf(job, ['org', 'display'])).username).toBe(scratch.username);
  });

  it('hub login with set-default, then `sf org create scratch --set-default`: sf org display names the scratch org', async () => {
    const job = new Job();
    const step = await ourLogin(job, hub, { alias: 'hub', 'set-default': 'true', 'set-default-dev-hub': 'true' });
    expect(step.code).toBe(0);
    // A minimal definition: no settings for sf to deploy to the new org.
    const definition = join(job.root, 'project-scratch-def.json');
    writeFileSync(definition, JSON.stringify({ edition: 'Developer' }));
    // The Dev Hub answers "Creating" to sf's first poll of the record, so sf waits for it as for a real sign-up.
    stub.signupOptions = { creatingQueries: 1 };
    const signupsBefore = stub.signups.length;
    const created = ok(
      await sf(job, [
        ...['org', 'create', 'scratch', '--target-dev-hub', 'hub', '--set-default', '--alias', 'so'],
        ...['--definition-file', definition, '--wait', '2']
      ])
    );
    stub.signupOptions = {};
    // The Dev Hub signed the org up (stub-scratch-create.mjs) and sf logged in to it with the hub's key and client id.
    expect(stub.signups).toHaveLength(signupsBefore + 1);
    const signup = stub.signups[signupsBefore];
    const polls = stub.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/ScratchOrgInfo/${signup.id}`));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(signup.body).toMatchObject({ Edition: 'Developer', ConnectedAppConsumerKey: CLIENT_ID });
    expect(created).toMatchObject({ username: signup.username, orgId: signup.org?.users.get(signup.username)?.orgId });
    expect(signup.org?.tokenRequests().at(-1)).toMatchObject({ outcome: 'token', claims: { sub: signup.username } });
    expect(ok(await sf(job, ['org', 'display']))).toMatchObject({ username: signup.username, alias: 'so' });

    const sfdx = join(job.home, '.sfdx');
    const scratchAuth = join(sfdx, `${signup.username}.json`);
    const theirs = readFileSync(scratchAuth, 'utf8');
    expect(JSON.parse(theirs)).toMatchObject({
      devHubUsername: hub.username,
      clientId: CLIENT_ID,
      expirationDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      isScratch: true,
      isDevHub: false
    });
    const aliases = () => JSON.parse(readFileSync(join(sfdx, 'alias.json'), 'utf8')).orgs;
    expect(aliases()).toMatchObject({ hub: hub.username, so: signup.username });
    const configFile = join(job.home, '.sf', 'config.json');
    const config = () => JSON.parse(readFileSync(configFile, 'utf8'));
    expect(config()).toMatchObject({ 'target-org': 'so', 'target-dev-hub': 'hub' });

    const post = await job.runPost(step, {}, { env: env() });
    expect(post.code).toBe(0);
    // sf changed target-org after our login, so post leaves it (and says so); it removes only what it wrote.
    expect(post.stdout).toContain(
      `Post step: left target-org in ${configFile}: it now names so, set after this login.`
    );
    expect(readFileSync(scratchAuth, 'utf8')).toBe(theirs);
    expect(aliases()).toEqual({ so: signup.username });
    expect(config()['target-org']).toBe('so');
    expect(config()['target-dev-hub']).toBeUndefined();
    // sf still reads the scratch org's login (`sf org display` of a scratch org also asks its Dev Hub, whose login
    // post removed, as `sf org logout` of the hub would), and its token was not revoked.
    const core = await readWithCore(job, { username: signup.username, alias: 'so', orgCreate: true });
    expect(core).toMatchObject({ aliasTarget: signup.username, targetOrg: 'so', orgUsername: signup.username });
    expect(signup.org?.tokens.has(core.accessToken)).toBe(true);
  });

  it('an `sf org login sfdx-url` login of the same user still refreshes after our login and post', async () => {
    const job = new Job();
    const hubTokens = () => [...stub.tokens].filter(([, u]) => u.username === hub.username).map(([t]) => t);
    const refreshToken = stub.issueRefreshToken(hub.username);
    const sfdxUrlFile = join(job.root, 'auth-url.txt');
    writeFileSync(sfdxUrlFile, `force://PlatformCLI::${refreshToken}@${new URL(url).host}`);
    ok(await sf(job, ['org', 'login', 'sfdx-url', '--sfdx-url-file', sfdxUrlFile, '--alias', 'mine']));
    const authFile = join(job.home, '.sfdx', `${hub.username}.json`);
    const theirs = readFileSync(authFile, 'utf8');
    expect(JSON.parse(theirs).refreshToken).toBeDefined();
    const aliases = readFileSync(join(job.home, '.sfdx', 'alias.json'), 'utf8');
    const theirTokens = new Set(hubTokens());

    const main = await ourLogin(job, hub, { alias: 'hub', 'set-default': 'true' });
    expect(main.code).toBe(0);
    // During the job sf uses our login; when our token expires, sf refreshes it with our key copy.
    stub.expireTokens.add(main.outputs['access-token']);
    const before = stub.tokenRequests().length;
    expect(ok(await sf(job, ['org', 'display', '--target-org', 'hub'])).connectedStatus).toBe('Connected');
    expect(stub.tokenRequests().slice(before).at(-1)).toMatchObject({
      outcome: 'token',
      claims: { sub: hub.username }
    });
    const ours = [...new Set([main.outputs['access-token'], ...hubTokens()])].filter((t) => !theirTokens.has(t));
    expect(ours.length).toBeGreaterThanOrEqual(2);

    const post = await job.runPost(main, {}, { env: env() });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Post step: revoked the access token sf refreshed into the auth file.');
    // Every token of ours is dead (the expired one was dropped by the stub already); theirs are untouched.
    expect(ours.filter((t) => stub.tokens.has(t))).toEqual([]);
    expect([...theirTokens].filter((t) => !stub.tokens.has(t))).toEqual([]);
    // The earlier login is back, byte for byte, and refreshes with its own refresh token.
    expect(readFileSync(authFile, 'utf8')).toBe(theirs);
    expect(readFileSync(join(job.home, '.sfdx', 'alias.json'), 'utf8')).toBe(aliases);
    for (const token of theirTokens) stub.expireTokens.add(token);
    const refreshed = () => stub.requests.filter((r) => r.outcome === 'refreshed').length;
    const refreshesBefore = refreshed();
    const shown = ok(await sf(job, ['org', 'display', '--target-org', 'mine']));
    expect(shown).toMatchObject({ username: hub.username, connectedStatus: 'Connected' });
    expect(refreshed()).toBeGreaterThan(refreshesBefore);
  });
});

if (!sfBin) {
  it.skip('the real sf CLI tests need script/test as root (loopback-only network namespace) and SFJWT_SF_BIN', () => {});
}
