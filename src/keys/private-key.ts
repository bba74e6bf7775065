/**
 * Private key input: turns whatever a secret store did to a PEM back into a usable RSA private key.
 *
 * Accepted: PKCS#1 and PKCS#8 PEM, encrypted PKCS#8 and legacy encrypted PEM (with a passphrase), the whole PEM
 * base64-encoded, DER (base64), literal "\n" sequences, bodies whose newlines became spaces, CRLF, surrounding
 * whitespace or quotes. Every derived form is handed to `mask` before anything else is done with it.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { UserError } from '../util/errors.js';
import { readUserFile } from '../util/files.js';
import { PEM_BLOCK, decodeBase64, isBase64Body, unmangle, wrapPem } from './pem.js';

export type Mask = (secret: string) => void;

export interface PrivateKey {
  /** The key, ready for signing. */
  key: KeyObject;
  /** Unencrypted PKCS#8 PEM: what sf reads back from the key file it stores. */
  pkcs8Pem: string;
  /** Modulus size in bits. */
  bits: number;
}

export interface KeySource {
  /** The `private-key` input: PEM text or base64. */
  text?: string;
  /** The `private-key-file` input: a path. */
  file?: string;
  passphrase?: string;
}

export const MIN_RSA_BITS = 2048;

/** Reads, normalises, decrypts and checks the key. Throws UserError with one clear message. */
export function loadPrivateKey(source: KeySource, mask: Mask): PrivateKey {
  const text = source.text?.trim() ? source.text : undefined;
  const file = source.file?.trim() ? source.file.trim() : undefined;
  if (text && file) {
    throw new UserError('Both private-key and private-key-file are set: give exactly one of them.');
  }
  if (!text && !file) {
    throw new UserError(
      'No private key: set private-key (the PEM text, e.g. from a secret) or private-key-file (a path to the PEM file).'
    );
  }
  const raw = text ?? readKeyFile(file as string);
  if (file) mask(raw);
  const pem = normalisePem(raw, mask);
  return parsePem(pem, source.passphrase || undefined, mask);
}

function readKeyFile(path: string): string {
  return readUserFile(path, 'private-key-file', {
    missing: 'Give the path of the PEM file (relative to the workspace or absolute).',
    notFile: 'Give the path of the PEM file itself.'
  });
}

/**
 * Undoes what secret stores and copy-paste do to a PEM; returns a well-formed PEM (64-column body).
 * Every intermediate form that differs from the input is masked.
 */
export function normalisePem(input: string, mask: Mask): string {
  let text = unmangle(input);

  if (!text.includes('-----BEGIN')) {
    text = decodeBase64Wrapped(text, mask);
  }
  const match = PEM_BLOCK.exec(text);
  if (!match) {
    if (text.includes('-----BEGIN')) {
      throw new UserError(
        'The private key is not a complete PEM block: its "-----END ...-----" line is missing or does not match the BEGIN line. Paste the whole key file.'
      );
    }
    throw new UserError(
      'The private key is not a PEM key (no "-----BEGIN ... PRIVATE KEY-----" line) and not base64 of one. Pass the contents of server.key, or its base64 encoding.'
    );
  }
  const label = match[1];
  rejectWrongKind(label);
  const { headers, body } = splitHeaders(match[2]);
  const cleanBody = body.replace(/\s+/g, '');
  if (!isBase64Body(cleanBody)) {
    throw new UserError(
      `The private key's PEM body is not valid base64: it was damaged in copying. Paste the key file again.`
    );
  }
  const pem = wrapPem(label, cleanBody, headers);
  if (pem !== input) mask(pem);
  return pem;
}

/** Legacy encrypted PEM has "Proc-Type:" and "DEK-Info:" header lines before the body. */
function splitHeaders(inner: string): { headers: string[]; body: string } {
  const headers: string[] = [];
  let rest = inner.trim();
  // Headers may have lost their newlines too ("Proc-Type: 4,ENCRYPTED DEK-Info: AES-256-CBC,HEX body...").
  const procType = /^Proc-Type:\s*([^\s]+)\s*/.exec(rest);
  if (procType) {
    headers.push(`Proc-Type: ${procType[1]}`);
    rest = rest.slice(procType[0].length);
    const dek = /^DEK-Info:\s*([^\s]+)\s*/.exec(rest);
    if (dek) {
      headers.push(`DEK-Info: ${dek[1]}`);
      rest = rest.slice(dek[0].length);
    }
  }
  return { headers, body: rest };
}

function decodeBase64Wrapped(text: string, mask: Mask): string {
  const bytes = decodeBase64(text);
  if (!bytes) throw notAKey();
  const decoded = bytes.toString('utf8');
  if (decoded.includes('-----BEGIN')) {
    const inner = decoded.trim().replace(/\r\n?/g, '\n');
    mask(inner);
    return inner;
  }
  // Base64 of DER: an ASN.1 SEQUENCE. Try it as PKCS#8, then PKCS#1.
  if (bytes[0] === 0x30) {
    for (const type of ['pkcs8', 'pkcs1'] as const) {
      try {
        const key = createPrivateKey({ key: bytes, format: 'der', type });
        const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
        mask(pem);
        return pem;
      } catch {
        // try the next encoding
      }
    }
  }
  throw notAKey();
}

function notAKey(): UserError {
  return new UserError(
    'The private key is neither PEM text ("-----BEGIN ... PRIVATE KEY-----") nor base64 of a PEM or DER key (it may be truncated). ' +
      'Pass the contents of server.key, or its whole base64 encoding (`base64 -w0 server.key`).'
  );
}

function rejectWrongKind(label: string): void {
  if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE' || label === 'X509 CERTIFICATE') {
    throw new UserError(
      'private-key holds a certificate (server.crt), not the private key. The certificate is what you upload to the Salesforce app; pass the private key (server.key) here.'
    );
  }
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
    throw new UserError(
      'private-key holds a certificate signing request (server.csr), not the private key. Pass server.key.'
    );
  }
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
    throw new UserError(
      'private-key holds a public key. The JWT must be signed with the private key: pass server.key.'
    );
  }
  if (label === 'EC PRIVATE KEY' || label === 'DSA PRIVATE KEY' || label === 'OPENSSH PRIVATE KEY') {
    const kind = { EC: 'an EC', DSA: 'a DSA', OPENSSH: 'an OpenSSH' }[label.split(' ')[0]];
    throw new UserError(
      `private-key is ${kind} key. Salesforce's JWT flow needs an RSA key (RS256): make one with \`npx sf-jwt-login keygen\` or \`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048\`.`
    );
  }
  if (!/PRIVATE KEY$/.test(label)) {
    throw new UserError(`private-key holds a "${label}" PEM block, not a private key. Pass server.key.`);
  }
}

function parsePem(pem: string, passphrase: string | undefined, mask: Mask): PrivateKey {
  const encrypted = pem.includes('ENCRYPTED');
  if (encrypted && !passphrase) {
    throw new UserError(
      'The private key is encrypted: set private-key-passphrase to the passphrase it was encrypted with.'
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch {
    if (encrypted) {
      throw new UserError('Cannot decrypt the private key: private-key-passphrase is wrong for this key.');
    }
    throw new UserError(
      'The private key is damaged: its PEM body does not decode to a key (truncated or altered in copying). Paste the whole key file again.'
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UserError(
      `private-key is not an RSA key (its type is ${String(key.asymmetricKeyType).toUpperCase()}). Salesforce's JWT flow needs an RSA key (RS256): make one with \`npx sf-jwt-login keygen\`.`
    );
  }
  const pkcs8Pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  mask(pkcs8Pem);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    // RS256 signers (jose, like Salesforce's own libraries) refuse shorter keys; say so before trying.
    throw new UserError(
      `The private key has only ${bits} bits; RS256 needs an RSA key of ${MIN_RSA_BITS} bits or more. Make a new key and certificate with \`npx sf-jwt-login keygen\` and upload the certificate to the app.`
    );
  }
  return { key, pkcs8Pem, bits };
}

/** PEM of the public half, for stubs and certificate checks. */
export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}
