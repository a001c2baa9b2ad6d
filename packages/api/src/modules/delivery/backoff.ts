/** Tries before a delivery is marked failed. */
export const MAX_ATTEMPTS = 5;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 30 * 60_000;

/**
 * The retry delay after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min… capped at 30 min.
 * The one definition: the drain computes each retry's time with it and writes that time.
 */
export const backoffMs = (attempts: number): number =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);

/** When a delivery that failed its n-th attempt at `now` is due again. */
export const retryAt = (attempts: number, now: Date): Date =>
  new Date(now.getTime() + backoffMs(attempts));
