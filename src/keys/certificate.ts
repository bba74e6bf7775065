/**
 * The certificate uploaded to the Salesforce app (server.crt): parsed with Node's X509Certificate, checked against
 * the private key before anything is sent to Salesforce (a mismatch otherwise comes back as a bare "invalid
 * assertion"), and its expiry reported. Salesforce does not enforce the uploaded certificate's expiry for the JWT
 * bearer flow, so expiry is a warning unless the caller asks for a failure.
 *
 * A certificate is public: nothing here is a secret, but messages never echo what was passed in (it may be a key
 * pasted into the wrong place).
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { cliCommand } from '../util/cli-command.js';
import { UserError } from '../util/errors.js';
import type { NameOf } from '../login/inputs.js';
import { MAX_PEM_INPUT, decodeBase64, findPemBlock, isBase64Body, tooLargeForPem, unmangle, wrapPem } from './pem.js';

/** A day in milliseconds: certificate windows and keygen's validity are counted in days. */
export const DAY_MS = 86_400_000;

export interface CertificateInfo {
  /** "CN=ci, O=Acme, C=US", in the certificate's order. */
  subject: string;
  issuer: string;
  selfSigned: boolean;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Colon-separated upper-case hex, as `openssl x509 -fingerprint` prints it. */
  sha1: string;
  sha256: string;
  keyType: string;
  /** Modulus size of an RSA key. */
  bits?: number;
}

/**
 * Parses a certificate given as PEM, as base64 of the PEM, or as base64 of the DER, repairing what secret stores do
 * to PEM text (literal "\n", CRLF, lost newlines, quotes). `what` names the input in messages.
 */
export function parseCertificate(input: string, what = 'certificate'): X509Certificate {
  if (input.length > MAX_PEM_INPUT) throw new UserError(tooLargeForPem(what, input.length));
  let text = unmangle(input);
  if (!text) throw new UserError(`${what} is empty: pass the certificate (server.crt) as PEM text or its base64.`);

  if (!text.includes('-----BEGIN')) {
    if (/^[^\s]+\.(crt|cer|pem|der)$/i.test(text)) {
      throw new UserError(
        `${what} looks like a file name ("${text}"); pass the certificate's contents (PEM text or base64), not its path.`
      );
    }
    const bytes = decodeBase64(text);
    if (!bytes) throw notACertificate(what);
    const decoded = bytes.toString('utf8');
    if (decoded.includes('-----BEGIN')) {
      text = decoded.trim().replace(/\r\n?/g, '\n');
    } else if (bytes[0] === 0x30) {
      try {
        return new X509Certificate(bytes);
      } catch {
        throw notACertificate(what);
      }
    } else {
      throw notACertificate(what);
    }
  }

  const block = findPemBlock(text);
  if (!block) {
    throw new UserError(
      `${what} is not a complete PEM block: its "-----END CERTIFICATE-----" line is missing. Pass the whole server.crt.`
    );
  }
  rejectWrongKind(block.label, what);
  const body = block.body.replace(/\s+/g, '');
  if (!isBase64Body(body)) {
    throw new UserError(
      `${what}: the certificate's PEM body is not valid base64; it was damaged in copying. Pass server.crt again.`
    );
  }
  const pem = wrapPem('CERTIFICATE', body);
  try {
    return new X509Certificate(pem);
  } catch {
    throw new UserError(
      `${what} is damaged: its PEM body does not decode to an X.509 certificate (truncated or altered). ` +
        'Pass server.crt again.'
    );
  }
}

function notACertificate(what: string): UserError {
  return new UserError(
    `${what} is neither a PEM certificate ("-----BEGIN CERTIFICATE-----") nor base64 of one. ` +
      'Pass the contents of server.crt, or its base64 encoding (`base64 -w0 server.crt`).'
  );
}

function rejectWrongKind(label: string, what: string): void {
  if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE' || label === 'X509 CERTIFICATE') return;
  if (/PRIVATE KEY$/.test(label)) {
    throw new UserError(
      `${what} holds a private key, not a certificate. Pass the certificate (server.crt, the file uploaded to the ` +
        'Salesforce app), never the key.'
    );
  }
  if (/CERTIFICATE REQUEST$/.test(label)) {
    throw new UserError(
      `${what} holds a certificate signing request (server.csr), not the certificate. Make the certificate from it ` +
        '(`openssl x509 -req -sha256 -days 365 -in server.csr -signkey server.key -out server.crt`) and pass server.crt.'
    );
  }
  if (/PUBLIC KEY$/.test(label)) {
    throw new UserError(
      `${what} holds a bare public key; pass the certificate (server.crt) uploaded to the Salesforce app.`
    );
  }
  throw new UserError(`${what} holds a "${label}" PEM block, not a certificate. Pass server.crt.`);
}

/** "C=US\nO=Acme\nCN=ci" (Node's form) as "C=US, O=Acme, CN=ci". */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** The fields of a certificate's validity that every supported Node has, and the Date forms that newer ones add. */
export type ValidityFields = Pick<X509Certificate, 'validFrom' | 'validTo'> &
  Partial<Pick<X509Certificate, 'validFromDate' | 'validToDate'>>;

/**
 * The validity window as Dates. Node added validFromDate and validToDate in 22.10 (and 23.0); before, only the
 * strings ("Mar  4 05:06:07 2020 GMT") exist, which Date parses. Without this, keygen on Node 20 wrote its files and
 * then failed on `undefined.toISOString()`.
 */
export function certificateValidity(cert: ValidityFields): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: cert.validFromDate ?? new Date(cert.validFrom),
    notAfter: cert.validToDate ?? new Date(cert.validTo)
  };
}

export function describeCertificate(cert: X509Certificate): CertificateInfo {
  const key = cert.publicKey;
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    selfSigned: cert.subject === cert.issuer && cert.checkIssued(cert) && cert.verify(key),
    serialNumber: cert.serialNumber,
    ...certificateValidity(cert),
    sha1: cert.fingerprint,
    sha256: cert.fingerprint256,
    keyType: String(key.asymmetricKeyType ?? 'unknown'),
    bits: key.asymmetricKeyDetails?.modulusLength
  };
}

/** Whether `key` is the private half of the certificate's public key. */
export function certificateMatchesKey(cert: X509Certificate, key: KeyObject): boolean {
  try {
    if (cert.checkPrivateKey(key)) return true;
  } catch {
    // a key type OpenSSL cannot compare: fall back to comparing the public keys
  }
  const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  return der(cert.publicKey).equals(der(createPublicKey(key)));
}

/** Whole days from `now` until `notAfter`: 0 on the last day, negative once expired. */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid';

/** Where `now` falls in the validity window; "expiring" is within `warningDays` of the end (0 turns it off). */
export function expiryState(notBefore: Date, notAfter: Date, now: Date, warningDays: number): ExpiryState {
  if (now.getTime() > notAfter.getTime()) return 'expired';
  if (now.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (notAfter.getTime() - now.getTime() < warningDays * DAY_MS) return 'expiring';
  return 'valid';
}

/** An instant as ISO 8601 to the second, e.g. 2026-11-23T13:15:00Z (certificates have no finer precision). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "in 12 days", "today", "3 days ago". */
export function relativeDays(notAfter: Date, now: Date): string {
  const days = daysLeft(notAfter, now);
  if (now.getTime() > notAfter.getTime()) {
    const ago = Math.floor((now.getTime() - notAfter.getTime()) / DAY_MS);
    return ago === 0 ? 'less than a day ago' : `${ago} day${ago === 1 ? '' : 's'} ago`;
  }
  if (days === 0) return 'in less than a day';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

/** The verdict on a certificate and, when given, a private key: one function for the login and `check`. */
export interface CertificateVerdict {
  info: CertificateInfo;
  /** Whether the key is the certificate's; undefined when no key was given. */
  matches?: boolean;
  state: ExpiryState;
  daysLeft: number;
}

export function certificateVerdict(
  cert: X509Certificate,
  key: KeyObject | undefined,
  warningDays: number,
  now: Date
): CertificateVerdict {
  const info = describeCertificate(cert);
  return {
    info,
    matches: key ? certificateMatchesKey(cert, key) : undefined,
    state: expiryState(info.notBefore, info.notAfter, now, warningDays),
    daysLeft: daysLeft(info.notAfter, now)
  };
}

/** The fields the login's certificate messages name. */
export type CertificateNames = NameOf<'certificate' | 'certificateExpiryWarningDays' | 'failOnExpiredCertificate'>;

export interface CertificateCheckOptions {
  warningDays: number;
  failOnExpired: boolean;
  now: Date;
  nameOf: CertificateNames;
}

export interface CertificateCheck {
  info: CertificateInfo;
  state: ExpiryState;
  /** One line for the log. */
  summary: string;
  warnings: string[];
}

const RENEW =
  `Make a new key and certificate (\`${cliCommand('keygen')}\`), upload the certificate to the app and update the ` +
  'key secret.';

/** "CN=ci, SHA-1 AB:CD:...": enough to tell two certificates apart in a message. */
const identity = (info: CertificateInfo): string => `${info.subject}, SHA-1 ${info.sha1}`;

function mismatch(info: CertificateInfo, key: KeyObject): string {
  const keyBits = key.asymmetricKeyDetails?.modulusLength;
  const sizes =
    info.bits && keyBits && info.bits !== keyBits
      ? ` (the certificate holds a ${info.bits}-bit key, the private key has ${keyBits} bits)`
      : '';
  return (
    `The certificate (${identity(info)}) does not belong to the private key${sizes}, so ` +
    'Salesforce would reject the login with "invalid assertion". Pass the certificate made from this key and ' +
    'upload that one to the app, or pass the key this certificate was made from. ' +
    `\`${cliCommand('check --key server.key --cert server.crt')}\` compares the two.`
  );
}

/**
 * The check the login runs before any network call: the certificate must belong to the key (else UserError);
 * expiry gives warnings, or a UserError when `failOnExpired` is set and it has expired.
 */
export function checkCertificateForKey(
  input: string,
  key: KeyObject,
  options: CertificateCheckOptions
): CertificateCheck {
  const { now, nameOf } = options;
  const { info, matches, state } = certificateVerdict(
    parseCertificate(input, nameOf('certificate')),
    key,
    options.warningDays,
    now
  );
  if (!matches) throw new UserError(mismatch(info, key));
  const it = `The certificate (${info.subject})`;
  const [at, when] = [isoSeconds(info.notAfter), relativeDays(info.notAfter, now)];
  const failName = nameOf('failOnExpiredCertificate');
  const warnings: string[] = [];
  if (state === 'expired' && options.failOnExpired) {
    throw new UserError(`${it} expired on ${at} (${when}) and ${failName} is true. ${RENEW}`);
  } else if (state === 'expired') {
    const goesOn = 'Salesforce does not check its expiry for the JWT bearer flow, so the login goes on';
    warnings.push(
      `${it} expired on ${at} (${when}). ${goesOn}; set ${failName} to true to make this an error. ${RENEW}`
    );
  } else if (state === 'expiring') {
    const days = `${nameOf('certificateExpiryWarningDays')} is ${options.warningDays}`;
    warnings.push(`${it} expires on ${at} (${when}; ${days}). ${RENEW}`);
  } else if (state === 'not-yet-valid') {
    const clock = 'check the clock of the machine that made it';
    warnings.push(`${it} is not valid before ${isoSeconds(info.notBefore)}; ${clock}.`);
  }
  const verb = state === 'expired' ? 'expired' : 'expires';
  const summary = `The certificate (${identity(info)}) matches the private key; it ${verb} on ${at} (${when}).`;
  return { info, state, summary, warnings };
}
