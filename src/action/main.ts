/**
 * The action's main step: mask the secret inputs first, log in, then hand the results to later steps (outputs,
 * environment, job summary) and to the post step (GITHUB_STATE).
 */
import * as core from './workflow-commands.js';
import * as annotate from './annotations.js';
import { describeFailure } from '../util/errors.js';
import { readInputs, SECRET_INPUTS } from './inputs.js';
import type { InputName } from './input-names.js';
import { login, type LoginOutcome, type Reporter } from '../login/login.js';
import { setOutputs } from './outputs.js';
import { writeFailureSummary, writeSummary } from './login-summary.js';
import { sfEnvironment } from '../sf/state.js';
import { KEY_FILE_ENV } from '../sf/key-file.js';
import { homeKeyBase, keyCopyDir } from '../sf/key-copy.js';
import { homeFor } from '../sf/paths.js';
import type { ChangeRecord } from '../sf/changes.js';
import { TokenRequestFailed, type Token } from '../login/token-exchange.js';
import { undoLogin } from '../login/undo.js';
import type { IssuedToken } from '../login/revoke.js';
import { thisProcess } from '../util/lock-owner.js';
import { claimPrivateDir, removePrivateDir } from './private-dir.js';
import { logUndo } from './undo-log.js';
import { type Vault, createVault } from './vault.js';
import { watchSignals } from './signals.js';
import { save } from './state.js';
import type { SfCliResult } from '../sf/cli-setup.js';

const mask = (secret: string): void => {
  if (secret.trim()) core.setSecret(secret);
};
const reporter: Reporter = {
  info: (line) => core.info(line),
  warning: (line) => annotate.warning(line),
  debug: (line) => core.debug(line),
  mask
};

/** verify proves that sf can use the state this login wrote; without that state there is nothing to prove. */
const VERIFY_SKIPPED =
  'verify is skipped: write-sf-state is false, so sf has no login of this org to check. Set write-sf-state to ' +
  'true to have sf prove it can use the org, or verify to false to silence this warning.';

const loggedIn = (username: string, { token, attempts }: LoginOutcome['result'], elapsedMs: number): string =>
  `Logged in ${username} to org ${token.orgId} at ${token.instanceUrl} ` +
  `(${attempts} token request${attempts === 1 ? '' : 's'}, ${elapsedMs} ms).`;

/** What this run has got so far: what a roll-back must undo. */
interface Attempt {
  token?: Token;
  record?: ChangeRecord;
  /** A token got for the Dev Hub's lookup that is not revoked yet. */
  hubToken?: IssuedToken;
}
const ROLLBACK_REVOKE_TIMEOUT_MS = 5_000;

export async function run(): Promise<void> {
  const started = Date.now();
  const cancel = watchSignals((line) => annotate.warning(line));
  const attempt: Attempt = {};
  let rollBack: (() => Promise<void>) | undefined;
  let privateDir: string | undefined;
  try {
    // Secrets first: nothing may be printed before they are masked.
    for (const name of SECRET_INPUTS satisfies readonly InputName[]) mask(core.getInput(name));
    const inputs = readInputs((name) => core.getInput(name));
    save('cleanup', inputs.cleanup);
    save('owner', thisProcess());
    // The optional sf CLI install does not depend on the login: run both at once, pay max(install, login).
    const sfCli = inputs.sfCliVersion ? startSfCli(inputs.sfCliVersion) : undefined;
    privateDir = claimPrivateDir();
    const vault = await createVault(privateDir);
    const home = homeFor(process.env, process.platform);
    const undo = rollBackOnce(vault, home, attempt);
    rollBack = undo;
    const loggingIn = login(inputs, reporter, {
      // With cleanup off the state outlives the job, and RUNNER_TEMP does not: the key copy goes under HOME then.
      keyCopyDir: inputs.cleanup ? privateDir : keyCopyDir(homeKeyBase(home)),
      // The environment later sf steps get: with the exported KEY_FILE_ENV, so sf's key is key.json.
      env: { ...process.env, ...KEY_FILE_ENV },
      home,
      projectDir: process.env.GITHUB_WORKSPACE || process.cwd(),
      onToken: (token) => {
        attempt.token = token;
        vault.saveToken(token);
      },
      onHubToken: (token) => {
        attempt.hubToken = token;
        if (token) vault.saveToken(token, 'hub-revoke');
        else vault.forgetToken('hub-revoke');
      },
      journal: {
        guard: cancel.guard,
        save: (record) => {
          attempt.record = record;
          vault.saveRecord(record);
        }
      }
    });
    cancel.arm(undo, () => (attempt.token ? undefined : loggingIn));
    const outcome = await loggingIn;
    cancel.guard();
    setOutputs('login', { outcome, username: outcome.username });
    if (outcome.changes) for (const [name, value] of Object.entries(sfEnvironment())) core.exportVariable(name, value);
    const installed = sfCli && (await sfCli);
    if (sfCli) {
      if (inputs.verify && !outcome.changes) annotate.warning(VERIFY_SKIPPED);
      const verifyTarget = inputs.verify && outcome.changes ? (outcome.changes.alias ?? outcome.username) : undefined;
      await finishSfCli(installed, verifyTarget);
    }
    cancel.guard();
    if (attempt.record) vault.saveRecord({ ...attempt.record, complete: true });
    cancel.dispose();
    const elapsedMs = Date.now() - started;
    core.info(loggedIn(outcome.username, outcome.result, elapsedMs));
    writeSummary({ outcome, elapsedMs, sfCli: installed });
  } catch (err) {
    await rollBack?.();
    // Stopped before the token: the step's key is all there is, and nothing needs it.
    if (privateDir && !attempt.token && !attempt.record && !attempt.hubToken) removePrivateDir(privateDir);
    cancel.dispose();
    const failure = describeFailure(err);
    if (failure.stack) core.debug(failure.stack);
    annotate.setFailed(failure.message);
    const attempts = err instanceof TokenRequestFailed ? err.attempts : undefined;
    writeFailureSummary({ message: failure.message, elapsedMs: Date.now() - started, attempts });
  }
}

/** Undoes this run's login (revoke, put sf's files back), once, however many failures and signals ask for it. */
function rollBackOnce(vault: Vault, home: string, attempt: Attempt): () => Promise<void> {
  let running: Promise<void> | undefined;
  const rollBack = async (): Promise<void> => {
    if (!attempt.token && !attempt.record && !attempt.hubToken) return;
    const report = await undoLogin({
      home,
      record: attempt.record,
      token: attempt.token,
      hubToken: attempt.hubToken,
      keyCopyBases: [homeKeyBase(home)],
      revokeTimeoutMs: ROLLBACK_REVOKE_TIMEOUT_MS,
      mask
    });
    if (report.revoked) vault.forgetToken();
    if (report.hubRevoked) {
      attempt.hubToken = undefined;
      vault.forgetToken('hub-revoke');
    }
    logUndo('Rolled back', report);
  };
  return () => (running ??= rollBack());
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
  setOutputs('sfCli', installed);
  if (!verifyTarget) return;
  const { verifyWithSf } = await import('../sf/cli-setup.js');
  await verifyWithSf(installed.sfPath, verifyTarget, process.env);
  core.info(`sf CLI ${installed.version} uses the org: sf org display --target-org ${verifyTarget} succeeded.`);
}
