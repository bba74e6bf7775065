// Every end-to-end scenario (success, retries, each failure), with and without debug logging, then the post step:
// the private key (any 40-character run of its base64 body), the passphrase, every access token the stub issued and
// every JWT assertion sent must appear nowhere but in ::add-mask:: lines and the access-token output.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { makeKeyPair } from '../../test-support/keys.mjs';
import { SalesforceStub, makeUser } from '../../test-support/salesforce-stub.mjs';
import { Job, filesUnder, parseCommandFile } from '../../test-support/runner.mjs';

const CLIENT_ID = '3MVG9e2e.leak';
const PASSPHRASE = 'correct horse battery staple';
const user = makeUser('ci@leak.example.com', { isDevHub: true });
let keys: ReturnType<typeof makeKeyPair>;
let otherKeys: ReturnType<typeof makeKeyPair>;
let closedPort: number;

type Scenario = {
  name: string;
  expectCode: 0 | 1;
  inputs?: Record<string, string>;
  script?: Array<string | { error: string; description: string }>;
  audiences?: string[];
  key?: () => string;
  url?: () => string;
};

const scenarios: Scenario[] = [
  { name: 'success with sf state', expectCode: 0 },
  {
    name: 'success, encrypted key as base64 with passphrase',
    expectCode: 0,
    key: () => Buffer.from(keys.encryptedPkcs8(PASSPHRASE)).toString('base64')
  },
  { name: 'success, legacy encrypted PEM with passphrase', expectCode: 0, key: () => keys.legacyEncrypted(PASSPHRASE) },
  { name: 'success, key with literal \\n', expectCode: 0, key: () => keys.pkcs1.trim().replace(/\n/g, '\\n') },
  { name: 'success without sf state', expectCode: 0, inputs: { 'write-sf-state': 'false' } },
  { name: 'retries "not approved" then succeeds', expectCode: 0, script: ['not-approved', 'not-approved'] },
  { name: '503 then success', expectCode: 0, script: ['503'] },
  { name: 'reset mid-response then success', expectCode: 0, script: ['reset'] },
  {
    name: 'hang past the request timeout then success',
    expectCode: 0,
    script: ['hang'],
    inputs: { 'request-timeout': '1' }
  },
  { name: 'wrong client id', expectCode: 1, inputs: { 'client-id': 'wrong-consumer-key' } },
  { name: 'no audience accepted', expectCode: 1, audiences: ['https://nowhere.example.com'] },
  { name: 'key does not match the certificate', expectCode: 1, key: () => otherKeys.pkcs8 },
  { name: 'unknown user', expectCode: 1, inputs: { username: 'nobody@leak.example.com', 'approval-timeout': '0' } },
  {
    name: 'approval timeout runs out',
    expectCode: 1,
    script: Array(20).fill('not-approved'),
    inputs: { 'approval-timeout': '2' }
  },
  {
    name: 'wrong passphrase',
    expectCode: 1,
    key: () => keys.encryptedPkcs8(PASSPHRASE),
    inputs: { 'private-key-passphrase': 'not the passphrase' }
  },
  {
    name: 'encrypted key without passphrase',
    expectCode: 1,
    key: () => keys.encryptedPkcs8(PASSPHRASE),
    inputs: { 'private-key-passphrase': '' }
  },
  { name: 'HTML instead of JSON', expectCode: 1, script: ['html'] },
  { name: 'token response missing fields', expectCode: 1, script: ['missing-fields'] },
  { name: 'instance_url not https', expectCode: 1, script: ['http-instance'] },
  { name: 'External Client App not installed', expectCode: 1, script: ['eca-not-installed'] },
  { name: 'connection refused', expectCode: 1, url: () => `http://127.0.0.1:${closedPort}` },
  {
    name: 'a 3 MB error_description with escape sequences and newlines',
    expectCode: 1,
    script: [
      {
        error: 'invalid_grant',
        description: '\x1b[31mno\x1b[0m\n::add-mask::x\r\n the org refused it for reasons of its own '.repeat(50_000)
      }
    ]
  }
];

beforeAll(async () => {
  keys = makeKeyPair();
  otherKeys = makeKeyPair();
  closedPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
});

/** Every 40-character run of each secret form: a leak of any longer piece contains one of them. */
function needles(stub: SalesforceStub, keyInput: string): Map<string, string> {
  const found = new Map<string, string>();
  const runs = (label: string, text: string) => {
    const compact = text.replace(/-----[^-]+-----/g, '').replace(/\s|\\n/g, '');
    for (let i = 0; i + 40 <= compact.length; i++) found.set(compact.slice(i, i + 40), label);
  };
  runs('private key (PKCS#8 body)', keys.body);
  runs('private key (PKCS#1 body)', keys.pkcs1);
  runs('private key (as given)', keyInput);
  runs('other private key', otherKeys.body);
  found.set(PASSPHRASE, 'passphrase');
  for (const token of [...stub.tokens.keys(), ...stub.revoked]) found.set(token, 'access token');
  for (const r of stub.tokenRequests()) if (r.assertion) found.set(r.assertion, 'JWT assertion');
  return found;
}

async function runScenario(s: Scenario, debug: boolean) {
  const stub = new SalesforceStub({
    publicKey: keys.publicPem,
    clientId: CLIENT_ID,
    users: [user],
    audiences: s.audiences
  });
  const url = await stub.start();
  stub.script.push(...((s.script ?? []) as never[]));
  const keyInput = s.key ? s.key() : keys.pkcs8;
  const job = new Job();
  const env: Record<string, string> = debug ? { RUNNER_DEBUG: '1' } : {};
  try {
    const main = await job.runStep(
      {
        'client-id': CLIENT_ID,
        username: user.username,
        'private-key': keyInput,
        'private-key-passphrase': PASSPHRASE,
        'instance-url': s.url ? s.url() : url,
        alias: 'hub',
        'set-default': 'true',
        ...s.inputs
      },
      { env }
    );
    const post = await job.runPost(main, {}, { env });
    const haystacks: Array<[string, string]> = [];
    for (const [step, label] of [
      [main, 'main'],
      [post, 'post']
    ] as const) {
      haystacks.push([
        `${label} stdout`,
        step.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n')
      ]);
      haystacks.push([`${label} stderr`, step.stderr]);
      const outputs = parseCommandFile(readFileSync(step.files.output, 'utf8'));
      delete outputs['access-token'];
      haystacks.push([`${label} GITHUB_OUTPUT`, JSON.stringify(outputs)]);
      for (const f of ['env', 'state', 'path', 'summary'] as const)
        haystacks.push([`${label} ${f} file`, readFileSync(step.files[f], 'utf8')]);
    }
    for (const f of [...filesUnder(job.home), ...filesUnder(job.runnerTemp)])
      haystacks.push([f, readFileSync(f, 'utf8')]);
    const secrets = needles(stub, keyInput);
    const leaks: string[] = [];
    for (const [where, text] of haystacks) {
      const flat = text.replace(/\s/g, '');
      for (const [needle, what] of secrets) {
        if (text.includes(needle) || flat.includes(needle)) {
          leaks.push(`${what} in ${where}`);
          break;
        }
      }
    }
    return { main, post, leaks, tokenCount: stub.tokens.size + stub.revoked.size };
  } finally {
    await stub.stop();
  }
}

describe('no secret in any output', () => {
  for (const debug of [false, true]) {
    describe(debug ? 'with debug logging (RUNNER_DEBUG=1)' : 'with normal logging', () => {
      it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
        const { main, post, leaks, tokenCount } = await runScenario(scenario, debug);
        expect(main.code).toBe(scenario.expectCode);
        expect(post.code).toBe(0);
        expect(leaks).toEqual([]);
        if (scenario.expectCode === 0) expect(tokenCount).toBeGreaterThan(0);
      });
    });
  }

  it('the leak search itself finds a leak (a test that cannot fail is a defect)', async () => {
    const stub = new SalesforceStub({ publicKey: keys.publicPem, clientId: CLIENT_ID, users: [user] });
    await stub.start();
    const secrets = needles(stub, keys.pkcs8);
    await stub.stop();
    const leaked = `some log line ${keys.body.slice(500, 545)} more`;
    expect([...secrets.keys()].some((n) => leaked.includes(n))).toBe(true);
  });
});
