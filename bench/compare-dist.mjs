// node bench/compare-dist.mjs --base=<rev> [--rounds=15]: what a change costs, measured side by side in one run.
// The base revision's dist/index.js and dist/post.js (from git) and this tree's, alternating: cold start of each
// entry with no inputs, and a whole login with sf state (alias, target-dev-hub) in a fresh HOME against the local
// stub. Prints medians and the ratio now / base; nothing is written outside a temp folder, which it removes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKeyPair } from '../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../test-support/salesforce-stub.mjs';
import { Job, repoRoot } from '../test-support/runner.mjs';
import { benchArgs, benchLoginInputs, median } from './common.mjs';

const args = benchArgs();
const base = args.get('base');
const ROUNDS = Number(args.get('rounds') ?? 15);
if (!base || base === 'true') {
  console.error('usage: node bench/compare-dist.mjs --base=<git revision> [--rounds=15]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'sfjwt-compare-'));
const baseDist = join(work, 'base-dist');
mkdirSync(baseDist);
for (const file of ['index.js', 'post.js'])
  writeFileSync(join(baseDist, file), execFileSync('git', ['show', `${base}:dist/${file}`], { cwd: repoRoot }));
const dists = { base: baseDist, now: join(repoRoot, 'dist') };

const keys = makeKeyPair();
const CLIENT_ID = '3MVG9bench.compare';
const user = makeUser('ci@compare.example.com', { isDevHub: true });
const stub = new SalesforceStub({ publicKey: keys.publicPem, clientId: CLIENT_ID, users: [user] });
const url = await stub.start();

const coldStart = (dist, entry) => {
  const home = mkdtempSync(join(work, 'cold-'));
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, [join(dist, entry)], {
    env: { PATH: process.env.PATH, HOME: home, RUNNER_TEMP: home },
    stdio: 'ignore'
  });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const loginWithState = async (dist) => {
  const job = new Job(mkdtempSync(join(work, 'job-')));
  const t = process.hrtime.bigint();
  const step = await job.runStep(benchLoginInputs(CLIENT_ID, user, keys, url), { script: join(dist, 'index.js') });
  if (step.code !== 0) throw new Error(`the login failed:\n${step.stdout}${step.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
};

const measures = {
  'cold start, index.js': (dist) => coldStart(dist, 'index.js'),
  'cold start, post.js': (dist) => coldStart(dist, 'post.js'),
  'login with sf state': loginWithState
};
try {
  console.log(`dist/ of ${base} against this tree, ${ROUNDS} alternating rounds after a warm-up, medians\n`);
  console.log('| | base | now | now / base |\n|---|---|---|---|');
  for (const [name, measure] of Object.entries(measures)) {
    await measure(dists.base);
    await measure(dists.now);
    const times = { base: [], now: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const which of round % 2 ? ['now', 'base'] : ['base', 'now']) times[which].push(await measure(dists[which]));
    const [b, n] = [median(times.base), median(times.now)];
    console.log(`| ${name} | ${b.toFixed(1)} ms | ${n.toFixed(1)} ms | ${(n / b).toFixed(2)} |`);
  }
} finally {
  await stub.stop();
  rmSync(work, { recursive: true, force: true });
}
