import type { MikroORM } from '@mikro-orm/postgresql';
import nodemailer, { type Transporter } from 'nodemailer';
import { OutboxMessageEntity } from './outbox.entity.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /**
   * Names the message for good (the delivery's id): every send of it carries the same Message-ID,
   * so a copy sent twice (a worker died before recording the first) can be told apart.
   */
  key?: string;
}

export interface Mailer {
  /** Recorded on each delivery: `smtp` or `outbox`. */
  readonly provider: string;
  send(email: OutgoingEmail): Promise<{ providerId: string }>;
  close(): Promise<void>;
}

export interface SmtpOptions {
  /**
   * Connection, greeting and socket (idle) timeout, each (SMTP_TIMEOUT_MS): well under the
   * delivery lease, so a hung server is an error on the delivery rather than a stalled worker.
   * nodemailer's own defaults (2 min, 30 s, 10 min) outlive the lease.
   */
  timeoutMs: number;
}

/** SMTP through nodemailer, with pooled connections so many sends can be in flight. */
export function smtpMailer(url: string, from: string, options: SmtpOptions): Mailer {
  const transport: Transporter = nodemailer.createTransport({
    url,
    // Pooled connections so that many sends can be in flight at once.
    pool: true,
    maxConnections: 5,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'porter.invalid';
  return {
    provider: 'smtp',
    async send({ key, ...email }) {
      const info = await transport.sendMail({
        from,
        ...email,
        ...(key ? { messageId: `<${key}@${domain}>` } : {}),
      });
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
