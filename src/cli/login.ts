/**
 * `sf-jwt-login login`: the action's login for any CI (GitLab, Jenkins, Bitbucket) or a laptop, with the flag names
 * of `sf org login jwt`. The option table maps each flag to its login field; the login inputs are built from it
 * directly, and messages name the flags (or the environment variable the key came from).
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseLoginInputs, type EmptyHint, type LoginField, type LoginInputs } from '../login/inputs.js';
import type { Given } from '../login/validate.js';
import { login, type LoginOutcome, type Reporter } from '../login/login.js';
import { targetUsername } from '../login/sandbox.js';
import { HOME_KEY_DIR, isKeyCopyPath, userKeyCopySlot } from '../sf/key-copy.js';
import { recordForUndo } from '../login/undo.js';
import { homeFor } from '../sf/paths.js';
import { UserError } from '../util/errors.js';
import { readUserFile } from '../util/files.js';
import { MAX_PEM_INPUT } from '../keys/pem.js';
import { oneLine } from '../util/text.js';
import { ENV, command, type Io } from './command.js';
import { LOGIN_OPTIONS, type LoginOption } from './login-options.js';
import { UsageError, fieldValues, namesFrom, seeHelp, text, type Values } from './options.js';

type Option = LoginOption;

/** Where, under the home folder, the key copies of command-line logins are kept (they must outlast the command). */
const KEY_DIR = HOME_KEY_DIR;

const ABOUT =
  'Logs in with the JWT bearer flow exactly as the GitHub Action does, and writes the same sf state (auth file, ' +
  'alias, defaults) under the home folder, so later sf commands use the org. For GitLab, Jenkins, Bitbucket or a ' +
  'laptop. The options are named like `sf org login jwt`.';

export const loginCommand = command({
  name: 'login',
  summary: 'log in like the GitHub Action, from any CI or a laptop, and write sf state',
  help: {
    usage: '--client-id <key> --jwt-key-file <file> --username <user> [options]',
    about: ABOUT,
    footer:
      `The key copy sf needs to refresh the token is kept in ~/${KEY_DIR.join('/')}/<username>/server.key ` +
      `(or under ${ENV.keyDir}), mode 0600: one per user, replaced by each login, removed again if it fails.`
  },
  options: LOGIN_OPTIONS,
  run
});

const keyCopyLeft = (path: string, err: unknown): string =>
  `The key copy ${path} could not be put back as it was before this login (${(err as Error).message}); ` +
  'remove it, or log in again.';

const NO_KEY = `login needs the private key: --jwt-key-file <file>, or its text, base64 or path in ${ENV.key}`;

/** Why a required value can be empty here: an unset variable expands to nothing, and a CI may withhold secrets. */
export const EMPTY_VALUE_HINT =
  'If you pass it from a shell or CI variable, check that the variable is set in this job: an unset one expands to ' +
  'nothing, and CI services may withhold protected or secret variables from some branches and from forks.';
const emptyValueHint: EmptyHint = () => EMPTY_VALUE_HINT;

/** How the login's messages name its fields here: the key by where it came from, the passphrase with its variable. */
export function loginNames(keyFromEnv: boolean) {
  const keyName = keyFromEnv ? ENV.key : '--jwt-key-file';
  return namesFrom(LOGIN_OPTIONS, {
    privateKey: keyName,
    privateKeyFile: keyName,
    privateKeyPassphrase: `--private-key-passphrase (or ${ENV.passphrase})`
  });
}

/** The login inputs from the parsed options and the environment, validated by the same readers as the action's. */
export function loginInputs(values: Values<Option>, io: Io): LoginInputs {
  const keyFlag = text(values['jwt-key-file']);
  // SF_JWT_KEY holds the key's text or base64, or (a GitLab file-type variable) the path of the key file.
  const envKey = keyFlag === undefined ? io.env[ENV.key]?.trim() : undefined;
  const envKeyIsPath = Boolean(envKey && !/\s/.test(envKey) && envKey.length < 4096 && isFile(resolve(io.cwd, envKey)));
  const keyFile = keyFlag ?? (envKeyIsPath ? envKey : undefined);
  const keyText = envKeyIsPath ? undefined : envKey;
  if (keyFile === undefined && !keyText) {
    const blank = io.env[ENV.key] !== undefined && `${ENV.key} is set but empty. ${EMPTY_VALUE_HINT}`;
    throw new UsageError(`${NO_KEY}; ${blank || seeHelp('login')}`);
  }
  const nameOf = loginNames(keyFlag === undefined);

  const certificateFile = text(values['certificate-file']);
  const certificate =
    certificateFile === undefined
      ? ''
      : readUserFile(resolve(io.cwd, certificateFile), nameOf('certificate'), { maxBytes: MAX_PEM_INPUT });
  const given: Partial<Record<LoginField, Given>> = {
    ...fieldValues(LOGIN_OPTIONS, values),
    privateKey: keyText,
    privateKeyFile: keyFile === undefined ? undefined : resolve(io.cwd, keyFile),
    privateKeyPassphrase: text(values['private-key-passphrase']) ?? io.env[ENV.passphrase],
    certificate
  };
  const inputs = parseLoginInputs((field) => given[field], nameOf, emptyValueHint);
  if (certificateFile !== undefined && !inputs.certificate) {
    throw new UserError(`${nameOf('certificate')}: "${certificateFile}" is empty.`);
  }
  return inputs;
}

async function run(values: Values<Option>, io: Io): Promise<number> {
  const inputs = loginInputs(values, io);
  const json = values.json === true;
  const reporter: Reporter = {
    // Each message one line, whatever it quotes.
    info: (line) => {
      if (!json) io.err(oneLine(line));
    },
    warning: (line) => io.err(`warning: ${oneLine(line)}`),
    // A terminal has no log masking; nothing secret is printed.
    mask: () => {}
  };
  const home = homeFor(io.env, process.platform);
  const keyBase = io.env[ENV.keyDir] || join(home, ...KEY_DIR);
  const username = targetUsername(inputs);
  const previousKeyCopy = inputs.writeSfState ? keyCopyOf(home, username, keyBase) : undefined;
  // On the command line the key copy goes to a folder that lasts, not to a job's temp folder: one per user, replaced
  // by each login, and put back as it was when this one fails (a copy no auth file points at must not stay behind).
  const slot = userKeyCopySlot(keyBase, username);
  // What a failed login must undo: the token it got (revoked) and what it wrote (put back).
  const undo = recordForUndo(home);
  const where = { env: io.env, projectDir: io.cwd, home, keyCopyDir: slot.dir, replaceKeyCopy: true, ...undo.hooks };
  let outcome: LoginOutcome;
  try {
    outcome = await login(inputs, reporter, where);
  } catch (err) {
    const undone = await undo.run();
    for (const line of [...(undone?.done ?? []), ...(undone?.skipped ?? [])]) reporter.info(`Rolled back: ${line}.`);
    for (const line of undone?.failed ?? []) reporter.warning(`Rolled back: ${line}.`);
    if (inputs.writeSfState) await slot.restore().catch((e) => reporter.warning(keyCopyLeft(slot.path, e)));
    throw err;
  }
  if (previousKeyCopy && outcome.changes) {
    // An earlier version's key copy (its own sf-jwt-login-<uuid> folder), no longer referenced by the auth file.
    rmSync(dirname(previousKeyCopy), { recursive: true, force: true });
  }
  io.out(report(outcome, outcome.username, values));
  return 0;
}

/** What login prints: {status, result} with --json, else a few lines; the token only with --show-token. */
function report(outcome: LoginOutcome, username: string, values: Values<Option>): string {
  const { token } = outcome.result;
  const showToken = values['show-token'] === true;
  const result = {
    username,
    orgId: token.orgId,
    instanceUrl: token.instanceUrl,
    loginUrl: outcome.loginUrl,
    authFile: outcome.changes?.authFile ?? null,
    alias: outcome.changes?.alias ?? null,
    ...(outcome.certificateExpiresAt ? { certificateExpiresAt: outcome.certificateExpiresAt } : {}),
    ...(outcome.scratch
      ? { devHub: outcome.scratch.devHub, expirationDate: outcome.scratch.expirationDate ?? null }
      : {}),
    ...(showToken ? { accessToken: token.accessToken } : {})
  };
  if (values.json === true) return JSON.stringify({ status: 0, result }, null, 2);
  const lines = [`Logged in ${username} to org ${token.orgId} at ${token.instanceUrl}.`];
  if (outcome.changes) {
    const extras = [
      outcome.changes.alias && `alias ${outcome.changes.alias}`,
      ...outcome.changes.config.map((c) => `default ${c.key}`)
    ].filter(Boolean);
    lines.push(`sf auth file: ${outcome.changes.authFile}${extras.length ? ` (${extras.join(', ')})` : ''}`);
  }
  if (outcome.certificateExpiresAt) lines.push(`Certificate expires ${outcome.certificateExpiresAt}.`);
  if (showToken) lines.push(`Access token: ${token.accessToken}`);
  return lines.join('\n');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The key copy an earlier command-line login of `username` left, if its auth file points into `base`. */
function keyCopyOf(home: string, username: string, base: string): string | undefined {
  try {
    const auth = JSON.parse(readFileSync(join(home, '.sfdx', `${username}.json`), 'utf8')) as { privateKey?: unknown };
    const path = typeof auth.privateKey === 'string' ? resolve(auth.privateKey) : '';
    if (isKeyCopyPath(path, base) && existsSync(path)) return path;
  } catch {
    // no earlier login, or not ours
  }
  return undefined;
}
