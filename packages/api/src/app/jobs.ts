import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../common/clock.js';
import type { JobSpec } from '../infra/jobs/agenda.js';
import { authJobs } from '../modules/auth/auth.jobs.js';

/** Every job the worker runs, gathered from the modules. */
export function jobSpecs(orm: MikroORM, clock: Clock): JobSpec<never>[] {
  return [...authJobs(orm, clock)];
}
