// The key copy's layouts: the action's <base>/sf-jwt-login-<uuid>/server.key, made by keyCopyDir + writeKeyCopy and
// recognised by isKeyCopyPath (and nothing else is); the command line's one copy per user, <base>/<user>/server.key,
// replaced atomically and put back as it was when a login fails.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isKeyCopyPath,
  isUserKeyCopyPath,
  keyCopyDir,
  userFolderName,
  userKeyCopySlot,
  writeKeyCopy
} from '../../../src/sf/key-copy.js';
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

describe("the command line's key copy: one per user", () => {
  it('names one folder per user: lower case, and every character but a-z 0-9 . _ @ + - as %XX, so no two share one', () => {
    expect(userFolderName('CI@Example.com')).toBe('ci@example.com');
    expect(userFolderName("o'brien+ci@example.com")).toBe('o%27brien+ci@example.com');
    expect(userFolderName('a%b@x.com')).toBe('a%25b@x.com');
    expect(userFolderName('a b@x.com')).toBe('a%20b@x.com');
    expect(userFolderName('jörg@x.com')).toBe('j%C3%B6rg@x.com');
    expect(userFolderName('a/b@x.com')).toBe('a%2Fb@x.com');
    expect(new Set(['a%27b@x.com', "a'b@x.com"].map(userFolderName)).size).toBe(2);
  });

  it('isUserKeyCopyPath recognises <base>/<user folder>/server.key and nothing else', () => {
    const base = '/home/u/.sf/sf-jwt-login';
    expect(isUserKeyCopyPath(`${base}/ci@example.com/server.key`, base)).toBe(true);
    for (const path of [
      `${base}/CI@example.com/server.key`,
      `${base}/no-at-sign/server.key`,
      `${base}/ci@example.com/other.key`,
      `${base}/ci@example.com/x/server.key`,
      `${base}/../ci@example.com/server.key`,
      `/elsewhere/ci@example.com/server.key`
    ])
      expect(isUserKeyCopyPath(path, base)).toBe(false);
    expect(isKeyCopyPath(`${base}/ci@example.com/server.key`, base)).toBe(false);
  });

  it('replaces the copy atomically: one folder, one file, the new key, 0600', async () => {
    const base = tmp();
    for (const pem of ['FIRST', 'SECOND']) {
      const slot = userKeyCopySlot(base, 'ci@example.com');
      expect(await writeKeyCopy(slot.dir, pem, { replace: true })).toBe(slot.path);
    }
    expect(readdirSync(base)).toEqual(['ci@example.com']);
    expect(readdirSync(join(base, 'ci@example.com'))).toEqual(['server.key']);
    expect(readFileSync(join(base, 'ci@example.com', 'server.key'), 'utf8')).toBe('SECOND');
    if (process.platform !== 'win32')
      expect(statSync(join(base, 'ci@example.com', 'server.key')).mode & 0o777).toBe(0o600);
  });

  it('restore after a failed login removes a copy it created, with its folder', async () => {
    const base = tmp();
    const slot = userKeyCopySlot(base, 'ci@example.com');
    await writeKeyCopy(slot.dir, 'NEW', { replace: true });
    await slot.restore();
    expect(readdirSync(base)).toEqual([]);
  });

  it('restore after a failed login puts back the copy it replaced, byte for byte', async () => {
    const base = tmp();
    mkdirSync(join(base, 'ci@example.com'), { mode: 0o700 });
    writeFileSync(join(base, 'ci@example.com', 'server.key'), 'OLD KEY\n', { mode: 0o600 });
    const slot = userKeyCopySlot(base, 'ci@example.com');
    await writeKeyCopy(slot.dir, 'NEW', { replace: true });
    await slot.restore();
    expect(readFileSync(slot.path, 'utf8')).toBe('OLD KEY\n');
    if (process.platform !== 'win32') expect(statSync(slot.path).mode & 0o777).toBe(0o600);
  });

  it('restore leaves alone a copy the login never touched (it failed earlier), and other files in the folder', async () => {
    const base = tmp();
    const untouched = userKeyCopySlot(base, 'ci@example.com');
    await untouched.restore();
    expect(existsSync(untouched.dir)).toBe(false);
    mkdirSync(untouched.dir);
    writeFileSync(join(untouched.dir, 'notes.txt'), 'mine');
    const slot = userKeyCopySlot(base, 'ci@example.com');
    await writeKeyCopy(slot.dir, 'NEW', { replace: true });
    await slot.restore();
    expect(readdirSync(slot.dir)).toEqual(['notes.txt']);
  });

  it('never writes through a link at the copy path', async () => {
    const base = tmp();
    const target = join(base, 'elsewhere.key');
    writeFileSync(target, 'NOT OURS');
    mkdirSync(join(base, 'ci@example.com'));
    symlinkSync(target, join(base, 'ci@example.com', 'server.key'));
    const slot = userKeyCopySlot(base, 'ci@example.com');
    await expect(writeKeyCopy(slot.dir, 'NEW', { replace: true })).rejects.toThrow(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('NOT OURS');
  });
});
