/**
 * What a login killed half-way leaves beside sf's files: temp files of the atomic writes (files.ts names them
 * `.<file>.<pid>.<8 hex>.tmp`) and `<file>.lock` folders it held (lock-owner.ts). The post step removes those of its
 * own main step, by that process's pid and start time, once that process is gone, and nothing else; a lock folder of
 * ours (mode 0500) that has no owner file yet counts as its main step's when it is one of the main step's files.
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type LockOwner, heldBy, isDead, isOrphanLock, releaseLock } from '../util/lock-owner.js';

const TEMP = /^\.(.+?)(\.lock\.owner)?\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Removes the temp files and locks that the dead process `owner` left for `files`; returns what it removed. */
export function removeLeftovers(files: string[], owner: LockOwner): string[] {
  if (!isDead(owner)) return [];
  const removed: string[] = [];
  const names = new Set(files.map((f) => basename(f)));
  for (const dir of new Set(files.map((f) => dirname(f)))) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = TEMP.exec(entry);
      if (!m || !names.has(m[1]) || Number(m[3]) !== owner.pid) continue;
      rmSync(join(dir, entry), { force: true });
      removed.push(join(dir, entry));
    }
  }
  for (const file of files) {
    const lock = `${file}.lock`;
    // Ours by its owner file; or ours without one, when the main step died between taking it and naming itself.
    if (!heldBy(lock, owner) && !isOrphanLock(lock, 0)) continue;
    releaseLock(lock);
    removed.push(lock);
  }
  return removed;
}
