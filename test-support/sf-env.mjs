// How tests run the real sf CLI and @salesforce/core against a job's HOME (facts doc, section 6).
import { join } from 'node:path';
import { repoRoot, runProcess } from './runner.mjs';

/** The environment a later workflow step gives sf, plus what keeps sf quiet, offline and fast. */
export function sfEnv(job, extra = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: job.home,
    USERPROFILE: job.home,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
    SSL_CERT_FILE: process.env.SSL_CERT_FILE ?? '',
    ...job.exportedEnv,
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_DISABLE_LOG_FILE: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    ...extra
  };
}

/** Reads a job's sf state with the real @salesforce/core (test-support/core-reader.cjs). */
export async function readWithCore(job, args, extraEnv = {}) {
  const r = await runProcess(
    process.execPath,
    [join(repoRoot, 'test-support', 'core-reader.cjs'), JSON.stringify(args)],
    {
      env: sfEnv(job, extraEnv),
      cwd: job.workspace,
      timeoutMs: 60_000
    }
  );
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { error: `core-reader exited ${r.code}: ${r.stdout}${r.stderr}` };
  }
}

/** The real sf CLI installed by script/bootstrap --sf-cli, when tests may run it (loopback-only network). */
export const sfBin =
  process.env.SFJWT_SF_BIN && process.env.SFJWT_ISOLATED_NETWORK === '1' ? process.env.SFJWT_SF_BIN : undefined;

/** Runs sf with --json and parses its answer. */
export async function runSf(job, args, extraEnv = {}) {
  if (!sfBin) throw new Error('sf is not available');
  const r = await runProcess(sfBin, [...args, '--json'], {
    env: sfEnv(job, extraEnv),
    cwd: job.workspace,
    timeoutMs: 120_000
  });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { ...r, json };
}
