import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the current piece of work is: an HTTP request (its id, and once known the viewer and the
 * GraphQL operation) or a job run (its name, and the id of the request that queued it). Carried
 * by AsyncLocalStorage, so log lines, queued jobs and the database pool can read it without every
 * caller passing it down.
 */
export interface Scope {
  requestId: string | null;
  /** Set in a job run: the job's name. */
  job?: string;
  viewerId?: string | null;
  operation?: string | null;
  /** Limits on the database work done in this scope (requests: DB_STATEMENT_TIMEOUT_MS, DB_LOCK_TIMEOUT_MS). */
  dbLimits?: { statementMs: number; lockMs: number };
}

const storage = new AsyncLocalStorage<Scope>();

export function currentScope(): Scope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: Scope, fn: () => T): T {
  return storage.run(scope, fn);
}
