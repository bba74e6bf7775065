// npm run bench: our action against `sf org login jwt` and a bare floor script, side by side in one run, against the
// local Salesforce stub with the same key, user and org. Prints a table and writes bench/results/latest.json.
// Medians of alternating runs after a warm-up; ratios are computed from those medians, never from written figures.
// Run as root, it measures sf inside a loopback-only network namespace (sf contacts public hosts when a login fails).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeKeyPair } from '../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../test-support/salesforce-stub.mjs';
import { Job, distMain, runProcess } from '../test-support/runner.mjs';
import { sfEnv } from '../test-support/sf-env.mjs';
import { SF_VERSION, benchArgs, benchLoginInputs, measureSfInstall, median, rerunInner, runFacts } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = benchArgs();
const ROUNDS = Number(args.get('rounds') ?? 7);
const sfBin = process.env.SFJWT_SF_BIN;

// Outside the namespace: the one measurement that needs the registry, then re-run inside `unshare -n`.
if (!args.has('inner')) {
  const installMs = args.has('skip-install') ? null : measureSfInstall();
  rerunInner(fileURLToPath(import.meta.url), [`--install-ms=${installMs}`, `--rounds=${ROUNDS}`]);
}

const keys = makeKeyPair();
const CLIENT_ID = '3MVG9bench.consumer.key';
const user = makeUser('ci@bench.example.com', { isDevHub: true, orgName: 'Bench Hub' });
const stub = new SalesforceStub({ publicKey: keys.publicPem, clientId: CLIENT_ID, users: [user] });
const url = await stub.start();
const work = mkdtempSync(join(tmpdir(), 'sfjwt-bench-'));
const keyFile = join(work, 'server.key');
writeFileSync(keyFile, keys.pkcs8, { mode: 0o600 });

/** Each tool: run once in a fresh HOME; returns wall ms, ms to the first request, and requests made. */
const tools = {
  ours: async () => {
    const job = new Job(mkdtempSync(join(work, 'job-')));
    const mark = stub.requests.length;
    const t = Date.now();
    const step = await job.runStep(benchLoginInputs(CLIENT_ID, user, keys, url));
    if (step.code !== 0) throw new Error(`our action failed: ${step.stdout}`);
    return { ms: Date.now() - t, firstRequestMs: stub.requests[mark].at - t, requests: stub.requests.length - mark };
  },
  sf: (extraEnv) => async () => {
    if (!sfBin) return null;
    const job = new Job(mkdtempSync(join(work, 'sf-')));
    const env = sfEnv(job, extraEnv);
    if (!extraEnv.SF_DISABLE_LOG_FILE) delete env.SF_DISABLE_LOG_FILE; // as users run it: with its log file
    const mark = stub.requests.length;
    const t = Date.now();
    const r = await runProcess(
      sfBin,
      [
        'org',
        'login',
        'jwt',
        '--client-id',
        CLIENT_ID,
        '--jwt-key-file',
        keyFile,
        '--username',
        user.username,
        '--instance-url',
        url,
        '--alias',
        'hub',
        '--json'
      ],
      { env, timeoutMs: 120_000 }
    );
    if (r.code !== 0) throw new Error(`sf failed: ${r.stdout}${r.stderr}`);
    return { ms: Date.now() - t, firstRequestMs: stub.requests[mark].at - t, requests: stub.requests.length - mark };
  },
  floor: async () => {
    const mark = stub.requests.length;
    const t = Date.now();
    const r = await runProcess(
      process.execPath,
      [join(here, 'floor.mjs'), url, CLIENT_ID, user.username, keyFile, join(work, `floor-${t}.json`)],
      { env: { PATH: process.env.PATH } }
    );
    if (r.code !== 0) throw new Error(`floor failed: ${r.stderr}`);
    return { ms: Date.now() - t, firstRequestMs: stub.requests[mark].at - t, requests: stub.requests.length - mark };
  }
};
const contenders = {
  ours: tools.ours,
  'sf (as users run it)': tools.sf({}),
  'sf (SF_DISABLE_LOG_FILE)': tools.sf({ SF_DISABLE_LOG_FILE: 'true' }),
  floor: tools.floor
};

const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
const names = Object.keys(contenders);
for (const name of names) await contenders[name](); // warm-up (disk cache, stub)
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no contender always runs first.
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    const s = await contenders[name]();
    if (s) samples[name].push(s);
  }
}

// Cold start with the stub answering instantly: node start to the first HTTP request, and a login-only run.
const loginOnly = [];
for (let i = 0; i < ROUNDS; i++) {
  const job = new Job(mkdtempSync(join(work, 'cold-')));
  const t = Date.now();
  const step = await job.runStep({
    'client-id': CLIENT_ID,
    username: user.username,
    'private-key': keys.pkcs8,
    'instance-url': url,
    'write-sf-state': 'false',
    cleanup: 'false'
  });
  if (step.code !== 0) throw new Error(step.stdout);
  loginOnly.push(Date.now() - t);
}
// The same login with sf-cli-version set and sf already in the tool cache (verify off): what the lazy feature adds.
const withSfCli = [];
if (sfBin) {
  const toolCache = join(work, 'toolcache');
  const dir = join(toolCache, 'sf-cli', SF_VERSION, process.arch);
  mkdirSync(dirname(dir), { recursive: true });
  // The bootstrap's sf install has the layout npm install --prefix leaves: reuse it as the tool-cache entry.
  symlinkSync(join(dirname(sfBin), '..', '..'), dir);
  writeFileSync(`${dir}.complete`, '');
  for (let i = 0; i < ROUNDS; i++) {
    const job = new Job(mkdtempSync(join(work, 'lazy-')));
    const t = Date.now();
    const step = await job.runStep(
      {
        'client-id': CLIENT_ID,
        username: user.username,
        'private-key': keys.pkcs8,
        'instance-url': url,
        'write-sf-state': 'false',
        cleanup: 'false',
        'sf-cli-version': SF_VERSION,
        verify: 'false'
      },
      { env: { RUNNER_TOOL_CACHE: toolCache } }
    );
    if (step.code !== 0 || step.outputs['sf-cli-cache-hit'] !== 'true') throw new Error(step.stdout);
    withSfCli.push(Date.now() - t);
  }
}
// What loading @actions/cache and @actions/exec eagerly would add to every login (unbundled import, fresh process).
const eagerModules = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = Date.now();
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "await import('@actions/cache'); await import('@actions/exec');"],
    { cwd: join(here, '..') }
  );
  eagerModules.push(Date.now() - t);
}
const bareNode = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = Date.now();
  execFileSync(process.execPath, ['-e', '0']);
  bareNode.push(Date.now() - t);
}

// The approval wait: "user hasn't approved this consumer" for the first 10 s.
stub.notApprovedUntil = Date.now() + 10_000;
const waitJob = new Job(mkdtempSync(join(work, 'wait-')));
const tWait = Date.now();
const waited = await waitJob.runStep({
  'client-id': CLIENT_ID,
  username: user.username,
  'private-key': keys.pkcs8,
  'instance-url': url,
  'write-sf-state': 'false'
});
const approvalMs = Date.now() - tWait;
const approvalAttempts = (waited.stdout.match(/hasn't approved this consumer/g) ?? []).length + 1;
await stub.stop();

const med = (name, field = 'ms') => median(samples[name].map((s) => s[field]));
const facts = await runFacts(args, ROUNDS);
const { installMs } = facts;
const result = {
  ...facts,
  sfVersion: sfBin ? SF_VERSION : null,
  medianMs: Object.fromEntries(names.map((n) => [n, samples[n].length ? med(n) : null])),
  firstRequestMs: Object.fromEntries(names.map((n) => [n, samples[n].length ? med(n, 'firstRequestMs') : null])),
  requestsPerLogin: Object.fromEntries(names.map((n) => [n, samples[n][0]?.requests ?? null])),
  loginOnlyMs: median(loginOnly),
  loginOnlyWithSfCliFromToolCacheMs: withSfCli.length ? median(withSfCli) : null,
  cacheAndExecImportMs: median(eagerModules),
  bareNodeMs: median(bareNode),
  distIndexBytes: statSync(distMain).size,
  approval: {
    blockedForMs: 10_000,
    succeededAfterMs: approvalMs,
    attempts: approvalAttempts,
    overshoot: (approvalMs - 10_000) / 10_000
  }
};
const ours = result.medianMs.ours;
result.ratios = {
  sfAsUsersRunItOverOurs: result.medianMs['sf (as users run it)']
    ? result.medianMs['sf (as users run it)'] / ours
    : null,
  sfNoLogFileOverOurs: result.medianMs['sf (SF_DISABLE_LOG_FILE)']
    ? result.medianMs['sf (SF_DISABLE_LOG_FILE)'] / ours
    : null,
  installPlusSfOverOurs:
    installMs && result.medianMs['sf (as users run it)']
      ? (installMs + result.medianMs['sf (as users run it)']) / ours
      : null,
  oursOverFloor: ours / result.medianMs.floor
};

const fmt = (v, unit = ' ms') => (v === null || Number.isNaN(v) ? 'n/a' : `${Math.round(v)}${unit}`);
const ratio = (v) => (v === null ? 'n/a' : `${v.toFixed(1)}x`);
const lines = [
  `sf-jwt-login bench, ${result.date}, ${result.machine}${result.isolated ? ', sf in a loopback-only namespace' : ''}, ${ROUNDS} rounds`,
  '',
  '| login (fresh process, fresh HOME) | median | to first request | requests |',
  '|---|---|---|---|',
  ...names.map(
    (n) =>
      `| ${n} | ${fmt(result.medianMs[n])} | ${fmt(result.firstRequestMs[n])} | ${result.requestsPerLogin[n] ?? 'n/a'} |`
  ),
  '',
  `sf ${SF_VERSION} as users run it / ours: ${ratio(result.ratios.sfAsUsersRunItOverOurs)} (target >= 10x); with SF_DISABLE_LOG_FILE: ${ratio(result.ratios.sfNoLogFileOverOurs)}`,
  `npm install @salesforce/cli once: ${fmt(installMs)}; (install + sf) / ours: ${ratio(result.ratios.installPlusSfOverOurs)} (target >= 300x)`,
  `ours / floor: ${ratio(result.ratios.oursOverFloor)} (target <= 2x)`,
  `cold start: bare node ${fmt(result.bareNodeMs)}; dist/index.js login only (no sf state) ${fmt(result.loginOnlyMs)}; dist/index.js ${(result.distIndexBytes / 1024).toFixed(0)} KiB`,
  `lazy modules: login only ${fmt(result.loginOnlyMs)}; with sf-cli-version (sf in the tool cache, verify off) ${fmt(result.loginOnlyWithSfCliFromToolCacheMs)}; a fresh node importing @actions/cache + @actions/exec takes ${fmt(result.cacheAndExecImportMs)} (bare node ${fmt(result.bareNodeMs)}), which the login-only path never pays`,
  `approval wait: stub refused for 10 s, login succeeded after ${fmt(approvalMs)} in ${approvalAttempts} token requests, overshoot ${(result.approval.overshoot * 100).toFixed(0)}% (target <= 25%)`
];
console.log(lines.join('\n'));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(here, 'results', 'latest.md'), `${lines.join('\n')}\n`);
// Keep the latest figures in the README, with their date and machine.
const readmeFile = join(here, '..', 'README.md');
const readme = readFileSync(readmeFile, 'utf8');
const [a, b] = [readme.indexOf('<!-- bench:start -->'), readme.indexOf('<!-- bench:end -->')];
if (a >= 0 && b > a) {
  const section = `<!-- bench:start -->\nMeasured by \`npm run bench\` (${result.rounds} alternating rounds after a warm-up; medians):\n\n${lines.slice(2).join('\n')}\n\n${lines[0]}\n`;
  writeFileSync(readmeFile, readme.slice(0, a) + section + readme.slice(b));
}
rmSync(work, { recursive: true, force: true });
