// A local stand-in for Salesforce's OAuth token endpoint and the few REST calls sf makes, on 127.0.0.1 only.
// It verifies each JWT's RS256 signature with the public key and checks iss, sub, aud, exp and iat, and it can be
// scripted to answer the ways Salesforce does: "user hasn't approved this consumer" N times, an audience it rejects,
// 5xx, a hang, a reset connection, HTML, a token response missing fields. Used by the tests, the demo and the bench.
import { createPublicKey, createVerify, randomBytes } from 'node:crypto';
import http from 'node:http';
import { makeKeyPair } from './keys.mjs';
import https from 'node:https';

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
 */

const DEFAULT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];
const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0', '65.0', '66.0'];

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
    /** @type {Array<'not-approved' | '503' | 'hang' | 'reset' | 'html' | 'missing-fields' | 'http-instance' | 'eca-not-installed' | 'auth-failure' | 'app-access'>} */
    this.script = [];
    /** Answer "user hasn't approved this consumer" until this time (ms since epoch). */
    this.notApprovedUntil = 0;
    /** Tokens issued: token -> user. `revoked` holds revoked ones. */
    /** @type {Map<string, StubUser>} */
    this.tokens = new Map();
    this.revoked = new Set();
    /** Every request, in order: {method, path, at, claims?, outcome}. */
    /** @type {Array<Record<string, any>>} */
    this.requests = [];
    /** Answer 401 to the next REST call made with each of these tokens (token refresh tests). */
    this.expireTokens = new Set();
    /** REST calls to answer with HTTP 500: 'devhub', 'versions', 'organization'. */
    this.failRest = new Set();
    this.sockets = new Set();
  }

  /** Back to answering every login normally (between tests). Issued tokens stay valid. */
  reset() {
    this.script = [];
    this.requests = [];
    this.notApprovedUntil = 0;
    this.audiences = this.defaultAudiences;
    this.failRest.clear();
    this.expireTokens.clear();
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
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = /** @type {import('node:net').AddressInfo} */ (this.server.address());
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this.url;
  }

  async stop() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(() => resolve(undefined)) ?? resolve(undefined));
  }

  /** Token requests only. */
  tokenRequests() {
    return this.requests.filter((r) => r.path === '/services/oauth2/token');
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async #handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://stub');
    const body = await readBody(req);
    const record = { method: req.method, path: url.pathname, query: url.searchParams.get('q'), at: Date.now() };
    this.requests.push(record);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') return this.#token(req, body, res, record);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/revoke') return this.#revoke(body, res, record);
    return this.#rest(req, url, res, record);
  }

  #token(req, body, res, record) {
    const step = this.script.shift();
    record.outcome = step ?? 'normal';
    if (step === 'hang') return; // never answer; the client's timeout must fire
    if (step === 'reset') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"access_token":"00D');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (step === '503')
      return send(res, 503, { 'content-type': 'text/html' }, '<html><body>Service Unavailable</body></html>');
    if (step === 'html')
      return send(res, 200, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><body>Login</body></html>');

    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      return oauthError(res, record, 'invalid_request', 'unsupported content type');
    }
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !form.get('assertion')) {
      return oauthError(res, record, 'unsupported_grant_type', 'grant type not supported');
    }
    record.assertion = form.get('assertion');
    const verdict = this.verifyAssertion(/** @type {string} */ (form.get('assertion')));
    record.claims = verdict.claims;
    if (verdict.error) return oauthError(res, record, verdict.error, verdict.description);
    const user = /** @type {StubUser} */ (verdict.user);

    if (step === 'not-approved' || Date.now() < this.notApprovedUntil) {
      return oauthError(res, record, 'invalid_grant', "user hasn't approved this consumer");
    }
    if (step === 'eca-not-installed')
      return oauthError(res, record, 'invalid_grant', 'External client app is not installed in this org');
    if (step === 'auth-failure') return oauthError(res, record, 'invalid_grant', 'authentication failure');
    if (step === 'app-access')
      return oauthError(res, record, 'invalid_app_access', 'user is not admin approved to access this app');

    const token = `${user.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    this.tokens.set(token, user);
    record.outcome = 'token';
    const instanceUrl = step === 'http-instance' ? 'http://evil.example.com' : (this.instanceUrlOverride ?? this.url);
    const answer = {
      access_token: token,
      scope: 'api',
      instance_url: instanceUrl,
      id: `https://login.salesforce.com/id/${user.orgId}/${user.userId}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: randomBytes(32).toString('base64')
    };
    if (step === 'missing-fields') delete answer.instance_url;
    return send(res, 200, { 'content-type': 'application/json;charset=UTF-8' }, JSON.stringify(answer));
  }

  /** Verifies a JWT the way Salesforce does. @param {string} assertion */
  verifyAssertion(assertion) {
    const parts = assertion.split('.');
    if (parts.length !== 3) return { error: 'invalid_grant', description: 'invalid assertion' };
    let header;
    let claims;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { error: 'invalid_grant', description: 'invalid assertion' };
    }
    if (header.alg !== 'RS256') return { claims, error: 'invalid_grant', description: 'invalid assertion' };
    if (claims.iss !== this.clientId)
      return { claims, error: 'invalid_client_id', description: 'client identifier invalid' };
    const user = this.users.get(String(claims.sub).toLowerCase());
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${parts[0]}.${parts[1]}`);
    if (!verifier.verify(this.publicKey, Buffer.from(parts[2], 'base64url'))) {
      return { claims, error: 'invalid_grant', description: 'invalid assertion' };
    }
    const now = Math.floor(Date.now() / 1000);
    // sf's own core sends exp in milliseconds by mistake; Salesforce tolerates that, so the stub does too.
    const exp = claims.exp > 1e11 ? Math.floor(claims.exp / 1000) : claims.exp;
    if (!Number.isInteger(exp) || exp < now || exp > now + 300) {
      return { claims, error: 'invalid_grant', description: 'expired authorization code' };
    }
    if (!Number.isInteger(claims.iat) || claims.iat > now + 60)
      return { claims, error: 'invalid_grant', description: 'invalid assertion' };
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (!this.audiences.includes(aud)) {
      return { claims, error: 'invalid_grant', description: `audience is invalid [audience=${aud}]` };
    }
    if (!user) return { claims, error: 'invalid_grant', description: "user hasn't approved this consumer" };
    return { claims, user };
  }

  #revoke(body, res, record) {
    const token = new URLSearchParams(body).get('token') ?? '';
    record.outcome = this.tokens.has(token) ? 'revoked' : 'unknown-token';
    record.token = token;
    if (!this.tokens.has(token))
      return send(
        res,
        400,
        { 'content-type': 'application/json' },
        JSON.stringify({ error: 'unsupported_token_type', error_description: 'this token type is not supported' })
      );
    this.tokens.delete(token);
    this.revoked.add(token);
    return send(res, 200, { 'content-type': 'text/plain' }, '');
  }

  /** The REST calls sf makes; see the facts doc, sections 3 and 6. */
  #rest(req, url, res, record) {
    const auth = String(req.headers.authorization ?? '');
    const token = auth.replace(/^(Bearer|OAuth) /, '');
    const user = this.tokens.get(token);
    if (!user || this.expireTokens.has(token)) {
      this.expireTokens.delete(token);
      if (user) this.tokens.delete(token);
      record.outcome = '401';
      return send(
        res,
        401,
        { 'content-type': 'application/json' },
        JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
      );
    }
    record.outcome = 'ok';
    record.user = user.username;
    const json = (status, value) =>
      send(res, status, { 'content-type': 'application/json;charset=UTF-8' }, JSON.stringify(value));
    const q0 = url.searchParams.get('q') ?? '';
    const which = /ScratchOrgInfo limit 1/i.test(q0)
      ? 'devhub'
      : /TrialExpirationDate/i.test(q0)
        ? 'organization'
        : /^\/services\/data\/?$/.test(url.pathname)
          ? 'versions'
          : '';
    if (this.failRest.has(which)) return json(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'stub failure' }]);
    if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
      return json(
        200,
        API_VERSIONS.map((v) => ({ version: v, url: `/services/data/v${v}`, label: `v${v}` }))
      );
    }
    const versioned = /^\/services\/data\/v(\d+\.\d)\/?(.*)$/.exec(url.pathname);
    if (!versioned) return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const [, , rest] = versioned;
    if (rest === '')
      return json(200, {
        limits: `/services/data/v${versioned[1]}/limits`,
        sobjects: `/services/data/v${versioned[1]}/sobjects`
      });
    if (rest !== 'query' && rest !== 'query/')
      return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const q = (url.searchParams.get('q') ?? '').replace(/\s+/g, ' ').trim();
    if (/^SELECT Id FROM ScratchOrgInfo limit 1$/i.test(q)) {
      if (!user.isDevHub)
        return json(400, [{ message: "sObject type 'ScratchOrgInfo' is not supported.", errorCode: 'INVALID_TYPE' }]);
      return json(200, { totalSize: 0, done: true, records: [] });
    }
    if (/FROM Organization$/i.test(q) && /TrialExpirationDate/i.test(q)) {
      return json(200, {
        totalSize: 1,
        done: true,
        records: [
          {
            attributes: {
              type: 'Organization',
              url: `/services/data/v${versioned[1]}/sobjects/Organization/${user.orgId}`
            },
            Name: user.orgName ?? `Stub org of ${user.username}`,
            InstanceName: 'CS999',
            IsSandbox: Boolean(user.isSandbox || user.isScratch),
            TrialExpirationDate: user.isScratch ? '2099-01-01T00:00:00.000+0000' : null,
            NamespacePrefix: null,
            OrganizationType: user.isScratch ? 'Developer Edition' : 'Enterprise Edition'
          }
        ]
      });
    }
    if (/^SELECT Id FROM Organization$/i.test(q)) {
      if (url.searchParams.get('columns') === 'true') {
        return json(200, {
          columnMetadata: [
            {
              aggregate: false,
              apexType: 'Id',
              booleanType: false,
              columnName: 'Id',
              custom: false,
              displayName: 'Organization ID',
              foreignKeyName: null,
              insertable: false,
              joinColumns: [],
              numberType: false,
              textType: false,
              updatable: false
            }
          ],
          entityName: 'Organization',
          groupBy: false,
          idSelected: true,
          keyPrefix: '00D'
        });
      }
      return json(200, {
        totalSize: 1,
        done: true,
        records: [
          {
            attributes: {
              type: 'Organization',
              url: `/services/data/v${versioned[1]}/sobjects/Organization/${user.orgId}`
            },
            Id: user.orgId
          }
        ]
      });
    }
    if (/FROM ScratchOrgInfo WHERE ScratchOrg IN/i.test(q)) {
      const ids = [...q.matchAll(/'(00D\w{12})'/g)].map((m) => m[1]);
      const records = [...this.users.values()]
        .filter((u) => u.isScratch && ids.includes(u.orgId.slice(0, 15)))
        .map((u) => ({
          attributes: { type: 'ScratchOrgInfo' },
          CreatedDate: '2026-11-01T00:00:00.000+0000',
          Edition: 'Developer',
          Status: 'Active',
          ExpirationDate: '2099-01-01',
          Namespace: null,
          OrgName: u.orgName ?? 'Scratch',
          CreatedBy: { Username: user.username },
          SignupUsername: u.username,
          LoginUrl: this.url,
          ScratchOrg: u.orgId.slice(0, 15)
        }));
      return json(200, { totalSize: records.length, done: true, records });
    }
    return json(400, [{ errorCode: 'MALFORMED_QUERY', message: `stub does not know this query: ${q}` }]);
  }
}

function oauthError(res, record, error, description) {
  record.outcome = `${error}: ${description}`;
  return send(
    res,
    400,
    { 'content-type': 'application/json;charset=UTF-8' },
    JSON.stringify({ error, error_description: description })
  );
}

function send(res, status, headers, body) {
  res.writeHead(status, headers);
  res.end(body);
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
