import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { Sealer } from '../../common/secret.js';
import { defineJob } from '../../infra/jobs/define-job.js';
import type { Mailer } from '../../infra/mail/mailer.js';
import { finishJoiningEmail } from './emails/invite-link-emails.js';
import { inviteLinkUrl } from './invite-link.service.js';

const REMIND_BEFORE_MS = 24 * 3_600_000;
const BATCH = 100;

export interface InviteLinkJobDeps {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  mailer: Mailer;
  appUrl: string;
  log: Logger;
}

interface Due {
  id: string;
  email: string;
  kind: 'PATIENT' | 'STAFF';
  sealed_token: string;
  expires_at: Date;
  organisation_name: string;
  deployment_name: string;
}

/**
 * Reminds people who started joining through a link but did not finish, once, when the link
 * enters its last 24 hours (links of 24 hours or less get none). Rows are claimed with SKIP LOCKED
 * and marked reminded in the same transaction, so several workers never remind one person twice;
 * the emails go out after commit, and a failed send puts its row back for the next run. Nobody is
 * reminded for a link that is revoked, full or expired, nor when they are a patient there already
 * (patient links) or hold a role there already (staff links).
 */
export async function sendInviteLinkReminders(
  deps: InviteLinkJobDeps,
): Promise<{ sent: number; failed: number }> {
  const totals = { sent: 0, failed: 0 };
  const failedIds: string[] = [];
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.orm.em.fork().transactional(async (tx) =>
      tx.getConnection().execute<Due[]>(
        `with due as (
           select c.id from invite_link_claim c join invite_link l on l.id = c.link_id
            where c.joined_at is null and c.reminded_at is null
              and l.status = 'ACTIVE' and l.expiry_hours > 24 and l.expires_at > ? and l.expires_at <= ?
              and (l.max_uses is null or l.use_count < l.max_uses)
              and c.id not in (select value::uuid from jsonb_array_elements_text(?::jsonb))
              and (l.kind <> 'PATIENT' or not exists (select 1 from patient p where p.deployment_id = l.deployment_id and p.email = c.email and p.status <> 'INVITED'))
              and (l.kind <> 'STAFF' or not exists (
                select 1 from app_user u join role_assignment ra on ra.user_id = u.id and ra.ended_at is null
                 where u.email = c.email and ra.organisation_id = l.organisation_id and (ra.deployment_id is null or ra.deployment_id = l.deployment_id)))
            order by l.expires_at limit ${BATCH}
            for update of c skip locked)
         update invite_link_claim c set reminded_at = ?, updated_at = ?
           from due, invite_link l join organisation o on o.id = l.organisation_id left join deployment d on d.id = l.deployment_id
          where c.id = due.id and l.id = c.link_id
         returning c.id, c.email, l.kind, l.sealed_token, l.expires_at, o.name as organisation_name, coalesce(d.name, o.name) as deployment_name`,
        [now, new Date(now.getTime() + REMIND_BEFORE_MS), JSON.stringify(failedIds), now, now],
        'all',
        tx.getTransactionContext(),
      ),
    );
    if (!due.length) break;
    const failed: string[] = [];
    for (const row of due) {
      try {
        const email = await finishJoiningEmail({
          to: row.email,
          organisationName: row.organisation_name,
          deploymentName: row.deployment_name,
          link: inviteLinkUrl(deps.appUrl, deps.sealer.unseal(row.sealed_token)),
          expiresAt: new Date(row.expires_at),
          kind: row.kind,
        });
        await deps.mailer.send(email);
        totals.sent++;
      } catch (error) {
        deps.log.warn(
          `invite-link reminder for claim ${row.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        failed.push(row.id);
      }
    }
    if (failed.length) {
      // Put them back: the next run tries again (this run does not, so a broken mailer cannot spin it).
      await deps.orm.em
        .getConnection()
        .execute(
          `update invite_link_claim set reminded_at = null where id in (select value::uuid from jsonb_array_elements_text(?::jsonb)) and reminded_at = ?`,
          [JSON.stringify(failed), now],
        );
      failedIds.push(...failed);
      totals.failed += failed.length;
    }
  }
  return totals;
}

/** Reminds people who started joining through a link but did not finish. */
export const inviteLinkReminderJob = defineJob({
  name: 'invite-link-reminders',
  every: '10 minutes',
  concurrency: 1,
  async run(_data, ctx) {
    const { sent, failed } = await sendInviteLinkReminders({
      orm: ctx.orm,
      clock: ctx.clock,
      sealer: ctx.sealer,
      mailer: ctx.mailer,
      appUrl: ctx.env.APP_URL,
      log: ctx.log,
    });
    return `sent ${sent} invite-link reminders, ${failed} failed`;
  },
});
