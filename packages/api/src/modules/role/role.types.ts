import { Field, ID, ObjectType } from 'type-graphql';
import type { ScopeType } from '@porter/shared';
import { ScopeTypeEnum } from '../../common/graphql-enums.js';
import type { RoleEntity } from './role.entity.js';

@ObjectType({ description: 'One entry of the permission catalogue.' })
export class Permission {
  @Field(() => String, { description: 'Key such as `patient:view`.' })
  key!: string;

  @Field(() => String, { description: 'Short human label.' })
  label!: string;

  @Field(() => String, { description: 'What the permission allows.' })
  description!: string;

  @Field(() => String, {
    description: 'Group for display: Patients, Staff, Organisation, Platform, Integrations.',
  })
  group!: string;

  @Field(() => Boolean, { description: 'Only platform roles may hold it.' })
  platformOnly!: boolean;
}

@ObjectType({
  description:
    'A named set of permissions: a default role (read-only) or an organisation’s custom role.',
})
export class Role {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Stable key of a default role, e.g. `ADMIN`; null for custom roles.',
  })
  key!: string | null;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => String, { description: 'What the role is for.' })
  description!: string;

  @Field(() => [String], { description: 'Permission keys the role holds.' })
  permissions!: string[];

  @Field(() => [ScopeTypeEnum], { description: 'Scopes the role may be assigned at.' })
  scopes!: ScopeType[];

  @Field(() => [String], {
    description:
      'Role keys a holder may grant; `CUSTOM` stands for the organisation’s custom roles.',
  })
  grants!: string[];

  @Field(() => Boolean, { description: 'A default role, seeded and read-only.' })
  isDefault!: boolean;

  @Field(() => ID, { nullable: true, description: 'The organisation owning a custom role.' })
  organisationId!: string | null;
}

export function toRole(e: RoleEntity): Role {
  return Object.assign(new Role(), {
    id: e.id,
    key: e.key ?? null,
    name: e.name,
    description: e.description,
    permissions: [...e.permissions],
    scopes: [...e.scopes],
    grants: [...e.grants],
    isDefault: !e.organisation,
    organisationId: e.organisation?.id ?? null,
  });
}
