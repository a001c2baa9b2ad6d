import type { EntityManager } from '@mikro-orm/postgresql';
import { hashToken } from '../auth/index.js';
import type { DeliveryOutcome, DeliveryTarget } from '../delivery/index.js';
import { appendEvents } from '../event/index.js';
import type { InvitationKind, StoredInvitationStatus } from './invitation.entity.js';
import { rotateTokenSql } from './invitation.lifecycle.js';

/** What the drain reads of a delivery's invitation (claimSql), as JSON: timestamps are strings. */
interface InvitationRow {
  status: StoredInvitationStatus;
  kind: InvitationKind;
  address: string;
  organisation_id: string;
  deployment_id: string | null;
  expires_at: string;
  token_hash: string;
  /** Reset by a resend: a reminder queued before it gives way. */
  reminded_at: string | null;
  organisation_name: string;
  deployment_name: string | null;
  role_name: string | null;
  inviter_name: string | null;
  inviter_email: string | null;
  /** The patient's first name, for the SMS greeting (the patient, or the one a helper helps). */
  first_name: string | null;
}

type Outcome = DeliveryOutcome<InvitationRow>;

/**
 * The invitation's side of every delivery, handed to the delivery drain by the composition root:
 * which messages are still worth sending and what they say, and what their outcomes change on
 * the invitation (its delivery state, sent count, the reminder's token, the events), and what a
 * provider reports later (Twilio's status callbacks). This module
 * keeps every write to `invitation`.
 */
export const invitationDeliveryTarget: DeliveryTarget<InvitationRow> = {
  claimSql: `select i.status, i.kind, i.address, i.organisation_id, i.deployment_id, i.expires_at, i.token_hash, i.reminded_at,
         o.name as organisation_name, dp.name as deployment_name, r.name as role_name,
         u.full_name as inviter_name, u.email as inviter_email, p.first_name
    from invitation i join organisation o on o.id = i.organisation_id
    left join deployment dp on dp.id = i.deployment_id left join role r on r.id = i.role_id
    left join app_user u on u.id = i.invited_by_id left join patient p on p.id = i.patient_id
   where i.id = l.invitation_id`,

  /**
   * Revoked, accepted, expired, or superseded by a newer token (a reminder, whose token is the
   * next one: by a resend, which clears reminded_at): nothing useful to send.
   */
  prepare(delivery, row, token, now) {
    if (
      !row ||
      row.status !== 'PENDING' ||
      new Date(row.expires_at) <= now ||
      (delivery.purpose === 'REMINDER'
        ? row.reminded_at === null
        : hashToken(token) !== row.token_hash)
    )
      return null;
    return {
      kind: row.kind,
      to: row.address,
      expiresAt: new Date(row.expires_at),
      organisationName: row.organisation_name,
      deploymentName: row.deployment_name,
      roleName: row.role_name,
      inviterName: row.inviter_name,
      inviterEmail: row.inviter_email,
      firstName: row.first_name,
    };
  },

  async settle(tx, outcomes, now) {
    await showLatest(tx, outcomes, now);
    await adoptReminderTokens(tx, outcomes, now);
    await appendDeliveryEvents(tx, outcomes, now);
  },

  /**
   * A provider's later word on a message: the invitation shows DELIVERED or FAILED (with the
   * error) or SENT, never back from a final state, and only for its latest message; the first
   * final word appends invitation.delivered or invitation.delivery_failed.
   */
  async reported(tx, report, now) {
    const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
    const conn = tx.getConnection();
    if (report.state)
      await conn.execute(
        `update invitation i set delivery_status = ?, delivery_error = ?, updated_at = ?
          where i.id = ? and (? <> 'SENT' or i.delivery_status not in ('DELIVERED', 'FAILED'))
            and not exists (select 1 from invitation_delivery d
                             where d.invitation_id = i.id and d.id <> ? and d.created_at > ?)`,
        [
          report.state,
          report.error,
          now,
          report.invitationId,
          report.state,
          report.deliveryId,
          report.deliveryCreatedAt,
        ],
        'run',
        ctx,
      );
    if (!report.firstFinal) return;
    const [invitation] = await conn.execute<
      { organisation_id: string; deployment_id: string | null; address: string }[]
    >(
      'select organisation_id, deployment_id, address from invitation where id = ?',
      [report.invitationId],
      'all',
      ctx,
    );
    if (!invitation) return;
    await appendEvents(tx, {
      type: report.state === 'DELIVERED' ? 'invitation.delivered' : 'invitation.delivery_failed',
      occurredAt: now,
      subjectType: 'Invitation',
      rows: [
        {
          organisationId: invitation.organisation_id,
          deploymentId: invitation.deployment_id,
          subjectId: report.invitationId,
          label: invitation.address,
          after: {
            channel: report.channel,
            provider: report.provider,
            providerStatus: report.providerStatus,
            ...(report.errorCode ? { errorCode: report.errorCode } : {}),
          },
        },
      ],
    });
  },
};

/** The invitation shows the state of its latest message; a skipped one changes nothing. */
async function showLatest(tx: EntityManager, outcomes: readonly Outcome[], now: Date) {
  const visible = outcomes.filter((o) => o.outcome !== 'SKIPPED');
  if (!visible.length) return;
  await tx.getConnection().execute(
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
        visible.map((o) => ({
          id: o.delivery.invitationId,
          outcome: o.outcome,
          error: o.error ?? null,
        })),
      ),
    ],
    'run',
    tx.getTransactionContext(),
  );
}

/**
 * A reminder carries the invitation's next token: once the provider has taken it, that token
 * becomes the invitation's and the one it replaces is remembered, so the earlier link says
 * "replaced"; until then the link the person has keeps working. Compare-and-set on the token seen
 * when the delivery was claimed: if a resend rotated it meanwhile, the resend's token stays and
 * the reminder's is only remembered as replaced. A reminder sent again with a token already
 * adopted changes nothing.
 */
async function adoptReminderTokens(tx: EntityManager, outcomes: readonly Outcome[], now: Date) {
  const adopted = outcomes.flatMap((o) => {
    if (o.outcome !== 'SENT' || o.delivery.purpose !== 'REMINDER' || !o.row || !o.token) return [];
    const next = hashToken(o.token);
    return next === o.row.token_hash
      ? []
      : [{ id: o.delivery.invitationId, seen: o.row.token_hash, next }];
  });
  if (!adopted.length) return;
  await tx.getConnection().execute(
    `update invitation set ${rotateTokenSql('t.seen', 't.next')}, updated_at = ?
       from jsonb_to_recordset(?::jsonb) as t(id uuid, seen text, next text)
      where invitation.id = t.id`,
    [now, JSON.stringify(adopted)],
    'run',
    tx.getTransactionContext(),
  );
}

/** invitation.sent when handed to the provider; invitation.delivery_failed when retries ran out. */
async function appendDeliveryEvents(tx: EntityManager, outcomes: readonly Outcome[], now: Date) {
  for (const [outcome, type] of [
    ['SENT', 'invitation.sent'],
    ['FAILED', 'invitation.delivery_failed'],
  ] as const) {
    await appendEvents(tx, {
      type,
      occurredAt: now,
      subjectType: 'Invitation',
      rows: outcomes.flatMap((o) =>
        o.outcome === outcome && o.row
          ? [
              {
                organisationId: o.row.organisation_id,
                deploymentId: o.row.deployment_id,
                subjectId: o.delivery.invitationId,
                label: o.row.address,
                after: {
                  purpose: o.delivery.purpose,
                  channel: o.delivery.channel,
                  attempt: o.delivery.attempt,
                  provider: o.provider,
                  ...(o.error ? { error: o.error } : {}),
                },
              },
            ]
          : [],
      ),
    });
  }
}
