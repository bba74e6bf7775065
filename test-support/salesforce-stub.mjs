// A local stand-in for Salesforce's OAuth token endpoint and the REST calls sf makes, on loopback only.
// It verifies each JWT's RS256 signature with the public key and checks iss, sub, aud, exp and iat, and it can be
// scripted to answer the ways Salesforce does: "user hasn't approved this consumer" N times, an audience it rejects,
// 5xx, a hang, a reset connection, HTML, a token response missing fields. Used by the tests, the demo and the bench.
//
// Several orgs, each on its own host (for scratch orgs and sandboxes; see __tests__/unit/stub/salesforce-stub.test.ts):
// - `await stub.addOrg({users, host?, port?, audiences?, script?, clientId?, publicKey?})` starts another stub (same
//   class, same key and client id unless given) on its own loopback address (127.0.0.2, .3, ...; 127.0.0.1 on another
//   port where those cannot be bound) and returns it. Its users log in only there, its tokens work only there (any
//   other host answers 401 INVALID_SESSION_ID), and it keeps its own `script`, `requests`, `tokens`. `stub.stop()`
//   stops it too, `stub.reset()` resets it too, `stub.allRequests()` merges every host's requests in time order
//   (each names its `host`; REST ones carry their `status`).
// - `await stub.addScratchOrg({username | user, hub?, info?, creatingQueries?, creatingMs?, notApproved?, host?,
//   loginUrl?})` registers a scratch org of the Dev Hub user `hub` (default: this host's first isDevHub user): a
//   ScratchOrgInfo record on this host (all of `scratchOrgInfo()`'s fields; `info` overrides any, e.g. Status,
//   ErrorCode, ExpirationDate) and, unless `loginUrl` is given, the org's own host (audience test.salesforce.com)
//   whose URL is the record's LoginUrl. Status reads "Creating" (no ScratchOrg, LoginUrl, SignupInstance) for the
//   first `creatingQueries` ScratchOrgInfo answers that include it (queries and GETs by id) and for `creatingMs` ms,
//   then `info.Status`.
// - A Dev Hub user's `POST sobjects/ScratchOrgInfo` signs a scratch org up as `sf org create scratch` asks
//   (test-support/stub-scratch-create.mjs): an addScratchOrg org shaped by `stub.signupOptions`, listed in
//   `stub.signups`; the answer is `{id, success: true, errors: []}`.
//   `notApproved: N` makes the org's first N logins "user hasn't approved this consumer". Returns {org, user, info}.
// - A Dev Hub user's token can query ScratchOrgInfo and ActiveScratchOrg with real SOQL (test-support/soql.mjs):
//   selected fields only, WHERE with SOQL string unescaping, ORDER BY, LIMIT; other users get INVALID_TYPE.
//   `stub.queries()` lists every query string this host received. `DELETE .../sobjects/ActiveScratchOrg/<id>`
//   answers 204, turns the record "Deleted" and is logged in `stub.deletions` ({object, id, username, by, at}).
// - Script step 'eca-not-installed' answers app_not_found "External client app is not installed in this org".
// - Script step 'normal' answers as without a script (to script what follows a normal login).
// - `stub.issueRefreshToken(username)` gives a refresh token that the refresh_token grant takes (as a web or
//   sfdx-url login holds one); `/services/oauth2/userinfo` and `sobjects/User/<id>` answer as sf's login reads them.
// - Script steps may be objects: `{error, description}` answers that OAuth error (any text, e.g. megabytes with
//   escape sequences) before the JWT is checked; `{accessToken}` answers a valid login with that access_token.
// - `stub.freeze(username, logins = 1, restCalls = 0)`: the user's next `logins` logins succeed; from then on every
//   REST call with that user's tokens answers 401 INVALID_SESSION_ID (after `restCalls` more that succeed) and
//   every login "authentication failure", as for a user frozen right after logging in (sf then cannot refresh its
//   way back in, and `sf org display` still exits 0).
// - `stub.refuseApi = 'api-access-control' | 'invalid-session' | 'api-disabled'` refuses every REST call made with
//   a token it issued as Salesforce does (401 INVALID_SESSION_ID "This session is not valid for use with the REST
//   API", 401 "Session expired or invalid", 403 API_DISABLED_FOR_ORG); `reset()` ends it.
import { createPublicKey, randomBytes } from 'node:crypto';
import http from 'node:http';
import { makeKeyPair } from './keys.mjs';
import https from 'node:https';
import { ScratchOrgTable, scratchOrgInfo } from './scratch-orgs.mjs';
import { answerRevoke, answerToken, verifyAssertion } from './stub-oauth.mjs';
import { answerRest } from './stub-rest.mjs';

/**
 * @typedef {object} StubUser
 * @property {string} username
 * @property {string} orgId 18-char org id (00D...)
 * @property {string} userId 18-char user id (005...)
 * @property {boolean} [isDevHub]
 * @property {boolean} [isSandbox]
 * @property {boolean} [isScratch]
 * @property {string} [orgName]
 * @property {string[]} [scratchOrgIds] org ids of scratch orgs this hub knows (for `sf org list`)
 */

/**
 * @typedef {object} StubOptions
 * @property {string | import('node:crypto').KeyObject} publicKey PEM or KeyObject of the key the app's certificate holds
 * @property {string} clientId consumer key the app accepts
 * @property {StubUser[]} users
 * @property {string[]} [audiences] accepted `aud` values (default: login, test)
 * @property {{key: string, cert: string}} [tls] serve https with this key and certificate
 * @property {string} [instanceUrl] instance_url to answer with (default: the stub's own URL)
 * @property {string} [host] loopback address to listen on (default 127.0.0.1)
 * @property {number} [port] port to listen on (default: any free one)
 * @property {StubStep[]} [script] scripted token answers to start with
 */

/**
 * @typedef {'normal' | 'not-approved' | '503' | 'hang' | 'reset' | 'html' | 'missing-fields' | 'http-instance' |
 *   'eca-not-installed' | 'auth-failure' | 'app-access' | {error: string, description?: string} |
 *   {accessToken: string}} StubStep
 */

/**
 * @typedef {object} ScratchOrgOptions
 * @property {string} [username] the scratch org's SignupUsername (or give `user`)
 * @property {StubUser} [user] its user; made with `makeUser(username, {isScratch: true})` when absent
 * @property {string} [hub] username of the Dev Hub user on this host that owns it (default: the first isDevHub user)
 * @property {Record<string, any>} [info] ScratchOrgInfo fields that replace the defaults (Status is the final one)
 * @property {number} [creatingQueries] answer Status "Creating" to this many ScratchOrgInfo answers that include it
 * @property {number} [creatingMs] ... and for this long after it is added
 * @property {number} [notApproved] the org's first N logins answer "user hasn't approved this consumer"
 * @property {string} [host] the org's own loopback address (default: the next 127.0.0.N)
 * @property {number} [port]
 * @property {string[]} [audiences] accepted at the org's host (default: https://test.salesforce.com)
 * @property {string} [loginUrl] record this LoginUrl and start no host for the org
 */

const DEFAULT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];
const TEST_AUDIENCE = 'https://test.salesforce.com';
/** Last octet of the next loopback address `addOrg` takes (127.0.0.2 upwards); any free port is taken on each. */
let nextLoopback = 2;

/** @param {string} prefix */
export function makeId(prefix) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = prefix;
  for (const byte of randomBytes(15)) id += alphabet[byte % alphabet.length];
  return id.slice(0, 18);
}

/** @param {string} username @param {Partial<StubUser>} [extra] @returns {StubUser} */
export function makeUser(username, extra = {}) {
  return { username, orgId: makeId('00D'), userId: makeId('005'), ...extra };
}

export class SalesforceStub {
  /** @param {StubOptions} options */
  constructor(options) {
    this.publicKey = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
    this.clientId = options.clientId;
    /** @type {Map<string, StubUser>} */
    this.users = new Map(options.users.map((u) => [u.username.toLowerCase(), u]));
    this.audiences = options.audiences ?? DEFAULT_AUDIENCES;
    this.defaultAudiences = this.audiences;
    this.tls = options.tls;
    this.instanceUrlOverride = options.instanceUrl;
    /** Scripted answers for the token endpoint, consumed front to back; then normal behaviour. */
    /** @type {StubStep[]} */
    this.script = [...(options.script ?? [])];
    /** Answer "user hasn't approved this consumer" until this time (ms since epoch). */
    this.notApprovedUntil = 0;
    /** Tokens issued: token -> user. `revoked` holds revoked ones. */
    /** @type {Map<string, StubUser>} */
    this.tokens = new Map();
    this.revoked = new Set();
    /** Refresh tokens issued (issueRefreshToken): token -> user. @type {Map<string, StubUser>} */
    this.refreshTokens = new Map();
    /** Every request, in order: {method, path, at, claims?, outcome}. */
    /** @type {Array<Record<string, any>>} */
    this.requests = [];
    /** Answer 401 to the next REST call made with each of these tokens (token refresh tests). */
    this.expireTokens = new Set();
    /** REST calls to answer with HTTP 500: 'devhub', 'versions', 'organization'. */
    this.failRest = new Set();
    /** Frozen users (lower case) and the logins each has left; see freeze(). @type {Map<string, number>} */
    this.frozen = new Map();
    /** REST calls a frozen user may still make (freeze()'s restCalls). @type {Map<string, number>} */
    this.restCallsLeft = new Map();
    /** Refuse every REST call with a valid token: 'api-access-control' | 'invalid-session' | 'api-disabled'. */
    /** @type {string | undefined} */
    this.refuseApi = undefined;
    this.sockets = new Set();
    this.options = options;
    /** Base URL, set by start(). @type {string} */
    this.url = '';
    /** Orgs on their own hosts, started by addOrg / addScratchOrg. @type {SalesforceStub[]} */
    this.orgs = [];
    /** The Dev Hubs' ScratchOrgInfo / ActiveScratchOrg records on this host. */
    this.scratchOrgs = new ScratchOrgTable();
    /** ActiveScratchOrg records deleted through this host: {object, id, username, by, at}. */
    /** @type {Array<Record<string, any>>} */
    this.deletions = [];
    /** Scratch orgs signed up through this host (test-support/stub-scratch-create.mjs). */
    /** @type {Array<{id: string, username: string, org?: SalesforceStub, body: Record<string, any>}>} */
    this.signups = [];
    /** addScratchOrg options each signup uses (e.g. `{creatingQueries: 2}`). @type {Partial<ScratchOrgOptions>} */
    this.signupOptions = {};
  }

  /** Back to answering every login normally (between tests). Issued tokens stay valid. */
  reset() {
    this.script = [];
    this.requests = [];
    this.notApprovedUntil = 0;
    this.audiences = this.defaultAudiences;
    this.failRest.clear();
    this.frozen.clear();
    this.restCallsLeft.clear();
    this.refuseApi = undefined;
    this.expireTokens.clear();
    this.deletions = [];
    this.signups = [];
    this.signupOptions = {};
    for (const org of this.orgs) org.reset();
  }

  /** @returns {Promise<string>} base URL, e.g. http://127.0.0.1:40123 */
  async start() {
    const handler = (req, res) =>
      this.#handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err?.stack ?? err));
      });
    this.server = this.tls ? https.createServer(this.tls, handler) : http.createServer(handler);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    const host = await this.#listen(this.options.host ?? '127.0.0.1', this.options.port ?? 0);
    const { port } = /** @type {import('node:net').AddressInfo} */ (this.server.address());
    this.url = `${this.tls ? 'https' : 'http'}://${host}:${port}`;
    return this.url;
  }

  /** Listens on `host`; where only 127.0.0.1 is configured (macOS), falls back to it. @returns the host taken */
  async #listen(host, port) {
    const server = /** @type {http.Server} */ (this.server);
    const attempt = (h) =>
      new Promise((resolve, reject) => {
        const fail = (err) => reject(err);
        server.once('error', fail);
        server.listen(port, h, () => {
          server.off('error', fail);
          resolve(h);
        });
      });
    try {
      return await attempt(host);
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EADDRNOTAVAIL' || host === '127.0.0.1') throw err;
      return attempt('127.0.0.1');
    }
  }

  async stop() {
    await Promise.all(this.orgs.map((org) => org.stop()));
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(() => resolve(undefined)) ?? resolve(undefined));
  }

  /**
   * Starts another org on its own host, trusting the same key and client id unless told otherwise.
   * @param {Partial<StubOptions> & {users: StubUser[]}} options @returns {Promise<SalesforceStub>}
   */
  async addOrg(options) {
    const host = options.host ?? `127.0.0.${nextLoopback}`;
    if (!options.host) nextLoopback = nextLoopback >= 254 ? 2 : nextLoopback + 1;
    const org = new SalesforceStub({
      publicKey: this.publicKey,
      clientId: this.clientId,
      tls: this.tls,
      ...options,
      host
    });
    this.orgs.push(org);
    await org.start();
    return org;
  }

  /**
   * Registers a scratch org of a Dev Hub user of this host: its ScratchOrgInfo record here and its own host.
   * @param {ScratchOrgOptions} options
   */
  async addScratchOrg(options) {
    const hub = this.#devHub(options.hub);
    const user = options.user ?? makeUser(/** @type {string} */ (options.username), { isScratch: true });
    const org = options.loginUrl
      ? undefined
      : await this.addOrg({
          users: [user],
          host: options.host,
          port: options.port,
          audiences: options.audiences ?? [TEST_AUDIENCE],
          script: Array(options.notApproved ?? 0).fill('not-approved')
        });
    const base = { id: makeId('2SR'), username: user.username, orgId: user.orgId, hub, orgName: user.orgName };
    const info = scratchOrgInfo({ ...base, loginUrl: options.loginUrl ?? org?.url }, options.info);
    const entry = this.scratchOrgs.add({
      hubOrgId: hub.orgId,
      info,
      activeId: makeId('2AS'),
      creatingQueries: options.creatingQueries,
      creatingMs: options.creatingMs
    });
    return { org, user, info: entry.info };
  }

  /** The Dev Hub user named, or this host's first one. @param {string} [username] */
  #devHub(username) {
    const hub = [...this.users.values()].find((u) =>
      username ? u.username.toLowerCase() === username.toLowerCase() : u.isDevHub
    );
    if (!hub?.isDevHub)
      throw new Error(`addScratchOrg: ${username ?? 'an isDevHub user'} must be a Dev Hub user of this stub`);
    return hub;
  }

  /** Every query string (`q`) this host received, in order. */
  queries() {
    return this.requests.filter((r) => r.query != null).map((r) => /** @type {string} */ (r.query));
  }

  /** The requests of this host and every org added to it, in time order; each names its `host`. */
  allRequests() {
    /** @type {Array<Record<string, any>>} */
    const all = [...this.requests, ...this.orgs.flatMap((org) => org.allRequests())];
    return all.sort((a, b) => a.at - b.at);
  }

  /** Freezes `username` after its next `logins` logins (see the top of this file). */
  freeze(username, logins = 1, restCalls = 0) {
    this.frozen.set(username.toLowerCase(), logins);
    this.restCallsLeft.set(username.toLowerCase(), restCalls);
  }

  /** Whether `username` is frozen now (its logins used up). @param {string} username */
  isFrozen(username) {
    return this.frozen.get(username.toLowerCase()) === 0;
  }

  /** A refresh token for `username`, as a web or sfdx-url login holds one (the refresh_token grant takes it). */
  issueRefreshToken(username) {
    const user = /** @type {StubUser} */ (this.users.get(username.toLowerCase()));
    const token = `5Aep861${randomBytes(40).toString('base64url')}`;
    this.refreshTokens.set(token, user);
    return token;
  }

  /** Whether a REST call of frozen `username` is refused, spending one of its calls left. @param {string} username */
  refusesRest(username) {
    const name = username.toLowerCase();
    if (!this.isFrozen(name)) return false;
    const left = this.restCallsLeft.get(name) ?? 0;
    if (left === 0) return true;
    this.restCallsLeft.set(name, left - 1);
    return false;
  }

  /** Token requests only. */
  tokenRequests() {
    return this.requests.filter((r) => r.path === '/services/oauth2/token');
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async #handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const record = {
      method: req.method,
      path: url.pathname,
      query: url.searchParams.get('q'),
      at: Date.now(),
      host: this.url
    };
    this.requests.push(record);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') return this.#token(req, body, res, record);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/revoke') return this.#revoke(body, res, record);
    return this.#rest(req, url, res, record, body);
  }

  #token(req, body, res, record) {
    return answerToken(this, req, body, res, record);
  }

  /** Verifies a JWT the way Salesforce does. @param {string} assertion */
  verifyAssertion(assertion) {
    return verifyAssertion(this, assertion);
  }

  #revoke(body, res, record) {
    return answerRevoke(this, body, res, record);
  }

  /** The REST calls sf makes (test-support/stub-rest.mjs). */
  #rest(req, url, res, record, body) {
    return answerRest(this, req, url, res, record, body);
  }
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A throwaway key pair and a started stub that trusts it: the set-up most tests share.
 * @param {string} clientId @param {StubUser[]} users @param {Partial<StubOptions>} [options]
 */
export async function startStub(clientId, users, options = {}) {
  const keys = makeKeyPair();
  const stub = new SalesforceStub({ publicKey: keys.publicPem, clientId, users, ...options });
  const url = await stub.start();
  return { keys, stub, url };
}
