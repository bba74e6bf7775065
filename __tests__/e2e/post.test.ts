// Main then post in the same HOME and RUNNER_TEMP, as the runner runs them: nothing secret left behind, only what
// this login added is removed, the token is revoked, and other orgs' sf state stays byte for byte.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job, filesUnder } from '../../test-support/runner.mjs';

const CLIENT_ID = '3MVG9e2e.post';
let keys: KeyPair, stub: SalesforceStub, url: string;
const user = makeUser('ci@post.example.com', { isDevHub: true });

beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [user])));
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

const inputs = (over: Record<string, string> = {}) => ({
  'client-id': CLIENT_ID,
  username: user.username,
  'private-key': keys.pkcs8,
  'instance-url': url,
  alias: 'hub',
  'set-default': 'true',
  'set-default-dev-hub': 'true',
  ...over
});

/** A HOME where another org was logged in before: its files must come out of the post step unchanged. */
function homeWithAnotherOrg(job: Job): Record<string, string> {
  const sfdx = join(job.home, '.sfdx');
  const sf = join(job.home, '.sf');
  mkdirSync(sfdx, { recursive: true, mode: 0o700 });
  mkdirSync(sf, { recursive: true });
  const files: Record<string, string> = {
    [join(sfdx, 'key.json')]: JSON.stringify({ account: 'local', key: 'a'.repeat(32), service: 'sfdx' }, null, 4),
    [join(sfdx, 'other@example.com.json')]: JSON.stringify(
      { username: 'other@example.com', accessToken: 'x:y', instanceUrl: 'https://other.my.salesforce.com' },
      null,
      2
    ),
    [join(sfdx, 'alias.json')]: JSON.stringify({ orgs: { other: 'other@example.com' } }),
    [join(sf, 'config.json')]: JSON.stringify({ 'org-api-version': '62.0' }, null, 2)
  };
  for (const [path, content] of Object.entries(files)) writeFileSync(path, content, { mode: 0o600 });
  return files;
}

function keyMaterialOnDisk(job: Job): string[] {
  const needle = keys.body.slice(200, 240);
  return [...filesUnder(job.home), ...filesUnder(job.runnerTemp)].filter((f) =>
    readFileSync(f, 'utf8').replace(/\s/g, '').includes(needle)
  );
}

describe('post step', () => {
  it('after a successful login: removes the key copy and what the login added, revokes the token, keeps the other org', async () => {
    const job = new Job();
    const before = homeWithAnotherOrg(job);
    const main = await job.runStep(inputs());
    expect(main.code).toBe(0);
    expect(keyMaterialOnDisk(job)).toHaveLength(1); // the key copy sf refreshes with, until post
    const token = main.outputs['access-token'];

    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/revoked the access token/);
    expect(stub.revoked.has(token)).toBe(true);
    expect(keyMaterialOnDisk(job)).toEqual([]);
    expect(readdirSync(job.runnerTemp)).toEqual([]);
    expect(existsSync(join(job.home, '.sfdx', `${user.username}.json`))).toBe(false);
    for (const [path, content] of Object.entries(before)) {
      // The alias and config files were rewritten with our entries and now without them: same content, same meaning.
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(content));
    }
    expect(readFileSync(join(job.home, '.sfdx', 'key.json'), 'utf8')).toBe(before[join(job.home, '.sfdx', 'key.json')]);
    expect(readFileSync(join(job.home, '.sfdx', 'other@example.com.json'), 'utf8')).toBe(
      before[join(job.home, '.sfdx', 'other@example.com.json')]
    );
    expect(JSON.parse(readFileSync(join(job.home, '.sfdx', 'sfdx-config.json'), 'utf8'))).toEqual({});
  });

  it('after a failed login: nothing was written, nothing is left', async () => {
    const job = new Job();
    const main = await job.runStep(inputs({ 'client-id': 'wrong' }));
    expect(main.code).toBe(1);
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/nothing to clean up/);
    expect(keyMaterialOnDisk(job)).toEqual([]);
  });

  it('after a later step failed, with cleanup: false: removes only the key copy, keeps the sf state', async () => {
    const job = new Job();
    const main = await job.runStep(inputs({ cleanup: 'false' }));
    expect(main.code).toBe(0);
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(keyMaterialOnDisk(job)).toEqual([]);
    expect(existsSync(join(job.home, '.sfdx', `${user.username}.json`))).toBe(true);
    expect(stub.revoked.has(main.outputs['access-token'])).toBe(false);
  });

  it('keeps an alias or default that a later step pointed elsewhere', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    writeFileSync(join(job.home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: { hub: 'someone-else@example.com' } }));
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(JSON.parse(readFileSync(join(job.home, '.sfdx', 'alias.json'), 'utf8')).orgs.hub).toBe(
      'someone-else@example.com'
    );
  });

  it('a failed revocation is a warning, not a failed job, and the key copy still goes', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    const revoke = JSON.parse(main.state.revoke);
    const post = await job.runPost(
      { ...main, state: { ...main.state, revoke: JSON.stringify({ ...revoke, instanceUrl: 'http://127.0.0.1:9' }) } },
      {}
    );
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/::warning::sf-jwt-login: Post step: could not revoke the access token/);
    expect(keyMaterialOnDisk(job)).toEqual([]);
  });

  it('the state file never holds the token in clear', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    expect(readFileSync(main.files.state, 'utf8')).not.toContain(main.outputs['access-token']);
  });
});
