// The built dist/cli.js on the Node versions users have: it runs on Node 22 (the oldest supported line, installed
// by `script/bootstrap --node22` as SFJWT_NODE22_BIN; the rest of the suite runs it on Node 24), and on an older
// Node (the machine's own, where it is older than 22) it refuses in one line before it writes anything.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { SalesforceStub, makeUser } from '../../test-support/salesforce-stub.mjs';
import { Job, repoRoot, runProcess } from '../../test-support/runner.mjs';
import { nodeVersionProblem } from '../../src/cli/node-version.js';

const distCli = join(repoRoot, 'dist', 'cli.js');
const CLIENT_ID = '3MVG9e2e.node22';
const user = makeUser('ci@node22.example.com', { orgName: 'Node 22' });
const fresh = (name: string) => mkdtempSync(join(tmpdir(), name));

/** The major.minor.patch of the node binary at `bin`, or undefined when it does not run. */
function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** A node older than 22 on this machine: SFJWT_OLD_NODE_BIN, else the first one on PATH or in /usr/bin. */
function olderNode(): { bin: string; version: string } | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/bin'];
  const candidates = [process.env.SFJWT_OLD_NODE_BIN, ...dirs.filter(Boolean).map((d) => join(d, 'node'))];
  for (const bin of candidates) {
    if (!bin || !existsSync(bin)) continue;
    const version = versionOf(bin);
    if (version && Number(version.split('.')[0]) < 22) return { bin, version };
  }
  return undefined;
}

/**
 * Runs dist/cli.js on `node` with a clean environment, in `cwd`, with its own HOME; sf's key in key.json (the
 * keyring path has its own test, keychain-libsecret.test.ts).
 */
function cliOn(node: string, args: string[], cwd: string, home = cwd) {
  return runProcess(node, [distCli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' },
    cwd,
    timeoutMs: 60_000
  });
}

const node22 = process.env.SFJWT_NODE22_BIN;
const describeOn22 = node22 ? describe : describe.skip;

describeOn22(`dist/cli.js on Node 22 (${node22 ?? 'SFJWT_NODE22_BIN not set'})`, () => {
  const bin = node22 as string;
  let keys: string;
  let made: Awaited<ReturnType<typeof cliOn>>;
  let stub: SalesforceStub;
  let url: string;

  beforeAll(async () => {
    keys = fresh('sfjwt-node22-keys-');
    made = await cliOn(bin, ['keygen', '--cn', 'node22'], keys);
    // The stub knows the certificate keygen made on Node 22, as Salesforce knows the uploaded one.
    const cert = new X509Certificate(readFileSync(join(keys, 'server.crt')));
    stub = new SalesforceStub({ publicKey: cert.publicKey, clientId: CLIENT_ID, users: [user] });
    url = await stub.start();
  });
  afterAll(() => stub?.stop());

  it('is Node 22', () => {
    expect(versionOf(bin)).toMatch(/^22\./);
  });

  it.each([[[]], [['keygen', '--help']], [['check', '--help']], [['login', '--help']]])(
    'prints the help: %j',
    async (args) => {
      const r = await cliOn(bin, args, keys);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^(Usage: sf-jwt-login|sf-jwt-login: )/);
    }
  );

  it('makes a key and certificate with keygen, and check says they belong together', async () => {
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(readdirSync(keys).sort()).toEqual(['server.crt', 'server.key']);
    const cert = new X509Certificate(readFileSync(join(keys, 'server.crt')));
    expect(cert.subject).toBe('CN=node22');
    // The line Node 20 crashed on, after writing the files (X509Certificate has validToDate since Node 22.10).
    expect(made.stdout).toContain(`Expires   ${cert.validToDate.toISOString().replace('.000Z', 'Z')}`);

    const checked = await cliOn(bin, ['check', '--key', 'server.key', '--cert', 'server.crt', '--json'], keys);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ status: 0, result: { match: true, problems: [] } });
  });

  it('logs in against the stub and writes the sf state', async () => {
    const job = new Job();
    const args = ['login', '--client-id', CLIENT_ID, '--jwt-key-file', join(keys, 'server.key')];
    const r = await cliOn(
      bin,
      [...args, '--username', user.username, '--instance-url', url, '--alias', 'n22', '--json'],
      job.workspace,
      job.home
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result).toMatchObject({ username: user.username, orgId: user.orgId, alias: 'n22' });
    expect(stub.tokenRequests().map((t) => t.outcome)).toEqual(['token']);
    const auth = JSON.parse(readFileSync(join(job.home, '.sfdx', `${user.username}.json`), 'utf8'));
    expect(auth).toMatchObject({ username: user.username, orgId: user.orgId, instanceUrl: url, clientId: CLIENT_ID });
    expect((statSync(join(job.home, '.sfdx', `${user.username}.json`)).mode & 0o777).toString(8)).toBe('600');
  });
});
if (!node22) {
  it.skip('dist/cli.js on Node 22 needs SFJWT_NODE22_BIN: run script/test (script/bootstrap --node22)', () => {});
}

const old = olderNode();
const describeOnOld = old ? describe : describe.skip;

describeOnOld(`dist/cli.js on an older Node (${old ? `${old.version} at ${old.bin}` : 'none found'})`, () => {
  const { bin, version } = old ?? { bin: '', version: '' };

  it.each([
    [[]],
    [['--help']],
    [['keygen']],
    [['keygen', '--out-dir', 'jwt', '--csr', '--passphrase', 'SomePassword']],
    [['check', '--key', 'server.key', '--cert', 'server.crt']],
    [['login', '--client-id', CLIENT_ID, '--jwt-key-file', 'server.key', '--username', user.username]],
    [['frobnicate', '--bogus']]
  ])('refuses in one line, exit 1, and writes nothing: %j', async (args) => {
    const dir = fresh('sfjwt-old-node-');
    const r = await cliOn(bin, args, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${nodeVersionProblem(version)}\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
if (!old) {
  it.skip('no Node older than 22 on PATH or in /usr/bin: set SFJWT_OLD_NODE_BIN to test the refusal', () => {});
}
