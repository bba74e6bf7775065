/**
 * The action's main step: mask the secret inputs first, log in, then hand the results to later steps (outputs,
 * environment, job summary) and to the post step (state).
 */
import * as core from './workflow-commands.js';
import { join } from 'node:path';
import { describeFailure } from '../util/errors.js';
import { readInputs, SECRET_INPUTS } from './inputs.js';
import { login, type LoginOutcome, type Reporter } from '../login/login.js';
import { setLoginOutputs, writeSummary } from './outputs.js';
import { CONFIG_KEYS } from '../sf/state.js';
import { encrypt, newKey } from '../sf/crypto.js';
import { ensurePrivateDir } from '../util/files.js';
import { keyCopyDir } from '../sf/key-copy.js';
import { writeSecretFile } from '../util/secret-file.js';
import { STATE, saveJson, type SavedRevoke, type SavedSfState } from './state.js';
import type { SfCliResult } from '../sf/cli-setup.js';

const mask = (secret: string): void => {
  if (secret.trim()) core.setSecret(secret);
};

const reporter: Reporter = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  mask
};

export async function run(): Promise<void> {
  const started = Date.now();
  try {
    // Secrets first: nothing may be printed before they are masked.
    for (const name of SECRET_INPUTS) mask(core.getInput(name));
    const inputs = readInputs((name) => core.getInput(name));
    core.saveState(STATE.cleanup, String(inputs.cleanup));

    // The optional sf CLI install does not depend on the login: run both at once, pay max(install, login).
    const sfCli = inputs.sfCliVersion ? startSfCli(inputs.sfCliVersion) : undefined;
    // The step's private folder (key copy, revoke key) is recorded before anything is written into it.
    const privateDir = keyCopyDir(process.env.RUNNER_TEMP);
    core.saveState(STATE.keyDir, privateDir);
    const outcome = await login(inputs, reporter, {
      keyCopyDir: privateDir,
      env: process.env,
      projectDir: process.env.GITHUB_WORKSPACE || process.cwd()
    });
    const report = { result: outcome.result, username: inputs.username, loginUrl: outcome.loginUrl, elapsedMs: 0 };
    setLoginOutputs(report);
    core.setOutput('certificate-expires-at', outcome.certificateExpiresAt ?? '');
    exportSfState(outcome, inputs.username);
    if (inputs.cleanup) await saveRevoke(outcome, privateDir);
    if (sfCli)
      await finishSfCli(
        await sfCli,
        inputs.verify && outcome.changes ? (outcome.changes.alias ?? inputs.username) : undefined
      );

    report.elapsedMs = Date.now() - started;
    const { token } = outcome.result;
    const requests = outcome.result.attempts;
    core.info(
      `Logged in ${inputs.username} to org ${token.orgId} at ${token.instanceUrl} (${requests} token request${requests === 1 ? '' : 's'}, ${report.elapsedMs} ms).`
    );
    const extra: Array<[string, string]> = outcome.changes ? [['Auth file', outcome.changes.authFile]] : [];
    if (outcome.certificateExpiresAt) extra.push(['Certificate expires', outcome.certificateExpiresAt]);
    await writeSummary(report, extra);
  } catch (err) {
    const failure = describeFailure(err);
    if (failure.stack) core.debug(failure.stack);
    core.setFailed(failure.message);
  }
}

/** Outputs, environment for later steps, and the record the post step undoes. */
function exportSfState({ changes, home }: LoginOutcome, username: string): void {
  core.setOutput('auth-file', changes?.authFile ?? '');
  core.setOutput('alias', changes?.alias ?? '');
  if (!changes) return;
  saveJson(STATE.sfState, { home, username, changes } satisfies SavedSfState);
  // sf must read key.json (not secret-tool or the macOS keychain), and the environment beats any project-local
  // config in the repository.
  core.exportVariable('SF_USE_GENERIC_UNIX_KEYCHAIN', 'true');
  for (const { key, value } of changes.config) core.exportVariable(CONFIG_KEYS[key].env, value);
}

/** The token for the post step's revocation, encrypted with a one-off key kept in the step's private folder. */
async function saveRevoke(outcome: LoginOutcome, dir: string): Promise<void> {
  ensurePrivateDir(dir);
  const revokeKey = newKey({ SF_CRYPTO_V2: 'true' });
  await writeSecretFile(join(dir, 'revoke.key'), revokeKey);
  const { token } = outcome.result;
  saveJson(STATE.revoke, {
    instanceUrl: token.instanceUrl,
    token: encrypt(token.accessToken, revokeKey)
  } satisfies SavedRevoke);
}

/** Starts the sf CLI set-up; its rejection is observed at once and re-thrown where it is awaited. */
function startSfCli(version: string): Promise<SfCliResult | undefined> {
  const running = import('../sf/cli-setup.js').then(({ setupSfCli, runnerDeps }) =>
    setupSfCli(
      version,
      runnerDeps(reporter.info, reporter.warning, (dir) => core.addPath(dir))
    )
  );
  running.catch(() => undefined);
  return running;
}

async function finishSfCli(installed: SfCliResult | undefined, verifyTarget: string | undefined): Promise<void> {
  if (!installed) return;
  core.setOutput('sf-cli-version', installed.version);
  core.setOutput('sf-cli-cache-hit', String(installed.cacheHit !== false));
  if (!verifyTarget) return;
  const { verifyWithSf } = await import('../sf/cli-setup.js');
  await verifyWithSf(installed.sfPath, verifyTarget, process.env);
  core.info(`sf CLI ${installed.version} uses the org: sf org display --target-org ${verifyTarget} succeeded.`);
}
