/**
 * The main step: read and mask the inputs, load the key, get a token (waiting out a new org's replication),
 * write sf CLI state, and export the outputs.
 */
import * as core from '@actions/core';
import { describeFailure } from './errors.js';
import { readInputs, SECRET_INPUTS } from './inputs.js';
import { loadPrivateKey } from './private-key.js';
import { resolveLoginUrl } from './login-url.js';
import { audienceCandidates } from './audience.js';
import { exchangeToken } from './token-exchange.js';
import { setLoginOutputs, writeSummary } from './outputs.js';

const mask = (secret: string): void => {
  if (secret.trim()) core.setSecret(secret);
};

export async function run(): Promise<void> {
  const started = Date.now();
  try {
    // Secrets first: nothing may be printed before they are masked.
    for (const name of SECRET_INPUTS) mask(core.getInput(name));
    const inputs = readInputs((name) => core.getInput(name));

    const key = loadPrivateKey(
      { text: inputs.privateKey, file: inputs.privateKeyFile, passphrase: inputs.privateKeyPassphrase },
      mask
    );
    if (key.bits < 2048) {
      core.warning(`The private key has only ${key.bits} bits; Salesforce expects RSA keys of 2048 bits or more. Make a new one with \`npx sf-jwt-login keygen\`.`);
    }

    const login = resolveLoginUrl(inputs.instanceUrl, process.env.GITHUB_WORKSPACE || process.cwd());
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
    report.elapsedMs = Date.now() - started;
    core.info(
      `Logged in ${inputs.username} to org ${result.token.orgId} at ${result.token.instanceUrl} ` +
        `(${result.attempts} token request${result.attempts === 1 ? '' : 's'}, ${report.elapsedMs} ms).`
    );
    await writeSummary(report);
  } catch (err) {
    const failure = describeFailure(err);
    if (failure.stack) core.debug(failure.stack);
    core.setFailed(failure.message);
  }
}
