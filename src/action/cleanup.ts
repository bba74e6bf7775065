/**
 * The post step's work, kept apart from its entry point so it can be tested directly. With cleanup on (or when the
 * main step did not finish), undo the login from what the main step recorded (login/undo.ts): revoke its token and
 * the one sf refreshed, put sf's files back as they were, remove what a killed main step left. Always remove the
 * step's private folder. It trusts only what has the shapes the main step makes: anything else is left, with a line
 * saying why. Problems are warnings.
 */
import * as core from './workflow-commands.js';
import * as annotate from './annotations.js';
import { undoLogin } from '../login/undo.js';
import { homeKeyBase } from '../sf/key-copy.js';
import { homeFor } from '../sf/paths.js';
import type { LockOwner } from '../util/lock-owner.js';
import { quoteText } from '../util/text.js';
import { recordedPrivateDir, removePrivateDir, untrustedPrivateDir } from './private-dir.js';
import { load } from './state.js';
import { logUndo } from './undo-log.js';
import { openVault } from './vault.js';

const NOTHING_TO_DO = 'Post step: nothing to clean up (the main step did not get as far as writing anything).';
const KEPT = (what: string) =>
  `Post step: cleanup is false, so the sf state of this login stays for later jobs (${what}).`;

export async function runPost(): Promise<void> {
  const privateDir = trustedPrivateDir();
  const vault = privateDir ? openVault(privateDir) : undefined;
  const record = vault?.record();
  const token = vault?.token();
  // Saved only while a Dev Hub lookup of the main step held it: that step was killed during the lookup (its record
  // is then not complete, so the undo below runs whatever cleanup says).
  const hubToken = vault?.token('hub-revoke');
  if (!record && !token && !hubToken) {
    core.info(NOTHING_TO_DO);
    if (privateDir) removeFolder(privateDir);
    return;
  }
  const home = homeFor(process.env, process.platform);
  // With cleanup off, a finished login is kept; one the main step never finished has nothing worth keeping.
  const keep = load('cleanup') === false && record?.complete === true;
  if (keep) core.info(KEPT(record.keyCopyDir ?? 'no key copy'));
  else
    try {
      const report = await undoLogin({
        home,
        record,
        token,
        hubToken,
        keyCopyBases: [homeKeyBase(home)],
        owner: mainStep(),
        mask: core.setSecret
      });
      logUndo('Post step', report);
    } catch (err) {
      annotate.warning(`Post step: could not undo the login: ${(err as Error).message}`);
    }
  if (privateDir) removeFolder(privateDir);
}

function removeFolder(privateDir: string): void {
  try {
    removePrivateDir(privateDir);
  } catch (err) {
    annotate.warning(`Post step: could not remove ${privateDir}: ${(err as Error).message}`);
  }
}

/** The main step's private folder, if GITHUB_STATE names one of the shape it makes. */
function trustedPrivateDir(): string | undefined {
  const dir = recordedPrivateDir();
  const why = dir && untrustedPrivateDir(dir);
  if (dir && why) annotate.warning(`Post step: left ${quoteText(dir)}: ${why}.`);
  return why ? undefined : dir;
}

/** The main step's process as it recorded itself, when the record is well-formed. */
function mainStep(): LockOwner | undefined {
  const owner = load('owner');
  return owner && Number.isInteger(owner.pid) && typeof owner.start === 'string' && typeof owner.host === 'string'
    ? owner
    : undefined;
}
