import type { Mailer } from '../../infra/mail/mailer.js';
import type { SmsSender } from '../../infra/sms/sms.js';
import type { MessageSender } from './message.js';
import { TWILIO_STATUS_PATH } from './sms-status.service.js';

/** The mailer (SMTP or the development outbox) behind the one `send`; it carries emails only. */
export function mailSender(mailer: Mailer): MessageSender {
  return {
    provider: mailer.provider,
    send(message, options) {
      if (message.format !== 'email')
        return Promise.reject(new Error('the mailer sends emails, not plain texts'));
      return mailer.send({
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        ...(options?.key ? { key: options.key } : {}),
      });
    },
  };
}

/**
 * The SMS sender (Twilio or the development outbox) behind the one `send`: the text of the
 * message goes out. Twilio reports delivery to the status webhook (twilio-status.route.ts) at
 * `publicUrl`; the outbox has nothing to report.
 */
export function textSender(sms: SmsSender, publicUrl: string): MessageSender {
  const statusCallback = sms.provider === 'twilio' ? `${publicUrl}${TWILIO_STATUS_PATH}` : null;
  return {
    provider: sms.provider,
    async send(message) {
      const { providerId } = await sms.send({ to: message.to, body: message.text, statusCallback });
      return { providerId };
    },
  };
}
