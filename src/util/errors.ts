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
  if (err instanceof Error) return { message: `Unexpected error: ${err.message}`, stack: err.stack };
  return { message: `Unexpected error: ${String(err)}` };
}
