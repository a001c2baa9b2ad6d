import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import type { ScopeType } from '@porter/shared';
import { OrganisationEntity } from '../organisation/index.js';

/**
 * A named set of permissions. Default roles have a key and no organisation and are read-only;
 * custom roles belong to one organisation. `grants` lists the role keys (or CUSTOM) a holder may grant.
 */
export const RoleEntity = defineEntity({
  name: 'Role',
  tableName: 'role',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    key: p.string().length(64).nullable().unique(),
    organisation: () => p.manyToOne(OrganisationEntity).nullable().deleteRule('cascade').index(),
    name: p.string().length(100),
    description: p.text().default(''),
    permissions: p.array().onCreate(() => []),
    scopes: p.array<ScopeType>().onCreate(() => []),
    grants: p.array().onCreate(() => []),
    keeper: p.boolean().default(false),
    /** Custom roles are deleted softly so that past assignments and audit events keep their name. */
    deletedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
  uniques: [
    {
      name: 'role_name_per_organisation',
      expression:
        'create unique index "role_name_per_organisation" on "role" ("organisation_id", lower("name")) where "organisation_id" is not null and "deleted_at" is null',
    },
  ],
  checks: [
    { name: 'role_default_or_custom', expression: '(key is null) <> (organisation_id is null)' },
  ],
});
export type RoleEntity = InferEntity<typeof RoleEntity>;
