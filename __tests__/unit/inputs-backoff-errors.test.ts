import { describe, expect, it } from '@jest/globals';
import { readInputs, validateUsername } from '../../src/action/inputs.js';
import { approvalDelayMs, transientDelayMs } from '../../src/login/backoff.js';
import { classifyOAuthError, describeOAuthError } from '../../src/login/oauth-errors.js';

const base: Record<string, string> = { 'client-id': '3MVG9abc', username: 'ci@example.com' };
const inputs = (over: Record<string, string>) => readInputs((n) => ({ ...base, ...over })[n] ?? '');

describe('inputs', () => {
  it('applies defaults', () => {
    const i = inputs({});
    expect(i.approvalTimeoutSeconds).toBe(300);
    expect(i.requestTimeoutSeconds).toBe(30);
  });
  it.each([
    [{ 'client-id': '' }, /client-id is empty/],
    [{ 'client-id': '   ' }, /client-id is empty/],
    [{ 'client-id': '3MVG9 abc' }, /not a consumer key/],
    [{ username: '' }, /username is empty/],
    [{ username: 'a/b@example.com' }, /contains "\/"/],
    [{ username: '../../etc/passwd' }, /contains "\/"/],
    [{ username: 'ci@example..com' }, /"\.\."/],
    [{ username: 'ci@exa\0mple.com' }, /control character/],
    [{ username: 'ci@example.com\nother@example.com' }, /control character/],
    [{ username: 'not-a-username' }, /not a Salesforce username/],
    [{ username: '.hidden@example.com' }, /not a Salesforce username/],
    [{ 'approval-timeout': 'ten' }, /approval-timeout must be a whole number/],
    [{ 'approval-timeout': '-5' }, /approval-timeout must be a whole number/],
    [{ 'approval-timeout': '1.5' }, /approval-timeout must be a whole number/],
    [{ 'request-timeout': '0' }, /request-timeout must be a whole number of seconds from 1/]
  ])('rejects %j', (over, message) => {
    expect(() => inputs(over)).toThrow(message);
  });
  it('accepts sandbox and scratch usernames', () => {
    expect(validateUsername(' admin@acme.com.uat ')).toBe('admin@acme.com.uat');
    expect(validateUsername('test-abc123@example.com')).toBe('test-abc123@example.com');
  });
});

describe('backoff', () => {
  it('approval delay never overshoots by more than 20% of the time already waited, and grows', () => {
    for (const elapsed of [0, 2_000, 10_000, 60_000, 200_000]) {
      for (const r of [0, 0.5, 0.999]) {
        const d = approvalDelayMs(elapsed, () => r);
        expect(d).toBeGreaterThanOrEqual(500);
        expect(d).toBeLessThanOrEqual(Math.max(1_000, elapsed * 0.2));
        expect(d).toBeLessThanOrEqual(30_000);
      }
    }
    expect(approvalDelayMs(100_000, () => 1)).toBe(20_000);
  });
  it('a five-minute approval wait costs about thirty requests, not hundreds', () => {
    let t = 0;
    let attempts = 0;
    while (t < 300_000) {
      attempts++;
      t += approvalDelayMs(t, () => 1);
    }
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(40);
  });
  it('jitter spreads the delays of simultaneous jobs', () => {
    const delays = new Set(Array.from({ length: 50 }, () => approvalDelayMs(20_000)));
    expect(delays.size).toBeGreaterThan(20);
  });
  it('transient delay is capped at 8 s', () => {
    expect(transientDelayMs(0, () => 1)).toBe(1_000);
    expect(transientDelayMs(2, () => 1)).toBe(4_000);
    expect(transientDelayMs(10, () => 1)).toBe(8_000);
    expect(transientDelayMs(10, () => 0)).toBe(2_000);
  });
});

describe('Salesforce errors', () => {
  const ctx = {
    clientId: '3MVG9abc',
    username: 'ci@example.com',
    loginUrl: 'https://login.salesforce.com',
    audiences: ['https://login.salesforce.com'],
    approvalTimeoutSeconds: 300
  };
  it.each([
    ['invalid_grant', "user hasn't approved this consumer", 'not-approved', /pre-authorized/],
    ['invalid_client_id', 'client identifier invalid', 'client-id', /consumer key "3MVG9abc" is not known/],
    ['invalid_grant', 'audience is invalid', 'audience', /Set the audience input/],
    ['invalid_grant', 'invalid assertion', 'assertion', /does not match the certificate/],
    [
      'invalid_app_access',
      'user is not admin approved to access this app',
      'app-access',
      /policies do not admit this user/
    ],
    ['invalid_grant', 'authentication failure', 'auth-failure', /active, not frozen/],
    [
      'invalid_grant',
      'External client app is not installed in this org',
      'eca-not-installed',
      /not installed in this org/
    ],
    ['weird', 'something new', 'other', /Check client-id/]
  ])('%s / %s', (error, description, kind, hint) => {
    expect(classifyOAuthError({ error, description })).toBe(kind);
    const message = describeOAuthError({ error, description }, ctx);
    expect(message).toContain(`(${error}: ${description})`);
    expect(message).toMatch(hint);
  });
});
