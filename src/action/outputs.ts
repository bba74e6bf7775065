/** Step outputs and the job summary. The access token is already masked when it is set, and never in the summary. */
import * as core from './workflow-commands.js';
import type { LoginResult } from '../login/token-exchange.js';

export interface LoginReport {
  result: LoginResult;
  username: string;
  loginUrl: string;
  elapsedMs: number;
}

export function setLoginOutputs({ result, username, loginUrl }: LoginReport): void {
  const { token } = result;
  // The token was masked the moment it was read from Salesforce's answer (token-exchange.ts), before this.
  core.setOutput('access-token', token.accessToken);
  core.setOutput('instance-url', token.instanceUrl);
  core.setOutput('org-id', token.orgId);
  core.setOutput('user-id', token.userId);
  core.setOutput('username', username);
  core.setOutput('login-url', loginUrl);
}

/** A few lines for the job summary; failures to write it are warnings (the summary is a courtesy). */
export async function writeSummary(report: LoginReport, extra: Array<[string, string]> = []): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { result } = report;
  const rows: Array<[string, string]> = [
    ['Username', report.username],
    ['Org id', result.token.orgId],
    ['Instance', result.token.instanceUrl],
    ['Login URL', report.loginUrl],
    ['Audience', result.audience],
    ['Token requests', String(result.attempts)],
    ['Time', `${(report.elapsedMs / 1000).toFixed(2)} s`],
    ...extra
  ];
  try {
    await core.summary
      .addHeading('Salesforce login', 3)
      .addTable([
        [
          { data: 'Field', header: true },
          { data: 'Value', header: true }
        ],
        ...rows
      ])
      .write();
  } catch (err) {
    core.warning(`Could not write the job summary: ${(err as Error).message}`);
  }
}
