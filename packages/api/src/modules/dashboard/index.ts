// The dashboard module's face: what other modules and the composition root may import from it.
export { rollupCompactionJob } from './dashboard.jobs.js';
export { DashboardResolver } from './dashboard.resolver.js';
export { InvitationAcceptStatEntity, InvitationStatEntity } from './invitation-stat.entity.js';
export { DashboardService } from './dashboard.service.js';
