import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { DeliveryTarget } from './delivery.target.js';

/** Where Twilio posts status callbacks (twilio-status.route.ts); the worker names it on every text. */
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** Twilio's message statuses that settle a message's state. */
const DELIVERY_STATE: Record<string, 'SENT' | 'DELIVERED' | 'FAILED'> = {
  sent: 'SENT',
  delivered: 'DELIVERED',
  undelivered: 'FAILED',
  failed: 'FAILED',
};

/** Twilio's final statuses: delivered, or never will be. */
const FINAL = new Set(['delivered', 'undelivered', 'failed']);

/**
 * Applies one Twilio status to the delivery holding `sid`, in `tx`: the delivery keeps Twilio's
 * latest word (a late "sent" never hides a final one), and the target is told what it means
 * (`DeliveryTarget.reported`: the invitation shows DELIVERED, FAILED or SENT, and a final status
 * appends its event once). False when no delivery holds the SID.
 */
export async function applySmsStatus(
  tx: EntityManager,
  target: DeliveryTarget,
  sid: string,
  status: string,
  errorCode: string | null,
  now: Date,
): Promise<boolean> {
  const rows = await tx.getConnection().execute<
    {
      id: string;
      invitation_id: string;
      created_at: Date;
      previous: string | null;
      provider_status: string;
    }[]
  >(
    `with old as (
       select id, provider_status from invitation_delivery where provider_id = ? and provider = 'twilio' for update)
     update invitation_delivery d set provider_status = case
        when d.provider_status in ('delivered', 'undelivered', 'failed') and ? not in ('delivered', 'undelivered', 'failed') then d.provider_status
        else ? end
       from old
      where d.id = old.id
      returning d.id, d.invitation_id, d.created_at, old.provider_status as previous, d.provider_status`,
    [sid, status, status.slice(0, 40)],
    'all',
    tx.getTransactionContext(),
  );
  const delivery = rows[0];
  if (!delivery) return false;
  // A status the delivery did not keep (a late "sent" after a final word) changes nothing.
  const state = delivery.provider_status === status ? (DELIVERY_STATE[status] ?? null) : null;
  await target.reported(
    tx,
    {
      deliveryId: delivery.id,
      invitationId: delivery.invitation_id,
      deliveryCreatedAt: delivery.created_at,
      channel: 'SMS',
      provider: 'twilio',
      providerStatus: delivery.provider_status,
      state,
      firstFinal: FINAL.has(delivery.provider_status) && !FINAL.has(delivery.previous ?? ''),
      error:
        state === 'FAILED'
          ? `Twilio: ${status}${errorCode ? ` (error ${errorCode})` : ''}`.slice(0, 500)
          : null,
      errorCode,
    },
    now,
  );
  return true;
}

/**
 * The worker's side of early callbacks: applies every kept status whose SID a delivery now holds
 * (and forgets it), and drops those older than a day. Returns how many were applied.
 */
export async function applyEarlySmsStatuses(
  orm: MikroORM,
  target: DeliveryTarget,
  now: Date,
): Promise<number> {
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
      await applySmsStatus(tx, target, row.provider_id, row.status, row.error_code, now);
    await conn.execute(
      'delete from early_sms_status where received_at < ?',
      [new Date(now.getTime() - 86_400_000)],
      'run',
      ctx,
    );
    return claimed.length;
  });
}
