import type { JobDefinition } from '../../common/context.js';

/**
 * Declares a job with its payload type: `defineJob<{ importId: string }>({ name, run(data, ctx) })`.
 * Queue it with `jobs.enqueue(job, data)`; app/jobs.ts lists every job the worker runs.
 */
export function defineJob<Data = void>(job: JobDefinition<Data>): JobDefinition<Data> {
  return job;
}
