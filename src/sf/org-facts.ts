/**
 * The org facts sf stores in an auth file after a login (docs/sf-state.md §3), fetched with the new token: the
 * Dev Hub check, the API versions and the Organization query, all three at once. A call that fails leaves its
 * fields out (sf fills them in itself on its next command) rather than guessing: a wrong isDevHub breaks
 * --target-dev-hub. A call that shows the token itself refused (api-refusal.ts) fails the login instead.
 */
import { request, parseJson, NetworkError } from '../util/http.js';
import { UserError } from '../util/errors.js';
import { apiRefusalOf, describeApiRefusal } from './api-refusal.js';

export interface OrgFacts {
  isDevHub?: boolean;
  instanceApiVersion?: string;
  instanceApiVersionLastRetrieved?: string;
  name?: string;
  instanceName?: string;
  namespacePrefix?: string | null;
  isSandbox?: boolean;
  isScratch?: boolean;
  trailExpirationDate?: string | null;
  orgEdition?: string;
}

const DEV_HUB_QUERY = 'SELECT Id FROM ScratchOrgInfo limit 1';
export const ORGANIZATION_QUERY =
  'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization';
/** The version sf itself uses for the Dev Hub check; every org serves it. */
export const BASE_API_VERSION = '51.0';

const partialFacts = (problems: string[]): string =>
  `Could not read ${problems.join(', ')}; the auth file leaves those fields out ` +
  'and sf will look them up itself when it needs them.';

export async function fetchOrgFacts(
  instanceUrl: string,
  accessToken: string,
  timeoutMs: number,
  warn: (message: string) => void,
  who: { username: string; clientId: string } = { username: 'the user', clientId: '(unknown)' }
): Promise<OrgFacts> {
  const get = (path: string) =>
    request({
      method: 'GET',
      url: `${instanceUrl}${path}`,
      headers: { authorization: `Bearer ${accessToken}` },
      timeoutMs
    });
  const query = (soql: string) => get(`/services/data/v${BASE_API_VERSION}/query?q=${encodeURIComponent(soql)}`);
  const [devHub, versions, organization] = await Promise.allSettled([
    query(DEV_HUB_QUERY),
    get('/services/data'),
    query(ORGANIZATION_QUERY)
  ]);
  for (const call of [devHub, versions, organization]) {
    const refusal = call.status === 'fulfilled' ? apiRefusalOf(call.value.status, call.value.body) : undefined;
    if (refusal) throw new UserError(describeApiRefusal(refusal.kind, refusal.said, { ...who, instanceUrl }));
  }
  const facts: OrgFacts = {};
  const problems: string[] = [];

  if (devHub.status === 'fulfilled' && devHub.value.status < 400) facts.isDevHub = true;
  else if (devHub.status === 'fulfilled' && devHub.value.status === 400) facts.isDevHub = false;
  else problems.push(`the Dev Hub check (${reason(devHub)})`);

  const latest =
    versions.status === 'fulfilled' && versions.value.status === 200
      ? latestVersion(parseJson(versions.value.body))
      : undefined;
  if (latest) {
    facts.instanceApiVersion = latest;
    facts.instanceApiVersionLastRetrieved = new Date().toISOString();
  } else problems.push(`the API version list (${reason(versions)})`);

  const record =
    organization.status === 'fulfilled' && organization.value.status === 200
      ? organizationRecord(parseJson(organization.value.body))
      : undefined;
  if (record) Object.assign(facts, record);
  else problems.push(`the Organization query (${reason(organization)})`);

  if (problems.length) {
    warn(partialFacts(problems));
  }
  return facts;
}

function reason(result: PromiseSettledResult<{ status: number }>): string {
  if (result.status === 'rejected')
    return result.reason instanceof NetworkError ? result.reason.message : 'request failed';
  return `HTTP ${result.value.status}`;
}

export function latestVersion(json: unknown): string | undefined {
  if (!Array.isArray(json)) return undefined;
  const versions = json
    .map((v) => String((v as { version?: unknown }).version ?? ''))
    .filter((v) => /^\d+\.\d$/.test(v));
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1);
}

export function organizationRecord(json: unknown): OrgFacts | undefined {
  const record = (json as { records?: Array<Record<string, unknown>> } | undefined)?.records?.[0];
  if (!record || typeof record.IsSandbox !== 'boolean') return undefined;
  const trial = (record.TrialExpirationDate as string | null) ?? null;
  return {
    name: record.Name as string,
    instanceName: record.InstanceName as string,
    namespacePrefix: (record.NamespacePrefix as string | null) ?? null,
    isSandbox: record.IsSandbox && !trial,
    isScratch: record.IsSandbox && Boolean(trial),
    trailExpirationDate: trial,
    orgEdition: record.OrganizationType as string
  };
}
