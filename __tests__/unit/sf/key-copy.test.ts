// The key copy's layout, <base>/sf-jwt-login-<uuid>/server.key: made by keyCopyDir + writeKeyCopy, recognised by
// isKeyCopyPath (the command line's way to find an earlier login's copy), and nothing else is.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isKeyCopyPath, keyCopyDir, writeKeyCopy } from '../../../src/sf/key-copy.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-keycopy-');

describe('key copy', () => {
  it('writes server.key (0600) into a new sf-jwt-login-<uuid> folder (0700), which isKeyCopyPath recognises', async () => {
    const base = tmp();
    const dir = keyCopyDir(base);
    const path = await writeKeyCopy(dir, 'PEM');
    expect(readFileSync(path, 'utf8')).toBe('PEM');
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(isKeyCopyPath(path, base)).toBe(true);
    expect(isKeyCopyPath(join(base, '.', dir.slice(base.length), 'server.key'), `${base}/`)).toBe(true);
    expect(keyCopyDir(base)).not.toBe(dir);
  });

  it('recognises nothing but that layout under that base', () => {
    const base = '/home/u/.sf/sf-jwt-login';
    const uuid = '0b6f5a8e-3c1d-4e2f-9a7b-6c5d4e3f2a1b';
    expect(isKeyCopyPath(`${base}/sf-jwt-login-${uuid}/server.key`, base)).toBe(true);
    for (const path of [
      `${base}/sf-jwt-login-${uuid}/other.key`,
      `${base}/sf-jwt-login-${uuid}/nested/server.key`,
      `${base}/sf-jwt-login-not-a-uuid/server.key`,
      `${base}/elsewhere-${uuid}/server.key`,
      `/home/u/sf-jwt-login-${uuid}/server.key`,
      `${base}/../sf-jwt-login-${uuid}/server.key`,
      '/home/u/server.key'
    ])
      expect(isKeyCopyPath(path, base)).toBe(false);
  });
});
