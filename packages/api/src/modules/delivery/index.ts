// The delivery module's face: channels and their providers, invitation messages, the delivery
// queue (its entities, the one insert, the drain job and its backoff, the requeue of failed
// deliveries) and the provider status webhook. Other modules import from here only.
export {
  CHANNEL_SPECS,
  channelSenders,
  renderInvitationMessage,
  type ChannelSenders,
  type ChannelSpec,
  type SenderDeps,
} from './channels.js';
export type { MessageSender, OutgoingMessage } from './message.js';
export { mailSender, textSender } from './senders.js';
export {
  invitationLink,
  type InvitationMessageKind,
  type InvitationMessageProps,
} from './messages/invitation-message.js';
export { renderInvitation, warmInvitationLayout } from './messages/invitation-layout.js';
export {
  DELIVERY_STATUSES,
  DeliveryAttemptEntity,
  deliveriesBelongTo,
  InvitationDeliveryEntity,
  type DeliveryPurpose,
  type DeliveryStatus,
} from './delivery.entity.js';
export { queueDeliveries, type DeliveryItem } from './delivery.writer.js';
export { requeueFailedDeliveries, type Requeued, type RequeueWhich } from './delivery.retry.js';
export type {
  ClaimedDelivery,
  DeliveryContent,
  DeliveryOutcome,
  DeliveryOutcomeKind,
  DeliveryTarget,
  ProviderReport,
} from './delivery.target.js';
export {
  drainDeliveries,
  drainPolicy,
  type DrainDeps,
  type DrainOptions,
  type DrainPolicy,
  type DrainTotals,
} from './delivery.drain.js';
export {
  backoffMs,
  classifyFailure,
  nextTry,
  type Failure,
  type FailureKind,
  type RetryPolicy,
} from './backoff.js';
export { deliveryJob, drainDeps } from './delivery.jobs.js';
export { EarlySmsStatusEntity } from './early-sms-status.entity.js';
export { applyEarlySmsStatuses, applySmsStatus, TWILIO_STATUS_PATH } from './sms-status.service.js';
export { twilioStatusRoutes } from './twilio-status.route.js';
