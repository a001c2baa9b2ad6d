import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import { runBound } from '../../infra/db/bound.js';
import { appendEvents } from '../event/index.js';
import { fromSql, toSql } from './invitation.lifecycle.js';

export const EXPIRY_JOB = 'invitation-expiry';
const BATCH = 1000;

/**
 * Moves pending invitations past their expiry to EXPIRED and appends one `invitation.expired`
 * event each, in the same transaction, 1,000 at a time. Rows are claimed with SKIP LOCKED and
 * re-checked as PENDING under the lock, so several workers share the work and a second run (or a
 * worker that was down) finds nothing left to do: every invitation expires once. Reads do not
 * wait for it: a PENDING invitation past its expiry already reads as expired.
 */
export async function expireInvitations(deps: { orm: MikroORM; clock: Clock }): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const count = await deps.orm.em.fork().transactional(async (tx) => {
      const expired = await runBound<{
        id: string;
        organisation_id: string;
        deployment_id: string | null;
        address: string;
        kind: string;
        channel: string;
        expires_at: Date;
      }>(
        tx,
        `with due as (
           select id from invitation where status in ${fromSql('expire')} and expires_at <= ?::timestamptz
            order by expires_at limit ${BATCH} for update skip locked)
         update invitation i set status = ${toSql('expire')}, updated_at = ?::timestamptz
           from due where i.id = due.id and i.status in ${fromSql('expire')}
         returning i.id, i.organisation_id, i.deployment_id, i.address, i.kind, i.channel, i.expires_at`,
        [now, now],
      );
      expired.sort((a, b) => new Date(a.expires_at).getTime() - new Date(b.expires_at).getTime());
      await appendEvents(tx, {
        type: 'invitation.expired',
        occurredAt: now,
        subjectType: 'Invitation',
        rows: expired.map((e) => ({
          organisationId: e.organisation_id,
          deploymentId: e.deployment_id,
          subjectId: e.id,
          label: e.address,
          after: {
            kind: e.kind,
            channel: e.channel,
            expiresAt: new Date(e.expires_at).toISOString(),
          },
        })),
      });
      return expired.length;
    });
    total += count;
    if (count < BATCH) break;
  }
  return total;
}
