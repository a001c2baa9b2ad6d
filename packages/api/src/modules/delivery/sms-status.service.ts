import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { appendEvents } from '../event/index.js';

/** Where Twilio posts status callbacks (twilio-status.route.ts); the worker names it on every text. */
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** Twilio's message statuses that settle an invitation's delivery state. */
const DELIVERY_STATUS: Record<string, 'SENT' | 'DELIVERED' | 'FAILED'> = {
  sent: 'SENT',
  delivered: 'DELIVERED',
  undelivered: 'FAILED',
  failed: 'FAILED',
};

/** Twilio's final statuses and the event each appends. */
const FINAL_EVENT: Record<string, 'invitation.delivered' | 'invitation.delivery_failed'> = {
  delivered: 'invitation.delivered',
  undelivered: 'invitation.delivery_failed',
  failed: 'invitation.delivery_failed',
};

/**
 * Applies one Twilio status to the delivery holding `sid` and to its invitation, in `tx`: the
 * delivery keeps Twilio's latest word (a late "sent" never hides a final one); the invitation
 * moves to DELIVERED or FAILED (with the error code) or SENT, never back from a final state, and
 * only for its latest message. A final status (delivered, undelivered, failed) appends its event
 * once. False when no delivery holds the SID.
 */
export async function applySmsStatus(
  tx: EntityManager,
  sid: string,
  status: string,
  errorCode: string | null,
  now: Date,
): Promise<boolean> {
  const conn = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
  const rows = await conn.execute<
    {
      id: string;
      invitation_id: string;
      created_at: Date;
      previous: string | null;
      provider_status: string;
      organisation_id: string;
      deployment_id: string | null;
      address: string;
    }[]
  >(
    `with old as (
       select id, provider_status from invitation_delivery where provider_id = ? and provider = 'twilio' for update)
     update invitation_delivery d set provider_status = case
        when d.provider_status in ('delivered', 'undelivered', 'failed') and ? not in ('delivered', 'undelivered', 'failed') then d.provider_status
        else ? end
       from old join invitation i on true
      where d.id = old.id and i.id = d.invitation_id
      returning d.id, d.invitation_id, d.created_at, old.provider_status as previous, d.provider_status,
                i.organisation_id, i.deployment_id, i.address`,
    [sid, status, status.slice(0, 40)],
    'all',
    ctx,
  );
  const delivery = rows[0];
  if (!delivery) return false;
  // The provider's final word, once per message (Twilio repeats callbacks): delivered or not.
  const isFinal = (s: string | null) => s !== null && Object.hasOwn(FINAL_EVENT, s);
  if (isFinal(delivery.provider_status) && !isFinal(delivery.previous)) {
    await appendEvents(tx, {
      type: FINAL_EVENT[delivery.provider_status]!,
      occurredAt: now,
      subjectType: 'Invitation',
      rows: [
        {
          organisationId: delivery.organisation_id,
          deploymentId: delivery.deployment_id,
          subjectId: delivery.invitation_id,
          label: delivery.address,
          after: {
            channel: 'SMS',
            provider: 'twilio',
            providerStatus: delivery.provider_status,
            ...(errorCode ? { errorCode } : {}),
          },
        },
      ],
    });
  }
  const target = DELIVERY_STATUS[status] ?? null;
  if (!target) return true;
  const error =
    target === 'FAILED'
      ? `Twilio: ${status}${errorCode ? ` (error ${errorCode})` : ''}`.slice(0, 500)
      : null;
  await conn.execute(
    `update invitation i set delivery_status = ?, delivery_error = ?, updated_at = ?
      where i.id = ? and (? <> 'SENT' or i.delivery_status not in ('DELIVERED', 'FAILED'))
        and not exists (select 1 from invitation_delivery d where d.invitation_id = i.id and d.id <> ? and d.created_at > ?)`,
    [target, error, now, delivery.invitation_id, target, delivery.id, delivery.created_at],
    'run',
    ctx,
  );
  return true;
}

/**
 * The worker's side of early callbacks: applies every kept status whose SID a delivery now holds
 * (and forgets it), and drops those older than a day. Returns how many were applied.
 */
export async function applyEarlySmsStatuses(orm: MikroORM, now: Date): Promise<number> {
  return orm.em.fork().transactional(async (tx) => {
    const ctx: unknown = tx.getTransactionContext(); // MikroORM's opaque handle, passed back as is
    const conn = tx.getConnection();
    const claimed = await conn.execute<
      { provider_id: string; status: string; error_code: string | null }[]
    >(
      `delete from early_sms_status e using invitation_delivery d
        where d.provider = 'twilio' and d.provider_id = e.provider_id
        returning e.provider_id, e.status, e.error_code`,
      [],
      'all',
      ctx,
    );
    for (const row of claimed)
      await applySmsStatus(tx, row.provider_id, row.status, row.error_code, now);
    await conn.execute(
      'delete from early_sms_status where received_at < ?',
      [new Date(now.getTime() - 86_400_000)],
      'run',
      ctx,
    );
    return claimed.length;
  });
}
