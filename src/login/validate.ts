/**
 * Validation of what a user gives, in neutral words. Each validator takes the name the adapter shows for the field
 * (the action says `client-id`, the command line `--client-id`) and throws one UserError that says what to fix.
 * Messages about a value that was quoted back ("username "x" contains ...") call it by what it should be.
 */
import { UserError } from '../util/errors.js';
import type { Limits } from './defaults.js';
import { QUOTE_LIMIT } from '../util/text.js';

/** What a user gave for a field: text (an action input, an option's value), a command-line switch, or nothing. */
export type Given = string | boolean | undefined;

/** The text of `given`; a switch or nothing is ''. */
export const textOf = (given: Given): string => (typeof given === 'string' ? given : '');

/**
 * A value as it may be quoted back: control characters (a newline could forge a log line, an escape sequence rewrite
 * the terminal) become "?", and at most QUOTE_LIMIT (300) characters are shown.
 */
export function printable(value: string): string {
  const shown = value.slice(0, QUOTE_LIMIT + 1).replace(/[\0-\x1f\x7f-\x9f\u2028\u2029]/g, '?');
  return shown.length > QUOTE_LIMIT ? `${shown.slice(0, QUOTE_LIMIT)}…` : shown;
}

/** `message`, then the adapter's hint about empty values when it has one. */
export const withHint = (message: string, hint = ''): string => (hint ? `${message} ${hint}` : message);

const CLIENT_ID_EMPTY = 'is empty: set it to the consumer key of the External Client App (or Connected App).';
const USERNAME_EMPTY = 'is empty: set it to the Salesforce username to log in as (e.g. ci@example.com).';
const CLIENT_ID_MALFORMED = 'is not a consumer key (it contains spaces or line breaks). Copy the consumer key again.';
const LOOKS_LIKE_EMAIL = 'looks like an email address (e.g. ci@example.com)';

/** `emptyHint`: the adapter's words after the message when the value is empty. */
export function validateClientId(value: string, name: string, emptyHint = ''): string {
  const id = value.trim();
  if (!id) throw new UserError(withHint(`${name} ${CLIENT_ID_EMPTY}`, emptyHint));
  if (/[\s\0]/.test(id) || id.length > 256) throw new UserError(`${name} ${CLIENT_ID_MALFORMED}`);
  return id;
}

/**
 * A Salesforce username has the form of an email address. Beyond that, it names a file under ~/.sfdx, so it must
 * not be able to leave that folder: no path separators, no "..", no control characters.
 */
export function validateUsername(value: string, name: string, emptyHint = ''): string {
  const username = value.trim();
  if (!username) throw new UserError(withHint(`${name} ${USERNAME_EMPTY}`, emptyHint));
  if (/[\0-\x1f\x7f]/.test(username))
    throw new UserError(`${name} contains a control character (NUL, tab or line break); give just the username.`);
  if (/[/\\]/.test(username) || username.includes('..')) {
    throw new UserError(
      `username "${username}" contains "/", "\\" or ".."; a Salesforce username ${LOOKS_LIKE_EMAIL}.`
    );
  }
  if (username.length > 80 || !/^[^.\s@][^\s@]*@[^.\s@]+(\.[^.\s@]+)+$/.test(username)) {
    throw new UserError(`username "${username}" is not a Salesforce username; it ${LOOKS_LIKE_EMAIL}.`);
  }
  return username;
}

/** An sf alias: one word, as `sf alias set` accepts. */
export function validateAlias(value: string): string {
  const alias = value.trim();
  if (alias && !/^[A-Za-z0-9_.@:+-]{1,80}$/.test(alias)) {
    throw new UserError(
      `alias "${printable(alias)}" is not a valid sf alias: use letters, digits and - _ . @ (no spaces).`
    );
  }
  return alias;
}

/** A whole number of seconds or days within `limits` (surrounding spaces ignored). */
export function parseWholeNumber(raw: string, name: string, unit: 'seconds' | 'days', limits: Limits): number {
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) < limits.min || Number(value) > limits.max) {
    throw new UserError(
      `${name} must be a whole number of ${unit} from ${limits.min} to ${limits.max} (got "${printable(value)}").`
    );
  }
  return Number(value);
}

/** parseWholeNumber, or `fallback` when nothing was given. */
export function wholeNumberOr(
  given: Given,
  name: string,
  unit: 'seconds' | 'days',
  limits: Limits,
  fallback: number
): number {
  const raw = textOf(given).trim();
  return raw ? parseWholeNumber(raw, name, unit, limits) : fallback;
}

/** A switch: a command-line boolean as it is, or the text true/false (YAML 1.2 spellings); nothing: `fallback`. */
export function parseBoolean(given: Given, name: string, fallback: boolean): boolean {
  if (typeof given === 'boolean') return given;
  const raw = textOf(given).trim();
  if (!raw) return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new UserError(`${name} must be true or false (got "${printable(raw)}").`);
}
