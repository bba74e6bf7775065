/**
 * `sf-jwt-login check`: whether a private key belongs to a certificate (so Salesforce accepts the JWTs it signs),
 * and the certificate's subject, fingerprints, validity window and days left. The verdict is the login's own
 * (certificateVerdict); this module words it for someone at a terminal.
 */
import { resolve } from 'node:path';
import {
  certificateVerdict,
  isoSeconds,
  parseCertificate,
  relativeDays,
  type CertificateVerdict
} from '../keys/certificate.js';
import { loadPrivateKey, type PrivateKey } from '../keys/private-key.js';
import { LOGIN_DEFAULTS, LOGIN_LIMITS } from '../login/defaults.js';
import { parseWholeNumber } from '../login/validate.js';
import { cliCommand } from '../util/cli-command.js';
import { readUserFile } from '../util/files.js';
import { MAX_PEM_INPUT } from '../keys/pem.js';
import { oneLine } from '../util/text.js';
import { ENV, asUsage, command, type Io } from './command.js';
import { optionTable, text, type Values } from './options.js';

const OPTIONS = optionTable([
  {
    name: 'cert',
    aliases: ['certificate'],
    type: 'string',
    arg: '<file>',
    required: 'the certificate (server.crt)',
    help: 'the certificate, PEM or base64'
  },
  {
    name: 'key',
    aliases: ['jwt-key-file'],
    type: 'string',
    arg: '<file>',
    help: 'the private key: PEM or base64, PKCS#1 or PKCS#8, maybe encrypted'
  },
  {
    name: 'passphrase',
    aliases: ['private-key-passphrase'],
    type: 'string',
    arg: '<p>',
    help: `passphrase of an encrypted key, or ${ENV.passphrase}`
  },
  {
    name: 'expiry-warning-days',
    type: 'string',
    arg: '<n>',
    help: 'warn when the certificate expires within n days',
    default: LOGIN_DEFAULTS.certificateExpiryWarningDays
  },
  { name: 'json', type: 'boolean', help: 'print the result as JSON' }
]);

type Option = (typeof OPTIONS)[number]['name'];

const ABOUT =
  'Says whether the private key belongs to the certificate (so Salesforce will accept the JWTs it signs), and ' +
  "shows the certificate's subject, fingerprints, validity window and days left.";
const EXIT_CODES =
  'Exit code 1 when the key does not match the certificate or the certificate has expired; 0 otherwise ' +
  '(expiring soon is a warning).';

export const check = command({
  name: 'check',
  summary: 'check that a key and a certificate belong together, and when the certificate expires',
  help: {
    usage: '--cert server.crt [--key server.key] [options]',
    about: ABOUT,
    footer: EXIT_CODES
  },
  options: OPTIONS,
  run
});

/** What the user named the files, for messages; absolute paths for reading and the JSON. */
interface Files {
  certPath: string;
  keyPath?: string;
  cwd: string;
}

async function run(values: Values<Option>, io: Io): Promise<number> {
  const files: Files = { certPath: text(values.cert) ?? '', keyPath: text(values.key), cwd: io.cwd };
  const warningDays = asUsage(() =>
    parseWholeNumber(
      text(values['expiry-warning-days']) ?? '',
      '--expiry-warning-days',
      'days',
      LOGIN_LIMITS.certificateExpiryWarningDays
    )
  );
  const certText = readUserFile(resolve(io.cwd, files.certPath), '--cert', { maxBytes: MAX_PEM_INPUT });
  const cert = parseCertificate(certText, files.certPath);
  let key: PrivateKey | undefined;
  if (files.keyPath) {
    const passphrase = text(values.passphrase) ?? io.env[ENV.passphrase];
    const names = {
      privateKey: `--key ${files.keyPath}`,
      privateKeyFile: '--key',
      privateKeyPassphrase: '--passphrase'
    };
    key = loadPrivateKey(
      { file: resolve(io.cwd, files.keyPath), passphrase },
      () => {},
      (field) => names[field]
    );
  }
  const now = new Date();
  const verdict = certificateVerdict(cert, key?.key, warningDays, now);
  const { problems, warnings } = findings(verdict, files, warningDays, now);
  const status = problems.length ? 1 : 0;
  io.out(
    values.json
      ? JSON.stringify({ status, result: asJson(verdict, key, files, problems, warnings) })
      : report(verdict, key, files, status, warnings, now)
  );
  // One line each, whatever the certificate's subject holds.
  for (const warning of warnings) io.err(`warning: ${oneLine(warning)}`);
  for (const problem of problems) io.err(`error: ${oneLine(problem)}`);
  return status;
}

/** The verdict in a terminal user's words: problems fail the check, warnings do not. */
function findings(verdict: CertificateVerdict, files: Files, warningDays: number, now: Date) {
  const { info, state } = verdict;
  const problems: string[] = [];
  const warnings: string[] = [];
  if (verdict.matches === false) {
    problems.push(
      `the private key ${files.keyPath} does not belong to the certificate ${files.certPath}; Salesforce would reject ` +
        'its logins with "invalid assertion".'
    );
  }
  const end = `${isoSeconds(info.notAfter)} (${relativeDays(info.notAfter, now)})`;
  if (state === 'expired') {
    problems.push(
      `the certificate expired on ${end}. Salesforce does not enforce it for the JWT flow, but renew it: ` +
        `\`${cliCommand('keygen')}\`.`
    );
  } else if (state === 'expiring') {
    warnings.push(`the certificate expires on ${end}, within ${warningDays} days; renew it soon.`);
  } else if (state === 'not-yet-valid') {
    warnings.push(`the certificate is not valid before ${isoSeconds(info.notBefore)}.`);
  }
  return { problems, warnings };
}

function asJson(
  { info, matches, state, daysLeft }: CertificateVerdict,
  key: PrivateKey | undefined,
  files: Files,
  problems: string[],
  warnings: string[]
) {
  return {
    certificate: {
      file: resolve(files.cwd, files.certPath),
      subject: info.subject,
      issuer: info.issuer,
      selfSigned: info.selfSigned,
      serialNumber: info.serialNumber,
      notBefore: isoSeconds(info.notBefore),
      notAfter: isoSeconds(info.notAfter),
      daysLeft,
      expired: state === 'expired',
      sha1: info.sha1,
      sha256: info.sha256,
      keyType: info.keyType,
      bits: info.bits ?? null
    },
    key: key && files.keyPath ? { file: resolve(files.cwd, files.keyPath), bits: key.bits } : null,
    match: matches ?? null,
    warnings,
    problems
  };
}

function report(
  { info, matches, state, daysLeft }: CertificateVerdict,
  key: PrivateKey | undefined,
  files: Files,
  status: number,
  warnings: string[],
  now: Date
): string {
  const left =
    state === 'expired'
      ? `expired ${relativeDays(info.notAfter, now)}`
      : `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
  const lines = [
    `Certificate   ${files.certPath}`,
    `  Subject     ${info.subject}`,
    `  Issuer      ${info.selfSigned ? `${info.issuer} (self-signed)` : info.issuer}`,
    `  Serial      ${info.serialNumber}`,
    `  Valid from  ${isoSeconds(info.notBefore)}`,
    `  Valid until ${isoSeconds(info.notAfter)} (${left})`,
    `  SHA-1       ${info.sha1}`,
    `  SHA-256     ${info.sha256}`,
    `  Public key  ${info.keyType.toUpperCase()}${info.bits ? ` ${info.bits} bits` : ''}`
  ];
  if (key) {
    lines.push(`Private key   ${files.keyPath} (RSA ${key.bits} bits)`);
    const match = matches
      ? 'yes: the key belongs to the certificate'
      : 'NO: the key does not belong to the certificate';
    lines.push(`Match         ${match}`);
  } else {
    lines.push('Private key   not checked (give --key to check that it matches)');
  }
  lines.push(`Result        ${status ? 'FAILED' : warnings.length ? 'ok, with warnings' : 'ok'}`);
  return lines.join('\n');
}
