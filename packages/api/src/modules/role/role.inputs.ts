import { ArrayMaxSize, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import type { ScopeType } from '@porter/shared';
import { ScopeTypeEnum } from '../../common/graphql-enums.js';

@InputType({
  description: 'A custom role’s name, permissions and scopes. Omitted fields stay as they are.',
})
export class RoleInput {
  @Field(() => String, { nullable: true, description: 'Display name, unique in the organisation.' })
  @MaxLength(100)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'What the role is for.' })
  @MaxLength(500)
  description?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Permission keys; `patient:view` is always added.',
  })
  @ArrayMaxSize(50)
  permissions?: string[] | null;

  @Field(() => [ScopeTypeEnum], {
    nullable: true,
    description: 'Where the role may be given: ORGANISATION and/or DEPLOYMENT (default both).',
  })
  scopes?: ScopeType[] | null;
}
