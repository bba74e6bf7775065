import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { icaclsArgs, writeSecretFile } from '../../../src/util/secret-file.js';

const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));
  made.push(dir);
  return dir;
};
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('key copy on Windows', () => {
  it('restricts the file to the runner user with icacls, like actions/checkout', () => {
    expect(
      icaclsArgs('D:\\a\\_temp\\sf-jwt-login-1\\server.key', { USERDOMAIN: 'fv-az123', USERNAME: 'runneradmin' })
    ).toEqual(['D:\\a\\_temp\\sf-jwt-login-1\\server.key', '/inheritance:r', '/grant:r', 'fv-az123\\runneradmin:F']);
  });
});

describe('writeSecretFile', () => {
  it('creates a new file with mode 0600 exactly, whatever the umask', async () => {
    const path = join(tmp(), 'server.key');
    const umask = process.umask(0o077 | 0o200);
    try {
      await writeSecretFile(path, 'secret');
    } finally {
      process.umask(umask);
    }
    expect(readFileSync(path, 'utf8')).toBe('secret');
    expect(mode(path)).toBe('600');
  });

  it('never overwrites an existing file without replace', async () => {
    const path = join(tmp(), 'server.key');
    writeFileSync(path, 'old');
    await expect(writeSecretFile(path, 'new')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('old');
  });

  it('with replace, swaps the whole file in at 0600 and leaves no temp file', async () => {
    const dir = tmp();
    const path = join(dir, 'server.key');
    writeFileSync(path, 'old', { mode: 0o644 });
    await writeSecretFile(path, 'new', { replace: true });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(mode(path)).toBe('600');
    expect(readdirSync(dir)).toEqual(['server.key']);
  });

  it('with replace, leaves the old file and no temp file when restricting the new one fails', async () => {
    const dir = tmp();
    const path = join(dir, 'server.key');
    writeFileSync(path, 'old');
    // On "win32" the ACL comes from icacls, which this machine does not have: the write must fail whole.
    await expect(writeSecretFile(path, 'new', { replace: true, platform: 'win32' })).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['server.key']);
  });
});
