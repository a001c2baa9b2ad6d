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
 * Unknown messages are acknowledged and ignored (204), so Twilio does not retry them.
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
      const target = DELIVERY_STATUS[status] ?? null;
      const error = target === 'FAILED' ? `Twilio: ${status}${params.ErrorCode ? ` (error ${params.ErrorCode})` : ''}`.slice(0, 500) : null;
      const now = deps.clock.now();
      await orm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        // A late "sent" never hides a final word already received.
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
        if (!delivery || !target) return;
        // The invitation shows its latest message only; SENT never replaces DELIVERED or FAILED.
        await conn.execute(
          `update invitation i set delivery_status = ?, delivery_error = ?, updated_at = ?
            where i.id = ? and (? <> 'SENT' or i.delivery_status not in ('DELIVERED', 'FAILED'))
              and not exists (select 1 from invitation_delivery d where d.invitation_id = i.id and d.id <> ? and d.created_at > ?)`,
          [target, error, now, delivery.invitation_id, target, delivery.id, delivery.created_at],
          'run',
          ctx,
        );
      });
      res.status(204).end();
    } catch (e) {
      next(e);
    }
  });
};
