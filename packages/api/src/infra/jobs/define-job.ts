import type { JobDefinition } from '../../common/context.js';

/**
 * Agenda's lock on a running job, when its definition names none. Runs renew it (see agenda.ts),
 * so it is how long a job whose worker died stays locked before another worker takes it. Longer
 * than the delivery lease (DELIVERY_LEASE_MS, 5 minutes): a drain that takes over after a crash
 * finds the dead worker's delivery leases already expired, and the patient import lease (2
 * minutes) likewise. Agenda's own default is the same 10 minutes.
 */
export const DEFAULT_LOCK_LIFETIME_MS = 10 * 60_000;

/**
 * Declares a job with its payload type: `defineJob<{ importId: string }>({ name, run(data, ctx) })`.
 * Queue it with `jobs.enqueue(job, data)`; app/jobs.ts lists every job the worker runs.
 */
export function defineJob<Data = void>(job: JobDefinition<Data>): JobDefinition<Data> {
  return { lockLifetimeMs: DEFAULT_LOCK_LIFETIME_MS, ...job };
}
