// A Dev Hub's ScratchOrgInfo and ActiveScratchOrg records for the stub, answered through test-support/soql.mjs with
// Salesforce's field names, only the fields a query selects, and a Status a test can script ("Creating" for the first
// N answers or T ms, then its final Status). One table per stub host; each record belongs to one hub org.
import { SoqlError, readPath, select } from './soql.mjs';

/** Fields of each object the stub serves; relationship fields are `Relationship.Field`. */
const SCHEMAS = {
  ScratchOrgInfo: [
    'Id',
    'Name',
    'OwnerId',
    'CreatedDate',
    'CreatedById',
    'CreatedBy.Username',
    'CreatedBy.Id',
    'LastModifiedDate',
    'SignupUsername',
    'SignupEmail',
    'SignupInstance',
    'LoginUrl',
    'ScratchOrg',
    'Status',
    'ErrorCode',
    'ExpirationDate',
    'DurationDays',
    'Namespace',
    'OrgName',
    'Edition',
    'Features',
    'Description',
    'ConnectedAppConsumerKey',
    'ConnectedAppCallbackUrl',
    'AuthCode'
  ],
  ActiveScratchOrg: [
    'Id',
    'Name',
    'CreatedDate',
    'CreatedById',
    'CreatedBy.Username',
    'CreatedBy.Id',
    'ScratchOrg',
    'ScratchOrgInfoId',
    'SignupUsername',
    'SignupEmail',
    'ExpirationDate',
    'Namespace',
    'OrgName',
    'Edition',
    'Description'
  ]
};
export const SCRATCH_OBJECTS = Object.keys(SCHEMAS);

/** @param {string} object @returns {(field: string) => string} maps a field as written to its canonical name */
function canonicalizer(object) {
  const byLower = new Map(SCHEMAS[object].map((f) => [f.toLowerCase(), f]));
  return (field) => {
    const found = byLower.get(field.toLowerCase());
    if (found) return found;
    throw new SoqlError(
      'INVALID_FIELD',
      `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to ` +
        `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the ` +
        `appropriate names.`
    );
  };
}

/** @param {number} days */
const dateFromNow = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** Salesforce's datetime format, e.g. 2026-11-01T09:30:00.000+0000. @param {number} ms */
export const sfDateTime = (ms) => new Date(ms).toISOString().replace('Z', '+0000');

/**
 * @typedef {object} ScratchEntry
 * @property {Record<string, any>} info the stored ScratchOrgInfo fields (its Status is the final one); tests may edit
 * @property {string} hubOrgId the hub's 18-char org id
 * @property {string} activeId the ActiveScratchOrg record's Id
 * @property {number} creatingQueries answer Status "Creating" to this many more queries that return the record
 * @property {number} creatingUntil ... and until this time (ms since epoch)
 */

export class ScratchOrgTable {
  constructor() {
    /** @type {ScratchEntry[]} */
    this.entries = [];
  }

  /**
   * @param {{hubOrgId: string, info: Record<string, any>, creatingQueries?: number, creatingMs?: number,
   *   activeId: string}} entry
   */
  add({ hubOrgId, info, creatingQueries = 0, creatingMs = 0, activeId }) {
    const entry = { hubOrgId, info, activeId, creatingQueries, creatingUntil: Date.now() + creatingMs };
    this.entries.push(entry);
    return entry;
  }

  /** The record as the hub shows it now: while "Creating", the org has no id, instance or login URL yet. */
  static view(entry) {
    const creating = entry.creatingQueries > 0 || Date.now() < entry.creatingUntil;
    if (!creating) return entry.info;
    return { ...entry.info, Status: 'Creating', ScratchOrg: null, SignupInstance: null, LoginUrl: null };
  }

  /** @param {Record<string, any>} info the ScratchOrgInfo view @param {ScratchEntry} entry */
  static activeRow(info, entry) {
    return {
      Id: entry.activeId,
      Name: info.OrgName,
      CreatedDate: info.CreatedDate,
      CreatedById: info.CreatedById,
      CreatedBy: info.CreatedBy,
      ScratchOrg: info.ScratchOrg,
      ScratchOrgInfoId: info.Id,
      SignupUsername: info.SignupUsername,
      SignupEmail: info.SignupEmail,
      ExpirationDate: info.ExpirationDate,
      Namespace: info.Namespace,
      OrgName: info.OrgName,
      Edition: info.Edition,
      Description: info.Description
    };
  }

  /**
   * Answers a parsed query on ScratchOrgInfo or ActiveScratchOrg for the hub `hubOrgId`. `extra` rows (already in
   * ScratchOrgInfo form) join the table's. A record returned while "Creating" counts one of its scripted answers.
   * @param {import('./soql.mjs').SoqlQuery} query @param {string} hubOrgId @param {string} apiVersion
   * @param {Array<Record<string, any>>} [extra]
   */
  query(query, hubOrgId, apiVersion, extra = []) {
    const canonical = canonicalizer(query.object);
    const fields = query.fields.map(canonical);
    const mine = this.entries.filter((e) => e.hubOrgId === hubOrgId);
    const views = new Map(mine.map((e) => [e, ScratchOrgTable.view(e)]));
    /** @type {Array<{row: Record<string, any>, entry?: ScratchEntry}>} */
    let rows;
    if (query.object === 'ScratchOrgInfo') {
      rows = [...mine.map((entry) => ({ row: views.get(entry), entry })), ...extra.map((row) => ({ row }))];
    } else {
      rows = mine
        .filter((e) => views.get(e)?.Status === 'Active')
        .map((entry) => ({ row: ScratchOrgTable.activeRow(views.get(entry), entry), entry }));
    }
    const byRow = new Map(rows.map((r) => [r.row, r.entry]));
    const picked = select(
      query,
      rows.map((r) => r.row),
      canonical
    );
    for (const row of picked) {
      const entry = byRow.get(row);
      if (entry && entry.creatingQueries > 0 && query.object === 'ScratchOrgInfo') entry.creatingQueries -= 1;
    }
    const records = picked.map((row) => project(query.object, row, fields, apiVersion));
    return { totalSize: records.length, done: true, records };
  }

  /** Deletes an ActiveScratchOrg as Salesforce does: its ScratchOrgInfo turns "Deleted". @param {string} id */
  deleteActive(id, hubOrgId) {
    const entry = this.entries.find(
      (e) => e.activeId === id && e.hubOrgId === hubOrgId && ScratchOrgTable.view(e).Status === 'Active'
    );
    if (entry) entry.info.Status = 'Deleted';
    return entry;
  }

  /** A record by Id, as `GET sobjects/<object>/<id>` answers it (all fields). */
  byId(object, id, hubOrgId, apiVersion) {
    const entry = this.entries.find(
      (e) => e.hubOrgId === hubOrgId && (object === 'ScratchOrgInfo' ? e.info.Id === id : e.activeId === id)
    );
    if (!entry) return undefined;
    const view = ScratchOrgTable.view(entry);
    if (object === 'ScratchOrgInfo') {
      // `sf org create scratch` polls the record by id: a "Creating" answer counts as one of the scripted ones.
      if (entry.creatingQueries > 0) entry.creatingQueries -= 1;
      return project(object, view, SCHEMAS[object], apiVersion);
    }
    return view.Status === 'Active'
      ? project(object, ScratchOrgTable.activeRow(view, entry), SCHEMAS[object], apiVersion)
      : undefined;
  }
}

/** A query's record: attributes, then the selected fields; a relationship is a nested record. */
function project(object, row, fields, apiVersion) {
  const base = `/services/data/v${apiVersion}/sobjects`;
  /** @type {Record<string, any>} */
  const out = { attributes: { type: object, url: `${base}/${object}/${row.Id}` } };
  for (const field of fields) {
    const [head, tail] = field.split('.');
    if (!tail) {
      out[head] = row[head] ?? null;
      continue;
    }
    const related = row[head];
    if (related == null) {
      out[head] = null;
      continue;
    }
    out[head] ??= { attributes: { type: 'User', url: `${base}/User/${related.Id}` } };
    out[head][tail] = readPath(row, field) ?? null;
  }
  return out;
}

let lastCreated = 0;

/**
 * A ScratchOrgInfo record with every field filled as a new org's would be; `over` replaces any of them.
 * @param {{id: string, username: string, orgId?: string, loginUrl?: string, hub: {username: string, userId: string},
 *   orgName?: string}} base @param {Record<string, any>} [over]
 */
export function scratchOrgInfo(base, over = {}) {
  // Each new record is at least 1 ms newer than the last, so "ORDER BY CreatedDate DESC" finds the latest one.
  lastCreated = Math.max(Date.now(), lastCreated + 1);
  return {
    Id: base.id,
    Name: base.id.slice(-8),
    OwnerId: base.hub.userId,
    CreatedDate: sfDateTime(lastCreated),
    CreatedById: base.hub.userId,
    CreatedBy: { Id: base.hub.userId, Username: base.hub.username },
    LastModifiedDate: sfDateTime(lastCreated),
    SignupUsername: base.username,
    SignupEmail: 'ci@example.com',
    SignupInstance: 'USA94S',
    LoginUrl: base.loginUrl ?? null,
    ScratchOrg: base.orgId ? base.orgId.slice(0, 15) : null,
    Status: 'Active',
    ErrorCode: null,
    ExpirationDate: dateFromNow(7),
    DurationDays: 7,
    Namespace: null,
    OrgName: base.orgName ?? 'Scratch org',
    Edition: 'Developer',
    Features: null,
    Description: null,
    ConnectedAppConsumerKey: 'PlatformCLI',
    ConnectedAppCallbackUrl: 'http://localhost:1717/OauthRedirect',
    AuthCode: null,
    ...over
  };
}
