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
/** Invitations claimed and reminded per transaction. */
const REMIND_BATCH = 1000;

export interface InvitationJobDeps {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  log: Logger;
}

/** A reminder claimed: what its delivery and event need, and its place in the scan. */
interface ReminderRow {
  id: string;
  address: string;
  channel: InvitationChannel;
  organisation_id: string;
  deployment_id: string | null;
  expires_at: Date;
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
  // Where the last batch ended, in (expires_at, id) order: each batch starts after it, so the
  // scan reads every row of the window once however many batches it takes.
  let after: { expiresAt: Date; id: string } | null = null;
  for (;;) {
    const now = deps.clock.now();
    const from: { expiresAt: Date; id: string } | null = after;
    const due = await deps.orm.em.fork().transactional(async (tx): Promise<ReminderRow[]> => {
      const conn = tx.getConnection();
      const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
      // Walks invitation_expiry_due (expires_at, partial on pending) through the next 24 hours.
      // Deployments with reminders switched off are skipped, not marked, so switching them back
      // on still reminds. Claimed and marked in one statement; the token stays until the
      // reminder is sent, so the link the person has keeps working.
      const rows = await conn.execute<ReminderRow[]>(
        `with due as (
           select i.id from invitation i
             left join deployment d on d.id = i.deployment_id
            where i.status in ${fromSql('remind')} and i.reminded_at is null and i.expires_at > ? and i.expires_at <= ? and i.expiry_hours > 24
              and i.expires_at >= ?::timestamptz and (i.expires_at, i.id) > (?::timestamptz, ?::uuid)
              and coalesce((d.settings ->> 'remindersEnabled')::boolean, true)
            order by i.expires_at, i.id limit ${REMIND_BATCH} for update of i skip locked)
         update invitation i set reminded_at = ?, delivery_status = 'QUEUED', updated_at = ?
           from due where i.id = due.id
         returning i.id, i.address, i.channel, i.organisation_id, i.deployment_id, i.expires_at`,
        [
          now,
          new Date(now.getTime() + REMIND_BEFORE_MS),
          // The first as an index bound, both as the row's place after the cursor.
          from?.expiresAt ?? new Date(0),
          from?.expiresAt ?? new Date(0),
          from?.id ?? '00000000-0000-0000-0000-000000000000',
          now,
          now,
        ],
        'all',
        ctx,
      );
      if (!rows.length) return rows;
      const tokens = rows.map(() => newToken());
      await queueDeliveries(
        tx,
        deps.sealer,
        rows.map((d, k) => ({ invitationId: d.id, channel: d.channel, token: tokens[k]! })),
        'REMINDER',
        now,
      );
      await appendEvents(tx, {
        audit: { action: 'invitation.reminded' },
        occurredAt: now,
        subjectType: 'Invitation',
        rows: rows.map((d) => ({
          organisationId: d.organisation_id,
          deploymentId: d.deployment_id,
          subjectId: d.id,
          label: d.address,
        })),
      });
      return rows;
    });
    if (!due.length) break;
    total += due.length;
    after = due
      .map((d) => ({ expiresAt: new Date(d.expires_at), id: d.id }))
      .reduce((last, d) =>
        d.expiresAt > last.expiresAt || (+d.expiresAt === +last.expiresAt && d.id > last.id)
          ? d
          : last,
      );
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
