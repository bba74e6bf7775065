// The sandbox derivation (src/login/sandbox.ts): username and My Domain URL from production's, and every refusal.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameInput, readInputs } from '../../../src/action/inputs.js';
import { loginNames } from '../../../src/cli/login.js';
import { resolveLoginTarget, sandboxTarget, targetUsername, validateSandboxName } from '../../../src/login/sandbox.js';

const target = (sandbox: string, url: string | undefined, username = 'ci@acme.com') =>
  sandboxTarget(sandbox, url, username, nameInput);

describe('sandboxTarget', () => {
  it.each([
    ['uat', 'https://acme.my.salesforce.com', 'ci@acme.com.uat', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['UAT', 'https://acme.my.salesforce.com', 'ci@acme.com.uat', 'https://acme--uat.sandbox.my.salesforce.com'],
    [
      'Staging2',
      'https://ACME.my.salesforce.com',
      'ci@acme.com.staging2',
      'https://acme--staging2.sandbox.my.salesforce.com'
    ],
    ['qa', 'https://acme.my.salesforce.mil', 'ci@acme.com.qa', 'https://acme--qa.sandbox.my.salesforce.mil'],
    ['qa', 'https://acme.my.sfcrmproducts.cn', 'ci@acme.com.qa', 'https://acme--qa.sandbox.my.sfcrmproducts.cn']
  ])('%s of %s: %s at %s', (sandbox, url, username, loginUrl) => {
    expect(target(sandbox, url)).toEqual({ username, loginUrl });
  });

  it('never appends the suffix twice (any case)', () => {
    expect(target('uat', 'https://acme.my.salesforce.com', 'ci@acme.com.uat').username).toBe('ci@acme.com.uat');
    expect(target('uat', 'https://acme.my.salesforce.com', 'Ci@Acme.com.UAT').username).toBe('Ci@Acme.com.UAT');
    // Only the whole last label counts: ".xuat" is not ".uat".
    expect(target('uat', 'https://acme.my.salesforce.com', 'ci@acme.xuat').username).toBe('ci@acme.xuat.uat');
  });

  it.each([
    [undefined, /^sandbox needs instance-url: production's My Domain URL, e\.g\. https:\/\/acme\.my\.salesforce\.com/],
    ['https://login.salesforce.com', /is the shared login host, not a My Domain/],
    ['https://test.salesforce.com', /is the shared login host, not a My Domain/],
    ['https://acme--uat.sandbox.my.salesforce.com', /sandbox's own URL.*\(https:\/\/acme\.my\.salesforce\.com\)/],
    ['https://acme--uat.my.salesforce.com', /sandbox's own URL.*\(https:\/\/acme\.my\.salesforce\.com\)/],
    ['https://wise-fox-1.scratch.my.salesforce.com', /is not a production My Domain URL/],
    ['https://acme-dev-ed.develop.my.salesforce.com', /is not a production My Domain URL/],
    ['https://na139.salesforce.com', /is not a production My Domain URL/],
    ['http://127.0.0.1:8080', /is not a production My Domain URL/]
  ])('refuses instance-url %s', (url, message) => {
    expect(() => target('uat', url)).toThrow(message);
  });

  it('refuses a derived username longer than 80 characters', () => {
    const long = `${'a'.repeat(60)}@${'b'.repeat(12)}.com`;
    expect(() => target('staging', 'https://acme.my.salesforce.com', long)).toThrow(
      /username with sandbox gives ".*\.staging", longer than the 80 characters/
    );
  });
});

describe('validateSandboxName', () => {
  it.each(['uat', 'QA', 'staging', 'a', 'abcdefghij', 'uat2', '2uat'])('accepts %j', (name) => {
    expect(validateSandboxName(` ${name} `, 'sandbox')).toBe(name);
  });
  it('accepts nothing as no sandbox', () => expect(validateSandboxName('  ', 'sandbox')).toBe(''));
  it.each(['abcdefghijk', 'u-a-t', 'u_at', 'uat.qa', 'u at', 'uät', 'u\nat'])('refuses %j', (name) => {
    expect(() => validateSandboxName(name, 'sandbox')).toThrow(
      /^sandbox ".*" is not valid: a sandbox name is 1 to 10 letters and digits/
    );
  });
  it('quotes no control character back', () => {
    expect(() => validateSandboxName('u\u001b[2Jat', 'sandbox')).toThrow(/^sandbox "u\?\[2Jat" is not valid/);
  });
});

describe('the sandbox input in both adapters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-sandbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { 'client-id': '3MVG9abc', username: 'ci@acme.com', 'instance-url': 'https://acme.my.salesforce.com' };
  const action = (over: Record<string, string>) =>
    readInputs((n) => ({ ...base, ...over })[n as keyof typeof base] ?? '');

  it('the action reads `sandbox`, and the login target is the sandbox user at the sandbox host', () => {
    const inputs = action({ sandbox: 'uat' } as never);
    expect(inputs.sandbox).toBe('uat');
    expect(resolveLoginTarget(inputs, dir)).toEqual({
      username: 'ci@acme.com.uat',
      url: 'https://acme--uat.sandbox.my.salesforce.com',
      source: 'sandbox uat of https://acme.my.salesforce.com'
    });
    expect(targetUsername(inputs)).toBe('ci@acme.com.uat');
    expect(() => action({ sandbox: 'not-valid' } as never)).toThrow(/^sandbox "not-valid" is not valid/);
  });

  it('without `sandbox`, the target is the inputs as given; sfdcLoginUrl never stands in for production', () => {
    const inputs = action({});
    expect(resolveLoginTarget(inputs, dir)).toEqual({
      username: 'ci@acme.com',
      url: 'https://acme.my.salesforce.com',
      source: 'instance-url'
    });
    writeFileSync(join(dir, 'sfdx-project.json'), JSON.stringify({ sfdcLoginUrl: 'https://acme.my.salesforce.com' }));
    const noUrl = readInputs((n) => ({ ...base, 'instance-url': '', sandbox: 'uat' })[n as 'username'] ?? '');
    expect(() => resolveLoginTarget(noUrl, dir)).toThrow(/^sandbox needs instance-url/);
  });

  it('the command line names it --sandbox in its messages', () => {
    const nameOf = loginNames(false);
    expect(nameOf('sandbox')).toBe('--sandbox');
    expect(() => sandboxTarget('uat', undefined, 'ci@acme.com', nameOf)).toThrow(
      /^--sandbox needs --instance-url: production's My Domain URL/
    );
  });
});
