// `verify` through the built action with the real sf CLI (script/bootstrap --sf-cli), found in a prepared tool cache
// as a later job would find it: it passes only when sf reports the org "Connected", fails with sf's status when the
// org answers sf with 401 (sf exits 0 then), and warns that it is skipped when no sf state was written. Like
// sf-cli.test.ts, it runs only inside script/test's loopback-only network namespace.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';
import { sfBin } from '../../test-support/sf-env.mjs';
import { summaryText } from '../../test-support/summary-text.mjs';

const CLIENT_ID = '3MVG9e2e.verify';
const VERSION = '2.150.6';
const user = makeUser('ci@verify.example.com', { orgName: 'Verified' });
let keys: KeyPair, stub: SalesforceStub, url: string;

const describeWithSf = sfBin ? describe : describe.skip;

/** A job whose tool cache already holds sf VERSION (the real sf, linked), as the action's own install leaves it. */
function jobWithSf(): { job: Job; env: Record<string, string> } {
  const job = new Job();
  const cache = join(job.root, 'toolcache');
  const dir = join(cache, 'sf-cli', VERSION, process.arch);
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(sfBin as string, join(dir, 'node_modules', '.bin', 'sf'));
  writeFileSync(`${dir}.complete`, '');
  const env = {
    RUNNER_TOOL_CACHE: cache,
    SF_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_LOG_FILE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true'
  };
  return { job, env };
}

const inputs = (extra: Record<string, string> = {}) => ({
  'client-id': CLIENT_ID,
  username: user.username,
  'private-key': keys.pkcs8,
  'instance-url': url,
  alias: 'verified',
  'sf-cli-version': VERSION,
  ...extra
});

describeWithSf('verify, with the real sf CLI from the tool cache', () => {
  beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [user])));
  afterAll(() => stub?.stop());
  beforeEach(() => stub.reset());

  it('passes when sf reports the org Connected', async () => {
    const { job, env } = jobWithSf();
    const step = await job.runStep(inputs(), { env, timeoutMs: 90_000 });
    if (step.code !== 0) throw new Error(step.stdout + step.stderr);
    expect(step.outputs['sf-cli-cache-hit']).toBe('true');
    expect(step.stdout).toMatch(/sf CLI 2\.150\.6 uses the org: sf org display --target-org verified succeeded/);
    // The job summary names the sf CLI later steps get, with its path.
    expect(summaryText(step.summary)).toMatch(/^sf CLI +2\.150\.6 \(.*sf-cli\/2\.150\.6\/.*\/sf\)$/m);
  }, 120_000);

  it('an org that refuses API calls right after the login fails before verify, naming the setting (issue 13 item 4)', async () => {
    const { job, env } = jobWithSf();
    // Frozen right after our login: every REST call answers 401. The org-facts calls meet it first and stop the
    // login with the API-access fix, so sf never runs; verify's reading of connectedStatus is unit-tested
    // (__tests__/unit/sf/cli-setup.test.ts).
    stub.freeze(user.username);
    const step = await job.runStep(inputs(), { env, timeoutMs: 90_000 });
    expect(step.code).toBe(1);
    const errors = step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::sf-jwt-login: Salesforce issued ci@verify\.example\.com a token, but .* refuses API calls with it/
    );
    expect(step.stdout).not.toMatch(/succeeded/);
    expect(stub.requests.some((r) => r.outcome === '401')).toBe(true);
  }, 120_000);

  it("fails when sf reports the org not Connected, though sf exits 0 (an org that answers our calls, not sf's)", async () => {
    // How many REST calls the login itself makes, measured on a login without verify.
    const { job: first, env: firstEnv } = jobWithSf();
    const measured = await first.runStep(inputs({ verify: 'false' }), { env: firstEnv, timeoutMs: 90_000 });
    expect(measured.code).toBe(0);
    const ours = stub.requests.filter((r) => r.path.startsWith('/services/data')).length;
    expect(ours).toBeGreaterThan(0);
    stub.reset();
    // Frozen after the login and its own REST calls: sf's calls and sf's refresh are refused.
    stub.freeze(user.username, 1, ours);
    const { job, env } = jobWithSf();
    const step = await job.runStep(inputs(), { env, timeoutMs: 90_000 });
    expect(step.code).toBe(1);
    const errors = step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error::sf-jwt-login: .*verified.* connection as ".+", not "Connected"/);
    expect(step.stdout).not.toMatch(/succeeded/);
    // sf made calls of its own, and they were refused.
    expect(stub.requests.filter((r) => r.path.startsWith('/services/data')).length).toBeGreaterThan(ours);
    expect(stub.requests.some((r) => r.outcome === '401')).toBe(true);
  }, 180_000);

  it('with write-sf-state false, warns that verify is skipped and why, and runs no sf', async () => {
    const { job, env } = jobWithSf();
    const step = await job.runStep(inputs({ 'write-sf-state': 'false', alias: '' }), { env, timeoutMs: 90_000 });
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(
      /^::warning::sf-jwt-login: verify is skipped: write-sf-state is false, so sf has no login of this org to check\. Set write-sf-state to true/m
    );
    expect(step.stdout).not.toMatch(/sf org display/);
    // Only our own token request: sf never ran against the org.
    expect(stub.requests.map((r) => r.path)).toEqual(['/services/oauth2/token']);
  }, 120_000);

  it('with verify false and write-sf-state false, says nothing about verify', async () => {
    const { job, env } = jobWithSf();
    const step = await job.runStep(inputs({ 'write-sf-state': 'false', alias: '', verify: 'false' }), { env });
    expect(step.code).toBe(0);
    expect(step.stdout).not.toMatch(/verify is skipped|sf org display/);
  }, 120_000);
});

if (!sfBin) {
  it.skip('verify with the real sf CLI needs script/test as root (loopback-only network namespace) and SFJWT_SF_BIN', () => {});
}
