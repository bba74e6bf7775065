import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import {
  DAY_MS,
  certificateMatchesKey,
  certificateValidity,
  checkCertificateForKey,
  daysLeft,
  describeCertificate,
  expiryState,
  isoSeconds,
  parseCertificate,
  relativeDays
} from '../../../src/keys/certificate.js';
import { buildCertificate, buildCsr } from '../../../src/keys/keygen.js';
import { UserError } from '../../../src/util/errors.js';
import { nameInput } from '../../../src/action/inputs.js';

let key: KeyObject;
let other: KeyObject;
let pem: string;
const now = new Date('2026-06-01T12:00:00Z');
const subject = [
  { type: 'O' as const, value: 'Acme' },
  { type: 'CN' as const, value: 'ci.acme.example' }
];

/** A certificate for `key` valid from `from` for `days` days. */
function certificate(k: KeyObject, from: Date, days: number): string {
  return buildCertificate(k, subject, from, new Date(from.getTime() + days * DAY_MS));
}

beforeAll(() => {
  key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  other = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
  pem = certificate(key, new Date(now.getTime() - 10 * DAY_MS), 365);
});

const der = () => new X509Certificate(pem).raw;
const body = () => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('parseCertificate', () => {
  // Every row has two cells, as the callback has two parameters.
  const forms: Array<[string, () => string]> = [
    ['PEM', () => pem],
    ['PEM with CRLF line endings', () => pem.replace(/\n/g, '\r\n')],
    ['PEM with literal \\n sequences', () => pem.trim().replace(/\n/g, '\\n')],
    ['PEM whose newlines became spaces', () => pem.trim().replace(/\n/g, ' ')],
    ['PEM on one line', () => pem.replace(/\n/g, '')],
    ['PEM in quotes with surrounding whitespace', () => `  "${pem.trim()}"\n`],
    ['base64 of the PEM', () => Buffer.from(pem).toString('base64')],
    ['base64 of the PEM wrapped at 76 columns', () => Buffer.from(pem).toString('base64').replace(/.{76}/g, '$&\n')],
    ['base64 of the DER', () => der().toString('base64')],
    ['base64url of the DER', () => der().toString('base64url')],
    ['a chain: the first certificate counts', () => pem + certificate(other, now, 30)]
  ];
  it.each(forms)('accepts %s', (_name, make) => {
    expect(parseCertificate(make()).fingerprint256).toBe(new X509Certificate(pem).fingerprint256);
  });

  const keyPem = () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rejections: Array<[string, () => string, RegExp]> = [
    ['empty', () => '  ', /certificate is empty/],
    ['a private key', keyPem, /holds a private key, not a certificate/],
    ['base64 of a private key', () => Buffer.from(keyPem()).toString('base64'), /holds a private key/],
    ['a certificate signing request', () => buildCsr(key, subject), /certificate signing request \(server\.csr\)/],
    ['a public key', () => createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(), /bare public key/],
    ['a file name', () => 'server.crt', /looks like a file name/],
    ['text', () => 'hello, world', /neither a PEM certificate/],
    ['base64 of nothing useful', () => Buffer.from('just some text').toString('base64'), /neither a PEM certificate/],
    ['a PEM without its END line', () => pem.split('-----END')[0], /not a complete PEM block/],
    [
      'a truncated body',
      () => `-----BEGIN CERTIFICATE-----\n${body().slice(0, 200)}\n-----END CERTIFICATE-----\n`,
      /is damaged/
    ],
    ['a body with junk characters', () => pem.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1*'), /not valid base64/]
  ];
  it.each(rejections)('rejects %s with a clear message', (_name, make, message) => {
    const text = make();
    let error: unknown;
    try {
      parseCertificate(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
    // Never echoes what was passed (it may be a key pasted into the wrong place).
    const longest = text
      .replace(/-----[^-]+-----/g, '')
      .replace(/\s+/g, '')
      .slice(40, 80);
    if (longest.length >= 20) expect((error as Error).message).not.toContain(longest);
  });

  it('names the input in its messages', () => {
    expect(() => parseCertificate('nope', 'ci/server.crt')).toThrow(/^ci\/server\.crt is neither/);
  });
});

describe('describeCertificate and certificateMatchesKey', () => {
  it('reports subject, issuer, window, fingerprints and key size', () => {
    const info = describeCertificate(new X509Certificate(pem));
    expect(info.subject).toBe('O=Acme, CN=ci.acme.example');
    expect(info.issuer).toBe(info.subject);
    expect(info.selfSigned).toBe(true);
    expect(info.notBefore.getTime()).toBe(now.getTime() - 10 * DAY_MS);
    expect(info.notAfter.getTime()).toBe(now.getTime() + 355 * DAY_MS);
    const hex = (algorithm: string) =>
      createHash(algorithm).update(der()).digest('hex').toUpperCase().match(/../g)?.join(':');
    expect(info.sha1).toBe(hex('sha1'));
    expect(info.sha256).toBe(hex('sha256'));
    expect(info.keyType).toBe('rsa');
    expect(info.bits).toBe(2048);
  });

  it('matches a key with its own certificate only', () => {
    const cert = new X509Certificate(pem);
    expect(certificateMatchesKey(cert, key)).toBe(true);
    expect(certificateMatchesKey(cert, other)).toBe(false);
    expect(certificateMatchesKey(new X509Certificate(certificate(other, now, 1)), other)).toBe(true);
  });

  it('reads the validity window from the strings where Node has no Date fields (before 22.10)', () => {
    const cert = new X509Certificate(pem);
    const strings = { validFrom: cert.validFrom, validTo: cert.validTo };
    expect(strings.validFrom).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/);
    expect(certificateValidity(strings)).toEqual({
      notBefore: new Date(now.getTime() - 10 * DAY_MS),
      notAfter: new Date(now.getTime() + 355 * DAY_MS)
    });
    expect(certificateValidity(cert)).toEqual(certificateValidity(strings));
  });
});

describe('expiry, as pure functions of now', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const end = new Date('2026-12-31T00:00:00Z');
  // Every row has three cells: the callback takes three parameters.
  const cases: Array<[string, number, ReturnType<typeof expiryState>]> = [
    ['2025-12-31T23:59:59Z', 30, 'not-yet-valid'],
    ['2026-01-01T00:00:00Z', 30, 'valid'],
    ['2026-12-01T00:00:01Z', 30, 'expiring'],
    ['2026-12-01T00:00:00Z', 30, 'valid'],
    ['2026-12-30T00:00:00Z', 0, 'valid'],
    ['2026-12-31T00:00:00Z', 30, 'expiring'],
    ['2026-12-31T00:00:01Z', 30, 'expired'],
    ['2027-06-01T00:00:00Z', 0, 'expired']
  ];
  it.each(cases)('at %s with %i warning days: %s', (at, warningDays, state) => {
    expect(expiryState(start, end, new Date(at), warningDays)).toBe(state);
  });

  it('counts whole days left, negative once expired', () => {
    expect(daysLeft(end, new Date('2026-12-01T00:00:00Z'))).toBe(30);
    expect(daysLeft(end, new Date('2026-12-01T00:00:01Z'))).toBe(29);
    expect(daysLeft(end, new Date('2026-12-30T12:00:00Z'))).toBe(0);
    expect(daysLeft(end, new Date('2026-12-31T12:00:00Z'))).toBe(-1);
    expect(daysLeft(end, new Date('2027-01-10T00:00:00Z'))).toBe(-10);
  });

  it('describes the distance in days', () => {
    expect(relativeDays(end, new Date('2026-12-01T00:00:00Z'))).toBe('in 30 days');
    expect(relativeDays(end, new Date('2026-12-29T23:00:00Z'))).toBe('in 1 day');
    expect(relativeDays(end, new Date('2026-12-30T12:00:00Z'))).toBe('in less than a day');
    expect(relativeDays(end, new Date('2026-12-31T06:00:00Z'))).toBe('less than a day ago');
    expect(relativeDays(end, new Date('2027-01-03T00:00:00Z'))).toBe('3 days ago');
  });

  it('writes instants to the second', () => {
    expect(isoSeconds(new Date('2026-12-31T00:00:00.000Z'))).toBe('2026-12-31T00:00:00Z');
  });
});

describe('checkCertificateForKey', () => {
  const options = { warningDays: 30, failOnExpired: false, now, nameOf: nameInput };

  it('passes a matching, valid certificate quietly and says when it expires', () => {
    const checked = checkCertificateForKey(pem, key, options);
    expect(checked.state).toBe('valid');
    expect(checked.warnings).toEqual([]);
    expect(checked.summary).toMatch(
      /^The certificate \(O=Acme, CN=ci\.acme\.example, SHA-1 [0-9A-F:]{59}\) matches the private key; it expires on 2027-05-22T12:00:00Z \(in 355 days\)\.$/
    );
  });

  it('fails a certificate of another key before anything else, naming both sizes', () => {
    expect(() => checkCertificateForKey(certificate(other, now, 365), key, options)).toThrow(
      /does not belong to the private key \(the certificate holds a 3072-bit key, the private key has 2048 bits\), so Salesforce would reject the login with "invalid assertion"/
    );
  });

  it('fails a mismatch even when the certificate has also expired', () => {
    const expiredOther = certificate(other, new Date(now.getTime() - 400 * DAY_MS), 365);
    expect(() => checkCertificateForKey(expiredOther, key, options)).toThrow(/does not belong/);
  });

  it('warns when the certificate expires within the warning days', () => {
    const soon = certificate(key, new Date(now.getTime() - 355 * DAY_MS), 365);
    const checked = checkCertificateForKey(soon, key, options);
    expect(checked.state).toBe('expiring');
    expect(checked.warnings).toHaveLength(1);
    expect(checked.warnings[0]).toMatch(
      /expires on .* \(in 10 days; certificate-expiry-warning-days is 30\)\. Make a new key and certificate/
    );
    expect(checkCertificateForKey(soon, key, { ...options, warningDays: 5 }).warnings).toEqual([]);
    expect(checkCertificateForKey(soon, key, { ...options, warningDays: 0 }).warnings).toEqual([]);
  });

  it('warns about an expired certificate, and fails only when asked to', () => {
    const expired = certificate(key, new Date(now.getTime() - 400 * DAY_MS), 365);
    const checked = checkCertificateForKey(expired, key, options);
    expect(checked.state).toBe('expired');
    expect(checked.warnings).toHaveLength(1);
    expect(checked.warnings[0]).toMatch(
      /expired on .* \(35 days ago\)\. Salesforce does not check its expiry for the JWT bearer flow/
    );
    expect(checked.summary).toMatch(/matches the private key; it expired on/);
    expect(() => checkCertificateForKey(expired, key, { ...options, failOnExpired: true })).toThrow(
      /expired on .* and fail-on-expired-certificate is true\. Make a new key and certificate/
    );
  });

  it('warns about a certificate that is not valid yet', () => {
    const future = certificate(key, new Date(now.getTime() + 2 * DAY_MS), 365);
    expect(checkCertificateForKey(future, key, options).warnings[0]).toMatch(/is not valid before/);
  });
});
