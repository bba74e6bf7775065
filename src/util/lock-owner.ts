/**
 * Who holds a `<file>.lock` folder we made: `<file>.lock.owner` beside it (never inside: sf's proper-lockfile takes a
 * stale lock over with a plain rmdir, which a file inside would break) names this process by pid, start time and
 * host, and the lock folder by its inode. A waiter that finds the owner dead takes the lock over at once instead of
 * waiting out the 10 s staleness, and the post step removes the locks its main step died holding.
 *
 * Races: the owner file is written after the mkdir and removed before the rmdir. Our lock folders are made with
 * mode 0500, which sf's (0777 less the umask, always writable by its owner) never have, so a lock of ours without an
 * owner file (its maker died in the instant between mkdir and writing the owner) is recognisable: it is taken over
 * once it is a second old, far longer than that instant; sf's own are taken over only by the staleness rule. A
 * take-over happens under a second lock, `<file>.lock.takeover`, and re-checks the owner there, so two waiters never
 * both take one lock, and a lock that a live process made in between (another inode) is never taken.
 */
import { lstatSync, mkdirSync, readFileSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockOwner {
  pid: number;
  /** The process's start (Linux: /proc/<pid>/stat starttime), so a reused pid is not taken for the owner. */
  start: string;
  host: string;
}

interface OwnerFile extends LockOwner {
  /** The inode of the lock folder this owner made. */
  ino: number;
}

const ownerPath = (lock: string): string => `${lock}.owner`;
const TAKEOVER_STALE_MS = 10_000;
/** The mode of our lock folders: no write bit for the owner, which sf's (mkdir's default) always have. */
export const LOCK_DIR_MODE = 0o500;
/** An owner-less lock of ours older than this lost its maker between the mkdir and the owner file. */
export const ORPHAN_MS = 1_000;

/** Makes `lock` as ours (mode 0500); throws EEXIST when it is held. */
export function makeLock(lock: string): void {
  mkdirSync(lock, LOCK_DIR_MODE);
}

/** Whether `lock` is a folder of ours with no owner file, at least `minAgeMs` old. */
export function isOrphanLock(lock: string, minAgeMs: number): boolean {
  if (readOwner(lock)) return false;
  try {
    const stat = lstatSync(lock);
    const ours = process.platform !== 'win32' && stat.isDirectory() && (stat.mode & 0o777) === LOCK_DIR_MODE;
    return ours && Date.now() - stat.mtimeMs >= minAgeMs;
  } catch {
    return false;
  }
}

/** The start time of process `pid` as the OS records it; '' where it cannot be read (then the pid alone counts). */
function startOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

let self: LockOwner | undefined;
/** This process, as lock owner files and the post step name it. */
export function thisProcess(): LockOwner {
  self ??= { pid: process.pid, start: startOf(process.pid), host: hostname() };
  return self;
}

/** Whether `owner` is known to be dead: on this host, and its pid is gone or now names a process started later. */
export function isDead(owner: LockOwner): boolean {
  if (owner.host !== hostname() || !Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const start = startOf(owner.pid);
  return Boolean(owner.start && start && start !== owner.start);
}

function readOwner(lock: string): OwnerFile | undefined {
  try {
    const owner = JSON.parse(readFileSync(ownerPath(lock), 'utf8')) as OwnerFile;
    return statSync(lock).ino === owner.ino ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Records this process as the holder of `lock`, which it has just made. Best effort: without it, staleness rules. */
export function claimLock(lock: string, write: (path: string, content: string) => void): void {
  try {
    write(ownerPath(lock), JSON.stringify({ ...thisProcess(), ino: statSync(lock).ino } satisfies OwnerFile));
  } catch {
    // an owner file that cannot be written only costs a waiter the 10 s staleness wait
  }
}

/** Releases `lock`: owner file first, then the folder (a lock must never outlive its owner file's removal). */
export function releaseLock(lock: string): void {
  rmSync(ownerPath(lock), { force: true });
  rmSync(lock, { recursive: true, force: true });
}

/** Whether `owner` holds `lock` (by its owner file). */
export function heldBy(lock: string, owner: LockOwner): boolean {
  const found = readOwner(lock);
  return Boolean(found && found.pid === owner.pid && found.start === owner.start && found.host === owner.host);
}

/** Whether `lock` was left by a process that is gone: its owner is dead, or it is an old orphan of ours. */
function abandoned(lock: string): boolean {
  const owner = readOwner(lock);
  return owner ? isDead(owner) : isOrphanLock(lock, ORPHAN_MS);
}

/**
 * Takes over `lock` if its owner file names a dead process (or it is an orphan of ours, see above); true when the
 * lock is gone and may be tried again.
 */
export function takeOverDeadLock(lock: string): boolean {
  if (!abandoned(lock)) return false;
  const mutex = `${lock}.takeover`;
  try {
    mkdirSync(mutex);
  } catch {
    try {
      if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) rmSync(mutex, { recursive: true, force: true });
    } catch {
      // released meanwhile
    }
    return false;
  }
  try {
    if (!abandoned(lock)) return false; // again, under the take-over lock: it may have changed hands
    releaseLock(lock);
    return true;
  } finally {
    rmdirSync(mutex);
  }
}
