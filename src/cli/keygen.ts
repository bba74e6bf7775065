/**
 * `sf-jwt-login keygen`: the key pair and self-signed certificate of Salesforce's setup guide, without OpenSSL. Its
 * options, the subject from --subject or the single fields, and what it prints (the key's base64 for the secret,
 * the certificate's fingerprints and expiry).
 */
import { relative, resolve } from 'node:path';
import { DAY_MS, describeCertificate, isoSeconds, parseCertificate } from '../keys/certificate.js';
import { FILE_NAMES, keyBase64, writeKeyMaterial, type WrittenFiles } from '../keys/key-files.js';
import {
  DEFAULT_BITS,
  DEFAULT_COMMON_NAME,
  DEFAULT_DAYS,
  KEY_SIZES,
  generateKeyMaterial,
  parseSubject,
  subjectField,
  validateBits,
  validateDays,
  validatePassphrase,
  type KeyMaterial,
  type SubjectField
} from '../keys/keygen.js';
import { ENV, asUsage, command, type Io } from './command.js';
import { UsageError, optionTable, text, type Values } from './options.js';

/** The subject's single fields, in the order they go into the certificate; each option is the field's short name. */
const SUBJECT_OPTIONS = optionTable([
  { name: 'c', type: 'string', arg: '<code>', help: 'two-letter country code' },
  { name: 'st', type: 'string', arg: '<state>', help: 'state or province' },
  { name: 'l', type: 'string', arg: '<city>', help: 'locality' },
  { name: 'o', type: 'string', arg: '<org>', help: 'organization' },
  { name: 'ou', type: 'multiple', arg: '<unit>', help: 'organizational unit (may be repeated)' },
  { name: 'cn', type: 'string', arg: '<name>', help: 'common name' },
  { name: 'email', type: 'string', arg: '<address>', help: 'email address' }
]);

const OPTIONS = optionTable([
  { name: 'bits', type: 'string', arg: '<n>', help: `RSA key size: ${KEY_SIZES.join(', ')}`, default: DEFAULT_BITS },
  { name: 'days', type: 'string', arg: '<n>', help: 'days the certificate is valid', default: DEFAULT_DAYS },
  {
    name: 'subject',
    type: 'string',
    arg: '<dn>',
    help:
      `certificate subject, OpenSSL style: "/C=US/O=Acme/CN=ci" (default "/CN=${DEFAULT_COMMON_NAME}"); ` +
      'or the single fields:'
  },
  ...SUBJECT_OPTIONS,
  {
    name: 'out-dir',
    type: 'string',
    arg: '<dir>',
    help: 'folder to write into (default: the current folder; created if missing)'
  },
  {
    name: 'csr',
    type: 'boolean',
    help: 'also write server.csr, a certificate signing request for a certification authority'
  },
  {
    name: 'encrypt',
    type: 'boolean',
    help:
      'also write server.pass.key, the key encrypted with AES-256-CBC (passphrase from --passphrase or ' +
      `${ENV.passphrase}); \`openssl rsa -passin\` reads it`
  },
  { name: 'passphrase', type: 'string', arg: '<p>', help: 'passphrase for server.pass.key (implies --encrypt)' },
  { name: 'force', type: 'boolean', help: 'replace existing files (never done without it)' },
  {
    name: 'print-key',
    type: 'boolean',
    help: "also print the key's base64 form for a secret (not in CI: the log would keep it)"
  },
  { name: 'json', type: 'boolean', help: 'print the result as JSON' }
]);

type Option = (typeof OPTIONS)[number]['name'];

const ABOUT =
  "Makes the files of Salesforce's setup guide without OpenSSL: server.key (RSA private key, PKCS#8 PEM, mode " +
  '0600) and server.crt (self-signed X.509 certificate, SHA-256). Upload server.crt to the External Client App (or ' +
  'Connected App) under "Use digital signatures"; store server.key as a secret. Prints the certificate\'s ' +
  "fingerprints and expiry date, and with --print-key the key's base64 form for the secret.";

export const keygen = command({
  name: 'keygen',
  summary: 'make server.key and a self-signed server.crt (and server.csr, server.pass.key) without OpenSSL',
  help: { usage: '[options]', about: ABOUT },
  options: OPTIONS,
  run
});

async function run(values: Values<Option>, io: Io): Promise<number> {
  const bits = asUsage(() => validateBits(text(values.bits) ?? '', '--bits'));
  const days = asUsage(() => validateDays(text(values.days) ?? '', '--days'));
  const subject = readSubject(values);
  const passphrase = readPassphrase(values, io);
  const outDir = resolve(io.cwd, text(values['out-dir']) ?? '.');

  const material = generateKeyMaterial({ bits, days, subject, csr: values.csr === true, passphrase });
  const written = await writeKeyMaterial(outDir, material, values.force === true);
  for (const stale of written.stale) io.err(`warning: ${staleFile(stale)}`);
  io.out(report(material, written, values, io.cwd));
  return 0;
}

const staleFile = (path: string): string =>
  `${path} is from an earlier run and holds the old key; remove it (it no longer matches server.crt).`;

/** The passphrase for server.pass.key when one is wanted (--encrypt or --passphrase); undefined otherwise. */
function readPassphrase(values: Values<Option>, io: Io): string | undefined {
  const given = text(values.passphrase);
  if (given === undefined && values.encrypt !== true) return undefined;
  const passphrase = given ?? io.env[ENV.passphrase];
  if (!passphrase) throw new UsageError(`--encrypt needs a passphrase: give --passphrase or set ${ENV.passphrase}.`);
  return validatePassphrase(passphrase);
}

function readSubject(values: Values<Option>): SubjectField[] | undefined {
  const given = SUBJECT_OPTIONS.filter((row) => values[row.name] !== undefined);
  const subject = text(values.subject);
  if (subject !== undefined && given.length) {
    const fields = given.map((row) => `--${row.name}`).join(', ');
    throw new UsageError(`give either --subject or the single fields (${fields}), not both.`);
  }
  if (subject !== undefined) return asUsage(() => parseSubject(subject, '--subject'));
  if (!given.length) return undefined;
  return given.flatMap(({ name }) => {
    const value = values[name];
    return (Array.isArray(value) ? value : [String(value)]).map((v) =>
      asUsage(() => subjectField(name, v), `--${name}`)
    );
  });
}

/** What keygen prints: JSON with --json, else the files, the certificate and (only with --print-key) the secret. */
function report(material: KeyMaterial, written: WrittenFiles, values: Values<Option>, cwd: string): string {
  const info = describeCertificate(parseCertificate(material.certificatePem));
  const secretPem = material.encryptedKeyPem ?? material.keyPem;
  const secretFile = material.encryptedKeyPem ? FILE_NAMES.encryptedKey : FILE_NAMES.key;
  // Never by default: a CI log, a terminal's scrollback or a shared screen would keep the key.
  const printKey = values['print-key'] === true;
  const { bits } = material;
  if (values.json) {
    return JSON.stringify({
      status: 0,
      result: {
        files: written.files,
        bits,
        subject: info.subject,
        notBefore: isoSeconds(info.notBefore),
        notAfter: isoSeconds(info.notAfter),
        sha1: info.sha1,
        sha256: info.sha256,
        ...(printKey ? { keyBase64: keyBase64(secretPem), keyBase64Of: secretFile } : {})
      }
    });
  }
  const days = Math.round((material.notAfter.getTime() - material.notBefore.getTime()) / DAY_MS);
  const show = (p: string) => relative(cwd, p) || p;
  const lines = [
    `Wrote ${show(written.files.key)} (RSA ${bits}-bit private key, PKCS#8 PEM, mode 0600)`,
    `Wrote ${show(written.files.certificate)} (self-signed X.509 certificate, SHA-256, ${days} days)`
  ];
  if (written.files.csr) lines.push(`Wrote ${show(written.files.csr)} (certificate signing request)`);
  if (written.files.encryptedKey)
    lines.push(`Wrote ${show(written.files.encryptedKey)} (the key encrypted with AES-256-CBC, mode 0600)`);
  lines.push(
    '',
    'Certificate',
    `  Subject   ${info.subject}`,
    `  Valid     ${isoSeconds(info.notBefore)} to ${isoSeconds(info.notAfter)}`,
    `  Expires   ${isoSeconds(info.notAfter)} (in ${days} days)`,
    `  SHA-1     ${info.sha1}`,
    `  SHA-256   ${info.sha256}`,
    '',
    `Upload ${FILE_NAMES.certificate} to the External Client App (or Connected App) under "Use digital signatures".`,
    `Never commit ${FILE_NAMES.key}${written.files.encryptedKey ? ` or ${FILE_NAMES.encryptedKey}` : ''}.`
  );
  const storeIt = `Store the key as a secret (e.g. ${ENV.key}, the action's private-key input)`;
  const alsoPassphrase = material.encryptedKeyPem ? ' (set private-key-passphrase too)' : '';
  if (printKey) {
    lines.push(`${storeIt} with this value, the base64 of ${secretFile}${alsoPassphrase}:`, '', keyBase64(secretPem));
  } else {
    lines.push(
      `${storeIt}: the text of ${secretFile} as it is${alsoPassphrase}, e.g. \`gh secret set ${ENV.key} < ` +
        `${show(written.files.encryptedKey ?? written.files.key)}\`; --print-key prints its base64 here.`
    );
  }
  return lines.join('\n');
}
