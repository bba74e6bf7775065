// The built dist/cli.js (`npx --yes @sf-jwt-login/cli`), run in child processes: keygen checked by OpenSSL, check on good and bad
// pairs, and login end to end against the local Salesforce stub (127.0.0.1 only), its sf state read back by the real
// @salesforce/core exactly as the action's is.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SalesforceStub, makeUser } from '../../test-support/salesforce-stub.mjs';
import { guideKeys, openssl } from '../../test-support/openssl.mjs';
import { Job, repoRoot, runProcess } from '../../test-support/runner.mjs';
import { readWithCore } from '../../test-support/sf-env.mjs';
import { buildCertificate } from '../../src/keys/keygen.js';
import { DAY_MS } from '../../src/keys/certificate.js';

const distCli = join(repoRoot, 'dist', 'cli.js');
const CLIENT_ID = '3MVG9e2e.cli';
const user = makeUser('ci@cli.example.com', { isDevHub: true, orgName: 'Hub' });

/**
 * Runs dist/cli.js with a clean environment: nothing of this machine's sf or Salesforce settings leaks in. sf's key
 * store is key.json (SF_USE_GENERIC_UNIX_KEYCHAIN, as in CI and the GitLab example); the keyring path has its own
 * test (keychain-libsecret.test.ts).
 */
function cli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; home?: string; input?: string } = {}
) {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'sfjwt-cli-home-'));
  return runProcess(process.execPath, [distCli, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      USERPROFILE: home,
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      ...options.env
    },
    cwd: options.cwd ?? home,
    input: options.input,
    timeoutMs: 60_000
  });
}

const fresh = (name = 'sfjwt-cli-') => mkdtempSync(join(tmpdir(), name));
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const keyBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
/** One-line failure, no stack trace. */
function expectOneLineError(r: { stdout: string; stderr: string }, message: RegExp) {
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('--help and usage errors', () => {
  // Every row has two cells, as the callback has two parameters.
  it.each([
    ['keygen', /--bits <n>[\s\S]*--days <n>[\s\S]*--out-dir[\s\S]*--force/],
    ['check', /--cert <file>[\s\S]*--key <file>[\s\S]*--expiry-warning-days/],
    [
      'login',
      /--client-id[\s\S]*--jwt-key-file[\s\S]*--username[\s\S]*--instance-url[\s\S]*--alias[\s\S]*--set-default[\s\S]*--set-default-dev-hub[\s\S]*--show-token/
    ]
  ])('%s --help', async (command, text) => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: sf-jwt-login ${command}`));
    expect(r.stdout).toMatch(text);
    expect((await cli(['help', command])).stdout).toBe(r.stdout);
  });

  it('lists the commands with --help or no command', async () => {
    for (const args of [['--help'], []]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/keygen[\s\S]*check[\s\S]*login/);
    }
  });

  it.each([
    [['frobnicate'], /^error: unknown command "frobnicate"; the commands are keygen, check, login/],
    [['keygen', '--bogus'], /^error: keygen has no option --bogus; see sf-jwt-login keygen --help\./],
    [['keygen', '--days'], /^error: --days needs a value/],
    [['keygen', '--bits', '1024'], /^error: --bits must be 2048, 3072, 4096 \(got "1024"\)/],
    [['keygen', '--days', '0'], /^error: --days must be a whole number of days from 1/],
    [['keygen', '--c', 'USA'], /^error: --c: subject field C must be a two-letter country code/],
    [['keygen', '--subject', '/CN=x', '--cn', 'y'], /^error: give either --subject or the single fields/],
    [['keygen', '--encrypt'], /^error: --encrypt needs a passphrase: give --passphrase or set SF_JWT_KEY_PASSPHRASE/],
    [['check'], /^error: check needs --cert <file>/],
    [['check', 'server.crt'], /^error: check takes no arguments besides options/],
    [['login', '--username', 'ci@example.com'], /^error: login needs --client-id/],
    [
      ['login', '-i', 'x', '-o', 'ci@example.com'],
      /^error: login needs the private key: --jwt-key-file <file>, or its text, base64 or path in SF_JWT_KEY/
    ]
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLineError(r, message);
  });
});

describe('keygen, checked by OpenSSL', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = fresh();
    run = await cli(
      [
        'keygen',
        '--csr',
        '--encrypt',
        '--print-key',
        '--subject',
        '/C=US/ST=California/O=Acme/OU=CI/CN=ci.acme.example'
      ],
      {
        cwd: dir,
        env: { SF_JWT_KEY_PASSPHRASE: 'SomePassword' }
      }
    );
  });

  it('writes server.key (PKCS#8, 0600), server.crt, server.csr and server.pass.key (0600)', () => {
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['server.crt', 'server.csr', 'server.key', 'server.pass.key']);
    expect(readFileSync(join(dir, 'server.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(mode(join(dir, 'server.key'))).toBe('600');
    expect(mode(join(dir, 'server.pass.key'))).toBe('600');
    expect(mode(join(dir, 'server.crt'))).toBe('644');
  });

  it('makes a certificate `openssl x509 -noout -text` reads: v3, SHA-256 with RSA, 2048 bits, 365 days, the subject given', async () => {
    const r = await openssl(['x509', '-noout', '-text', '-in', 'server.crt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Version: 3 \(0x2\)/);
    expect(r.stdout).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(r.stdout).toMatch(/Public-Key: \(2048 bit\)/);
    expect(r.stdout).toMatch(/Exponent: 65537/);
    expect(r.stdout).toMatch(/Subject: C = US, ST = California, O = Acme, OU = CI, CN = ci\.acme\.example/);
    expect(r.stdout).toMatch(/Issuer: C = US, ST = California, O = Acme, OU = CI, CN = ci\.acme\.example/);
    const cert = new X509Certificate(readFileSync(join(dir, 'server.crt')));
    expect(cert.validToDate.getTime() - cert.validFromDate.getTime()).toBe(365 * DAY_MS);
  });

  it('makes a self-signed certificate `openssl verify -CAfile server.crt server.crt` accepts', async () => {
    const r = await openssl(['verify', '-CAfile', 'server.crt', 'server.crt'], { cwd: dir });
    expect(r.stdout.trim()).toBe('server.crt: OK');
    expect(r.code).toBe(0);
  });

  it('gives key, certificate, request and encrypted key the same modulus', async () => {
    const modulus = async (args: string[]) => {
      const r = await openssl([...args, '-noout', '-modulus'], { cwd: dir });
      expect(r.code).toBe(0);
      return r.stdout.trim();
    };
    const key = await modulus(['rsa', '-in', 'server.key']);
    expect(key).toMatch(/^Modulus=[0-9A-F]{512}$/);
    expect(await modulus(['x509', '-in', 'server.crt'])).toBe(key);
    expect(await modulus(['req', '-in', 'server.csr'])).toBe(key);
    expect(await modulus(['rsa', '-in', 'server.pass.key', '-passin', 'pass:SomePassword'])).toBe(key);
  });

  it('makes a request `openssl req -verify` accepts', async () => {
    const r = await openssl(['req', '-in', 'server.csr', '-noout', '-verify'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/verify OK|self-signature ok/i);
  });

  it('encrypts server.pass.key so that it opens with the passphrase and not without', async () => {
    const good = await openssl(
      ['rsa', '-in', 'server.pass.key', '-passin', 'pass:SomePassword', '-out', 'decrypted.key'],
      { cwd: dir }
    );
    expect(good.code).toBe(0);
    const decrypted = readFileSync(join(dir, 'decrypted.key'), 'utf8');
    expect(keyBody(decrypted)).toBe(keyBody(readFileSync(join(dir, 'server.key'), 'utf8')));
    const wrong = await openssl(['rsa', '-in', 'server.pass.key', '-passin', 'pass:WrongPassword', '-noout'], {
      cwd: dir
    });
    expect(wrong.code).not.toBe(0);
    const none = await openssl(['rsa', '-in', 'server.pass.key', '-passin', 'pass:', '-noout'], { cwd: dir });
    expect(none.code).not.toBe(0);
    const info = await openssl(['asn1parse', '-in', 'server.pass.key'], { cwd: dir });
    expect(info.stdout).toMatch(/PBES2[\s\S]*aes-256-cbc/);
  });

  it('prints the base64 of the secret, the fingerprints and the expiry OpenSSL reads', async () => {
    const lines = run.stdout.trim().split('\n');
    // With --encrypt, the secret printed is the encrypted key.
    expect(Buffer.from(lines[lines.length - 1], 'base64').toString('utf8')).toBe(
      readFileSync(join(dir, 'server.pass.key'), 'utf8')
    );
    expect(run.stdout).not.toContain(keyBody(readFileSync(join(dir, 'server.key'), 'utf8')).slice(0, 64));
    const fp = async (alg: string) =>
      (await openssl(['x509', '-in', 'server.crt', '-noout', '-fingerprint', `-${alg}`], { cwd: dir })).stdout
        .trim()
        .split('=')[1];
    expect(run.stdout).toContain(`SHA-1     ${await fp('sha1')}`);
    expect(run.stdout).toContain(`SHA-256   ${await fp('sha256')}`);
    const end = (await openssl(['x509', '-in', 'server.crt', '-noout', '-enddate'], { cwd: dir })).stdout
      .trim()
      .replace('notAfter=', '');
    expect(run.stdout).toContain(`Expires   ${new Date(end).toISOString().replace('.000Z', 'Z')} (in 365 days)`);
  });

  it("prints the plain key's base64 with --print-key without --encrypt, nothing of it by default, and JSON with --json", async () => {
    const d = fresh();
    const plain = await cli(['keygen', '--out-dir', 'out', '--cn', 'ci', '--print-key'], { cwd: d });
    expect(plain.code).toBe(0);
    const last = plain.stdout.trim().split('\n').pop() as string;
    expect(Buffer.from(last, 'base64').toString('utf8')).toBe(readFileSync(join(d, 'out', 'server.key'), 'utf8'));

    const quiet = await cli(['keygen', '--out-dir', 'quiet'], { cwd: d });
    expect(quiet.code).toBe(0);
    expect(`${quiet.stdout}${quiet.stderr}`).not.toContain(
      keyBody(readFileSync(join(d, 'quiet', 'server.key'), 'utf8')).slice(0, 64)
    );

    const json = await cli(['keygen', '--out-dir', 'json', '--json', '--days', '30', '--bits', '3072', '--print-key'], {
      cwd: d
    });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.status).toBe(0);
    expect(parsed.result.files.key).toBe(join(d, 'json', 'server.key'));
    expect(parsed.result.bits).toBe(3072);
    expect(Date.parse(parsed.result.notAfter) - Date.parse(parsed.result.notBefore)).toBe(30 * DAY_MS);
    expect(Buffer.from(parsed.result.keyBase64, 'base64').toString('utf8')).toBe(
      readFileSync(parsed.result.files.key, 'utf8')
    );
  });

  it('prints no key and no base64 of it by default, as text or JSON, with or without --encrypt (a CI log keeps it)', async () => {
    const d = fresh();
    const runs = [
      ['text', []],
      ['json', ['--json']],
      ['encrypted', ['--encrypt', '--passphrase', 'SomePassword']]
    ] as const;
    for (const [out, extra] of runs) {
      const r = await cli(['keygen', '--out-dir', out, ...extra], { cwd: d });
      expect(r.code).toBe(0);
      const printed = `${r.stdout}${r.stderr}`;
      for (const file of ['server.key', 'server.pass.key'].filter((f) => existsSync(join(d, out, f)))) {
        const pem = readFileSync(join(d, out, file), 'utf8');
        const base64 = Buffer.from(pem).toString('base64');
        for (const piece of [
          keyBody(pem).slice(0, 64),
          keyBody(pem).slice(-64),
          base64.slice(0, 64),
          base64.slice(-64)
        ])
          expect(printed).not.toContain(piece);
      }
      if (out === 'json') expect(Object.keys(JSON.parse(r.stdout).result)).not.toContain('keyBase64');
      else expect(r.stdout).toMatch(/--print-key prints its base64/);
    }
  });

  it('makes 4096-bit keys OpenSSL reads', async () => {
    const d = fresh();
    const r = await cli(['keygen', '--bits', '4096', '--days', '730'], { cwd: d });
    expect(r.code).toBe(0);
    const text = await openssl(['x509', '-noout', '-text', '-in', 'server.crt'], { cwd: d });
    expect(text.stdout).toMatch(/Public-Key: \(4096 bit\)/);
    expect((await openssl(['verify', '-CAfile', 'server.crt', 'server.crt'], { cwd: d })).code).toBe(0);
  });

  it('never overwrites an existing key without --force', async () => {
    const d = fresh();
    expect((await cli(['keygen'], { cwd: d })).code).toBe(0);
    const before = readFileSync(join(d, 'server.key'), 'utf8');
    const again = await cli(['keygen'], { cwd: d });
    expect(again.code).toBe(1);
    expectOneLineError(
      again,
      /server\.key, .*server\.crt already exist; keygen never overwrites a key or certificate\. Pass --force/
    );
    expect(readFileSync(join(d, 'server.key'), 'utf8')).toBe(before);

    const forced = await cli(['keygen', '--force'], { cwd: d });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(d, 'server.key'), 'utf8')).not.toBe(before);
    expect(mode(join(d, 'server.key'))).toBe('600');
    const check = await cli(['check', '--key', 'server.key', '--cert', 'server.crt'], { cwd: d });
    expect(check.code).toBe(0);
  });
});

describe('check', () => {
  let dir: string;

  beforeAll(async () => {
    dir = fresh();
    expect((await cli(['keygen', '--out-dir', 'a', '--cn', 'a'], { cwd: dir })).code).toBe(0);
    expect((await cli(['keygen', '--out-dir', 'b', '--cn', 'b'], { cwd: dir })).code).toBe(0);
    expect((await cli(['keygen', '--out-dir', 'soon', '--days', '10'], { cwd: dir })).code).toBe(0);
    // A certificate of key a that expired 35 days ago (keygen has no option to backdate).
    const key = (await import('node:crypto')).createPrivateKey(readFileSync(join(dir, 'a', 'server.key')));
    const start = new Date(Date.now() - 400 * DAY_MS);
    writeFileSync(
      join(dir, 'a', 'expired.crt'),
      buildCertificate(key, [{ type: 'CN', value: 'a' }], start, new Date(start.getTime() + 365 * DAY_MS))
    );
  });

  it('says a matching pair matches, with subject, fingerprints, window and days left', async () => {
    const r = await cli(['check', '--key', 'a/server.key', '--cert', 'a/server.crt'], { cwd: dir });
    expect(r.code).toBe(0);
    const cert = new X509Certificate(readFileSync(join(dir, 'a', 'server.crt')));
    expect(r.stdout).toContain('  Subject     CN=a');
    expect(r.stdout).toContain('(self-signed)');
    expect(r.stdout).toContain(`  SHA-1       ${cert.fingerprint}`);
    expect(r.stdout).toContain(`  SHA-256     ${cert.fingerprint256}`);
    expect(r.stdout).toContain(`  Valid from  ${cert.validFromDate.toISOString().replace('.000Z', 'Z')}`);
    expect(r.stdout).toMatch(/Valid until \S+ \(364 days left\)/);
    expect(r.stdout).toMatch(/Match +yes: the key belongs to the certificate/);
    expect(r.stdout).toMatch(/Result +ok$/m);
    expect(r.stderr).toBe('');
  });

  it('exits 1 on a mismatched pair', async () => {
    const r = await cli(['check', '--key', 'a/server.key', '--cert', 'b/server.crt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Match +NO: the key does not belong to the certificate/);
    expect(r.stdout).toMatch(/Result +FAILED/);
    expectOneLineError(
      r,
      /error: the private key a\/server\.key does not belong to the certificate b\/server\.crt; Salesforce would reject its logins with "invalid assertion"/
    );
  });

  it('exits 1 on an expired certificate, even of the right key', async () => {
    const r = await cli(['check', '--key', 'a/server.key', '--cert', 'a/expired.crt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Match +yes/);
    expect(r.stdout).toMatch(/Valid until \S+ \(expired 35 days ago\)/);
    expectOneLineError(r, /error: the certificate expired on \S+ \(35 days ago\)/);
  });

  it('warns, and exits 0, when the days left are under the threshold', async () => {
    const r = await cli(['check', '--key', 'soon/server.key', '--cert', 'soon/server.crt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Valid until \S+ \(9 days left\)/);
    expect(r.stdout).toMatch(/Result +ok, with warnings/);
    expect(r.stderr.trim()).toMatch(
      /^warning: the certificate expires on \S+ \(in 9 days\), within 30 days; renew it soon\.$/
    );
    const relaxed = await cli(
      ['check', '--key', 'soon/server.key', '--cert', 'soon/server.crt', '--expiry-warning-days', '5'],
      { cwd: dir }
    );
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toBe('');
  });

  it('reports everything as JSON with --json', async () => {
    const bad = await cli(['check', '--key', 'a/server.key', '--cert', 'b/server.crt', '--json'], { cwd: dir });
    expect(bad.code).toBe(1);
    const parsed = JSON.parse(bad.stdout);
    expect(parsed.status).toBe(1);
    expect(parsed.result.match).toBe(false);
    expect(parsed.result.certificate.subject).toBe('CN=b');
    expect(parsed.result.problems).toHaveLength(1);
    const soon = JSON.parse(
      (await cli(['check', '--key', 'soon/server.key', '--cert', 'soon/server.crt', '--json'], { cwd: dir })).stdout
    );
    expect(soon).toMatchObject({
      status: 0,
      result: { match: true, warnings: [expect.stringMatching(/within 30 days/)], problems: [] }
    });
    expect(soon.result.certificate.daysLeft).toBe(9);
  });

  it('shows the certificate alone when no key is given', async () => {
    const r = await cli(['check', '--cert', 'a/server.crt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Private key +not checked/);
  });

  // Every row has two cells, as the callback has two parameters.
  it.each([
    [['--cert', 'nothere.crt'], /^error: --cert: no file at "/],
    [['--cert', 'a/server.key'], /^error: a\/server\.key holds a private key, not a certificate/],
    [
      ['--cert', 'a/server.crt', '--key', 'a/server.crt'],
      /^error: --key a\/server\.crt holds a certificate \(server\.crt\), not the private key/
    ]
  ])('fails clearly on %j', async (args, message) => {
    const r = await cli(['check', ...args], { cwd: dir });
    expect(r.code).toBe(1);
    expectOneLineError(r, message);
  });

  it("accepts the keys OpenSSL makes exactly as Salesforce's guide says, encrypted or not", async () => {
    const d = fresh('sfjwt-guide-');
    await guideKeys(d);
    const plain = await cli(['check', '--key', 'server.key', '--cert', 'server.crt'], { cwd: d });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      /Subject +C=US, ST=California, L=San Francisco, O=Acme, OU=CI, CN=ci\.acme\.example, emailAddress=ci@acme\.example/
    );
    expect(plain.stdout).toMatch(/Match +yes/);
    const encrypted = await cli(
      ['check', '--key', 'server.pass.key', '--passphrase', 'SomePassword', '--cert', 'server.crt'],
      { cwd: d }
    );
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).toMatch(/Match +yes/);
    const viaEnv = await cli(['check', '--key', 'server.pass.key', '--cert', 'server.crt'], {
      cwd: d,
      env: { SF_JWT_KEY_PASSPHRASE: 'SomePassword' }
    });
    expect(viaEnv.code).toBe(0);
    const noPassphrase = await cli(['check', '--key', 'server.pass.key', '--cert', 'server.crt'], { cwd: d });
    expect(noPassphrase.code).toBe(1);
    expectOneLineError(noPassphrase, /The private key is encrypted: set --passphrase to the passphrase/);
  });
});

describe('login, end to end against the stub', () => {
  let stub: SalesforceStub;
  let url: string;
  let keysDir: string;
  const keyFile = () => join(keysDir, 'server.key');

  beforeAll(async () => {
    keysDir = fresh('sfjwt-cli-keys-');
    expect((await cli(['keygen', '--csr', '--passphrase', 'SomePassword'], { cwd: keysDir })).code).toBe(0);
    // The stub knows the app's certificate only, as Salesforce does.
    const cert = new X509Certificate(readFileSync(join(keysDir, 'server.crt')));
    stub = new SalesforceStub({ publicKey: cert.publicKey, clientId: CLIENT_ID, users: [user] });
    url = await stub.start();
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.script = [];
    stub.requests = [];
  });

  it("logs in with a keygen key, writes sf state that @salesforce/core reads back like the action's, and prints JSON", async () => {
    const job = new Job();
    const r = await cli(
      [
        'login',
        '--client-id',
        CLIENT_ID,
        '--jwt-key-file',
        keyFile(),
        '--username',
        user.username,
        '--instance-url',
        url,
        '--alias',
        'hub',
        '--set-default',
        '--set-default-dev-hub',
        '--json'
      ],
      { home: job.home, cwd: job.workspace }
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      status: 0,
      result: {
        username: user.username,
        orgId: user.orgId,
        instanceUrl: url,
        loginUrl: url,
        authFile: join(job.home, '.sfdx', `${user.username}.json`),
        alias: 'hub'
      }
    });
    expect(stub.tokenRequests()).toHaveLength(1);
    expect(stub.tokenRequests()[0].outcome).toBe('token');

    const core = await readWithCore(job, { username: user.username, alias: 'hub', orgCreate: true });
    expect(core.error).toBeUndefined();
    expect(core.isJwt).toBe(true);
    expect(core.orgId).toBe(user.orgId);
    expect(core.instanceUrl).toBe(url);
    expect(core.aliasTarget).toBe(user.username);
    expect(core.targetOrg).toBe('hub');
    expect(core.targetDevHub).toBe('hub');
    expect(core.orgIsDevHub).toBe(true);
    expect(stub.tokens.has(core.accessToken)).toBe(true);
    // The key copy sf refreshes with: outside any temporary folder, private, and the same key.
    expect(core.privateKey.startsWith(`${join(job.home, '.sf', 'sf-jwt-login')}/`)).toBe(true);
    expect(mode(core.privateKey)).toBe('600');
    expect(readFileSync(core.privateKey, 'utf8')).toBe(readFileSync(keyFile(), 'utf8'));

    // The action, given the same inputs in another job, leaves the same sf state.
    const actionJob = new Job();
    const step = await actionJob.runStep({
      'client-id': CLIENT_ID,
      username: user.username,
      'private-key-file': keyFile(),
      'instance-url': url,
      alias: 'hub',
      'set-default': 'true',
      'set-default-dev-hub': 'true'
    });
    expect(step.code).toBe(0);
    const fromAction = await readWithCore(actionJob, { username: user.username, alias: 'hub', orgCreate: true });
    const comparable = (c: Record<string, unknown>) => ({ ...c, accessToken: undefined, privateKey: undefined });
    expect(comparable(core)).toEqual(comparable(fromAction));
    const fields = (home: string) =>
      Object.keys(JSON.parse(readFileSync(join(home, '.sfdx', `${user.username}.json`), 'utf8'))).sort();
    expect(fields(job.home)).toEqual(fields(actionJob.home));
    for (const file of ['.sfdx/alias.json', '.sf/config.json', '.sfdx/sfdx-config.json']) {
      expect(readFileSync(join(job.home, file), 'utf8')).toBe(readFileSync(join(actionJob.home, file), 'utf8'));
    }
  });

  it('prints the token only with --show-token, and never the key', async () => {
    const home = fresh();
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile(), '-o', user.username, '-r', url, '--no-write-sf-state'];
    const quiet = await cli([...args, '--json'], { home });
    expect(quiet.code).toBe(0);
    const tokens = [...stub.tokens.keys()];
    const log = `${quiet.stdout}${quiet.stderr}`;
    for (const token of tokens) expect(log).not.toContain(token);
    expect(JSON.parse(quiet.stdout).result).not.toHaveProperty('accessToken');
    expect(JSON.parse(quiet.stdout).result.authFile).toBeNull();
    expect(existsSync(join(home, '.sfdx'))).toBe(false);

    const shown = await cli([...args, '--json', '--show-token'], { home });
    const token = JSON.parse(shown.stdout).result.accessToken;
    expect(stub.tokens.get(token)?.username).toBe(user.username);

    const human = await cli(args, { home });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^Logged in ${user.username.replace(/\./g, '\\.')} to org ${user.orgId} at ${url}\\.`)
    );
    const body = keyBody(readFileSync(keyFile(), 'utf8'));
    for (const r of [quiet, shown, human]) expect(`${r.stdout}${r.stderr}`).not.toContain(body.slice(100, 140));
    for (const token of [...stub.tokens.keys()]) expect(`${human.stdout}${human.stderr}`).not.toContain(token);
  });

  it('takes the encrypted key with its passphrase from the environment, and the key itself (or its path) from SF_JWT_KEY', async () => {
    const home = fresh();
    const encrypted = await cli(
      ['login', '-i', CLIENT_ID, '-f', join(keysDir, 'server.pass.key'), '-o', user.username, '-r', url, '--json'],
      {
        home,
        env: { SF_JWT_KEY_PASSPHRASE: 'SomePassword' }
      }
    );
    expect(encrypted.code).toBe(0);
    const fromEnv = await cli(
      ['login', '-i', CLIENT_ID, '-o', user.username, '-r', url, '--json', '--no-write-sf-state'],
      {
        home,
        env: { SF_JWT_KEY: Buffer.from(readFileSync(keyFile())).toString('base64') }
      }
    );
    expect(fromEnv.code).toBe(0);
    // A GitLab file-type variable: the variable holds the path of a file with the key.
    const pathInEnv = await cli(
      ['login', '-i', CLIENT_ID, '-o', user.username, '-r', url, '--json', '--no-write-sf-state'],
      {
        home,
        env: { SF_JWT_KEY: keyFile() }
      }
    );
    expect(pathInEnv.code).toBe(0);
    expect(stub.tokenRequests().map((t) => t.outcome)).toEqual(['token', 'token', 'token']);
    const broken = await cli(['login', '-i', CLIENT_ID, '-o', user.username, '-r', url, '--no-write-sf-state'], {
      home,
      env: { SF_JWT_KEY: 'not a key' }
    });
    expect(broken.code).toBe(1);
    expectOneLineError(broken, /^error: The private key is neither PEM text/);
  });

  it('logs in again without piling up key copies', async () => {
    const job = new Job();
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile(), '-o', user.username, '-r', url, '--json'];
    for (let i = 0; i < 3; i++) expect((await cli(args, { home: job.home })).code).toBe(0);
    const copies = readdirSync(join(job.home, '.sf', 'sf-jwt-login'));
    expect(copies).toHaveLength(1);
    const auth = JSON.parse(readFileSync(join(job.home, '.sfdx', `${user.username}.json`), 'utf8'));
    expect(auth.privateKey).toBe(join(job.home, '.sf', 'sf-jwt-login', copies[0], 'server.key'));
  });

  it('keeps one key copy per user, <key dir>/<username>/server.key, and removes the folder of an older version', async () => {
    const job = new Job();
    const base = join(job.home, '.sf', 'sf-jwt-login');
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile(), '-o', user.username, '-r', url, '--json'];
    expect((await cli(args, { home: job.home })).code).toBe(0);
    const authFile = join(job.home, '.sfdx', `${user.username}.json`);
    expect(JSON.parse(readFileSync(authFile, 'utf8')).privateKey).toBe(join(base, user.username, 'server.key'));
    // An earlier version's copy: its own sf-jwt-login-<uuid> folder, referenced by the auth file.
    const old = join(base, 'sf-jwt-login-0b6f5a8e-3c1d-4e2f-9a7b-6c5d4e3f2a1b');
    mkdirSync(old, { mode: 0o700 });
    writeFileSync(join(old, 'server.key'), readFileSync(keyFile()), { mode: 0o600 });
    const auth = JSON.parse(readFileSync(authFile, 'utf8'));
    writeFileSync(authFile, JSON.stringify({ ...auth, privateKey: join(old, 'server.key') }), { mode: 0o600 });
    expect((await cli(args, { home: job.home })).code).toBe(0);
    expect(readdirSync(base)).toEqual([user.username]);
    expect(JSON.parse(readFileSync(authFile, 'utf8')).privateKey).toBe(join(base, user.username, 'server.key'));
  });

  it('a login that fails after writing the key copy leaves no copy, or puts back the one it replaced', async () => {
    const job = new Job();
    const base = join(job.home, '.sf', 'sf-jwt-login');
    const copy = join(base, user.username, 'server.key');
    const aliasFile = join(job.home, '.sfdx', 'alias.json');
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile(), '-o', user.username, '-r', url, '--alias', 'hub'];
    // alias.json cannot be parsed: the state write stops after the token and the key copy.
    mkdirSync(join(job.home, '.sfdx'), { recursive: true, mode: 0o700 });
    writeFileSync(aliasFile, '{"orgs": ');
    const first = await cli(args, { home: job.home });
    expect(first.code).toBe(1);
    expectOneLineError(first, /alias\.json is not a valid JSON object/);
    expect(stub.tokenRequests().map((t) => t.outcome)).toEqual(['token']);
    expect(existsSync(join(base, user.username))).toBe(false);
    // A copy that is there (say, of the key before a rotation) is put back byte for byte.
    writeFileSync(aliasFile, '{}');
    expect((await cli(args, { home: job.home })).code).toBe(0);
    writeFileSync(copy, 'THE EARLIER KEY\n', { mode: 0o600 });
    writeFileSync(aliasFile, '[]');
    const again = await cli(args, { home: job.home });
    expect(again.code).toBe(1);
    expect(readFileSync(copy, 'utf8')).toBe('THE EARLIER KEY\n');
    expect(mode(copy)).toBe('600');
    expect(readdirSync(join(base, user.username))).toEqual(['server.key']);
  });

  it('prints no control character of a hostile audience, nor of a 3 MB error_description with escapes', async () => {
    const home = fresh();
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile(), '-o', user.username, '-r', url, '--no-write-sf-state'];
    const audience = await cli([...args, '--audience', 'https://login.salesforce.com\n\x1b]0;pwned\x07\x1b[2J'], {
      home
    });
    expect(audience.code).toBe(1);
    expectOneLineError(
      audience,
      /^error: --audience "https:\/\/login\.salesforce\.com\?\?\]0;pwned\?\?\[2J" is not a URL/
    );
    const piece =
      '\x1b[31mdenied\x1b[0m\n\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\r\n and more text, as long as a server cares to send before the next escape sequence ';
    stub.script.push({
      error: 'invalid_grant',
      description: piece.repeat(Math.ceil((3 * 1024 * 1024) / piece.length))
    });
    const rejected = await cli([...args, '--approval-timeout', '0'], { home });
    expect(rejected.code).toBe(1);
    expectOneLineError(
      rejected,
      /^error: Salesforce rejected .*\(invalid_grant: denied link and more text, as long as a server .* escape sequence denied link/
    );
    for (const r of [audience, rejected]) {
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/[\0-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(r.stderr.length).toBeLessThan(2000);
    }
  });

  it('checks the certificate before calling Salesforce', async () => {
    const other = fresh();
    expect((await cli(['keygen'], { cwd: other })).code).toBe(0);
    const home = fresh();
    const args = ['login', '-i', CLIENT_ID, '-f', keyFile(), '-o', user.username, '-r', url, '--no-write-sf-state'];
    const mismatch = await cli([...args, '--certificate-file', join(other, 'server.crt')], { home });
    expect(mismatch.code).toBe(1);
    expectOneLineError(
      mismatch,
      /^error: The certificate \(CN=sf-jwt-login, SHA-1 [0-9A-F:]+\) does not belong to the private key/m
    );
    expect(stub.tokenRequests()).toHaveLength(0);

    const good = await cli([...args, '--certificate-file', join(keysDir, 'server.crt'), '--json'], { home });
    expect(good.code).toBe(0);
    const cert = new X509Certificate(readFileSync(join(keysDir, 'server.crt')));
    expect(JSON.parse(good.stdout).result.certificateExpiresAt).toBe(
      cert.validToDate.toISOString().replace('.000Z', 'Z')
    );
    const warned = await cli(
      [...args, '--certificate-file', join(keysDir, 'server.crt'), '--certificate-expiry-warning-days', '400'],
      { home }
    );
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(
      /^warning: The certificate \(CN=sf-jwt-login\) expires on \S+ \(in 364 days; --certificate-expiry-warning-days is 400\)/m
    );
  });

  it("logs in with the keys of Salesforce's OpenSSL guide", async () => {
    const d = fresh('sfjwt-guide-');
    await guideKeys(d);
    const saved = stub.publicKey;
    stub.publicKey = new X509Certificate(readFileSync(join(d, 'server.crt'))).publicKey;
    try {
      const r = await cli(
        [
          'login',
          '-i',
          CLIENT_ID,
          '-f',
          'server.pass.key',
          '--private-key-passphrase',
          'SomePassword',
          '-o',
          user.username,
          '-r',
          url,
          '--certificate-file',
          'server.crt',
          '--json'
        ],
        {
          cwd: d
        }
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).result.orgId).toBe(user.orgId);
    } finally {
      stub.publicKey = saved;
    }
  });

  // Every row has two cells, as the callback has two parameters.
  it.each([
    [['-f', 'nothere.key'], /^error: --jwt-key-file: no file at "/],
    [
      ['--private-key-passphrase', 'wrong'],
      /^error: Cannot decrypt the private key: --private-key-passphrase \(or SF_JWT_KEY_PASSPHRASE\) is wrong/
    ],
    [['-i', '3MVG9 with space'], /^error: --client-id is not a consumer key/],
    [['-o', '../etc/passwd'], /^error: username "\.\.\/etc\/passwd" contains "\/"/],
    [['-r', 'http://login.example.com'], /^error: --instance-url must use https/],
    [['--approval-timeout', 'soon'], /^error: --approval-timeout must be a whole number of seconds/],
    [['-a', 'two words'], /^error: alias "two words" is not a valid sf alias/],
    [['--certificate-file', 'nothere.crt'], /^error: --certificate-file: no file at "/],
    [['-i', 'wrong-client'], /^error: Salesforce rejected .*invalid_client_id/]
  ])('fails with one clear line for %j', async (over, message) => {
    const base = [
      'login',
      '-i',
      CLIENT_ID,
      '-f',
      'server.pass.key',
      '-o',
      user.username,
      '-r',
      url,
      '--approval-timeout',
      '0',
      '--private-key-passphrase',
      'SomePassword'
    ];
    // A string option given twice takes its last value: the override comes last.
    const r = await cli([...base, ...over], { cwd: keysDir });
    expect(r.code).toBe(1);
    expectOneLineError(r, message);
  });

  it('answers a failure as JSON with --json', async () => {
    const r = await cli(['login', '-i', CLIENT_ID, '-f', 'nothere.key', '-o', user.username, '-r', url, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 1,
      name: 'UserError',
      message: expect.stringMatching(/^--jwt-key-file: no file at/)
    });
  });
});
