import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { homeFor, sfPaths } from '../../../src/sf/paths.js';

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
});
