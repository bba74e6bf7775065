/**
 * ~/.sfdx/key.json, the key sf encrypts auth file tokens with (docs/sf-state.md §5): read (v1 or v2), or created
 * once. sf reads it only when told to skip the desktop keychain (§7), so whatever runs sf against state written here
 * sets KEY_FILE_ENV.
 */
import { statSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { SECRET_FILE_MODE, createFileExclusive, readJsonObject } from '../util/files.js';
import { cryptoVersion, newKey } from './crypto.js';

/** Makes sf use key.json (not secret-tool or the macOS keychain): every later sf step, and our own check with sf. */
export const KEY_FILE_ENV = { SF_USE_GENERIC_UNIX_KEYCHAIN: 'true' } as const;

const notAKey = (path: string): string =>
  `${path} holds no sf key (a 32 or 64 hex-character "key"); it was left unchanged. ` +
  'Remove it only if no other org is logged in with it.';

const wrongMode = (path: string, mode: number): string =>
  `${path} has mode ${mode.toString(8).padStart(4, '0')}; sf refuses a key file that is not exactly 0600. ` +
  `Run \`chmod 600 ${path}\` and retry. It was left unchanged.`;

/**
 * The existing key.json (v1 or v2), or a new one, created exclusively so two concurrent logins cannot each make a
 * key and leave the other's auth file undecryptable. A key.json that cannot be parsed is the user's: we stop.
 */
export function readOrCreateKey(path: string, platform: NodeJS.Platform): { key: string; created: boolean } {
  const existing = readKeyFile(path, platform);
  if (existing) return { key: existing, created: false };
  const key = newKey();
  const created = createFileExclusive(
    path,
    JSON.stringify({ account: 'local', key, service: 'sfdx' }, null, 4),
    SECRET_FILE_MODE
  );
  if (created) return { key, created };
  // Another login created it between our read and our create: use theirs.
  return { key: readKeyFile(path, platform) as string, created: false };
}

function readKeyFile(path: string, platform: NodeJS.Platform): string | undefined {
  const content = readJsonObject(path);
  if (!content) return undefined;
  const key = typeof content.key === 'string' ? content.key : '';
  if (!cryptoVersion(key)) throw new UserError(notAKey(path));
  if (platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if (mode !== SECRET_FILE_MODE) throw new UserError(wrongMode(path, mode));
  }
  return key;
}
