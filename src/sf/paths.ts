/**
 * Where sf keeps its state (docs/sf-state.md §4, §6): the home folder as sf finds it, the files under
 * ~/.sfdx and ~/.sf, and the names of the two config keys a login can set, in each file and in the environment.
 */
import path from 'node:path';
import { homedir } from 'node:os';

export interface SfPaths {
  sfdxDir: string;
  sfDir: string;
  keyFile: string;
  aliasFile: string;
  sfConfigFile: string;
  sfdxConfigFile: string;
  authFile: (username: string) => string;
}

/**
 * The user's home folder as sf finds it (os.homedir()): USERPROFILE on Windows, HOME elsewhere. Takes the
 * platform and environment as arguments so each runner OS can be tested anywhere.
 */
export function homeFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, fallback: () => string = homedir): string {
  if (platform === 'win32') {
    return env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : '') || fallback();
  }
  return env.HOME || fallback();
}

export function sfPaths(home: string, p: Pick<typeof path, 'join'> = path): SfPaths {
  const join = p.join;
  const sfdxDir = join(home, '.sfdx');
  const sfDir = join(home, '.sf');
  return {
    sfdxDir,
    sfDir,
    keyFile: join(sfdxDir, 'key.json'),
    aliasFile: join(sfdxDir, 'alias.json'),
    sfConfigFile: join(sfDir, 'config.json'),
    sfdxConfigFile: join(sfdxDir, 'sfdx-config.json'),
    authFile: (username) => join(sfdxDir, `${username}.json`)
  };
}

/**
 * Config keys, in the sf file, in the legacy sfdx mirror, and as the variable that outranks both. sf reads the
 * variable when a user sets it; a login never exports it, since it would outrank every later sf command's choice
 * too (docs/sf-state.md §6).
 */
export const CONFIG_KEYS = {
  'target-org': { sf: 'target-org', sfdx: 'defaultusername', env: 'SF_TARGET_ORG' },
  'target-dev-hub': { sf: 'target-dev-hub', sfdx: 'defaultdevhubusername', env: 'SF_TARGET_DEV_HUB' }
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;
