import type { EntityManager } from '@mikro-orm/postgresql';
import type { Channel } from '@porter/shared';
import { runBound } from '../../infra/db/bound.js';
import { requeueFailedDeliveries } from '../delivery/index.js';
import { appendEvents } from '../event/index.js';

/**
 * Which invitations' failed messages to send again: these ids (already checked by the caller),
 * or every invitation matching the filter (the operator command).
 */
export type RetryWhich =
  | { invitationIds: readonly string[] }
  | { organisationId?: string | null; since?: Date | null; channel?: Channel | null };

export interface RetriedDeliveries {
  /** Invitations whose failed message is queued again, with the link it carried. */
  retried: string[];
  /** Failed, but with no link kept to send again (NO_TOKEN): only a resend reaches them. */
  noToken: string[];
}

/** Who asked: a staff member (audited as them), or the operator command (no actor). */
export interface RetriedBy {
  actor: { id: string; email: string | null } | null;
  ip: string | null;
}

/**
 * Sends failed invitation messages again without rotating their links: for each pending,
 * unexpired invitation whose latest message FAILED, delivery's requeueFailedDeliveries queues
 * that message again (due now, a full retry schedule, the same sealed token), and the invitation
 * shows it QUEUED again with its error cleared; one `invitation.delivery-retried` audit row and
 * `invitation.delivery_retried` event per invitation, in the caller's transaction. The rows are
 * locked first, so a drain settling the same invitation waits. The caller wakes the drain after
 * commit (the drain's 30 s sweep finds them otherwise).
 */
export async function retryFailedDeliveries(
  tx: EntityManager,
  which: RetryWhich,
  now: Date,
  by: RetriedBy,
): Promise<RetriedDeliveries> {
  const ids = 'invitationIds' in which ? which.invitationIds : null;
  if (ids && !ids.length) return { retried: [], noToken: [] };
  const filter = 'invitationIds' in which ? {} : which;
  const failed = await runBound<{
    id: string;
    organisation_id: string;
    deployment_id: string | null;
    address: string;
  }>(
    tx,
    `select i.id, i.organisation_id, i.deployment_id, i.address from invitation i
      where i.delivery_status = 'FAILED' and i.status = 'PENDING' and i.expires_at > ?::timestamptz
        and (?::jsonb is null or i.id in (select (jsonb_array_elements_text(?::jsonb))::uuid))
        and (?::uuid is null or i.organisation_id = ?::uuid)
      order by i.id for update`,
    [
      now,
      ids && JSON.stringify(ids),
      ids && JSON.stringify(ids),
      filter.organisationId ?? null,
      filter.organisationId ?? null,
    ],
  );
  const { requeued, noToken } = await requeueFailedDeliveries(
    tx,
    {
      invitationIds: failed.map((i) => i.id),
      channel: filter.channel ?? null,
      failedSince: filter.since ?? null,
    },
    now,
  );
  if (requeued.length) {
    await runBound(
      tx,
      `update invitation set delivery_status = 'QUEUED', delivery_error = null, updated_at = ?::timestamptz
        where id in (select (jsonb_array_elements_text(?::jsonb))::uuid)`,
      [now, JSON.stringify(requeued.map((r) => r.invitationId))],
    );
    const byId = new Map(failed.map((i) => [i.id, i]));
    await appendEvents(tx, {
      occurredAt: now,
      actor: by.actor,
      subjectType: 'Invitation',
      audit: { action: 'invitation.delivery-retried', ip: by.ip },
      rows: requeued.map((r) => {
        const i = byId.get(r.invitationId)!;
        return {
          organisationId: i.organisation_id,
          deploymentId: i.deployment_id,
          subjectId: r.invitationId,
          label: i.address,
          after: { channel: r.channel, by: by.actor ? 'staff' : 'operator' },
        };
      }),
    });
  }
  return { retried: requeued.map((r) => r.invitationId), noToken };
}
