// The invite-link module's face: what other modules and the composition root may import from it.
export { InviteLinkPublicResolver } from './invite-link-public.resolver.js';
export { InviteLinkClaimEntity, InviteLinkEntity } from './invite-link.entity.js';
export { inviteLinkReminderJob } from './invite-link.jobs.js';
export { InviteLinkResolver } from './invite-link.resolver.js';
export { InviteLinkService } from './invite-link.service.js';
export type { InviteLinkDeps } from './invite-link.service.js';
export { InviteLinkJoinService } from './invite-link-join.service.js';
