// A plain HTTP client of the stub for its own unit tests: JWT logins signed with a test key, REST calls with a token,
// SOQL queries. Calls go over the wire, as the action and sf make them.
import { createSign } from 'node:crypto';

export const LOGIN = 'https://login.salesforce.com';
export const TEST = 'https://test.salesforce.com';

/**
 * @param {() => import('./keys.mjs').KeyPair} keys the key pair the stub trusts (read at each call)
 * @param {string} clientId
 */
export function stubClient(keys, clientId) {
  /** @param {string} sub @param {string} aud */
  const jwt = (sub, aud) => {
    const now = Math.floor(Date.now() / 1000);
    const part = (/** @type {object} */ v) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${part({ alg: 'RS256' })}.${part({ iss: clientId, sub, aud, iat: now, exp: now + 180 })}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(keys().privateKey).toString('base64url')}`;
  };

  /**
   * A JWT bearer login at `base` (a started stub's URL, typed optional as the stub's own `url` is).
   * @param {string | undefined} base @param {string} sub @returns {Promise<{status: number, body: any}>}
   */
  const login = async (base, sub, aud = LOGIN) => {
    const res = await fetch(`${base}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(sub, aud) })
    });
    return { status: res.status, body: await res.json() };
  };

  /** @param {string | undefined} base @param {string} sub @returns {Promise<string>} */
  const tokenFor = async (base, sub, aud = LOGIN) => {
    const { status, body } = await login(base, sub, aud);
    if (status !== 200) throw new Error(`login of ${sub} at ${base} failed: ${JSON.stringify(body)}`);
    return body.access_token;
  };

  /**
   * A REST call with `token`; `body` is sent as JSON. @param {string | undefined} base @param {string} token
   * @param {string} path @param {unknown} [body] @returns {Promise<{status: number, body: any}>}
   */
  const call = async (base, token, path, method = 'GET', body = undefined) => {
    const headers = {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' })
    };
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** @param {string | undefined} base @param {string} token @param {string} q */
  const query = (base, token, q) => call(base, token, `/services/data/v66.0/query?q=${encodeURIComponent(q)}`);

  return { jwt, login, tokenFor, call, query };
}
