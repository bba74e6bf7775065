// Main then post in the same HOME and RUNNER_TEMP, as the runner runs them: nothing secret left behind, what was
// there before the login is put back byte for byte, what a later step changed is left (with one line saying so),
// every token of ours is revoked, and the post step trusts only what has the shapes its main step makes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job, filesUnder } from '../../test-support/runner.mjs';
import { decrypt, encrypt } from '../../src/sf/crypto.js';

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

/**
 * A HOME where another org was logged in before, with the alias `hub` and both defaults naming it, and an earlier
 * login of our user with a refresh token (as `sf org login sfdx-url` leaves one): all must come back byte for byte.
 */
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
    [join(sfdx, `${user.username}.json`)]: JSON.stringify(
      { username: user.username, refreshToken: 'enc:rt', clientId: 'PlatformCLI', instanceUrl: url },
      null,
      4
    ),
    [join(sfdx, 'alias.json')]: JSON.stringify({ orgs: { other: 'other@example.com', hub: 'other@example.com' } }),
    [join(sfdx, 'sfdx-config.json')]: '{\n  "defaultusername": "other",\n  "defaultdevhubusername": "other"\n}',
    [join(sf, 'config.json')]: JSON.stringify({ 'org-api-version': '62.0', 'target-org': 'other' }, null, 2)
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

const authFile = (job: Job) => join(job.home, '.sfdx', `${user.username}.json`);
const sfKey = (job: Job) => JSON.parse(readFileSync(join(job.home, '.sfdx', 'key.json'), 'utf8')).key as string;

describe('post step', () => {
  it('puts back what was there: aliases, defaults and an earlier auth file of the same user, byte for byte', async () => {
    const job = new Job();
    const before = homeWithAnotherOrg(job);
    const main = await job.runStep(inputs());
    expect(main.code).toBe(0);
    expect(keyMaterialOnDisk(job)).toHaveLength(1); // the key copy sf refreshes with, until post
    expect(JSON.parse(readFileSync(join(job.home, '.sfdx', 'alias.json'), 'utf8')).orgs.hub).toBe(user.username);
    const token = main.outputs['access-token'];

    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/Post step: revoked the access token\./);
    expect(stub.revoked.has(token)).toBe(true);
    expect(keyMaterialOnDisk(job)).toEqual([]);
    expect(readdirSync(job.runnerTemp)).toEqual([]);
    for (const [path, content] of Object.entries(before))
      expect([path, readFileSync(path, 'utf8')]).toEqual([path, content]);
    expect(filesUnder(job.home).sort()).toEqual(Object.keys(before).sort());
  });

  it('after a login into an empty HOME, only key.json stays (other logins may use it)', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(filesUnder(job.home)).toEqual([join(job.home, '.sfdx', 'key.json')]);
    expect(post.stdout).toContain(
      `Post step: removed ${join(job.home, '.sf', 'config.json')} (this login created it).`
    );
  });

  it('after a failed login: nothing was written, nothing is left', async () => {
    const job = new Job();
    const main = await job.runStep(inputs({ 'client-id': 'wrong' }));
    expect(main.code).toBe(1);
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/nothing to clean up/);
    expect(keyMaterialOnDisk(job)).toEqual([]);
    expect(readdirSync(job.runnerTemp)).toEqual([]);
  });

  it('main fails after the token was issued (a corrupt config file): main revokes it and leaves nothing', async () => {
    const job = new Job();
    mkdirSync(join(job.home, '.sf'), { recursive: true });
    writeFileSync(join(job.home, '.sf', 'config.json'), '{ not json');
    const main = await job.runStep(inputs());
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(/::error::sf-jwt-login: .*config\.json is not a valid JSON object/);
    expect(main.stdout).toMatch(/Rolled back: revoked the access token\./);
    const issued = stub.requests.filter((r) => r.outcome === 'token');
    expect(issued).toHaveLength(1);
    expect(stub.revoked.size).toBeGreaterThan(0);
    expect([...stub.tokens.values()].filter((u) => u.username === user.username)).toEqual([]);
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).not.toMatch(/::warning::/);
    expect(filesUnder(job.home).sort()).toEqual([join(job.home, '.sf', 'config.json')]);
    expect(readdirSync(job.runnerTemp)).toEqual([]);
  });

  it('revokes the token sf refreshed into the auth file too, while that file is still ours', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    // As sf does after a 401: a new token from the JWT flow (here from another job), saved encrypted into the file.
    const other = await new Job().runStep(inputs({ 'write-sf-state': 'false' }));
    const refreshed = other.outputs['access-token'];
    const auth = JSON.parse(readFileSync(authFile(job), 'utf8'));
    expect(decrypt(auth.accessToken, sfKey(job))).toBe(main.outputs['access-token']);
    writeFileSync(authFile(job), JSON.stringify({ ...auth, accessToken: encrypt(refreshed, sfKey(job)) }, null, 2));

    const post = await job.runPost(main, {});
    expect(post.stdout).toMatch(/Post step: revoked the access token sf refreshed into the auth file\./);
    expect(stub.revoked.has(main.outputs['access-token'])).toBe(true);
    expect(stub.revoked.has(refreshed)).toBe(true);
    expect(existsSync(authFile(job))).toBe(false);
  });

  it('with cleanup: false: keeps the sf state, its key copy outside RUNNER_TEMP (0600 in a 0700 folder)', async () => {
    const job = new Job();
    const main = await job.runStep(inputs({ cleanup: 'false' }));
    expect(main.code).toBe(0);
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/cleanup is false, so the sf state of this login stays/);
    expect(readdirSync(job.runnerTemp)).toEqual([]);
    const keyCopy = JSON.parse(readFileSync(authFile(job), 'utf8')).privateKey as string;
    expect(keyCopy).toMatch(
      new RegExp(
        `^${job.home}/\\.sf/sf-jwt-login/sf-jwt-login-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/server\\.key$`
      )
    );
    expect(keyMaterialOnDisk(job)).toEqual([keyCopy]);
    expect(statSync(keyCopy).mode & 0o777).toBe(0o600);
    expect(statSync(join(keyCopy, '..')).mode & 0o777).toBe(0o700);
    expect(stub.revoked.has(main.outputs['access-token'])).toBe(false);
  });

  it('with cleanup: false, a main step that fails after the token leaves no key copy and no state either', async () => {
    const job = new Job();
    mkdirSync(join(job.home, '.sfdx'), { recursive: true });
    writeFileSync(join(job.home, '.sfdx', 'alias.json'), '[]');
    const main = await job.runStep(inputs({ cleanup: 'false' }));
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(/Rolled back: revoked the access token\./);
    expect(filesUnder(job.home)).toEqual([join(job.home, '.sfdx', 'alias.json')]);
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(readdirSync(job.runnerTemp)).toEqual([]);
  });

  it('leaves an alias or default that a later step pointed elsewhere, and says so in one line each', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    writeFileSync(join(job.home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: { hub: 'someone-else@example.com' } }));
    const sfConfig = join(job.home, '.sf', 'config.json');
    writeFileSync(sfConfig, JSON.stringify({ 'target-org': 'scratch', 'target-dev-hub': 'hub' }));
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(JSON.parse(readFileSync(join(job.home, '.sfdx', 'alias.json'), 'utf8')).orgs.hub).toBe(
      'someone-else@example.com'
    );
    expect(JSON.parse(readFileSync(sfConfig, 'utf8'))).toEqual({ 'target-org': 'scratch' });
    expect(post.stdout).toContain(
      'Post step: left alias hub: it now names someone-else@example.com, set after this login.'
    );
    expect(post.stdout).toContain(
      `Post step: left target-org in ${sfConfig}: it now names scratch, set after this login.`
    );
    expect(post.stdout).toContain(`Post step: put back target-dev-hub in ${sfConfig}.`);
  });

  it('a failed revocation is a warning, not a failed job, and the key copy still goes', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    // Revoked behind the post step's back: Salesforce then answers 400.
    await fetch(`${url}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(main.outputs['access-token'])}`
    });
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/::warning::sf-jwt-login: Post step: could not revoke the access token/);
    expect(keyMaterialOnDisk(job)).toEqual([]);
  });

  it("removes the temp files and locks a killed main step left, and nobody else's", async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    const owner = JSON.parse(main.state.owner);
    const sfdx = join(job.home, '.sfdx');
    // As a main step killed mid-write leaves them: its temp file, and a lock with its owner file.
    const ours = [
      join(sfdx, `.alias.json.${owner.pid}.0badc0de.tmp`),
      join(sfdx, `.key.json.${owner.pid}.deadbeef.tmp`)
    ];
    for (const path of ours) writeFileSync(path, 'half');
    for (const file of ['alias.json', 'key.json']) {
      mkdirSync(join(sfdx, `${file}.lock`));
      const ino = statSync(join(sfdx, `${file}.lock`)).ino;
      writeFileSync(join(sfdx, `${file}.lock.owner`), JSON.stringify({ ...owner, ino }));
    }
    // Killed between taking a lock (ours are mode 0500) and writing its owner file.
    mkdirSync(join(sfdx, `${user.username}.json.lock`), { mode: 0o500 });
    // Someone else's: another process's temp file, and sf's own lock (no owner file).
    const theirs = [join(sfdx, `.alias.json.${owner.pid + 1}.0badc0de.tmp`), join(sfdx, 'notes.txt')];
    for (const path of theirs) writeFileSync(path, 'keep');
    mkdirSync(join(sfdx, 'other@example.com.json.lock'));

    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    const locks = [
      'alias.json.lock',
      'alias.json.lock.owner',
      'key.json.lock',
      'key.json.lock.owner',
      `${user.username}.json.lock`
    ];
    for (const path of [...ours, ...locks.map((name) => join(sfdx, name))])
      expect([path, existsSync(path)]).toEqual([path, false]);
    for (const path of [...theirs, join(sfdx, 'other@example.com.json.lock')])
      expect([path, existsSync(path)]).toEqual([path, true]);
    // alias.json's lock was taken over at once by the restore (its owner is dead), key.json's by the sweep.
    expect(post.elapsedMs).toBeLessThan(5000);
    expect(post.stdout).toContain(`Post step: removed ${join(sfdx, 'key.json.lock')}, left by the main step.`);
  });

  it('the state file never holds the token in clear', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    expect(readFileSync(main.files.state, 'utf8')).not.toContain(main.outputs['access-token']);
  });
});

describe('post step with a tampered GITHUB_STATE', () => {
  it('removes no folder but a sf-jwt-login-<uuid> directly under RUNNER_TEMP', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    const victims = [job.workspace, join(job.runnerTemp, 'sf-jwt-login-not-a-uuid'), join(job.runnerTemp, '..')];
    mkdirSync(victims[1]);
    writeFileSync(join(victims[1], 'keep'), 'x');
    writeFileSync(join(job.workspace, 'keep'), 'x');
    for (const dir of victims) {
      const post = await job.runPost({ ...main, state: { ...main.state, 'key-dir': dir } }, {});
      expect(post.code).toBe(0);
      expect(post.stdout).toMatch(
        /::warning::sf-jwt-login: Post step: left .*: it is not a sf-jwt-login-<uuid> folder directly under RUNNER_TEMP/
      );
    }
    expect(existsSync(join(victims[1], 'keep'))).toBe(true);
    expect(existsSync(join(job.workspace, 'keep'))).toBe(true);
    // The real folder is still there for the real post step, which cleans up.
    const post = await job.runPost(main, {});
    expect(post.stdout).toMatch(/revoked the access token/);
    expect(existsSync(authFile(job))).toBe(false);
  });

  it('a record that names other files (sealed with the step key, as only a local attacker could) changes none', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    const dir = main.state['key-dir'];
    const stepKey = readFileSync(join(dir, 'revoke.key'), 'utf8');
    const record = JSON.parse(decrypt(readFileSync(join(dir, 'changes.enc'), 'utf8'), stepKey));
    const victim = join(job.workspace, 'victim.json');
    writeFileSync(victim, '{"keep":true}');
    record.files.push({ path: victim, before: null, wrote: '', entries: [] });
    record.keyCopyDir = job.workspace;
    writeFileSync(join(dir, 'changes.enc'), encrypt(JSON.stringify(record), stepKey));
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('{"keep":true}');
    expect(existsSync(job.workspace)).toBe(true);
    expect(post.stdout).toContain(
      `::warning::sf-jwt-login: Post step: left ${victim}: it is no file this action writes.`
    );
  });

  it('a record not sealed with the step key is ignored; the token is still revoked', async () => {
    const job = new Job();
    const main = await job.runStep(inputs());
    writeFileSync(join(main.state['key-dir'], 'changes.enc'), encrypt('{"files":[]}', 'b'.repeat(64)));
    const post = await job.runPost(main, {});
    expect(post.code).toBe(0);
    expect(stub.revoked.has(main.outputs['access-token'])).toBe(true);
  });
});
