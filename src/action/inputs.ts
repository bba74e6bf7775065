/**
 * The action's inputs, read once and validated. Secret inputs are masked as the very first thing, before any
 * validation could echo them.
 */
import { UserError } from '../util/errors.js';

export type GetInput = (name: string) => string;

export interface Inputs {
  clientId: string;
  username: string;
  privateKey: string;
  privateKeyFile: string;
  privateKeyPassphrase: string;
  instanceUrl: string;
  audience: string;
  approvalTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  writeSfState: boolean;
  alias: string;
  setDefault: boolean;
  setDefaultDevHub: boolean;
  /** The certificate uploaded to the app (PEM or base64); empty when not given. */
  certificate: string;
  certificateExpiryWarningDays: number;
  failOnExpiredCertificate: boolean;
  cleanup: boolean;
  /** '' (no sf CLI), 'latest' or a version such as 2.150.6. */
  sfCliVersion: string;
  verify: boolean;
}

export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 300;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const DEFAULT_CERTIFICATE_EXPIRY_WARNING_DAYS = 30;

/** Names of the inputs whose values are secrets. */
export const SECRET_INPUTS = ['private-key', 'private-key-passphrase'] as const;

export function readInputs(getInput: GetInput): Inputs {
  return {
    clientId: validateClientId(getInput('client-id')),
    username: validateUsername(getInput('username')),
    privateKey: getInput('private-key'),
    privateKeyFile: getInput('private-key-file').trim(),
    privateKeyPassphrase: getInput('private-key-passphrase'),
    instanceUrl: getInput('instance-url').trim(),
    audience: getInput('audience').trim(),
    approvalTimeoutSeconds: readSeconds(getInput, 'approval-timeout', DEFAULT_APPROVAL_TIMEOUT_SECONDS, 3600),
    requestTimeoutSeconds: readSeconds(getInput, 'request-timeout', DEFAULT_REQUEST_TIMEOUT_SECONDS, 600, 1),
    writeSfState: readBoolean(getInput, 'write-sf-state', true),
    alias: validateAlias(getInput('alias')),
    setDefault: readBoolean(getInput, 'set-default', false),
    setDefaultDevHub: readBoolean(getInput, 'set-default-dev-hub', false),
    certificate: getInput('certificate').trim(),
    certificateExpiryWarningDays: readDays(
      getInput,
      'certificate-expiry-warning-days',
      DEFAULT_CERTIFICATE_EXPIRY_WARNING_DAYS,
      3650
    ),
    failOnExpiredCertificate: readBoolean(getInput, 'fail-on-expired-certificate', false),
    cleanup: readBoolean(getInput, 'cleanup', true),
    sfCliVersion: getInput('sf-cli-version').trim(),
    verify: readBoolean(getInput, 'verify', true)
  };
}

export function validateClientId(value: string): string {
  const id = value.trim();
  if (!id)
    throw new UserError(
      'client-id is empty: set it to the consumer key of the External Client App (or Connected App).'
    );
  if (/[\s\0]/.test(id) || id.length > 256) {
    throw new UserError(
      'client-id is not a consumer key (it contains spaces or line breaks). Copy the consumer key again.'
    );
  }
  return id;
}

/**
 * A Salesforce username has the form of an email address. Beyond that, it names a file under ~/.sfdx, so it must
 * not be able to leave that folder: no path separators, no "..", no control characters.
 */
export function validateUsername(value: string): string {
  const username = value.trim();
  if (!username)
    throw new UserError('username is empty: set it to the Salesforce username to log in as (e.g. ci@example.com).');
  if (/[\0-\x1f\x7f]/.test(username))
    throw new UserError('username contains a control character (NUL, tab or line break); give just the username.');
  if (/[/\\]/.test(username) || username.includes('..')) {
    throw new UserError(
      `username "${username}" contains "/", "\\" or ".."; a Salesforce username looks like an email address (e.g. ci@example.com).`
    );
  }
  if (username.length > 80 || !/^[^.\s@][^\s@]*@[^.\s@]+(\.[^.\s@]+)+$/.test(username)) {
    throw new UserError(
      `username "${username}" is not a Salesforce username; it looks like an email address (e.g. ci@example.com).`
    );
  }
  return username;
}

function readSeconds(getInput: GetInput, name: string, fallback: number, max: number, min = 0): number {
  const raw = getInput(name).trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UserError(`${name} must be a whole number of seconds from ${min} to ${max} (got "${raw}").`);
  }
  return Number(raw);
}

function readDays(getInput: GetInput, name: string, fallback: number, max: number): number {
  const raw = getInput(name).trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new UserError(`${name} must be a whole number of days from 0 to ${max} (got "${raw}").`);
  }
  return Number(raw);
}

export function readBoolean(getInput: GetInput, name: string, fallback: boolean): boolean {
  const raw = getInput(name).trim();
  if (!raw) return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new UserError(`${name} must be true or false (got "${raw}").`);
}

/** An sf alias: one word, as `sf alias set` accepts. */
export function validateAlias(value: string): string {
  const alias = value.trim();
  if (alias && !/^[A-Za-z0-9_.@:+-]{1,80}$/.test(alias)) {
    throw new UserError(
      `alias "${alias.replace(/[\0-\x1f]/g, '?')}" is not a valid sf alias: use letters, digits and - _ . @ (no spaces).`
    );
  }
  return alias;
}
