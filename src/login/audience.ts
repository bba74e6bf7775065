/**
 * The JWT `aud` claim. Where the token request is POSTed (the login URL) and which audience is signed are two
 * separate choices: a new scratch org or sandbox authenticates at once on its own My Domain host, but its audience
 * must still be https://test.salesforce.com.
 */
import { PRODUCTION_LOGIN_URL, SANDBOX_LOGIN_URL, validateLoginUrl } from './login-url.js';

const GS1_AUDIENCE = 'https://gs1.salesforce.com';

/** True when the URL's shape says sandbox or scratch org. */
export function isSandboxShaped(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'test.salesforce.com') return true;
  if (host.endsWith('.sandbox.my.salesforce.com') || host.endsWith('.scratch.my.salesforce.com')) return true;
  if (host.endsWith('.sandbox.my.salesforce.mil') || host.endsWith('.sandbox.my.sfcrmproducts.cn')) return true;
  // Legacy sandbox My Domain: <domain>--<sandbox>.my.salesforce.com (and .cs<N>.my.salesforce.com).
  if (host.split('.')[0].includes('--')) return true;
  // Sandbox pods: cs<N>.salesforce.com, <domain>.cs<N>.my.salesforce.com.
  if (/(^|\.)cs\d+\./.test(host)) return true;
  return false;
}

/** The environment variables that set the audience when the input does not, in sf's order. */
export const AUDIENCE_ENV = ['SF_AUDIENCE_URL', 'SFDX_AUDIENCE_URL'] as const;

/**
 * The explicit audience: the input (named `inputName` in messages), else SF_AUDIENCE_URL, else SFDX_AUDIENCE_URL;
 * undefined when none is set. Validated as strictly as the login URL (https, or http on a loopback host; scheme and
 * host only), since it is printed and signed: a newline in it can forge a log line, a path is no audience.
 */
export function explicitAudience(input: string, env: NodeJS.ProcessEnv, inputName: string): string | undefined {
  const given: Array<[string | undefined, string]> = [
    [input, inputName],
    ...AUDIENCE_ENV.map((n): [string | undefined, string] => [env[n], n])
  ];
  const [value, name] = given.find(([v]) => v?.trim()) ?? [];
  return value && name ? validateLoginUrl(value.trim(), name) : undefined;
}

/**
 * Audiences to try, best first. `override` (the `audience` input or SF_AUDIENCE_URL) is the only candidate when
 * given. Otherwise the one the URL's shape implies, then the other of login/test, then the URL itself.
 */
export function audienceCandidates(loginUrl: string, override?: string): string[] {
  if (override) return [override.replace(/\/+$/, '')];
  const host = new URL(loginUrl).hostname.toLowerCase();
  if (/(^|\.)gs1\./.test(host)) return [GS1_AUDIENCE];
  const primary = isSandboxShaped(host) ? SANDBOX_LOGIN_URL : PRODUCTION_LOGIN_URL;
  const secondary = primary === SANDBOX_LOGIN_URL ? PRODUCTION_LOGIN_URL : SANDBOX_LOGIN_URL;
  const candidates = [primary, secondary];
  if (!candidates.includes(loginUrl)) candidates.push(loginUrl);
  return candidates;
}
