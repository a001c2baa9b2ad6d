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
/**
 * A delivery row's own state: QUEUED (due at next_attempt_at) → SENDING (claimed by a worker,
 * leased until next_attempt_at; the provider call is in progress) → SENT, RETRY (queued again
 * after a transient failure, due at next_attempt_at), FAILED (a permanent failure, or the retry
 * window ran out; the sealed token is kept so it can be requeued without a new link) or SKIPPED.
 */
export const ATTEMPT_STATUSES = [
  'QUEUED',
  'SENDING',
  'SENT',
  'RETRY',
  'FAILED',
  'SKIPPED',
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];
/** Why the latest attempt failed: the provider was down (OUTAGE), or TRANSIENT / PERMANENT (backoff.ts). */
export const FAILURE_CLASSES = ['OUTAGE', 'TRANSIENT', 'PERMANENT'] as const;

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
 * (AES-GCM with the server secret) and is wiped once the message is out or skipped; a FAILED
 * delivery keeps it, so it can be requeued with the same link (delivery.retry.ts).
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
    /** Due (QUEUED, RETRY), or the end of the lease (SENDING). */
    nextAttemptAt: p.datetime(),
    /** The first attempt: transient failures retry until DELIVERY_RETRY_FOR_MS after it. A requeue clears it. */
    firstAttemptAt: p.datetime().nullable(),
    lastAttemptAt: p.datetime().nullable(),
    provider: p.string().length(40).nullable(),
    providerId: p.string().length(200).nullable(),
    /** The provider's latest word on the message (Twilio status callbacks: sent, delivered, undelivered, failed). */
    providerStatus: p.string().length(40).nullable(),
    error: p.string().length(500).nullable(),
    /** The provider's code for the latest failure (SMTP reply, Twilio code, ECONNREFUSED…). */
    errorCode: p.string().length(40).nullable(),
    failure: p.enum(FAILURE_CLASSES).nullable(),
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
        'create index "invitation_delivery_due" on "invitation_delivery" ("next_attempt_at") where "status" in (\'QUEUED\', \'SENDING\', \'RETRY\')',
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
    /** TRANSIENT or PERMANENT for a failed attempt (backoff.ts's classifyFailure). */
    classification: p.string().length(10).nullable(),
    /** The provider's code for the failure (SMTP reply code, Twilio error code, ECONNREFUSED…). */
    code: p.string().length(40).nullable(),
    at: p.datetime(),
  }),
});
export type DeliveryAttemptEntity = InferEntity<typeof DeliveryAttemptEntity>;
