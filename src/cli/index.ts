#!/usr/bin/env node
/**
 * The command line, `npx sf-jwt-login <command>`, on the same modules as the action:
 * - keygen: the key pair and self-signed certificate of Salesforce's setup guide, without OpenSSL;
 * - check:  whether a key and a certificate belong together, and when the certificate expires;
 * - login:  the action's login for any CI (GitLab, Jenkins, Bitbucket) or a laptop, with sf's flag names.
 *
 * Exit codes: 0 success, 1 failure (login failed, check failed, bad input), 2 wrong usage (unknown option, missing
 * required option). Failures print one line `error: <message>` to stderr, never a stack trace, never a secret.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, describeFailure } from '../util/errors.js';
import { readUserFile } from '../util/files.js';
import { homeFor } from '../sf/state.js';
import { keyCopyDir } from '../sf/key-copy.js';
import { DEFAULT_CERTIFICATE_EXPIRY_WARNING_DAYS, readInputs } from '../action/inputs.js';
import { login, type Reporter } from '../login/login.js';
import { loadPrivateKey, type PrivateKey } from '../keys/private-key.js';
import {
  certificateMatchesKey,
  daysLeft,
  describeCertificate,
  expiryState,
  isoSeconds,
  parseCertificate,
  relativeDays
} from '../keys/certificate.js';
import {
  DEFAULT_BITS,
  DEFAULT_COMMON_NAME,
  DEFAULT_DAYS,
  FILE_NAMES,
  KEY_SIZES,
  generateKeyMaterial,
  keyBase64,
  parseSubject,
  subjectField,
  validateBits,
  validateDays,
  validatePassphrase,
  writeKeyMaterial,
  type SubjectField
} from '../keys/keygen.js';

/** Wrong use of the command line: exit code 2. */
class UsageError extends UserError {}

/** Environment variables the commands read. */
const ENV = {
  passphrase: 'SF_JWT_KEY_PASSPHRASE',
  key: 'SF_JWT_KEY',
  keyDir: 'SF_JWT_LOGIN_KEY_DIR'
} as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

const HELP = `sf-jwt-login: log into Salesforce with the OAuth 2.0 JWT bearer flow, and make the key and certificate it needs.

Usage: sf-jwt-login <command> [options]

Commands:
  keygen   make server.key and a self-signed server.crt (and server.csr, server.pass.key) without OpenSSL
  check    check that a key and a certificate belong together, and when the certificate expires
  login    log in like the GitHub Action, from any CI or a laptop, and write sf's state

Run \`sf-jwt-login <command> --help\` for a command's options.
Exit codes: 0 success, 1 failure, 2 wrong usage.`;

const KEYGEN_HELP = `Usage: sf-jwt-login keygen [options]

Makes the files of Salesforce's setup guide without OpenSSL: server.key (RSA private key, PKCS#8 PEM, mode 0600)
and server.crt (self-signed X.509 certificate, SHA-256). Upload server.crt to the External Client App (or Connected
App) under "Use digital signatures"; store server.key as a secret. Prints the key's base64 form for the secret, and
the certificate's fingerprints and expiry date.

Options:
  --bits <n>          RSA key size: ${KEY_SIZES.join(', ')} (default ${DEFAULT_BITS})
  --days <n>          days the certificate is valid (default ${DEFAULT_DAYS})
  --subject <dn>      certificate subject, OpenSSL style: "/C=US/O=Acme/CN=ci" (default "/CN=${DEFAULT_COMMON_NAME}")
  --cn <name>         common name (instead of --subject; likewise --c, --st, --l, --o, --ou, --email)
  --c <code>          two-letter country code
  --st <state>        state or province
  --l <city>          locality
  --o <org>           organization
  --ou <unit>         organizational unit (may be repeated)
  --email <address>   email address
  --out-dir <dir>     folder to write into (default: the current folder; created if missing)
  --csr               also write server.csr, a certificate signing request for a certification authority
  --encrypt           also write server.pass.key, the key encrypted with AES-256-CBC (passphrase from
                      --passphrase or ${ENV.passphrase}); \`openssl rsa -passin\` reads it
  --passphrase <p>    passphrase for server.pass.key (implies --encrypt)
  --force             replace existing files (never done without it)
  --no-print-key      do not print the key's base64 form
  --json              print the result as JSON
  -h, --help          show this help`;

const CHECK_HELP = `Usage: sf-jwt-login check --cert server.crt [--key server.key] [options]

Says whether the private key belongs to the certificate (so Salesforce will accept the JWTs it signs), and shows the
certificate's subject, fingerprints, validity window and days left.

Options:
  --cert <file>                 the certificate (PEM or base64; alias --certificate)
  --key <file>                  the private key (PEM or base64, PKCS#1 or PKCS#8, maybe encrypted; alias --jwt-key-file)
  --passphrase <p>              passphrase of an encrypted key (alias --private-key-passphrase; or ${ENV.passphrase})
  --expiry-warning-days <n>     warn when the certificate expires within n days (default ${DEFAULT_CERTIFICATE_EXPIRY_WARNING_DAYS})
  --json                        print the result as JSON
  -h, --help                    show this help

Exit code 1 when the key does not match the certificate or the certificate has expired; 0 otherwise (expiring
soon is a warning).`;

const LOGIN_HELP = `Usage: sf-jwt-login login --client-id <key> --jwt-key-file <file> --username <user> [options]

Logs in with the JWT bearer flow exactly as the GitHub Action does, and writes the same sf state (auth file, alias,
defaults) under the home folder, so later sf commands use the org. For GitLab, Jenkins, Bitbucket or a laptop.

Options (named like \`sf org login jwt\`):
  -i, --client-id <key>             consumer key of the External Client App (or Connected App)
  -f, --jwt-key-file <file>         the private key (server.key); or the key's text, base64 or path in ${ENV.key}
  -o, --username <user>             Salesforce username to log in as
  -r, --instance-url <url>          login URL (default: sfdcLoginUrl of ./sfdx-project.json, else https://login.salesforce.com)
  -a, --alias <alias>               alias for the org in sf
  -d, --set-default                 make the org sf's default target-org
  -v, --set-default-dev-hub         make the org sf's default target-dev-hub
      --private-key-passphrase <p>  passphrase of an encrypted key (or ${ENV.passphrase})
      --audience <url>              JWT audience (default derived from the login URL; or SF_AUDIENCE_URL)
      --certificate-file <file>     the app's certificate: checked against the key before logging in
      --certificate-expiry-warning-days <n>  warn when it expires within n days (default ${DEFAULT_CERTIFICATE_EXPIRY_WARNING_DAYS})
      --fail-on-expired-certificate fail instead of warning when it has expired
      --approval-timeout <s>        seconds to wait out "user hasn't approved this consumer" (default 300)
      --request-timeout <s>         seconds before one request is abandoned (default 30)
      --no-write-sf-state           only get a token; write no sf state
      --json                        print {status, result} as JSON (the token only with --show-token)
      --show-token                  include the access token in the output
  -h, --help                        show this help

The key copy sf needs to refresh the token is kept in ~/.sf/sf-jwt-login (or ${ENV.keyDir}), mode 0600.`;

const commands: Record<string, { help: string; run: (args: string[], io: Io) => Promise<number> }> = {
  keygen: { help: KEYGEN_HELP, run: keygen },
  check: { help: CHECK_HELP, run: check },
  login: { help: LOGIN_HELP, run: loginCommand }
};

async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? commands[rest[0] ?? ''] : undefined;
    io.out(topic ? topic.help : HELP);
    return 0;
  }
  const command = commands[name];
  let json = false;
  try {
    if (!command) {
      throw new UsageError(
        `unknown command "${name}"; the commands are ${Object.keys(commands).join(', ')} (see sf-jwt-login --help).`
      );
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      io.out(command.help);
      return 0;
    }
    json = rest.includes('--json');
    return await command.run(rest, io);
  } catch (err) {
    const failure = describeFailure(err);
    io.err(`error: ${failure.message}`);
    if (failure.stack && io.env.SF_JWT_LOGIN_DEBUG) io.err(failure.stack);
    if (json)
      io.out(
        JSON.stringify({ status: 1, name: err instanceof UserError ? 'UserError' : 'Error', message: failure.message })
      );
    return err instanceof UsageError ? 2 : 1;
  }
}

/** parseArgs with its errors turned into one-line usage errors that name the command. */
function parse(command: string, args: string[], options: Options): Values {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      allowPositionals: true,
      allowNegative: true,
      strict: true
    });
    if (positionals.length)
      throw new UsageError(
        `${command} takes no arguments besides options (got "${positionals[0]}"); see sf-jwt-login ${command} --help.`
      );
    return values as Values;
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const message = (err as Error).message;
    const option = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`${command} has no option ${option ?? message}; see sf-jwt-login ${command} --help.`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const needsValue = /argument missing/.test(message);
      throw new UsageError(
        needsValue
          ? `${option} needs a value; see sf-jwt-login ${command} --help.`
          : `${option} takes no value; see sf-jwt-login ${command} --help.`
      );
    }
    throw new UsageError(`${message.split('. ')[0]}; see sf-jwt-login ${command} --help.`);
  }
}

function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The one value of two alternative option names. */
function either(values: Values, a: string, b: string): string | undefined {
  const x = str(values, a);
  const y = str(values, b);
  if (x !== undefined && y !== undefined && x !== y)
    throw new UsageError(`--${a} and --${b} are the same option; give it once.`);
  return x ?? y;
}

/**
 * Messages of the shared modules name the action's inputs ("private-key-file: no file at ..."); on the command line
 * they name the options instead.
 */
function renameInputs(message: string, names: Record<string, string>): string {
  const keys = Object.keys(names).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\w-])(${keys.map((k) => k.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`, 'g');
  return message.replace(pattern, (name) => names[name]);
}

async function withRenamedInputs<T>(names: Record<string, string>, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserError) {
      const Kind = err instanceof UsageError ? UsageError : UserError;
      throw new Kind(renameInputs(err.message, names));
    }
    throw err;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// keygen

const SUBJECT_OPTIONS: Array<[string, string]> = [
  ['c', 'C'],
  ['st', 'ST'],
  ['l', 'L'],
  ['o', 'O'],
  ['ou', 'OU'],
  ['cn', 'CN'],
  ['email', 'emailAddress']
];

async function keygen(args: string[], io: Io): Promise<number> {
  const values = parse('keygen', args, {
    bits: { type: 'string' },
    days: { type: 'string' },
    subject: { type: 'string' },
    c: { type: 'string' },
    st: { type: 'string' },
    l: { type: 'string' },
    o: { type: 'string' },
    ou: { type: 'string', multiple: true },
    cn: { type: 'string' },
    email: { type: 'string' },
    'out-dir': { type: 'string' },
    csr: { type: 'boolean' },
    encrypt: { type: 'boolean' },
    passphrase: { type: 'string' },
    force: { type: 'boolean' },
    'print-key': { type: 'boolean', default: true },
    json: { type: 'boolean' }
  });
  const bits = withOption('--bits', () => validateBits(str(values, 'bits') ?? String(DEFAULT_BITS)));
  const days = withOption('--days', () => validateDays(str(values, 'days') ?? String(DEFAULT_DAYS)));
  const subject = readSubject(values);
  const passphraseGiven = str(values, 'passphrase');
  let passphrase: string | undefined;
  if (passphraseGiven !== undefined || values.encrypt) {
    passphrase = passphraseGiven ?? io.env[ENV.passphrase];
    if (!passphrase) throw new UsageError(`--encrypt needs a passphrase: give --passphrase or set ${ENV.passphrase}.`);
    validatePassphrase(passphrase);
  }
  const outDir = resolve(io.cwd, str(values, 'out-dir') ?? '.');

  const material = generateKeyMaterial({ bits, days, subject, csr: values.csr === true, passphrase });
  const written = writeKeyMaterial(outDir, material, values.force === true);
  const info = describeCertificate(parseCertificate(material.certificatePem));
  const secretPem = material.encryptedKeyPem ?? material.keyPem;
  const printKey = values['print-key'] !== false;
  const secretFile = material.encryptedKeyPem ? FILE_NAMES.encryptedKey : FILE_NAMES.key;

  for (const stale of written.stale) {
    io.err(
      `warning: ${stale} is from an earlier run and holds the old key; remove it (it no longer matches server.crt).`
    );
  }
  if (values.json) {
    io.out(
      JSON.stringify({
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
      })
    );
    return 0;
  }
  const show = (p: string) => relative(io.cwd, p) || p;
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
  if (printKey) {
    lines.push(
      `Store the key as a secret (e.g. SF_JWT_KEY, the action's private-key input) with this value, the base64 of ${secretFile}` +
        `${material.encryptedKeyPem ? ' (set private-key-passphrase too)' : ''}:`,
      '',
      keyBase64(secretPem)
    );
  }
  io.out(lines.join('\n'));
  return 0;
}

function withOption<T>(option: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UserError) {
      const bare = option.replace(/^--/, '');
      throw new UsageError(
        err.message.startsWith(`${bare} `) ? `${option}${err.message.slice(bare.length)}` : `${option}: ${err.message}`
      );
    }
    throw err;
  }
}

function readSubject(values: Values): SubjectField[] | undefined {
  const given = SUBJECT_OPTIONS.filter(([option]) => values[option] !== undefined);
  const subject = str(values, 'subject');
  if (subject !== undefined && given.length) {
    throw new UsageError(
      `give either --subject or the single fields (--${given.map(([o]) => o).join(', --')}), not both.`
    );
  }
  if (subject !== undefined) return withOption('--subject', () => parseSubject(subject));
  if (!given.length) return undefined;
  const fields: SubjectField[] = [];
  for (const [option, type] of given) {
    const value = values[option];
    for (const v of Array.isArray(value) ? value : [value as string])
      fields.push(withOption(`--${option}`, () => subjectField(type, v)));
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------------------------
// check

async function check(args: string[], io: Io): Promise<number> {
  const values = parse('check', args, {
    cert: { type: 'string' },
    certificate: { type: 'string' },
    key: { type: 'string' },
    'jwt-key-file': { type: 'string' },
    passphrase: { type: 'string' },
    'private-key-passphrase': { type: 'string' },
    'expiry-warning-days': { type: 'string' },
    json: { type: 'boolean' }
  });
  const certPath = either(values, 'cert', 'certificate');
  if (!certPath)
    throw new UsageError('check needs --cert <file>, the certificate (server.crt); see sf-jwt-login check --help.');
  const keyPath = either(values, 'key', 'jwt-key-file');
  const passphrase = either(values, 'passphrase', 'private-key-passphrase') ?? io.env[ENV.passphrase];
  const rawDays = str(values, 'expiry-warning-days');
  if (rawDays !== undefined && !/^\d+$/.test(rawDays.trim())) {
    throw new UsageError(`--expiry-warning-days must be a whole number of days (got "${rawDays}").`);
  }
  const warningDays = rawDays === undefined ? DEFAULT_CERTIFICATE_EXPIRY_WARNING_DAYS : Number(rawDays.trim());

  const certFile = resolve(io.cwd, certPath);
  const cert = parseCertificate(readUserFile(certFile, '--cert'), certPath);
  const info = describeCertificate(cert);
  let key: PrivateKey | undefined;
  if (keyPath) {
    const keyFile = resolve(io.cwd, keyPath);
    key = await withRenamedInputs(
      { 'private-key-file': '--key', 'private-key-passphrase': '--passphrase', 'private-key': `--key ${keyPath}` },
      () => loadPrivateKey({ file: keyFile, passphrase }, () => {})
    );
  }
  const now = new Date();
  const match = key ? certificateMatchesKey(cert, key.key) : undefined;
  const state = expiryState(info.notBefore, info.notAfter, now, warningDays);
  const left = daysLeft(info.notAfter, now);

  const problems: string[] = [];
  const warnings: string[] = [];
  if (match === false) {
    problems.push(
      `the private key ${keyPath} does not belong to the certificate ${certPath}; Salesforce would reject its logins with "invalid assertion".`
    );
  }
  if (state === 'expired') {
    problems.push(
      `the certificate expired on ${isoSeconds(info.notAfter)} (${relativeDays(info.notAfter, now)}). Salesforce does not enforce it for the JWT flow, but renew it: \`npx sf-jwt-login keygen\`.`
    );
  } else if (state === 'expiring') {
    warnings.push(
      `the certificate expires on ${isoSeconds(info.notAfter)} (${relativeDays(info.notAfter, now)}), within ${warningDays} days; renew it soon.`
    );
  } else if (state === 'not-yet-valid') {
    warnings.push(`the certificate is not valid before ${isoSeconds(info.notBefore)}.`);
  }
  if (key && key.bits < 2048) warnings.push(`the key has only ${key.bits} bits; Salesforce expects 2048 or more.`);
  const status = problems.length ? 1 : 0;

  if (values.json) {
    io.out(
      JSON.stringify({
        status,
        result: {
          certificate: {
            file: certFile,
            subject: info.subject,
            issuer: info.issuer,
            selfSigned: info.selfSigned,
            serialNumber: info.serialNumber,
            notBefore: isoSeconds(info.notBefore),
            notAfter: isoSeconds(info.notAfter),
            daysLeft: left,
            expired: state === 'expired',
            sha1: info.sha1,
            sha256: info.sha256,
            keyType: info.keyType,
            bits: info.bits ?? null
          },
          key: key ? { file: resolve(io.cwd, keyPath as string), bits: key.bits } : null,
          match: match ?? null,
          warnings,
          problems
        }
      })
    );
  } else {
    const lines = [
      `Certificate   ${certPath}`,
      `  Subject     ${info.subject}`,
      `  Issuer      ${info.selfSigned ? `${info.issuer} (self-signed)` : info.issuer}`,
      `  Serial      ${info.serialNumber}`,
      `  Valid from  ${isoSeconds(info.notBefore)}`,
      `  Valid until ${isoSeconds(info.notAfter)} (${state === 'expired' ? `expired ${relativeDays(info.notAfter, now)}` : `${left} day${left === 1 ? '' : 's'} left`})`,
      `  SHA-1       ${info.sha1}`,
      `  SHA-256     ${info.sha256}`,
      `  Public key  ${info.keyType.toUpperCase()}${info.bits ? ` ${info.bits} bits` : ''}`
    ];
    if (key) {
      lines.push(`Private key   ${keyPath} (RSA ${key.bits} bits)`);
      lines.push(
        `Match         ${match ? 'yes: the key belongs to the certificate' : 'NO: the key does not belong to the certificate'}`
      );
    } else {
      lines.push('Private key   not checked (give --key to check that it matches)');
    }
    lines.push(`Result        ${status ? 'FAILED' : warnings.length ? 'ok, with warnings' : 'ok'}`);
    io.out(lines.join('\n'));
  }
  for (const warning of warnings) io.err(`warning: ${warning}`);
  for (const problem of problems) io.err(`error: ${problem}`);
  return status;
}

// ---------------------------------------------------------------------------------------------------------------
// login

async function loginCommand(args: string[], io: Io): Promise<number> {
  const values = parse('login', args, {
    'client-id': { type: 'string', short: 'i' },
    'jwt-key-file': { type: 'string', short: 'f' },
    username: { type: 'string', short: 'o' },
    'instance-url': { type: 'string', short: 'r' },
    alias: { type: 'string', short: 'a' },
    'set-default': { type: 'boolean', short: 'd' },
    'set-default-dev-hub': { type: 'boolean', short: 'v' },
    'private-key-passphrase': { type: 'string' },
    audience: { type: 'string' },
    'certificate-file': { type: 'string' },
    'certificate-expiry-warning-days': { type: 'string' },
    'fail-on-expired-certificate': { type: 'boolean' },
    'approval-timeout': { type: 'string' },
    'request-timeout': { type: 'string' },
    'write-sf-state': { type: 'boolean', default: true },
    json: { type: 'boolean' },
    'show-token': { type: 'boolean' }
  });
  for (const required of ['client-id', 'username']) {
    if (str(values, required) === undefined)
      throw new UsageError(`login needs --${required}; see sf-jwt-login login --help.`);
  }
  // SF_JWT_KEY holds the key's text or base64, or (a GitLab file-type variable) the path of the key file.
  const envKey = str(values, 'jwt-key-file') === undefined ? io.env[ENV.key]?.trim() : undefined;
  const envKeyIsPath = Boolean(envKey && !/\s/.test(envKey) && envKey.length < 4096 && isFile(resolve(io.cwd, envKey)));
  const keyFile = str(values, 'jwt-key-file') ?? (envKeyIsPath ? envKey : undefined);
  const keyText = envKeyIsPath ? undefined : envKey;
  if (keyFile === undefined && !keyText) {
    throw new UsageError(
      `login needs the private key: --jwt-key-file <file>, or its text, base64 or path in ${ENV.key}; see sf-jwt-login login --help.`
    );
  }
  const keyName = str(values, 'jwt-key-file') === undefined ? ENV.key : '--jwt-key-file';
  const certificateFile = str(values, 'certificate-file');
  const names: Record<string, string> = {
    'client-id': '--client-id',
    'private-key-file': keyName,
    'private-key-passphrase': `--private-key-passphrase (or ${ENV.passphrase})`,
    'private-key': keyName,
    'instance-url': '--instance-url',
    'approval-timeout': '--approval-timeout',
    'request-timeout': '--request-timeout',
    'set-default-dev-hub': '--set-default-dev-hub',
    'certificate-expiry-warning-days': '--certificate-expiry-warning-days',
    'fail-on-expired-certificate': '--fail-on-expired-certificate'
  };
  const flag = (name: string) => (values[name] === true ? 'true' : 'false');
  const given: Record<string, string> = {
    'client-id': str(values, 'client-id') ?? '',
    username: str(values, 'username') ?? '',
    'private-key': keyText ?? '',
    'private-key-file': keyFile === undefined ? '' : resolve(io.cwd, keyFile),
    'private-key-passphrase': str(values, 'private-key-passphrase') ?? io.env[ENV.passphrase] ?? '',
    'instance-url': str(values, 'instance-url') ?? '',
    audience: str(values, 'audience') ?? '',
    'approval-timeout': str(values, 'approval-timeout') ?? '',
    'request-timeout': str(values, 'request-timeout') ?? '',
    'write-sf-state': values['write-sf-state'] === false ? 'false' : 'true',
    alias: str(values, 'alias') ?? '',
    'set-default': flag('set-default'),
    'set-default-dev-hub': flag('set-default-dev-hub'),
    certificate:
      certificateFile === undefined ? '' : readUserFile(resolve(io.cwd, certificateFile), '--certificate-file'),
    'certificate-expiry-warning-days': str(values, 'certificate-expiry-warning-days') ?? '',
    'fail-on-expired-certificate': flag('fail-on-expired-certificate'),
    cleanup: 'false'
  };
  // The action's own validation, on the same names.
  const inputs = await withRenamedInputs(names, () => readInputs((name) => given[name] ?? ''));
  if (certificateFile !== undefined && !inputs.certificate)
    throw new UserError(`--certificate-file: "${certificateFile}" is empty.`);

  const json = values.json === true;
  const reporter: Reporter = {
    info: (line) => {
      if (!json) io.err(line);
    },
    warning: (line) => io.err(`warning: ${renameInputs(line, names)}`),
    // A terminal has no log masking; nothing secret is printed.
    mask: () => {}
  };
  const home = homeFor(io.env, process.platform);
  const keyBase = io.env[ENV.keyDir] || join(home, '.sf', 'sf-jwt-login');
  const previousKeyCopy = inputs.writeSfState ? keyCopyOf(home, inputs.username, keyBase) : undefined;
  // On the command line the key copy goes to a folder that lasts, not to a job's temp folder.
  const keyDir = keyCopyDir(keyBase);
  const outcome = await withRenamedInputs(names, () =>
    login(inputs, reporter, { env: io.env, projectDir: io.cwd, home, keyCopyDir: keyDir })
  );
  if (previousKeyCopy && outcome.changes && !previousKeyCopy.startsWith(keyDir + sep)) {
    // The earlier login's key copy is no longer referenced by the auth file.
    rmSync(dirname(previousKeyCopy), { recursive: true, force: true });
  }

  const { token } = outcome.result;
  const result = {
    username: inputs.username,
    orgId: token.orgId,
    instanceUrl: token.instanceUrl,
    loginUrl: outcome.loginUrl,
    authFile: outcome.changes?.authFile ?? null,
    alias: outcome.changes?.alias ?? null,
    ...(outcome.certificateExpiresAt ? { certificateExpiresAt: outcome.certificateExpiresAt } : {}),
    ...(values['show-token'] ? { accessToken: token.accessToken } : {})
  };
  if (json) {
    io.out(JSON.stringify({ status: 0, result }, null, 2));
    return 0;
  }
  const lines = [`Logged in ${inputs.username} to org ${token.orgId} at ${token.instanceUrl}.`];
  if (outcome.changes) {
    const extras = [
      outcome.changes.alias && `alias ${outcome.changes.alias}`,
      ...outcome.changes.config.map((c) => `default ${c.key}`)
    ].filter(Boolean);
    lines.push(`sf auth file: ${outcome.changes.authFile}${extras.length ? ` (${extras.join(', ')})` : ''}`);
  }
  if (outcome.certificateExpiresAt) lines.push(`Certificate expires ${outcome.certificateExpiresAt}.`);
  if (values['show-token']) lines.push(`Access token: ${token.accessToken}`);
  io.out(lines.join('\n'));
  return 0;
}

/** The key copy an earlier command-line login of `username` left, if its auth file points into `base`. */
function keyCopyOf(home: string, username: string, base: string): string | undefined {
  try {
    const auth = JSON.parse(readFileSync(join(home, '.sfdx', `${username}.json`), 'utf8')) as { privateKey?: unknown };
    const path = typeof auth.privateKey === 'string' ? resolve(auth.privateKey) : '';
    const inside = relative(resolve(base), path);
    if (/^sf-jwt-login-[0-9a-f-]{36}[/\\]server\.key$/.test(inside) && existsSync(path)) return path;
  } catch {
    // no earlier login, or not ours
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd()
};
process.exitCode = await main(process.argv.slice(2), io);
