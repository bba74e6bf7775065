/**
 * Optional sf CLI set-up (input sf-cli-version): resolve the version, take it from the runner's tool cache or the
 * Actions cache, else `npm install --prefix <tool dir> @salesforce/cli@<version>` and save it to the cache, then put
 * its bin folder on PATH. A missing or failing cache service is a warning and a plain install, never a failure.
 *
 * @actions/cache and @actions/exec are loaded only here, and only when the feature is used: the login-only path
 * never pays their load time.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { UserError } from '../util/errors.js';
import { parseJson, request } from '../util/http.js';
import { quoteText } from '../util/text.js';
import { KEY_FILE_ENV } from './key-file.js';

export interface SfCliResult {
  version: string;
  /** 'tool-cache' | 'actions-cache' when found, false when installed now. */
  cacheHit: 'tool-cache' | 'actions-cache' | false;
  binDir: string;
  sfPath: string;
}

export interface SfCliDeps {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  path: Pick<typeof path, 'join'>;
  log: (line: string) => void;
  warn: (line: string) => void;
  addPath: (dir: string) => void;
  exists: (file: string) => boolean;
  markComplete: (file: string) => void;
  latestVersion: () => Promise<string>;
  restoreCache: (paths: string[], key: string) => Promise<string | undefined>;
  saveCache: (paths: string[], key: string) => Promise<number>;
  cacheAvailable: () => boolean;
  npmInstall: (prefix: string, spec: string) => Promise<{ exitCode: number; stderr: string }>;
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const PACKAGE = '@salesforce/cli';
const SET_VERSION = 'set sf-cli-version to a version such as 2.150.6';

const MESSAGES = {
  badLatest: (version: string) => `The npm registry gave "${version}" as the latest ${PACKAGE}; ${SET_VERSION}.`,
  badVersion: (wanted: string) => `sf-cli-version must be "latest" or a version such as 2.150.6 (got "${wanted}").`,
  latestUnknown: (registry: string, status: number) =>
    `Could not resolve the latest ${PACKAGE} from ${registry} (HTTP ${status}); ${SET_VERSION}.`,
  noCacheService: (version: string) =>
    `The Actions cache service is not available here; installing sf CLI ${version} without caching it.`,
  restoreFailed: (version: string, why: string) =>
    `Could not restore sf CLI ${version} from the Actions cache (${why}); installing it instead.`,
  saveFailed: (version: string, why: string) =>
    `Could not save sf CLI ${version} to the Actions cache (${why}); the next job installs it again.`,
  installFailed: (version: string, detail: string) =>
    `Could not install sf CLI ${version} (npm install ${PACKAGE}@${version} failed${detail ? `: ${detail}` : ''}). ` +
    "Check sf-cli-version and the runner's access to the npm registry.",
  verifyFailed: (targetOrg: string, why: string | undefined) =>
    `sf cannot use the org it was just logged into: \`sf org display --target-org ${targetOrg}\` failed` +
    `${why ? ` (${why})` : ''}.`,
  notConnected: (targetOrg: string, status: string) =>
    `sf cannot use the org it was just logged into: \`sf org display --target-org ${targetOrg}\` reports its ` +
    `connection as "${status}", not "Connected" (sf could not use the token, nor get a new one with the key copy). ` +
    "The login itself worked, so check what differs for sf's requests: the runner's proxy settings (HTTPS_PROXY, " +
    "NO_PROXY) and the org's login IP ranges; or set verify to false to skip this check."
};

/** What `sf org display --json` answers, as far as verify reads it. */
interface SfDisplay {
  status?: number;
  message?: string;
  warnings?: unknown[];
  result?: { id?: string; connectedStatus?: string };
}

/** sf's warning when `org display` could not refresh the token (plugin-org, display.js). */
const REFRESH_FAILED = /unable to refresh auth/i;

/** '' → no install; 'latest' → resolved from the registry; a semver version as given. */
export async function resolveSfCliVersion(spec: string, latest: () => Promise<string>): Promise<string | undefined> {
  const wanted = spec.trim();
  if (!wanted) return undefined;
  if (wanted === 'latest') {
    const version = await latest();
    if (!VERSION.test(version)) throw new UserError(MESSAGES.badLatest(quoteText(version, 100)));
    return version;
  }
  const exact = wanted.replace(/^v/, '');
  if (!VERSION.test(exact)) throw new UserError(MESSAGES.badVersion(quoteText(wanted, 100)));
  return exact;
}

/** Where the runner's tool cache keeps a tool: <RUNNER_TOOL_CACHE>/sf-cli/<version>/<arch>, with <arch>.complete. */
export function toolDir(deps: Pick<SfCliDeps, 'env' | 'arch' | 'path'>, version: string): string {
  const root = deps.env.RUNNER_TOOL_CACHE || deps.path.join(deps.env.RUNNER_TEMP || tmpdir(), 'tool-cache');
  return deps.path.join(root, 'sf-cli', version, deps.arch);
}

export function cacheKey(version: string, platform: NodeJS.Platform, arch: string): string {
  return `sf-jwt-login-sf-cli-${version}-${platform}-${arch}`;
}

/** The folder with the sf executable (sf, or sf.cmd on Windows) after `npm install --prefix <dir>`. */
export function binDirOf(dir: string, deps: Pick<SfCliDeps, 'path'>): string {
  return deps.path.join(dir, 'node_modules', '.bin');
}

export async function setupSfCli(spec: string, deps: SfCliDeps): Promise<SfCliResult | undefined> {
  const version = await resolveSfCliVersion(spec, deps.latestVersion);
  if (!version) return undefined;
  const dir = toolDir(deps, version);
  const binDir = binDirOf(dir, deps);
  const sfPath = deps.path.join(binDir, deps.platform === 'win32' ? 'sf.cmd' : 'sf');
  const complete = `${dir}.complete`;
  const key = cacheKey(version, deps.platform, deps.arch);
  const done = (cacheHit: SfCliResult['cacheHit']): SfCliResult => {
    deps.addPath(binDir);
    return { version, cacheHit, binDir, sfPath };
  };

  if (deps.exists(complete) && deps.exists(sfPath)) {
    deps.log(`sf CLI ${version}: found in the tool cache (${dir}).`);
    return done('tool-cache');
  }
  const cacheUsable = deps.cacheAvailable();
  if (!cacheUsable) deps.warn(MESSAGES.noCacheService(version));
  if (cacheUsable) {
    try {
      if ((await deps.restoreCache([dir], key)) && deps.exists(sfPath)) {
        deps.markComplete(complete);
        deps.log(`sf CLI ${version}: restored from the Actions cache (${key}).`);
        return done('actions-cache');
      }
    } catch (err) {
      deps.warn(MESSAGES.restoreFailed(version, quoteText((err as Error).message)));
    }
  }
  deps.log(`sf CLI ${version}: installing with npm into ${dir}...`);
  const installed = await deps.npmInstall(dir, `${PACKAGE}@${version}`);
  if (installed.exitCode !== 0 || !deps.exists(sfPath)) {
    const detail = quoteText(installed.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' '));
    throw new UserError(MESSAGES.installFailed(version, detail));
  }
  deps.markComplete(complete);
  if (cacheUsable) {
    try {
      await deps.saveCache([dir], key);
    } catch (err) {
      deps.warn(MESSAGES.saveFailed(version, quoteText((err as Error).message)));
    }
  }
  return done(false);
}

/** The real dependencies: the modules for cache and exec are imported here, on first use only. */
export function runnerDeps(
  log: (l: string) => void,
  warn: (l: string) => void,
  addPath: (dir: string) => void
): SfCliDeps {
  const registry = (process.env.npm_config_registry || 'https://registry.npmjs.org').replace(/\/+$/, '');
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    path,
    log,
    warn,
    addPath,
    exists: existsSync,
    markComplete: (file) => writeFileSync(file, ''),
    latestVersion: async () => {
      const res = await request({
        method: 'GET',
        url: `${registry}/${PACKAGE.replace('/', '%2f')}/latest`,
        timeoutMs: 30_000
      });
      const version = (parseJson(res.body) as { version?: string } | undefined)?.version;
      if (res.status !== 200 || !version) throw new UserError(MESSAGES.latestUnknown(registry, res.status));
      return version;
    },
    cacheAvailable: () => Boolean(process.env.ACTIONS_CACHE_URL || process.env.ACTIONS_RESULTS_URL),
    restoreCache: async (paths, key) => (await import('@actions/cache')).restoreCache(paths, key),
    saveCache: async (paths, key) => (await import('@actions/cache')).saveCache(paths, key),
    npmInstall: async (prefix, spec) => {
      const { getExecOutput } = await import('@actions/exec');
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      // Install scripts of hundreds of packages run here: they get no INPUT_* variable (the private key is one).
      return getExecOutput(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec], {
        ignoreReturnCode: true,
        silent: true,
        env: withoutInputs(process.env)
      });
    }
  };
}

/** Proves the chain on the user's runner: sf itself must be able to use the org. */
export async function verifyWithSf(
  sfPath: string,
  targetOrg: string,
  env: NodeJS.ProcessEnv
): Promise<{ orgId?: string }> {
  const { getExecOutput } = await import('@actions/exec');
  const r = await getExecOutput(sfPath, ['org', 'display', '--target-org', targetOrg, '--json'], {
    ignoreReturnCode: true,
    silent: true,
    // The step's own inputs (the private key among them) are no business of sf's.
    env: {
      ...withoutInputs(env),
      ...KEY_FILE_ENV,
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_DISABLE_TELEMETRY: 'true'
    }
  });
  const json = parseJson(r.stdout) as SfDisplay | undefined;
  if (r.exitCode !== 0 || json?.status !== 0) {
    const said = json?.message?.split('\n')[0] || r.stderr.trim().split('\n').pop();
    throw new UserError(MESSAGES.verifyFailed(targetOrg, said ? quoteText(said) : undefined));
  }
  // sf exits 0 whatever the org answered: the verdict is connectedStatus ("Connected", or the error's code or
  // message). sf gives none for a scratch org it knows the hub of; its warning then tells that the refresh failed.
  const status = json.result?.connectedStatus;
  const refreshFailed = json.warnings?.some((w) => REFRESH_FAILED.test(String(w)));
  if ((status !== undefined && status !== 'Connected') || (status === undefined && refreshFailed)) {
    throw new UserError(MESSAGES.notConnected(targetOrg, quoteText(status ?? 'unable to refresh auth for org')));
  }
  return { orgId: json.result?.id };
}

/** The environment for a child process, without the step's inputs (INPUT_PRIVATE-KEY and its passphrase among them). */
export function withoutInputs(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => !e[0].startsWith('INPUT_') && e[1] !== undefined)
  );
}
