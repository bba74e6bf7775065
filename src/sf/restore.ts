/**
 * The undo of sf/state.ts's writes, from the journal's record (changes.ts): each file is put back exactly as it was
 * (its bytes, or no file) while it still holds what this login wrote. A file changed since is restored entry by
 * entry: an alias or default that still names what this login wrote gets its old value back, one that a later step
 * or sf changed is left, with one line saying so. An auth file is this login's while it uses this login's key copy
 * (sf rewrites it when it refreshes the token); one rewritten by another login is left.
 *
 * Only files of the shapes a login writes are touched: sf's alias and config files and `<home>/.sfdx/<username>.json`
 * under the home this step runs with. A record that names anything else is refused for that file, with a line.
 */
import { rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PLAIN_FILE_MODE, SECRET_FILE_MODE, linkAt, withFileLock, writeFileAtomic } from '../util/files.js';
import { quoteText } from '../util/text.js';
import { decrypt } from './crypto.js';
import {
  type ChangeRecord,
  type EntryChange,
  type FileChange,
  digest,
  fileBytes,
  parseObject,
  valueAt
} from './changes.js';
import { KEY_COPY_FILE } from './key-copy.js';
import { sfPaths } from './paths.js';

export interface RestoreReport {
  /** What was put back, for the log. */
  restored: string[];
  /** What was left, and why: one line each. */
  skipped: string[];
  /** What the record names that this action never writes (a changed record): left, one line each. */
  refused: string[];
}

/** Whether `username` can name an auth file of ours: one path segment, printable, as the login validated it. */
const plainUsername = (username: unknown): username is string =>
  typeof username === 'string' &&
  username.includes('@') &&
  !/[/\\\p{Cc}]/u.test(username) &&
  !username.includes('..') &&
  basename(username) === username;

/** The files a login of `record.username` under `home` writes, or undefined when the record is not one of ours. */
export function recordedFiles(record: ChangeRecord, home: string): string[] | undefined {
  if (resolve(record.home) !== resolve(home) || !plainUsername(record.username)) return undefined;
  const paths = sfPaths(resolve(home));
  return [paths.authFile(record.username), paths.aliasFile, paths.sfConfigFile, paths.sfdxConfigFile];
}

/** Whether the auth file `content` is still this login's: same user, and it refreshes with this login's key copy. */
export function isOurAuthFile(content: Record<string, unknown> | undefined, record: ChangeRecord): boolean {
  if (!content || !record.keyCopyDir) return false;
  return (
    String(content.username).toLowerCase() === record.username.toLowerCase() &&
    content.privateKey === join(record.keyCopyDir, KEY_COPY_FILE)
  );
}

/**
 * The access token in the auth file now, while the file is still this login's: sf may have refreshed it (after a
 * 401, with our key copy), and that token must be revoked too. Decrypted with key.json, the key this login used.
 */
export function currentAccessToken(record: ChangeRecord, home: string): string | undefined {
  const [authFile] = recordedFiles(record, home) ?? [];
  if (!authFile) return undefined;
  const content = parseObject(fileBytes(authFile));
  if (!isOurAuthFile(content, record) || typeof content?.accessToken !== 'string') return undefined;
  const key = parseObject(fileBytes(sfPaths(resolve(home)).keyFile))?.key;
  try {
    return typeof key === 'string' ? decrypt(content.accessToken, key) : undefined;
  } catch {
    return undefined;
  }
}

/** Puts back what the login in `record` changed, file by file, under sf's lock; never throws for one file. */
export async function restoreSfState(record: ChangeRecord, home: string): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], skipped: [], refused: [] };
  const allowed = recordedFiles(record, home);
  for (const file of record.files) {
    if (!allowed?.includes(file.path)) {
      report.refused.push(`left ${quoteText(String(file.path), 300)}: it is no file this action writes`);
      continue;
    }
    await withFileLock(file.path, () => restoreFile(file, record, file.path === allowed[0], report));
  }
  return report;
}

function restoreFile(file: FileChange, record: ChangeRecord, isAuthFile: boolean, report: RestoreReport): void {
  const { path } = file;
  if (linkAt(path) !== undefined) {
    report.skipped.push(`left ${path}: a symbolic link is there now`);
    return;
  }
  const now = fileBytes(path);
  const before = file.before === null ? undefined : Buffer.from(file.before, 'base64');
  if (now === before || (now && before && now.equals(before))) return; // as it was (or this login never wrote it)
  if ((now && digest(now) === file.wrote) || (isAuthFile && isOurAuthFile(parseObject(now), record))) {
    putBack(path, before, file.mode ?? (isAuthFile ? SECRET_FILE_MODE : PLAIN_FILE_MODE));
    report.restored.push(before ? `put back ${path}` : `removed ${path} (this login created it)`);
    return;
  }
  if (isAuthFile) {
    report.skipped.push(`left ${path}: another login rewrote it after this one (it no longer uses this login's key)`);
    return;
  }
  restoreEntries(file, now, before, report);
}

function putBack(path: string, before: Buffer | undefined, mode: number): void {
  if (before) writeFileAtomic(path, before, mode);
  else rmSync(path, { force: true });
}

/** A file changed since this login wrote it: each entry this login set goes back only while it is still ours. */
function restoreEntries(file: FileChange, now: Buffer | undefined, before: Buffer | undefined, report: RestoreReport) {
  const content = parseObject(now);
  if (now && !content) {
    report.skipped.push(`left ${file.path}: it is no longer a JSON object`);
    return;
  }
  const next = structuredClone(content ?? {});
  let changed = false;
  for (const entry of file.entries) {
    const current = valueAt(next, entry.key);
    if (current === entry.before) continue;
    if (current !== entry.value) {
      report.skipped.push(`left ${entryName(file.path, entry)}: ${describe(current)}, set after this login`);
      continue;
    }
    setAt(next, entry.key, entry.before);
    report.restored.push(`put back ${entryName(file.path, entry)}`);
    changed = true;
  }
  if (!changed) return;
  const pretty = basename(file.path) !== 'alias.json';
  if (!before && Object.keys(next).length === 0) rmSync(file.path, { force: true });
  else
    writeFileAtomic(file.path, pretty ? `${JSON.stringify(next, null, 2)}\n` : JSON.stringify(next), PLAIN_FILE_MODE);
}

const entryName = (path: string, entry: EntryChange): string =>
  entry.key[0] === 'orgs' && basename(path) === 'alias.json'
    ? `alias ${quoteText(entry.key[1] ?? '', 100)}`
    : `${quoteText(entry.key.join('.'), 100)} in ${path}`;

const describe = (value: unknown): string =>
  value === undefined ? 'it was removed' : `it now names ${quoteText(String(value), 200)}`;

function setAt(content: Record<string, unknown>, key: string[], value: unknown): void {
  let at = content;
  for (const k of key.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object') at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  const last = key[key.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}

/** The folders a login's files live in (for the leftovers sweep). */
export const recordedFolders = (files: string[]): string[] => [...new Set(files.map((f) => dirname(f)))];
