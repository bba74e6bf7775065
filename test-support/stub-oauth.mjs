// The stub's OAuth endpoints: the JWT bearer token request (verified as Salesforce does, or answered from the
// stub's script) and token revocation. Split from test-support/salesforce-stub.mjs, which owns the hosts.
import { createVerify, randomBytes } from 'node:crypto';

/**
 * The token endpoint: scripted answers first, then the JWT checked as Salesforce does.
 * @param {import('./salesforce-stub.mjs').SalesforceStub} stub @param {import('node:http').IncomingMessage} req
 * @param {string} body @param {import('node:http').ServerResponse} res @param {Record<string, any>} record
 */
export function answerToken(stub, req, body, res, record) {
  const step = stub.script.shift();
  record.outcome = typeof step === 'object' ? JSON.stringify(step).slice(0, 200) : (step ?? 'normal');
  if (step === 'hang') return; // never answer; the client's timeout must fire
  // A scripted OAuth error, whatever the JWT: any `error` and `error_description` a server might send.
  if (typeof step === 'object' && 'error' in step) return oauthError(res, record, step.error, step.description ?? '');
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
  if (form.get('grant_type') === 'refresh_token') return answerRefresh(stub, form, res, record);
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !form.get('assertion')) {
    return oauthError(res, record, 'unsupported_grant_type', 'grant type not supported');
  }
  record.assertion = form.get('assertion');
  const verdict = verifyAssertion(stub, /** @type {string} */ (form.get('assertion')));
  record.claims = verdict.claims;
  if (verdict.error) return oauthError(res, record, verdict.error, verdict.description);
  const user = /** @type {StubUser} */ (verdict.user);

  if (step === 'not-approved' || Date.now() < stub.notApprovedUntil) {
    return oauthError(res, record, 'invalid_grant', "user hasn't approved this consumer");
  }
  if (step === 'eca-not-installed')
    return oauthError(res, record, 'app_not_found', 'External client app is not installed in this org');
  const loginsLeft = stub.frozen.get(user.username.toLowerCase());
  if (loginsLeft !== undefined) {
    if (loginsLeft === 0) return oauthError(res, record, 'invalid_grant', 'authentication failure');
    stub.frozen.set(user.username.toLowerCase(), loginsLeft - 1);
  }
  if (step === 'auth-failure') return oauthError(res, record, 'invalid_grant', 'authentication failure');
  if (step === 'app-access')
    return oauthError(res, record, 'invalid_app_access', 'user is not admin approved to access this app');

  // A scripted access_token (e.g. one with a space in it) is answered as it is, and is no session of the stub.
  const scripted = typeof step === 'object' && 'accessToken' in step ? step.accessToken : undefined;
  record.outcome = 'token';
  const instanceUrl = step === 'http-instance' ? 'http://evil.example.com' : (stub.instanceUrlOverride ?? stub.url);
  const answer = tokenAnswer(stub, user, instanceUrl, scripted);
  if (step === 'missing-fields') delete answer.instance_url;
  return send(res, 200, { 'content-type': 'application/json;charset=UTF-8' }, JSON.stringify(answer));
}

/** A new access token for `user` (a session of the stub unless `scripted`), answered as Salesforce does. */
function tokenAnswer(stub, user, instanceUrl, scripted) {
  const token = scripted ?? `${user.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
  stub.tokens.set(token, user);
  return {
    access_token: token,
    scope: 'api',
    instance_url: instanceUrl,
    id: `https://login.salesforce.com/id/${user.orgId}/${user.userId}`,
    token_type: 'Bearer',
    issued_at: String(Date.now()),
    signature: randomBytes(32).toString('base64')
  };
}

/**
 * The refresh token flow (`sf org login web` / `sf org login sfdx-url` logins refresh this way): a refresh token the
 * stub issued (`stub.issueRefreshToken`) gets a new access token; any other is "expired access/refresh token".
 */
function answerRefresh(stub, form, res, record) {
  const user = stub.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!user) return oauthError(res, record, 'invalid_grant', 'expired access/refresh token');
  record.outcome = 'refreshed';
  record.user = user.username;
  const answer = tokenAnswer(stub, user, stub.instanceUrlOverride ?? stub.url);
  return send(res, 200, { 'content-type': 'application/json;charset=UTF-8' }, JSON.stringify(answer));
}

/** Verifies a JWT the way Salesforce does. @param {import('./salesforce-stub.mjs').SalesforceStub} stub @param {string} assertion */
export function verifyAssertion(stub, assertion) {
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
  if (claims.iss !== stub.clientId)
    return { claims, error: 'invalid_client_id', description: 'client identifier invalid' };
  const user = stub.users.get(String(claims.sub).toLowerCase());
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${parts[0]}.${parts[1]}`);
  if (!verifier.verify(stub.publicKey, Buffer.from(parts[2], 'base64url'))) {
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
  if (!stub.audiences.includes(aud)) {
    return { claims, error: 'invalid_grant', description: `audience is invalid [audience=${aud}]` };
  }
  if (!user) return { claims, error: 'invalid_grant', description: "user hasn't approved this consumer" };
  return { claims, user };
}

/** @param {import('./salesforce-stub.mjs').SalesforceStub} stub */
export function answerRevoke(stub, body, res, record) {
  const token = new URLSearchParams(body).get('token') ?? '';
  record.outcome = stub.tokens.has(token) ? 'revoked' : 'unknown-token';
  record.token = token;
  if (!stub.tokens.has(token))
    return send(
      res,
      400,
      { 'content-type': 'application/json' },
      JSON.stringify({ error: 'unsupported_token_type', error_description: 'this token type is not supported' })
    );
  stub.tokens.delete(token);
  stub.revoked.add(token);
  return send(res, 200, { 'content-type': 'text/plain' }, '');
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

export function send(res, status, headers, body) {
  res.writeHead(status, headers);
  res.end(body);
}
