/**
 * The scratch-org steps of a login (docs/scratch-and-sandbox.md §1-§3):
 * - with a Dev Hub given, before the token request: ask the hub for the org's newest ScratchOrgInfo, wait while it
 *   is still being created (within approval-timeout, saying so), and log in at the org's own LoginUrl with the test
 *   audience, where a new org's user can log in at once;
 * - without one, after the token request: do what `sf org login jwt` does (AuthInfo.identifyPossibleScratchOrgs)
 *   and ask the Dev Hubs in sf's state whether the org is one of their scratch orgs. That is a courtesy: any
 *   failure there is only a debug line, as in sf.
 * Either way the fields `sf org create scratch` writes come back for the auth file, so sf lists the org as a scratch
 * org and can delete it through its hub.
 */
import { UserError } from '../util/errors.js';
import { sleep as realSleep } from './backoff.js';
import { audienceCandidates } from './audience.js';
import type { LoginInputs } from './inputs.js';
import { resolveLoginUrl, SANDBOX_LOGIN_URL } from './login-url.js';
import type { LoginTarget } from './sandbox.js';
import {
  activeScratchOrgQuery,
  judgeScratchOrg,
  scratchFields,
  scratchOrgInfoQuery,
  type ScratchFields
} from './scratch-org.js';
import type { Token } from './token-exchange.js';
import type { Mask } from '../keys/private-key.js';
import type { IssuedToken } from './revoke.js';
import { withDevHub, type DevHub, type DevHubContext } from '../sf/dev-hub.js';
import type { OrgFacts } from '../sf/org-facts.js';
import { devHubsInState } from '../sf/sf-orgs.js';

export interface ScratchTarget extends LoginTarget {
  /** Audiences to try: the test audience first, unless one was set explicitly. */
  audiences: string[];
  /** What is left of approval-timeout after waiting for the org to be created. */
  approvalTimeoutMs: number;
  scratch: ScratchFields;
}

export interface ScratchIo {
  home: string;
  env: NodeJS.ProcessEnv;
  info: (line: string) => void;
  debug: (line: string) => void;
  mask: Mask;
  /** Told of a token got for a Dev Hub, and of its revocation (DevHubContext.onToken). */
  onHubToken?: (token: IssuedToken | undefined) => void;
  /** Injected in unit tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Seconds between ScratchOrgInfo queries while the org is being created: 0.5, 1, 2, 4, 8, then every 10. */
const pollDelayMs = (poll: number): number => Math.min(500 * 2 ** poll, 10_000);
const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);

const hubContext = (inputs: LoginInputs, io: ScratchIo, log: (line: string) => void): DevHubContext => ({
  home: io.home,
  env: io.env,
  requestTimeoutMs: inputs.requestTimeoutSeconds * 1000,
  mask: io.mask,
  log,
  inputName: inputs.nameOf('devHub'),
  onToken: io.onHubToken
});

/**
 * Where to log into the scratch org `inputs.username` of the Dev Hub `inputs.devHub`; undefined without a hub.
 * `explicitAudience` reads the audience input or variable (undefined when neither is set), checked before any request.
 */
export async function resolveScratchTarget(
  inputs: LoginInputs,
  io: ScratchIo,
  explicitAudience: () => string | undefined,
  projectDir: string
): Promise<ScratchTarget | undefined> {
  const { nameOf } = inputs;
  if (!inputs.devHub) return undefined;
  if (inputs.sandbox) {
    throw new UserError(
      `${nameOf('devHub')} and ${nameOf('sandbox')} do not go together: ${nameOf('devHub')} finds a scratch org, ` +
        `${nameOf('sandbox')} a sandbox. Give one of them.`
    );
  }
  const audience = explicitAudience();
  return withDevHub(inputs.devHub, hubContext(inputs, io, io.info), (hub) =>
    waitForScratchOrg(hub, inputs, io, audience, projectDir)
  );
}

/** Polls `hub` for the scratch org until it is Active (its login target) or gone, within approval-timeout. */
async function waitForScratchOrg(
  hub: DevHub,
  inputs: LoginInputs,
  io: ScratchIo,
  audience: string | undefined,
  projectDir: string
): Promise<ScratchTarget> {
  const { nameOf } = inputs;
  const now = io.now ?? Date.now;
  const sleep = io.sleep ?? realSleep;
  const who = { username: inputs.username, devHub: hub.username, devHubInput: nameOf('devHub') };
  const timeoutMs = inputs.approvalTimeoutSeconds * 1000;
  const started = now();
  for (let poll = 0; ; poll++) {
    const [record] = await hub.query(scratchOrgInfoQuery(inputs.username));
    const state = judgeScratchOrg(record, who);
    const elapsed = now() - started;
    if (state.kind === 'active') {
      const given = inputs.instanceUrl
        ? resolveLoginUrl(inputs.instanceUrl, projectDir, nameOf('instanceUrl'))
        : undefined;
      const url = given?.url ?? state.loginUrl;
      return {
        username: inputs.username,
        url,
        source: given ? nameOf('instanceUrl') : `its LoginUrl on Dev Hub ${hub.username}`,
        audiences: audience ? [audience] : [...new Set([SANDBOX_LOGIN_URL, ...audienceCandidates(url)])],
        approvalTimeoutMs: Math.max(0, timeoutMs - elapsed),
        scratch: state.fields
      };
    }
    const org = `scratch org ${inputs.username} on Dev Hub ${hub.username}`;
    if (elapsed >= timeoutMs) {
      throw new UserError(
        `The ${org} is still being created (Status ${state.status}) after ${seconds(elapsed)} s. Raise ` +
          `${nameOf('approvalTimeoutSeconds')} (up to 3600 s), or have sf org create scratch --wait until it is Active.`
      );
    }
    const delay = Math.min(pollDelayMs(poll), timeoutMs - elapsed);
    io.info(
      poll === 0
        ? `The ${org} is still being created (Status ${state.status}); waiting for it, up to ` +
            `${seconds(timeoutMs)} s (${nameOf('approvalTimeoutSeconds')}).`
        : `Still ${state.status} (waited ${seconds(elapsed)} of ${seconds(timeoutMs)} s).`
    );
    await sleep(delay);
  }
}

/** What the login's outcome says about a scratch org whose hub is known. */
export const scratchOutcome = (fields: ScratchFields): { devHub: string; expirationDate?: string } => ({
  devHub: fields.devHubUsername,
  expirationDate: fields.expirationDate
});

/** core's env.getBoolean for SF_SKIP_SCRATCH_ORG_CHECK, which turns sf's own scan off. */
const skipsScratchCheck = (env: NodeJS.ProcessEnv): boolean =>
  ['true', '1'].includes((env.SF_SKIP_SCRATCH_ORG_CHECK ?? '').toLowerCase());

/**
 * Without a Dev Hub given: the scratch fields from the first Dev Hub in sf's state that owns the org just logged
 * into, as `sf org login jwt` finds them; undefined when none does, when the org is no scratch org, or on any
 * failure (a debug line each).
 */
export async function scratchFieldsFromState(
  inputs: LoginInputs,
  username: string,
  token: Token,
  facts: OrgFacts,
  io: ScratchIo
): Promise<ScratchFields | undefined> {
  if (skipsScratchCheck(io.env) || facts.isDevHub || facts.isSandbox || facts.isScratch === false) return undefined;
  const orgId = token.orgId.slice(0, 15);
  const hubs = devHubsInState(io.home, io.env).filter((h) => h.toLowerCase() !== username.toLowerCase());
  for (const name of hubs) {
    try {
      const fields = await withDevHub(name, hubContext(inputs, io, io.debug), async (hub) => {
        const record = (await hub.query(activeScratchOrgQuery(orgId))).find((r) => r.ScratchOrg === orgId);
        if (record) {
          io.debug(`Dev Hub ${hub.username} owns scratch org ${username}; its auth file records the hub.`);
          return scratchFields(record, hub.username);
        }
        io.debug(`Dev Hub ${hub.username} has no active scratch org ${orgId}.`);
      });
      if (fields) return fields;
    } catch (err) {
      io.debug(`Could not ask Dev Hub ${name} about scratch org ${username}: ${(err as Error).message}`);
    }
  }
  return undefined;
}
