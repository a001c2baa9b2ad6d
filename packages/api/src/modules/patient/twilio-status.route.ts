import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { HttpRoutes } from '../../app/http-routes.js';

export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** Twilio's message statuses that settle an invitation's delivery state. */
const DELIVERY_STATUS: Record<string, 'SENT' | 'DELIVERED' | 'FAILED'> = { sent: 'SENT', delivered: 'DELIVERED', undelivered: 'FAILED', failed: 'FAILED' };

/**
 * Twilio status callbacks: POST /webhooks/twilio/status, form-encoded, signed with the auth token
 * over the public URL and the fields (403 when the signature is wrong). The delivery found by its
 * MessageSid keeps Twilio's latest word; the invitation moves to DELIVERED or FAILED (with the
 * error code), or SENT, never back from a final state, as callbacks may arrive out of order.
 * A message no delivery holds yet is kept in early_sms_status for the worker to apply once it has
 * recorded the SID (Twilio can be faster than that); either way the answer is 204.
 */
export const twilioStatusRoutes: HttpRoutes = (app, orm, deps) => {
  app.post(TWILIO_STATUS_PATH, express.urlencoded({ extended: false, limit: '64kb' }), async (req, res, next) => {
    try {
      const params = Object.fromEntries(
        Object.entries((req.body ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      const url = `${deps.env.publicUrl}${TWILIO_STATUS_PATH}`;
      if (!deps.sms.validSignature(req.get('x-twilio-signature'), url, params)) {
        deps.log.warn('twilio status callback with an invalid signature refused');
        res.status(403).end();
        return;
      }
      const sid = params.MessageSid ?? params.SmsSid;
      const status = (params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase();
      if (!sid || !status) {
        res.status(204).end();
        return;
      }
      await orm.em.fork().transactional(async (tx) => {
        const matched = await applySmsStatus(tx, sid, status, params.ErrorCode ?? null, deps.clock.now());
        if (matched) return;
        // No delivery holds this SID yet: its worker may still be recording it. Kept for it (the
        // latest final word wins, as above); dropped after a day if nobody claims it.
        await tx.getConnection().execute(
          `insert into early_sms_status (provider_id, status, error_code, received_at) values (?, ?, ?, ?)
           on conflict (provider_id) do update set
             status = case when early_sms_status.status in ('delivered', 'undelivered', 'failed') and excluded.status not in ('delivered', 'undelivered', 'failed')
                           then early_sms_status.status else excluded.status end,
             error_code = coalesce(excluded.error_code, early_sms_status.error_code), received_at = excluded.received_at`,
          [sid.slice(0, 64), status.slice(0, 40), params.ErrorCode?.slice(0, 20) ?? null, deps.clock.now()],
          'run',
          tx.getTransactionContext(),
        );
      });
      res.status(204).end();
    } catch (e) {
      next(e);
    }
  });
};

/**
 * Applies one Twilio status to the delivery holding `sid` and to its invitation, in `tx`: the
 * delivery keeps Twilio's latest word (a late "sent" never hides a final one); the invitation
 * moves to DELIVERED or FAILED (with the error code) or SENT, never back from a final state, and
 * only for its latest message. False when no delivery holds the SID.
 */
export async function applySmsStatus(tx: EntityManager, sid: string, status: string, errorCode: string | null, now: Date): Promise<boolean> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const rows = await conn.execute<{ id: string; invitation_id: string; created_at: Date }[]>(
    `update invitation_delivery set provider_status = case
        when provider_status in ('delivered', 'undelivered', 'failed') and ? not in ('delivered', 'undelivered', 'failed') then provider_status
        else ? end
      where provider_id = ? and provider = 'twilio' returning id, invitation_id, created_at`,
    [status, status.slice(0, 40), sid],
    'all',
    ctx,
  );
  const delivery = rows[0];
  if (!delivery) return false;
  const target = DELIVERY_STATUS[status] ?? null;
  if (!target) return true;
  const error = target === 'FAILED' ? `Twilio: ${status}${errorCode ? ` (error ${errorCode})` : ''}`.slice(0, 500) : null;
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
    const ctx = tx.getTransactionContext();
    const conn = tx.getConnection();
    const claimed = await conn.execute<{ provider_id: string; status: string; error_code: string | null }[]>(
      `delete from early_sms_status e using invitation_delivery d
        where d.provider = 'twilio' and d.provider_id = e.provider_id
        returning e.provider_id, e.status, e.error_code`,
      [],
      'all',
      ctx,
    );
    for (const row of claimed) await applySmsStatus(tx, row.provider_id, row.status, row.error_code, now);
    await conn.execute('delete from early_sms_status where received_at < ?', [new Date(now.getTime() - 86_400_000)], 'run', ctx);
    return claimed.length;
  });
}
