/**
 * The login URL: where the token request goes. The instance URL the user gave, else `sfdcLoginUrl` from the
 * project's sfdx-project.json, else production. Validated and reduced to its origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { printable } from './validate.js';

export const PRODUCTION_LOGIN_URL = 'https://login.salesforce.com';
export const SANDBOX_LOGIN_URL = 'https://test.salesforce.com';

export interface ResolvedLoginUrl {
  url: string;
  /** Where the URL came from, for the log. */
  source: 'instance-url' | 'sfdx-project.json' | 'default';
}

/** `name` is how the adapter names the instance URL input in messages. */
export function resolveLoginUrl(input: string, projectDir: string, name: string): ResolvedLoginUrl {
  if (input.trim()) return { url: validateLoginUrl(input.trim(), name), source: 'instance-url' };
  const fromProject = readSfdcLoginUrl(projectDir, name);
  if (fromProject)
    return { url: validateLoginUrl(fromProject, 'sfdcLoginUrl in sfdx-project.json'), source: 'sfdx-project.json' };
  return { url: PRODUCTION_LOGIN_URL, source: 'default' };
}

function readSfdcLoginUrl(projectDir: string, name: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(projectDir, 'sfdx-project.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = (JSON.parse(text) as { sfdcLoginUrl?: unknown }).sfdcLoginUrl;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    throw new UserError(`sfdx-project.json in the workspace is not valid JSON; fix it or set ${name} explicitly.`);
  }
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

const URL_EXAMPLES =
  'https://login.salesforce.com, https://test.salesforce.com or https://<MyDomain>.my.salesforce.com';

/** Checks a Salesforce login URL and returns its origin (no trailing slash). `what` names the input in messages. */
export function validateLoginUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`${what} "${printable(value)}" is not a URL. Use e.g. ${URL_EXAMPLES}.`);
  }
  if (url.username || url.password) {
    throw new UserError(
      `${what} must not contain a user name or password. Give only the host, e.g. https://<MyDomain>.my.salesforce.com.`
    );
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new UserError(
        `${what} must use https (got http://${url.host}). Salesforce only accepts logins over https.`
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new UserError(`${what} must be an https URL (got "${printable(url.protocol)}").`);
  }
  if (/\.lightning\.force\.com$/i.test(url.hostname)) {
    const mydomain = url.hostname.replace(/\.lightning\.force\.com$/i, '.my.salesforce.com');
    throw new UserError(
      `${what} is a Lightning URL (${url.hostname}), which cannot log in. Use the org's My Domain URL instead, ` +
        `e.g. https://${mydomain}.`
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UserError(
      `${what} must be just the scheme and host (e.g. https://${url.host}), without a path, query or fragment.`
    );
  }
  return url.origin;
}
