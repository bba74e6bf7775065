// The decisions about a scratch org from its Dev Hub's ScratchOrgInfo record: go, wait, or one clear error each,
// and the auth-file fields sf org create scratch writes.
import { describe, expect, it } from '@jest/globals';
import {
  activeScratchOrgQuery,
  judgeScratchOrg,
  scratchFields,
  validateDevHubName
} from '../../../src/login/scratch-org.js';
import { UserError } from '../../../src/util/errors.js';

const who = { username: 'test-1@example.com', devHub: 'hub@example.com', devHubInput: 'dev-hub' };
const NOW = new Date('2026-12-02T10:00:00Z');
const record = (over: Record<string, unknown> = {}) => ({
  Id: '2SR000000000001',
  SignupUsername: who.username,
  LoginUrl: 'https://power-ability-1234-dev-ed.scratch.my.salesforce.com',
  Status: 'Active',
  ErrorCode: null,
  ExpirationDate: '2026-12-09',
  ScratchOrg: '00D000000000001',
  CreatedDate: '2026-12-02T09:30:00.000+0000',
  SignupInstance: 'USA94S',
  Namespace: null,
  ...over
});
const failure = (r: Record<string, unknown> | undefined): string => {
  try {
    judgeScratchOrg(r, who, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('judgeScratchOrg', () => {
  it('an active org: its LoginUrl and the fields sf org create scratch writes', () => {
    expect(judgeScratchOrg(record(), who, NOW)).toEqual({
      kind: 'active',
      loginUrl: 'https://power-ability-1234-dev-ed.scratch.my.salesforce.com',
      fields: {
        devHubUsername: 'hub@example.com',
        created: String(Date.parse('2026-12-02T09:30:00.000Z')),
        expirationDate: '2026-12-09',
        createdOrgInstance: 'USA94S',
        isDevHub: false,
        isScratch: true,
        isSandbox: false
      }
    });
  });

  it('expires at the end of its ExpirationDate: the same day is still good', () => {
    expect(judgeScratchOrg(record({ ExpirationDate: '2026-12-02' }), who, NOW).kind).toBe('active');
    expect(failure(record({ ExpirationDate: '2026-12-01' }))).toBe(
      'The scratch org test-1@example.com on Dev Hub hub@example.com expired on 2026-12-01 (its ExpirationDate). ' +
        'Create a new scratch org; --duration-days sets how long one lives (up to 30 days).'
    );
  });

  it.each(['New', 'Creating'])('Status %s, or Active without a LoginUrl yet: wait', (status) => {
    expect(judgeScratchOrg(record({ Status: status, LoginUrl: null }), who, NOW)).toEqual({ kind: 'creating', status });
    expect(judgeScratchOrg(record({ LoginUrl: null }), who, NOW)).toEqual({ kind: 'creating', status: 'Active' });
  });

  it('no record, deleted, failed: each its own message, ErrorCode quoted', () => {
    expect(failure(undefined)).toMatch(/^There is no scratch org test-1@example\.com on Dev Hub hub@example\.com: /);
    expect(failure(record({ Status: 'Deleted' }))).toMatch(/has been deleted \(ScratchOrgInfo Status Deleted\)/);
    expect(failure(record({ Status: 'Error', ErrorCode: 'C-9999' }))).toMatch(
      /failed to be created \(Status Error, ErrorCode C-9999\)\. Look the code up/
    );
    expect(failure(record({ Status: 'Error', ErrorCode: 'C-1016' }))).toContain('Connected App');
    expect(failure(record({ Status: 'Failed' }))).toMatch(/\(Status Failed\)/);
  });

  it('server text in a message cannot break the line', () => {
    const message = failure(record({ Status: 'Error', ErrorCode: 'C-1\n::error::forged\u001b[2J' }));
    expect(message).not.toMatch(/[\n\u001b]/);
  });

  it('a LoginUrl that is no https URL is refused, not used', () => {
    expect(failure(record({ LoginUrl: 'http://evil.example.com' }))).toMatch(/must use https/);
    expect(failure(record({ LoginUrl: 'https://x.my.salesforce.com/path' }))).toMatch(/just the scheme and host/);
  });
});

describe('scratchFields', () => {
  it('leaves out what it cannot read safely, and keeps a namespace', () => {
    const fields = scratchFields(
      record({ CreatedDate: 'garbage', ExpirationDate: 'soon', SignupInstance: 'US A', Namespace: 'acme' }),
      'hub@example.com'
    );
    expect(fields).toEqual({
      devHubUsername: 'hub@example.com',
      isDevHub: false,
      isScratch: true,
      isSandbox: false,
      namespacePrefix: 'acme'
    });
  });
});

describe('queries and the dev-hub input', () => {
  it('asks for an active org by its 15-character id, as sf org login jwt does', () => {
    expect(activeScratchOrgQuery('00D000000000001AAA')).toMatch(
      /FROM ScratchOrgInfo WHERE ScratchOrg = '00D000000000001' AND Status = 'Active'$/
    );
  });

  it('takes an alias or a username, and refuses what cannot name a file under ~/.sfdx', () => {
    expect(validateDevHubName(' hub ', 'dev-hub')).toBe('hub');
    expect(validateDevHubName('ci@hub.example.com', 'dev-hub')).toBe('ci@hub.example.com');
    expect(validateDevHubName('', 'dev-hub')).toBe('');
    for (const bad of ['../hub', 'a/b', 'a\\b', 'two words', 'x\ny'])
      expect(() => validateDevHubName(bad, 'dev-hub')).toThrow(/^dev-hub ".*" is not an sf alias or username/);
  });
});
