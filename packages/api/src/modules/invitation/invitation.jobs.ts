import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import type { JobContext } from '../../common/context.js';
import type { Logger } from '../../common/logger.js';
import type { Sealer } from '../../common/secret.js';
import { defineJob } from '../../infra/jobs/define-job.js';
import { newToken } from '../auth/index.js';
import { deliveryJob, queueDeliveries } from '../delivery/index.js';
import { appendEvents } from '../event/index.js';
import { EXPIRY_JOB, expireInvitations } from './invitation-expiry.job.js';
import type { InvitationChannel } from './invitation.entity.js';
import { fromSql } from './invitation.lifecycle.js';

// The invitation's lifecycle jobs: reminders and expiry. Sending is the delivery module's
// (delivery.jobs.ts); what a delivery changes on its invitation is invitation.delivery-target.ts.

const REMIND_BEFORE_MS = 24 * 3_600_000;

export interface InvitationJobDeps {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  log: Logger;
}

/**
 * Finds pending invitations that entered their last 24 hours and were not reminded, and queues one
 * reminder each by the invitation's own channel (email or SMS) with a new token, sealed; the
 * invitation adopts it once the reminder is sent (invitation.delivery-target.ts). In batches
 * of 1000 claimed with SKIP LOCKED. Deployments with `remindersEnabled: false` get none. Invitations of 24 hours or less get none (the first email is
 * the reminder). A worker that was down catches up on its next run: whatever is still pending
 * and unexpired is reminded then; what expired meanwhile is not.
 */
export async function queueReminders(deps: InvitationJobDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const count = await deps.orm.em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
      // Walks invitation_reminder_due (expires_at, partial on pending and not reminded). Deployments
      // with reminders switched off are skipped, not marked, so switching them back on still reminds.
      const due = await conn.execute<
        {
          id: string;
          address: string;
          channel: InvitationChannel;
          organisation_id: string;
          deployment_id: string | null;
        }[]
      >(
        `select i.id, i.address, i.channel, i.organisation_id, i.deployment_id from invitation i
           left join deployment d on d.id = i.deployment_id
          where i.status in ${fromSql('remind')} and i.reminded_at is null and i.expires_at > ? and i.expires_at <= ? and i.expiry_hours > 24
            and coalesce((d.settings ->> 'remindersEnabled')::boolean, true)
          order by i.expires_at limit 1000 for update of i skip locked`,
        [now, new Date(now.getTime() + REMIND_BEFORE_MS)],
        'all',
        ctx,
      );
      if (!due.length) return 0;
      const tokens = due.map(() => newToken());
      // The token stays until the reminder is sent: the link the person has keeps working.
      await conn.execute(
        `update invitation i set reminded_at = ?, delivery_status = 'QUEUED', updated_at = ?
           from jsonb_to_recordset(?::jsonb) as t(id uuid) where i.id = t.id`,
        [now, now, JSON.stringify(due.map((d) => ({ id: d.id })))],
        'run',
        ctx,
      );
      await queueDeliveries(
        tx,
        deps.sealer,
        due.map((d, k) => ({ invitationId: d.id, channel: d.channel, token: tokens[k]! })),
        'REMINDER',
        now,
      );
      await appendEvents(tx, {
        audit: { action: 'invitation.reminded' },
        occurredAt: now,
        subjectType: 'Invitation',
        rows: due.map((d) => ({
          organisationId: d.organisation_id,
          deploymentId: d.deployment_id,
          subjectId: d.id,
          label: d.address,
        })),
      });
      return due.length;
    });
    total += count;
    if (count === 0) break;
  }
  return total;
}

/** The invitation jobs' deps, from what every job runs with. */
export function invitationJobDeps(ctx: JobContext): InvitationJobDeps {
  return { orm: ctx.orm, clock: ctx.clock, sealer: ctx.sealer, log: ctx.log };
}

/** Queues the reminders that are due, then wakes the delivery job. */
export const reminderJob = defineJob({
  name: 'invitation-reminders',
  every: '10 minutes',
  concurrency: 1,
  async run(_data, ctx) {
    const queued = await queueReminders(invitationJobDeps(ctx));
    if (queued) await ctx.jobs.enqueue(deliveryJob);
    return `queued ${queued} reminders`;
  },
});

/** Moves the pending invitations past their expiry to EXPIRED (invitation-expiry.job.ts). */
export const expiryJob = defineJob({
  name: EXPIRY_JOB,
  every: '5 minutes',
  concurrency: 1,
  async run(_data, ctx) {
    return `expired ${await expireInvitations(ctx)} invitations`;
  },
});
