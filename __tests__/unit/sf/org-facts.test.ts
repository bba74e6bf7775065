import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestVersion, organizationRecord } from '../../../src/sf/org-facts.js';

const _tmp = () => mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));

describe('org facts', () => {
  it('picks the highest API version', () => {
    expect(latestVersion([{ version: '9.0' }, { version: '66.0' }, { version: '58.0' }])).toBe('66.0');
    expect(latestVersion({})).toBeUndefined();
  });
  it('derives isSandbox / isScratch as sf does', () => {
    const base = { Name: 'x', InstanceName: 'CS1', NamespacePrefix: null, OrganizationType: 'Developer Edition' };
    expect(
      organizationRecord({ records: [{ ...base, IsSandbox: true, TrialExpirationDate: '2030-01-01' }] })
    ).toMatchObject({ isSandbox: false, isScratch: true });
    expect(organizationRecord({ records: [{ ...base, IsSandbox: true, TrialExpirationDate: null }] })).toMatchObject({
      isSandbox: true,
      isScratch: false
    });
    expect(organizationRecord({ records: [{ ...base, IsSandbox: false, TrialExpirationDate: null }] })).toMatchObject({
      isSandbox: false,
      isScratch: false
    });
    expect(organizationRecord({ records: [] })).toBeUndefined();
  });
});
