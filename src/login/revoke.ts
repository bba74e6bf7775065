/**
 * Revocation of an access token at Salesforce's revoke endpoint (POST /services/oauth2/revoke, form `token=`): the
 * post step's, and a failed login's, so no token this login got stays alive.
 */
import { request } from '../util/http.js';

export const REVOKE_TIMEOUT_MS = 10_000;

/** An access token, and the instance that issued it (where it is revoked). */
export interface IssuedToken {
  instanceUrl: string;
  accessToken: string;
}

/** Revokes `token`; throws when Salesforce does not answer 200. */
export async function revokeToken(token: IssuedToken, timeoutMs = REVOKE_TIMEOUT_MS): Promise<void> {
  const res = await request({
    method: 'POST',
    url: `${token.instanceUrl}/services/oauth2/revoke`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token.accessToken)}`,
    timeoutMs
  });
  if (res.status !== 200) throw new Error(`${token.instanceUrl} answered HTTP ${res.status}`);
}
