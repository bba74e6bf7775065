// The REST calls the stub answers once a token is issued (facts doc sf-state.md, sections 3 and 6): API versions,
// the Organization queries, a Dev Hub's ScratchOrgInfo / ActiveScratchOrg queries (test-support/scratch-orgs.mjs),
// their records by id, the DELETE of an ActiveScratchOrg that `sf org delete scratch` sends, and the ScratchOrgInfo
// create that `sf org create scratch` sends (test-support/stub-scratch-create.mjs).
import { SoqlError, parseSoql } from './soql.mjs';
import { SCRATCH_OBJECTS, scratchOrgInfo } from './scratch-orgs.mjs';
import { createScratchOrg } from './stub-scratch-create.mjs';

export const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0', '65.0', '66.0'];

const SESSION_INVALID = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
/**
 * How an org refuses every API call with a token it issued (`stub.refuseApi`): API Access Control (the body
 * jsforce#1774 keys on), a token the API does not take (forcedotcom/cli#3297), and a user without "API Enabled".
 * @type {Record<string, [number, unknown]>}
 */
const REFUSALS = {
  'api-access-control': [
    401,
    [{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }]
  ],
  'invalid-session': [401, SESSION_INVALID],
  'api-disabled': [
    403,
    [{ errorCode: 'API_DISABLED_FOR_ORG', message: 'The REST API is not enabled for this Organization.' }]
  ]
};
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];
const COLUMNS_OF_ORGANIZATION_ID = {
  columnMetadata: [
    {
      aggregate: false,
      apexType: 'Id',
      booleanType: false,
      columnName: 'Id',
      custom: false,
      displayName: 'Organization ID',
      foreignKeyName: null,
      insertable: false,
      joinColumns: [],
      numberType: false,
      textType: false,
      updatable: false
    }
  ],
  entityName: 'Organization',
  groupBy: false,
  idSelected: true,
  keyPrefix: '00D'
};

/** Answers JSON and notes the status in the request's record. @param {import('node:http').ServerResponse} res */
const sender = (res, record) => (status, value) => {
  record.status = status;
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(value === undefined ? undefined : JSON.stringify(value));
};

/**
 * @param {import('./salesforce-stub.mjs').SalesforceStub} stub @param {import('node:http').IncomingMessage} req
 * @param {URL} url @param {import('node:http').ServerResponse} res @param {Record<string, any>} record
 * @param {string} [body] the request body
 */
export async function answerRest(stub, req, url, res, record, body = '') {
  const json = sender(res, record);
  const token = String(req.headers.authorization ?? '').replace(/^(Bearer|OAuth) /, '');
  const user = stub.tokens.get(token);
  const rejected = Boolean(user && stub.refusesRest(user.username));
  if (!user || stub.expireTokens.has(token) || rejected) {
    stub.expireTokens.delete(token);
    // An expired token is gone; a frozen user's token stays issued (and revocable).
    if (user && !rejected) stub.tokens.delete(token);
    record.outcome = '401';
    return json(401, SESSION_INVALID);
  }
  const refusal = REFUSALS[stub.refuseApi ?? ''];
  if (refusal) {
    record.outcome = stub.refuseApi;
    return json(refusal[0], refusal[1]);
  }
  record.outcome = 'ok';
  record.user = user.username;
  const q0 = url.searchParams.get('q') ?? '';
  const which = /ScratchOrgInfo limit 1/i.test(q0)
    ? 'devhub'
    : /TrialExpirationDate/i.test(q0)
      ? 'organization'
      : /^\/services\/data\/?$/.test(url.pathname)
        ? 'versions'
        : '';
  if (stub.failRest.has(which)) return json(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'stub failure' }]);
  if (url.pathname === '/services/oauth2/userinfo')
    return json(200, {
      user_id: user.userId,
      organization_id: user.orgId,
      preferred_username: user.username,
      sub: `https://login.salesforce.com/id/${user.orgId}/${user.userId}`
    });
  if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
    return json(
      200,
      API_VERSIONS.map((v) => ({ version: v, url: `/services/data/v${v}`, label: `v${v}` }))
    );
  }
  const versioned = /^\/services\/data\/v(\d+\.\d)\/?(.*)$/.exec(url.pathname);
  if (!versioned) return json(404, NOT_FOUND);
  const [, version, rest] = versioned;
  if (rest === '')
    return json(200, { limits: `/services/data/v${version}/limits`, sobjects: `/services/data/v${version}/sobjects` });
  const sobject = /^sobjects\/(\w+)\/(\w+)$/.exec(rest);
  if (sobject?.[1] === 'User' && sobject[2] === user.userId)
    return json(200, { attributes: { type: 'User' }, Id: user.userId, Username: user.username });
  if (sobject) return answerRecord(stub, req.method ?? 'GET', sobject[1], sobject[2], user, version, json, record);
  if (req.method === 'POST' && /^sobjects\/ScratchOrgInfo\/?$/.test(rest)) {
    if (!user.isDevHub) return json(400, notSupported('ScratchOrgInfo'));
    const [status, answer] = await createScratchOrg(stub, user, body);
    if (status === 201) record.outcome = 'signup';
    return json(status, answer);
  }
  if (rest !== 'query' && rest !== 'query/') return json(404, NOT_FOUND);
  const q = q0.replace(/\s+/g, ' ').trim();
  if (/FROM Organization$/i.test(q) && /TrialExpirationDate/i.test(q))
    return json(200, organizationFacts(user, version));
  if (/^SELECT Id FROM Organization$/i.test(q)) {
    if (url.searchParams.get('columns') === 'true') return json(200, COLUMNS_OF_ORGANIZATION_ID);
    const attributes = { type: 'Organization', url: `/services/data/v${version}/sobjects/Organization/${user.orgId}` };
    return json(200, { totalSize: 1, done: true, records: [{ attributes, Id: user.orgId }] });
  }
  return answerHubQuery(stub, q, user, version, json, url.searchParams.get('columns') === 'true');
}

function organizationFacts(user, version) {
  return {
    totalSize: 1,
    done: true,
    records: [
      {
        attributes: { type: 'Organization', url: `/services/data/v${version}/sobjects/Organization/${user.orgId}` },
        Name: user.orgName ?? `Stub org of ${user.username}`,
        InstanceName: 'CS999',
        IsSandbox: Boolean(user.isSandbox || user.isScratch),
        TrialExpirationDate: user.isScratch ? '2099-01-01T00:00:00.000+0000' : null,
        NamespacePrefix: null,
        OrganizationType: user.isScratch ? 'Developer Edition' : 'Enterprise Edition'
      }
    ]
  };
}

const notSupported = (object) => [
  {
    message:
      `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to ` +
      `append the '__c' after the entity name. Please reference your WSDL or the describe call for the ` +
      'appropriate names.',
    errorCode: 'INVALID_TYPE'
  }
];

/**
 * ScratchOrgInfo and ActiveScratchOrg queries; only a Dev Hub user may make them. With `columns` (`&columns=true`,
 * which `sf data query` asks first), the selected columns' metadata instead of the records.
 */
function answerHubQuery(stub, q, user, version, json, columns = false) {
  let query;
  try {
    query = parseSoql(q);
  } catch (err) {
    if (err instanceof SoqlError) return json(400, [{ message: err.message, errorCode: err.errorCode }]);
    throw err;
  }
  const object = SCRATCH_OBJECTS.find((o) => o.toLowerCase() === query.object.toLowerCase());
  if (!object) return json(400, [{ errorCode: 'MALFORMED_QUERY', message: `stub does not know this query: ${q}` }]);
  if (!user.isDevHub) return json(400, notSupported(object));
  if (columns) return json(200, columnsOf(object, query.fields));
  try {
    return json(200, stub.scratchOrgs.query({ ...query, object }, user.orgId, version, implicitRecords(stub, user)));
  } catch (err) {
    if (err instanceof SoqlError) return json(400, [{ message: err.message, errorCode: err.errorCode }]);
    throw err;
  }
}

/** The column metadata Salesforce answers for `?columns=true`: one plain text column per selected field. */
function columnsOf(object, fields) {
  const column = (name) => ({
    aggregate: false,
    apexType: 'String',
    booleanType: false,
    columnName: name,
    custom: false,
    displayName: name,
    foreignKeyName: null,
    insertable: false,
    joinColumns: [],
    numberType: false,
    textType: true,
    updatable: false
  });
  return { columnMetadata: fields.map(column), entityName: object, groupBy: false, idSelected: false, keyPrefix: null };
}

/**
 * Scratch-org users registered on the hub's own host (the older way to set up a test) get a ScratchOrgInfo record
 * on every Dev Hub there, with the hub's URL as their LoginUrl.
 */
function implicitRecords(stub, hub) {
  const listed = new Set(stub.scratchOrgs.entries.map((e) => String(e.info.SignupUsername).toLowerCase()));
  return [...stub.users.values()]
    .filter((u) => u.isScratch && !listed.has(u.username.toLowerCase()))
    .map((u) =>
      scratchOrgInfo(
        { id: `2SR${u.orgId.slice(3)}`, username: u.username, orgId: u.orgId, loginUrl: stub.url, hub },
        { CreatedDate: '2026-11-01T00:00:00.000+0000', ExpirationDate: '2099-01-01', OrgName: u.orgName ?? 'Scratch' }
      )
    );
}

/** GET of a ScratchOrgInfo / ActiveScratchOrg by id, and DELETE of an ActiveScratchOrg (204, recorded). */
function answerRecord(stub, method, object, id, user, version, json, record) {
  if (!SCRATCH_OBJECTS.includes(object)) return json(404, NOT_FOUND);
  if (!user.isDevHub) return json(400, notSupported(object));
  if (method === 'GET') {
    const found = stub.scratchOrgs.byId(object, id, user.orgId, version);
    return found ? json(200, found) : json(404, NOT_FOUND);
  }
  if (method !== 'DELETE' || object !== 'ActiveScratchOrg')
    return json(405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed.` }]);
  const entry = stub.scratchOrgs.deleteActive(id, user.orgId);
  if (!entry) {
    const gone = stub.scratchOrgs.entries.some((e) => e.activeId === id && e.hubOrgId === user.orgId);
    return gone
      ? json(404, [{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }])
      : json(404, [
          { errorCode: 'NOT_FOUND', message: `Provided external ID field does not exist or is not accessible: ${id}` }
        ]);
  }
  record.outcome = 'deleted';
  stub.deletions.push({ object, id, username: entry.info.SignupUsername, by: user.username, at: Date.now() });
  return json(204, undefined);
}
