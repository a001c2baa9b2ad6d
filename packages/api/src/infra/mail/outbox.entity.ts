import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** Messages "sent" in development without SMTP or Twilio: the SPA shows them on a development page. */
export const OutboxMessageEntity = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    channel: p.string().length(10),
    to: p.string().length(254),
    subject: p.string().length(300).nullable(),
    text: p.text(),
    html: p.text().nullable(),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
  }),
});
export type OutboxMessageEntity = InferEntity<typeof OutboxMessageEntity>;
