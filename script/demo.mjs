// The action end to end, on this machine: a throwaway key, a local Salesforce stub on 127.0.0.1 that verifies the
// JWT, and dist/index.js run exactly as a GitHub runner runs it. Prints what the step did, token masked; then, as a
// later step of the same job, the real sf CLI (when installed) shows the org from the state the step wrote, with no
// login of its own; then the post step, and the job summary as text. Leaves nothing behind: the job folder (HOME,
// RUNNER_TEMP, the key copy) is removed at the end, also after a failure.
//
// sf may contact login.salesforce.com when a request fails (docs/sf-state.md). script/demo runs this file in a
// network namespace with only loopback when it can (as root) and says so in SFJWT_ISOLATED_NETWORK=1; elsewhere sf
// runs only after the stub has accepted the very request sf starts with, so sf has no failure to fall back from.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { staleDistReason } from '../test-support/fresh-dist.mjs';
import { makeUser, startStub } from '../test-support/salesforce-stub.mjs';
import { Job, maskedValues, repoRoot, runProcess } from '../test-support/runner.mjs';
import { sfEnv } from '../test-support/sf-env.mjs';
import { summaryText } from '../test-support/summary-text.mjs';

const SF_MISSING =
  'sf is not installed here (set SFJWT_SF_BIN or put sf on PATH; `. script/bootstrap --sf-cli` caches one): skipped.';
const NOT_ISOLATED =
  '(no loopback-only network here, as script/demo arranges for root: sf runs because the stub just accepted the ' +
  'request sf starts with, so it has no failure to retry against login.salesforce.com)';

const stale = staleDistReason(repoRoot);
if (stale) {
  console.error(stale);
  process.exit(1);
}
const hub = makeUser('ci@devhub.example.com', { isDevHub: true, orgName: 'Demo Dev Hub' });
const { keys, stub, url } = await startStub('3MVG9demo.consumer.key', [hub]);
// Like a fresh scratch org: the first two token requests get "user hasn't approved this consumer".
stub.script.push('not-approved', 'not-approved');
const job = new Job();
console.log(`Salesforce stub listening on ${url}; job folder ${job.root} (removed at the end)\n`);
let code = 1;
try {
  code = await demo();
} finally {
  await stub.stop();
  job.remove();
}
process.exit(code);

/** Runs the main step and the post step, printing what each did; returns the exit code of the pair. */
async function demo() {
  const step = await job.runStep({
    'client-id': '3MVG9demo.consumer.key',
    username: hub.username,
    'private-key': keys.pkcs8,
    'instance-url': url,
    alias: 'devhub',
    'set-default-dev-hub': 'true'
  });

  const secrets = maskedValues(step.stdout);
  const hide = (text) => secrets.reduce((t, s) => (s.length > 3 ? t.split(s).join('***') : t), text);
  /** What the runner shows of a step's standard output: ::add-mask:: lines omitted, secrets hidden. */
  const shown = (stdout) =>
    hide(
      stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n')
    ).trim();
  console.log('--- step log (what the runner shows; ::add-mask:: lines omitted) ---');
  console.log(shown(step.stdout));
  if (step.stderr.trim()) console.log(hide(step.stderr.trim()));
  console.log('\n--- outputs ---');
  for (const [name, value] of Object.entries(step.outputs)) console.log(`${name.padEnd(16)} ${hide(value)}`);
  const sfdx = join(job.home, '.sfdx');
  if (existsSync(sfdx)) {
    console.log(`\n--- sf state in ${job.home} ---`);
    for (const f of readdirSync(sfdx)) console.log(`~/.sfdx/${f}`);
    const authFile = join(sfdx, `${hub.username}.json`);
    if (existsSync(authFile)) console.log(hide(readFileSync(authFile, 'utf8')));
  }
  const sfConfig = join(job.home, '.sf', 'config.json');
  if (existsSync(sfConfig)) console.log(`~/.sf/config.json: ${readFileSync(sfConfig, 'utf8').trim()}`);
  console.log(
    `\nexit code ${step.code}; ${stub.tokenRequests().length} token requests; wall time ${step.elapsedMs} ms (including two "not approved" retries)`
  );
  const sfCode = step.code === 0 ? await laterSfStep(step, hide) : 0;

  const post = await job.runPost(step, {});
  console.log('\n--- post step (runs at the end of the job, even after a failure) ---');
  console.log(shown(post.stdout));
  const left = existsSync(sfdx) ? readdirSync(sfdx) : [];
  console.log(
    `left in ~/.sfdx: ${left.join(', ') || 'nothing'}; left in RUNNER_TEMP: ${readdirSync(job.runnerTemp).join(', ') || 'nothing'}; token revoked: ${stub.revoked.size === 1}`
  );
  console.log('\n--- job summary (what GitHub shows on the run page), as text ---');
  console.log(summaryText(`${step.summary}${post.summary}`) || '(empty)');
  return step.code || sfCode || post.code || 0;
}

/** The real sf CLI: SFJWT_SF_BIN (script/bootstrap exports the one it cached), else `sf` on PATH. */
function findSf() {
  const candidates = process.env.SFJWT_SF_BIN
    ? [process.env.SFJWT_SF_BIN]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'sf'));
  return candidates.find((path) => path && existsSync(path));
}

/** Whether the stub answers sf's first request (the org's API version, with the token sf will send) with 200. */
async function stubAccepts(step) {
  const auth = JSON.parse(readFileSync(step.outputs['auth-file'], 'utf8'));
  const url = `${step.outputs['instance-url']}/services/data/v${auth.instanceApiVersion}`;
  const answer = await fetch(url, { headers: { Authorization: `Bearer ${step.outputs['access-token']}` } });
  return answer.ok;
}

/** A later step of the job: `sf org display` on the alias the step set; returns sf's exit code (0 when skipped). */
async function laterSfStep(step, hide) {
  console.log('\n--- a later step: sf org display --target-org devhub (the real sf CLI, no login of its own) ---');
  const sf = findSf();
  if (!sf) {
    console.log(SF_MISSING);
    return 0;
  }
  if (process.env.SFJWT_ISOLATED_NETWORK === '1') {
    console.log('(in a network namespace with nothing but loopback: sf can reach the stub and no other host)');
  } else {
    if (!(await stubAccepts(step))) {
      console.log('skipped: the stub refused the token, and sf would then try login.salesforce.com.');
      return 1;
    }
    console.log(NOT_ISOLATED);
  }
  const before = stub.allRequests().length;
  const started = Date.now();
  const r = await runProcess(sf, ['org', 'display', '--target-org', 'devhub'], {
    env: sfEnv(job),
    cwd: job.workspace,
    timeoutMs: 60_000
  });
  console.log(hide(r.stdout.trim()));
  if (r.code !== 0) console.log(hide(r.stderr.trim()));
  const asked = stub.allRequests().slice(before);
  const paths = [...new Set(asked.map((q) => `${q.method} ${q.path}`))].join(', ') || 'none';
  console.log(`sf exited ${r.code} after ${Date.now() - started} ms; ${asked.length} requests to the stub (${paths})`);
  return r.code ?? 1;
}
