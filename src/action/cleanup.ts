/**
 * The post step's work, kept apart from its entry point so it can be tested directly: with cleanup on, revoke the
 * token and remove the sf state this login added; always remove the step's private folder. Problems are warnings.
 */
import { existsSync } from 'node:fs';
import * as core from './workflow-commands.js';
import * as annotate from './annotations.js';
import { removeSfState } from '../sf/state.js';
import { recordedPrivateDir, removePrivateDir } from './private-dir.js';
import { revoke, savedForRevoke } from './revoke.js';
import { load } from './state.js';

const NOTHING_TO_DO = 'Post step: nothing to clean up (the main step did not get as far as writing anything).';

export async function runPost(): Promise<void> {
  const privateDir = recordedPrivateDir();
  const cleanup = load('cleanup') !== false;
  const sfState = load('sf-state');
  const saved = savedForRevoke();
  if (!sfState && !(privateDir && existsSync(privateDir))) {
    core.info(NOTHING_TO_DO);
    return;
  }
  if (cleanup && saved && privateDir) await attempt('revoke the access token', () => revoke(saved, privateDir));
  if (cleanup && sfState)
    await attempt('remove the sf state this login added', async () => {
      const removed = await removeSfState(sfState);
      if (removed.length) core.info(`Post step: removed ${removed.join(', ')}.`);
    });
  if (privateDir) await attempt('remove the key copy', () => removePrivateDir(privateDir));
}

async function attempt(what: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    annotate.warning(`Post step: could not ${what}: ${(err as Error).message}`);
  }
}
