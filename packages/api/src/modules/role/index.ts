// The role module's face: what other modules and the composition root may import from it.
export { grantRefusal, requireGrant } from './grant-policy.js';
export type { GrantableRole } from './grant-policy.js';
export { GRANTS_JSON_SQL, grantsFromJson, loadGrants } from './grants.js';
export type { GrantRow } from './grants.js';
export { PermissionEntity } from './permission.entity.js';
export { RoleAssignmentEntity } from './role-assignment.entity.js';
export { assignDefaultRole } from './role-assignment.factory.js';
export { RoleEntity } from './role.entity.js';
export { RoleResolver } from './role.resolver.js';
export { grantableRoles, RoleService, toGrantable } from './role.service.js';
export { Role, toRole } from './role.types.js';
