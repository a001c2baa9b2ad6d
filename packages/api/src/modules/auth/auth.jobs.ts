import { defineJob } from '../../infra/jobs/define-job.js';
import { SessionEntity } from './session.entity.js';

const DAY = 86_400_000;

/** Hourly: deletes sessions that expired or were revoked more than a day ago. Safe to run twice. */
export const sessionCleanupJob = defineJob({
  name: 'session-cleanup',
  every: '1 hour',
  concurrency: 1,
  async run(_data, { orm, clock }) {
    const cutoff = new Date(clock.now().getTime() - DAY);
    const removed = await orm.em.fork().nativeDelete(SessionEntity, {
      $or: [{ expiresAt: { $lt: cutoff } }, { revokedAt: { $lt: cutoff } }],
    });
    return `removed ${removed} sessions`;
  },
});
