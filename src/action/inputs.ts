/**
 * The action's adapter for its inputs: action.yml's names for the login fields (the names its messages use), and the
 * inputs read once and validated. The caller masks SECRET_INPUTS first, before any validation could echo them.
 */
import { parseLoginInputs, type LoginInputs, type NameOf } from '../login/inputs.js';
import { parseBoolean } from '../login/validate.js';
import { LOGIN_INPUT_NAMES as INPUT_NAMES, type InputName } from './input-names.js';

export type GetInput = (name: InputName) => string;

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
export const SECRET_INPUTS = [
  INPUT_NAMES.privateKey,
  INPUT_NAMES.privateKeyPassphrase
] as const satisfies readonly InputName[];

export function readInputs(getInput: GetInput): Inputs {
  return {
    ...parseLoginInputs((field) => getInput(INPUT_NAMES[field]), nameInput),
    cleanup: parseBoolean(getInput('cleanup'), 'cleanup', ACTION_DEFAULTS.cleanup),
    sfCliVersion: getInput('sf-cli-version').trim(),
    verify: parseBoolean(getInput('verify'), 'verify', ACTION_DEFAULTS.verify)
  };
}
