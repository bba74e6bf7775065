import { describe, expect, it } from '@jest/globals';
import { readInputs } from '../../../src/action/inputs.js';
import { approvalDelayMs, transientDelayMs } from '../../../src/login/backoff.js';

const base: Record<string, string> = { 'client-id': '3MVG9abc', username: 'ci@example.com' };
const _inputs = (over: Record<string, string>) => readInputs((n) => ({ ...base, ...over })[n] ?? '');

describe('backoff', () => {
  it('approval delay never overshoots by more than 20% of the time already waited, and grows', () => {
    for (const elapsed of [0, 2_000, 10_000, 60_000, 200_000]) {
      for (const r of [0, 0.5, 0.999]) {
        const d = approvalDelayMs(elapsed, () => r);
        expect(d).toBeGreaterThanOrEqual(500);
        expect(d).toBeLessThanOrEqual(Math.max(1_000, elapsed * 0.2));
        expect(d).toBeLessThanOrEqual(30_000);
      }
    }
    expect(approvalDelayMs(100_000, () => 1)).toBe(20_000);
  });
  it('a five-minute approval wait costs about thirty requests, not hundreds', () => {
    let t = 0;
    let attempts = 0;
    while (t < 300_000) {
      attempts++;
      t += approvalDelayMs(t, () => 1);
    }
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(40);
  });
  it('jitter spreads the delays of simultaneous jobs', () => {
    const delays = new Set(Array.from({ length: 50 }, () => approvalDelayMs(20_000)));
    expect(delays.size).toBeGreaterThan(20);
  });
  it('transient delay is capped at 8 s', () => {
    expect(transientDelayMs(0, () => 1)).toBe(1_000);
    expect(transientDelayMs(2, () => 1)).toBe(4_000);
    expect(transientDelayMs(10, () => 1)).toBe(8_000);
    expect(transientDelayMs(10, () => 0)).toBe(2_000);
  });
});
