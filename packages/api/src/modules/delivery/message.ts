import type { OutgoingEmail } from '../../infra/mail/mailer.js';

/**
 * One message as a channel carries it: an email (subject, HTML and a text part) or a plain text
 * (SMS and other short-message channels). Templates make them; a `MessageSender` sends them.
 */
export type OutgoingMessage =
  ({ format: 'email' } & OutgoingEmail) | { format: 'text'; to: string; text: string };

/** The one interface behind every provider (SMTP, Twilio, the development outbox). */
export interface MessageSender {
  /** Recorded on each delivery and attempt: `smtp`, `twilio`, `outbox`. */
  readonly provider: string;
  /**
   * Sends one message. `key` names it for good (the delivery's id): the email's Message-ID, so a
   * copy sent twice can be recognised; Twilio's Messages API takes no such key.
   */
  send(message: OutgoingMessage, options?: { key?: string }): Promise<{ providerId: string }>;
}
