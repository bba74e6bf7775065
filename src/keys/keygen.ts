/**
 * The key pair and self-signed certificate Salesforce's setup guide makes with OpenSSL, made without it:
 * - the RSA key with Node's crypto (native, far faster than JavaScript big-number code);
 * - the X.509 certificate and the PKCS#10 request laid out with node-forge (Node has no API to build them), their
 *   to-be-signed bytes signed by Node's crypto, so the private key never enters node-forge;
 * - the passphrase-encrypted key with Node's KeyObject.export (PKCS#8, PBES2, AES-256-CBC), which
 *   `openssl rsa -passin` reads.
 *
 * Only the command line imports this module: node-forge must stay out of the action's bundle.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { UserError } from '../util/errors.js';
import { parseWholeNumber, printable } from '../login/validate.js';
import { DAY_MS } from './certificate.js';

export const KEY_SIZES = [2048, 3072, 4096] as const;
export type KeySize = (typeof KEY_SIZES)[number];
export const DEFAULT_BITS: KeySize = 2048;
export const DEFAULT_DAYS = 365;
/** The days a certificate may be valid: at least one, at most a hundred years. */
export const DAYS_LIMITS = { min: 1, max: 36_500 } as const;
export const DEFAULT_COMMON_NAME = 'sf-jwt-login';

/** Subject attributes, by their OpenSSL short names, in the order OpenSSL's prompts ask for them. */
export const SUBJECT_TYPES = ['C', 'ST', 'L', 'O', 'OU', 'CN', 'emailAddress'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export interface SubjectField {
  type: SubjectType;
  value: string;
}

const asn1Type = forge.asn1.Type;
const ATTRIBUTES: Record<SubjectType, { name: string; tag: number; max: number }> = {
  C: { name: 'countryName', tag: asn1Type.PRINTABLESTRING, max: 2 },
  ST: { name: 'stateOrProvinceName', tag: asn1Type.UTF8, max: 128 },
  L: { name: 'localityName', tag: asn1Type.UTF8, max: 128 },
  O: { name: 'organizationName', tag: asn1Type.UTF8, max: 64 },
  OU: { name: 'organizationalUnitName', tag: asn1Type.UTF8, max: 64 },
  CN: { name: 'commonName', tag: asn1Type.UTF8, max: 64 },
  emailAddress: { name: 'emailAddress', tag: asn1Type.IA5STRING, max: 128 }
};
const TYPE_ALIASES: Record<string, SubjectType> = {
  c: 'C',
  st: 'ST',
  s: 'ST',
  l: 'L',
  o: 'O',
  ou: 'OU',
  cn: 'CN',
  emailaddress: 'emailAddress',
  email: 'emailAddress',
  e: 'emailAddress'
};

/** `name` is how the caller shows the setting in messages (the command line says `--bits`). */
export function validateBits(value: string | number, name = 'bits'): KeySize {
  const bits = Number(String(value).trim());
  if (!KEY_SIZES.includes(bits as KeySize)) {
    const got = printable(String(value));
    throw new UserError(
      `${name} must be ${KEY_SIZES.join(', ')} (got "${got}"); Salesforce needs RSA keys of 2048 bits or more.`
    );
  }
  return bits as KeySize;
}

/** The certificate's validity in days, within DAYS_LIMITS. */
export function validateDays(value: string | number, name = 'days'): number {
  return parseWholeNumber(String(value), name, 'days', DAYS_LIMITS);
}

/** Checks one subject attribute; returns it with its canonical type. */
export function subjectField(type: string, value: string): SubjectField {
  const canonical = TYPE_ALIASES[type.trim().toLowerCase()];
  if (!canonical) {
    throw new UserError(`subject field "${type}" is not one of ${SUBJECT_TYPES.join(', ')}.`);
  }
  const text = value.trim();
  const { max } = ATTRIBUTES[canonical];
  if (!text) throw new UserError(`subject field ${canonical} is empty.`);
  if (/[\0-\x1f\x7f]/.test(text)) throw new UserError(`subject field ${canonical} contains a control character.`);
  if (canonical === 'C') {
    if (!/^[A-Za-z]{2}$/.test(text))
      throw new UserError(`subject field C must be a two-letter country code such as US or DE (got "${text}").`);
    return { type: canonical, value: text.toUpperCase() };
  }
  if (canonical === 'emailAddress' && !/^[\x20-\x7e]+$/.test(text)) {
    throw new UserError('subject field emailAddress must be plain ASCII.');
  }
  if ([...text].length > max) throw new UserError(`subject field ${canonical} is longer than ${max} characters.`);
  return { type: canonical, value: text };
}

/**
 * Parses a subject the way OpenSSL's -subj takes it ("/C=US/O=Acme/CN=ci") or as a comma-separated list
 * ("CN=ci, O=Acme"). A backslash escapes the separator. `name` names the setting in messages.
 */
export function parseSubject(text: string, name = 'subject'): SubjectField[] {
  const trimmed = text.trim();
  if (!trimmed) throw new UserError(`${name} is empty: give e.g. "/C=US/O=Acme/CN=ci".`);
  const slashForm = trimmed.startsWith('/');
  const separator = slashForm ? '/' : ',';
  const parts: string[] = [];
  let current = '';
  for (let i = slashForm ? 1 : 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (ch === '\\' && i + 1 < trimmed.length) {
      current += trimmed[++i];
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts
    .filter((p) => p.trim())
    .map((part) => {
      const at = part.indexOf('=');
      if (at < 1) throw new UserError(`subject part "${part.trim()}" is not TYPE=value (e.g. CN=ci).`);
      return subjectField(part.slice(0, at), part.slice(at + 1));
    });
}

export interface KeygenOptions {
  bits?: KeySize;
  days?: number;
  subject?: SubjectField[];
  /** Also make a certificate signing request. */
  csr?: boolean;
  /** Also export the key encrypted with this passphrase (AES-256-CBC). */
  passphrase?: string;
  /** Start of validity (default: now). Tests use it to make expired certificates. */
  now?: Date;
}

export interface KeyMaterial {
  privateKey: KeyObject;
  bits: KeySize;
  /** Unencrypted PKCS#8 PEM (server.key). */
  keyPem: string;
  certificatePem: string;
  csrPem?: string;
  /** Encrypted PKCS#8 PEM (server.pass.key). */
  encryptedKeyPem?: string;
  subject: SubjectField[];
  notBefore: Date;
  notAfter: Date;
}

export function validatePassphrase(passphrase: string): string {
  if (passphrase.length < 4)
    throw new UserError('The passphrase must have at least 4 characters (OpenSSL refuses shorter ones).');
  if (Buffer.byteLength(passphrase) > 1023)
    throw new UserError('The passphrase is longer than 1023 bytes, which OpenSSL cannot read back.');
  return passphrase;
}

export function generateKeyMaterial(options: KeygenOptions = {}): KeyMaterial {
  const bits = options.bits ?? DEFAULT_BITS;
  const days = options.days ?? DEFAULT_DAYS;
  const subject = options.subject?.length ? options.subject : [{ type: 'CN' as const, value: DEFAULT_COMMON_NAME }];
  if (options.passphrase !== undefined) validatePassphrase(options.passphrase);
  // Certificates hold whole seconds.
  const notBefore = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + days * DAY_MS);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const material: KeyMaterial = {
    privateKey,
    bits,
    keyPem,
    certificatePem: buildCertificate(privateKey, subject, notBefore, notAfter),
    subject,
    notBefore,
    notAfter
  };
  if (options.csr) material.csrPem = buildCsr(privateKey, subject);
  if (options.passphrase !== undefined) {
    material.encryptedKeyPem = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase })
      .toString();
  }
  return material;
}

// node-forge builds these structures but its type declarations omit the two functions that return them unsigned.
const pki = forge.pki as typeof forge.pki & {
  getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  getCertificationRequestInfo(csr: forge.pki.CertificateSigningRequest): forge.asn1.Asn1;
};

function forgeAttributes(subject: SubjectField[]): forge.pki.CertificateField[] {
  return subject.map(({ type, value }) => ({
    name: ATTRIBUTES[type].name,
    value,
    valueTagClass: ATTRIBUTES[type].tag as forge.asn1.Class
  }));
}

function forgePublicKey(privateKey: KeyObject): forge.pki.PublicKey {
  return pki.publicKeyFromPem(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
}

/** RSASSA-PKCS1-v1_5 with SHA-256 over DER bytes, by Node; returned as forge's binary string. */
function signDer(asn: forge.asn1.Asn1, privateKey: KeyObject): string {
  const der = Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
  return sign('sha256', der, privateKey).toString('binary');
}

/** A positive 128-bit serial number whose first byte keeps its DER encoding minimal. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/**
 * A self-signed X.509 v3 certificate, SHA-256 with RSA, with the extensions `openssl req -x509` adds (subject and
 * authority key identifiers, CA:TRUE), so `openssl verify -CAfile server.crt server.crt` accepts it.
 */
export function buildCertificate(
  privateKey: KeyObject,
  subject: SubjectField[],
  notBefore: Date,
  notAfter: Date
): string {
  const cert = pki.createCertificate();
  cert.publicKey = forgePublicKey(privateKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(forgeAttributes(subject));
  cert.setIssuer(forgeAttributes(subject));
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: true }
  ]);
  cert.signatureOid = cert.siginfo.algorithmOid = pki.oids.sha256WithRSAEncryption;
  cert.tbsCertificate = pki.getTBSCertificate(cert);
  cert.signature = signDer(cert.tbsCertificate, privateKey);
  return pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/** A PKCS#10 certificate signing request (server.csr), SHA-256 with RSA, for a certification authority. */
export function buildCsr(privateKey: KeyObject, subject: SubjectField[]): string {
  const csr = pki.createCertificationRequest();
  csr.publicKey = forgePublicKey(privateKey);
  csr.setSubject(forgeAttributes(subject));
  csr.signatureOid = csr.siginfo.algorithmOid = pki.oids.sha256WithRSAEncryption;
  csr.certificationRequestInfo = pki.getCertificationRequestInfo(csr);
  csr.signature = signDer(csr.certificationRequestInfo, privateKey);
  return pki.certificationRequestToPem(csr).replace(/\r\n/g, '\n');
}
