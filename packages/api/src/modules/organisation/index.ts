// The organisation module's face: what other modules and the composition root may import from it.
export { Batch, IDS, counters, grouped } from './counts.js';
export { OrganisationEntity } from './organisation.entity.js';
export {
  createDeploymentRefusal,
  inviteStaffRefusal,
  organisationFacts,
} from './organisation.policy.js';
export { OrganisationResolver } from './organisation.resolver.js';
export { OrganisationService } from './organisation.service.js';
export { Organisation, toOrganisation } from './organisation.types.js';
export { loadOrganisation, resolveDeploymentScope, resolveScope } from './scope.js';
