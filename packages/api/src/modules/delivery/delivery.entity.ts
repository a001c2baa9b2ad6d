import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { CHANNELS } from '@porter/shared';

/**
 * Where an invitation's latest message stands, as the invitation shows it: queued, handed to the
 * provider, confirmed delivered by it (Twilio status callbacks), or failed.
 */
export const DELIVERY_STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** Why a message is sent: the invitation itself (first send or resend), or its reminder. */
export const DELIVERY_PURPOSES = ['INVITATION', 'REMINDER'] as const;
export type DeliveryPurpose = (typeof DELIVERY_PURPOSES)[number];
export const ATTEMPT_STATUSES = ['QUEUED', 'SENT', 'FAILED', 'SKIPPED'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** What a delivery is for, as far as this module needs it: the invitation's id. */
interface DeliverySubject {
  id: string;
}
type SubjectEntity = { readonly '~entity': DeliverySubject };

let subject: SubjectEntity | undefined;

/**
 * Names the entity deliveries belong to (the invitation), once, before the ORM starts: the
 * composition root does (app/entities.ts). The foreign key needs the entity itself, and this
 * module cannot import it, as the invitation module imports this one; the ORM reads the relation
 * only when it starts.
 */
export function deliveriesBelongTo(entity: SubjectEntity): void {
  subject = entity;
}

function subjectEntity(): SubjectEntity {
  if (!subject)
    throw new Error('deliveriesBelongTo(InvitationEntity) was not called (app/entities.ts)');
  return subject;
}

/**
 * One message to send for an invitation (the first email, a resend, a reminder). Written in the
 * same transaction as the change that causes it; workers claim due rows with SKIP LOCKED, so
 * several can drain the queue and nothing is lost if one dies. The token travels sealed
 * (AES-GCM with the server secret) and is wiped once the message is out.
 */
export const InvitationDeliveryEntity = defineEntity({
  name: 'InvitationDelivery',
  tableName: 'invitation_delivery',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    invitation: () => p.manyToOne(subjectEntity()).deleteRule('cascade').index(),
    purpose: p.enum(DELIVERY_PURPOSES),
    channel: p.enum(CHANNELS),
    status: p.enum(ATTEMPT_STATUSES).default('QUEUED'),
    sealedToken: p.text().nullable().hidden(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    provider: p.string().length(40).nullable(),
    providerId: p.string().length(200).nullable(),
    /** The provider's latest word on the message (Twilio status callbacks: sent, delivered, undelivered, failed). */
    providerStatus: p.string().length(40).nullable(),
    error: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  }),
  indexes: [
    {
      name: 'invitation_delivery_provider_id',
      expression:
        'create index "invitation_delivery_provider_id" on "invitation_delivery" ("provider_id") where "provider_id" is not null',
    },
    {
      name: 'invitation_delivery_due',
      expression:
        'create index "invitation_delivery_due" on "invitation_delivery" ("next_attempt_at") where "status" = \'QUEUED\'',
    },
  ],
});
export type InvitationDeliveryEntity = InferEntity<typeof InvitationDeliveryEntity>;

/** One try at sending a delivery, kept for the record: when, how it went, and the provider's answer. */
export const DeliveryAttemptEntity = defineEntity({
  name: 'DeliveryAttempt',
  tableName: 'delivery_attempt',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    delivery: () => p.manyToOne(InvitationDeliveryEntity).deleteRule('cascade').index(),
    attempt: p.integer(),
    outcome: p.string().length(10),
    provider: p.string().length(40),
    providerId: p.string().length(200).nullable(),
    error: p.string().length(500).nullable(),
    at: p.datetime(),
  }),
});
export type DeliveryAttemptEntity = InferEntity<typeof DeliveryAttemptEntity>;
