import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveLoginUrl, validateLoginUrl } from '../../src/login/login-url.js';
import { audienceCandidates, isSandboxShaped } from '../../src/login/audience.js';

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

describe('validateLoginUrl', () => {
  it.each([
    ['https://login.salesforce.com', LOGIN],
    ['https://login.salesforce.com/', LOGIN],
    ['https://acme.my.salesforce.com:443', 'https://acme.my.salesforce.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:8080/', 'http://localhost:8080']
  ])('accepts %s', (input, origin) => {
    expect(validateLoginUrl(input, 'instance-url')).toBe(origin);
  });

  it.each([
    ['login.salesforce.com', /is not a URL/],
    ['not a url', /is not a URL/],
    ['http://login.salesforce.com', /must use https/],
    ['ftp://login.salesforce.com', /must be an https URL/],
    ['https://acme.lightning.force.com', /Lightning URL.*https:\/\/acme\.my\.salesforce\.com/],
    ['https://user:pw@acme.my.salesforce.com', /must not contain a user name or password/],
    ['https://acme.my.salesforce.com/services/oauth2/token', /without a path/],
    ['https://acme.my.salesforce.com/?x=1', /without a path, query/]
  ])('rejects %s', (input, message) => {
    expect(() => validateLoginUrl(input, 'instance-url')).toThrow(message);
  });
});

describe('resolveLoginUrl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-project-'));
  it('defaults to production without sfdx-project.json', () => {
    expect(resolveLoginUrl('', dir)).toEqual({ url: LOGIN, source: 'default' });
  });
  it('takes sfdcLoginUrl from sfdx-project.json', () => {
    const project = mkdtempSync(join(tmpdir(), 'sfjwt-project-'));
    writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ sfdcLoginUrl: 'https://test.salesforce.com/' }));
    expect(resolveLoginUrl('', project)).toEqual({ url: TEST, source: 'sfdx-project.json' });
    expect(resolveLoginUrl('https://acme.my.salesforce.com', project)).toEqual({
      url: 'https://acme.my.salesforce.com',
      source: 'instance-url'
    });
  });
  it('names sfdx-project.json when its URL is bad', () => {
    const project = mkdtempSync(join(tmpdir(), 'sfjwt-project-'));
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ sfdcLoginUrl: 'https://acme.lightning.force.com' })
    );
    expect(() => resolveLoginUrl('', project)).toThrow(/sfdcLoginUrl in sfdx-project.json is a Lightning URL/);
  });
});
