import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import {
  cacheKey,
  resolveSfCliVersion,
  setupSfCli,
  toolDir,
  verifyWithSf,
  type SfCliDeps
} from '../../../src/sf/cli-setup.js';
import { useTempDirs } from '../temp-dirs.js';

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

  it("quotes npm's stderr and the registry's answer on one line, escapes gone, bounded", async () => {
    const stderr = `\x1b[31mnpm error\x1b[0m code E404\r\n::error::forged\n${'x'.repeat(5000)}`;
    const { deps } = fakeDeps({ npmInstall: async () => ({ exitCode: 1, stderr }) });
    const err = (await setupSfCli('9.9.9', deps).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(
      /npm install @salesforce\/cli@9\.9\.9 failed: npm error code E404 ::error::forged x+…\)/
    );
    expect(err.message).not.toMatch(/[\0-\x1f\x7f-\x9f]/);
    expect(err.message.length).toBeLessThan(600);
    await expect(resolveSfCliVersion('latest', async () => `2.1\n\x1b]0;t\x07${'9'.repeat(500)}`)).rejects.toThrow(
      /^The npm registry gave "2\.1 9+…" as the latest/
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

describe('verifyWithSf: what sf org display answers decides', () => {
  const tmp = useTempDirs('sfjwt-verify-');
  /** A stand-in for sf that prints `stdout` (and `stderr`) and exits with `code`. */
  function fakeSf(stdout: unknown, code = 0, stderr = ''): string {
    const dir = tmp();
    const text = typeof stdout === 'string' ? stdout : JSON.stringify(stdout);
    writeFileSync(join(dir, 'out'), text);
    writeFileSync(join(dir, 'err'), stderr);
    writeFileSync(join(dir, 'sf'), `#!/bin/sh\ncat "${dir}/out"\ncat "${dir}/err" >&2\nexit ${code}\n`, {
      mode: 0o755
    });
    return join(dir, 'sf');
  }
  const display = (result: Record<string, unknown>, warnings: string[] = []) => ({ status: 0, result, warnings });
  const notConnected = /^sf cannot use the org it was just logged into: `sf org display --target-org hub` reports/;
  const run = (sf: string) => verifyWithSf(sf, 'hub', { PATH: process.env.PATH });

  it('passes on connectedStatus "Connected"', async () => {
    await expect(run(fakeSf(display({ id: '00Dx', connectedStatus: 'Connected' })))).resolves.toEqual({
      orgId: '00Dx'
    });
  });

  it('fails, quoting it, on any other connectedStatus, though sf exited 0', async () => {
    await expect(run(fakeSf(display({ id: '00Dx', connectedStatus: 'INVALID_SESSION_ID' })))).rejects.toThrow(
      /reports its connection as "INVALID_SESSION_ID", not "Connected"/
    );
    await expect(run(fakeSf(display({ connectedStatus: 'Expired' })))).rejects.toThrow(notConnected);
  });

  it("quotes sf's status on one line, escapes gone, bounded", async () => {
    const status = `Unable to refresh session due to:\n\x1b[31mError\x1b[0m\n${'fetch failed\n'.repeat(500)}`;
    const err = (await run(fakeSf(display({ connectedStatus: status }))).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/connection as "Unable to refresh session due to: Error fetch failed fetch failed/);
    expect(err.message).toMatch(/…", not "Connected"/);
    expect(err.message).not.toMatch(/[\0-\x1f\x7f-\x9f]/);
    expect(err.message.length).toBeLessThan(900);
  });

  it('without a connectedStatus (a scratch org sf knows the hub of) fails only when sf could not refresh', async () => {
    await expect(run(fakeSf(display({ id: '00Dx' })))).resolves.toEqual({ orgId: '00Dx' });
    await expect(run(fakeSf(display({ id: '00Dx' }, ['unable to refresh auth for org'])))).rejects.toThrow(
      /reports its connection as "unable to refresh auth for org"/
    );
  });

  it("fails on a non-zero exit with sf's message (first line, bounded), or the last line of its stderr", async () => {
    const failed = { status: 1, name: 'NoAuthInfoFound', message: 'No authorization information found for hub.\nmore' };
    await expect(run(fakeSf(failed, 1))).rejects.toThrow(
      /^sf cannot use the org it was just logged into: `sf org display --target-org hub` failed \(No authorization information found for hub\.\)\.$/
    );
    await expect(run(fakeSf('not json', 1, 'warming up\n\x1b[31mError: crashed\x1b[0m\n'))).rejects.toThrow(
      /failed \(Error: crashed\)\.$/
    );
  });
});
