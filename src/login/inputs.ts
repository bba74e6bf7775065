/**
 * The login's inputs in neutral words: the fields, how each is read from what a user gave, and `NameOf`, the one
 * function through which every core message names a field. The adapters supply it: the action answers
 * `private-key-file`, the command line `--jwt-key-file`. Nothing in the core spells an adapter's names.
 */
import { LOGIN_DEFAULTS, LOGIN_LIMITS } from './defaults.js';
import { explicitAudience } from './audience.js';
import {
  parseBoolean,
  textOf,
  validateAlias,
  validateClientId,
  validateUsername,
  wholeNumberOr,
  type Given
} from './validate.js';
import { validateSandboxName } from './sandbox.js';
import { validateDevHubName } from './scratch-org.js';

export interface LoginValues {
  clientId: string;
  username: string;
  /** The key's text (PEM or base64); '' when a file is given instead. */
  privateKey: string;
  /** A path to the key; '' when the text is given instead. */
  privateKeyFile: string;
  privateKeyPassphrase: string;
  instanceUrl: string;
  /** A sandbox name: log into that sandbox of the production org `instanceUrl` and `username` name; '' for none. */
  sandbox: string;
  /** A Dev Hub in sf's state (alias or username): log into its scratch org `username` at the org's LoginUrl. */
  devHub: string;
  audience: string;
  approvalTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  writeSfState: boolean;
  alias: string;
  setDefault: boolean;
  setDefaultDevHub: boolean;
  /** The certificate uploaded to the app (PEM or base64); '' when not given. */
  certificate: string;
  certificateExpiryWarningDays: number;
  failOnExpiredCertificate: boolean;
}

export type LoginField = keyof LoginValues;

/** How the adapter names a field to its user; a module that names only some fields asks for just those. */
export type NameOf<F extends LoginField = LoginField> = (field: F) => string;

/** The fields a login cannot go without (the key: its text or its file). */
export type RequiredField = 'clientId' | 'username' | 'privateKey';

/**
 * What the adapter adds to the message about an empty required field ('' for nothing): where such a value goes
 * missing (the action: secrets a run is not given), which the core cannot know.
 */
export type EmptyHint = (field: RequiredField) => string;

const NO_HINT: EmptyHint = () => '';

/** The validated inputs of one login, with the naming of the adapter that read them (for its messages). */
export interface LoginInputs extends LoginValues {
  nameOf: NameOf;
  emptyHint?: EmptyHint;
}

type Readers = { [F in LoginField]: (given: Given, name: string, emptyHint: EmptyHint) => LoginValues[F] };

const trimmed = (given: Given): string => textOf(given).trim();

/** How each field is read, in the order fields are checked (so the first problem is reported first). */
const READERS: Readers = {
  clientId: (given, name, emptyHint) => validateClientId(textOf(given), name, emptyHint('clientId')),
  username: (given, name, emptyHint) => validateUsername(textOf(given), name, emptyHint('username')),
  // Secrets are kept exactly as given, the form in which they were masked.
  privateKey: textOf,
  privateKeyFile: trimmed,
  privateKeyPassphrase: textOf,
  instanceUrl: trimmed,
  sandbox: (given, name) => validateSandboxName(textOf(given), name),
  devHub: (given, name) => validateDevHubName(textOf(given), name),
  // Checked with the other inputs, so its problem is reported in order; login.ts takes the environment's.
  audience: (given, name) => explicitAudience(textOf(given), {}, name) ?? '',
  approvalTimeoutSeconds: (given, name) =>
    wholeNumberOr(given, name, 'seconds', LOGIN_LIMITS.approvalTimeoutSeconds, LOGIN_DEFAULTS.approvalTimeoutSeconds),
  requestTimeoutSeconds: (given, name) =>
    wholeNumberOr(given, name, 'seconds', LOGIN_LIMITS.requestTimeoutSeconds, LOGIN_DEFAULTS.requestTimeoutSeconds),
  writeSfState: (given, name) => parseBoolean(given, name, LOGIN_DEFAULTS.writeSfState),
  alias: (given) => validateAlias(textOf(given)),
  setDefault: (given, name) => parseBoolean(given, name, LOGIN_DEFAULTS.setDefault),
  setDefaultDevHub: (given, name) => parseBoolean(given, name, LOGIN_DEFAULTS.setDefaultDevHub),
  certificate: trimmed,
  certificateExpiryWarningDays: (given, name) =>
    wholeNumberOr(
      given,
      name,
      'days',
      LOGIN_LIMITS.certificateExpiryWarningDays,
      LOGIN_DEFAULTS.certificateExpiryWarningDays
    ),
  failOnExpiredCertificate: (given, name) => parseBoolean(given, name, LOGIN_DEFAULTS.failOnExpiredCertificate)
};

/** Every login field, in checking order. */
export const LOGIN_FIELDS = Object.keys(READERS) as LoginField[];

/**
 * Reads and validates every field from what the user gave (`given`), naming fields in messages with `nameOf` and
 * ending the message about an empty required field with `emptyHint`.
 */
export function parseLoginInputs(
  given: (field: LoginField) => Given,
  nameOf: NameOf,
  emptyHint: EmptyHint = NO_HINT
): LoginInputs {
  const values: Partial<Record<LoginField, unknown>> = {};
  for (const field of LOGIN_FIELDS) values[field] = READERS[field](given(field), nameOf(field), emptyHint);
  return { ...(values as LoginValues), nameOf, emptyHint };
}
