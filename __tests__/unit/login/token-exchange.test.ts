import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { nameInput } from '../../../src/action/inputs.js';
import { exchangeToken, type TokenRequest } from '../../../src/login/token-exchange.js';
import { makeKeyPair, type KeyPair } from '../../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../../test-support/salesforce-stub.mjs';

const CLIENT_ID = '3MVG9unit';
let keys: KeyPair, stub: SalesforceStub, url: string;
const user = makeUser('ci@example.com');

beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [user])));
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

function request(over: Partial<TokenRequest> = {}) {
  const log: string[] = [];
  const sleeps: number[] = [];
  const masked: string[] = [];
  const req: TokenRequest = {
    key: keys.privateKey,
    clientId: CLIENT_ID,
    username: user.username,
    loginUrl: url,
    audiences: ['https://login.salesforce.com', 'https://test.salesforce.com', url],
    approvalTimeoutMs: 60_000,
    requestTimeoutMs: 2_000,
    mask: (s) => masked.push(s),
    log: (l) => log.push(l),
    nameOf: nameInput,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over
  };
  return { req, log, sleeps, masked };
}

describe('exchangeToken', () => {
  it('gets a token with one POST whose JWT carries the right claims in seconds', async () => {
    const { req, masked } = request();
    const result = await exchangeToken(req);
    expect(result.attempts).toBe(1);
    expect(result.token.orgId).toBe(user.orgId);
    expect(result.token.userId).toBe(user.userId);
    expect(result.token.instanceUrl).toBe(url);
    expect(masked).toEqual([result.token.accessToken]);
    const [post] = stub.tokenRequests();
    expect(post.claims).toMatchObject({ iss: CLIENT_ID, sub: user.username, aud: 'https://login.salesforce.com' });
    expect(post.claims.exp - post.claims.iat).toBe(180);
    expect(Math.abs(post.claims.iat - Date.now() / 1000)).toBeLessThan(5);
  });

  it('waits out "user hasn\'t approved this consumer", logging why', async () => {
    stub.script.push('not-approved', 'not-approved', 'not-approved');
    const { req, log, sleeps } = request();
    const result = await exchangeToken(req);
    expect(result.attempts).toBe(4);
    expect(sleeps).toHaveLength(3);
    // The explanation once, then one short progress line per attempt (not a long line per retry).
    expect(log.filter((l) => /hasn't approved this consumer/.test(l))).toEqual([
      expect.stringMatching(/normal for a few minutes .* retrying for up to 60 s \(approval-timeout\)\.$/)
    ]);
    expect(
      log.filter((l) => /^Attempt \d: not approved yet; retrying in [\d.]+ s \(waited [\d.]+ of 60 s\)\.$/.test(l))
    ).toHaveLength(3);
    for (const line of log.filter((l) => l.startsWith('Attempt'))) expect(line.length).toBeLessThan(80);
  });

  it('gives up on approval once approval-timeout has passed, with the fix in the message', async () => {
    let clock = 0;
    stub.script.push(...Array(100).fill('not-approved'));
    const { req } = request({
      approvalTimeoutMs: 30_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      }
    });
    await expect(exchangeToken(req)).rejects.toThrow(
      /invalid_grant: user hasn't approved this consumer.*pre-authorized.*kept retrying for 30 s/
    );
    expect(clock).toBe(30_000);
    expect(stub.tokenRequests().length).toBeLessThan(25);
  });

  it('with waitForAppInstall, waits out "External client app is not installed" too (a refreshed sandbox)', async () => {
    stub.script.push('eca-not-installed', 'not-approved', 'eca-not-installed');
    const { req, log, sleeps } = request({ waitForAppInstall: true });
    const result = await exchangeToken(req);
    expect(result.attempts).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(
      log.filter((l) => /not installed in this org\. That is normal .* sandbox is refreshed/.test(l))
    ).toHaveLength(1);
    expect(log.filter((l) => /hasn't approved this consumer/.test(l))).toHaveLength(1);
    expect(log.filter((l) => /^Attempt \d: app not installed yet; retrying in/.test(l))).toHaveLength(2);
    expect(log.filter((l) => /^Attempt \d: not approved yet; retrying in/.test(l))).toHaveLength(1);
  });

  it('with waitForAppInstall, gives up at approval-timeout with the sandbox hint', async () => {
    let clock = 0;
    stub.script.push(...Array(100).fill('eca-not-installed'));
    const { req } = request({
      waitForAppInstall: true,
      approvalTimeoutMs: 20_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      }
    });
    await expect(exchangeToken(req)).rejects.toThrow(
      /not installed in this sandbox\. .*retried for 20 s; raise approval-timeout/
    );
    expect(clock).toBe(20_000);
  });

  it('does not wait at all with approval-timeout 0', async () => {
    stub.script.push('not-approved');
    const { req, sleeps } = request({ approvalTimeoutMs: 0 });
    await expect(exchangeToken(req)).rejects.toThrow(/approval-timeout is 0/);
    expect(sleeps).toHaveLength(0);
  });

  it('falls back to the next audience only when Salesforce rejects the audience, never changing the host', async () => {
    stub.audiences = ['https://test.salesforce.com'];
    const { req, log } = request();
    const result = await exchangeToken(req);
    expect(result.audience).toBe('https://test.salesforce.com');
    expect(stub.tokenRequests().map((r) => r.claims.aud)).toEqual([
      'https://login.salesforce.com',
      'https://test.salesforce.com'
    ]);
    expect(log[0]).toMatch(
      /did not accept the audience https:\/\/login.salesforce.com; trying https:\/\/test.salesforce.com/
    );
  });

  it('fails with the audiences tried when none is accepted', async () => {
    stub.audiences = ['https://elsewhere.example.com'];
    const { req } = request({ audiences: ['https://login.salesforce.com', 'https://test.salesforce.com'] });
    await expect(exchangeToken(req)).rejects.toThrow(
      /None of the audiences tried \(https:\/\/login.salesforce.com, https:\/\/test.salesforce.com\)/
    );
  });

  it('retries 503 and then succeeds', async () => {
    stub.script.push('503', '503');
    const { req, sleeps } = request();
    const result = await exchangeToken(req);
    expect(result.attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up after four tries of 503', async () => {
    stub.script.push('503', '503', '503', '503', '503');
    const { req } = request();
    await expect(exchangeToken(req)).rejects.toThrow(/after 4 tries: .*answered HTTP 503/);
    expect(stub.tokenRequests()).toHaveLength(4);
  });

  it('abandons a hanging request at request-timeout and retries', async () => {
    stub.script.push('hang');
    const { req, log } = request({ requestTimeoutMs: 300 });
    const started = Date.now();
    const result = await exchangeToken(req);
    expect(result.attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(log[0]).toMatch(/did not answer within/);
  });

  it('retries a connection reset mid-response', async () => {
    stub.script.push('reset');
    const { req, log } = request();
    const result = await exchangeToken(req);
    expect(result.attempts).toBe(2);
    expect(log[0]).toMatch(/closed before a complete response/);
  });

  it('reports a refused connection after bounded tries', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { req, sleeps } = request({ loginUrl: `http://127.0.0.1:${port}` });
    await expect(exchangeToken(req)).rejects.toThrow(
      /Could not get a token from http:\/\/127.0.0.1:\d+ after 4 tries: .*refused the connection/
    );
    expect(sleeps).toHaveLength(3);
  });

  it.each([
    ['html', /answered HTTP 200 with text\/html that is not JSON/],
    ['missing-fields', /token response has no instance_url/],
    ['http-instance', /instance_url that is not an https URL/],
    ['eca-not-installed', /External Client App is not installed/],
    ['app-access', /invalid_app_access/],
    ['auth-failure', /not frozen or locked/]
  ])('fails at once with a clear message on %s', async (step, message) => {
    stub.script.push(step as never);
    const { req } = request();
    await expect(exchangeToken(req)).rejects.toThrow(message);
    expect(stub.tokenRequests()).toHaveLength(1);
  });

  it('names the consumer key on invalid_client_id, without retrying', async () => {
    const { req } = request({ clientId: 'wrong-key' });
    await expect(exchangeToken(req)).rejects.toThrow(
      /invalid_client_id: client identifier invalid.*consumer key "wrong-key"/
    );
    expect(stub.tokenRequests()).toHaveLength(1);
  });

  it('says the key does not match the certificate when the signature fails', async () => {
    const other = makeKeyPair();
    const { req } = request({ key: other.privateKey });
    await expect(exchangeToken(req)).rejects.toThrow(/invalid assertion.*does not match the certificate/);
  });
});

describe('what a token response may hold', () => {
  it.each([
    ['a space', 'abc def'],
    ['a newline', '00Dx!abc\n::add-mask::x'],
    ['a tab', '00Dx!abc\tdef'],
    ['a NUL', '00Dx!abc\0'],
    ['an escape sequence', '00Dx!\x1b[31mabc'],
    ['a non-ASCII letter', '00Dx!abcé']
  ])('an access_token with %s is refused, and never quoted', async (_what, accessToken) => {
    stub.script.push({ accessToken });
    const { req, masked } = request();
    const failure = exchangeToken(req);
    await expect(failure).rejects.toThrow(
      /^Salesforce's token response has an access_token with whitespace, control or non-ASCII characters in it, which no Salesforce access token has; it was not used\. Check instance-url/
    );
    await failure.catch((err: Error) => expect(err.message).not.toContain(accessToken));
    expect(masked).not.toContain(accessToken);
  });

  it('an OAuth error_description of 3 MB with escape sequences and newlines is quoted on one line, bounded', async () => {
    // 3 MB of text, its JSON under the 4 MB a response may have.
    const piece = '\x1b[31mno\x1b[0m\n::error::forged, and the request was refused for reasons of its own\r\n';
    const description = piece.repeat(Math.ceil((3 * 1024 * 1024) / piece.length));
    stub.script.push({ error: 'invalid_grant\x1b[2J', description });
    const { req } = request();
    const err = (await exchangeToken(req).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /^Salesforce rejected the login of ci@example\.com at \S+ \(invalid_grant: no ::error::forged, and the request/
    );
    expect(stub.tokenRequests()).toHaveLength(1);
    expect(err.message).toMatch(/…\)\. Check client-id/);
    expect(err.message.length).toBeLessThan(1000);
    expect(err.message).not.toMatch(/[\0-\x1f\x7f-\x9f]/);
  });
});
