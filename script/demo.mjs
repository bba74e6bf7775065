// The action end to end, on this machine: a throwaway key, a local Salesforce stub on 127.0.0.1 that verifies the
// JWT, and dist/index.js run exactly as a GitHub runner runs it. Prints what the step did, token masked. Leaves
// nothing behind: the job folder (HOME, RUNNER_TEMP, the key copy) is removed at the end, also after a failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { staleDistReason } from '../test-support/fresh-dist.mjs';
import { makeUser, startStub } from '../test-support/salesforce-stub.mjs';
import { Job, maskedValues, repoRoot } from '../test-support/runner.mjs';

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

  const post = await job.runPost(step, {});
  console.log('\n--- post step (runs at the end of the job, even after a failure) ---');
  console.log(shown(post.stdout));
  const left = existsSync(sfdx) ? readdirSync(sfdx) : [];
  console.log(
    `left in ~/.sfdx: ${left.join(', ') || 'nothing'}; left in RUNNER_TEMP: ${readdirSync(job.runnerTemp).join(', ') || 'nothing'}; token revoked: ${stub.revoked.size === 1}`
  );
  return step.code || post.code || 0;
}
