import type { EntityManager } from '@mikro-orm/postgresql';
import type { Channel } from '@porter/shared';
import type { DeliveryPurpose } from './delivery.entity.js';
import type { InvitationMessageProps } from './messages/invitation-message.js';

/** A delivery the drain has claimed (leased), as every target sees it. */
export interface ClaimedDelivery {
  id: string;
  invitationId: string;
  purpose: DeliveryPurpose;
  channel: Channel;
  /** This attempt's number, from 1. */
  attempt: number;
}

/** What a message says, but for what the drain adds itself: the link (from the token) and `reminder`. */
export type DeliveryContent = Omit<InvitationMessageProps, 'link' | 'reminder'>;

export type DeliveryOutcomeKind = 'SENT' | 'SKIPPED' | 'RETRY' | 'FAILED';

/** How one attempt went, handed to the target to record its side in the same transaction. */
export interface DeliveryOutcome<Row> {
  delivery: ClaimedDelivery;
  /** What the target's `claimSql` read for it (null when it found nothing). */
  row: Row | null;
  /** The token the message carried (null when it could not be unsealed: then SKIPPED). */
  token: string | null;
  outcome: DeliveryOutcomeKind;
  /** Who carried (or would have carried) it: the channel sender's `provider`. */
  provider: string;
  providerId?: string;
  error?: string;
}

/**
 * The other side of a delivery: the record it is for (the invitation), which this module does not
 * know. The invitation module implements it (invitation.delivery-target.ts) and the composition
 * root hands it in (Deps.deliveryTarget); the drain does the claiming, sending, retrying and the
 * delivery rows, the target decides what is still worth sending and writes its own rows.
 */
export interface DeliveryTarget<Row extends object = object> {
  /**
   * One SELECT laterally joined to each claimed delivery `l` (match on `l.invitation_id`): what
   * `prepare` and `settle` read, returned as one JSON object per delivery. Part of the claim's
   * own statement, so claiming a batch stays one round trip.
   */
  readonly claimSql: string;
  /**
   * What the message says, or null when it is no longer worth sending (then SKIPPED, and
   * `settle` is told so). Pure: called for each claimed delivery, before sending.
   */
  prepare(
    delivery: ClaimedDelivery,
    row: Row | null,
    token: string,
    now: Date,
  ): DeliveryContent | null;
  /**
   * Records the target's side of a batch's outcomes, set-based, in the transaction that records
   * the deliveries' own (a failure undoes both, and the batch is tried again after its lease).
   */
  settle(tx: EntityManager, outcomes: readonly DeliveryOutcome<Row>[], now: Date): Promise<void>;
  /** Records a provider's later report on one delivery, in the transaction that kept it. */
  reported(tx: EntityManager, report: ProviderReport, now: Date): Promise<void>;
}

/**
 * What a provider said later about a message it took (Twilio's status callback), after the
 * delivery row has kept it: handed to the target to update what it shows.
 */
export interface ProviderReport {
  deliveryId: string;
  invitationId: string;
  /** When the delivery was queued: a report on an older message than the latest changes nothing. */
  deliveryCreatedAt: Date;
  channel: Channel;
  provider: string;
  /** The provider's own word, as kept on the delivery (a late "sent" never hides a final one). */
  providerStatus: string;
  /** What the message's state now is, when the report settles one; null for interim statuses. */
  state: 'SENT' | 'DELIVERED' | 'FAILED' | null;
  /** True the first time a final status (delivered or not) arrives for this message. */
  firstFinal: boolean;
  error: string | null;
  errorCode: string | null;
}

declare module '../../common/context.js' {
  interface Deps {
    /** What deliveries are for and what their outcomes change (filled in by app/runtime.ts). */
    deliveryTarget: DeliveryTarget;
  }
}
