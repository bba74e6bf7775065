/**
 * File system failures a user's machine can cause (a read-only HOME, a file where a folder belongs, a full disk, a
 * link where a file belongs), each as one message that names the path and the fix. The one table of errno codes
 * and their messages: the writers in files.ts and secret-file.ts (which throw them as UserErrors), the checks before
 * a login writes anything (sf/preflight.ts), and the last resort of describeFailure (errors.ts) all answer from here.
 * Plain messages, no error classes, so errors.ts can use it without an import cycle.
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** What was being done to `path`, for the message ("Cannot write into <folder>", "Cannot read <file>"). */
export type FsAction = 'create the folder' | 'write' | 'write into' | 'read' | 'replace' | 'remove';

const OTHER_HOME = 'or point HOME (in the action also RUNNER_TEMP) at a folder this user can write';

/** The nearest existing ancestor of `path` (or `path` itself) that is not a folder (nor a link to one), if any. */
export function blockingFile(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch {
      if (dirname(p) === p) return undefined;
    }
  }
}

/** The kind of thing at `path` in a user's words, or undefined when nothing is there. */
function kindAt(path: string): string | undefined {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return 'a symbolic link';
    return stat.isDirectory() ? 'a folder' : 'a file';
  } catch {
    return undefined;
  }
}

/** A symbolic link where this login would write: it writes through no link and replaces none. */
export const linkRefused = (path: string, target?: string): string =>
  `${path} is a symbolic link${target ? ` to ${target}` : ''}; this login writes no file through a link and ` +
  'replaces no link it did not make. Replace the link with the file itself (or remove it), then run again.';

/** A link whose target is gone, where a file is read. */
export const danglingLink = (path: string, target: string): string =>
  `${path} is a symbolic link to ${target}, which does not exist. Remove the link or restore its target, ` +
  'then run again.';

/** The message for errno `code` while doing `action` to `path`. */
export function fsMessage(code: string | undefined, path: string, action: FsAction): string {
  const cannot = `Cannot ${action} ${path}`;
  // Creating, replacing or removing a file needs the folder it is in; reading needs the file.
  const folder = action === 'write into' ? path : dirname(path);
  const access =
    action === 'read'
      ? `Make ${path} readable for this user`
      : `Make ${folder} writable for this user (e.g. \`chmod u+w ${folder}\`, or chown it to this user)`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${cannot}: permission denied (${code}). ${access}, ${OTHER_HOME}.`;
    case 'EROFS':
      return `${cannot}: the file system is read-only (EROFS). Mount it writable, ${OTHER_HOME}.`;
    case 'ENOTDIR': {
      const file = blockingFile(path);
      const what = file ? `${file} is ${kindAt(file) ?? 'a file'}, not a folder` : 'a part of the path is not a folder';
      return `${cannot}: ${what} (ENOTDIR). Remove or rename ${file ?? 'it'}, ${OTHER_HOME}.`;
    }
    case 'EEXIST': {
      const belongs = action === 'create the folder' ? 'a folder' : 'a new file';
      return `${cannot}: ${path} is already ${kindAt(path) ?? 'there'}, where ${belongs} belongs (EEXIST). Remove or rename it.`;
    }
    case 'EISDIR':
      return `${cannot}: it is a folder, where a file belongs (EISDIR). Remove or rename it.`;
    case 'ELOOP':
      return linkRefused(path);
    case 'ENOSPC':
    case 'EDQUOT':
      return `${cannot}: no space left on its disk (${code}). Free some space, ${OTHER_HOME}.`;
    case 'ENAMETOOLONG':
      return `${cannot}: the path is too long (ENAMETOOLONG). Use a shorter HOME or folder.`;
    default:
      return `${cannot} (${code ?? 'unknown error'}). Check the folder's permissions and free space.`;
  }
}

/** Codes that are the machine's state, not a bug of ours: answered with fsMessage. */
export const USER_FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EEXIST',
  'EISDIR',
  'ELOOP',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG'
]);

/** The message for a Node file system error with one of those codes; undefined for anything else. */
export function fsErrorMessage(err: unknown, path?: string, action?: FsAction): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const where = path ?? e?.path;
  // Duck-typed: an error from another realm (a vm context) is no `instanceof Error` here.
  if (typeof e?.code !== 'string' || !USER_FS_CODES.has(e.code) || typeof where !== 'string') return undefined;
  return fsMessage(e.code, where, action ?? actionOf(e.syscall));
}

function actionOf(syscall: string | undefined): FsAction {
  if (syscall === 'mkdir') return 'create the folder';
  if (syscall === 'rename') return 'replace';
  if (syscall === 'unlink' || syscall === 'rmdir') return 'remove';
  if (syscall === 'read' || syscall === 'scandir') return 'read';
  return 'write';
}
