// Item 2 of issue 13 with the real sf CLI, in a fresh HOME (the next job of a workflow): after this action logs
// into a scratch org by username through its Dev Hub, sf files the org under its scratch orgs with its expiry, and
// `sf org delete scratch` finds the hub and deletes the org there (the stub records the ActiveScratchOrg DELETE).
// Without dev-hub, a Dev Hub in state is asked as `sf org login jwt` asks it. Runs only in a loopback-only network
// namespace (script/test), since sf may call public hosts when something is wrong.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';
import { runSf, sfBin } from '../../test-support/sf-env.mjs';

const CLIENT_ID = '3MVG9e2e.scratchsf';
const hub = makeUser('ci@hub.scratchsf.example.com', { isDevHub: true, orgName: 'Hub' });
let keys: KeyPair, stub: SalesforceStub, url: string;

const describeWithSf = sfBin ? describe : describe.skip;

function ok(r: Awaited<ReturnType<typeof runSf>>) {
  if (r.json?.status !== 0) throw new Error(`sf failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
  return r.json.result;
}

/** A fresh job (HOME) whose first step logs into the hub, alias hub; then the scratch org's login `inputs`. */
async function freshJobWithScratchOrg(
  inputs: (org: SalesforceStub) => Record<string, string>,
  env: Record<string, string> = {}
) {
  const job = new Job();
  const base = { 'client-id': CLIENT_ID, 'private-key': keys.pkcs8 };
  const hubStep = await job.runStep({ ...base, username: hub.username, 'instance-url': url, alias: 'hub' });
  expect(hubStep.code).toBe(0);
  const username = `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@scratchsf.example.com`;
  const made = await stub.addScratchOrg({ username });
  const org = made.org as SalesforceStub;
  const step = await job.runStep({ ...base, username, alias: 'so', ...inputs(org) }, { env });
  expect(step.code).toBe(0);
  return { job, username, info: made.info, org, orgId: made.user.orgId };
}

describeWithSf('the real sf CLI on a scratch org logged in by this action', () => {
  beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [hub])));
  afterAll(() => stub?.stop());

  it.each([
    ['by username through dev-hub', () => ({ 'dev-hub': 'hub' })],
    [
      'at its instance-url, without dev-hub (the hub in state is asked)',
      (org: SalesforceStub) => ({ 'instance-url': org.url })
    ]
  ])(
    '%s: sf org list files it under scratch orgs, and sf org delete scratch deletes it through the hub',
    async (_how, inputs) => {
      const { job, username, info, orgId } = await freshJobWithScratchOrg(inputs);
      const list = ok(await runSf(job, ['org', 'list']));
      const listed = list.scratchOrgs.find((o: { username: string }) => o.username === username);
      expect(listed).toMatchObject({
        username,
        alias: 'so',
        orgId,
        devHubUsername: hub.username,
        expirationDate: info.ExpirationDate,
        isExpired: false,
        status: 'Active'
      });
      expect(list.other.map((o: { username: string }) => o.username)).not.toContain(username);

      const deleted = ok(await runSf(job, ['org', 'delete', 'scratch', '--target-org', 'so', '--no-prompt']));
      expect(deleted).toMatchObject({ username, orgId });
      expect(stub.deletions.filter((d) => d.username === username)).toEqual([
        expect.objectContaining({ object: 'ActiveScratchOrg', by: hub.username })
      ]);
      expect(existsSync(join(job.home, '.sfdx', `${username}.json`))).toBe(false);
      job.remove();
    }
  );

  it('the control: with the hub check off (SF_SKIP_SCRATCH_ORG_CHECK), sf files it under other and cannot delete it', async () => {
    const { job, username } = await freshJobWithScratchOrg((org) => ({ 'instance-url': org.url }), {
      SF_SKIP_SCRATCH_ORG_CHECK: 'true'
    });
    const list = ok(await runSf(job, ['org', 'list']));
    expect(list.scratchOrgs.map((o: { username: string }) => o.username)).not.toContain(username);
    const r = await runSf(job, ['org', 'delete', 'scratch', '--target-org', 'so', '--no-prompt']);
    expect(r.json?.status).not.toBe(0);
    expect(r.json?.name).toBe('NoDevHubFoundError');
    expect(stub.deletions.filter((d) => d.username === username)).toEqual([]);
    job.remove();
  });
});
