import type { MikroORM } from '@mikro-orm/postgresql';
import nodemailer, { type Transporter } from 'nodemailer';
import { OutboxMessageEntity } from './outbox.entity.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface Mailer {
  /** Recorded on each delivery: `smtp` or `outbox`. */
  readonly provider: string;
  send(email: OutgoingEmail): Promise<{ providerId: string }>;
  close(): Promise<void>;
}

/** SMTP through nodemailer, with pooled connections so many sends can be in flight. */
export function smtpMailer(url: string, from: string): Mailer {
  // Pooled connections so that many sends can be in flight at once.
  const pooled = new URL(url);
  pooled.searchParams.set('pool', 'true');
  pooled.searchParams.set('maxConnections', '5');
  const transport: Transporter = nodemailer.createTransport(pooled.toString());
  return {
    provider: 'smtp',
    async send(email) {
      const info = await transport.sendMail({ from, ...email });
      return { providerId: String(info.messageId ?? '') };
    },
    async close() {
      transport.close();
    },
  };
}

/** Development: keeps the message in the outbox table for the SPA's outbox page. */
export function outboxMailer(orm: MikroORM): Mailer {
  return {
    provider: 'outbox',
    async send(email) {
      const em = orm.em.fork();
      const message = em.create(OutboxMessageEntity, {
        channel: 'EMAIL',
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
      await em.flush();
      return { providerId: message.id };
    },
    async close() {},
  };
}
