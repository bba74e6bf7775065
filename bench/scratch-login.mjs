// The closing figures of issue 13: a scratch-org login by username, Dev Hub lookup included, side by side in one run
// against the local stub. Ours: this action (dist/) with `dev-hub` and the username: it asks the hub for the org's
// LoginUrl and logs in there. The manual path of Salesforce's JWT guide, with the real sf: `sf data query` on the hub
// for the LoginUrl, then `sf org login jwt --instance-url <LoginUrl>`; and in a fresh runner, installing sf first.
// Each round starts from a fresh HOME in which the hub is logged in (by this action, not timed); wall time and the
// requests every stub host received are measured for the scratch-org part only. Medians of alternating rounds after
// a warm-up. Run as root, everything but the install runs in a loopback-only network namespace.
//   node bench/scratch-login.mjs [--rounds=7] [--skip-install]   (after `. script/bootstrap --sf-cli` and a build)
// --skip-install reuses the install time bench/run.mjs last measured (bench/results/latest.json).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeKeyPair } from '../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../test-support/salesforce-stub.mjs';
import { Job, runProcess } from '../test-support/runner.mjs';
import { sfEnv } from '../test-support/sf-env.mjs';
import { SF_VERSION, benchArgs, measureSfInstall, median, rerunInner, runFacts } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = benchArgs();
const ROUNDS = Number(args.get('rounds') ?? 7);
const sfBin = process.env.SFJWT_SF_BIN;

// Outside the namespace: the install (it needs the registry), then the rest inside `unshare -n`.
if (!args.has('inner')) {
  if (!sfBin) {
    console.error('bench: SFJWT_SF_BIN is not set; run `. script/bootstrap --sf-cli` first.');
    process.exit(2);
  }
  const last = join(here, 'results', 'latest.json');
  const install = args.has('skip-install')
    ? {
        ms: existsSync(last) ? JSON.parse(readFileSync(last, 'utf8')).installMs : null,
        how: 'from bench/results/latest.json (bench/run.mjs)'
      }
    : { ms: measureSfInstall(), how: 'measured now, into an empty folder' };
  rerunInner(fileURLToPath(import.meta.url), [
    `--install-ms=${install.ms}`,
    `--install-how=${install.how}`,
    `--rounds=${ROUNDS}`
  ]);
}

const keys = makeKeyPair();
const CLIENT_ID = '3MVG9bench.scratch.key';
const hub = makeUser('ci@hub.bench.example.com', { isDevHub: true, orgName: 'Bench Hub' });
const stub = new SalesforceStub({ publicKey: keys.publicPem, clientId: CLIENT_ID, users: [hub] });
const hubUrl = await stub.start();
const username = 'test-bench@scratch.bench.example.com';
const { org } = await stub.addScratchOrg({ username });
const work = mkdtempSync(join(tmpdir(), 'sfjwt-bench-scratch-'));
const keyFile = join(work, 'server.key');
writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });
const base = { 'client-id': CLIENT_ID, 'private-key': keys.pkcs8 };

/** A fresh job (HOME) whose sf state has the Dev Hub, logged in by this action (not timed). */
async function jobWithHub(name) {
  const job = new Job(mkdtempSync(join(work, `${name}-`)));
  const step = await job.runStep({ ...base, username: hub.username, 'instance-url': hubUrl, alias: 'hub' });
  if (step.code !== 0) throw new Error(`hub login failed: ${step.stdout}`);
  return job;
}

/** Wall time and requests (every stub host) of `run`. */
async function measured(run) {
  const mark = stub.allRequests().length;
  const t = Date.now();
  await run();
  return { ms: Date.now() - t, requests: stub.allRequests().length - mark };
}

const contenders = {
  ours: async () => {
    const job = await jobWithHub('ours');
    return measured(async () => {
      const step = await job.runStep({ ...base, username, 'dev-hub': 'hub', alias: 'so' });
      if (step.code !== 0 || step.outputs['login-url'] !== org.url) throw new Error(`ours failed: ${step.stdout}`);
    });
  },
  manual: async () => {
    const job = await jobWithHub('sf');
    const env = sfEnv(job);
    delete env.SF_DISABLE_LOG_FILE; // as users run it: with its log file
    const sf = async (argv) => {
      const r = await runProcess(sfBin, [...argv, '--json'], { env, cwd: job.workspace, timeoutMs: 120_000 });
      if (r.code !== 0) throw new Error(`sf ${argv.slice(0, 3).join(' ')} failed: ${r.stdout}${r.stderr}`);
      return JSON.parse(r.stdout).result;
    };
    return measured(async () => {
      const soql = `SELECT SignupUsername, LoginUrl FROM ScratchOrgInfo WHERE SignupUsername='${username}'`;
      const found = await sf(['data', 'query', '--target-org', 'hub', '--query', soql]);
      const loginUrl = found.records[0].LoginUrl;
      await sf(
        ['org', 'login', 'jwt', '--client-id', CLIENT_ID, '--jwt-key-file', keyFile].concat([
          '--username',
          username,
          '--instance-url',
          loginUrl,
          '--alias',
          'so'
        ])
      );
    });
  }
};

const names = Object.keys(contenders);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (const name of names) await contenders[name](); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    samples[name].push(await contenders[name]());
  }
}
await stub.stop();
rmSync(work, { recursive: true, force: true });

const med = (name, field) => median(samples[name].map((s) => s[field]));
const facts = await runFacts(args, ROUNDS);
const { installMs } = facts;
const result = {
  ...facts,
  sfVersion: SF_VERSION,
  medianMs: { ours: med('ours', 'ms'), manual: med('manual', 'ms') },
  requests: { ours: med('ours', 'requests'), manual: med('manual', 'requests') },
  installHow: args.get('install-how')
};
result.ratios = {
  manualOverOurs: result.medianMs.manual / result.medianMs.ours,
  installPlusManualOverOurs: installMs ? (installMs + result.medianMs.manual) / result.medianMs.ours : null
};
const fmt = (ms) => (ms === null ? 'n/a' : `${Math.round(ms)} ms`);
const lines = [
  `sf-jwt-login scratch-org bench, ${result.date}, ${result.machine}${result.isolated ? ', loopback-only namespace' : ''}, ${ROUNDS} rounds`,
  '',
  '| scratch-org login by username, Dev Hub lookup included (fresh HOME, hub logged in) | median | requests |',
  '|---|---|---|',
  `| ours: dev-hub + username (dist/index.js) | ${fmt(result.medianMs.ours)} | ${result.requests.ours} |`,
  `| manual: sf data query (LoginUrl) + sf org login jwt --instance-url (sf ${SF_VERSION}) | ${fmt(result.medianMs.manual)} | ${result.requests.manual} |`,
  '',
  `manual / ours: ${result.ratios.manualOverOurs.toFixed(1)}x`,
  `npm install @salesforce/cli@${SF_VERSION}: ${fmt(installMs)} (${result.installHow}); install + manual: ` +
    `${installMs ? `${((installMs + result.medianMs.manual) / 1000).toFixed(1)} s, ${result.ratios.installPlusManualOverOurs.toFixed(0)}x ours` : 'n/a'}`
];
console.log(lines.join('\n'));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'scratch-login.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(here, 'results', 'scratch-login.md'), `${lines.join('\n')}\n`);
