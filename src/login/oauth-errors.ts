/**
 * Salesforce's OAuth error answers, classified, and turned into one sentence that says what to fix.
 * The OAuth `error` code is always quoted; the key and the assertion never are.
 */
import type { NameOf } from './inputs.js';
import { quoteText } from '../util/text.js';

export interface OAuthError {
  error: string;
  description: string;
}

export type OAuthErrorKind =
  | 'not-approved'
  | 'audience'
  | 'client-id'
  | 'assertion'
  | 'app-access'
  | 'auth-failure'
  | 'eca-not-installed'
  | 'other';

export function classifyOAuthError({ error, description }: OAuthError): OAuthErrorKind {
  const d = description.toLowerCase();
  if (d.includes("hasn't approved this consumer") || d.includes('has not approved this consumer'))
    return 'not-approved';
  if (d.includes('audience')) return 'audience';
  if (error === 'invalid_client_id' || d.includes('client identifier invalid')) return 'client-id';
  if (d.includes('external client app is not installed')) return 'eca-not-installed';
  if (d.includes('invalid assertion') || d.includes('invalid signature') || d.includes('signature')) return 'assertion';
  if (error === 'invalid_app_access' || d.includes('not admin approved')) return 'app-access';
  if (d.includes('authentication failure')) return 'auth-failure';
  return 'other';
}

export interface HintContext {
  clientId: string;
  username: string;
  loginUrl: string;
  audiences: string[];
  approvalTimeoutSeconds: number;
  /** True when the login waited out "not installed" too (a sandbox by name). */
  waitedForAppInstall?: boolean;
  nameOf: HintNames;
}

/**
 * Why a scratch org has no app to log in with, and the ways out (README "Which app type"): one sentence, shared
 * by every message that points at it (C-1016 from ScratchOrgInfo, "not installed" or an unknown consumer key at a
 * scratch org).
 */
export const SCRATCH_ORG_APP_HINT =
  "A scratch org gets the Dev Hub's app only when that app is a Connected App: an External Client App is not " +
  'copied into new scratch orgs (so `sf org create scratch` fails with C-1016, and with ' +
  'SF_SCRATCH_SIGNUP_CONNECTED_APP=PlatformCLI sf signs up with its own app, which a later JWT login cannot use). ' +
  'Give the Dev Hub a Connected App with this certificate for scratch-org logins (orgs made since Spring ' +
  "'26 need Salesforce Support to re-enable Connected App creation), or deploy the External Client App into the " +
  'scratch org before logging in with it.';

const isScratchHost = (loginUrl: string): boolean => /\.scratch\.my\.salesforce\.(com|mil)$/i.test(hostOf(loginUrl));
const isSandboxHost = (loginUrl: string): boolean => /\.sandbox\.my\.salesforce\.(com|mil)$/i.test(hostOf(loginUrl));

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The fields the hints name. */
export type HintNames = NameOf<
  'clientId' | 'username' | 'instanceUrl' | 'approvalTimeoutSeconds' | 'audience' | 'certificate'
>;

/** The message the action fails with for a final OAuth error. */
export function describeOAuthError(err: OAuthError, ctx: HintContext): string {
  const who = `the login of ${ctx.username} at ${ctx.loginUrl}`;
  // Salesforce's words, but any server's text: one line, no terminal escapes, a bounded length.
  const said = `${quoteText(err.error, 100)}: ${quoteText(err.description)}`;
  return `Salesforce rejected ${who} (${said}). ${hint(classifyOAuthError(err), ctx)}`;
}

function hint(kind: OAuthErrorKind, ctx: HintContext): string {
  const { nameOf } = ctx;
  switch (kind) {
    case 'not-approved':
      return (
        'The user is not pre-authorized for the app, or does not exist yet at this login URL. In the External Client ' +
        `App (or Connected App) policies, set "Admin approved users are pre-authorized" and add the user's profile or a ` +
        `permission set; check that the username is exact (sandbox usernames carry a suffix such as ".uat"). ` +
        (ctx.approvalTimeoutSeconds > 0
          ? `The login kept retrying for ${ctx.approvalTimeoutSeconds} s; for a brand-new scratch org or sandbox, pass ` +
            `its own instance URL as ${nameOf('instanceUrl')} or raise ${nameOf('approvalTimeoutSeconds')}.`
          : `${nameOf('approvalTimeoutSeconds')} is 0, so the login did not wait for a new org's user to replicate.`)
      );
    case 'audience':
      return (
        `None of the audiences tried (${ctx.audiences.join(', ')}) was accepted. ` +
        `Set the audience input (${nameOf('audience')}): ` +
        `https://login.salesforce.com for production and Dev Hub orgs, https://test.salesforce.com for sandboxes and ` +
        `scratch orgs, or the org's My Domain URL.`
      );
    case 'client-id':
      return (
        `The consumer key "${ctx.clientId}" is not known at this login URL: check that ${nameOf('clientId')} is the ` +
        'consumer key of the External Client App (or Connected App), and that the app is installed in the org you ' +
        'log into ' +
        `(a sandbox or scratch org needs ${nameOf('instanceUrl')} pointing at it, not at production).` +
        (isScratchHost(ctx.loginUrl) ? ` ${SCRATCH_ORG_APP_HINT}` : '')
      );
    case 'assertion':
      return (
        `Salesforce could not verify the JWT's signature: the private key does not match the certificate uploaded to ` +
        `the app (or the certificate was replaced). Upload the certificate made from this key, or pass the key that ` +
        `matches the uploaded certificate; ${nameOf('certificate')}, when given, checks the pair before calling ` +
        'Salesforce.'
      );
    case 'app-access':
      return (
        `The app's policies do not admit this user: add the user's profile or a permission set to the External Client ` +
        `App (or Connected App) under "Admin approved users are pre-authorized".`
      );
    case 'auth-failure':
      return (
        `The user cannot log in: check that it exists, is active, not frozen or locked, and that the org's login IP ` +
        `ranges and login hours admit GitHub's runners.`
      );
    case 'eca-not-installed':
      return ecaNotInstalledHint(ctx);
    case 'other':
      return `Check ${nameOf('clientId')}, ${nameOf('username')}, ${nameOf('instanceUrl')} and the org's app settings.`;
  }
}

function ecaNotInstalledHint(ctx: HintContext): string {
  if (isScratchHost(ctx.loginUrl))
    return `The External Client App is not installed in this scratch org. ${SCRATCH_ORG_APP_HINT}`;
  const { nameOf } = ctx;
  if (ctx.waitedForAppInstall || isSandboxHost(ctx.loginUrl)) {
    const waited = ctx.waitedForAppInstall
      ? `The login retried for ${ctx.approvalTimeoutSeconds} s; raise ${nameOf('approvalTimeoutSeconds')} if the ` +
        'sandbox was refreshed just now. '
      : '';
    return (
      `The External Client App is not installed in this sandbox. After a refresh the app's settings reach the ` +
      `sandbox some minutes later. ${waited}If it lasts, install the app (or its package) in the sandbox, or ` +
      'refresh the sandbox again once the app is installed in production.'
    );
  }
  return (
    'The External Client App is not installed in this org. Install it (or its package) in the org; for a scratch ' +
    `org, log in at its own URL (${nameOf('instanceUrl')}); then retry.`
  );
}
