/**
 * The token request: POST <login url>/services/oauth2/token with a fresh JWT per attempt.
 *
 * One POST per attempt in the common case. Retries, all bounded and logged:
 * - "user hasn't approved this consumer": keep trying until the approval timeout (a new org's user is replicating);
 *   with `waitForAppInstall`, "External client app is not installed in this org" too (a refreshed sandbox);
 * - "audience is invalid": try the next audience candidate at once (the host never changes);
 * - network errors, timeouts, 5xx and 429: a few tries with jittered backoff;
 * - any other answer fails at once with a message that names the fix.
 */
import type { KeyObject } from 'node:crypto';
import { UserError } from '../util/errors.js';
import { quoteText } from '../util/text.js';
import { approvalDelayMs, transientDelayMs, sleep as realSleep, type Random } from './backoff.js';
import { NetworkError, parseJson, request } from '../util/http.js';
import { signAssertion } from './jwt.js';
import { isLoopbackHost } from './login-url.js';
import { classifyOAuthError, describeOAuthError, type HintNames, type OAuthError } from './oauth-errors.js';
import type { Mask } from '../keys/private-key.js';

export const TOKEN_PATH = '/services/oauth2/token';
export const JWT_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Tries for network errors, timeouts and 5xx before giving up. */
export const MAX_TRANSIENT_TRIES = 4;

export interface TokenRequest {
  key: KeyObject;
  clientId: string;
  username: string;
  loginUrl: string;
  audiences: string[];
  approvalTimeoutMs: number;
  /** Also wait out "External client app is not installed" within the approval timeout (a sandbox by name). */
  waitForAppInstall?: boolean;
  requestTimeoutMs: number;
  mask: Mask;
  log: (line: string) => void;
  /** How the adapter names the inputs its messages point at. */
  nameOf: HintNames;
  /** Gets the token in the tick it is read from the answer (to save it for revocation before anything else). */
  onToken?: (token: Token) => void;
  /** Injected in unit tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: Random;
  now?: () => number;
}

export interface Token {
  accessToken: string;
  instanceUrl: string;
  orgId: string;
  userId: string;
  /** The identity URL, https://login.salesforce.com/id/<orgId>/<userId>. */
  id: string;
}

/** The token request failed for good; `attempts` token requests were sent (for the job summary). */
export class TokenRequestFailed extends UserError {
  constructor(
    message: string,
    readonly attempts: number
  ) {
    super(message);
  }
}

export interface LoginResult {
  token: Token;
  /** Token requests sent, including the successful one. */
  attempts: number;
  /** The audience that was accepted. */
  audience: string;
}

type Outcome =
  | { kind: 'token'; token: Token }
  | { kind: 'oauth'; error: OAuthError }
  | { kind: 'transient'; reason: string };

export async function exchangeToken(req: TokenRequest): Promise<LoginResult> {
  const now = req.now ?? Date.now;
  const sleep = req.sleep ?? realSleep;
  const started = now();
  const endpoint = `${req.loginUrl}${TOKEN_PATH}`;
  let audienceIndex = 0;
  let attempts = 0;
  let transientTries = 0;
  // Each waiting reason is explained once, in full; later attempts get one short progress line.
  const explained = new Set<string>();

  for (;;) {
    const audience = req.audiences[audienceIndex];
    attempts += 1;
    const assertion = await signAssertion(req.key, { clientId: req.clientId, username: req.username, audience });
    const outcome = await postAssertion(endpoint, assertion, req).catch((err: unknown) => {
      throw err instanceof UserError ? new TokenRequestFailed(err.message, attempts) : err;
    });

    if (outcome.kind === 'token') return { token: outcome.token, attempts, audience };

    if (outcome.kind === 'transient') {
      transientTries += 1;
      if (transientTries >= MAX_TRANSIENT_TRIES) {
        throw new TokenRequestFailed(
          `Could not get a token from ${req.loginUrl} after ${transientTries} tries: ${outcome.reason}. ` +
            `Check ${req.nameOf('instanceUrl')}, the runner's network and proxy settings (HTTPS_PROXY, NO_PROXY), ` +
            'and https://status.salesforce.com.',
          attempts
        );
      }
      const delay = transientDelayMs(transientTries - 1, req.random);
      const next = `try ${transientTries + 1} of ${MAX_TRANSIENT_TRIES}`;
      req.log(`Attempt ${attempts}: ${outcome.reason}; retrying in ${seconds(delay)} s (${next}).`);
      await sleep(delay);
      continue;
    }

    const kind = classifyOAuthError(outcome.error);
    if (kind === 'audience' && audienceIndex + 1 < req.audiences.length) {
      audienceIndex += 1;
      req.log(
        `Attempt ${attempts}: Salesforce did not accept the audience ${audience}; trying ${req.audiences[audienceIndex]}.`
      );
      continue;
    }
    const elapsed = now() - started;
    const waits = kind === 'not-approved' || (kind === 'eca-not-installed' && req.waitForAppInstall === true);
    if (waits && elapsed < req.approvalTimeoutMs) {
      const delay = Math.min(approvalDelayMs(elapsed, req.random), req.approvalTimeoutMs - elapsed);
      if (!explained.has(kind)) {
        explained.add(kind);
        const bound = `${seconds(req.approvalTimeoutMs)} s (${req.nameOf('approvalTimeoutSeconds')})`;
        req.log(kind === 'not-approved' ? NOT_APPROVED_EXPLAINED(req.username, bound) : NOT_INSTALLED_EXPLAINED(bound));
      }
      req.log(
        `Attempt ${attempts}: ${kind === 'not-approved' ? 'not approved yet' : 'app not installed yet'}; retrying in ` +
          `${seconds(delay)} s (waited ${seconds(elapsed)} of ${seconds(req.approvalTimeoutMs)} s).`
      );
      await sleep(delay);
      continue;
    }
    throw new TokenRequestFailed(
      describeOAuthError(outcome.error, {
        clientId: req.clientId,
        username: req.username,
        loginUrl: req.loginUrl,
        audiences: req.audiences.slice(0, audienceIndex + 1),
        approvalTimeoutSeconds: Math.round(req.approvalTimeoutMs / 1000),
        waitedForAppInstall: req.waitForAppInstall === true,
        nameOf: req.nameOf
      }),
      attempts
    );
  }
}

const NOT_APPROVED_EXPLAINED = (username: string, bound: string): string =>
  `Salesforce says user ${username} hasn't approved this consumer. That is normal for a few minutes after a ` +
  `scratch org or sandbox is created, while the new user reaches every server: retrying for up to ${bound}.`;
const NOT_INSTALLED_EXPLAINED = (bound: string): string =>
  'Salesforce says the External Client App is not installed in this org. That is normal for a few minutes after ' +
  `a sandbox is refreshed, until the app's settings reach it: retrying for up to ${bound}.`;

const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);

async function postAssertion(endpoint: string, assertion: string, req: TokenRequest): Promise<Outcome> {
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request({
      method: 'POST',
      url: endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=${JWT_GRANT_TYPE}&assertion=${assertion}`,
      timeoutMs: req.requestTimeoutMs
    });
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'transient', reason: err.message };
    throw err;
  }
  if (res.status >= 500 || res.status === 429) {
    return { kind: 'transient', reason: `${endpoint} answered HTTP ${res.status}` };
  }
  const json = parseJson(res.body) as Record<string, unknown> | undefined;
  const instanceUrl = req.nameOf('instanceUrl');
  if (!json || typeof json !== 'object') {
    throw new UserError(
      `${endpoint} answered HTTP ${res.status} with ${quoteText(res.contentType.split(';')[0], 100) || 'a body'} ` +
        'that is not JSON. ' +
        `${instanceUrl} must be a Salesforce login URL (login.salesforce.com, test.salesforce.com or the org's My ` +
        `Domain); a proxy or firewall page answers like this too.`
    );
  }
  if (res.status === 200) {
    const token = readToken(json, req.loginUrl, instanceUrl);
    req.mask(token.accessToken);
    req.onToken?.(token);
    return { kind: 'token', token };
  }
  if (typeof json.error === 'string') {
    return { kind: 'oauth', error: { error: json.error, description: String(json.error_description ?? '') } };
  }
  throw new UserError(`${endpoint} answered HTTP ${res.status} without an OAuth error. Check ${instanceUrl}.`);
}

/**
 * Validates the success response and extracts org and user ids from `id`. `instanceUrlName` names the input that
 * chose the login URL, which is what to check when the answer is not a token response.
 */
export function readToken(json: Record<string, unknown>, loginUrl: string, instanceUrlName: string): Token {
  const missing = ['access_token', 'instance_url', 'id'].filter((f) => typeof json[f] !== 'string' || !json[f]);
  if (missing.length) {
    throw new UserError(
      `Salesforce's token response has no ${missing.join(', ')}; it is not a JWT bearer token response. ` +
        `Check ${instanceUrlName}.`
    );
  }
  // A token goes into every later Authorization header and into the auth file: whitespace or a control character
  // in it is no Salesforce token (a proxy or a broken answer), and could split a header or a log line.
  if (!/^[\x21-\x7e]+$/.test(json.access_token as string)) {
    throw new UserError(
      "Salesforce's token response has an access_token with whitespace, control or non-ASCII characters in it, " +
        `which no Salesforce access token has; it was not used. Check ${instanceUrlName} (and any proxy between).`
    );
  }
  const instance = safeUrl(json.instance_url as string);
  const loopbackLogin = isLoopbackHost(new URL(loginUrl).hostname);
  if (
    !instance ||
    !(
      instance.protocol === 'https:' ||
      (loopbackLogin && instance.protocol === 'http:' && isLoopbackHost(instance.hostname))
    )
  ) {
    throw new UserError(
      `Salesforce's token response has an instance_url that is not an https URL; refusing to send the token there.`
    );
  }
  const segments = (safeUrl(json.id as string)?.pathname ?? '').split('/').filter(Boolean);
  const [orgId, userId] = segments.slice(-2);
  if (segments.length < 3 || !/^00D\w{12}(\w{3})?$/.test(orgId) || !/^005\w{12}(\w{3})?$/.test(userId)) {
    throw new UserError(`Salesforce's token response has an id that is not an identity URL (…/id/<orgId>/<userId>).`);
  }
  return {
    accessToken: json.access_token as string,
    instanceUrl: instance.origin,
    orgId,
    userId,
    id: json.id as string
  };
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
