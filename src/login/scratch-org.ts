/**
 * A scratch org by its username (docs/scratch-and-sandbox.md §1, §2): the Dev Hub's newest ScratchOrgInfo record
 * for that username, judged (active, still being created, or one clear error), and the fields `sf org create
 * scratch` writes into the org's auth file, made from the record. Only the decisions: the queries go through
 * src/sf/dev-hub.ts, the waiting and the wiring are scratch-login.ts's.
 */
import { UserError } from '../util/errors.js';
import { quoteText } from '../util/text.js';
import { soqlString } from '../sf/soql.js';
import { validateLoginUrl } from './login-url.js';
import { SCRATCH_ORG_APP_HINT } from './oauth-errors.js';
import { printable } from './validate.js';

/** The ScratchOrgInfo fields the login reads. */
const FIELDS = [
  'Id',
  'SignupUsername',
  'LoginUrl',
  'Status',
  'ErrorCode',
  'ExpirationDate',
  'ScratchOrg',
  'CreatedDate',
  'SignupInstance',
  'Namespace'
];

/** The newest ScratchOrgInfo of `username`, the username quoted so that nothing in it can change the query. */
export const scratchOrgInfoQuery = (username: string): string =>
  `SELECT ${FIELDS.join(', ')} FROM ScratchOrgInfo WHERE SignupUsername = ${soqlString(username)} ` +
  'ORDER BY CreatedDate DESC LIMIT 1';

/** What `sf org login jwt` asks each Dev Hub (AuthInfo.queryScratchOrg): an active org with this 15-char id. */
export const activeScratchOrgQuery = (orgId: string): string =>
  `SELECT ${FIELDS.join(', ')} FROM ScratchOrgInfo WHERE ScratchOrg = ${soqlString(orgId.slice(0, 15))} ` +
  "AND Status = 'Active'";

/** The fields `sf org create scratch` adds to a scratch org's auth file (core's authorizeScratchOrg). */
export interface ScratchFields {
  devHubUsername: string;
  /** CreatedDate in ms since the epoch, as text. */
  created?: string;
  /** YYYY-MM-DD. */
  expirationDate?: string;
  createdOrgInstance?: string;
  isDevHub: false;
  isScratch: true;
  isSandbox: false;
  namespacePrefix?: string;
}

export type ScratchOrgState =
  | { kind: 'active'; loginUrl: string; fields: ScratchFields }
  | { kind: 'creating'; status: string };

/** What a message says about the org: "scratch org <username> on Dev Hub <hub>". */
export interface ScratchWho {
  username: string;
  devHub: string;
  /** How the messages name the dev-hub input. */
  devHubInput: string;
}

const text = (record: Record<string, unknown>, field: string): string | undefined => {
  const value = record[field];
  return typeof value === 'string' && value ? value : undefined;
};

/** The state of the org the record describes, or the UserError that says why the login cannot go on. */
export function judgeScratchOrg(
  record: Record<string, unknown> | undefined,
  who: ScratchWho,
  now = new Date()
): ScratchOrgState {
  const org = `scratch org ${who.username} on Dev Hub ${who.devHub}`;
  if (!record) {
    throw new UserError(
      `There is no ${org}: its ScratchOrgInfo has no record with that SignupUsername. Check username (the ` +
        `username sf org create scratch printed) and ${who.devHubInput} (the Dev Hub that created the org).`
    );
  }
  const status = printable(text(record, 'Status') ?? '(none)');
  const loginUrl = text(record, 'LoginUrl');
  if (status === 'New' || status === 'Creating' || (status === 'Active' && !loginUrl)) {
    return { kind: 'creating', status };
  }
  if (status === 'Deleted') {
    throw new UserError(
      `The ${org} has been deleted (ScratchOrgInfo Status Deleted). Create a new scratch org and log in with its ` +
        'username.'
    );
  }
  if (status !== 'Active') {
    const code = text(record, 'ErrorCode');
    const hint = code === 'C-1016' ? ` ${SCRATCH_ORG_APP_HINT}` : '';
    throw new UserError(
      `The ${org} failed to be created (Status ${status}${code ? `, ErrorCode ${quoteText(code, 40)}` : ''}). ` +
        `Look the code up in Salesforce Help ("scratch org error codes") and create a new one.${hint}`
    );
  }
  const expirationDate = text(record, 'ExpirationDate');
  if (expirationDate && expirationDate < now.toISOString().slice(0, 10)) {
    throw new UserError(
      `The ${org} expired on ${printable(expirationDate)} (its ExpirationDate). Create a new scratch org; ` +
        '--duration-days sets how long one lives (up to 30 days).'
    );
  }
  return {
    kind: 'active',
    loginUrl: validateLoginUrl(loginUrl as string, `The LoginUrl of the ${org}`),
    fields: scratchFields(record, who.devHub)
  };
}

/** The auth-file fields for a scratch org of `devHubUsername`, from its ScratchOrgInfo record. */
export function scratchFields(record: Record<string, unknown>, devHubUsername: string): ScratchFields {
  const created = Date.parse(text(record, 'CreatedDate')?.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') ?? '');
  const expirationDate = text(record, 'ExpirationDate');
  const fields: ScratchFields = {
    devHubUsername,
    created: Number.isNaN(created) ? undefined : String(created),
    expirationDate: expirationDate && /^\d{4}-\d{2}-\d{2}$/.test(expirationDate) ? expirationDate : undefined,
    createdOrgInstance: safeWord(text(record, 'SignupInstance')),
    isDevHub: false,
    isScratch: true,
    isSandbox: false,
    namespacePrefix: safeWord(text(record, 'Namespace'))
  };
  // Fields not learnt stay out, as sf leaves them out: an earlier login's value is kept then.
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as ScratchFields;
}

/** A server's short name (an instance, a namespace) when it is one word; else left out. */
const safeWord = (value: string | undefined): string | undefined =>
  value && /^[A-Za-z0-9_]{1,40}$/.test(value) ? value : undefined;

/** The dev-hub input: an sf alias or a username, one word that can name a file under ~/.sfdx; '' for none. */
export function validateDevHubName(value: string, name: string): string {
  const hub = value.trim();
  if (hub && (!/^[^\s/\\\0-\x1f\x7f]{1,80}$/.test(hub) || hub.includes('..'))) {
    throw new UserError(
      `${name} "${printable(hub)}" is not an sf alias or username: give the alias or username the Dev Hub was ` +
        'logged in with (one word, no "/", "\\" or "..").'
    );
  }
  return hub;
}
