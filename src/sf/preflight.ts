/**
 * The checks a login makes before it asks Salesforce for a token, when it will write sf state: every folder it
 * writes into can be written (or created), and no file it replaces is a symbolic link. A read-only ~/.sfdx, a HOME
 * or ~/.sfdx that is a file, a RUNNER_TEMP that is a file, a link at the auth file's path or a dangling key.json
 * link all stop the login here, with the UserError that names the path and the fix, before a token exists and
 * before anything is written. The writers (util/files.ts) check again as they write, for what changes in between.
 * Whether the files parse stays with the state writer (sf/state.ts), which reads them under sf's lock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkWritableFolder, linkAt, refuseLink } from '../util/files.js';
import { UserError } from '../util/errors.js';
import { danglingLink } from '../util/fs-errors.js';
import { KEY_COPY_FILE } from './key-copy.js';
import { sfPaths } from './paths.js';

/** What the login will write: the login inputs' fields of the same names, where sf state goes, the key folder. */
export interface WritePlan {
  home: string;
  username: string;
  alias: string;
  setDefault: boolean;
  setDefaultDevHub: boolean;
  /** The folder the key copy goes into. */
  keyCopyDir: string;
}

/** Said after each problem found here: the machine is as it was, and there is no token to revoke. */
export const NOTHING_DONE = 'Nothing was written, and no token was asked for.';

/** Throws the UserError for the first thing that would stop the sf state write; creates and changes nothing. */
export function checkSfStateWritable(plan: WritePlan): void {
  try {
    check(plan);
  } catch (err) {
    throw err instanceof UserError ? new UserError(`${err.message} ${NOTHING_DONE}`) : err;
  }
}

function check(plan: WritePlan): void {
  const paths = sfPaths(plan.home);
  for (const dir of [paths.sfdxDir, paths.sfDir, plan.keyCopyDir]) checkWritableFolder(dir);
  // key.json is only read when it exists (through a link too, e.g. from a mounted secret), and created when not:
  // a link to nothing would be created through.
  const keyLink = linkAt(paths.keyFile);
  if (keyLink !== undefined && !existsSync(paths.keyFile)) throw new UserError(danglingLink(paths.keyFile, keyLink));
  const replaced = [paths.authFile(plan.username), join(plan.keyCopyDir, KEY_COPY_FILE)];
  if (plan.alias) replaced.push(paths.aliasFile);
  if (plan.setDefault || plan.setDefaultDevHub) replaced.push(paths.sfConfigFile, paths.sfdxConfigFile);
  for (const file of replaced) refuseLink(file);
}
