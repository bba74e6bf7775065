/**
 * Private key input: turns whatever a secret store did to a PEM back into a usable RSA private key.
 *
 * Accepted: PKCS#1 and PKCS#8 PEM, encrypted PKCS#8 and legacy encrypted PEM (with a passphrase), the whole PEM
 * base64-encoded, DER (base64), literal "\n" sequences, bodies whose newlines became spaces, CRLF, surrounding
 * whitespace or quotes. Every derived form is handed to `mask` before anything else is done with it.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { cliCommand } from '../util/cli-command.js';
import { UserError } from '../util/errors.js';
import { readUserFile } from '../util/files.js';
import type { EmptyHint, NameOf } from '../login/inputs.js';
import { withHint } from '../login/validate.js';
import { MAX_PEM_INPUT, decodeBase64, findPemBlock, isBase64Body, tooLargeForPem, unmangle, wrapPem } from './pem.js';

export type Mask = (secret: string) => void;

/** The fields a key's messages name: the text, the file and the passphrase. */
export type KeyNames = NameOf<'privateKey' | 'privateKeyFile' | 'privateKeyPassphrase'>;

export interface PrivateKey {
  /** The key, ready for signing. */
  key: KeyObject;
  /** Unencrypted PKCS#8 PEM: what sf reads back from the key file it stores. */
  pkcs8Pem: string;
  /** Modulus size in bits. */
  bits: number;
}

export interface KeySource {
  /** The key's text: PEM or base64. */
  text?: string;
  /** A path to the key. */
  file?: string;
  passphrase?: string;
}

export const MIN_RSA_BITS = 2048;

const MAKE_RSA_KEY = `make one with \`${cliCommand('keygen')}\``;
const NOT_PEM =
  'The private key is not a PEM key (no "-----BEGIN ... PRIVATE KEY-----" line) and not base64 of one. ' +
  'Pass the contents of server.key, or its base64 encoding.';
const INCOMPLETE_PEM =
  'The private key is not a complete PEM block: its "-----END ...-----" line is missing or does not match the ' +
  'BEGIN line. Paste the whole key file.';
const DAMAGED =
  'The private key is damaged: its PEM body does not decode to a key (truncated or altered in copying). ' +
  'Paste the whole key file again.';

/**
 * Reads, normalises, decrypts and checks the key. Throws UserError with one clear message; when no key is given, it
 * ends with the adapter's `emptyHint`.
 */
export function loadPrivateKey(source: KeySource, mask: Mask, nameOf: KeyNames, emptyHint?: EmptyHint): PrivateKey {
  const text = source.text?.trim() ? source.text : undefined;
  const file = source.file?.trim() ? source.file.trim() : undefined;
  const [textName, fileName] = [nameOf('privateKey'), nameOf('privateKeyFile')];
  if (text && file) throw new UserError(`Both ${textName} and ${fileName} are set: give exactly one of them.`);
  if (!text && !file) {
    const noKey =
      `No private key: set ${textName} (the PEM text, e.g. from a secret) or ${fileName} ` +
      '(a path to the PEM file).';
    throw new UserError(withHint(noKey, emptyHint?.('privateKey')));
  }
  if (text && text.length > MAX_PEM_INPUT) throw new UserError(tooLargeForPem(textName, text.length));
  const raw = text ?? readKeyFile(file as string, fileName);
  if (file) mask(raw);
  const pem = normalisePem(raw, mask, textName);
  return parsePem(pem, source.passphrase || undefined, mask, nameOf);
}

function readKeyFile(path: string, name: string): string {
  return readUserFile(path, name, {
    missing: 'Give the path of the PEM file (relative to the workspace or absolute).',
    notFile: 'Give the path of the PEM file itself.',
    maxBytes: MAX_PEM_INPUT,
    tooLarge: 'A private key file (server.key) is a few kilobytes: give the path of the key itself.'
  });
}

/**
 * Undoes what secret stores and copy-paste do to a PEM; returns a well-formed PEM (64-column body).
 * Every intermediate form that differs from the input is masked. `name` names the key's input in messages.
 */
export function normalisePem(input: string, mask: Mask, name: string): string {
  let text = unmangle(input);

  if (!text.includes('-----BEGIN')) {
    text = decodeBase64Wrapped(text, mask);
  }
  const block = findPemBlock(text);
  if (!block) throw new UserError(text.includes('-----BEGIN') ? INCOMPLETE_PEM : NOT_PEM);
  const { label } = block;
  rejectWrongKind(label, name);
  const { headers, body } = splitHeaders(block.body);
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
    'The private key is neither PEM text ("-----BEGIN ... PRIVATE KEY-----") nor base64 of a PEM or DER key ' +
      '(it may be truncated). Pass the contents of server.key, or its whole base64 encoding (`base64 -w0 server.key`).'
  );
}

/** Why a PEM block of another kind is not the private key, by its label; undefined for a private key. */
function wrongKind(label: string, name: string): string | undefined {
  if (label === 'CERTIFICATE' || label === 'TRUSTED CERTIFICATE' || label === 'X509 CERTIFICATE') {
    return (
      `${name} holds a certificate (server.crt), not the private key. The certificate is what you upload to the ` +
      'Salesforce app; pass the private key (server.key) here.'
    );
  }
  if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
    return `${name} holds a certificate signing request (server.csr), not the private key. Pass server.key.`;
  }
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
    return `${name} holds a public key. The JWT must be signed with the private key: pass server.key.`;
  }
  if (label === 'EC PRIVATE KEY' || label === 'DSA PRIVATE KEY' || label === 'OPENSSH PRIVATE KEY') {
    const kind = { EC: 'an EC', DSA: 'a DSA', OPENSSH: 'an OpenSSH' }[label.split(' ')[0]];
    return (
      `${name} is ${kind} key. Salesforce's JWT flow needs an RSA key (RS256): ${MAKE_RSA_KEY} or ` +
      '`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`.'
    );
  }
  if (!/PRIVATE KEY$/.test(label)) return `${name} holds a "${label}" PEM block, not a private key. Pass server.key.`;
  return undefined;
}

function rejectWrongKind(label: string, name: string): void {
  const why = wrongKind(label, name);
  if (why) throw new UserError(why);
}

function parsePem(pem: string, passphrase: string | undefined, mask: Mask, nameOf: KeyNames): PrivateKey {
  const encrypted = pem.includes('ENCRYPTED');
  const passphraseName = nameOf('privateKeyPassphrase');
  if (encrypted && !passphrase) {
    throw new UserError(`The private key is encrypted: set ${passphraseName} to the passphrase it was encrypted with.`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch {
    if (encrypted) throw new UserError(`Cannot decrypt the private key: ${passphraseName} is wrong for this key.`);
    throw new UserError(DAMAGED);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    const type = String(key.asymmetricKeyType).toUpperCase();
    throw new UserError(
      `${nameOf('privateKey')} is not an RSA key (its type is ${type}). Salesforce's JWT flow needs an RSA key ` +
        `(RS256): ${MAKE_RSA_KEY}.`
    );
  }
  const pkcs8Pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  mask(pkcs8Pem);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    // RS256 signers (jose, like Salesforce's own libraries) refuse shorter keys; say so before trying.
    throw new UserError(
      `The private key has only ${bits} bits; RS256 needs an RSA key of ${MIN_RSA_BITS} bits or more. Make a new ` +
        `key and certificate with \`${cliCommand('keygen')}\` and upload the certificate to the app.`
    );
  }
  return { key, pkcs8Pem, bits };
}
