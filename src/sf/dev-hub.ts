/**
 * A Dev Hub already logged in in sf's state, used as sf uses it (docs/sf-state.md §4, §5): its access token read
 * from its auth file, and when that token is missing or refused (401 INVALID_SESSION_ID), a new one got the way sf
 * would, with a JWT from the key file and client id the auth file names, at its login URL. The new token is kept in
 * memory only and masked: the hub's auth file is never rewritten (it is sf's, or another login's), and the token is
 * revoked when the session closes. Queries go to the REST query API at the hub's instance URL.
 */
import { UserError } from '../util/errors.js';
import { NetworkError, parseJson, request, type HttpResponse } from '../util/http.js';
import { quoteText } from '../util/text.js';
import { loadPrivateKey, type Mask } from '../keys/private-key.js';
import { audienceCandidates } from '../login/audience.js';
import { transientDelayMs, sleep } from '../login/backoff.js';
import { validateLoginUrl } from '../login/login-url.js';
import { exchangeToken, MAX_TRANSIENT_TRIES } from '../login/token-exchange.js';
import { revokeToken, type IssuedToken } from '../login/revoke.js';
import { BASE_API_VERSION } from './org-facts.js';
import { accessTokenOf, readOrgAuth, readSfKey, resolveAlias, textField, type OrgAuth } from './sf-orgs.js';

export interface DevHubContext {
  home: string;
  /** The environment sf runs in: it picks sf's key store. */
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  requestTimeoutMs: number;
  mask: Mask;
  log: (line: string) => void;
  /** How messages name the input that gave the hub (the action: dev-hub). */
  inputName: string;
  /**
   * Told of the token this session gets for the hub in the tick it arrives, and told `undefined` once it is revoked:
   * the action saves it, so a step killed in between still has it revoked by its post step.
   */
  onToken?: (token: IssuedToken | undefined) => void;
}

export interface DevHub {
  /** The hub's username (an alias resolved). */
  username: string;
  /** Records of a SOQL query on the hub. */
  query(soql: string): Promise<Array<Record<string, unknown>>>;
  /** Revokes the token this session got for the hub, if it got one (the stored token is sf's: it stays). */
  close(): Promise<void>;
}

/** Runs `use` on the hub `given`, closing the session after it whatever happens. */
export async function withDevHub<T>(given: string, ctx: DevHubContext, use: (hub: DevHub) => Promise<T>): Promise<T> {
  const hub = await openDevHub(given, ctx);
  try {
    return await use(hub);
  } finally {
    await hub.close();
  }
}

/** The hub `given` (alias or username) from sf's state; a UserError naming the fix when sf has no login of it. */
export async function openDevHub(given: string, ctx: DevHubContext): Promise<DevHub> {
  const username = resolveAlias(ctx.home, given);
  const auth = readOrgAuth(ctx.home, username);
  const named = username === given ? given : `${given} (${username})`;
  if (!auth) {
    throw new UserError(
      `${ctx.inputName} ${named} is not logged in in sf's state here (no ${ctx.home}/.sfdx/${username}.json). Log ` +
        "into the Dev Hub first, in an earlier step of this job: this action with the Dev Hub's username (and " +
        `alias: ${given}), or sf org login jwt.`
    );
  }
  const instanceUrl = validateLoginUrl(textField(auth, 'instanceUrl') ?? '', `instanceUrl in ${auth.file}`);
  const stored = accessTokenOf(auth, await readSfKey(ctx.home, ctx.env, ctx.platform));
  if (stored) ctx.mask(stored);
  return new HubSession(auth, named, instanceUrl, stored, ctx);
}

class HubSession implements DevHub {
  readonly username: string;
  private refreshed = false;
  /** The token refresh() got, which no one else knows: revoked by close(). */
  private minted: IssuedToken | undefined;

  constructor(
    private readonly auth: OrgAuth,
    private readonly named: string,
    private instanceUrl: string,
    private token: string | undefined,
    private readonly ctx: DevHubContext
  ) {
    this.username = auth.username;
  }

  async query(soql: string): Promise<Array<Record<string, unknown>>> {
    if (!this.token) await this.refresh('has no access token sf can read');
    let res = await this.get(soql);
    if (res.status === 401 && !this.refreshed) {
      await this.refresh(`access token was refused (${said(res)})`);
      res = await this.get(soql);
    }
    if (res.status === 401) {
      throw new UserError(
        `Dev Hub ${this.named} refuses even the new token it just issued (${said(res)}): the app's session or API ` +
          'settings do not let it call the API. Check the Dev Hub login on its own (sf org display).'
      );
    }
    if (res.status === 400 && /INVALID_TYPE/.test(res.body)) {
      throw new UserError(
        `${this.ctx.inputName} ${this.named} is not a Dev Hub: ${this.instanceUrl} refuses ScratchOrgInfo queries ` +
          `(${said(res)}). Give the alias or username of the org with Dev Hub enabled (Setup → Dev Hub) that ` +
          'created the scratch org.'
      );
    }
    const records = res.status === 200 ? (parseJson(res.body) as { records?: unknown } | undefined)?.records : null;
    if (!Array.isArray(records)) {
      throw new UserError(
        `Dev Hub ${this.named} answered HTTP ${res.status} to a ScratchOrgInfo query (${said(res)}); ` +
          'see https://status.salesforce.com, or retry.'
      );
    }
    return records as Array<Record<string, unknown>>;
  }

  async close(): Promise<void> {
    const minted = this.minted;
    this.minted = undefined;
    if (!minted) return;
    try {
      await revokeToken(minted, this.ctx.requestTimeoutMs);
      this.ctx.onToken?.(undefined);
      this.ctx.log(`Revoked the token got for Dev Hub ${this.named}.`);
    } catch (err) {
      this.ctx.log(`Could not revoke the token got for Dev Hub ${this.named}: ${quoteText((err as Error).message)}.`);
    }
  }

  private async get(soql: string): Promise<HttpResponse> {
    const url = `${this.instanceUrl}/services/data/v${BASE_API_VERSION}/query?q=${encodeURIComponent(soql)}`;
    for (let tries = 1; ; tries++) {
      let reason: string;
      try {
        const res = await request({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${this.token}` },
          timeoutMs: this.ctx.requestTimeoutMs
        });
        if (res.status < 500 && res.status !== 429) return res;
        reason = `HTTP ${res.status}`;
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
        reason = err.message;
      }
      if (tries >= MAX_TRANSIENT_TRIES) {
        throw new UserError(
          `Could not query Dev Hub ${this.named} at ${this.instanceUrl} after ${tries} tries: ${reason}. Check the ` +
            "runner's network and proxy settings (HTTPS_PROXY, NO_PROXY), and https://status.salesforce.com."
        );
      }
      await sleep(transientDelayMs(tries - 1));
    }
  }

  /** A new token for the hub, as sf gets one: a JWT from the auth file's key, client id and login URL. */
  private async refresh(why: string): Promise<void> {
    this.refreshed = true;
    const { auth } = this;
    const [keyFile, clientId, loginUrl] = ['privateKey', 'clientId', 'loginUrl'].map((f) => textField(auth, f));
    if (!keyFile || !clientId || !loginUrl) {
      throw new UserError(
        `Dev Hub ${this.named} ${why}, and its auth file ${auth.file} has no JWT login (privateKey, clientId, ` +
          'loginUrl) to get a new token with as sf would. Log into the Dev Hub again in this job, with this action ' +
          'or sf org login jwt.'
      );
    }
    this.ctx.log(`Dev Hub ${this.named} ${why}; getting a new token with its JWT key, as sf would.`);
    const names = (field: string): string =>
      ({ clientId: `clientId in ${auth.file}`, instanceUrl: `loginUrl in ${auth.file}` })[field] ??
      `the Dev Hub's ${field}`;
    try {
      const key = loadPrivateKey({ file: keyFile }, this.ctx.mask, () => `privateKey ${keyFile} in ${auth.file}`);
      const url = validateLoginUrl(loginUrl, `loginUrl in ${auth.file}`);
      const { token } = await exchangeToken({
        key: key.key,
        clientId,
        username: auth.username,
        loginUrl: url,
        audiences: audienceCandidates(url),
        approvalTimeoutMs: 0,
        requestTimeoutMs: this.ctx.requestTimeoutMs,
        mask: this.ctx.mask,
        log: this.ctx.log,
        nameOf: names,
        onToken: (got) => {
          this.minted = { instanceUrl: got.instanceUrl, accessToken: got.accessToken };
          this.ctx.onToken?.(this.minted);
        }
      });
      this.token = token.accessToken;
      this.instanceUrl = token.instanceUrl;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      throw new UserError(`Could not get a new token for Dev Hub ${this.named}: ${err.message}`);
    }
  }
}

/** What a REST error answer said, one bounded line. */
function said(res: HttpResponse): string {
  const json = parseJson(res.body);
  const first = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | undefined;
  const code = typeof first?.errorCode === 'string' ? first.errorCode : `HTTP ${res.status}`;
  const message = typeof first?.message === 'string' ? `: ${first.message}` : '';
  return quoteText(`${code}${message}`, 200);
}
