// Issue 12 §4: the main step killed (SIGKILL) or cancelled (SIGTERM, as the runner does) at random points, over a
// bounded number of seeded rounds, then its post step. Afterwards no token of ours is alive at the stub, HOME is byte
// for byte what it was (files, folders, modes: no auth file, alias, default, temp file or lock of ours), and
// RUNNER_TEMP is empty. Known limit, checked as such: a SIGKILL after Salesforce issued the token but before the
// step read the answer (so before it could save the token) leaves that one token alive until it expires.
import { describe, expect, it } from '@jest/globals';
import { lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeUser } from '../../test-support/salesforce-stub.mjs';
import { useStub } from '../../test-support/stub-suite.mjs';
import { Job } from '../../test-support/runner.mjs';

const CLIENT_ID = '3MVG9e2e.kill';
const ROUNDS = Number(process.env.SFJWT_KILL_ROUNDS || 20);
const SEED = Number(process.env.SFJWT_KILL_SEED || 12);
const user = makeUser('ci@kill.example.com', { isDevHub: true });

/** mulberry32: a small seeded generator, so a failing round can be replayed with the same SFJWT_KILL_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every entry under `dir`: type, mode and (for files) bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    const mode = (lstatSync(path).mode & 0o777).toString(8);
    out[path] = e.isFile()
      ? `file ${mode} ${readFileSync(path, 'base64')}`
      : `${e.isDirectory() ? 'dir' : 'other'} ${mode}`;
  }
  return out;
}

/** A HOME that another org and an earlier login of the same user (with a refresh token) were logged into. */
function sharedHome(job: Job): void {
  const sfdx = join(job.home, '.sfdx');
  mkdirSync(sfdx, { recursive: true, mode: 0o700 });
  mkdirSync(join(job.home, '.sf'), { recursive: true });
  const write = (path: string, content: unknown, mode = 0o600) =>
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode });
  write(join(sfdx, 'key.json'), { account: 'local', key: 'c'.repeat(32), service: 'sfdx' });
  write(join(sfdx, 'other@example.com.json'), { username: 'other@example.com', accessToken: 'x:y' });
  write(join(sfdx, `${user.username}.json`), {
    username: user.username,
    refreshToken: 'enc:rt',
    instanceUrl: suite.url
  });
  write(join(sfdx, 'alias.json'), '{"orgs":{"hub":"other@example.com"}}', 0o644);
  write(join(sfdx, 'sfdx-config.json'), { defaultusername: 'hub', defaultdevhubusername: 'hub' }, 0o644);
  write(join(job.home, '.sf', 'config.json'), { 'target-org': 'hub', 'target-dev-hub': 'hub' }, 0o644);
}

const liveTokens = (): string[] =>
  [...suite.stub.tokens].filter(([, u]) => u.username === user.username).map(([t]) => t);

const suite = useStub(CLIENT_ID, [user], { alias: 'hub', 'set-default': 'true', 'set-default-dev-hub': 'true' });
const inputs = () => suite.inputs();

describe('a killed or cancelled main step leaves nothing live', () => {
  it(`${ROUNDS} rounds of SIGKILL and SIGTERM at random points (seed ${SEED}), each followed by the post step`, async () => {
    const next = random(SEED);
    // How long an unkilled main step takes here (the quickest of three): half the kills land anywhere in it.
    let spanMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const probe = new Job();
      const full = await probe.runStep(inputs());
      expect(full.code).toBe(0);
      await probe.runPost(full, {});
      spanMs = Math.min(spanMs, full.elapsedMs * 1.1);
    }
    expect(liveTokens()).toEqual([]);

    const rounds: Array<Record<string, unknown>> = [];
    let unsavedLeft = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const signal = round % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
      // The other half land where the danger is: from the token request on, through the answer and the writes.
      const fromToken = Math.floor(round / 2) % 2 === 1;
      const afterMs = Math.round(next() * (fromToken ? 60 : spanMs));
      const job = new Job();
      sharedHome(job);
      const before = tree(job.home);
      const requestsBefore = suite.stub.tokenRequests().length;
      const when = fromToken ? () => suite.stub.tokenRequests().length > requestsBefore : undefined;
      const main = await job.runStep(inputs(), { kill: { afterMs, signal, when } });
      const post = await job.runPost(main, {});
      const live = liveTokens();
      rounds.push({ round, signal, fromToken, afterMs, exit: main.code ?? main.signal, live: live.length });
      const context = { round, signal, fromToken, afterMs, main: main.stdout.slice(-2000), post: post.stdout };
      expect({ ...context, postCode: post.code }).toEqual({ ...context, postCode: 0 });
      // A step cancelled with SIGTERM rolls back and exits 143 (unless it had finished: 0). Outside the window its
      // handler covers (Node still starting, before any token; or the login done, its state complete for the post
      // step), the signal ends it as it would any process.
      if (signal === 'SIGTERM' && main.code !== 0) {
        const outside = !main.state.revoke || main.stdout.includes('Wrote sf state');
        const how = main.code === null ? `ended by the signal outside the handler: ${outside}` : main.code;
        const expected = main.code === null ? 'ended by the signal outside the handler: true' : 143;
        expect({ ...context, how }).toEqual({ ...context, how: expected });
      }
      if (live.length && signal === 'SIGKILL' && !main.state.revoke) {
        // The known limit: killed while the token answer was on its way. At most that one token.
        expect({ ...context, live: live.length }).toEqual({ ...context, live: 1 });
        unsavedLeft += 1;
        for (const token of live) suite.stub.tokens.delete(token);
      } else {
        expect({ ...context, live }).toEqual({ ...context, live: [] });
      }
      expect({ ...context, home: tree(job.home) }).toEqual({ ...context, home: before });
      expect({ ...context, runnerTemp: readdirSync(job.runnerTemp) }).toEqual({ ...context, runnerTemp: [] });
      job.remove();
    }
    // The rounds must have hit the step at different stages, not all before or all after its work.
    const exits = new Set(rounds.map((r) => String(r.exit)));
    expect(exits.size).toBeGreaterThan(1);
    expect(unsavedLeft).toBeLessThanOrEqual(Math.ceil(ROUNDS / 4));
    console.log(`kill rounds (seed ${SEED}):`, JSON.stringify(rounds));
  }, 300_000);
});
