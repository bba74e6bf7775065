// The Dev Hub's side of `sf org create scratch` for the stub (docs/scratch-and-sandbox.md): a Dev Hub user's
// `POST sobjects/ScratchOrgInfo` signs a scratch org up. The new org is `stub.addScratchOrg`'s: its ScratchOrgInfo
// record on the hub (the posted fields kept, so ConnectedAppConsumerKey, Edition, OrgName, DurationDays read back as
// sent), its own host on the hub's address (another port, so a certificate for the hub's host serves it too) that
// takes JWT logins with audience test.salesforce.com (sf tries its login URL, login and test in turn), its user named
// by the posted Username or a generated test-<random>@example.com. The answer is Salesforce's `{id, success, errors}`;
// `GET sobjects/ScratchOrgInfo/<id>` (stub-rest.mjs) then polls the record. `stub.signupOptions` (addScratchOrg's
// options, e.g. `{creatingQueries: 2}` or `{info: {Status: 'Error', ErrorCode: 'C-9999'}}`) shape each new org, and
// `stub.signups` lists them ({id, username, org, body}).
import { randomBytes } from 'node:crypto';

/** The ScratchOrgInfo fields a create may set (the rest are Salesforce's to fill). */
const CREATEABLE = [
  'AdminEmail',
  'ConnectedAppCallbackUrl',
  'ConnectedAppConsumerKey',
  'Country',
  'Description',
  'DurationDays',
  'Edition',
  'Features',
  'HasSampleData',
  'Language',
  'Namespace',
  'OrgName',
  'Package2AncestorIds',
  'Release',
  'Shape',
  'Snapshot',
  'SourceOrg',
  'Username'
];
const CREATEABLE_BY_LOWER = new Map(CREATEABLE.map((f) => [f.toLowerCase(), f]));

const fail = (errorCode, message, fields = []) => [400, [{ errorCode, message, fields }]];

/**
 * Answers a Dev Hub user's ScratchOrgInfo create. @param {import('./salesforce-stub.mjs').SalesforceStub} stub
 * @param {import('./salesforce-stub.mjs').StubUser} hub @param {string} body the request body (JSON)
 * @returns {Promise<[number, unknown]>} status and body
 */
export async function createScratchOrg(stub, hub, body) {
  let posted;
  try {
    posted = JSON.parse(body);
  } catch {
    return fail('JSON_PARSER_ERROR', 'The request body is no JSON object.');
  }
  if (!posted || typeof posted !== 'object' || Array.isArray(posted))
    return fail('JSON_PARSER_ERROR', 'The request body is no JSON object.');
  /** @type {Record<string, any>} */
  const fields = {};
  for (const [key, value] of Object.entries(posted)) {
    const name = CREATEABLE_BY_LOWER.get(key.toLowerCase());
    if (!name) return fail('INVALID_FIELD', `No such column '${key}' on sobject of type ScratchOrgInfo`, [key]);
    fields[name] = value;
  }
  if (!fields.Edition && !fields.Shape && !fields.Snapshot && !fields.SourceOrg)
    return fail('REQUIRED_FIELD_MISSING', 'Required fields are missing: [Edition]', ['Edition']);
  const username = String(fields.Username ?? `test-${randomBytes(6).toString('hex')}@example.com`).toLowerCase();
  if (stub.scratchOrgs.entries.some((e) => String(e.info.SignupUsername).toLowerCase() === username))
    return fail('DUPLICATE_USERNAME', `The username ${username} is already in use.`, ['Username']);
  const options = stub.signupOptions ?? {};
  const { Username: _username, ...info } = fields;
  const created = await stub.addScratchOrg({
    host: new URL(stub.url).hostname,
    ...options,
    username,
    hub: hub.username,
    info: { ...info, DurationDays: Number(fields.DurationDays ?? 7), ...options.info }
  });
  stub.signups.push({ id: created.info.Id, username, org: created.org, body: posted });
  return [201, { id: created.info.Id, success: true, errors: [] }];
}
