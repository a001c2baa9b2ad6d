import { describe, expect, it } from 'vitest';
import { formatRelative } from './format';

const NOW = Date.parse('2026-03-03T12:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('formatRelative', () => {
  it('says how long ago, and how long until', () => {
    expect(formatRelative(at(-20_000), NOW)).toBe('just now');
    expect(formatRelative(at(-5 * 60_000), NOW)).toBe('5 min ago');
    expect(formatRelative(at(-3 * 3_600_000), NOW)).toBe('3 hours ago');
    // A 72-hour invitation sent a moment ago.
    expect(formatRelative(at(72 * 3_600_000 - 5_000), NOW)).toBe('in 3 days');
    expect(formatRelative(at(7 * 86_400_000), NOW)).toBe('in 7 days');
  });
});
