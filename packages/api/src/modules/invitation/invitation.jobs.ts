import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { Sealer } from '../../common/secret.js';
import type { JobContext } from '../../common/context.js';
import { defineJob } from '../../infra/jobs/define-job.js';
import type { Mailer } from '../../infra/mail/mailer.js';
import type { SmsSender } from '../../infra/sms/sms.js';
import { hashToken, newToken } from '../auth/index.js';
import {
  applyEarlySmsStatuses,
  channelSenders,
  invitationLink,
  MAX_ATTEMPTS,
  queueDeliveries,
  renderInvitationMessage,
  retryAt,
  warmInvitationLayout,
  type ChannelSenders,
} from '../delivery/index.js';
import type { InvitationChannel } from './invitation.entity.js';
import { appendEvents } from '../event/index.js';
import { EXPIRY_JOB, expireInvitations } from './invitation-expiry.job.js';
import { fromSql, ROTATE_TOKEN_SQL } from './invitation.lifecycle.js';

const CLAIM = 50;
const IN_FLIGHT = 10;
const LEASE_MS = 5 * 60_000;
const REMIND_BEFORE_MS = 24 * 3_600_000;

export interface InvitationJobDeps {
  orm: MikroORM;
  clock: Clock;
  sealer: Sealer;
  mailer: Mailer;
  sms: SmsSender;
  /** The provider of each channel (delivery's channelSenders). */
  senders: ChannelSenders;
  appUrl: string;
  /** Where providers reach the API (status callbacks). */
  publicUrl: string;
  smsDefaultCountry: string;
  log: Logger;
}

interface Claimed {
  id: string;
  invitation_id: string;
  purpose: 'INVITATION' | 'REMINDER';
  sealed_token: string | null;
  attempts: number;
  channel: InvitationChannel;
  status: string;
  kind: 'STAFF' | 'PATIENT' | 'PROXY';
  address: string;
  organisation_id: string;
  deployment_id: string | null;
  expires_at: Date;
  token_hash: string;
  organisation_name: string;
  deployment_name: string | null;
  role_name: string | null;
  inviter_name: string | null;
  inviter_email: string | null;
  /** The patient's first name, for the SMS greeting. */
  first_name: string | null;
  /** Reset by a resend: a reminder queued before it gives way. */
  reminded_at: Date | null;
}

type Result = {
  id: string;
  invitationId: string;
  /** For the event: the invitation's scope and address. */
  scope: { organisationId: string; deploymentId: string | null; address: string };
  channel: InvitationChannel;
  purpose: string;
  attempt: number;
  outcome: 'SENT' | 'SKIPPED' | 'RETRY' | 'FAILED';
  /** Who carried (or would have carried) it: the mailer's or the SMS sender's name. */
  provider: string;
  providerId?: string;
  error?: string;
};

/**
 * Drains due deliveries: claims up to 50 rows at a time with SKIP LOCKED (a lease, so a crashed
 * worker's rows come back after five minutes), sends up to 10 at once, and records each outcome
 * in set-based updates. A delivery whose invitation is no longer pending, has expired, or whose
 * token was rotated since is skipped; so is a reminder a resend overtook. A reminder carries the
 * invitation's next token: it becomes the invitation's token once the provider has taken the
 * message (adoptToken), so the link the person already has works until then. Failures retry with
 * backoff, then fail visibly.
 */
export async function drainDeliveries(
  deps: InvitationJobDeps,
): Promise<{ sent: number; skipped: number; retried: number; failed: number }> {
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
       select l.*, i.status, i.kind, i.address, i.organisation_id, i.deployment_id, i.expires_at, i.token_hash, i.reminded_at, o.name as organisation_name, dp.name as deployment_name,
              r.name as role_name, u.full_name as inviter_name, u.email as inviter_email, p.first_name
         from leased l join invitation i on i.id = l.invitation_id join organisation o on o.id = i.organisation_id
         left join deployment dp on dp.id = i.deployment_id left join role r on r.id = i.role_id left join app_user u on u.id = i.invited_by_id
         left join patient p on p.id = i.patient_id`,
      [now, new Date(now.getTime() + LEASE_MS)],
    );
    if (claimed.length === 0) break;

    const results: Result[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const row = claimed[next++]!;
        results.push(await adoptingDeliver(deps, row, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, claimed.length) }, worker));
    await record(deps, results, now);
    for (const r of results) {
      if (r.outcome === 'SENT') totals.sent++;
      else if (r.outcome === 'SKIPPED') totals.skipped++;
      else if (r.outcome === 'RETRY') totals.retried++;
      else totals.failed++;
    }
  }
  // Twilio may have reported on texts before their SIDs were recorded above: applied now.
  await applyEarlySmsStatuses(deps.orm, deps.clock.now());
  return totals;
}

/** Delivers a row; a reminder the provider took then hands its token to the invitation. */
async function adoptingDeliver(deps: InvitationJobDeps, row: Claimed, now: Date): Promise<Result> {
  const result = await deliver(deps, row, now);
  if (result.outcome !== 'SENT' || row.purpose !== 'REMINDER') return result;
  try {
    const token = deps.sealer.unseal(row.sealed_token!);
    if (hashToken(token) !== row.token_hash) await adoptToken(deps, row, token, now);
    return result;
  } catch (error) {
    // Sent, but its link would not work yet: sent again later with the same token, adopted then.
    return failed(deps, row, result, error);
  }
}

/**
 * A reminder the provider has taken: its token becomes the invitation's and the one it replaces
 * is remembered, so the earlier link says "replaced". Compare-and-set on the token seen when the
 * row was claimed: if a resend rotated it meanwhile, the resend's token stays and the reminder's
 * is only remembered as replaced.
 */
async function adoptToken(
  deps: InvitationJobDeps,
  row: Claimed,
  token: string,
  now: Date,
): Promise<void> {
  const hash = hashToken(token);
  await deps.orm.em.getConnection().execute(
    `update invitation set
        ${ROTATE_TOKEN_SQL},
        updated_at = ?
      where id = ?`,
    [row.token_hash, hash, row.token_hash, hash, now, row.invitation_id],
    'run',
  );
}

function failed(
  deps: InvitationJobDeps,
  row: Claimed,
  base: Omit<Result, 'outcome'>,
  error: unknown,
): Result {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  deps.log.warn(`delivery ${row.id} attempt ${row.attempts} failed: ${message}`);
  return { ...base, outcome: row.attempts >= MAX_ATTEMPTS ? 'FAILED' : 'RETRY', error: message };
}

async function deliver(deps: InvitationJobDeps, row: Claimed, now: Date): Promise<Result> {
  const sender = deps.senders[row.channel];
  const base = {
    id: row.id,
    invitationId: row.invitation_id,
    scope: {
      organisationId: row.organisation_id,
      deploymentId: row.deployment_id,
      address: row.address,
    },
    channel: row.channel,
    purpose: row.purpose,
    attempt: row.attempts,
    provider: sender.provider,
  };
  let token: string | null;
  try {
    token = row.sealed_token ? deps.sealer.unseal(row.sealed_token) : null;
  } catch {
    token = null;
  }
  // Revoked, accepted, expired, or superseded by a newer token (a reminder, whose token is the
  // next one: by a resend): nothing useful to send.
  if (
    !token ||
    row.status !== 'PENDING' ||
    new Date(row.expires_at) <= now ||
    (row.purpose === 'REMINDER' ? row.reminded_at === null : hashToken(token) !== row.token_hash)
  ) {
    return { ...base, outcome: 'SKIPPED' };
  }
  try {
    const message = await renderInvitationMessage(row.channel, {
      kind: row.kind,
      to: row.address,
      link: invitationLink(deps.appUrl, token),
      expiresAt: new Date(row.expires_at),
      reminder: row.purpose === 'REMINDER',
      organisationName: row.organisation_name,
      deploymentName: row.deployment_name,
      roleName: row.role_name,
      inviterName: row.inviter_name,
      inviterEmail: row.inviter_email,
      firstName: row.first_name,
    });
    const { providerId } = await sender.send(message);
    return { ...base, outcome: 'SENT', providerId };
  } catch (error) {
    return failed(deps, row, base, error);
  }
}

async function record(deps: InvitationJobDeps, results: Result[], now: Date): Promise<void> {
  const conn = deps.orm.em.getConnection();
  await deps.orm.em.fork().transactional(async (tx) => {
    const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
    await conn.execute(
      `update invitation_delivery d set
          status = case t.outcome when 'SENT' then 'SENT' when 'SKIPPED' then 'SKIPPED' when 'FAILED' then 'FAILED' else 'QUEUED' end,
          sealed_token = case when t.outcome = 'RETRY' then d.sealed_token else null end,
          provider = t.provider, provider_id = t.provider_id, error = t.error,
          finished_at = case when t.outcome = 'RETRY' then null else ?::timestamptz end,
          -- delivery's backoffMs, computed per row below
          next_attempt_at = case when t.outcome = 'RETRY' then t.retry_at else d.next_attempt_at end
         from jsonb_to_recordset(?::jsonb) as t(id uuid, outcome text, provider text, provider_id text, error text, retry_at timestamptz)
        where d.id = t.id`,
      [
        now,
        JSON.stringify(
          results.map((r) => ({
            id: r.id,
            outcome: r.outcome,
            provider: r.provider,
            provider_id: r.providerId ?? null,
            error: r.error ?? null,
            retry_at: r.outcome === 'RETRY' ? retryAt(r.attempt, now) : null,
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
          results.map((r) => ({
            id: r.id,
            attempt: r.attempt,
            outcome: r.outcome === 'RETRY' ? 'FAILED' : r.outcome,
            provider: r.provider,
            provider_id: r.providerId ?? null,
            error: r.error ?? null,
          })),
        ),
      ],
      'run',
      ctx,
    );
    // The invitation shows the state of its latest message.
    const visible = results.filter((r) => r.outcome !== 'SKIPPED');
    if (visible.length) {
      await conn.execute(
        `update invitation i set
            delivery_status = case t.outcome when 'SENT' then 'SENT' when 'FAILED' then 'FAILED' else 'QUEUED' end,
            delivery_error = t.error,
            sent_count = i.sent_count + case when t.outcome = 'SENT' then 1 else 0 end,
            last_sent_at = case when t.outcome = 'SENT' then ?::timestamptz else i.last_sent_at end,
            updated_at = ?
           from jsonb_to_recordset(?::jsonb) as t(id uuid, outcome text, error text)
          where i.id = t.id`,
        [
          now,
          now,
          JSON.stringify(
            visible.map((r) => ({
              id: r.invitationId,
              outcome: r.outcome,
              error: r.error ?? null,
            })),
          ),
        ],
        'run',
        ctx,
      );
    }
    // invitation.sent when handed to the provider; invitation.delivery_failed when retries ran out.
    for (const [outcome, type] of [
      ['SENT', 'invitation.sent'],
      ['FAILED', 'invitation.delivery_failed'],
    ] as const) {
      await appendEvents(tx, {
        type,
        occurredAt: now,
        subjectType: 'Invitation',
        rows: results
          .filter((r) => r.outcome === outcome)
          .map((r) => ({
            organisationId: r.scope.organisationId,
            deploymentId: r.scope.deploymentId,
            subjectId: r.invitationId,
            label: r.scope.address,
            after: {
              purpose: r.purpose,
              channel: r.channel,
              attempt: r.attempt,
              provider: r.provider,
              ...(r.error ? { error: r.error } : {}),
            },
          })),
      });
    }
  });
}

/**
 * Finds pending invitations that entered their last 24 hours and were not reminded, and queues one
 * reminder each by the invitation's own channel (email or SMS) with a new token, sealed; the
 * invitation adopts it once the reminder is sent (drainDeliveries). In batches of
 * 1000 claimed with SKIP LOCKED. Deployments with `remindersEnabled: false` get none. Invitations of 24 hours or less get none (the first email is
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

/** Each runtime's channel senders, made once (by the first job that needs them). */
const sendersOf = new WeakMap<JobContext, ChannelSenders>();

/** The invitation jobs' deps, from what every job runs with. */
export function invitationJobDeps(ctx: JobContext): InvitationJobDeps {
  let senders = sendersOf.get(ctx);
  if (!senders) sendersOf.set(ctx, (senders = channelSenders(ctx)));
  return {
    orm: ctx.orm,
    clock: ctx.clock,
    sealer: ctx.sealer,
    mailer: ctx.mailer,
    sms: ctx.sms,
    senders,
    appUrl: ctx.env.APP_URL,
    publicUrl: ctx.env.publicUrl,
    smsDefaultCountry: ctx.env.SMS_DEFAULT_COUNTRY,
    log: ctx.log,
  };
}

/** Sends what is due; woken after every write that queues a delivery, and a sweeper every 30 s. */
export const deliveryJob = defineJob({
  name: 'invitation-delivery',
  every: '30 seconds',
  concurrency: 2,
  async run(_data, ctx) {
    const t = await drainDeliveries(invitationJobDeps(ctx));
    return `sent ${t.sent}, skipped ${t.skipped}, retrying ${t.retried}, failed ${t.failed}`;
  },
});

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
