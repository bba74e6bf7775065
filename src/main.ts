/**
 * The main step: read and mask the inputs, load the key, get a token (waiting out a new org's replication),
 * write sf CLI state, and export the outputs.
 */
import * as core from '@actions/core';
import { homedir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFailure } from './errors.js';
import { readInputs, SECRET_INPUTS, type Inputs } from './inputs.js';
import { loadPrivateKey, type PrivateKey } from './private-key.js';
import { resolveLoginUrl } from './login-url.js';
import { audienceCandidates } from './audience.js';
import { exchangeToken, type LoginResult } from './token-exchange.js';
import { setLoginOutputs, writeSummary } from './outputs.js';
import { fetchOrgFacts } from './org-facts.js';
import { CONFIG_KEYS, writeSfState, type ConfigKey } from './sf-state.js';
import { keyCopyDir, writeKeyCopy } from './key-copy.js';
import { encrypt, newKey } from './sf-crypto.js';
import { ensurePrivateDir } from './files.js';
import { STATE, saveJson, type SavedRevoke, type SavedSfState } from './state.js';

const mask = (secret: string): void => {
  if (secret.trim()) core.setSecret(secret);
};

export async function run(): Promise<void> {
  const started = Date.now();
  try {
    // Secrets first: nothing may be printed before they are masked.
    for (const name of SECRET_INPUTS) mask(core.getInput(name));
    const inputs = readInputs((name) => core.getInput(name));
    core.saveState(STATE.cleanup, String(inputs.cleanup));

    const key = loadPrivateKey({ text: inputs.privateKey, file: inputs.privateKeyFile, passphrase: inputs.privateKeyPassphrase }, mask);
    if (key.bits < 2048) {
      core.warning(`The private key has only ${key.bits} bits; Salesforce expects RSA keys of 2048 bits or more. Make a new one with \`npx sf-jwt-login keygen\`.`);
    }

    const login = resolveLoginUrl(inputs.instanceUrl, process.env.GITHUB_WORKSPACE || process.cwd());
    if (login.url.startsWith('http:')) core.warning(`${login.url} is plain http on a loopback host: fine for a local test stub, never for Salesforce.`);
    const audienceOverride = inputs.audience || process.env.SF_AUDIENCE_URL || process.env.SFDX_AUDIENCE_URL || '';
    const audiences = audienceCandidates(login.url, audienceOverride);
    core.info(`Logging in ${inputs.username} at ${login.url} (${login.source}), audience ${audiences[0]}.`);

    const result = await exchangeToken({
      key: key.key,
      clientId: inputs.clientId,
      username: inputs.username,
      loginUrl: login.url,
      audiences,
      approvalTimeoutMs: inputs.approvalTimeoutSeconds * 1000,
      requestTimeoutMs: inputs.requestTimeoutSeconds * 1000,
      mask,
      log: (line) => core.info(line)
    });
    const report = { result, username: inputs.username, loginUrl: login.url, elapsedMs: 0 };
    setLoginOutputs(report);

    // The step's private folder: the key copy sf refreshes with, and the key that guards the token for revocation.
    const dir = keyCopyDir(process.env.RUNNER_TEMP);
    core.saveState(STATE.keyDir, dir);
    const extra: Array<[string, string]> = [];
    if (inputs.writeSfState) {
      const authFile = await writeState(inputs, key, result, login.url, dir);
      extra.push(['Auth file', authFile]);
    } else {
      core.setOutput('auth-file', '');
      core.setOutput('alias', '');
    }
    if (inputs.cleanup) saveRevoke(dir, result);

    report.elapsedMs = Date.now() - started;
    core.info(
      `Logged in ${inputs.username} to org ${result.token.orgId} at ${result.token.instanceUrl} ` +
        `(${result.attempts} token request${result.attempts === 1 ? '' : 's'}, ${report.elapsedMs} ms).`
    );
    await writeSummary(report, extra);
  } catch (err) {
    const failure = describeFailure(err);
    if (failure.stack) core.debug(failure.stack);
    core.setFailed(failure.message);
  }
}

async function writeState(inputs: Inputs, key: PrivateKey, result: LoginResult, loginUrl: string, dir: string): Promise<string> {
  const { token } = result;
  const [facts, privateKeyPath] = await Promise.all([
    fetchOrgFacts(token.instanceUrl, token.accessToken, inputs.requestTimeoutSeconds * 1000, (m) => core.warning(m)),
    Promise.resolve().then(() => writeKeyCopy(dir, key.pkcs8Pem))
  ]);
  const defaults: ConfigKey[] = [];
  if (inputs.setDefault) defaults.push('target-org');
  if (inputs.setDefaultDevHub) defaults.push('target-dev-hub');
  if (inputs.setDefaultDevHub && facts.isDevHub === false) {
    core.warning(`${inputs.username}'s org is not a Dev Hub (it cannot query ScratchOrgInfo), but set-default-dev-hub is true.`);
  }
  const home = homedir();
  const changes = await writeSfState({
    home,
    username: inputs.username,
    token,
    loginUrl,
    clientId: inputs.clientId,
    privateKeyPath,
    facts,
    alias: inputs.alias || undefined,
    defaults
  });
  saveJson(STATE.sfState, { home, username: inputs.username, changes } satisfies SavedSfState);

  // Later steps: sf must read key.json (not secret-tool or the macOS keychain), and the environment beats any
  // project-local config in the repository.
  core.exportVariable('SF_USE_GENERIC_UNIX_KEYCHAIN', 'true');
  for (const { key: configKey, value } of changes.config) core.exportVariable(CONFIG_KEYS[configKey].env, value);
  core.setOutput('auth-file', changes.authFile);
  core.setOutput('alias', changes.alias ?? '');
  const what = [changes.alias && `alias ${changes.alias}`, ...changes.config.map((c) => c.key)].filter(Boolean).join(', ');
  core.info(`Wrote sf state: ${changes.authFile}${what ? ` (${what})` : ''}.`);
  return changes.authFile;
}

function saveRevoke(dir: string, result: LoginResult): void {
  const revokeKey = newKey({ SF_CRYPTO_V2: 'true' });
  ensurePrivateDir(dir);
  writeFileSync(join(dir, 'revoke.key'), revokeKey, { mode: 0o600 });
  saveJson(STATE.revoke, { instanceUrl: result.token.instanceUrl, token: encrypt(result.token.accessToken, revokeKey) } satisfies SavedRevoke);
}
