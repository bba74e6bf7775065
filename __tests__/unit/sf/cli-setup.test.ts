import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { cacheKey, resolveSfCliVersion, setupSfCli, toolDir, type SfCliDeps } from '../../../src/sf/cli-setup.js';

function fakeDeps(over: Partial<SfCliDeps> & { files?: Set<string> } = {}) {
  const files = over.files ?? new Set<string>();
  const calls: string[] = [];
  const paths: string[] = [];
  const warnings: string[] = [];
  const p = over.path ?? path.posix;
  const deps: SfCliDeps = {
    platform: 'linux',
    arch: 'x64',
    env: { RUNNER_TOOL_CACHE: '/opt/hostedtoolcache', ACTIONS_CACHE_URL: 'https://cache.example' },
    path: p,
    log: () => {},
    warn: (w) => warnings.push(w),
    addPath: (d) => paths.push(d),
    exists: (f) => files.has(f),
    markComplete: (f) => {
      calls.push(`complete ${f}`);
      files.add(f);
    },
    latestVersion: async () => '2.151.0',
    cacheAvailable: () => true,
    restoreCache: async (_p, key) => {
      calls.push(`restore ${key}`);
      return undefined;
    },
    saveCache: async (_p, key) => {
      calls.push(`save ${key}`);
      return 1;
    },
    npmInstall: async (prefix, spec) => {
      calls.push(`npm ${prefix} ${spec}`);
      files.add(p.join(prefix, 'node_modules', '.bin', deps.platform === 'win32' ? 'sf.cmd' : 'sf'));
      return { exitCode: 0, stderr: '' };
    },
    ...over
  };
  return { deps, calls, paths, warnings, files };
}

const DIR = '/opt/hostedtoolcache/sf-cli/2.150.6/x64';
const SF = `${DIR}/node_modules/.bin/sf`;

describe('sf CLI version', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['2.150.6', '2.150.6'],
    ['v2.150.6', '2.150.6'],
    ['latest', '2.151.0']
  ])('%j -> %j', async (spec, version) => {
    expect(await resolveSfCliVersion(spec, async () => '2.151.0')).toBe(version);
  });
  it('rejects what is not a version', async () => {
    await expect(resolveSfCliVersion('2.150', async () => '')).rejects.toThrow(
      /sf-cli-version must be "latest" or a version such as 2.150.6 \(got "2.150"\)/
    );
  });
});

describe('setupSfCli', () => {
  it('uses the tool cache when the version is complete there, with no cache or npm call', async () => {
    const { deps, calls, paths } = fakeDeps({ files: new Set([`${DIR}.complete`, SF]) });
    expect(await setupSfCli('2.150.6', deps)).toMatchObject({ version: '2.150.6', cacheHit: 'tool-cache', sfPath: SF });
    expect(calls).toEqual([]);
    expect(paths).toEqual([`${DIR}/node_modules/.bin`]);
  });

  it('restores from the Actions cache, keyed by version, OS and architecture', async () => {
    const { deps, calls } = fakeDeps({
      restoreCache: async (_p, key) => {
        calls.push(`restore ${key}`);
        deps.markComplete(SF);
        return key;
      }
    });
    expect((await setupSfCli('2.150.6', deps))?.cacheHit).toBe('actions-cache');
    expect(calls).toContain('restore sf-jwt-login-sf-cli-2.150.6-linux-x64');
    expect(calls.some((c) => c.startsWith('npm'))).toBe(false);
  });

  it('on a miss installs with npm into the tool dir, then saves it', async () => {
    const { deps, calls } = fakeDeps();
    expect((await setupSfCli('2.150.6', deps))?.cacheHit).toBe(false);
    expect(calls).toEqual([
      'restore sf-jwt-login-sf-cli-2.150.6-linux-x64',
      `npm ${DIR} @salesforce/cli@2.150.6`,
      `complete ${DIR}.complete`,
      'save sf-jwt-login-sf-cli-2.150.6-linux-x64'
    ]);
  });

  it('a failing save is a warning, not a failure', async () => {
    const { deps, warnings } = fakeDeps({ saveCache: async () => Promise.reject(new Error('Reserve cache failed')) });
    expect((await setupSfCli('2.150.6', deps))?.cacheHit).toBe(false);
    expect(warnings[0]).toMatch(/Could not save sf CLI 2.150.6 to the Actions cache \(Reserve cache failed\)/);
  });

  it('a failing restore is a warning and a plain install', async () => {
    const { deps, warnings, calls } = fakeDeps({
      restoreCache: async () => Promise.reject(new Error('Cache service responded with 503'))
    });
    expect((await setupSfCli('2.150.6', deps))?.cacheHit).toBe(false);
    expect(warnings[0]).toMatch(/Could not restore .* installing it instead/);
    expect(calls.some((c) => c.startsWith('npm'))).toBe(true);
  });

  it('with no cache service (local run, GHES without cache): a warning and a plain install, no cache calls', async () => {
    const { deps, warnings, calls } = fakeDeps({ cacheAvailable: () => false });
    expect((await setupSfCli('2.150.6', deps))?.cacheHit).toBe(false);
    expect(warnings).toEqual([
      'The Actions cache service is not available here; installing sf CLI 2.150.6 without caching it.'
    ]);
    expect(calls.filter((c) => /restore|save/.test(c))).toEqual([]);
  });

  it('an install failure is a clear error naming the version', async () => {
    const { deps } = fakeDeps({
      npmInstall: async () => ({ exitCode: 1, stderr: 'npm error 404 No match found for version 9.9.9' })
    });
    await expect(setupSfCli('9.9.9', deps)).rejects.toThrow(
      /Could not install sf CLI 9.9.9 .*No match found for version 9.9.9/
    );
  });

  const platforms: Array<[NodeJS.Platform, typeof path.posix, NodeJS.ProcessEnv, string, string]> = [
    [
      'linux',
      path.posix,
      { RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' },
      '/opt/hostedtoolcache/sf-cli/2.150.6/x64/node_modules/.bin',
      'sf'
    ],
    [
      'darwin',
      path.posix,
      { RUNNER_TOOL_CACHE: '/Users/runner/hostedtoolcache' },
      '/Users/runner/hostedtoolcache/sf-cli/2.150.6/x64/node_modules/.bin',
      'sf'
    ],
    [
      'win32',
      path.win32,
      { RUNNER_TOOL_CACHE: 'C:\\hostedtoolcache\\windows' },
      'C:\\hostedtoolcache\\windows\\sf-cli\\2.150.6\\x64\\node_modules\\.bin',
      'sf.cmd'
    ]
  ];
  it.each(platforms)('PATH and executable on %s', async (platform, p, env, bin, exe) => {
    const { deps, paths } = fakeDeps({ platform, path: p, env: { ...env, ACTIONS_CACHE_URL: 'x' } });
    const result = await setupSfCli('2.150.6', deps);
    expect(paths).toEqual([bin]);
    expect(result?.sfPath).toBe(p.join(bin, exe));
  });

  it('without RUNNER_TOOL_CACHE the tool dir goes under RUNNER_TEMP', () => {
    expect(toolDir({ env: { RUNNER_TEMP: '/tmp/rt' }, arch: 'arm64', path: path.posix }, '2.150.6')).toBe(
      '/tmp/rt/tool-cache/sf-cli/2.150.6/arm64'
    );
    expect(cacheKey('2.150.6', 'win32', 'x64')).toBe('sf-jwt-login-sf-cli-2.150.6-win32-x64');
  });
});

describe('child processes', () => {
  it('get no INPUT_* variable: npm install scripts and sf never see the private key', async () => {
    const { withoutInputs } = await import('../../../src/sf/cli-setup.js');
    expect(
      withoutInputs({
        PATH: '/bin',
        'INPUT_PRIVATE-KEY': '-----BEGIN',
        'INPUT_PRIVATE-KEY-PASSPHRASE': 'pw',
        HOME: '/root'
      })
    ).toEqual({ PATH: '/bin', HOME: '/root' });
  });
});
