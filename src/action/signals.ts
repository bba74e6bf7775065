/**
 * Cancellation of the main step: the runner sends SIGINT, then SIGTERM, then kills. On the first of the two, no
 * further write starts (`guard` throws), the write in progress finishes (writes are synchronous: a handler runs only
 * between them), a token request in flight gets a moment to answer so its token can be revoked, `rollBack` undoes
 * what the login did, and the process exits non-zero (130 for SIGINT, 143 for SIGTERM). A second signal changes
 * nothing: the roll-back under way finishes.
 */
import { UserError } from '../util/errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];
const EXIT_CODE: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };
/** How long a token request in flight may take to answer after the signal (the runner kills after 7.5 + 2.5 s). */
export const IN_FLIGHT_GRACE_MS = 3_000;

export interface Cancellation {
  /** Throws once the step is cancelled: called before every write. */
  guard(): void;
  /** What to undo when a signal comes, and what to wait for first (a token request in flight). */
  arm(rollBack: () => Promise<void>, inFlight?: () => Promise<unknown> | undefined): void;
  dispose(): void;
}

const cancelled = (signal: Signal): string =>
  `The step was cancelled (${signal}); what this login had written is being rolled back.`;

export function watchSignals(
  say: (line: string) => void,
  exit: (code: number) => void = (code) => process.exit(code)
): Cancellation {
  let received: Signal | undefined;
  let rollBack: (() => Promise<void>) | undefined;
  let inFlight: (() => Promise<unknown> | undefined) | undefined;
  const onSignal = async (signal: Signal): Promise<void> => {
    if (received) return;
    received = signal;
    say(cancelled(signal));
    try {
      const pending = inFlight?.();
      if (pending) await Promise.race([pending.catch(() => undefined), delay(IN_FLIGHT_GRACE_MS)]);
      await rollBack?.();
    } finally {
      exit(EXIT_CODE[signal]);
    }
  };
  const handlers = SIGNALS.map((signal) => [signal, () => void onSignal(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return {
    guard: () => {
      if (received) throw new UserError(cancelled(received));
    },
    arm: (fn, pending) => {
      rollBack = fn;
      inFlight = pending;
    },
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    }
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
