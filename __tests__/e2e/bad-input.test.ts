// Bad inputs, table-driven, through the built action: each gives its one clear message and exit code, no stack
// trace, no secret in the message, and leaves every existing file in HOME byte for byte as it was.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KeyPair, makeKeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job } from '../../test-support/runner.mjs';

const CLIENT_ID = '3MVG9e2e.bad';
const user = makeUser('ci@bad.example.com');
let keys: KeyPair, stub: SalesforceStub, url: string;

beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [user])));
afterAll(() => stub.stop());

type Case = [
  name: string,
  inputs: (job: Job) => Record<string, string>,
  message: RegExp,
  prepare: ((job: Job) => void) | undefined
];

const sfdx = (job: Job, ...p: string[]) => join(job.home, '.sfdx', ...p);
/** Megabytes of BEGIN lines and no END: the old PEM scan took over 30 s on them. */
const bomb = (bytes: number, line = '-----BEGIN PRIVATE KEY-----\n') => line.repeat(Math.ceil(bytes / line.length));
const key = () => keys.pkcs8;

const cases: Case[] = [
  [
    'malformed PEM body',
    () => ({ 'private-key': '-----BEGIN PRIVATE KEY-----\nthis is not base64 at all!\n-----END PRIVATE KEY-----' }),
    /PEM body is not valid base64/,
    undefined
  ],
  [
    'truncated base64 of the key',
    () => ({ 'private-key': Buffer.from(keys.pkcs8).toString('base64').slice(0, 600) }),
    /not a complete PEM block/,
    undefined
  ],
  [
    'a certificate instead of a key',
    () => ({ 'private-key': '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----' }),
    /holds a certificate \(server\.crt\), not the private key/,
    undefined
  ],
  ['a public key instead of a key', () => ({ 'private-key': keys.publicPem }), /holds a public key/, undefined],
  [
    'an EC key',
    () => ({
      'private-key': generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'sec1', format: 'pem' })
        .toString()
    }),
    /an EC key.*needs an RSA key/,
    undefined
  ],
  [
    'a DSA key',
    () => ({
      'private-key': generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString()
    }),
    /not an RSA key \(its type is DSA\)/,
    undefined
  ],
  [
    'text that is no key',
    () => ({ 'private-key': 'hunter2 is my password' }),
    /neither PEM text .* nor base64/,
    undefined
  ],
  [
    'wrong passphrase',
    () => ({ 'private-key': keys.encryptedPkcs8('right one'), 'private-key-passphrase': 'wrong one' }),
    /passphrase is wrong/,
    undefined
  ],
  [
    'encrypted key without passphrase',
    () => ({ 'private-key': keys.legacyEncrypted('right one') }),
    /encrypted: set private-key-passphrase/,
    undefined
  ],
  [
    'empty client-id',
    () => ({ 'client-id': '' }),
    /client-id is empty.*\. If you pass it from a secret, .*triggered from forks, and Dependabot's runs get only Dependabot secrets\.$/,
    undefined
  ],
  ['whitespace-only client-id', () => ({ 'client-id': '   ' }), /client-id is empty/, undefined],
  [
    'empty username',
    () => ({ username: '' }),
    /username is empty.*\. If you pass it from a secret, .*triggered from forks, and Dependabot's runs get only Dependabot secrets\.$/,
    undefined
  ],
  ['whitespace-only username', () => ({ username: ' \t ' }), /username is empty/, undefined],
  [
    'no key at all',
    () => ({ 'private-key': '' }),
    /No private key.*\. If you pass it from a secret, .*triggered from forks, and Dependabot's runs get only Dependabot secrets\.$/,
    undefined
  ],
  ['whitespace-only key', () => ({ 'private-key': '  \n  ' }), /No private key/, undefined],
  [
    'both private-key and private-key-file',
    (job) => ({ 'private-key-file': join(job.root, 'server.key') }),
    /Both private-key and private-key-file/,
    (job) => writeFileSync(join(job.root, 'server.key'), keys.pkcs8)
  ],
  ['username with a slash', () => ({ username: 'ci/../../x@example.com' }), /contains "\/", "\\" or "\.\."/, undefined],
  ['username with ..', () => ({ username: '..@example..com' }), /contains "\/", "\\" or "\.\."/, undefined],
  ['username with a newline', () => ({ username: 'ci@example.com\nroot@example.com' }), /control character/, undefined],
  ['username with a tab', () => ({ username: 'ci@exa\tmple.com' }), /control character/, undefined],
  ['username that is no username', () => ({ username: 'ci-user' }), /is not a Salesforce username/, undefined],
  [
    'instance-url that is not a URL',
    () => ({ 'instance-url': 'login.salesforce.com' }),
    /instance-url "login.salesforce.com" is not a URL/,
    undefined
  ],
  [
    'http to a non-loopback host',
    () => ({ 'instance-url': 'http://login.salesforce.com' }),
    /must use https/,
    undefined
  ],
  [
    'a Lightning URL',
    () => ({ 'instance-url': 'https://acme.lightning.force.com' }),
    /Lightning URL .* https:\/\/acme\.my\.salesforce\.com/,
    undefined
  ],
  [
    'a URL with credentials',
    () => ({ 'instance-url': 'https://admin:pw@acme.my.salesforce.com' }),
    /must not contain a user name or password/,
    undefined
  ],
  [
    'a URL with a path',
    () => ({ 'instance-url': 'https://acme.my.salesforce.com/services/oauth2/token' }),
    /without a path/,
    undefined
  ],
  [
    'non-numeric approval-timeout',
    () => ({ 'approval-timeout': '5m' }),
    /approval-timeout must be a whole number of seconds/,
    undefined
  ],
  [
    'negative approval-timeout',
    () => ({ 'approval-timeout': '-1' }),
    /approval-timeout must be a whole number of seconds/,
    undefined
  ],
  [
    'zero request-timeout',
    () => ({ 'request-timeout': '0' }),
    /request-timeout must be a whole number of seconds from 1/,
    undefined
  ],
  [
    'a boolean input that is not a boolean',
    () => ({ 'set-default': 'yes' }),
    /set-default must be true or false \(got "yes"\)/,
    undefined
  ],
  ['an alias with a space', () => ({ alias: 'my hub' }), /alias "my hub" is not a valid sf alias/, undefined],
  [
    'a key file that does not exist',
    (job) => ({ 'private-key': '', 'private-key-file': join(job.root, 'missing.key') }),
    /private-key-file: no file at/,
    undefined
  ],
  [
    'a key file path that is a folder',
    (job) => ({ 'private-key': '', 'private-key-file': job.root }),
    /is not a file/,
    undefined
  ],
  [
    'a corrupt alias.json',
    () => ({ alias: 'hub' }),
    /alias\.json is not a valid JSON object, so it was left unchanged/,
    (job) => writeFileSync(sfdx(job, 'alias.json'), '{"orgs": {"other": ')
  ],
  [
    'an unreadable alias.json',
    () => ({ alias: 'hub' }),
    /Cannot read .*alias\.json \(EISDIR\)/,
    (job) => {
      rmSync(sfdx(job, 'alias.json'));
      mkdirSync(sfdx(job, 'alias.json'));
    }
  ],
  [
    'a corrupt ~/.sf/config.json',
    () => ({ 'set-default': 'true' }),
    /\.sf\/config\.json is not a valid JSON object/,
    (job) => writeFileSync(join(job.home, '.sf', 'config.json'), 'target-org=other')
  ],
  [
    'a corrupt sfdx-config.json',
    () => ({ 'set-default-dev-hub': 'true' }),
    /sfdx-config\.json is not a valid JSON object/,
    (job) => writeFileSync(sfdx(job, 'sfdx-config.json'), '[]')
  ],
  [
    'a corrupt key.json',
    () => ({}),
    /key\.json is not a valid JSON object/,
    (job) => writeFileSync(sfdx(job, 'key.json'), '{"key": "abc', { mode: 0o600 })
  ],
  [
    'a key.json without a valid key',
    () => ({}),
    /key\.json holds no sf key/,
    (job) =>
      writeFileSync(sfdx(job, 'key.json'), JSON.stringify({ account: 'local', key: 'short', service: 'sfdx' }), {
        mode: 0o600
      })
  ],
  [
    'a key.json with the wrong mode',
    () => ({}),
    /key\.json has mode 0644; sf refuses a key file that is not exactly 0600/,
    (job) => chmodSync(sfdx(job, 'key.json'), 0o644)
  ],
  [
    'an audience with a newline and a workflow command',
    () => ({ audience: 'https://login.salesforce.com\n::warning::forged' }),
    /^::error::sf-jwt-login: audience "https:\/\/login\.salesforce\.com\?::warning::forged" is not a URL/,
    undefined
  ],
  [
    'an audience whose newline the URL parser drops, leaving a path',
    () => ({ audience: 'https://login.salesforce.com/\r\n::set-env name=X::y' }),
    /^::error::sf-jwt-login: audience must be just the scheme and host \(e\.g\. https:\/\/login\.salesforce\.com\)/,
    undefined
  ],
  [
    'an audience over plain http',
    () => ({ audience: 'http://login.salesforce.com' }),
    /audience must use https/,
    undefined
  ],
  [
    'a key text over 64 KiB (a PEM bomb)',
    () => ({ 'private-key': bomb(100 * 1024) }),
    /^::error::sf-jwt-login: private-key is \d+ characters long; a key or certificate is at most a few kilobytes/,
    undefined
  ],
  [
    'a key file of megabytes of BEGIN lines',
    (job) => ({ 'private-key': '', 'private-key-file': join(job.root, 'bomb.key') }),
    /^::error::sf-jwt-login: private-key-file: ".*bomb\.key" is \d+ bytes, more than the 65536 this input takes/,
    (job) => writeFileSync(join(job.root, 'bomb.key'), bomb(5 * 1024 * 1024))
  ],
  [
    'a certificate over 64 KiB',
    () => ({ certificate: bomb(100 * 1024, '-----BEGIN CERTIFICATE-----\n') }),
    /^::error::sf-jwt-login: certificate is \d+ characters long/,
    undefined
  ],
  [
    'a corrupt auth file for this username',
    () => ({}),
    /ci@bad\.example\.com\.json is not a valid JSON object/,
    (job) => writeFileSync(sfdx(job, `${user.username}.json`), '<html>', { mode: 0o600 })
  ]
];

/** A HOME with another org's sf state, as a runner that already logged in elsewhere has. */
function prepareHome(job: Job): void {
  mkdirSync(sfdx(job), { recursive: true, mode: 0o700 });
  mkdirSync(join(job.home, '.sf'), { recursive: true });
  writeFileSync(
    sfdx(job, 'key.json'),
    JSON.stringify({ account: 'local', key: 'b'.repeat(32), service: 'sfdx' }, null, 4),
    { mode: 0o600 }
  );
  writeFileSync(
    sfdx(job, 'other@example.com.json'),
    JSON.stringify({ username: 'other@example.com', accessToken: 'x:y' }),
    { mode: 0o600 }
  );
  writeFileSync(sfdx(job, 'alias.json'), JSON.stringify({ orgs: { other: 'other@example.com' } }));
  writeFileSync(sfdx(job, 'sfdx-config.json'), JSON.stringify({ defaultusername: 'other' }));
  writeFileSync(join(job.home, '.sf', 'config.json'), JSON.stringify({ 'target-org': 'other' }));
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    out[path] = e.isFile() ? `${(statSync(path).mode & 0o777).toString(8)} ${readFileSync(path, 'base64')}` : 'dir';
  }
  return out;
}

describe(`${cases.length} bad inputs`, () => {
  it('covers at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (_name, over, message, prepare) => {
    const job = new Job();
    prepareHome(job);
    prepare?.(job);
    const before = snapshot(job.home);
    const step = await job.runStep({
      'client-id': CLIENT_ID,
      username: user.username,
      'private-key': key(),
      'instance-url': url,
      'approval-timeout': '0',
      ...over(job)
    });
    expect(step.code).toBe(1);
    const errors = step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error::sf-jwt-login: /);
    expect(errors[0]).toMatch(message);
    const everything = `${step.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')}${step.stderr}`;
    expect(everything).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(everything).not.toMatch(/Unexpected error/);
    expect(everything.replace(/\s/g, '')).not.toContain(keys.body.slice(300, 340));
    expect(snapshot(job.home)).toEqual(before);
  });

  it('a key file of 5 MB of BEGIN lines fails in a few seconds at most (it took the old scan over 30 s)', async () => {
    const job = new Job();
    writeFileSync(join(job.root, 'bomb.key'), bomb(5 * 1024 * 1024));
    const step = await job.runStep({
      'client-id': CLIENT_ID,
      username: user.username,
      'private-key-file': join(job.root, 'bomb.key'),
      'instance-url': url
    });
    expect(step.code).toBe(1);
    // The whole step, node's start included; the scan itself is timed in __tests__/unit/keys/pem.test.ts.
    expect(step.elapsedMs).toBeLessThan(5000);
  });

  it('a hostile audience (input or SF_AUDIENCE_URL) starts no workflow command on stdout', async () => {
    const forged = '::set-env name=FORGED::1';
    for (const [inputs, env] of [
      [{ audience: `https://login.salesforce.com\n${forged}` }, {}],
      [{ audience: `no url\r\n${forged}` }, {}],
      [{}, { SF_AUDIENCE_URL: `https://test.salesforce.com\n${forged}` }],
      [{}, { SFDX_AUDIENCE_URL: `https://test.salesforce.com/\n${forged}` }]
    ] as Array<[Record<string, string>, Record<string, string>]>) {
      const step = await new Job().runStep(
        { 'client-id': CLIENT_ID, username: user.username, 'private-key': key(), 'instance-url': url, ...inputs },
        { env }
      );
      expect(step.code).toBe(1);
      // Our commands only: masks, the loopback stub's http warning, and the one error.
      const commands = step.stdout
        .split('\n')
        .filter(
          (l) =>
            l.startsWith('::') &&
            !l.startsWith('::add-mask::') &&
            !/^::warning::(sf-jwt-login: )?\S+ is plain http/.test(l)
        );
      expect(commands).toEqual([
        expect.stringMatching(/^::error::sf-jwt-login: (SF_AUDIENCE_URL|SFDX_AUDIENCE_URL|audience) /)
      ]);
      expect(step.stdout.split('\n').some((l) => l.startsWith(forged))).toBe(false);
      expect(step.exportedEnv.FORGED).toBeUndefined();
    }
  });

  it('an error_description of 3 MB with ANSI and OSC escapes and newlines is one bounded, escaped error line', async () => {
    // 3 MB of text, its JSON under the 4 MB a response may have.
    const piece = '\x1b[31mdenied\x1b[0m\n::warning::forged\r\n\x1b]0;title\x07 and the org says no more';
    const description = piece.repeat(Math.ceil((3 * 1024 * 1024) / piece.length));
    stub.script.push({ error: 'invalid_grant', description });
    const step = await new Job().runStep({
      'client-id': CLIENT_ID,
      username: user.username,
      'private-key': key(),
      'instance-url': url,
      'approval-timeout': '0'
    });
    stub.reset();
    expect(step.code).toBe(1);
    const lines = step.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    const errors = lines.filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::sf-jwt-login: Salesforce rejected the login of .* \(invalid_grant: denied ::warning::forged and the org says no moredenied /
    );
    expect(errors[0]).toMatch(/…\)\. Check client-id/);
    expect(errors[0].length).toBeLessThan(1000);
    expect(lines.filter((l) => l.startsWith('::warning::forged'))).toEqual([]);
    expect(step.stdout).not.toMatch(/[\x1b\x07\r]/);
    expect(step.stdout.length + step.stderr.length).toBeLessThan(20_000);
  });

  it('an RSA key under 2048 bits is refused with a clear message (RS256 signers require 2048 bits)', async () => {
    const small = makeKeyPair(1024);
    const requestsBefore = stub.tokenRequests().length;
    const step = await new Job().runStep({
      'client-id': CLIENT_ID,
      username: user.username,
      'private-key': small.pkcs8,
      'instance-url': url
    });
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(
      /::error::sf-jwt-login: The private key has only 1024 bits; RS256 needs an RSA key of 2048 bits or more/
    );
    expect(stub.tokenRequests()).toHaveLength(requestsBefore);
  });
});
