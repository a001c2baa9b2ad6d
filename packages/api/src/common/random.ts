import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at a time: one call per few hundred tokens instead of one each. */
const POOL_SIZE = 16 * 1024;
const pool = Buffer.allocUnsafeSlow(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * `n` (at most 1 KiB) cryptographically random bytes, copied out of a pool refilled from
 * randomFillSync as it runs out: bulk writes mint a token and an IV per invitation, and a call
 * into OpenSSL for each one cost more than the rest of the token's handling. Every byte is
 * handed out once.
 */
export function randomBytesPooled(n: number): Buffer {
  if (n > 1024) throw new RangeError('randomBytesPooled: at most 1024 bytes');
  if (offset + n > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + n));
  // Handed out bytes are overwritten in the pool, so no later call can see them.
  pool.fill(0, offset, offset + n);
  offset += n;
  return bytes;
}
