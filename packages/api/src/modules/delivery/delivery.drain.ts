import type { MikroORM } from '@mikro-orm/postgresql';
import type { Channel } from '@porter/shared';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import { metrics } from '../../common/metrics.js';
import type { Sealer } from '../../common/secret.js';
import type { Env } from '../../config/env.js';
import { classifyFailure, nextTry, type Failure, type RetryPolicy } from './backoff.js';
import { renderInvitationMessage, type ChannelSenders } from './channels.js';
import type { DeliveryPurpose } from './delivery.entity.js';
import type { ClaimedDelivery, DeliveryOutcome, DeliveryTarget } from './delivery.target.js';
import { invitationLink } from './messages/invitation-message.js';
import { warmInvitationLayout } from './messages/invitation-layout.js';
import { applyEarlySmsStatuses } from './sms-status.service.js';

/**
 * Deliveries claimed at a time: small, so that every worker takes a share of a burst, and a
 * crash leaves little claimed (each claimed row is sent at once: at most IN_FLIGHT wait).
 */
const CLAIM = 10;
/** Sends in flight at once, per drain. */
const IN_FLIGHT = 10;
/** A channel with deliveries waiting out an outage and no try for this long gets one tried early. */
const PROBE_AFTER_MS = 60_000;
/** Tries at writing a send's outcome (a database blip must not turn a sent message into a resend). */
const RECORD_TRIES = 3;

/** The drain's timings, from configuration (drainPolicy). */
export interface DrainPolicy {
  retry: RetryPolicy;
  /** How long a claim holds: a crashed worker's deliveries come back after it (DELIVERY_LEASE_MS). */
  leaseMs: number;
}

export const drainPolicy = (env: Env): DrainPolicy => ({
  retry: {
    baseMs: env.DELIVERY_BACKOFF_BASE_MS,
    maxMs: env.DELIVERY_BACKOFF_MAX_MS,
    retryForMs: env.DELIVERY_RETRY_FOR_MS,
  },
  leaseMs: env.DELIVERY_LEASE_MS,
});

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
  policy: DrainPolicy;
  /** The jitter's source (tests may fix it). */
  random?: () => number;
  /**
   * Starts another drain, on whichever worker is free (the delivery job queued once more). Called
   * once per drain, when its first claim comes back full: a burst queued by one request is then
   * shared by every worker instead of drained by the one that was woken.
   */
  spread?: () => Promise<void>;
  /**
   * Starts a drain at `when` (the delivery job scheduled): called once at the end of a drain when
   * the next delivery falls due before the sweeper's next round, so short backoffs are kept to
   * and deliveries woken after an outage go at once.
   */
  wakeAt?: (when: Date) => Promise<void>;
}

/** The sweeper's period (delivery.jobs.ts): retries due later than this are left to it. */
export const SWEEP_MS = 30_000;

export interface DrainOptions {
  /**
   * Aborted (shutdown): nothing more is claimed, sends in progress finish and are recorded, and
   * claimed deliveries not yet sent are handed back at once (QUEUED, due now) rather than after
   * their lease.
   */
  signal?: AbortSignal;
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
  first_attempt_at: Date | string;
  /** The row's status before this claim: SENDING means another worker's lease ran out. */
  was: string;
  /** What the target's claimSql read, as one JSON object. */
  target: object | null;
}

interface Outcome extends DeliveryOutcome<object> {
  failure?: Failure;
  retryAt?: Date;
  /** Sent again after another worker's lease ran out while it was SENDING. */
  afterLease: boolean;
}

/**
 * Drains due deliveries. Claims CLAIM rows at a time with SKIP LOCKED, marking them SENDING with a
 * lease (DELIVERY_LEASE_MS), reading what the target needs in the same statement; keeps IN_FLIGHT
 * sends going and claims again as they finish, so several workers share a burst. Each send's
 * outcome is committed as soon as the provider answers, with the target's side, before that slot
 * sends anything else: a crash loses at most the sends in flight. The write is fenced on the
 * attempt number, so a worker whose lease ran out cannot overwrite the next claim.
 *
 * Failures are classified (backoff.ts): permanent ones fail at once with the provider's reason;
 * transient ones retry with capped, jittered backoff (and Retry-After) for DELIVERY_RETRY_FOR_MS
 * from the first attempt. A channel's first success in a drain wakes its deliveries waiting out an
 * outage; when nothing of a channel in an outage has been tried for a minute, one of them is tried
 * early (the probe). A SENDING row whose lease ran out (its worker died mid-send) is counted,
 * logged and sent again: nothing is lost, and the copy is counted as a possible duplicate (the
 * email carries the same Message-ID). What the target no longer wants sent is skipped.
 */
export async function drainDeliveries(
  deps: DrainDeps,
  options: DrainOptions = {},
): Promise<DrainTotals> {
  const { signal } = options;
  const totals = { sent: 0, skipped: 0, retried: 0, failed: 0 };
  await warmInvitationLayout();
  await probeOutages(deps);

  const waiting: Claimed[] = [];
  let exhausted = false;
  let claiming: Promise<void> | null = null;
  /** A claim or a record that could not be written: nothing more is sent, and the drain throws. */
  let broken: { error: unknown } | null = null;
  const woken = new Set<Channel>();
  let spread = false;

  const take = async (): Promise<Claimed | undefined> => {
    for (;;) {
      if (signal?.aborted || broken) return undefined;
      if (waiting.length) return waiting.shift();
      if (exhausted) return undefined;
      claiming ??= claim(deps)
        .then(
          (rows) => {
            if (rows.length < CLAIM) exhausted = true;
            else if (!spread && deps.spread) {
              spread = true;
              deps.spread().catch((e: unknown) => deps.log.warn(`spreading a drain: ${String(e)}`));
            }
            waiting.push(...rows);
          },
          (error: unknown) => {
            broken ??= { error };
          },
        )
        .finally(() => {
          claiming = null;
        });
      await claiming;
    }
  };

  const slot = async () => {
    for (let row = await take(); row; row = await take()) {
      const outcome = await deliver(deps, row);
      try {
        await recordWithRetries(deps, outcome);
      } catch (error) {
        broken ??= { error };
        return;
      }
      const channel = row.channel;
      metrics.deliveryAttempts.inc({ channel, outcome: outcome.outcome.toLowerCase() });
      if (outcome.outcome === 'SENT') {
        totals.sent++;
        if (outcome.afterLease) metrics.duplicates.inc({ channel });
        if (!woken.has(channel)) {
          woken.add(channel);
          await wakeAfterOutage(deps, channel);
        }
      } else if (outcome.outcome === 'SKIPPED') totals.skipped++;
      else if (outcome.outcome === 'RETRY') totals.retried++;
      else totals.failed++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, slot));
  // Aborted or broken: what this drain claimed but did not send goes back at once.
  if (waiting.length) await release(deps, waiting.splice(0));
  if (broken) throw (broken as { error: unknown }).error;
  // Twilio may have reported on texts before their SIDs were recorded above: applied now.
  if (!signal?.aborted) await applyEarlySmsStatuses(deps.orm, deps.target, deps.clock.now());
  if (!signal?.aborted && deps.wakeAt) await scheduleNext(deps, deps.wakeAt);
  return totals;
}

/**
 * The next drain, when a delivery waiting to be sent (queued, or retrying after a failure) falls
 * due before the sweeper's next round: at that time, or now for one due already (woken after an
 * outage, or queued while this drain was finishing). Reads the partial due index.
 */
async function scheduleNext(deps: DrainDeps, wakeAt: (when: Date) => Promise<void>) {
  try {
    const now = deps.clock.now();
    const [next] = await deps.orm.em
      .getConnection()
      .execute<{ due: Date | string | null }[]>(
        `select min(next_attempt_at) as due from invitation_delivery where status in ('QUEUED', 'RETRY')`,
      );
    if (!next?.due) return;
    const due = new Date(next.due);
    if (due.getTime() >= now.getTime() + SWEEP_MS) return;
    await wakeAt(due < now ? now : due);
  } catch (error) {
    deps.log.warn(`scheduling the next delivery drain: ${String(error)}`);
  }
}

/** Claims up to CLAIM due rows (QUEUED, RETRY, or SENDING with its lease run out) as SENDING. */
async function claim(deps: DrainDeps): Promise<Claimed[]> {
  const now = deps.clock.now();
  const rows = await deps.orm.em.getConnection().execute<Claimed[]>(
    `with due as (
       select id, status from invitation_delivery
        where status in ('QUEUED', 'RETRY', 'SENDING') and next_attempt_at <= ?
        order by next_attempt_at limit ${CLAIM} for update skip locked),
     leased as (
       update invitation_delivery d set status = 'SENDING', attempts = d.attempts + 1,
              next_attempt_at = ?, first_attempt_at = coalesce(d.first_attempt_at, ?)
         from due where d.id = due.id
       returning d.id, d.invitation_id, d.purpose, d.sealed_token, d.attempts, d.channel,
                 d.first_attempt_at, due.status as was)
     select l.*, to_jsonb(t) as target
       from leased l left join lateral (${deps.target.claimSql}) t on true`,
    [now, new Date(now.getTime() + deps.policy.leaseMs), now],
  );
  for (const row of rows)
    if (row.was === 'SENDING') {
      // Its worker died (or hung past the lease) between claiming and recording: the provider may
      // have taken it. Sent again so nothing is lost; a copy, if any, is counted once sent.
      metrics.leaseExpiries.inc({ channel: row.channel });
      deps.log.warn(
        `delivery ${row.id} (invitation ${row.invitation_id}, ${row.channel}): lease expired while SENDING; sending attempt ${row.attempts}, a possible duplicate`,
      );
    }
  return rows;
}

async function deliver(deps: DrainDeps, row: Claimed): Promise<Outcome> {
  const now = deps.clock.now();
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
  const base = {
    delivery,
    row: row.target,
    token,
    provider: sender.provider,
    afterLease: row.was === 'SENDING',
  };
  const content = token ? deps.target.prepare(delivery, row.target, token, now) : null;
  if (!token || !content) return { ...base, outcome: 'SKIPPED' };
  try {
    const message = await renderInvitationMessage(row.channel, {
      ...content,
      link: invitationLink(deps.appUrl, token),
      reminder: row.purpose === 'REMINDER',
    });
    const { providerId } = await sender.send(message, { key: row.id });
    return { ...base, outcome: 'SENT', providerId };
  } catch (error) {
    const failedAt = deps.clock.now();
    const failure = classifyFailure(sender.provider, error);
    metrics.providerErrors.inc({ provider: sender.provider, code: failure.code ?? 'unknown' });
    const next = nextTry(
      deps.policy.retry,
      failure,
      row.attempts,
      new Date(row.first_attempt_at),
      failedAt,
      deps.random,
    );
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    deps.log.warn(
      `delivery ${row.id} (invitation ${row.invitation_id}, ${row.purpose} by ${row.channel}) attempt ${row.attempts} failed, ${failure.kind.toLowerCase()}${'retryAt' in next ? `, retrying at ${next.retryAt.toISOString()}` : ', giving up'}: ${detail}`,
    );
    return 'retryAt' in next
      ? {
          ...base,
          outcome: 'RETRY',
          error: failure.reason.slice(0, 500),
          failure,
          retryAt: next.retryAt,
        }
      : { ...base, outcome: 'FAILED', error: next.giveUp.slice(0, 500), failure };
  }
}

/** record(), tried again on a database error: the message is out, only the write is missing. */
async function recordWithRetries(deps: DrainDeps, outcome: Outcome): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await record(deps, outcome);
      return;
    } catch (error) {
      if (attempt >= RECORD_TRIES) {
        deps.log.error(
          `delivery ${outcome.delivery.id} (invitation ${outcome.delivery.invitationId}): ${outcome.outcome} could not be recorded; it stays SENDING until its lease runs out`,
          error,
        );
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/**
 * One attempt's outcome, committed at once: the delivery (fenced on its attempt number: a worker
 * whose lease ran out and was claimed again writes nothing), its attempt row, and the target's
 * side, in one transaction. The sealed token is wiped once sent or skipped, kept otherwise (a
 * FAILED delivery can be requeued without a new link).
 */
async function record(deps: DrainDeps, o: Outcome): Promise<void> {
  const now = deps.clock.now();
  const conn = deps.orm.em.getConnection();
  const done = o.outcome !== 'RETRY';
  const failure = o.failure
    ? o.failure.kind === 'PERMANENT'
      ? 'PERMANENT'
      : o.failure.outage
        ? 'OUTAGE'
        : 'TRANSIENT'
    : null;
  await deps.orm.em.fork().transactional(async (tx) => {
    const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
    const recorded = await conn.execute<{ delivery_id: string }[]>(
      `with d as (
         update invitation_delivery set status = ?,
                sealed_token = case when ? then null else sealed_token end,
                provider = ?, provider_id = ?, error = ?, error_code = ?, failure = ?,
                last_attempt_at = ?, finished_at = ?, next_attempt_at = coalesce(?, next_attempt_at)
          where id = ? and status = 'SENDING' and attempts = ?
          returning id)
       insert into delivery_attempt (id, delivery_id, attempt, outcome, provider, provider_id, error, classification, code, at)
       select gen_random_uuid(), d.id, ?, ?, ?, ?, ?, ?, ?, ? from d
       returning delivery_id`,
      [
        o.outcome,
        o.outcome === 'SENT' || o.outcome === 'SKIPPED',
        o.provider,
        o.providerId ?? null,
        o.error ?? null,
        o.failure?.code?.slice(0, 40) ?? null,
        failure,
        now,
        done ? now : null,
        o.retryAt ?? null,
        o.delivery.id,
        o.delivery.attempt,
        o.delivery.attempt,
        // Every try is kept for the record; a retried one as FAILED, with its classification.
        o.outcome === 'RETRY' ? 'FAILED' : o.outcome,
        o.provider,
        o.providerId ?? null,
        o.error ?? null,
        o.failure?.kind ?? null,
        o.failure?.code?.slice(0, 40) ??
          (o.afterLease && o.outcome === 'SENT' ? 'LEASE_EXPIRED' : null),
        now,
      ],
      'all',
      ctx,
    );
    if (!recorded.length) {
      deps.log.warn(
        `delivery ${o.delivery.id}: attempt ${o.delivery.attempt} (${o.outcome}) ended after its lease ran out and another claim took it; not recorded`,
      );
      return;
    }
    await deps.target.settle(tx, [o], now);
  });
}

/** Claimed but not sent (shutdown, or a broken drain): QUEUED again, due now, the claim undone. */
async function release(deps: DrainDeps, rows: Claimed[]): Promise<void> {
  await deps.orm.em.getConnection().execute(
    `update invitation_delivery d set status = 'QUEUED', next_attempt_at = ?, attempts = d.attempts - 1,
            first_attempt_at = case when d.attempts = 1 then null else d.first_attempt_at end
       from jsonb_to_recordset(?::jsonb) as t(id uuid, attempt int)
      where d.id = t.id and d.status = 'SENDING' and d.attempts = t.attempt`,
    [deps.clock.now(), JSON.stringify(rows.map((r) => ({ id: r.id, attempt: r.attempts })))],
  );
  deps.log.info(`released ${rows.length} claimed deliveries`);
}

/**
 * A channel's provider took a message: the deliveries of that channel waiting out an outage
 * (connection errors, timeouts, 421, HTTP 5xx) are due now, so the queue drains within a minute of
 * its return. Deliveries waiting for their own reasons (a full mailbox, a rate limit's
 * Retry-After) keep their time.
 */
async function wakeAfterOutage(deps: DrainDeps, channel: Channel): Promise<void> {
  const now = deps.clock.now();
  try {
    const woken = await deps.orm.em.getConnection().execute(
      `update invitation_delivery set next_attempt_at = ?
        where status = 'RETRY' and failure = 'OUTAGE' and channel = ? and next_attempt_at > ?`,
      [now, channel, now],
      'run',
    );
    const count = (woken as { affectedRows?: number }).affectedRows ?? 0;
    if (count) deps.log.info(`${channel} provider is back: ${count} deliveries due now`);
  } catch (error) {
    deps.log.error(`waking ${channel} deliveries after an outage failed`, error);
  }
}

/**
 * The probe: for each channel with deliveries waiting out an outage and none of them tried for
 * PROBE_AFTER_MS, the one due soonest is due now; if it goes out, wakeAfterOutage does the rest.
 */
async function probeOutages(deps: DrainDeps): Promise<void> {
  const now = deps.clock.now();
  await deps.orm.em.getConnection().execute(
    `update invitation_delivery set next_attempt_at = ?
      where id in (
        select distinct on (channel) id from invitation_delivery
         where status = 'RETRY' and failure = 'OUTAGE' and next_attempt_at > ?
           and channel not in (select channel from invitation_delivery where status = 'RETRY'
                                group by channel having max(last_attempt_at) > ?)
         order by channel, next_attempt_at)`,
    [now, now, new Date(now.getTime() - PROBE_AFTER_MS)],
  );
}
