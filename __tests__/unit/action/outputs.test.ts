// The outputs are set from the table: each source sets its outputs, with the values of its facts, in table order.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUTS, setOutputs, type OutputSources } from '../../../src/action/outputs.js';
import { parseCommandFile } from '../../../test-support/runner.mjs';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-outputs-');
const saved = process.env.GITHUB_OUTPUT;
afterEach(() => {
  process.env.GITHUB_OUTPUT = saved;
});

const token = { accessToken: '00Dx!tok', instanceUrl: 'https://acme.my.salesforce.com', orgId: '00Dx', userId: '005x' };
const login = (changes?: { authFile: string; alias?: string }): OutputSources['login'] => ({
  username: 'ci@example.com',
  outcome: {
    result: { token: { ...token, id: 'https://login.salesforce.com/id/00Dx/005x' }, attempts: 1, audience: 'aud' },
    username: 'ci@example.com',
    loginUrl: 'https://login.salesforce.com',
    home: '/home/runner',
    certificateExpiresAt: '2026-11-23T13:15:00Z',
    scratch: { devHub: 'hub@example.com', expirationDate: '2026-12-09' },
    changes: changes && { authFileCreated: true, keyFileCreated: false, config: [], ...changes }
  }
});

function written(set: () => void): { names: string[]; values: Record<string, string> } {
  const file = join(tmp(), 'output');
  writeFileSync(file, '');
  process.env.GITHUB_OUTPUT = file;
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    set();
  } finally {
    jest.restoreAllMocks();
  }
  const text = readFileSync(file, 'utf8');
  return { names: [...text.matchAll(/^([^<\n]+)<<ghadelimiter_/gm)].map((m) => m[1]), values: parseCommandFile(text) };
}

describe('outputs', () => {
  it('after the login: every login output, in table order, with the facts it is made of', () => {
    const { names, values } = written(() => setOutputs('login', login({ authFile: '/h/.sfdx/ci.json', alias: 'ci' })));
    expect(names).toEqual(Object.keys(OUTPUTS).filter((name) => !name.startsWith('sf-cli-')));
    expect(values).toEqual({
      'access-token': token.accessToken,
      'instance-url': token.instanceUrl,
      'org-id': '00Dx',
      'user-id': '005x',
      username: 'ci@example.com',
      'login-url': 'https://login.salesforce.com',
      'certificate-expires-at': '2026-11-23T13:15:00Z',
      'auth-file': '/h/.sfdx/ci.json',
      alias: 'ci',
      'dev-hub': 'hub@example.com',
      'expiration-date': '2026-12-09'
    });
  });

  it('no scratch org of a known Dev Hub: dev-hub and expiration-date are set, empty', () => {
    const facts = login();
    delete facts.outcome.scratch;
    const { values } = written(() => setOutputs('login', facts));
    expect([values['dev-hub'], values['expiration-date']]).toEqual(['', '']);
  });

  it('without sf state: auth-file and alias are set, empty', () => {
    const { values } = written(() => setOutputs('login', login()));
    expect(values['auth-file']).toBe('');
    expect(values.alias).toBe('');
  });

  it('after the sf CLI set-up: its version, and whether a cache had it', () => {
    const installed = { version: '2.150.6', binDir: '/t/bin', sfPath: '/t/bin/sf' };
    expect(written(() => setOutputs('sfCli', { ...installed, cacheHit: 'tool-cache' })).values).toEqual({
      'sf-cli-version': '2.150.6',
      'sf-cli-cache-hit': 'true'
    });
    expect(written(() => setOutputs('sfCli', { ...installed, cacheHit: false })).values['sf-cli-cache-hit']).toBe(
      'false'
    );
  });
});
