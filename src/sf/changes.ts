/**
 * The write-ahead record of one login's changes to sf's state, so they can be undone exactly (sf/restore.ts): before
 * each file is replaced, the journal notes the file's bytes as they were (once, at the first change), the digest of
 * what is about to be written, and for each entry changed (an alias, a config key) its value before and ours. The
 * record is handed to `save` before the write happens, so a login killed at any point leaves a record that covers
 * everything it wrote. The action stores it encrypted (action/handoff.ts); it holds a previous auth file's bytes,
 * whose secrets are encrypted with sf's key already.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';

/** One entry of a JSON file: its path of keys, its value before this login (absent: it had none), and ours. */
export interface EntryChange {
  key: string[];
  before?: unknown;
  value: unknown;
}

export interface FileChange {
  path: string;
  /** The file's bytes before this login (base64), or null when there was no file. */
  before: string | null;
  /** Its mode then. */
  mode?: number;
  /** sha256 (hex) of the content this login last wrote (or was about to write). */
  wrote: string;
  entries: EntryChange[];
}

export interface ChangeRecord {
  home: string;
  username: string;
  /** The folder of the key copy the auth file points at, noted before it is created. */
  keyCopyDir?: string;
  files: FileChange[];
  /** True once the login finished: with cleanup off, a complete login is kept, an incomplete one undone. */
  complete?: boolean;
}

export const digest = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** The bytes of the regular file at `path` (no link followed); undefined when there is none. */
export function fileBytes(path: string): Buffer | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

export function parseObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = bytes && JSON.parse(bytes.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The value at `key` in `content`; undefined when any step is missing. */
export function valueAt(content: unknown, key: readonly string[]): unknown {
  let at = content;
  for (const k of key) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, k)) return undefined;
    at = (at as Record<string, unknown>)[k];
  }
  return at;
}

export interface JournalHooks {
  /** Gets the whole record before each write: it must be stored before this returns. */
  save?: (record: ChangeRecord) => void;
  /** Throws to stop a write from starting (the step was cancelled). */
  guard?: () => void;
}

export class ChangeJournal {
  readonly record: ChangeRecord;

  constructor(
    home: string,
    username: string,
    private readonly hooks: JournalHooks = {}
  ) {
    this.record = { home, username, files: [] };
  }

  /** Before the key copy's folder is made. */
  willWriteKeyCopy(dir: string): void {
    this.hooks.guard?.();
    this.record.keyCopyDir = dir;
    this.hooks.save?.(this.record);
  }

  /** Called under `path`'s lock, just before `next` replaces it; `keys` are the entries this write changes. */
  willWrite(path: string, next: string, keys: string[][] = []): void {
    this.hooks.guard?.();
    const current = fileBytes(path);
    let file = this.record.files.find((f) => f.path === path);
    if (!file) {
      const mode = current ? lstatSync(path).mode & 0o777 : undefined;
      file = { path, before: current ? current.toString('base64') : null, mode, wrote: '', entries: [] };
      this.record.files.push(file);
    }
    const now = parseObject(current);
    const ours = parseObject(Buffer.from(next));
    for (const key of keys) {
      if (file.entries.some((e) => e.key.join('\0') === key.join('\0'))) continue;
      file.entries.push({ key, before: valueAt(now, key), value: valueAt(ours, key) });
    }
    file.wrote = digest(next);
    this.hooks.save?.(this.record);
  }

  /** The login finished. */
  complete(): void {
    this.record.complete = true;
    this.hooks.save?.(this.record);
  }
}
