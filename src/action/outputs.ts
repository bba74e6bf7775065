/**
 * The step's outputs, from one table (name → the fact it is made of), set by one function.
 * A test holds the table's names to action.yml's outputs. The access token is already masked when it is set
 * (token-exchange.ts masks it the moment it is read), and it is never in the summary.
 */
import * as core from './workflow-commands.js';
import type { LoginOutcome } from '../login/login.js';
import type { SfCliResult } from '../sf/cli-setup.js';

/** What the outputs are made of, by the moment it is known: after the login, after the sf CLI set-up. */
export interface OutputSources {
  login: { outcome: LoginOutcome; username: string };
  sfCli: SfCliResult;
}
type Source = keyof OutputSources;
type Output = { [S in Source]: { from: S; value: (facts: OutputSources[S]) => string } }[Source];

const fromLogin = (value: (facts: OutputSources['login']) => string): Output => ({ from: 'login', value });
const fromSfCli = (value: (installed: SfCliResult) => string): Output => ({ from: 'sfCli', value });

/** Every output, in the order they are written. */
export const OUTPUTS = {
  'access-token': fromLogin(({ outcome }) => outcome.result.token.accessToken),
  'instance-url': fromLogin(({ outcome }) => outcome.result.token.instanceUrl),
  'org-id': fromLogin(({ outcome }) => outcome.result.token.orgId),
  'user-id': fromLogin(({ outcome }) => outcome.result.token.userId),
  username: fromLogin(({ username }) => username),
  'login-url': fromLogin(({ outcome }) => outcome.loginUrl),
  'certificate-expires-at': fromLogin(({ outcome }) => outcome.certificateExpiresAt ?? ''),
  'auth-file': fromLogin(({ outcome }) => outcome.changes?.authFile ?? ''),
  alias: fromLogin(({ outcome }) => outcome.changes?.alias ?? ''),
  'dev-hub': fromLogin(({ outcome }) => outcome.scratch?.devHub ?? ''),
  'expiration-date': fromLogin(({ outcome }) => outcome.scratch?.expirationDate ?? ''),
  'sf-cli-version': fromSfCli((installed) => installed.version),
  'sf-cli-cache-hit': fromSfCli((installed) => String(installed.cacheHit !== false))
} satisfies Record<string, Output>;

export type OutputName = keyof typeof OUTPUTS;

/** Sets every output made of `from`'s facts (outputs whose facts never come stay unset). */
export function setOutputs<S extends Source>(from: S, facts: OutputSources[S]): void {
  for (const [name, output] of Object.entries(OUTPUTS) as Array<[OutputName, Output]>) {
    if (output.from === from) core.setOutput(name, (output.value as (f: OutputSources[S]) => string)(facts));
  }
}
