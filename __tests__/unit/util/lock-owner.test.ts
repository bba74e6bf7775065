// Locks with owner files (issue 12 §4): a lock whose owner died is taken over at once, a live owner's is waited for,
// and a take-over never takes a lock that changed hands or that another waiter is taking over.
import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { withFileLock } from '../../../src/util/files.js';
import {
  LOCK_DIR_MODE,
  heldBy,
  isDead,
  makeLock,
  takeOverDeadLock,
  thisProcess
} from '../../../src/util/lock-owner.js';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-lock-');

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** A lock at `file`, held (by its owner file) by `pid`. */
function lockHeldBy(file: string, pid: number, start = ''): string {
  const lock = `${file}.lock`;
  mkdirSync(lock);
  writeFileSync(`${lock}.owner`, JSON.stringify({ pid, start, host: hostname(), ino: statSync(lock).ino }));
  return lock;
}

describe('lock owner files', () => {
  it('writes one while the lock is held, and removes it with the lock', async () => {
    const file = join(tmp(), 'alias.json');
    const seen = await withFileLock(file, () => JSON.parse(readFileSync(`${file}.lock.owner`, 'utf8')));
    expect(seen).toMatchObject({ pid: process.pid, host: hostname(), start: thisProcess().start });
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(`${file}.lock.owner`)).toBe(false);
  });

  it("takes over a dead owner's lock at once, not after the 10 s staleness", async () => {
    const file = join(tmp(), 'alias.json');
    lockHeldBy(file, deadPid());
    const started = Date.now();
    await withFileLock(file, () => writeFileSync(file, 'ours'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readFileSync(file, 'utf8')).toBe('ours');
  });

  it("waits for a live owner's lock", async () => {
    const file = join(tmp(), 'alias.json');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
    try {
      const lock = lockHeldBy(file, sleeper.pid as number);
      expect(takeOverDeadLock(lock)).toBe(false);
      setTimeout(() => {
        rmSync(`${lock}.owner`);
        rmSync(lock, { recursive: true });
      }, 300);
      const started = Date.now();
      await withFileLock(file, () => undefined);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      sleeper.kill();
    }
  });

  it('a pid reused by a later process is no owner (start time differs)', () => {
    const file = join(tmp(), 'alias.json');
    const lock = lockHeldBy(file, process.pid, 'not-our-start');
    expect(isDead({ pid: process.pid, start: 'not-our-start', host: hostname() })).toBe(true);
    expect(takeOverDeadLock(lock)).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  it('an owner file of an earlier lock folder (another inode) does not make the new lock takeable', () => {
    const file = join(tmp(), 'alias.json');
    const lock = lockHeldBy(file, deadPid());
    const owner = readFileSync(`${lock}.owner`, 'utf8');
    rmSync(lock, { recursive: true });
    writeFileSync(join(tmp(), 'spacer'), 'x'); // a new inode for the next folder
    mkdirSync(lock); // another process's lock, made before it wrote its owner file
    writeFileSync(`${lock}.owner`, owner.replace(/"ino":\d+/, `"ino":${statSync(lock).ino + 1}`));
    expect(takeOverDeadLock(lock)).toBe(false);
    expect(existsSync(lock)).toBe(true);
  });

  it('two waiters never take one lock over together: the second finds the take-over lock held', () => {
    const file = join(tmp(), 'alias.json');
    const lock = lockHeldBy(file, deadPid());
    mkdirSync(`${lock}.takeover`); // the first waiter, mid take-over
    expect(takeOverDeadLock(lock)).toBe(false);
    expect(existsSync(lock)).toBe(true);
    rmSync(`${lock}.takeover`, { recursive: true });
    expect(takeOverDeadLock(lock)).toBe(true);
  });

  it('an owner-less lock of ours (mode 0500: its maker died before naming itself) is taken over after 1 s', () => {
    const file = join(tmp(), 'alias.json');
    const lock = `${file}.lock`;
    makeLock(lock);
    expect(statSync(lock).mode & 0o777).toBe(LOCK_DIR_MODE);
    expect(takeOverDeadLock(lock)).toBe(false); // it may be in the instant before its owner file
    const old = new Date(Date.now() - 2000);
    utimesSync(lock, old, old);
    expect(takeOverDeadLock(lock)).toBe(true);
    // sf's own lock (mkdir's default mode) without an owner file waits for the staleness rule.
    mkdirSync(lock);
    utimesSync(lock, old, old);
    expect(takeOverDeadLock(lock)).toBe(false);
  });

  it('names the holder, for the post step', async () => {
    const file = join(tmp(), 'alias.json');
    await withFileLock(file, () => {
      expect(heldBy(`${file}.lock`, thisProcess())).toBe(true);
      expect(heldBy(`${file}.lock`, { ...thisProcess(), pid: 1 })).toBe(false);
    });
  });
});
