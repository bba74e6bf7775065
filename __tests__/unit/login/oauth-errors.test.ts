import { describe, expect, it } from '@jest/globals';
import { nameInput, readInputs } from '../../../src/action/inputs.js';
import { classifyOAuthError, describeOAuthError } from '../../../src/login/oauth-errors.js';

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
