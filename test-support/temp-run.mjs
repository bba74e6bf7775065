// One temp folder per jest run, so that a run leaves nothing in the temp dir, pass or fail. Jest's globalSetup (the
// default export) makes <tmp>/sfjwt-test-<pid>-XXXXXX and points TMPDIR (TMP, TEMP on Windows) into it before any
// worker starts: every mkdtemp(tmpdir()) of a test, every Job's HOME and RUNNER_TEMP, and every child that
// runProcess starts (the action, the CLI, sf, openssl) land in it. temp-run-teardown.mjs removes it; a run that was
// killed before its teardown is swept by the next run's setup.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMP_VARIABLES } from './runner.mjs';

const RUN_DIR = 'SFJWT_TEST_RUN_DIR';
const SAVED = 'SFJWT_TEST_TMPDIR_SAVED';
const RUN_NAME = /^sfjwt-test-(\d+)-/;

/** Whether process `pid` still runs (one we may not signal counts as running). @param {number} pid */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Removes the run folders in `base` whose jest process is gone (a run killed before its teardown); returns their
 * names. Folders of runs still going, and anything not named like a run folder, stay.
 * @param {string} base
 */
export function sweepDeadRuns(base) {
  const removed = [];
  for (const name of readdirSync(base)) {
    const pid = RUN_NAME.exec(name)?.[1];
    if (!pid || running(Number(pid))) continue;
    rmSync(join(base, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Makes this run's folder in the current temp dir and points the temp variables into it; returns its path. */
export function enterRunDir() {
  const base = tmpdir();
  sweepDeadRuns(base);
  const dir = mkdtempSync(join(base, `sfjwt-test-${process.pid}-`));
  process.env[SAVED] = JSON.stringify(Object.fromEntries(TEMP_VARIABLES.map((n) => [n, process.env[n] ?? null])));
  process.env[RUN_DIR] = dir;
  for (const name of TEMP_VARIABLES) process.env[name] = dir;
  // Also when jest stops between setup and teardown (a later globalSetup failing, an uncaught error).
  process.once('exit', leaveRunDir);
  return dir;
}

/** Removes this run's folder and gives the temp variables back their values (watch mode sets up again). */
export function leaveRunDir() {
  const dir = process.env[RUN_DIR];
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  const saved = JSON.parse(process.env[SAVED] ?? '{}');
  for (const name of TEMP_VARIABLES) {
    if (typeof saved[name] === 'string') process.env[name] = saved[name];
    else delete process.env[name];
  }
  delete process.env[RUN_DIR];
  delete process.env[SAVED];
  process.removeListener('exit', leaveRunDir);
}

export default enterRunDir;
