/**
 * The action's adapter for its inputs: action.yml's names for the login fields (the names its messages use), and the
 * inputs read once and validated. The caller masks SECRET_INPUTS first, before any validation could echo them.
 */
import { parseLoginInputs, type LoginField, type LoginInputs, type NameOf } from '../login/inputs.js';
import { parseBoolean } from '../login/validate.js';

export type GetInput = (name: string) => string;

/** action.yml's input for each login field. */
export const INPUT_NAMES = {
  clientId: 'client-id',
  username: 'username',
  privateKey: 'private-key',
  privateKeyFile: 'private-key-file',
  privateKeyPassphrase: 'private-key-passphrase',
  instanceUrl: 'instance-url',
  audience: 'audience',
  approvalTimeoutSeconds: 'approval-timeout',
  requestTimeoutSeconds: 'request-timeout',
  writeSfState: 'write-sf-state',
  alias: 'alias',
  setDefault: 'set-default',
  setDefaultDevHub: 'set-default-dev-hub',
  certificate: 'certificate',
  certificateExpiryWarningDays: 'certificate-expiry-warning-days',
  failOnExpiredCertificate: 'fail-on-expired-certificate'
} as const satisfies Record<LoginField, string>;

/** How the action's messages name a login field: by its input. */
export const nameInput: NameOf = (field) => INPUT_NAMES[field];

/** Defaults of the inputs only the action has (action.yml's `default:` values, held to these by a test). */
export const ACTION_DEFAULTS = { cleanup: true, verify: true } as const;

export interface Inputs extends LoginInputs {
  cleanup: boolean;
  /** '' (no sf CLI), 'latest' or a version such as 2.150.6. */
  sfCliVersion: string;
  verify: boolean;
}

/** Names of the inputs whose values are secrets. */
export const SECRET_INPUTS = [INPUT_NAMES.privateKey, INPUT_NAMES.privateKeyPassphrase] as const;

export function readInputs(getInput: GetInput): Inputs {
  return {
    ...parseLoginInputs((field) => getInput(INPUT_NAMES[field]), nameInput),
    cleanup: parseBoolean(getInput('cleanup'), 'cleanup', ACTION_DEFAULTS.cleanup),
    sfCliVersion: getInput('sf-cli-version').trim(),
    verify: parseBoolean(getInput('verify'), 'verify', ACTION_DEFAULTS.verify)
  };
}
