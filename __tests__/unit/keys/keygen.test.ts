import { beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import {
  DEFAULT_COMMON_NAME,
  generateKeyMaterial,
  parseSubject,
  subjectField,
  validateBits,
  validateDays,
  validatePassphrase,
  type KeyMaterial
} from '../../../src/keys/keygen.js';
import { describeCertificate, DAY_MS } from '../../../src/keys/certificate.js';
import { loadPrivateKey } from '../../../src/keys/private-key.js';
import { nameInput } from '../../../src/action/inputs.js';
import { signAssertion } from '../../../src/login/jwt.js';
import { SalesforceStub, makeUser } from '../../../test-support/salesforce-stub.mjs';

let material: KeyMaterial;

beforeAll(() => {
  material = generateKeyMaterial({ csr: true, passphrase: 'correct horse' });
});

describe('generateKeyMaterial', () => {
  it('makes a 2048-bit RSA key and a self-signed SHA-256 certificate valid for 365 days by default', () => {
    expect(material.bits).toBe(2048);
    expect(material.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(material.privateKey.asymmetricKeyDetails?.publicExponent).toBe(65537n);
    expect(material.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const cert = new X509Certificate(material.certificatePem);
    expect(cert.subject).toBe(`CN=${DEFAULT_COMMON_NAME}`);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(material.privateKey)).toBe(true);
    expect(cert.ca).toBe(true);
    expect(cert.validToDate.getTime() - cert.validFromDate.getTime()).toBe(365 * DAY_MS);
    expect(Math.abs(cert.validFromDate.getTime() - Date.now())).toBeLessThan(60_000);
    const parsed = forge.pki.certificateFromPem(material.certificatePem);
    expect(parsed.signatureOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
    expect(parsed.version).toBe(2);
    // A positive serial number of 16 bytes, minimally encoded.
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });

  it('gives every certificate its own serial number', () => {
    const again = generateKeyMaterial({});
    expect(new X509Certificate(again.certificatePem).serialNumber).not.toBe(
      new X509Certificate(material.certificatePem).serialNumber
    );
  });

  it('makes a certificate signing request for the same key and subject', () => {
    const csr = forge.pki.certificationRequestFromPem(material.csrPem as string);
    expect(csr.verify()).toBe(true);
    expect(csr.signatureOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
    expect(forge.pki.publicKeyToPem(csr.publicKey as forge.pki.PublicKey).replace(/\r/g, '')).toBe(
      new X509Certificate(material.certificatePem).publicKey.export({ type: 'spki', format: 'pem' })
    );
    expect(csr.subject.getField('CN').value).toBe(DEFAULT_COMMON_NAME);
  });

  it('encrypts the key with the passphrase (AES-256-CBC), and only that passphrase opens it', () => {
    const encrypted = material.encryptedKeyPem as string;
    expect(encrypted).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const der = Buffer.from(encrypted.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    // The AlgorithmIdentifier of aes256-CBC (2.16.840.1.101.3.4.1.42) inside the PBES2 parameters.
    expect(der.includes(Buffer.from('06096086480165030401' + '2a', 'hex'))).toBe(true);
    const opened = createPrivateKey({ key: encrypted, format: 'pem', passphrase: 'correct horse' });
    expect(opened.export({ type: 'pkcs8', format: 'pem' })).toBe(material.keyPem);
    expect(() => createPrivateKey({ key: encrypted, format: 'pem', passphrase: 'wrong horse' })).toThrow();
    expect(() => createPrivateKey({ key: encrypted, format: 'pem' })).toThrow();
    expect(loadPrivateKey({ text: encrypted, passphrase: 'correct horse' }, () => {}, nameInput).pkcs8Pem).toBe(
      material.keyPem
    );
  });

  // Every row has one cell: the callback takes one parameter.
  it.each([[3072], [4096]])('makes %i-bit keys', (bits) => {
    const m = generateKeyMaterial({ bits: bits as 3072 | 4096, days: 30 });
    expect(m.privateKey.asymmetricKeyDetails?.modulusLength).toBe(bits);
    const info = describeCertificate(new X509Certificate(m.certificatePem));
    expect(info.bits).toBe(bits);
    expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(30 * DAY_MS);
  });

  it('writes subject fields in order, UTF-8 where allowed', () => {
    const subject = parseSubject(
      '/C=de/ST=Bayern/L=München/O=Acme GmbH/OU=CI/OU=Platform/CN=ci.acme.example/emailAddress=ci@acme.example'
    );
    const m = generateKeyMaterial({ subject, csr: true });
    const cert = new X509Certificate(m.certificatePem);
    expect(cert.subject.split('\n')).toEqual([
      'C=DE',
      'ST=Bayern',
      'L=München',
      'O=Acme GmbH',
      'OU=CI',
      'OU=Platform',
      'CN=ci.acme.example',
      'emailAddress=ci@acme.example'
    ]);
    const parsed = forge.pki.certificateFromPem(m.certificatePem);
    expect(parsed.subject.getField('C').valueTagClass).toBe(forge.asn1.Type.PRINTABLESTRING);
    expect(parsed.subject.getField('L').valueTagClass).toBe(forge.asn1.Type.UTF8);
    expect(parsed.subject.getField('E').valueTagClass).toBe(forge.asn1.Type.IA5STRING);
  });

  it('starts the validity at the given instant (to the second), so tests can make expired certificates', () => {
    const past = new Date('2020-03-04T05:06:07.890Z');
    const m = generateKeyMaterial({ now: past, days: 10 });
    const cert = new X509Certificate(m.certificatePem);
    expect(cert.validFromDate.toISOString()).toBe('2020-03-04T05:06:07.000Z');
    expect(cert.validToDate.toISOString()).toBe('2020-03-14T05:06:07.000Z');
  });

  it('signs JWTs that the Salesforce stub accepts with the certificate as the app holds it', async () => {
    const user = makeUser('ci@keygen.example.com');
    const stub = new SalesforceStub({
      publicKey: new X509Certificate(material.certificatePem).publicKey,
      clientId: '3MVG9keygen',
      users: [user]
    });
    const assertion = await signAssertion(material.privateKey, {
      clientId: '3MVG9keygen',
      username: user.username,
      audience: 'https://login.salesforce.com'
    });
    const verdict = stub.verifyAssertion(assertion);
    expect(verdict.error).toBeUndefined();
    expect(verdict.user?.username).toBe(user.username);
    const otherKey = generateKeyMaterial({}).privateKey;
    const forged = await signAssertion(otherKey, {
      clientId: '3MVG9keygen',
      username: user.username,
      audience: 'https://login.salesforce.com'
    });
    expect(stub.verifyAssertion(forged).description).toBe('invalid assertion');
  });
});

describe('validation', () => {
  // Every row has two cells, as the callback has two parameters.
  it.each([
    ['1024', /bits must be 2048, 3072, 4096 \(got "1024"\)/],
    ['2047', /bits must be/],
    ['8192', /bits must be/],
    ['two', /bits must be/],
    ['', /bits must be/]
  ])('rejects bits %j', (value, message) => {
    expect(() => validateBits(value)).toThrow(message);
  });
  it('accepts 2048, 3072 and 4096 bits', () => {
    expect([validateBits('2048'), validateBits(3072), validateBits(' 4096 ')]).toEqual([2048, 3072, 4096]);
  });

  it.each([['0'], ['-1'], ['1.5'], ['365d'], ['36501'], ['']])('rejects days %j', (value) => {
    expect(() => validateDays(value)).toThrow(/days must be a whole number of days from 1 to 36500/);
  });
  it('accepts days from 1', () => {
    expect([validateDays('1'), validateDays(730), validateDays('36500')]).toEqual([1, 730, 36500]);
  });

  it('parses OpenSSL-style and comma-separated subjects, with escapes', () => {
    expect(parseSubject('/C=US/O=Acme\\/Sub/CN=ci')).toEqual([
      { type: 'C', value: 'US' },
      { type: 'O', value: 'Acme/Sub' },
      { type: 'CN', value: 'ci' }
    ]);
    expect(parseSubject('CN=ci, O=Acme\\, Inc., email=ci@acme.example')).toEqual([
      { type: 'CN', value: 'ci' },
      { type: 'O', value: 'Acme, Inc.' },
      { type: 'emailAddress', value: 'ci@acme.example' }
    ]);
  });

  it.each([
    ['/XX=1', /subject field "XX" is not one of C, ST, L, O, OU, CN, emailAddress/],
    ['/C=USA', /two-letter country code/],
    ['/C=U1', /two-letter country code/],
    ['/CN=', /subject field CN is empty/],
    ['/CN', /"CN" is not TYPE=value/],
    ['', /subject is empty/],
    [`/CN=${'x'.repeat(65)}`, /CN is longer than 64 characters/],
    ['/CN=a\tb', /control character/],
    ['/emailAddress=mü@example.com', /plain ASCII/]
  ])('rejects the subject %j', (text, message) => {
    expect(() => parseSubject(text)).toThrow(message);
  });

  it('canonicalises field names', () => {
    expect(subjectField('cn', ' ci ')).toEqual({ type: 'CN', value: 'ci' });
    expect(subjectField('E', 'a@b.c')).toEqual({ type: 'emailAddress', value: 'a@b.c' });
    expect(subjectField('c', 'gb')).toEqual({ type: 'C', value: 'GB' });
  });

  it('wants passphrases OpenSSL can read back', () => {
    expect(() => validatePassphrase('abc')).toThrow(/at least 4 characters/);
    expect(() => validatePassphrase('x'.repeat(1024))).toThrow(/longer than 1023 bytes/);
    expect(() => generateKeyMaterial({ passphrase: '' })).toThrow(/at least 4 characters/);
    expect(validatePassphrase('abcd')).toBe('abcd');
  });
});
