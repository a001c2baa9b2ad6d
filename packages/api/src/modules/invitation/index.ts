// The invitation module's face: what other modules and the composition root may import from it.
export { InvitationPublicResolver } from './invitation-public.resolver.js';
export { COMPACT_SQL } from './invitation-stat.triggers.js';
export {
  INVITATION_KINDS,
  InvitationEntity,
  WithdrawnInvitationTokenEntity,
} from './invitation.entity.js';
export type {
  InvitationChannel,
  InvitationKind,
  StoredInvitationStatus,
} from './invitation.entity.js';
export { expiryJob, invitationJobDeps, reminderJob } from './invitation.jobs.js';
export { invitationDeliveryTarget } from './invitation.delivery-target.js';
export { InviteResultResolver, StaffInvitationResolver } from './invitation.resolver.js';
export {
  InvitationService,
  MAX_ADDRESSES_PER_CALL,
  collectEmailAddresses,
} from './invitation.service.js';
export type { InvitationDeps, InviteResult, ItemOutcome } from './invitation.service.js';
export {
  DeliveryStatusEnum,
  InvitationActionResult,
  InvitationChannelEnum,
  InvitationKindEnum,
  InviteStaffPayload,
  Inviter,
} from './invitation.types.js';
export type { KindHandler, KindHandlers } from './invitation.kinds.js';
export { deletePatientInvitations } from './invitation.service.js';
export { OPEN_INVITATION_SQL, isOpenInvitation } from './invitation.entity.js';
export {
  deletePatientInvitationRefusal,
  managePatientDataRefusal,
  retryDeliveryRefusal,
} from './invitation.policy.js';
export type { InvitationFacts } from './invitation.policy.js';
export {
  can,
  expiryHoursFor,
  fromSql,
  toSql,
  transition,
  withdraw,
} from './invitation.lifecycle.js';
export { retryFailedDeliveries } from './invitation.retry.js';
export type { RetriedBy, RetriedDeliveries, RetryWhich } from './invitation.retry.js';
export { revokeInvitations, writeInvitations } from './invitation.writer.js';
export type {
  InvitationsWrite,
  NewInvitation,
  RevokeWhich,
  WrittenInvitation,
} from './invitation.writer.js';
export { InvitationListService } from './invitation-list.service.js';
