// One core, two namings: the same failure names the action's input in the action (`private-key`) and the flag on the
// command line (`--jwt-key-file`), or the environment variable the key came from, through the adapter's NameOf.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../../../src/action/inputs.js';
import type { Io } from '../../../src/cli/command.js';
import { loginInputs, loginNames } from '../../../src/cli/login.js';
import { LOGIN_OPTIONS } from '../../../src/cli/login-options.js';
import { parseOptions } from '../../../src/cli/options.js';
import { LOGIN_FIELDS, type LoginInputs } from '../../../src/login/inputs.js';
import { login } from '../../../src/login/login.js';
import { makeKeyPair, type KeyPair } from '../../../test-support/keys.mjs';

const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const keys: KeyPair = makeKeyPair();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sfjwt-naming-'));
  writeFileSync(join(dir, 'server.crt'), CERTIFICATE);
  writeFileSync(join(dir, 'server.key'), keys.pkcs8);
  writeFileSync(join(dir, 'server.pass.key'), keys.encryptedPkcs8('secret'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quiet = { info: () => {}, warning: () => {}, mask: () => {} };

/** The message the whole login (validation, then the key, the login URL) fails with, before any request. */
async function failure(read: () => LoginInputs): Promise<string> {
  try {
    await login(read(), quiet, { env: {}, projectDir: dir, home: dir, keyCopyDir: join(dir, 'copy') });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the login did not fail');
}

const actionInputs = (given: Record<string, string>) => () =>
  readInputs(
    (name) =>
      (({ 'client-id': '3MVG9abc', username: 'ci@example.com', ...given }) as Record<string, string>)[name] ?? ''
  );

const cliInputs =
  (args: string[], env: NodeJS.ProcessEnv = {}) =>
  () => {
    const io: Io = { out: () => {}, err: () => {}, env, cwd: dir };
    const all = ['-i', '3MVG9abc', '-o', 'ci@example.com', ...args];
    return loginInputs(parseOptions('login', LOGIN_OPTIONS, all), io);
  };

describe('the same failure, named by each adapter', () => {
  // Every row: what the action is given, what the command line is given, and the two messages' starts.
  const cases: Array<[string, Record<string, string>, () => [string[], NodeJS.ProcessEnv?], RegExp, RegExp]> = [
    [
      'a certificate instead of the key',
      { 'private-key': CERTIFICATE },
      () => [['-f', 'server.crt']],
      /^private-key holds a certificate/,
      /^--jwt-key-file holds a certificate/
    ],
    [
      'a certificate in the key variable',
      { 'private-key': CERTIFICATE },
      () => [[], { SF_JWT_KEY: CERTIFICATE }],
      /^private-key holds a certificate/,
      /^SF_JWT_KEY holds a certificate/
    ],
    [
      'a missing key file',
      { 'private-key-file': join(tmpdir(), 'no-such-dir-sfjwt', 'server.key') },
      () => [['-f', 'nothere.key']],
      /^private-key-file: no file at/,
      /^--jwt-key-file: no file at/
    ],
    [
      'an encrypted key without its passphrase',
      { 'private-key': keys.encryptedPkcs8('secret') },
      () => [['-f', 'server.pass.key']],
      /set private-key-passphrase to the passphrase/,
      /set --private-key-passphrase \(or SF_JWT_KEY_PASSPHRASE\) to the passphrase/
    ],
    [
      'an empty client id',
      { 'client-id': ' ' },
      () => [['-f', 'server.key', '-i', ' ']],
      /^client-id is empty/,
      /^--client-id is empty/
    ],
    [
      'an empty client id, with where such a value goes missing',
      { 'client-id': '' },
      () => [['-f', 'server.key', '-i', '']],
      /^client-id is empty: .*\. If you pass it from a secret, .*no secrets to workflows triggered from forks, and Dependabot's runs get only Dependabot secrets\.$/,
      /^--client-id is empty: .*\. If you pass it from a shell or CI variable, check that the variable is set in this job/
    ],
    [
      'an empty username, with where such a value goes missing',
      { username: '' },
      () => [['-f', 'server.key', '-o', '']],
      /^username is empty: .*\. If you pass it from a secret, .*forks, and Dependabot's/,
      /^--username is empty: .*\. If you pass it from a shell or CI variable/
    ],
    [
      'no key, with where such a value goes missing',
      { 'private-key': ' ', 'private-key-file': '' },
      () => [[], { SF_JWT_KEY: ' ' }],
      /^No private key: set private-key .*\. If you pass it from a secret, .*forks, and Dependabot's/,
      /^login needs the private key: .*; SF_JWT_KEY is set but empty\. If you pass it from a shell or CI variable/
    ],
    [
      'a timeout that is no number',
      { 'private-key': keys.pkcs8, 'request-timeout': 'soon' },
      () => [['-f', 'server.key', '--request-timeout', 'soon']],
      /^request-timeout must be a whole number of seconds from 1 to 600/,
      /^--request-timeout must be a whole number of seconds from 1 to 600/
    ],
    [
      'too many warning days',
      { 'private-key': keys.pkcs8, 'certificate-expiry-warning-days': '9999' },
      () => [['-f', 'server.key', '--certificate-expiry-warning-days', '9999']],
      /^certificate-expiry-warning-days must be a whole number of days from 0 to 3650/,
      /^--certificate-expiry-warning-days must be a whole number of days from 0 to 3650/
    ],
    [
      'a login URL over http',
      { 'private-key': keys.pkcs8, 'instance-url': 'http://login.salesforce.com' },
      () => [['-f', 'server.key', '-r', 'http://login.salesforce.com']],
      /^instance-url must use https/,
      /^--instance-url must use https/
    ]
  ];

  it.each(cases)('%s', async (_name, action, cli, inAction, onCli) => {
    expect(await failure(actionInputs(action))).toMatch(inAction);
    const [args, env] = cli();
    expect(await failure(cliInputs(args, env))).toMatch(onCli);
  });
});

describe("the command line's names", () => {
  it('names every login field by a flag, or the key by the variable it came from', () => {
    for (const keyFromEnv of [false, true]) {
      const nameOf = loginNames(keyFromEnv);
      for (const field of LOGIN_FIELDS) expect(nameOf(field)).toMatch(/^(--[a-z-]+|SF_JWT_KEY)/);
    }
    expect(loginNames(true)('privateKeyFile')).toBe('SF_JWT_KEY');
    expect(loginNames(false)('privateKey')).toBe('--jwt-key-file');
  });

  it('builds typed login inputs from the flags, with the login defaults', () => {
    const inputs = cliInputs(['-f', 'server.key', '-s', '--no-write-sf-state'])();
    expect(inputs).toMatchObject({
      privateKeyFile: join(dir, 'server.key'),
      setDefault: true,
      setDefaultDevHub: false,
      writeSfState: false,
      approvalTimeoutSeconds: 300,
      requestTimeoutSeconds: 30,
      certificateExpiryWarningDays: 30
    });
  });
});
