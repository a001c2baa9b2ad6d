import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import type { JobSpec } from '../../infra/jobs/agenda.js';
import { SessionEntity } from './session.entity.js';

const DAY = 86_400_000;

/** Hourly: deletes sessions that expired or were revoked more than a day ago. Safe to run twice. */
export function authJobs(orm: MikroORM, clock: Clock): JobSpec<never>[] {
  return [
    {
      name: 'session-cleanup',
      every: '1 hour',
      concurrency: 1,
      async run() {
        const cutoff = new Date(clock.now().getTime() - DAY);
        const removed = await orm.em.fork().nativeDelete(SessionEntity, {
          $or: [{ expiresAt: { $lt: cutoff } }, { revokedAt: { $lt: cutoff } }],
        });
        return `removed ${removed} sessions`;
      },
    },
  ];
}
