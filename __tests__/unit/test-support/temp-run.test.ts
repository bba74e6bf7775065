// The run's temp folder (test-support/temp-run.mjs): jest runs in it, children inherit it, it goes away at the end,
// and folders of killed runs are swept. Set-up and teardown run in child processes, with a temp dir of their own.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, runProcess } from '../../../test-support/runner.mjs';
import { sweepDeadRuns } from '../../../test-support/temp-run.mjs';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'sfjwt-temp-run-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** Runs `body` (ESM, with `run` = temp-run.mjs and `tmpdir`) in a node whose temp dir is `base`. */
function inChild(body: string) {
  const module = pathToFileURL(join(repoRoot, 'test-support', 'temp-run.mjs')).href;
  const script = `import * as run from ${JSON.stringify(module)};
import { tmpdir } from 'node:os';
${body}`;
  return runProcess(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', TMPDIR: base, TMP: base, TEMP: base }
  });
}

describe('this jest run', () => {
  it('works in its own run folder', () => {
    expect(basename(tmpdir())).toMatch(/^sfjwt-test-\d+-/);
  });

  it('hands its temp dir to the children runProcess starts', async () => {
    const r = await runProcess(process.execPath, ['-p', 'require("node:os").tmpdir()'], {
      env: { PATH: process.env.PATH ?? '' }
    });
    expect(r.stdout.trim()).toBe(tmpdir());
  });
});

describe('enterRunDir / leaveRunDir', () => {
  it('points tmpdir() into a new run folder, then removes it with what was written and restores TMPDIR', async () => {
    const r = await inChild(`
const dir = run.enterRunDir();
const inside = tmpdir();
(await import('node:fs')).writeFileSync(inside + '/key.pem', 'secret');
run.leaveRunDir();
console.log(JSON.stringify({ dir, inside, after: tmpdir() }));`);
    expect(r.stderr).toBe('');
    const { dir, inside, after } = JSON.parse(r.stdout);
    expect(inside).toBe(dir);
    expect(dir.startsWith(join(base, 'sfjwt-test-'))).toBe(true);
    expect(after).toBe(base);
    expect(readdirSync(base)).toEqual([]);
  });

  it('removes the run folder when the process exits without a teardown', async () => {
    const r = await inChild(`run.enterRunDir(); process.exitCode = 3;`);
    expect(r.code).toBe(3);
    expect(readdirSync(base)).toEqual([]);
  });
});

describe('sweepDeadRuns', () => {
  it('removes run folders of processes that are gone, and nothing else', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    for (const name of [`sfjwt-test-${gone}-dead`, `sfjwt-test-${process.pid}-live`, 'sfjwt-job-abc', 'other']) {
      mkdirSync(join(base, name, 'home'), { recursive: true });
    }
    expect(sweepDeadRuns(base)).toEqual([`sfjwt-test-${gone}-dead`]);
    expect(readdirSync(base).sort()).toEqual(['other', 'sfjwt-job-abc', `sfjwt-test-${process.pid}-live`]);
    expect(existsSync(join(base, `sfjwt-test-${gone}-dead`))).toBe(false);
  });
});
