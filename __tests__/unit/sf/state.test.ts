import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { homeFor, readOrCreateKey, sfPaths } from '../../../src/sf/state.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sfjwt-unit-'));

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
