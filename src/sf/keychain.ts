/**
 * Which store holds sf's encryption key on this machine, chosen exactly as @salesforce/core 9.4.0 chooses
 * (lib/crypto/keyChain.js:31-75), and the key read from it or created in it as sf would. An auth file we encrypt
 * with any other key is unreadable for sf there ("No authorization information found", AuthDecryptError).
 *
 * - Windows: ~/.sfdx/key.json, always.
 * - macOS and Linux with SF_USE_GENERIC_UNIX_KEYCHAIN (or its alias SFDX_USE_GENERIC_UNIX_KEYCHAIN) true: key.json.
 * - macOS otherwise: the login Keychain through /usr/bin/security.
 * - Linux otherwise: libsecret through secret-tool, if $SFDX_SECRET_TOOL_PATH (default /usr/bin/secret-tool, not
 *   PATH) is a file this user may execute; else key.json.
 * - any other platform: core has no store, and sf cannot decrypt anything there.
 * key.json itself stays with the state writer (state.ts); this module owns the choice and the keyring paths.
 */
import { statSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { newKey } from './crypto.js';
import { libsecretBackend } from './keychain-libsecret.js';
import { SECURITY_PROGRAM, macosBackend } from './keychain-macos.js';
import {
  KEY_STORE_TIMEOUT_MS,
  type KeyringBackend,
  type Runner,
  type StoreIo,
  USE_KEY_FILE_FIX,
  failureText,
  programSaid,
  runProgram
} from './keychain-run.js';

export type KeyStore =
  | { kind: 'file' }
  | { kind: 'libsecret'; program: string }
  | { kind: 'macos-keychain'; program: string };

/** True when `program` is a file this process may execute: core's _validateProgram + isExe (keyChainImpl.js:78-112). */
export type ProgramCheck = (program: string) => boolean;

export const DEFAULT_SECRET_TOOL = '/usr/bin/secret-tool';

/**
 * core reads SF_USE_GENERIC_UNIX_KEYCHAIN with kit's env.getBoolean ("true" in any case, or "1"). Its EnvVars
 * (config/envVars.js:451-473, run when core loads) first copies SFDX_USE_GENERIC_UNIX_KEYCHAIN into an unset or
 * empty SF_ name; a set SF_ name wins.
 */
export function usesGenericKeychain(env: NodeJS.ProcessEnv): boolean {
  const value = env.SF_USE_GENERIC_UNIX_KEYCHAIN || env.SFDX_USE_GENERIC_UNIX_KEYCHAIN;
  return value !== undefined && (value.toLowerCase() === 'true' || value === '1');
}

/** core's isExe: any execute bit for others, the group bit for our primary group, the user bit for our uid. */
export const isExecutableForUser: ProgramCheck = (program) => {
  if (process.platform === 'win32') return true;
  try {
    const { mode, gid, uid } = statSync(program);
    return Boolean(
      mode & 0o001 || (mode & 0o010 && gid === process.getgid?.()) || (mode & 0o100 && uid === process.getuid?.())
    );
  } catch {
    return false;
  }
};

/** The store sf uses for (platform, environment, programs present). Same string tests as core. */
export function selectKeyStore(
  platform: NodeJS.Platform | string,
  env: NodeJS.ProcessEnv,
  isExecutable: ProgramCheck = isExecutableForUser
): KeyStore {
  const generic = usesGenericKeychain(env);
  if (platform.startsWith('win')) return { kind: 'file' };
  if (platform.includes('darwin')) {
    return generic ? { kind: 'file' } : { kind: 'macos-keychain', program: SECURITY_PROGRAM };
  }
  if (platform.includes('linux')) {
    if (generic) return { kind: 'file' };
    // `??`, as core: an empty SFDX_SECRET_TOOL_PATH names no program, so key.json.
    const program = env.SFDX_SECRET_TOOL_PATH ?? DEFAULT_SECRET_TOOL;
    return isExecutable(program) ? { kind: 'libsecret', program } : { kind: 'file' };
  }
  if (platform === 'browser') return { kind: 'file' };
  throw new UserError(
    `sf has no key store on ${platform} (@salesforce/core: "Unsupported Operating System"), so it could not ` +
      'decrypt an auth file written here. Run sf and this command on Linux, macOS or Windows.'
  );
}

/** For messages: where the key is. */
export function describeKeyStore(store: KeyStore): string {
  if (store.kind === 'libsecret') return `the libsecret keyring (${store.program}, user local, domain sfdx)`;
  if (store.kind === 'macos-keychain') return 'the macOS login Keychain (account local, service sfdx)';
  return '~/.sfdx/key.json';
}

export interface StoredKey {
  key: string;
  /** True when this call put the key there; only such a key may be taken out again. */
  created: boolean;
  store: KeyStore;
  /**
   * Takes out a keyring key this call created (when the login fails after it), unless the store now holds another
   * key. Does nothing when `created` is false, and for key.json, whose undo stays with the state writer.
   */
  remove(): Promise<void>;
}

export interface KeyStoreOptions {
  /** The environment sf runs in (SF_CRYPTO_V2 decides a new key's length); also the programs' environment. */
  env: NodeJS.ProcessEnv;
  /** The key.json path: the state writer's existing readOrCreateKey(paths.keyFile, platform). */
  fileKey: () => { key: string; created: boolean };
  run?: Runner;
  timeoutMs?: number;
}

type KeyringStore = Exclude<KeyStore, { kind: 'file' }>;

/** The backend and the programs' io for a keyring store. */
function keyring(store: KeyringStore, options: Pick<KeyStoreOptions, 'env' | 'run' | 'timeoutMs'>) {
  const backend = store.kind === 'libsecret' ? libsecretBackend : macosBackend;
  const io: StoreIo = {
    env: options.env,
    run: options.run ?? runProgram,
    timeoutMs: options.timeoutMs ?? KEY_STORE_TIMEOUT_MS
  };
  return { backend, io };
}

/**
 * sf's key from `store`, never created: undefined when it holds none yet. `fileKey` reads key.json (the caller's
 * reading of it); a keyring that cannot be read throws its UserError, with the fix.
 */
export async function readKeyIn(
  store: KeyStore,
  options: Pick<KeyStoreOptions, 'env' | 'run' | 'timeoutMs'> & { fileKey: () => string | undefined }
): Promise<string | undefined> {
  if (store.kind === 'file') return options.fileKey();
  const { backend, io } = keyring(store, options);
  return backend.read(store.program, io);
}

/** The key in a keyring, or a new one: stored, then read back, since that is what sf will read. */
async function readOrCreateIn(b: KeyringBackend, program: string, io: StoreIo) {
  const existing = await b.read(program, io);
  if (existing) return { key: existing, created: false };
  await b.beforeCreate(program, io);
  const key = newKey(io.env);
  const wrote = await b.write(program, key, io);
  const back = await b.read(program, io);
  if (!back) {
    const said = programSaid(wrote.stderr || wrote.stdout, key);
    throw new UserError(`${b.entry} is still missing after ${program} stored a new key (${said}). ${USE_KEY_FILE_FIX}`);
  }
  // Another login may have stored its key in between: then that one is what sf reads, and it is not ours.
  return { key: back, created: back === key };
}

/** Takes out the key we stored, unless the keyring now holds another one. */
async function removeFrom(b: KeyringBackend, program: string, key: string, io: StoreIo): Promise<void> {
  if ((await b.read(program, io)) !== key) return;
  const r = await b.erase(program, io);
  if (r.code !== 0) {
    const why = `${failureText(r, program, io.timeoutMs)}: ${programSaid(r.stderr || r.stdout, key)}`;
    throw new UserError(
      `The sf key this login stored could not be removed (${why}); remove it with \`${b.manualRemove}\`.`
    );
  }
}

/**
 * sf's key from `store`, or a new one put there exactly as sf would (v1, 32 hex characters, unless
 * SF_CRYPTO_V2=true: v2, 64). A keyring that cannot be used ends in a UserError with the fix, before anything is
 * stored.
 */
export async function readOrCreateKeyIn(store: KeyStore, options: KeyStoreOptions): Promise<StoredKey> {
  if (store.kind === 'file') {
    const { key, created } = options.fileKey();
    return { key, created, store, remove: async () => {} };
  }
  const { backend, io } = keyring(store, options);
  const { program } = store;
  const { key, created } = await readOrCreateIn(backend, program, io);
  const remove = async () => (created ? removeFrom(backend, program, key, io) : undefined);
  return { key, created, store, remove };
}
