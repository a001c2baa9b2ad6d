import type { MikroORM } from '@mikro-orm/postgresql';
import type { Channel } from '@porter/shared';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { Sealer } from '../../common/secret.js';
import { MAX_ATTEMPTS, retryAt } from './backoff.js';
import { renderInvitationMessage, type ChannelSenders } from './channels.js';
import type { DeliveryPurpose } from './delivery.entity.js';
import type { ClaimedDelivery, DeliveryOutcome, DeliveryTarget } from './delivery.target.js';
import { invitationLink } from './messages/invitation-message.js';
import { warmInvitationLayout } from './messages/invitation-layout.js';
import { applyEarlySmsStatuses } from './sms-status.service.js';

/** Deliveries claimed per round. */
const CLAIM = 50;
/** Sends in flight at once. */
const IN_FLIGHT = 10;
/** How long a claim holds: a crashed worker's deliveries come back after it. */
const LEASE_MS = 5 * 60_000;

export interface DrainDeps {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  /** The provider of each channel (channelSenders). */
  senders: ChannelSenders;
  /** What the deliveries are for (the invitation module's target). */
  target: DeliveryTarget;
  appUrl: string;
  log: Logger;
}

export interface DrainTotals {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
}

interface Claimed {
  id: string;
  invitation_id: string;
  purpose: DeliveryPurpose;
  sealed_token: string | null;
  attempts: number;
  channel: Channel;
  /** What the target's claimSql read, as one JSON object. */
  target: object | null;
}

type Outcome = DeliveryOutcome<object>;

/**
 * Drains due deliveries: claims up to 50 rows at a time with SKIP LOCKED (a lease, so a crashed
 * worker's rows come back after five minutes), reading what the target needs in the same
 * statement; sends up to 10 at once; records each outcome in set-based updates, the target's side
 * in the same transaction. What the target no longer wants sent (a revoked, accepted or expired
 * invitation, a superseded token) is skipped. Failures retry with backoff (backoff.ts), then fail
 * visibly.
 */
export async function drainDeliveries(deps: DrainDeps): Promise<DrainTotals> {
  const totals = { sent: 0, skipped: 0, retried: 0, failed: 0 };
  const conn = deps.orm.em.getConnection();
  await warmInvitationLayout();
  for (;;) {
    const now = deps.clock.now();
    const claimed = await conn.execute<Claimed[]>(
      `with due as (
         select id from invitation_delivery where status = 'QUEUED' and next_attempt_at <= ?
          order by next_attempt_at limit ${CLAIM} for update skip locked),
       leased as (
         update invitation_delivery d set attempts = d.attempts + 1, next_attempt_at = ?
           from due where d.id = due.id
         returning d.id, d.invitation_id, d.purpose, d.sealed_token, d.attempts, d.channel)
       select l.*, to_jsonb(t) as target
         from leased l left join lateral (${deps.target.claimSql}) t on true`,
      [now, new Date(now.getTime() + LEASE_MS)],
    );
    if (claimed.length === 0) break;

    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const row = claimed[next++]!;
        outcomes.push(await deliver(deps, row, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, claimed.length) }, worker));
    await record(deps, outcomes, now);
    for (const o of outcomes) {
      if (o.outcome === 'SENT') totals.sent++;
      else if (o.outcome === 'SKIPPED') totals.skipped++;
      else if (o.outcome === 'RETRY') totals.retried++;
      else totals.failed++;
    }
  }
  // Twilio may have reported on texts before their SIDs were recorded above: applied now.
  await applyEarlySmsStatuses(deps.orm, deps.target, deps.clock.now());
  return totals;
}

async function deliver(deps: DrainDeps, row: Claimed, now: Date): Promise<Outcome> {
  const sender = deps.senders[row.channel];
  const delivery: ClaimedDelivery = {
    id: row.id,
    invitationId: row.invitation_id,
    purpose: row.purpose,
    channel: row.channel,
    attempt: row.attempts,
  };
  let token: string | null;
  try {
    token = row.sealed_token ? deps.sealer.unseal(row.sealed_token) : null;
  } catch {
    token = null;
  }
  const base = { delivery, row: row.target, token, provider: sender.provider };
  const content = token ? deps.target.prepare(delivery, row.target, token, now) : null;
  if (!token || !content) return { ...base, outcome: 'SKIPPED' };
  try {
    const message = await renderInvitationMessage(row.channel, {
      ...content,
      link: invitationLink(deps.appUrl, token),
      reminder: row.purpose === 'REMINDER',
    });
    const { providerId } = await sender.send(message);
    return { ...base, outcome: 'SENT', providerId };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    deps.log.warn(`delivery ${row.id} attempt ${row.attempts} failed: ${message}`);
    return { ...base, outcome: row.attempts >= MAX_ATTEMPTS ? 'FAILED' : 'RETRY', error: message };
  }
}

/** The batch's outcomes: the deliveries, one attempt row each, and the target's side. */
async function record(deps: DrainDeps, outcomes: Outcome[], now: Date): Promise<void> {
  const conn = deps.orm.em.getConnection();
  await deps.orm.em.fork().transactional(async (tx) => {
    const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
    await conn.execute(
      `update invitation_delivery d set
          status = case t.outcome when 'SENT' then 'SENT' when 'SKIPPED' then 'SKIPPED' when 'FAILED' then 'FAILED' else 'QUEUED' end,
          sealed_token = case when t.outcome = 'RETRY' then d.sealed_token else null end,
          provider = t.provider, provider_id = t.provider_id, error = t.error,
          finished_at = case when t.outcome = 'RETRY' then null else ?::timestamptz end,
          -- backoff.ts's retryAt, computed per row below
          next_attempt_at = case when t.outcome = 'RETRY' then t.retry_at else d.next_attempt_at end
         from jsonb_to_recordset(?::jsonb) as t(id uuid, outcome text, provider text, provider_id text, error text, retry_at timestamptz)
        where d.id = t.id`,
      [
        now,
        JSON.stringify(
          outcomes.map((o) => ({
            id: o.delivery.id,
            outcome: o.outcome,
            provider: o.provider,
            provider_id: o.providerId ?? null,
            error: o.error ?? null,
            retry_at: o.outcome === 'RETRY' ? retryAt(o.delivery.attempt, now) : null,
          })),
        ),
      ],
      'run',
      ctx,
    );
    // Every try is kept for the record.
    await conn.execute(
      `insert into delivery_attempt (id, delivery_id, attempt, outcome, provider, provider_id, error, at)
       select gen_random_uuid(), t.id, t.attempt, t.outcome, t.provider, t.provider_id, t.error, ?
         from jsonb_to_recordset(?::jsonb) as t(id uuid, attempt int, outcome text, provider text, provider_id text, error text)`,
      [
        now,
        JSON.stringify(
          outcomes.map((o) => ({
            id: o.delivery.id,
            attempt: o.delivery.attempt,
            outcome: o.outcome === 'RETRY' ? 'FAILED' : o.outcome,
            provider: o.provider,
            provider_id: o.providerId ?? null,
            error: o.error ?? null,
          })),
        ),
      ],
      'run',
      ctx,
    );
    await deps.target.settle(tx, outcomes, now);
  });
}
