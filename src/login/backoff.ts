/**
 * Retry delays. Both kinds are jittered, so a 200-job matrix started at the same moment does not hit the token
 * endpoint in lock-step, and both are bounded.
 */
export type Random = () => number;

/**
 * Waiting for a new user to replicate ("user hasn't approved this consumer"): the delay grows with the time already
 * waited (a fifth of it, at least 1 s, at most 30 s) and is jittered down to half, so success is noticed at most
 * ~20% after it becomes possible, while a 5-minute wait costs only ~30 attempts.
 */
export function approvalDelayMs(elapsedMs: number, random: Random = Math.random): number {
  const ceiling = Math.min(30_000, Math.max(1_000, elapsedMs * 0.2));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/** Network errors, timeouts and 5xx: "full jitter" exponential backoff, 1 s base, 8 s cap. */
export function transientDelayMs(retry: number, random: Random = Math.random): number {
  const ceiling = Math.min(8_000, 1_000 * 2 ** retry);
  return Math.round(ceiling * (0.25 + 0.75 * random()));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
