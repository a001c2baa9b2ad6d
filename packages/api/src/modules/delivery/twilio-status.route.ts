import express from 'express';
import type { HttpRoutes } from '../../common/http.js';
import { applySmsStatus, TWILIO_STATUS_PATH } from './sms-status.service.js';

/**
 * Twilio status callbacks: POST /webhooks/twilio/status, form-encoded, signed with the auth token
 * over the public URL and the fields (403 when the signature is wrong). The delivery found by its
 * MessageSid keeps Twilio's latest word, and the delivery target (the invitation) is told
 * (`DeliveryTarget.reported`), as callbacks may arrive out of order.
 * A message no delivery holds yet is kept in early_sms_status for the worker to apply once it has
 * recorded the SID (Twilio can be faster than that); either way the answer is 204.
 */
export const twilioStatusRoutes: HttpRoutes = (app, orm, deps) => {
  app.post(
    TWILIO_STATUS_PATH,
    express.urlencoded({ extended: false, limit: '64kb' }),
    async (req, res, next) => {
      try {
        const params = Object.fromEntries(
          Object.entries((req.body ?? {}) as Record<string, unknown>).filter(
            (e): e is [string, string] => typeof e[1] === 'string',
          ),
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
          const matched = await applySmsStatus(
            tx,
            deps.deliveryTarget,
            sid,
            status,
            params.ErrorCode ?? null,
            deps.clock.now(),
          );
          if (matched) return;
          // No delivery holds this SID yet: its worker may still be recording it. Kept for it (the
          // latest final word wins, as above); dropped after a day if nobody claims it.
          await tx.getConnection().execute(
            `insert into early_sms_status (provider_id, status, error_code, received_at) values (?, ?, ?, ?)
           on conflict (provider_id) do update set
             status = case when early_sms_status.status in ('delivered', 'undelivered', 'failed') and excluded.status not in ('delivered', 'undelivered', 'failed')
                           then early_sms_status.status else excluded.status end,
             error_code = coalesce(excluded.error_code, early_sms_status.error_code), received_at = excluded.received_at`,
            [
              sid.slice(0, 64),
              status.slice(0, 40),
              params.ErrorCode?.slice(0, 20) ?? null,
              deps.clock.now(),
            ],
            'run',
            tx.getTransactionContext(),
          );
        });
        res.status(204).end();
      } catch (e) {
        next(e);
      }
    },
  );
};
