/**
 * The action's input names, as action.yml declares them, in one place: the login fields' inputs (the names the
 * action's messages use) and the inputs only the action has. __tests__/unit/action/action-yml.test.ts holds this
 * list, and the names inputs.ts reads, to action.yml.
 */
import type { LoginField } from '../login/inputs.js';

/** action.yml's input for each login field. */
export const LOGIN_INPUT_NAMES = {
  clientId: 'client-id',
  username: 'username',
  privateKey: 'private-key',
  privateKeyFile: 'private-key-file',
  privateKeyPassphrase: 'private-key-passphrase',
  instanceUrl: 'instance-url',
  sandbox: 'sandbox',
  devHub: 'dev-hub',
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

/** Inputs that only the action has (no login field behind them). */
export const ACTION_INPUT_NAMES = ['sf-cli-version', 'verify', 'cleanup'] as const;

export type InputName = (typeof LOGIN_INPUT_NAMES)[LoginField] | (typeof ACTION_INPUT_NAMES)[number];

export const INPUT_NAMES: readonly InputName[] = [...Object.values(LOGIN_INPUT_NAMES), ...ACTION_INPUT_NAMES];
