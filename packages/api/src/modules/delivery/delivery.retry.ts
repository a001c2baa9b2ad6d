import type { EntityManager } from '@mikro-orm/postgresql';
import type { Channel } from '@porter/shared';
import { runBound } from '../../infra/db/bound.js';

/** Which failed deliveries to requeue: the latest of each of these invitations, narrowed. */
export interface RequeueWhich {
  invitationIds: readonly string[];
  /** Only messages by this channel. */
  channel?: Channel | null;
  /** Only messages that failed at or after this time. */
  failedSince?: Date | null;
}

/** What a requeue did, per invitation whose latest delivery matched the filter. */
export interface Requeued {
  /** Queued again, with the link they carried. */
  requeued: { invitationId: string; deliveryId: string; channel: Channel }[];
  /**
   * Failed (or reported undelivered) without a sealed token to send again: failed before FAILED
   * deliveries kept it, or the provider took the message and reported it undelivered later (the
   * token is wiped once a message is out). Only a resend, with a new link, reaches them.
   */
  noToken: string[];
}

/**
 * Requeues the latest delivery of each given invitation when it FAILED: QUEUED again, due now,
 * its attempts and error cleared so it gets a full retry schedule, carrying the same sealed token
 * (FAILED keeps it), so the link already sent stays the one that works. A latest delivery that is
 * not FAILED-with-a-token is reported in `noToken` when it matches the filter, and left alone.
 * In the caller's transaction; the caller writes the invitation's side and wakes the drain after
 * commit. Locks the rows it requeues, so a drain cannot claim one half-written.
 */
export async function requeueFailedDeliveries(
  tx: EntityManager,
  which: RequeueWhich,
  now: Date,
): Promise<Requeued> {
  if (!which.invitationIds.length) return { requeued: [], noToken: [] };
  const rows = await runBound<{
    invitation_id: string;
    id: string;
    channel: Channel;
    requeued: boolean;
  }>(
    tx,
    `with latest as (
       select distinct on (d.invitation_id) d.id, d.invitation_id, d.channel, d.status, d.sealed_token, d.finished_at
         from invitation_delivery d
        where d.invitation_id in (select (jsonb_array_elements_text(?::jsonb))::uuid)
        order by d.invitation_id, d.created_at desc, d.id desc),
     matched as (
       select * from latest
        where (?::text is null or channel = ?::text)
          and (?::timestamptz is null or finished_at >= ?::timestamptz)),
     requeued as (
       update invitation_delivery d set status = 'QUEUED', attempts = 0, next_attempt_at = ?::timestamptz,
              error = null, finished_at = null, first_attempt_at = null, last_attempt_at = null,
              error_code = null, failure = null
         from matched m
        where d.id = m.id and d.status = 'FAILED' and d.sealed_token is not null
       returning d.id)
     select m.invitation_id, m.id, m.channel, exists (select 1 from requeued r where r.id = m.id) as requeued
       from matched m`,
    [
      JSON.stringify(which.invitationIds),
      which.channel ?? null,
      which.channel ?? null,
      which.failedSince ?? null,
      which.failedSince ?? null,
      now,
    ],
  );
  return {
    requeued: rows
      .filter((r) => r.requeued)
      .map((r) => ({ invitationId: r.invitation_id, deliveryId: r.id, channel: r.channel })),
    noToken: rows.filter((r) => !r.requeued).map((r) => r.invitation_id),
  };
}
