import type { Logger } from './logger.js';

/** Error codes of a database that cannot be reached or is going away (node and PostgreSQL). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection due to administrator command/i;

/**
 * Whether an error means the database is unreachable, not that a query was wrong: the code or
 * message of the error or anything in its cause chain (MikroORM and kysely wrap pg's errors;
 * pg reports a refused connection on every address as an AggregateError).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

export interface Outage {
  /** Records a failure: the first one of an outage logs a warning, the rest only count. */
  failed(error: unknown): void;
  /** Records a success: ends an outage with one info line. */
  ok(): void;
  readonly down: boolean;
}

/**
 * One warn line when `what` stops answering and one info line when it answers again, however
 * many requests or polls fail in between (a stopped database used to log a stack trace per
 * request, 2,900 lines in 20 s).
 */
export function trackOutage(log: Logger, what: string, now = () => Date.now()): Outage {
  let since: number | null = null;
  let failures = 0;
  return {
    failed(error) {
      failures++;
      if (since !== null) return;
      since = now();
      failures = 1;
      log.warn(`${what} unavailable: ${error instanceof Error ? error.message : String(error)}`, {
        outage: what,
      });
    },
    ok() {
      if (since === null) return;
      log.info(`${what} available again after ${Math.round((now() - since) / 1000)} s`, {
        outage: what,
        failures,
      });
      since = null;
    },
    get down() {
      return since !== null;
    },
  };
}
