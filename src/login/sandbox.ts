/**
 * A sandbox by name (docs/sf-state.md §10): from production's username and My Domain URL and a sandbox name, the
 * sandbox user's username (`ci@acme.com` → `ci@acme.com.uat`) and the sandbox's own My Domain URL
 * (`https://acme.my.salesforce.com` → `https://acme--uat.sandbox.my.salesforce.com`), where a just-created or
 * just-refreshed sandbox authenticates at once. Only the derivation: nothing here talks to Salesforce.
 */
import { UserError } from '../util/errors.js';
import type { LoginInputs, NameOf } from './inputs.js';
import { resolveLoginUrl } from './login-url.js';
import { printable, validateUsername } from './validate.js';

/** The suffixes of production My Domain hosts, with the sandbox suffix each has (commercial, government, China). */
const MY_DOMAIN_SUFFIXES = [
  ['.my.salesforce.com', '.sandbox.my.salesforce.com'],
  ['.my.salesforce.mil', '.sandbox.my.salesforce.mil'],
  ['.my.sfcrmproducts.cn', '.sandbox.my.sfcrmproducts.cn']
] as const;

/** Salesforce: "Enter a name (10 characters or fewer)"; sf's --name: a unique alphanumeric string. */
const SANDBOX_NAME = /^[A-Za-z0-9]{1,10}$/;

const NAME_RULE = 'a sandbox name is 1 to 10 letters and digits, as in Setup → Sandboxes (e.g. uat)';

/** The sandbox name as given (trimmed); '' when none. */
export function validateSandboxName(value: string, name: string): string {
  const sandbox = value.trim();
  if (sandbox && !SANDBOX_NAME.test(sandbox))
    throw new UserError(`${name} "${printable(sandbox)}" is not valid: ${NAME_RULE}.`);
  return sandbox;
}

export interface SandboxTarget {
  /** The sandbox user's username: production's plus `.<sandbox>` in lower case, unless it already ends so. */
  username: string;
  /** The sandbox's My Domain URL, where the token request goes. */
  loginUrl: string;
}

type SandboxNames = NameOf<'sandbox' | 'instanceUrl' | 'username'>;

/**
 * The sandbox `sandbox` of the production org whose My Domain URL is `productionUrl` (an origin, already checked
 * by validateLoginUrl), for production's `username`. `productionUrl` is undefined when none was given.
 */
export function sandboxTarget(
  sandbox: string,
  productionUrl: string | undefined,
  username: string,
  nameOf: SandboxNames
): SandboxTarget {
  return { username: sandboxUsername(username, sandbox, nameOf), loginUrl: sandboxUrl(sandbox, productionUrl, nameOf) };
}

/** Production's username plus `.<sandbox>` in lower case; a username that already ends so is kept as it is. */
export function sandboxUsername(username: string, sandbox: string, nameOf: SandboxNames): string {
  const suffix = `.${sandbox.toLowerCase()}`;
  if (username.toLowerCase().endsWith(suffix)) return username;
  const derived = `${username}${suffix}`;
  if (derived.length > 80) {
    throw new UserError(
      `${nameOf('username')} with ${nameOf('sandbox')} gives "${derived}", longer than the 80 characters of a ` +
        "Salesforce username; give the sandbox user's username itself."
    );
  }
  return validateUsername(derived, nameOf('username'));
}

function sandboxUrl(sandbox: string, productionUrl: string | undefined, nameOf: SandboxNames): string {
  const needs = `${nameOf('sandbox')} needs ${nameOf('instanceUrl')}: production's My Domain URL, e.g. https://acme.my.salesforce.com`;
  if (!productionUrl) throw new UserError(`${needs} (Setup → My Domain shows it).`);
  const url = new URL(productionUrl);
  const host = url.hostname.toLowerCase();
  const given = `${nameOf('instanceUrl')} ${url.origin}`;
  const [mydomain, first] = [host.split('.')[0], host.slice(host.indexOf('.'))];
  const match = MY_DOMAIN_SUFFIXES.find(([production]) => first === production);
  if (url.protocol === 'https:' && match && !mydomain.includes('--')) {
    return `https://${mydomain}--${sandbox.toLowerCase()}${match[1]}`;
  }
  const production = productionOf(host);
  if (production) {
    throw new UserError(
      `${given} is a sandbox's own URL. With ${nameOf('sandbox')}, give production's My Domain URL ` +
        `(https://${production}); or drop ${nameOf('sandbox')} and log in at this URL with the sandbox username.`
    );
  }
  if (/^(login|test)\.salesforce\.com$/.test(host)) {
    throw new UserError(`${given} is the shared login host, not a My Domain. ${needs}.`);
  }
  throw new UserError(`${given} is not a production My Domain URL. ${needs}.`);
}

/** Production's My Domain host for a sandbox's (`acme--uat.sandbox.my.salesforce.com`, legacy `acme--uat.my...`). */
function productionOf(host: string): string | undefined {
  const [first, ...rest] = host.split('.');
  if (!first.includes('--')) return undefined;
  const domain = `.${rest.join('.')}`;
  const match = MY_DOMAIN_SUFFIXES.find(([production, sandbox]) => domain === sandbox || domain === production);
  return match ? `${first.slice(0, first.indexOf('--'))}${match[0]}` : undefined;
}

export interface LoginTarget {
  username: string;
  url: string;
  /** Where the URL came from, for the log: the input's name, sfdx-project.json, default, or the sandbox. */
  source: string;
}

/** Who logs in where: the inputs as given, or with a sandbox name, the sandbox user at the sandbox's own URL. */
export function resolveLoginTarget(inputs: LoginInputs, projectDir: string): LoginTarget {
  const { nameOf } = inputs;
  const login = resolveLoginUrl(inputs.instanceUrl, projectDir, nameOf('instanceUrl'));
  const source = login.source === 'instance-url' ? nameOf('instanceUrl') : login.source;
  if (!inputs.sandbox) return { username: inputs.username, url: login.url, source };
  // Production's URL must be given: sfdcLoginUrl in sfdx-project.json is often the shared login host.
  const production = login.source === 'instance-url' ? login.url : undefined;
  const target = sandboxTarget(inputs.sandbox, production, inputs.username, nameOf);
  return {
    username: target.username,
    url: target.loginUrl,
    source: `${nameOf('sandbox')} ${inputs.sandbox} of ${login.url}`
  };
}

/** The username the login will log in as (for what a caller must read before the login rewrites it). */
export const targetUsername = (inputs: LoginInputs): string =>
  inputs.sandbox ? sandboxUsername(inputs.username, inputs.sandbox, inputs.nameOf) : inputs.username;
