import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { SCOPE_TYPES } from '@porter/shared';
import { DeploymentEntity } from '../deployment/index.js';
import { OrganisationEntity } from '../organisation/index.js';
import { UserEntity } from '../user/index.js';
import { RoleEntity } from './role.entity.js';

/**
 * A user holding one role at one scope. A deployment assignment also records its organisation so
 * that organisation-wide lists need no join. Ending an assignment keeps the row for history; a
 * user has at most one live assignment per scope.
 */
export const RoleAssignmentEntity = defineEntity({
  name: 'RoleAssignment',
  tableName: 'role_assignment',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(UserEntity).deleteRule('cascade'),
    role: () => p.manyToOne(RoleEntity),
    scopeType: p.enum(SCOPE_TYPES),
    organisation: () => p.manyToOne(OrganisationEntity).nullable().deleteRule('cascade'),
    deployment: () => p.manyToOne(DeploymentEntity).nullable().deleteRule('cascade'),
    grantedBy: () => p.manyToOne(UserEntity).nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    endedAt: p.datetime().nullable(),
  }),
  indexes: [
    {
      name: 'role_assignment_user_live',
      expression:
        'create index "role_assignment_user_live" on "role_assignment" ("user_id") where "ended_at" is null',
    },
    {
      name: 'role_assignment_organisation_live',
      expression:
        'create index "role_assignment_organisation_live" on "role_assignment" ("organisation_id", "created_at") where "ended_at" is null',
    },
    {
      name: 'role_assignment_deployment_live',
      expression:
        'create index "role_assignment_deployment_live" on "role_assignment" ("deployment_id", "created_at") where "ended_at" is null',
    },
    { name: 'role_assignment_role', properties: ['role'] },
  ],
  uniques: [
    {
      name: 'role_assignment_one_live_per_scope',
      expression:
        'create unique index "role_assignment_one_live_per_scope" on "role_assignment" ("user_id", "organisation_id", "deployment_id") nulls not distinct where "ended_at" is null',
    },
  ],
  checks: [
    {
      name: 'role_assignment_scope_shape',
      expression:
        "(scope_type = 'PLATFORM' and organisation_id is null and deployment_id is null) or " +
        "(scope_type = 'ORGANISATION' and organisation_id is not null and deployment_id is null) or " +
        "(scope_type = 'DEPLOYMENT' and organisation_id is not null and deployment_id is not null)",
    },
  ],
});
export type RoleAssignmentEntity = InferEntity<typeof RoleAssignmentEntity>;
