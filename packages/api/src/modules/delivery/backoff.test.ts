import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, retryAt } from './backoff.js';

describe('delivery backoff', () => {
  it('doubles from 30 seconds and stops at 30 minutes', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(7)).toBe(30 * 60_000);
    expect(backoffMs(20)).toBe(30 * 60_000);
    expect(backoffMs(0)).toBe(30_000);
  });

  it('gives the time a failed attempt is due again', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(retryAt(2, now).toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(MAX_ATTEMPTS).toBe(5);
  });
});
