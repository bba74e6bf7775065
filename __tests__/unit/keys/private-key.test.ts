import { describe, expect, it, beforeAll } from '@jest/globals';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { nameInput } from '../../../src/action/inputs.js';
import { loadPrivateKey, normalisePem } from '../../../src/keys/private-key.js';
import { makeKeyPair } from '../../../test-support/keys.mjs';

type Keys = ReturnType<typeof makeKeyPair>;
let keys: Keys;
const dir = mkdtempSync(join(tmpdir(), 'sfjwt-key-'));

beforeAll(() => {
  keys = makeKeyPair(2048);
});

function load(text: string, passphrase?: string) {
  const masked: string[] = [];
  const key = loadPrivateKey({ text, passphrase }, (s) => masked.push(s), nameInput);
  return { key, masked };
}

function samePublicKey(k: ReturnType<typeof load>['key']) {
  return createPublicKey(k.key).export({ type: 'spki', format: 'pem' }) === keys.publicPem;
}

describe('accepted key forms', () => {
  // Every row has three cells: jest treats an extra callback parameter as a `done` callback.
  const forms: Array<[string, () => string, string | undefined]> = [
    ['PKCS#8 PEM', () => keys.pkcs8, undefined],
    ['PKCS#1 PEM (BEGIN RSA PRIVATE KEY)', () => keys.pkcs1, undefined],
    ['encrypted PKCS#8 with passphrase', () => keys.encryptedPkcs8('s3cret pass'), 's3cret pass'],
    [
      'legacy encrypted PEM (Proc-Type/DEK-Info) with passphrase',
      () => keys.legacyEncrypted('s3cret pass'),
      's3cret pass'
    ],
    ['the whole PEM base64-encoded', () => Buffer.from(keys.pkcs8).toString('base64'), undefined],
    [
      'the whole PEM base64-encoded and wrapped at 76 columns',
      () => Buffer.from(keys.pkcs1).toString('base64').replace(/.{76}/g, '$&\n'),
      undefined
    ],
    [
      'DER base64 (PKCS#8)',
      () => keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      undefined
    ],
    ['literal \\n sequences instead of newlines', () => keys.pkcs8.trim().replace(/\n/g, '\\n'), undefined],
    ['newlines turned into spaces', () => keys.pkcs1.trim().replace(/\n/g, ' '), undefined],
    ['everything on one line without separators', () => keys.pkcs8.replace(/\n/g, ''), undefined],
    ['CRLF line endings', () => keys.pkcs8.replace(/\n/g, '\r\n'), undefined],
    ['surrounding whitespace and double quotes', () => `  "${keys.pkcs8.trim()}"\n\n`, undefined],
    ['surrounding single quotes', () => `'${keys.pkcs1.trim()}'`, undefined],
    [
      'legacy encrypted PEM with its newlines turned into spaces',
      () => keys.legacyEncrypted('pw').trim().replace(/\n/g, ' '),
      'pw'
    ]
  ];
  it.each(forms)('%s', (_name, make, passphrase) => {
    const { key, masked } = load(make(), passphrase);
    expect(samePublicKey(key)).toBe(true);
    expect(key.bits).toBe(2048);
    expect(key.pkcs8Pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    // The decrypted/normalised PKCS#8 form is always masked before use.
    expect(masked).toContain(key.pkcs8Pem);
  });

  it('masks the decoded PEM of a base64 secret, not only the secret as stored', () => {
    const { masked } = load(Buffer.from(keys.pkcs1).toString('base64'));
    expect(masked.some((m) => m.includes('BEGIN RSA PRIVATE KEY'))).toBe(true);
  });

  it('reads a key file by path, and masks its contents', () => {
    const file = join(dir, 'server.key');
    writeFileSync(file, keys.pkcs1);
    const masked: string[] = [];
    const key = loadPrivateKey({ file }, (s) => masked.push(s), nameInput);
    expect(samePublicKey({ key: key.key } as never)).toBe(true);
    expect(masked[0]).toBe(keys.pkcs1);
  });

  it('accepts the keys OpenSSL makes with the Salesforce guide commands', () => {
    const d = mkdtempSync(join(tmpdir(), 'sfjwt-openssl-'));
    execFileSync(
      'openssl',
      [
        'genpkey',
        '-algorithm',
        'RSA',
        '-aes-256-cbc',
        '-pass',
        'pass:SomePassword',
        '-out',
        join(d, 'server.pass.key')
      ],
      { stdio: 'ignore' }
    );
    execFileSync(
      'openssl',
      ['rsa', '-passin', 'pass:SomePassword', '-in', join(d, 'server.pass.key'), '-out', join(d, 'server.key')],
      { stdio: 'ignore' }
    );
    const encrypted = loadPrivateKey(
      { file: join(d, 'server.pass.key'), passphrase: 'SomePassword' },
      () => {},
      nameInput
    );
    const plain = loadPrivateKey({ file: join(d, 'server.key') }, () => {}, nameInput);
    expect(encrypted.pkcs8Pem).toBe(plain.pkcs8Pem);
  });

  it('normalisePem re-wraps a body at 64 columns', () => {
    const pem = normalisePem(keys.pkcs8.replace(/\n/g, ' '), () => {}, 'private-key');
    const body = pem.split('\n').slice(1, -2);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
  });
});

describe('rejected inputs, one clear message each', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const ecSec1 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'sec1', format: 'pem' })
    .toString();
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cases: Array<[string, () => { text?: string; file?: string; passphrase?: string }, RegExp]> = [
    ['a public key', () => ({ text: keys.publicPem }), /holds a public key/],
    [
      'a certificate',
      () => ({ text: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }),
      /certificate \(server\.crt\), not the private key/
    ],
    ['an EC key (PKCS#8)', () => ({ text: ec }), /not an RSA key \(its type is EC\)/],
    ['an EC key (SEC1)', () => ({ text: ecSec1 }), /an EC key.*RSA/],
    ['an Ed25519 key', () => ({ text: ed }), /not an RSA key \(its type is ED25519\)/],
    [
      'encrypted key without passphrase',
      () => ({ text: keys.encryptedPkcs8('x') }),
      /encrypted: set private-key-passphrase/
    ],
    [
      'legacy encrypted key without passphrase',
      () => ({ text: keys.legacyEncrypted('x') }),
      /encrypted: set private-key-passphrase/
    ],
    ['wrong passphrase', () => ({ text: keys.encryptedPkcs8('right'), passphrase: 'wrong' }), /passphrase is wrong/],
    [
      'wrong passphrase (legacy)',
      () => ({ text: keys.legacyEncrypted('right'), passphrase: 'wrong' }),
      /passphrase is wrong/
    ],
    ['no key at all', () => ({ text: 'hello world, this is not a key!' }), /neither PEM text .* nor base64/],
    [
      'base64 of something else',
      () => ({ text: Buffer.from('just some text that is long enough').toString('base64') }),
      /neither PEM text .* nor base64 of a PEM or DER key/
    ],
    [
      'truncated base64 of a PEM',
      () => ({ text: Buffer.from(keys.pkcs8).toString('base64').slice(0, 400) }),
      /not a complete PEM block|damaged/
    ],
    ['a PEM missing its END line', () => ({ text: keys.pkcs8.split('-----END')[0] }), /END .* missing/],
    ['a damaged body', () => ({ text: keys.pkcs8.replace(/\n(.{10})/, '\n$1!!') }), /not valid base64|damaged/],
    ['a truncated body', () => ({ text: `${keys.pkcs8.slice(0, 300)}\n-----END PRIVATE KEY-----` }), /damaged/],
    [
      'both private-key and private-key-file',
      () => ({ text: keys.pkcs8, file: '/tmp/x' }),
      /Both private-key and private-key-file/
    ],
    ['neither', () => ({ text: '', file: '' }), /No private key/],
    ['whitespace only', () => ({ text: '   \n ', file: ' ' }), /No private key/],
    ['a key file that does not exist', () => ({ file: join(dir, 'missing.key') }), /no file at/],
    [
      'a key file path that is a folder',
      () => {
        mkdirSync(join(dir, 'folder.key'), { recursive: true });
        return { file: join(dir, 'folder.key') };
      },
      /is not a file/
    ]
  ];
  it.each(cases)('%s', (_name, make, message) => {
    const source = make();
    let thrown: unknown;
    try {
      loadPrivateKey(source, () => {}, nameInput);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).name).toBe('UserError');
    expect((thrown as Error).message).toMatch(message);
    // No secret in the message: no 40-char run of the key body.
    expect((thrown as Error).message).not.toMatch(/[A-Za-z0-9+/]{40}/);
  });
});
