/**
 * Undoing a login, from what it recorded: revoke the token it was issued and the one sf refreshed into the auth file
 * since (while that file is still this login's), put sf's files back as they were (sf/restore.ts), remove the key
 * copy folder it made outside the step's private folder, and, for a main step that died, its temp files and locks.
 * Used by the post step, by a main step that fails or is cancelled after the token was issued, and by the command
 * line's failed login. Safe to run twice: what is already as it was is left alone.
 */
import { lstatSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChangeRecord, JournalHooks } from '../sf/changes.js';
import type { Token } from './token-exchange.js';
import { isKeyCopyDir } from '../sf/key-copy.js';
import { removeLeftovers } from '../sf/leftovers.js';
import { currentAccessToken, recordedFiles, restoreSfState } from '../sf/restore.js';
import { sfPaths } from '../sf/paths.js';
import type { LockOwner } from '../util/lock-owner.js';
import { type IssuedToken, revokeToken } from './revoke.js';

export interface UndoPlan {
  home: string;
  record?: ChangeRecord;
  /** The token this login was issued, if it got one. */
  token?: IssuedToken;
  /** A token got for a Dev Hub's lookup that the lookup did not revoke (the step was stopped during it). */
  hubToken?: IssuedToken;
  /** Bases a key copy folder of the record may be under and be removed (`<base>/sf-jwt-login-<uuid>`). */
  keyCopyBases: string[];
  /** The main step's process, for its leftovers, once it is gone (the post step). */
  owner?: LockOwner;
  revokeTimeoutMs?: number;
  /** Registers a token before anything can print it. */
  mask?: (secret: string) => void;
}

export interface UndoReport {
  done: string[];
  /** What was left, and why (one line each). */
  skipped: string[];
  /** What failed, or was refused because the record names what a login never writes (one line each). */
  failed: string[];
  /** Whether the issued token is revoked now (or there was none). */
  revoked: boolean;
  /** Whether the Dev Hub lookup's token is revoked now (or there was none). */
  hubRevoked: boolean;
}

export async function undoLogin(plan: UndoPlan): Promise<UndoReport> {
  const report: UndoReport = { done: [], skipped: [], failed: [], revoked: !plan.token, hubRevoked: !plan.hubToken };
  const { record, token, hubToken } = plan;
  const revoke = async (what: string, issued: IssuedToken): Promise<boolean> => {
    try {
      await revokeToken(issued, plan.revokeTimeoutMs);
      report.done.push(`revoked ${what}`);
      return true;
    } catch (err) {
      report.failed.push(`could not revoke ${what}: ${(err as Error).message}`);
      return false;
    }
  };
  if (hubToken) {
    plan.mask?.(hubToken.accessToken);
    report.hubRevoked = await revoke('the token got for the Dev Hub', hubToken);
  }
  // Read before the auth file is put back: sf may have refreshed our token into it.
  const refreshed = record ? currentAccessToken(record, plan.home) : undefined;
  if (refreshed) plan.mask?.(refreshed);
  if (token) {
    report.revoked = await revoke('the access token', token);
    if (refreshed && refreshed !== token.accessToken)
      await revoke('the access token sf refreshed into the auth file', { ...token, accessToken: refreshed });
  }
  if (record) {
    try {
      const restored = await restoreSfState(record, plan.home);
      report.done.push(...restored.restored);
      report.skipped.push(...restored.skipped);
      report.failed.push(...restored.refused);
    } catch (err) {
      report.failed.push(`could not put back the sf state: ${(err as Error).message}`);
    }
    removeKeyCopyDir(record.keyCopyDir, plan.keyCopyBases, report);
    const files = recordedFiles(record, plan.home);
    if (plan.owner && files) {
      const left = removeLeftovers([...files, sfPaths(resolve(plan.home)).keyFile], plan.owner);
      report.done.push(...left.map((path) => `removed ${path}, left by the main step`));
    }
  }
  return report;
}

function removeKeyCopyDir(dir: string | undefined, bases: string[], report: UndoReport): void {
  if (!dir) return;
  if (!bases.some((base) => isKeyCopyDir(dir, base))) return;
  try {
    if (!lstatSync(dir).isDirectory()) {
      report.skipped.push(`left ${dir}: it is not the folder this login made`);
      return;
    }
  } catch {
    return; // never made, or gone
  }
  rmSync(dir, { recursive: true, force: true });
  report.done.push(`removed the key copy ${dir}`);
}

/** For an adapter without a post step: login hooks that remember the token and the record, and their undo. */
export function recordForUndo(home: string): {
  hooks: { onToken: (token: Token) => void; journal: JournalHooks };
  run: () => Promise<UndoReport | undefined>;
} {
  let token: Token | undefined;
  let record: ChangeRecord | undefined;
  return {
    hooks: {
      onToken: (issued) => {
        token = issued;
      },
      journal: {
        save: (saved) => {
          record = saved;
        }
      }
    },
    run: async () => (token || record ? undoLogin({ home, record, token, keyCopyBases: [] }) : undefined)
  };
}
