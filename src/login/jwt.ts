/** The JWT bearer assertion: RS256, signed with jose. */
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** Salesforce wants `exp` within about 3 minutes. */
export const ASSERTION_LIFETIME_SECONDS = 180;

export interface AssertionClaims {
  clientId: string;
  username: string;
  audience: string;
}

export async function signAssertion(key: KeyObject, claims: AssertionClaims, nowMs = Date.now()): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(claims.clientId)
    .setSubject(claims.username)
    .setAudience(claims.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .sign(key);
}
