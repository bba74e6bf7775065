import { describe, expect, it } from '@jest/globals';
import { audienceCandidates, explicitAudience, isSandboxShaped } from '../../../src/login/audience.js';

const LOGIN = 'https://login.salesforce.com';
const TEST = 'https://test.salesforce.com';

describe('audienceCandidates', () => {
  it.each([
    ['https://login.salesforce.com', [LOGIN, TEST]],
    ['https://test.salesforce.com', [TEST, LOGIN]],
    ['https://acme.my.salesforce.com', [LOGIN, TEST, 'https://acme.my.salesforce.com']],
    ['https://acme--uat.sandbox.my.salesforce.com', [TEST, LOGIN, 'https://acme--uat.sandbox.my.salesforce.com']],
    [
      'https://ability-fun-1234-dev-ed.scratch.my.salesforce.com',
      [TEST, LOGIN, 'https://ability-fun-1234-dev-ed.scratch.my.salesforce.com']
    ],
    ['https://acme--qa.my.salesforce.com', [TEST, LOGIN, 'https://acme--qa.my.salesforce.com']],
    ['https://cs42.salesforce.com', [TEST, LOGIN, 'https://cs42.salesforce.com']],
    ['https://acme.cs42.my.salesforce.com', [TEST, LOGIN, 'https://acme.cs42.my.salesforce.com']],
    ['https://na123.salesforce.com', [LOGIN, TEST, 'https://na123.salesforce.com']],
    ['https://acme.my.salesforce.mil', [LOGIN, TEST, 'https://acme.my.salesforce.mil']],
    ['https://acme.gs1.my.salesforce.com', ['https://gs1.salesforce.com']],
    ['http://127.0.0.1:4000', [LOGIN, TEST, 'http://127.0.0.1:4000']]
  ])('%s', (url, expected) => {
    expect(audienceCandidates(url)).toEqual(expected);
  });

  it('an explicit audience is the only candidate', () => {
    expect(
      audienceCandidates('https://acme--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com/')
    ).toEqual(['https://acme--uat.sandbox.my.salesforce.com']);
  });

  it('does not take a production My Domain for a sandbox', () => {
    expect(isSandboxShaped('acme.my.salesforce.com')).toBe(false);
    expect(isSandboxShaped('customers.example.com')).toBe(false);
    expect(isSandboxShaped('acme--dev.sandbox.my.salesforce.com')).toBe(true);
  });
});

describe('explicitAudience: validated as strictly as instance-url', () => {
  it('takes the input, else SF_AUDIENCE_URL, else SFDX_AUDIENCE_URL, reduced to its origin', () => {
    const env = { SF_AUDIENCE_URL: 'https://test.salesforce.com/', SFDX_AUDIENCE_URL: 'https://x.my.salesforce.com' };
    expect(explicitAudience(' https://login.salesforce.com/ ', env, 'audience')).toBe(LOGIN);
    expect(explicitAudience('', env, 'audience')).toBe(TEST);
    expect(explicitAudience('  ', { SF_AUDIENCE_URL: ' ', SFDX_AUDIENCE_URL: env.SFDX_AUDIENCE_URL }, 'audience')).toBe(
      'https://x.my.salesforce.com'
    );
    expect(explicitAudience('', {}, 'audience')).toBeUndefined();
    expect(explicitAudience('http://127.0.0.1:4000', {}, 'audience')).toBe('http://127.0.0.1:4000');
  });

  it.each([
    ['https://login.salesforce.com\n::warning::forged', /^audience must be just the scheme and host|is not a URL/],
    ['no url\n::set-env name=X::y', /^audience "no url\?::set-env name=X::y" is not a URL/],
    ['login.salesforce.com\n::set-env name=X::y', /^audience must be an https URL \(got "login\.salesforce\.com:"\)/],
    ['http://login.salesforce.com', /^audience must use https/],
    ['https://login.salesforce.com/services/oauth2/token', /^audience must be just the scheme and host/],
    ['https://u:p@login.salesforce.com', /^audience must not contain a user name or password/],
    ['ftp://login.salesforce.com', /^audience must be an https URL/],
    ['https://acme.lightning.force.com', /^audience is a Lightning URL/]
  ])('refuses %j, naming the input', (value, message) => {
    expect(() => explicitAudience(value, {}, 'audience')).toThrow(message);
    let text = '';
    try {
      explicitAudience(value, {}, 'audience');
    } catch (err) {
      text = (err as Error).message;
    }
    expect(text).not.toMatch(/[\r\n]/);
  });

  it('names the variable the audience came from', () => {
    expect(() => explicitAudience('', { SF_AUDIENCE_URL: 'http://evil.example.com' }, 'audience')).toThrow(
      /^SF_AUDIENCE_URL must use https/
    );
    expect(() => explicitAudience('', { SFDX_AUDIENCE_URL: 'https://x.example.com/path' }, 'audience')).toThrow(
      /^SFDX_AUDIENCE_URL must be just the scheme and host/
    );
  });
});
