/**
 * The whole login, independent of where it runs: load the key, pick the login URL and audience, get a token, and
 * (optionally) write sf state. The GitHub Action (action/main.ts) and the command line (cli/login.ts) are thin
 * adapters over it; its messages name inputs only through `inputs.nameOf`.
 */
import type { LoginInputs } from './inputs.js';
import { loadPrivateKey } from '../keys/private-key.js';
import { resolveLoginTarget } from './sandbox.js';
import type { IssuedToken } from './revoke.js';
import { resolveScratchTarget, scratchFieldsFromState, scratchOutcome } from './scratch-login.js';
import { audienceCandidates, explicitAudience } from './audience.js';
import { exchangeToken, type LoginResult, type Token } from './token-exchange.js';
import { fetchOrgFacts } from '../sf/org-facts.js';
import { homeFor, type ConfigKey } from '../sf/paths.js';
import { writeSfState, type SfStateChanges } from '../sf/state.js';
import { writeKeyCopy } from '../sf/key-copy.js';
import { checkSfStateWritable } from '../sf/preflight.js';
import { checkCertificateForKey, isoSeconds } from '../keys/certificate.js';
import { ChangeJournal, type JournalHooks } from '../sf/changes.js';
import { shadowingProjectConfig } from '../sf/project-config.js';

export interface Reporter {
  info(line: string): void;
  warning(line: string): void;
  /** Registers a secret before anything can print it. */
  mask(secret: string): void;
  /** Lines only a debug log shows (the action's step debug logging); none when absent. */
  debug?(line: string): void;
}

export interface LoginOutcome {
  result: LoginResult;
  /** Who logged in: `username`, or with `sandbox` the sandbox user's username. */
  username: string;
  loginUrl: string;
  /** What was written to sf state, when writing it is on. */
  changes?: SfStateChanges;
  home: string;
  /** When the certificate input was given: its notAfter, ISO 8601 (e.g. 2026-11-23T13:15:00Z). */
  certificateExpiresAt?: string;
  /** A scratch org whose Dev Hub is known (given, or found in sf's state): the hub's username, the org's expiry. */
  scratch?: { devHub: string; expirationDate?: string };
}

export interface LoginEnvironment {
  /** The environment sf runs in after this login: it also picks sf's key store (src/sf/keychain.ts). */
  env: NodeJS.ProcessEnv;
  /** Where sfdx-project.json is looked for. */
  projectDir: string;
  home?: string;
  /** The folder the key copy sf refreshes with goes into (created 0700 when sf state is written). */
  keyCopyDir: string;
  /** Replace a key copy already there, atomically (the command line's one copy per user); else it must be new. */
  replaceKeyCopy?: boolean;
  /** Called in the tick the token arrives, before anything else runs: the action saves it for revocation here. */
  onToken?: (token: Token) => void;
  /** Told of a token got for the Dev Hub's lookup in the tick it arrives, and `undefined` once it is revoked. */
  onHubToken?: (token: IssuedToken | undefined) => void;
  /** Write-ahead: gets the record of what sf state writes are about to change, before each one (sf/changes.ts). */
  journal?: JournalHooks;
}

export async function login(inputs: LoginInputs, reporter: Reporter, where: LoginEnvironment): Promise<LoginOutcome> {
  const { nameOf } = inputs;
  const key = loadPrivateKey(
    { text: inputs.privateKey, file: inputs.privateKeyFile, passphrase: inputs.privateKeyPassphrase },
    reporter.mask,
    nameOf,
    inputs.emptyHint
  );
  // The certificate, when given, must belong to the key: checked before anything is sent to Salesforce.
  let certificateExpiresAt: string | undefined;
  if (inputs.certificate) {
    const checked = checkCertificateForKey(inputs.certificate, key.key, {
      warningDays: inputs.certificateExpiryWarningDays,
      failOnExpired: inputs.failOnExpiredCertificate,
      now: new Date(),
      nameOf
    });
    for (const warning of checked.warnings) reporter.warning(warning);
    reporter.info(checked.summary);
    certificateExpiresAt = isoSeconds(checked.info.notAfter);
  }
  const home = where.home ?? homeFor(where.env, process.platform);
  const audienceOf = () => explicitAudience(inputs.audience, where.env, nameOf('audience'));
  // With a Dev Hub: the scratch org's own LoginUrl from the hub's ScratchOrgInfo (scratch-login.ts).
  const scratchIo = {
    home,
    env: where.env,
    info: reporter.info,
    debug: reporter.debug ?? (() => {}),
    mask: reporter.mask,
    onHubToken: where.onHubToken
  };
  const scratch = await resolveScratchTarget(inputs, scratchIo, audienceOf, where.projectDir);
  const login = scratch ?? resolveLoginTarget(inputs, where.projectDir);
  const { username } = login;
  if (login.url.startsWith('http:'))
    reporter.warning(
      `${login.url} is plain http on a loopback host: fine for a local test stub, never for Salesforce.`
    );
  const audiences = scratch?.audiences ?? audienceCandidates(login.url, audienceOf());
  // Before a token exists: a HOME, ~/.sfdx or key folder that cannot be written stops the login with nothing done.
  if (inputs.writeSfState) checkSfStateWritable({ ...inputs, username, home, keyCopyDir: where.keyCopyDir });
  reporter.info(`Logging in ${username} at ${login.url} (${login.source}), audience ${audiences[0]}.`);

  const result = await exchangeToken({
    key: key.key,
    clientId: inputs.clientId,
    username,
    loginUrl: login.url,
    audiences,
    // A refreshed sandbox says "not installed" until the app's settings arrive; elsewhere that is final.
    waitForAppInstall: Boolean(inputs.sandbox),
    approvalTimeoutMs: scratch?.approvalTimeoutMs ?? inputs.approvalTimeoutSeconds * 1000,
    requestTimeoutMs: inputs.requestTimeoutSeconds * 1000,
    mask: reporter.mask,
    log: reporter.info,
    nameOf,
    onToken: where.onToken
  });
  const outcome: LoginOutcome = { result, username, loginUrl: login.url, home, certificateExpiresAt };
  if (scratch) outcome.scratch = scratchOutcome(scratch.scratch);
  if (!inputs.writeSfState) return outcome;

  const { token } = result;
  const journal = new ChangeJournal(home, username, where.journal);
  journal.willWriteKeyCopy(where.keyCopyDir);
  const [facts, privateKeyPath] = await Promise.all([
    fetchOrgFacts(token.instanceUrl, token.accessToken, inputs.requestTimeoutSeconds * 1000, reporter.warning, {
      username,
      clientId: inputs.clientId
    }),
    writeKeyCopy(where.keyCopyDir, key.pkcs8Pem, { replace: where.replaceKeyCopy })
  ]);
  // Without a Dev Hub given, the hubs in sf's state are asked whether the org is theirs, as sf org login jwt asks.
  const scratchFields = scratch?.scratch ?? (await scratchFieldsFromState(inputs, username, token, facts, scratchIo));
  if (scratchFields) outcome.scratch = scratchOutcome(scratchFields);
  const defaults: ConfigKey[] = [];
  if (inputs.setDefault) defaults.push('target-org');
  if (inputs.setDefaultDevHub) defaults.push('target-dev-hub');
  if (inputs.setDefaultDevHub && facts.isDevHub === false) {
    const notHub = `${username}'s org is not a Dev Hub (it cannot query ScratchOrgInfo)`;
    reporter.warning(`${notHub}, but ${nameOf('setDefaultDevHub')} is true.`);
  }
  outcome.changes = await writeSfState({
    home,
    username,
    token,
    loginUrl: login.url,
    clientId: inputs.clientId,
    privateKeyPath,
    facts,
    scratch: scratchFields,
    alias: inputs.alias || undefined,
    defaults,
    env: where.env,
    journal
  });
  const { changes } = outcome;
  const what = [changes.alias && `alias ${changes.alias}`, ...changes.config.map((c) => c.key)]
    .filter(Boolean)
    .join(', ');
  reporter.info(`Wrote sf state: ${changes.authFile}${what ? ` (${what})` : ''}.`);
  for (const warning of shadowingProjectConfig(where.projectDir, defaults, home)) reporter.warning(warning);
  return outcome;
}
