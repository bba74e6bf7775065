// A token Salesforce issues but its API refuses (src/sf/api-refusal.ts), through dist/: the login fails at once
// with the setting to change, after one token request and with no sf state, because sf would otherwise log in
// again on every call (forcedotcom/cli#3297, #3428). The stub refuses as Salesforce does (`stub.refuseApi`).
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeUser } from '../../test-support/salesforce-stub.mjs';
import { Job, repoRoot, runProcess } from '../../test-support/runner.mjs';
import { useStub } from '../../test-support/stub-suite.mjs';

const CLIENT_ID = '3MVG9e2e.refusal';
const user = makeUser('ci@refusal.example.com', { isDevHub: true });
const suite = useStub(CLIENT_ID, [user]);
const { inputs } = suite;
const errorsOf = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error::'));

describe('a token the API refuses', () => {
  it.each([
    ['api-access-control', /This session is not valid for use with the REST API\).*Setup → API Access Control/],
    ['invalid-session', /Session expired or invalid\).*"Issue JSON Web Token \(JWT\)-based access tokens/],
    ['api-disabled', /API_DISABLED_FOR_ORG.*"API Enabled" permission/]
  ])('%s: one clear error after one token request, no sf state', async (refusal, message) => {
    suite.stub.refuseApi = refusal;
    const job = new Job();
    const step = await job.runStep(inputs({ alias: 'hub', 'set-default': 'true' }));
    expect(step.code).toBe(1);
    expect(errorsOf(step.stdout)).toHaveLength(1);
    expect(errorsOf(step.stdout)[0]).toMatch(message);
    expect(step.stdout).not.toMatch(/::warning::sf-jwt-login: Could not read/);
    expect(suite.stub.tokenRequests()).toHaveLength(1);
    expect(existsSync(join(job.home, '.sfdx', `${user.username}.json`))).toBe(false);
    expect(step.outputs).toEqual({});
    expect(step.exportedEnv).toEqual({});
  });

  it('write-sf-state false makes no API call, so the token is handed out as before', async () => {
    suite.stub.refuseApi = 'api-access-control';
    const step = await new Job().runStep(inputs({ 'write-sf-state': 'false' }));
    expect(step.code).toBe(0);
    expect(step.outputs['access-token']).toBeTruthy();
  });

  it('other failures of the org-facts calls stay a warning', async () => {
    suite.stub.failRest.add('organization');
    const step = await new Job().runStep(inputs());
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(/::warning::sf-jwt-login: Could not read the Organization query \(HTTP 500\)/);
  });

  it('the command line fails the same way and leaves no key copy behind', async () => {
    suite.stub.refuseApi = 'api-access-control';
    const home = mkdtempSync(join(tmpdir(), 'sfjwt-cli-home-'));
    const keyFile = join(home, 'server.key');
    writeFileSync(keyFile, suite.keys.pkcs8, { mode: 0o600 });
    const r = await runProcess(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'login', '-i', CLIENT_ID, '-f', keyFile, '-o', user.username, '-r', suite.url],
      { env: { PATH: process.env.PATH ?? '', HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' }, cwd: home }
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Salesforce issued .* Setup → API Access Control/m);
    expect(readdirSync(join(home, '.sf', 'sf-jwt-login'))).toEqual([]);
    expect(existsSync(join(home, '.sfdx', `${user.username}.json`))).toBe(false);
  });
});
