import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const _tmp = () => mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));

describe('key copy on Windows', () => {
  it('restricts the file to the runner user with icacls, like actions/checkout', async () => {
    const { icaclsArgs } = await import('../../../src/util/secret-file.js');
    expect(
      icaclsArgs('D:\\a\\_temp\\sf-jwt-login-1\\server.key', { USERDOMAIN: 'fv-az123', USERNAME: 'runneradmin' })
    ).toEqual(['D:\\a\\_temp\\sf-jwt-login-1\\server.key', '/inheritance:r', '/grant:r', 'fv-az123\\runneradmin:F']);
  });
});
