import { createHash } from 'node:crypto';
import { randomBytesPooled } from '../../common/random.js';

/** 32 random bytes, base64url: the only copy is the one sent to the client. */
export function newToken(): string {
  return randomBytesPooled(32).toString('base64url');
}

/** Tokens are stored and looked up by SHA-256; equality on a hash of random input leaks nothing useful. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
