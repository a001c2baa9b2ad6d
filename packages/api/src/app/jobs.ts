import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { Sealer } from '../common/secret.js';
import type { JobSpec } from '../infra/jobs/agenda.js';
import type { Mailer } from '../infra/mail/mailer.js';
import { authJobs } from '../modules/auth/auth.jobs.js';
import { invitationJobs } from '../modules/invitation/invitation.jobs.js';

export interface JobContext {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  mailer: Mailer;
  appUrl: string;
  log: Logger;
}

/** Every job the worker runs, gathered from the modules. */
export function jobSpecs(ctx: JobContext): JobSpec<never>[] {
  return [...authJobs(ctx.orm, ctx.clock), ...invitationJobs(ctx)];
}
