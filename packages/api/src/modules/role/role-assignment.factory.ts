import type { EntityManager } from '@mikro-orm/postgresql';
import type { DefaultRoleKey } from '@porter/shared';
import type { AccessScope } from '../../common/access.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { RoleEntity } from './role.entity.js';
import type { UserEntity } from '../user/index.js';

/**
 * Adds a live assignment of a default role to the unit of work. Used by the demo seed and tests;
 * granting through the API goes through the grant rules instead.
 */
export async function assignDefaultRole(
  em: EntityManager,
  user: UserEntity,
  key: DefaultRoleKey,
  scope: AccessScope,
  grantedBy: UserEntity | null = null,
): Promise<RoleAssignmentEntity> {
  const role = await em.findOneOrFail(RoleEntity, { key });
  return em.create(RoleAssignmentEntity, {
    user,
    role,
    scopeType: scope.type,
    organisation: scope.type === 'PLATFORM' ? null : scope.organisationId,
    deployment: scope.type === 'DEPLOYMENT' ? scope.deploymentId : null,
    grantedBy,
  });
}
