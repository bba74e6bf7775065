/**
 * The step's job summary: on success who logged in where, with what this login set up for later steps (alias,
 * defaults, sf CLI); on failure what failed and how many token requests were sent. The access token is never in it,
 * and user-caused failure messages hold no secret (src/util/errors.ts). Failing to write it is a warning: the
 * summary is a courtesy, never the reason a step fails.
 */
import * as annotate from './annotations.js';
import { appendSummary, summaryHtml } from './job-summary.js';
import { nameInput } from './inputs.js';
import type { LoginOutcome } from '../login/login.js';
import type { SfCliResult } from '../sf/cli-setup.js';

export interface LoginReport {
  outcome: LoginOutcome;
  elapsedMs: number;
  /** The sf CLI this step put on PATH (sf-cli-version), if any. */
  sfCli?: SfCliResult;
}

export interface FailureReport {
  message: string;
  elapsedMs: number;
  /** Token requests sent before the login gave up, when it got that far. */
  attempts?: number;
}

type Rows = Array<[string, string]>;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const requests = (n: number): string => `${n} token request${n === 1 ? '' : 's'}`;

export function writeSummary({ outcome, elapsedMs, sfCli }: LoginReport): void {
  const { result, changes } = outcome;
  const rows: Rows = [
    ['Username', outcome.username],
    ['Org id', result.token.orgId],
    ['Instance', result.token.instanceUrl],
    ['Login URL', outcome.loginUrl],
    ['Audience', result.audience],
    ['Token requests', String(result.attempts)],
    ['Time', seconds(elapsedMs)]
  ];
  if (changes) {
    rows.push(['Auth file', changes.authFile]);
    rows.push(['Alias', changes.alias ?? 'none']);
    rows.push(['Defaults set', changes.config.length ? changes.config.map((c) => c.key).join(', ') : 'none']);
  } else rows.push(['sf state', `not written (${nameInput('writeSfState')}: false)`]);
  rows.push([
    'sf CLI',
    sfCli ? `${sfCli.version} (${sfCli.sfPath})` : `not installed by this step (sf-cli-version not set)`
  ]);
  if (outcome.certificateExpiresAt) rows.push(['Certificate expires', outcome.certificateExpiresAt]);
  if (outcome.scratch) rows.push(['Dev Hub', outcome.scratch.devHub]);
  if (outcome.scratch?.expirationDate) rows.push(['Scratch org expires', outcome.scratch.expirationDate]);
  write('Salesforce login', rows);
}

export function writeFailureSummary({ message, elapsedMs, attempts }: FailureReport): void {
  const rows: Rows = [
    ['Result', 'failed'],
    ['What failed', message]
  ];
  if (attempts !== undefined) rows.push(['Token requests', requests(attempts)]);
  rows.push(['Time', seconds(elapsedMs)]);
  write('Salesforce login failed', rows);
}

function write(heading: string, rows: Rows): void {
  try {
    appendSummary(summaryHtml(heading, 3, ['Field', 'Value'], rows));
  } catch (err) {
    annotate.warning(`Could not write the job summary: ${(err as Error).message}`);
  }
}
