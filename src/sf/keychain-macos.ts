/**
 * sf's key in the macOS login Keychain (darwin, SF_USE_GENERIC_UNIX_KEYCHAIN not true), read as @salesforce/core
 * reads it (lib/crypto/keyChainImpl.js:293-356): `/usr/bin/security find-generic-password -a local -s sfdx -g`, the
 * password taken from stderr (`password: "<key>"`) with core's /"(.*)"/. core stores a new key with
 * `security add-generic-password -a local -s sfdx -w <key>`, the key on the command line where `ps` shows it; we
 * send that same command on the stdin of `security -i` instead (same item: account, service, password, and
 * /usr/bin/security as the trusted app), then read it back, since interactive mode's exit code does not tell.
 *
 * `security` exits with the low byte of the Security framework's status: 44 item not found (-25300), 128 the
 * user canceled (-128, core keyChainImpl.js:308), 36 no user interaction allowed (-25308: a locked keychain over SSH).
 * core takes every failure but 128 for "no key" and then tries to add one; we create only on 44.
 */
import { UserError } from '../util/errors.js';
import {
  SF_KEY_ACCOUNT,
  SF_KEY_SERVICE,
  type KeyringBackend,
  type RunResult,
  type StoreIo,
  checkedKey,
  keyringError
} from './keychain-run.js';

export const SECURITY_PROGRAM = '/usr/bin/security';

export const macosArgs = {
  find: (): string[] => ['find-generic-password', '-a', SF_KEY_ACCOUNT, '-s', SF_KEY_SERVICE, '-g'],
  /** Interactive mode: commands come on stdin, one a line. */
  interactive: (): string[] => ['-i'],
  delete: (): string[] => ['delete-generic-password', '-a', SF_KEY_ACCOUNT, '-s', SF_KEY_SERVICE]
};

/** core's add command (keyChainImpl.js:336-342), as a line for `security -i`. A hex key needs no quoting. */
export const macosAddInput = (key: string): string =>
  `add-generic-password -a ${SF_KEY_ACCOUNT} -s ${SF_KEY_SERVICE} -w ${key}\n`;

export const EXIT_NOT_FOUND = 44;
export const EXIT_USER_CANCELED = 128;
export const EXIT_INTERACTION_NOT_ALLOWED = 36;

/** core's parse of `find-generic-password -g` (keyChainImpl.js:322-330): the first quoted text on stderr. */
export function passwordFromFindOutput(stderr: string): string | undefined {
  if (!stderr.includes('password')) return undefined;
  return /"(.*)"/.exec(stderr)?.[1] || undefined;
}

const ENTRY = 'The login Keychain item for sf (account local, service sfdx)';
const WHY =
  'sf keeps its key in the macOS login Keychain (SF_USE_GENERIC_UNIX_KEYCHAIN is not true), so this command must too';
const CANCELED = 'The Keychain prompt was canceled: run this command again and choose "Allow" (or "Always Allow").';
const NO_UI =
  'The login Keychain is locked and cannot ask for its password here (an SSH session?): run ' +
  '`security unlock-keychain ~/Library/Keychains/login.keychain-db` first, then this command again.';

function cannotUse(program: string, r: RunResult, io: StoreIo, key?: string) {
  const fix = r.code === EXIT_USER_CANCELED ? CANCELED : r.code === EXIT_INTERACTION_NOT_ALLOWED ? NO_UI : '';
  return keyringError(WHY, program, r, io, fix, key);
}

/** The key in the Keychain, or undefined when `security` says there is no such item. */
async function find(program: string, io: StoreIo): Promise<string | undefined> {
  const r = await io.run(program, macosArgs.find(), { env: io.env, timeoutMs: io.timeoutMs });
  if (r.code === EXIT_NOT_FOUND) return undefined;
  if (r.code !== 0) throw cannotUse(program, r, io);
  const password = passwordFromFindOutput(r.stderr);
  if (password === undefined) {
    throw new UserError(`${ENTRY} exists, but \`security\` printed no password for it; it was left unchanged.`);
  }
  return checkedKey(password, ENTRY);
}

export const macosBackend: KeyringBackend = {
  entry: ENTRY,
  manualRemove: 'security delete-generic-password -a local -s sfdx',
  read: find,
  beforeCreate: async () => {},
  // Without -U, as core: an item that appeared in between is kept, and the read-back returns it.
  async write(program, key, io) {
    const input = macosAddInput(key);
    const added = await io.run(program, macosArgs.interactive(), { env: io.env, input, timeoutMs: io.timeoutMs });
    if (added.failure) throw cannotUse(program, added, io, key);
    return added;
  },
  erase: (program, io) => io.run(program, macosArgs.delete(), { env: io.env, timeoutMs: io.timeoutMs })
};
