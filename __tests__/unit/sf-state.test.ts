import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoVersion, decrypt, encrypt, newKey } from '../../src/sf/crypto.js';
import { homeFor, readOrCreateKey, sfPaths, updateJsonFile } from '../../src/sf/state.js';
import { createFileExclusive, withFileLock } from '../../src/util/files.js';
import { latestVersion, organizationRecord } from '../../src/sf/org-facts.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));

describe('sf encryption', () => {
  it.each([
    ['v1', newKey({}), 12],
    ['v2', newKey({ SF_CRYPTO_V2: 'true' }), 24]
  ])('%s: <ivHex><cipherHex>:<tagHex>, round trip', (version, key, ivHex) => {
    expect(cryptoVersion(key)).toBe(version);
    const stored = encrypt('00Dxx0000001gPL!AQ4AQ.token', key);
    expect(stored).toMatch(new RegExp(`^[0-9a-f]{${ivHex}}[0-9a-f]+:[0-9a-f]{32}$`));
    expect(decrypt(stored, key)).toBe('00Dxx0000001gPL!AQ4AQ.token');
    expect(encrypt('same', key)).not.toBe(encrypt('same', key));
  });
  it('refuses keys of other lengths', () => {
    expect(cryptoVersion('abc')).toBeUndefined();
    expect(() => encrypt('x', 'abc')).toThrow(/neither 32 nor 64/);
  });
});

describe('paths on each runner OS', () => {
  const homes: Array<[NodeJS.Platform, NodeJS.ProcessEnv, string]> = [
    ['linux', { HOME: '/home/runner' }, '/home/runner'],
    ['darwin', { HOME: '/Users/runner' }, '/Users/runner'],
    ['win32', { USERPROFILE: 'C:\\Users\\runneradmin', HOME: '/c/Users/other' }, 'C:\\Users\\runneradmin'],
    ['win32', { HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\ci' }, 'D:\\Users\\ci']
  ];
  it.each(homes)('%s home from %j', (platform, env, home) => {
    expect(homeFor(env, platform, () => 'fallback')).toBe(home);
  });
  it('falls back to the OS home when nothing is set', () => {
    expect(homeFor({}, 'linux', () => '/root')).toBe('/root');
  });
  it('builds Windows paths with backslashes and POSIX paths with slashes', () => {
    const win = sfPaths('C:\\Users\\runneradmin', path.win32);
    expect(win.keyFile).toBe('C:\\Users\\runneradmin\\.sfdx\\key.json');
    expect(win.sfConfigFile).toBe('C:\\Users\\runneradmin\\.sf\\config.json');
    expect(win.authFile('ci@example.com')).toBe('C:\\Users\\runneradmin\\.sfdx\\ci@example.com.json');
    const posix = sfPaths('/home/runner', path.posix);
    expect(posix.aliasFile).toBe('/home/runner/.sfdx/alias.json');
  });
  it('checks key.json mode on Linux and macOS, not on Windows (where chmod does nothing)', () => {
    const dir = tmp();
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify({ account: 'local', key: 'c'.repeat(32), service: 'sfdx' }));
    chmodSync(file, 0o644);
    expect(() => readOrCreateKey(file, 'linux')).toThrow(/mode 0644/);
    expect(() => readOrCreateKey(file, 'darwin')).toThrow(/mode 0644/);
    expect(readOrCreateKey(file, 'win32')).toEqual({ key: 'c'.repeat(32), created: false });
  });
});

describe('files', () => {
  it('creates key.json once, with mode 0600, even when two logins race', () => {
    const dir = tmp();
    const file = join(dir, 'key.json');
    expect(createFileExclusive(file, 'first', 0o600)).toBe(true);
    expect(createFileExclusive(file, 'second', 0o600)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    const made = readOrCreateKey(join(dir, 'other.json'), 'linux');
    expect(made.created).toBe(true);
    expect(cryptoVersion(made.key)).toBe('v1');
  });
  it('serialises concurrent read-modify-writes so no entry is lost', async () => {
    const file = join(tmp(), 'alias.json');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => updateJsonFile(file, (c) => ({ ...c, [`a${i}`]: i }), false))
    );
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toHaveLength(20);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
  it('takes over a stale lock left by a dead process', async () => {
    const file = join(tmp(), 'config.json');
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    await expect(withFileLock(file, () => 'done')).resolves.toBe('done');
  });
});

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

describe('key copy on Windows', () => {
  it('restricts the file to the runner user with icacls, like actions/checkout', async () => {
    const { icaclsArgs } = await import('../../src/sf/key-copy.js');
    expect(
      icaclsArgs('D:\\a\\_temp\\sf-jwt-login-1\\server.key', { USERDOMAIN: 'fv-az123', USERNAME: 'runneradmin' })
    ).toEqual(['D:\\a\\_temp\\sf-jwt-login-1\\server.key', '/inheritance:r', '/grant:r', 'fv-az123\\runneradmin:F']);
  });
});
