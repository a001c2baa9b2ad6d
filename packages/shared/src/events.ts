/**
 * The event stream's types, listed once: the API appends one event of these per lifecycle
 * transition or membership change, in the transaction of the change, and `events(after:, types:)`
 * reads them in order. When each fires is said beside it; `docs/ARCHITECTURE.md` has the table.
 */
export const EVENT_TYPES = [
  /** An invitation was created (staff, patient or helper; email or text message). */
  'invitation.created',
  /** A message of an invitation (first, resend or reminder) was handed to the provider. */
  'invitation.sent',
  /** The provider reported the text message delivered (Twilio status callback). */
  'invitation.delivered',
  /** A message could not be delivered: retries used up, or the provider reported it undelivered. */
  'invitation.delivery_failed',
  /** The reminder job rotated the token and queued a reminder. */
  'invitation.reminded',
  /** Someone resent it: new token, new expiry, a new message queued. */
  'invitation.resent',
  /**
   * Its failed message was queued again with the same link (staff's retryInvitationDeliveries, or
   * the operator's `retry-deliveries` command): no new token, no new expiry.
   */
  'invitation.delivery_retried',
  'invitation.accepted',
  'invitation.revoked',
  /** A pending patient invitation was deleted (with the never-joined patient). */
  'invitation.deleted',
  /** The expiry job found it past its expiry and marked it EXPIRED. */
  'invitation.expired',
  'invite_link.created',
  /** Someone joined through an invite link (staff or patient). */
  'invite_link.joined',
  /** The link's URL was replaced. */
  'invite_link.rotated',
  'invite_link.revoked',
  /** A person was given a role in an organisation or deployment. */
  'membership.created',
  'membership.role_changed',
  'membership.removed',
  'patient.offboarded',
  'patient.reactivated',
  /** A helper accepted a patient's helper invitation and is linked to the patient. */
  'helper.linked',
  'helper.removed',
  /** A CSV import of patients was uploaded and queued. */
  'import.started',
  /** A CSV import finished (its counts in the payload). */
  'import.completed',
  'role.created',
  'role.updated',
  'role.deleted',
  'organisation.created',
  'organisation.updated',
  'organisation.archived',
  'organisation.restored',
  'organisation.deleted',
  'deployment.created',
  'deployment.updated',
  'deployment.archived',
  'deployment.restored',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);
export function isEventType(value: string): value is EventType {
  return EVENT_TYPE_SET.has(value);
}
