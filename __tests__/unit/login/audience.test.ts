import { describe, expect, it } from '@jest/globals';
import { audienceCandidates, isSandboxShaped } from '../../../src/login/audience.js';

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
