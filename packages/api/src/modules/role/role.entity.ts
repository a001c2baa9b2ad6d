import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { ScopeType } from '@porter/shared';
import { OrganisationEntity } from '../organisation/organisation.entity.js';

/**
 * A named set of permissions. Default roles have a key and no organisation and are read-only;
 * custom roles belong to one organisation. `grants` lists the role keys (or CUSTOM) a holder may grant.
 */
export const RoleEntity = defineEntity({
  name: 'Role',
  tableName: 'role',
  properties: (p) => ({
    id: p.uuid().primary().onCreate(() => randomUUID()),
    key: p.string().length(64).nullable().unique(),
    organisation: () => p.manyToOne(OrganisationEntity).nullable().deleteRule('cascade').index(),
    name: p.string().length(100),
    description: p.text().default(''),
    permissions: p.array().onCreate(() => []),
    scopes: p.array<ScopeType>().onCreate(() => []),
    grants: p.array().onCreate(() => []),
    keeper: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
  checks: [{ name: 'role_default_or_custom', expression: '(key is null) <> (organisation_id is null)' }],
});
export type RoleEntity = InferEntity<typeof RoleEntity>;
