// One real install of the sf CLI through the built action: npm from the registry into a temporary tool cache, with
// no Actions cache service (as on a local run or GHES without cache), then `verify` runs the installed sf against the
// local stub. A second login in the same job takes sf from the tool cache. Needs the npm registry, so script/test runs
// this folder outside the loopback-only namespace; the stub accepts every login, so sf has no reason to go elsewhere.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';

const CLIENT_ID = '3MVG9e2e.install';
const VERSION = '2.150.6';
const user = makeUser('ci@install.example.com', { isDevHub: true });
let keys: KeyPair, stub: SalesforceStub, url: string;
let job: Job;

beforeAll(async () => {
  ({ keys, stub, url } = await startStub(CLIENT_ID, [user]));
  job = new Job();
});
afterAll(() => stub.stop());

const env = () => ({
  RUNNER_TOOL_CACHE: join(job.root, 'toolcache'),
  NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
  SSL_CERT_FILE: process.env.SSL_CERT_FILE ?? '',
  npm_config_cafile: process.env.npm_config_cafile ?? process.env.NODE_EXTRA_CA_CERTS ?? '',
  SF_DISABLE_TELEMETRY: 'true',
  SF_DISABLE_LOG_FILE: 'true'
});
const inputs = () => ({
  'client-id': CLIENT_ID,
  username: user.username,
  'private-key': keys.pkcs8,
  'instance-url': url,
  alias: 'hub',
  'sf-cli-version': VERSION
});

describe(`sf-cli-version: ${VERSION}`, () => {
  it('installs with npm when no cache has it, logs in meanwhile, puts sf on PATH and verifies the org with it', async () => {
    const step = await job.runStep(inputs(), { env: env(), timeoutMs: 280_000 });
    if (step.code !== 0) throw new Error(step.stdout + step.stderr);
    expect(step.outputs['sf-cli-version']).toBe(VERSION);
    expect(step.outputs['sf-cli-cache-hit']).toBe('false');
    expect(step.stdout).toMatch(
      /::warning::sf-jwt-login: The Actions cache service is not available here; installing sf CLI 2\.150\.6 without caching it\./
    );
    const dir = join(job.root, 'toolcache', 'sf-cli', VERSION, process.arch);
    expect(step.path.trim()).toBe(join(dir, 'node_modules', '.bin'));
    expect(existsSync(join(dir, 'node_modules', '.bin', 'sf'))).toBe(true);
    expect(step.stdout).toMatch(/sf org display --target-org hub succeeded/);
    // The login ran while npm installed: the token request came before the install finished.
    const tokenAt = stub.tokenRequests()[0].at;
    expect(tokenAt).toBeLessThan(statSync(`${dir}.complete`).mtimeMs);
    console.log(`plain install + login + verify: ${step.elapsedMs} ms`);
  }, 300_000);

  it('takes sf from the tool cache on the next login in the job', async () => {
    const step = await job.runStep(inputs(), { env: env(), timeoutMs: 120_000 });
    expect(step.code).toBe(0);
    expect(step.outputs['sf-cli-cache-hit']).toBe('true');
    expect(step.stdout).toMatch(/found in the tool cache/);
    console.log(`tool-cache hit + login + verify: ${step.elapsedMs} ms`);
  }, 120_000);
});
