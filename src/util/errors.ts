/* Errors a user can fix (UserError), and the one line an entry point reports for anything thrown. */
import { fsErrorMessage } from './fs-errors.js';

/**
 * Failures a user can cause and fix. The entry points print only `message` for these (no stack trace),
 * so every message must say what went wrong and what to change, and must never contain a secret.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** The one line an entry point reports for any thrown value. Stack traces only for our own bugs. */
export function describeFailure(err: unknown): { message: string; stack?: string } {
  if (err instanceof UserError) return { message: err.message };
  // A file system failure that no writer answered (a read-only or full disk, a file where a folder belongs) is
  // still the machine's state, not our bug: its message names the path and the fix.
  const fsMessage = fsErrorMessage(err);
  if (fsMessage) return { message: fsMessage };
  if (err instanceof Error) return { message: `Unexpected error: ${err.message}`, stack: err.stack };
  return { message: `Unexpected error: ${String(err)}` };
}
