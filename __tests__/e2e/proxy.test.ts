// HTTPS_PROXY / NO_PROXY, as @actions/http-client and sf honour them: every request to Salesforce is tunnelled
// through a CONNECT proxy (here one on 127.0.0.1 that counts tunnels), unless NO_PROXY names the host.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKeyPair } from '../../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../../test-support/salesforce-stub.mjs';
import { ConnectProxy } from '../../test-support/connect-proxy.mjs';
import { Job } from '../../test-support/runner.mjs';
import { makeTlsCert } from '../../test-support/tls-cert.mjs';

const CLIENT_ID = '3MVG9e2e.proxy';
const HOST = 'sf-stub.test';
const user = makeUser('ci@proxy.example.com', { isDevHub: true });
let keys: ReturnType<typeof makeKeyPair>;
let stub: SalesforceStub;
let proxy: ConnectProxy;
let caFile: string;
let tls: { key: string; cert: string };
let stubUrl: string;

beforeAll(async () => {
  keys = makeKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-tls-'));
  ({ tls, caFile } = makeTlsCert(dir, [HOST]));
  // Listen first to learn the port, then answer with an instance URL on the made-up host (so org calls go through the proxy too).
  const probe = new SalesforceStub({ publicKey: keys.publicPem, clientId: CLIENT_ID, users: [user], tls });
  const port = new URL(await probe.start()).port;
  await probe.stop();
  stub = new SalesforceStub({
    publicKey: keys.publicPem,
    clientId: CLIENT_ID,
    users: [user],
    tls,
    instanceUrl: `https://${HOST}:${port}`
  });
  await stub.start();
  const server = stub.server as import('node:http').Server;
  server.close();
  await new Promise((r) => server.listen(Number(port), '127.0.0.1', () => r(undefined)));
  stubUrl = `https://${HOST}:${port}`;
  proxy = new ConnectProxy();
  await proxy.start();
});
afterAll(async () => {
  await stub?.stop();
  await proxy?.stop();
});

const run = (env: Record<string, string>, job = new Job()) =>
  job.runStep(
    {
      'client-id': CLIENT_ID,
      username: user.username,
      'private-key': keys.pkcs8,
      'instance-url': stubUrl,
      'request-timeout': '5'
    },
    { env: { NODE_EXTRA_CA_CERTS: caFile, ...env } }
  );

describe('proxies', () => {
  it('tunnels the token request and the org calls through HTTPS_PROXY', async () => {
    proxy.tunnels = [];
    const step = await run({ HTTPS_PROXY: proxy.url, NO_PROXY: 'other.example.com' });
    expect(step.stdout).toMatch(/Logged in/);
    expect(step.code).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(4); // token + Dev Hub check + API versions + Organization
    expect(new Set(proxy.tunnels)).toEqual(new Set([`${HOST}:${new URL(stubUrl).port}`]));
  });

  it('honours the lower-case https_proxy too', async () => {
    proxy.tunnels = [];
    const step = await run({ https_proxy: proxy.url });
    expect(step.code).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
  });

  it('says which proxy it cannot reach', async () => {
    const step = await run({ HTTPS_PROXY: 'http://127.0.0.1:9', 'INPUT_WRITE-SF-STATE': 'false' });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/::error::sf-jwt-login: Could not get a token .*cannot reach the proxy 127\.0\.0\.1:9/);
  });

  // Bypassing the proxy means resolving the made-up host name directly: only where no lookup can leave the machine.
  (process.env.SFJWT_ISOLATED_NETWORK === '1' ? it : it.skip)('goes direct when NO_PROXY names the host', async () => {
    proxy.tunnels = [];
    const step = await run({ HTTPS_PROXY: proxy.url, NO_PROXY: `localhost,${HOST}` });
    expect(proxy.tunnels).toEqual([]);
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/cannot resolve the host of https:\/\/sf-stub\.test/);
  });
});
