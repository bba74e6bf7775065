/**
 * A token Salesforce issued but its APIs refuse, seen in the org-facts calls (docs/sf-state.md §3). sf treats every
 * 401 as an expired token and logs in again, on every call and without end, each a login towards the limit of
 * 3,600 per user and hour (forcedotcom/cli#3297, #3428; jsforce#1774 stopped refreshing only for the API Access
 * Control answer). So these fail the login now, naming the setting, instead of leaving sf a state it loops on.
 */
import { parseJson } from '../util/http.js';
import { printable } from '../login/validate.js';

export type ApiRefusal = 'api-access-control' | 'invalid-session' | 'api-disabled';

/** What one REST answer says: a refusal of the token, or undefined (success, or any other failure). */
export function apiRefusalOf(status: number, body: string): { kind: ApiRefusal; said: string } | undefined {
  const error = firstError(parseJson(body));
  const said = printable(`${error.errorCode || `HTTP ${status}`}${error.message ? `: ${error.message}` : ''}`);
  if (status === 401) {
    // The body jsforce#1774 keys on: API Access Control blocks this app's calls.
    if (/not valid for use with the REST API/i.test(error.message)) return { kind: 'api-access-control', said };
    return { kind: 'invalid-session', said };
  }
  if (status === 403 && error.errorCode === 'API_DISABLED_FOR_ORG') return { kind: 'api-disabled', said };
  return undefined;
}

function firstError(json: unknown): { errorCode: string; message: string } {
  const first = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
  return { errorCode: text(first?.errorCode), message: text(first?.message) };
}

export interface RefusalContext {
  username: string;
  clientId: string;
  instanceUrl: string;
}

const LOOP =
  'The login stops here: sf would take the refusal for an expired token and log in again on every call ' +
  '(each a login, towards the limit of 3,600 per user and hour).';

/** The one message the login fails with. */
export function describeApiRefusal(kind: ApiRefusal, said: string, ctx: RefusalContext): string {
  const head = `Salesforce issued ${ctx.username} a token, but ${ctx.instanceUrl} refuses API calls with it (${said}).`;
  const app = `the app with consumer key ${ctx.clientId}`;
  switch (kind) {
    case 'api-access-control':
      return (
        `${head} The org has API Access Control on and ${app} is not approved for it: in Setup → API Access ` +
        "Control, approve the app, and admit the user through its profile or a permission set in the app's " +
        'policies (a packaged External Client App must be approved in each sandbox too). ' +
        LOOP
      );
    case 'invalid-session':
      return (
        `${head} Usually ${app} issues JWT-based access tokens, which sf cannot use: in its OAuth settings turn off ` +
        '"Issue JSON Web Token (JWT)-based access tokens for named users". Or the org has API Access Control on ' +
        `and the app is not approved in Setup → API Access Control. ${LOOP}`
      );
    case 'api-disabled':
      return (
        `${head} The user may not use the API: give the user's profile or a permission set the "API Enabled" ` +
        "permission (the org's edition must include API access). sf cannot use the org without it."
      );
  }
}
