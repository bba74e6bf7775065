// The stub's orgs on their own hosts, a Dev Hub's ScratchOrgInfo / ActiveScratchOrg answers and its SOQL quoting,
// exercised over HTTP as the action and sf reach them, so tests built on the stub rest on behaviour checked here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../../test-support/keys.mjs';
import { Job } from '../../../test-support/runner.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../../test-support/salesforce-stub.mjs';
import { runSf, sfBin } from '../../../test-support/sf-env.mjs';
import { LOGIN, TEST, stubClient } from '../../../test-support/stub-client.mjs';

const CLIENT_ID = '3MVG9stub.unit';
const hub = makeUser('ci@hub.stub.example.com', { isDevHub: true });
const otherHub = makeUser('ci@other-hub.stub.example.com', { isDevHub: true });
const plain = makeUser('ci@plain.stub.example.com');
let keys: KeyPair, stub: SalesforceStub, url: string;
let hubToken: string;
const { login, tokenFor, call, query } = stubClient(() => keys, CLIENT_ID);

/** SOQL quoting as the action must do it. */
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const newestFor = (username: string, quoted = quote(username)) =>
  `SELECT Id, SignupUsername, LoginUrl, Status FROM ScratchOrgInfo WHERE SignupUsername=${quoted} ` +
  'ORDER BY CreatedDate DESC LIMIT 1';

beforeAll(async () => {
  ({ keys, stub, url } = await startStub(CLIENT_ID, [hub, otherHub, plain]));
  hubToken = await tokenFor(url, hub.username);
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

describe('orgs on their own hosts', () => {
  it('an org added on its own loopback address has its own URL, users and tokens', async () => {
    const sandbox = makeUser('ci@acme.com.uat', { isSandbox: true });
    const org = await stub.addOrg({ users: [sandbox], audiences: [TEST] });
    expect(new URL(org.url).hostname).not.toBe(new URL(url).hostname);
    expect(new URL(org.url).hostname).toMatch(/^127\./);

    const orgToken = await tokenFor(org.url, sandbox.username, TEST);
    expect((await login(org.url, sandbox.username, LOGIN)).body.error_description).toMatch(/audience is invalid/);
    // Its user is unknown at the hub's host, and each host's tokens are worthless at the other.
    expect((await login(url, sandbox.username)).body.error_description).toBe("user hasn't approved this consumer");
    expect(await call(url, orgToken, '/services/data/v66.0')).toEqual({
      status: 401,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
    });
    expect((await call(org.url, hubToken, '/services/data/v66.0')).status).toBe(401);
    expect((await call(org.url, orgToken, '/services/data/v66.0')).status).toBe(200);

    const hosts = stub.allRequests().map((r) => r.host);
    expect(new Set(hosts)).toEqual(new Set([url, org.url]));
    expect(org.requests.every((r) => r.host === org.url)).toBe(true);
  });

  it('an org can share the hub address on a port of its own', async () => {
    const org = await stub.addOrg({ users: [makeUser('ci@same-host.example.com')], host: '127.0.0.1' });
    expect(new URL(org.url).hostname).toBe('127.0.0.1');
    expect(new URL(org.url).port).not.toBe(new URL(url).port);
    await tokenFor(org.url, 'ci@same-host.example.com');
  });

  it('scripts "External client app is not installed in this org" for a sandbox\'s first logins', async () => {
    const sandbox = makeUser('ci@acme.com.qa', { isSandbox: true });
    const org = await stub.addOrg({
      users: [sandbox],
      audiences: [TEST],
      script: ['eca-not-installed', 'eca-not-installed']
    });
    for (let i = 0; i < 2; i += 1) {
      expect(await login(org.url, sandbox.username, TEST)).toEqual({
        status: 400,
        body: { error: 'app_not_found', error_description: 'External client app is not installed in this org' }
      });
    }
    expect((await login(org.url, sandbox.username, TEST)).body.instance_url).toBe(org.url);
  });
});

describe('a scratch org of the Dev Hub', () => {
  it('logs its user in only at its own LoginUrl with the test audience, after N times "hasn\'t approved"', async () => {
    const { org, user, info } = await stub.addScratchOrg({
      username: 'test-login@scratch.example.com',
      notApproved: 2
    });
    if (!org) throw new Error('no host');
    expect(info.LoginUrl).toBe(org.url);
    expect(org.url).not.toBe(url);
    expect((await login(url, user.username, TEST)).body.error_description).toBe("user hasn't approved this consumer");
    expect(url).toBe(stub.url);
    for (let i = 0; i < 2; i += 1)
      expect((await login(org.url, user.username, TEST)).body.error_description).toBe(
        "user hasn't approved this consumer"
      );
    expect((await login(org.url, user.username, LOGIN)).body.error_description).toMatch(/audience is invalid/);
    const ok = await login(org.url, user.username, TEST);
    expect(ok.status).toBe(200);
    expect(ok.body.instance_url).toBe(org.url);
    expect(ok.body.id).toContain(user.orgId);
  });

  it('answers the newest ScratchOrgInfo for a username with the fields selected, as Salesforce does', async () => {
    const username = 'test-newest@scratch.example.com';
    await stub.addScratchOrg({ username, info: { CreatedDate: '2026-01-01T00:00:00.000+0000', Status: 'Deleted' } });
    const { org, user, info } = await stub.addScratchOrg({ username, info: { Namespace: 'acme' } });
    const r = await query(url, hubToken, newestFor(username));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'ScratchOrgInfo', url: `/services/data/v66.0/sobjects/ScratchOrgInfo/${info.Id}` },
          Id: info.Id,
          SignupUsername: username,
          LoginUrl: org?.url,
          Status: 'Active'
        }
      ]
    });
    const all = await query(
      url,
      hubToken,
      'SELECT Id, SignupUsername, LoginUrl, SignupInstance, ScratchOrg, Status, ErrorCode, ExpirationDate, ' +
        `CreatedDate, Namespace, OrgName, Edition, CreatedBy.Username FROM ScratchOrgInfo WHERE Id = '${info.Id}'`
    );
    const [record] = all.body.records;
    expect(record).toMatchObject({
      ScratchOrg: user.orgId.slice(0, 15),
      SignupInstance: expect.any(String),
      ErrorCode: null,
      ExpirationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      CreatedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/),
      Namespace: 'acme',
      Edition: 'Developer',
      CreatedBy: { attributes: { type: 'User' }, Username: hub.username }
    });
    expect(stub.queries()).toContain(newestFor(username));
  });

  it('orders records added one after the other by CreatedDate, newest first', async () => {
    const username = 'test-again@scratch.example.com';
    const first = await stub.addScratchOrg({ username });
    const second = await stub.addScratchOrg({ username });
    expect(second.info.CreatedDate > first.info.CreatedDate).toBe(true);
    expect((await query(url, hubToken, newestFor(username))).body.records[0].Id).toBe(second.info.Id);
  });

  it('unescapes SOQL string literals, so only a correctly quoted username finds its org', async () => {
    const username = "o'brien\\ci@scratch.example.com";
    const { info } = await stub.addScratchOrg({ username });
    const good = await query(url, hubToken, newestFor(username));
    expect(good.body.records.map((r: { Id: string }) => r.Id)).toEqual([info.Id]);
    const naive = await query(url, hubToken, newestFor(username, `'${username}'`));
    expect(naive.status).toBe(400);
    expect(naive.body[0].errorCode).toBe('MALFORMED_QUERY');
    const halfEscaped = await query(url, hubToken, newestFor(username, `'${username.replace(/'/g, "\\'")}'`));
    expect(halfEscaped.body[0]).toMatchObject({ errorCode: 'MALFORMED_QUERY', message: /Illegal character/ });
  });

  it('a value quoted without escaping can change the query; the stub shows it', async () => {
    await stub.addScratchOrg({ username: 'test-victim@scratch.example.com' });
    const attack = "x' OR SignupUsername != '";
    const naive = await query(url, hubToken, newestFor(attack, `'${attack}'`));
    expect(naive.body.totalSize).toBe(1);
    const quoted = await query(url, hubToken, newestFor(attack));
    expect(quoted.body).toEqual({ totalSize: 0, done: true, records: [] });
    expect(stub.queries()).toEqual([newestFor(attack, `'${attack}'`), newestFor(attack)]);
  });

  it('mixing AND and OR without parentheses, unknown fields and non-hubs are refused as by Salesforce', async () => {
    const mixed = await query(url, hubToken, "SELECT Id FROM ScratchOrgInfo WHERE Status='A' AND Status='B' OR Id='C'");
    expect(mixed.body[0].errorCode).toBe('MALFORMED_QUERY');
    const field = await query(url, hubToken, 'SELECT Password FROM ScratchOrgInfo');
    expect(field.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: /No such column 'Password'/ });
    const plainToken = await tokenFor(url, plain.username);
    const notHub = await query(url, plainToken, 'SELECT Id FROM ScratchOrgInfo limit 1');
    expect(notHub.status).toBe(400);
    expect(notHub.body[0]).toMatchObject({ errorCode: 'INVALID_TYPE', message: /ScratchOrgInfo' is not supported/ });
    expect((await query(url, hubToken, 'SELECT Id FROM ScratchOrgInfo limit 1')).status).toBe(200);
  });

  it("answers sf's queries (org list's ScratchOrg IN, login jwt's hub check) to the owning hub only", async () => {
    const { user, info } = await stub.addScratchOrg({ username: 'test-list@scratch.example.com', hub: hub.username });
    const id15 = user.orgId.slice(0, 15);
    const list = await query(
      url,
      hubToken,
      'SELECT CreatedDate, Edition, Status, ExpirationDate, Namespace, OrgName, CreatedBy.Username, SignupUsername, ' +
        `LoginUrl, ScratchOrg FROM ScratchOrgInfo WHERE ScratchOrg IN ('${id15}', '00D000000000001')`
    );
    expect(list.body.records).toHaveLength(1);
    expect(list.body.records[0]).toMatchObject({ ScratchOrg: id15, CreatedBy: { Username: hub.username } });
    const check =
      `select Id, ExpirationDate, ScratchOrg from ScratchOrgInfo where ScratchOrg = '${id15}' ` +
      "and Status = 'Active'";
    expect((await query(url, hubToken, check)).body.records).toEqual([
      expect.objectContaining({ Id: info.Id, ExpirationDate: info.ExpirationDate })
    ]);
    const other = await query(url, await tokenFor(url, otherHub.username), check);
    expect(other.body.totalSize).toBe(0);
    const byId = await call(url, hubToken, `/services/data/v66.0/sobjects/ScratchOrgInfo/${info.Id}`);
    expect(byId.body).toMatchObject({ Id: info.Id, SignupUsername: user.username, Status: 'Active' });
  });

  it("answers sf data query's column request (&columns=true) with the selected columns", async () => {
    const q = "SELECT SignupUsername, LoginUrl FROM ScratchOrgInfo WHERE SignupUsername = 'x@example.com'";
    const r = await call(url, hubToken, `/services/data/v66.0/query?q=${encodeURIComponent(q)}&columns=true`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ entityName: 'ScratchOrgInfo' });
    expect(r.body.columnMetadata.map((c: { columnName: string }) => c.columnName)).toEqual([
      'SignupUsername',
      'LoginUrl'
    ]);
  });

  it('reads "Creating" for the first N answers that include it, then its final Status', async () => {
    const username = 'test-creating@scratch.example.com';
    const { org } = await stub.addScratchOrg({ username, creatingQueries: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await query(url, hubToken, newestFor(username))).body.records[0]);
    expect(statuses.map((r) => r.Status)).toEqual(['Creating', 'Creating', 'Active']);
    expect(statuses.map((r) => r.LoginUrl)).toEqual([null, null, org?.url]);
  });

  it('reads "Creating" for the first T ms, then an Error with its ErrorCode', async () => {
    const username = 'test-failing@scratch.example.com';
    await stub.addScratchOrg({ username, creatingMs: 300, info: { Status: 'Error', ErrorCode: 'C-1016' } });
    const q = `SELECT Status, ErrorCode FROM ScratchOrgInfo WHERE SignupUsername = ${quote(username)}`;
    expect((await query(url, hubToken, q)).body.records[0]).toMatchObject({ Status: 'Creating' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await query(url, hubToken, q)).body.records[0]).toMatchObject({ Status: 'Error', ErrorCode: 'C-1016' });
  });

  it('deletes as `sf org delete scratch` does: ActiveScratchOrg by SignupUsername, DELETE (204), logged', async () => {
    const username = 'test-delete@scratch.example.com';
    const { info } = await stub.addScratchOrg({ username });
    const find = `SELECT Id FROM ActiveScratchOrg WHERE SignupUsername='${username}'`;
    const [active] = (await query(url, hubToken, find)).body.records;
    expect(active.attributes.type).toBe('ActiveScratchOrg');
    const plainToken = await tokenFor(url, plain.username);
    const path = `/services/data/v66.0/sobjects/ActiveScratchOrg/${active.Id}`;
    expect((await call(url, plainToken, path, 'DELETE')).body[0].errorCode).toBe('INVALID_TYPE');
    expect(stub.deletions).toEqual([]);

    expect(await call(url, hubToken, path, 'DELETE')).toEqual({ status: 204, body: undefined });
    expect(stub.deletions).toEqual([
      { object: 'ActiveScratchOrg', id: active.Id, username, by: hub.username, at: expect.any(Number) }
    ]);
    expect(info.Status).toBe('Deleted');
    expect((await query(url, hubToken, find)).body.totalSize).toBe(0);
    expect((await query(url, hubToken, newestFor(username))).body.records[0].Status).toBe('Deleted');
    expect((await call(url, hubToken, path, 'DELETE')).body[0].errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('refuses a scratch org for a user who is not a Dev Hub', async () => {
    await expect(stub.addScratchOrg({ username: 'x@scratch.example.com', hub: plain.username })).rejects.toThrow(
      /must be a Dev Hub user/
    );
  });
});

// The real sf (only inside script/test's loopback-only namespace: sf calls public hosts when a login fails).
(sfBin ? describe : describe.skip)('the real sf CLI against a hub and a scratch org on its own host', () => {
  let job: Job;
  beforeAll(() => {
    job = new Job();
  });
  afterAll(() => rmSync(job.root, { recursive: true, force: true }));

  const ok = async (args: string[]) => {
    const r = await runSf(job, args);
    if (r.json?.status !== 0) throw new Error(`sf ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
    return r.json.result;
  };

  it('sf org login jwt finds the hub of the scratch org, and sf org delete scratch deletes it there', async () => {
    const { org, user } = await stub.addScratchOrg({ username: 'test-sf@scratch.example.com', hub: hub.username });
    const keyFile = join(job.root, 'server.key');
    writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
    const jwtLogin = (username: string, instanceUrl: string, alias: string) => {
      const flags = { 'client-id': CLIENT_ID, 'jwt-key-file': keyFile, username, 'instance-url': instanceUrl, alias };
      return ok(['org', 'login', 'jwt', ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value])]);
    };
    await jwtLogin(hub.username, url, 'hub');
    await jwtLogin(user.username, String(org?.url), 'so');
    const id15 = user.orgId.slice(0, 15);
    expect(stub.queries()).toContain(
      `select Id, ExpirationDate, ScratchOrg from ScratchOrgInfo where ScratchOrg = '${id15}' and Status = 'Active'`
    );
    await ok(['org', 'delete', 'scratch', '--target-org', 'so', '--no-prompt']);
    expect(stub.deletions.map((d) => d.username)).toEqual([user.username]);
    expect(stub.queries()).toContain(`SELECT Id FROM ActiveScratchOrg WHERE SignupUsername='${user.username}'`);
  });
});

describe('scripted answers of any text, and frozen users', () => {
  it('answers a scripted OAuth error word for word, whatever it holds', async () => {
    const description = `\x1b[31mred\x1b[0m\n${'x'.repeat(100_000)}`;
    stub.script.push({ error: 'invalid_grant', description });
    expect(await login(url, hub.username)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: description }
    });
    expect((await login(url, hub.username)).status).toBe(200);
  });

  it('answers a valid login with a scripted access_token', async () => {
    stub.script.push({ accessToken: 'has a space' });
    const { status, body } = await login(url, hub.username);
    expect(status).toBe(200);
    expect(body.access_token).toBe('has a space');
  });

  it('a frozen user logs in once more, then meets 401 on every call and "authentication failure" on every login', async () => {
    stub.freeze(plain.username);
    const token = await tokenFor(url, plain.username);
    expect((await call(url, token, '/services/data')).status).toBe(401);
    expect((await call(url, token, '/services/data')).status).toBe(401);
    expect(await login(url, plain.username)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'authentication failure' }
    });
    // Other users are not affected, and reset() thaws.
    expect((await call(url, await tokenFor(url, hub.username), '/services/data')).status).toBe(200);
    stub.reset();
    expect((await call(url, await tokenFor(url, plain.username), '/services/data')).status).toBe(200);
  });
});
