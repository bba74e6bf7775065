/**
 * The action's adapter for its inputs: action.yml's names for the login fields (the names its messages use), and the
 * inputs read once and validated. The caller masks SECRET_INPUTS first, before any validation could echo them.
 */
import { parseLoginInputs, type EmptyHint, type LoginInputs, type NameOf } from '../login/inputs.js';
import { parseBoolean } from '../login/validate.js';
import { LOGIN_INPUT_NAMES as INPUT_NAMES, type InputName } from './input-names.js';

export type GetInput = (name: InputName) => string;

/** How the action's messages name a login field: by its input. */
export const nameInput: NameOf = (field) => INPUT_NAMES[field];

/**
 * Why client-id, username or the key can be empty although the workflow sets it: a secret that does not exist is '',
 * and GitHub withholds secrets from some runs (docs/TROUBLESHOOTING.md, "Empty secrets in forks and Dependabot").
 */
export const SECRETS_WITHHELD =
  'If you pass it from a secret, check that the secret exists under that name and that this run gets it: by ' +
  "default GitHub passes no secrets to workflows triggered from forks, and Dependabot's runs get only Dependabot " +
  'secrets.';

/** The action's words after the message about an empty required input. */
export const emptyInputHint: EmptyHint = () => SECRETS_WITHHELD;

/** Defaults of the inputs only the action has (action.yml's `default:` values, held to these by a test). */
export const ACTION_DEFAULTS = { cleanup: true, verify: true } as const;

export interface Inputs extends LoginInputs {
  cleanup: boolean;
  /** '' (no sf CLI), 'latest' or a version such as 2.150.6. */
  sfCliVersion: string;
  verify: boolean;
}

/** Names of the inputs whose values are secrets. */
export const SECRET_INPUTS = [
  INPUT_NAMES.privateKey,
  INPUT_NAMES.privateKeyPassphrase
] as const satisfies readonly InputName[];

export function readInputs(getInput: GetInput): Inputs {
  return {
    ...parseLoginInputs((field) => getInput(INPUT_NAMES[field]), nameInput, emptyInputHint),
    cleanup: parseBoolean(getInput('cleanup'), 'cleanup', ACTION_DEFAULTS.cleanup),
    sfCliVersion: getInput('sf-cli-version').trim(),
    verify: parseBoolean(getInput('verify'), 'verify', ACTION_DEFAULTS.verify)
  };
}
