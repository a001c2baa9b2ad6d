import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toConnection } from './pagination.js';

describe('cursors', () => {
  it('round-trip and reject tampering', () => {
    expect(decodeCursor(encodeCursor(['Riverside', 'id-1']), 2)).toEqual(['Riverside', 'id-1']);
    expect(() => decodeCursor('garbage', 2)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('turn first + 1 rows into a page that knows there is more', () => {
    const page = toConnection(
      [1, 2, 3],
      2,
      (n) => [n],
      (n) => n * 10,
    );
    expect(page.nodes).toEqual([10, 20]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(page.pageInfo.endCursor!, 1)).toEqual([2]);
    expect(
      toConnection(
        [1],
        2,
        (n) => [n],
        (n) => n,
      ).pageInfo,
    ).toEqual({ hasNextPage: false, endCursor: encodeCursor([1]) });
  });
});
