/**
 * keygen's files, under the names of Salesforce's guide: the keys (server.key, server.pass.key) through the one
 * secret-file writer (0600, the Windows ACL), the certificate and the request (server.crt, server.csr) as plain
 * files. Nothing is ever overwritten without `force`; with it each file is replaced atomically, so an interrupted
 * run leaves every file whole, old or new.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { PLAIN_FILE_MODE, createFileExclusive, writeFileAtomic } from '../util/files.js';
import { writeSecretFile } from '../util/secret-file.js';
import type { KeyMaterial } from './keygen.js';

/** The file names of Salesforce's guide. */
export const FILE_NAMES = {
  key: 'server.key',
  certificate: 'server.crt',
  csr: 'server.csr',
  encryptedKey: 'server.pass.key'
} as const;
export type FileKind = keyof typeof FILE_NAMES;

export interface WrittenFiles {
  /** Absolute paths of the files written, by kind. */
  files: Partial<Record<FileKind, string>> & Record<'key' | 'certificate', string>;
  /** Files of an earlier run that --force left in place and that no longer match the new key. */
  stale: string[];
}

const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? 'error';

const alreadyThere = (paths: string[]): string =>
  `${paths.join(', ')} already exist${paths.length === 1 ? 's' : ''}; keygen never overwrites a key or certificate. ` +
  'Pass --force to replace them, or --out-dir to write somewhere else.';

const appeared = (path: string): string =>
  `${path} appeared while keygen was writing; it was left unchanged. Pass --force to replace it.`;

/**
 * Writes the material into `dir` (created 0700 if missing). Without `force` nothing is written when any of the files
 * exists, and each file is created exclusively, so a file that appears meanwhile is never overwritten either.
 */
export async function writeKeyMaterial(dir: string, material: KeyMaterial, force: boolean): Promise<WrittenFiles> {
  const folder = resolve(dir);
  const planned: Array<[FileKind, string, 'secret' | 'plain']> = [
    ['key', material.keyPem, 'secret'],
    ['certificate', material.certificatePem, 'plain']
  ];
  if (material.csrPem) planned.push(['csr', material.csrPem, 'plain']);
  if (material.encryptedKeyPem) planned.push(['encryptedKey', material.encryptedKeyPem, 'secret']);

  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new UserError(`Cannot create the output folder ${folder} (${errorCode(err)}).`);
  }
  const path = (kind: FileKind) => join(folder, FILE_NAMES[kind]);
  const existing = force ? [] : planned.map(([kind]) => path(kind)).filter((p) => existsSync(p));
  if (existing.length) throw new UserError(alreadyThere(existing));

  const files: Partial<Record<FileKind, string>> = {};
  for (const [kind, content, secrecy] of planned) {
    const target = path(kind);
    try {
      if (secrecy === 'secret') await writeSecretFile(target, content, { replace: force });
      else if (force) writeFileAtomic(target, content, PLAIN_FILE_MODE);
      else if (!createFileExclusive(target, content, PLAIN_FILE_MODE)) throw new UserError(appeared(target));
    } catch (err) {
      if (err instanceof UserError) throw err;
      if (errorCode(err) === 'EEXIST') throw new UserError(appeared(target));
      throw new UserError(`Cannot write ${target} (${errorCode(err)}).`);
    }
    files[kind] = target;
  }
  const stale = (Object.keys(FILE_NAMES) as FileKind[])
    .filter((kind) => !files[kind] && existsSync(path(kind)))
    .map(path);
  return { files: files as WrittenFiles['files'], stale };
}

/** The key as one base64 line: what the action's key input (or SF_JWT_KEY) takes from a secret. */
export function keyBase64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}
