// A sandbox by name, end to end through dist/: production's username and My Domain URL plus `sandbox` log in as
// the sandbox user at the sandbox's own My Domain host. The built code sends its requests, unchanged, to the real
// derived names (https://acme--uat.sandbox.my.salesforce.com); they reach loopback stubs only through HTTPS_PROXY,
// a CONNECT proxy that routes each name to its stub (with a certificate for that name, trusted through
// NODE_EXTRA_CA_CERTS), so no test hook is in the product and nothing leaves the machine.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKeyPair } from '../../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../../test-support/salesforce-stub.mjs';
import { ConnectProxy } from '../../test-support/connect-proxy.mjs';
import { Job, repoRoot, runProcess } from '../../test-support/runner.mjs';
import { readWithCore } from '../../test-support/sf-env.mjs';
import { makeTlsCert } from '../../test-support/tls-cert.mjs';

const CLIENT_ID = '3MVG9e2e.sandbox';
const PRODUCTION = 'https://acme.my.salesforce.com';
const SANDBOXES = ['uat', 'qa', 'staging'] as const;
const hostOf = (name: string) => `acme--${name}.sandbox.my.salesforce.com`;
const TEST_AUDIENCE = 'https://test.salesforce.com';

let keys: ReturnType<typeof makeKeyPair>;
let proxy: ConnectProxy;
let caFile: string;
const stubs: Record<string, SalesforceStub> = {};

beforeAll(async () => {
  keys = makeKeyPair();
  const made = makeTlsCert(mkdtempSync(join(tmpdir(), 'sfjwt-tls-')), SANDBOXES.map(hostOf));
  caFile = made.caFile;
  proxy = new ConnectProxy();
  await proxy.start();
  for (const name of SANDBOXES) {
    const stub = new SalesforceStub({
      publicKey: keys.publicPem,
      clientId: CLIENT_ID,
      users: [makeUser(`ci@acme.com.${name}`, { isSandbox: true, orgName: name.toUpperCase() })],
      audiences: [TEST_AUDIENCE],
      tls: made.tls,
      instanceUrl: `https://${hostOf(name)}`
    });
    proxy.route(`${hostOf(name)}:443`, await stub.start());
    stubs[name] = stub;
  }
});
afterAll(async () => {
  await Promise.all(Object.values(stubs).map((s) => s.stop()));
  await proxy?.stop();
});
beforeEach(() => {
  proxy.tunnels = [];
  for (const stub of Object.values(stubs)) stub.reset();
});

const env = () => ({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile });
const inputs = (over: Record<string, string> = {}) => ({
  'client-id': CLIENT_ID,
  username: 'ci@acme.com',
  'private-key': keys.pkcs8,
  'instance-url': PRODUCTION,
  'request-timeout': '5',
  ...over
});

describe('sandbox: a sandbox by name', () => {
  it('a matrix of three sandboxes with one set of inputs: each logs into its own host as its own user', async () => {
    for (const name of SANDBOXES) {
      const job = new Job();
      proxy.tunnels = [];
      const step = await job.runStep(inputs({ sandbox: name, alias: 'target' }), { env: env() });
      expect(step.stderr).toBe('');
      expect(step.code).toBe(0);
      const username = `ci@acme.com.${name}`;
      expect(step.outputs).toMatchObject({
        username,
        'login-url': `https://${hostOf(name)}`,
        'instance-url': `https://${hostOf(name)}`,
        alias: 'target'
      });
      expect(step.stdout).toContain(
        `Logging in ${username} at https://${hostOf(name)} (sandbox ${name} of ${PRODUCTION}), audience ${TEST_AUDIENCE}.`
      );
      expect(stubs[name].tokenRequests()).toHaveLength(1);
      expect(stubs[name].tokenRequests()[0]).toMatchObject({ claims: { sub: username, aud: TEST_AUDIENCE } });
      // Every request went to the sandbox's own host, none to production's.
      expect(new Set(proxy.tunnels)).toEqual(new Set([`${hostOf(name)}:443`]));
      const core = await readWithCore(job, { username, alias: 'target' });
      expect(core).toMatchObject({ instanceUrl: `https://${hostOf(name)}`, aliasTarget: username, isJwt: true });
      expect(readdirSync(join(job.home, '.sfdx')).sort()).toEqual(['alias.json', `${username}.json`, 'key.json']);
      // The post step undoes exactly what the login wrote, under the derived username.
      const post = await job.runPost(step, inputs({ sandbox: name, alias: 'target' }), { env: env() });
      expect(post.code).toBe(0);
      expect(existsSync(join(job.home, '.sfdx', `${username}.json`))).toBe(false);
    }
  });

  it('waits out "not approved" and "not installed" after a refresh, within approval-timeout', async () => {
    stubs.uat.script = ['not-approved', 'eca-not-installed', 'eca-not-installed'];
    const step = await new Job().runStep(inputs({ sandbox: 'uat' }), { env: env() });
    expect(step.code).toBe(0);
    expect(stubs.uat.tokenRequests().map((r) => r.outcome)).toEqual([
      "invalid_grant: user hasn't approved this consumer",
      'app_not_found: External client app is not installed in this org',
      'app_not_found: External client app is not installed in this org',
      'token'
    ]);
    expect(step.stdout).toMatch(/^Salesforce says user ci@acme\.com\.uat hasn't approved this consumer\./m);
    expect(step.stdout).toMatch(/^Attempt 1: not approved yet; retrying in/m);
    expect(
      step.stdout.match(
        /^Salesforce says the External Client App is not installed in this org\. That is normal for a few minutes after a sandbox is refreshed/gm
      )
    ).toHaveLength(1);
    expect(step.stdout.match(/^Attempt [23]: app not installed yet; retrying in/gm)).toHaveLength(2);
  });

  it('ends the wait at approval-timeout with a hint for the sandbox', async () => {
    stubs.qa.script = Array(40).fill('eca-not-installed');
    const step = await new Job().runStep(inputs({ sandbox: 'qa', 'approval-timeout': '2' }), { env: env() });
    expect(step.code).toBe(1);
    const errors = step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not installed in this sandbox\. .*The login retried for 2 s; raise approval-timeout/);
    expect(stubs.qa.tokenRequests().length).toBeGreaterThan(1);
  });

  it('uses a username that already ends with .<sandbox> as it is', async () => {
    const step = await new Job().runStep(inputs({ sandbox: 'UAT', username: 'ci@acme.com.UAT' }), { env: env() });
    expect(step.code).toBe(0);
    expect(step.outputs.username).toBe('ci@acme.com.UAT');
    expect(step.outputs['login-url']).toBe(`https://${hostOf('uat')}`);
    expect(stubs.uat.tokenRequests()[0]).toMatchObject({ claims: { sub: 'ci@acme.com.UAT' } });
  });

  it.each([
    [
      'https://login.salesforce.com',
      'uat',
      /instance-url https:\/\/login\.salesforce\.com is the shared login host, not a My Domain\. sandbox needs instance-url/
    ],
    [
      `https://${hostOf('uat')}`,
      'uat',
      /is a sandbox's own URL\. With sandbox, give production's My Domain URL \(https:\/\/acme\.my\.salesforce\.com\)/
    ],
    ['https://acme.lightning.force.com', 'uat', /Lightning URL/],
    ['', 'uat', /sandbox needs instance-url: production's My Domain URL/],
    [PRODUCTION, 'u-a-t', /sandbox "u-a-t" is not valid: a sandbox name is 1 to 10 letters and digits/],
    [PRODUCTION, 'integration1', /sandbox "integration1" is not valid/]
  ])('instance-url %j with sandbox %j: one clear error, no request, nothing written', async (url, sandbox, message) => {
    const job = new Job();
    const step = await job.runStep(inputs({ 'instance-url': url, sandbox }), { env: env() });
    expect(step.code).toBe(1);
    const errors = step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(proxy.tunnels).toEqual([]);
    expect(readdirSync(job.home)).toEqual([]);
  });

  it('the command line: --sandbox, with the same derivation and outputs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sfjwt-cli-home-'));
    const keyFile = join(home, 'server.key');
    writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
    const r = await runProcess(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'login', '-i', CLIENT_ID, '-f', keyFile, '-o', 'ci@acme.com'].concat([
        '-r',
        PRODUCTION,
        '--sandbox',
        'staging',
        '--json'
      ]),
      {
        env: { PATH: process.env.PATH ?? '', HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', ...env() },
        cwd: home
      }
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result).toMatchObject({
      username: 'ci@acme.com.staging',
      loginUrl: `https://${hostOf('staging')}`,
      instanceUrl: `https://${hostOf('staging')}`,
      authFile: join(home, '.sfdx', 'ci@acme.com.staging.json')
    });
  });
});
