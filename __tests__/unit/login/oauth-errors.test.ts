import { describe, expect, it } from '@jest/globals';
import { nameInput, readInputs } from '../../../src/action/inputs.js';
import { SCRATCH_ORG_APP_HINT, classifyOAuthError, describeOAuthError } from '../../../src/login/oauth-errors.js';

const base: Record<string, string> = { 'client-id': '3MVG9abc', username: 'ci@example.com' };
const _inputs = (over: Record<string, string>) => readInputs((n) => ({ ...base, ...over })[n] ?? '');

const ctx = {
  clientId: '3MVG9abc',
  username: 'ci@example.com',
  loginUrl: 'https://login.salesforce.com',
  audiences: ['https://login.salesforce.com'],
  approvalTimeoutSeconds: 300,
  nameOf: nameInput
};

describe('Salesforce errors', () => {
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

describe('Salesforce words in the message', () => {
  it('are one line, without terminal escapes, and at most 300 characters of description (100 of code)', () => {
    const message = describeOAuthError(
      { error: `bad\n${'e'.repeat(500)}`, description: `\x1b]0;t\x07line\r\n${'d'.repeat(10_000)}` },
      ctx
    );
    expect(message).toMatch(/\(bad e{96}…: line d{295}…\)\. Check client-id/);
    expect(message).not.toMatch(/[\0-\x1f\x7f-\x9f]/);
  });
});

describe('hints that point at the app type (README "Which app type")', () => {
  const ctx = (loginUrl: string, waitedForAppInstall = false) => ({
    clientId: '3MVG9abc',
    username: 'test-x@example.com',
    loginUrl,
    audiences: ['https://test.salesforce.com'],
    approvalTimeoutSeconds: 300,
    waitedForAppInstall,
    nameOf: nameInput
  });
  const notInstalled = { error: 'app_not_found', description: 'External client app is not installed in this org' };
  const unknownKey = { error: 'invalid_client_id', description: 'client identifier invalid' };
  const scratch = 'https://wise-fox-123.scratch.my.salesforce.com';

  it('at a scratch org, "not installed" and an unknown consumer key say an ECA is not copied into scratch orgs', () => {
    for (const err of [notInstalled, unknownKey]) {
      const message = describeOAuthError(err, ctx(scratch));
      expect(message).toContain(SCRATCH_ORG_APP_HINT);
    }
    expect(SCRATCH_ORG_APP_HINT).toMatch(/C-1016/);
    expect(SCRATCH_ORG_APP_HINT).toMatch(/SF_SCRATCH_SIGNUP_CONNECTED_APP=PlatformCLI/);
    expect(SCRATCH_ORG_APP_HINT).toMatch(/Connected App.*Spring '26 need Salesforce Support/);
  });

  it('at a sandbox, "not installed" says a refresh brings the app later, and how long the login waited', () => {
    const sandbox = 'https://acme--uat.sandbox.my.salesforce.com';
    expect(describeOAuthError(notInstalled, ctx(sandbox))).toMatch(/not installed in this sandbox\. After a refresh/);
    expect(describeOAuthError(notInstalled, ctx(sandbox))).not.toMatch(/retried/);
    expect(describeOAuthError(notInstalled, ctx(sandbox, true))).toMatch(/retried for 300 s; raise approval-timeout/);
  });

  it('elsewhere, "not installed" says to install the app, and an unknown key says nothing of scratch orgs', () => {
    const prod = 'https://acme.my.salesforce.com';
    expect(describeOAuthError(notInstalled, ctx(prod))).toMatch(/not installed in this org\. Install it/);
    expect(describeOAuthError(unknownKey, ctx(prod))).not.toContain(SCRATCH_ORG_APP_HINT);
  });
});
