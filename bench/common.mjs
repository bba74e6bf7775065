// What the benchmarks share: their --name=value arguments, the sf version they compare with, the one measurement
// that needs the registry (npm install of the sf CLI), the re-run of the script inside a loopback-only network
// namespace (as root; sf contacts public hosts when a login fails), and the median.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SF_VERSION = '2.150.6';

/** `--name=value` (or `--flag`) arguments of this process. @returns {Map<string, string>} */
export function benchArgs() {
  return new Map(
    process.argv
      .slice(2)
      .map((a) => a.replace(/^--/, '').split('='))
      .map(([k, v]) => [k, v ?? 'true'])
  );
}

/** Wall ms of `npm install @salesforce/cli@SF_VERSION` into an empty folder (npm's cache as it is); null on failure. */
export function measureSfInstall() {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-bench-install-'));
  console.error(`bench: npm install @salesforce/cli@${SF_VERSION} into an empty folder (once)...`);
  const t = Date.now();
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', dir, `@salesforce/cli@${SF_VERSION}`],
    { stdio: 'ignore' }
  );
  const ms = r.status === 0 ? Date.now() - t : null;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

/**
 * Runs `script` with `--inner` and `innerArgs`, inside `unshare -n` (with `--isolated`) when this is root and can,
 * else as it is; exits with its status.
 * @param {string} script @param {string[]} innerArgs
 */
export function rerunInner(script, innerArgs) {
  const canIsolate = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
  const inner = [script, '--inner', ...innerArgs];
  const r = canIsolate
    ? spawnSync(
        'unshare',
        ['-n', 'sh', '-c', 'ip link set lo up; exec "$@"', 'sh', process.execPath, ...inner, '--isolated'],
        { stdio: 'inherit' }
      )
    : spawnSync(process.execPath, inner, { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

/**
 * The action's inputs for the benchmarks' login: the stub's user, with sf state (alias hub, target-dev-hub).
 * @param {string} clientId @param {{username: string}} user @param {{pkcs8: string}} keys @param {string} url
 */
export const benchLoginInputs = (clientId, user, keys, url) => ({
  'client-id': clientId,
  username: user.username,
  'private-key': keys.pkcs8,
  'instance-url': url,
  alias: 'hub',
  'set-default-dev-hub': 'true'
});

/** @param {number[]} xs */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** When, where and how a run measured: the head of every result. @param {Map<string, string>} args */
export async function runFacts(args, rounds) {
  const cores = (await import('node:os')).cpus().length;
  return {
    date: new Date().toISOString(),
    machine: `${process.platform} ${process.arch}, ${cores} cores, node ${process.version}`,
    isolated: args.has('isolated'),
    rounds,
    /** The install time the outer run measured (or passed on), null when none. */
    installMs: args.get('install-ms') === 'null' ? null : Number(args.get('install-ms'))
  };
}
