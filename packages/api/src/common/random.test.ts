import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from './random.js';

describe('randomBytesPooled', () => {
  it('hands out each byte once, across refills, with copies that later calls do not change', () => {
    const first = randomBytesPooled(32);
    const kept = Buffer.from(first);
    const seen = new Set<string>([first.toString('hex')]);
    // Well past one pool (16 KiB), so it refills several times.
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytesPooled(32);
      expect(bytes).toHaveLength(32);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(3001);
    expect(first.equals(kept)).toBe(true);
    expect(() => randomBytesPooled(1025)).toThrow(RangeError);
  });

  it('looks random: all byte values appear and none dominates', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2000; i++) for (const b of randomBytesPooled(32)) counts[b]!++;
    // 64,000 bytes: 250 of each value expected.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(360);
  });
});
