import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveLoginUrl, validateLoginUrl } from '../../../src/login/login-url.js';

const LOGIN = 'https://login.salesforce.com';
const TEST = 'https://test.salesforce.com';

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
    expect(resolveLoginUrl('', dir, 'instance-url')).toEqual({ url: LOGIN, source: 'default' });
  });
  it('takes sfdcLoginUrl from sfdx-project.json', () => {
    const project = mkdtempSync(join(tmpdir(), 'sfjwt-project-'));
    writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify({ sfdcLoginUrl: 'https://test.salesforce.com/' }));
    expect(resolveLoginUrl('', project, 'instance-url')).toEqual({ url: TEST, source: 'sfdx-project.json' });
    expect(resolveLoginUrl('https://acme.my.salesforce.com', project, 'instance-url')).toEqual({
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
    expect(() => resolveLoginUrl('', project, 'instance-url')).toThrow(
      /sfdcLoginUrl in sfdx-project.json is a Lightning URL/
    );
  });
});
