import { Field, ID, ObjectType } from 'type-graphql';
import type { ScopeType } from '@porter/shared';
import { ScopeTypeEnum } from '../../common/graphql-enums.js';
import { Deployment } from '../deployment/index.js';
import { Organisation } from '../organisation/index.js';
import { Role } from '../role/index.js';

@ObjectType({ description: 'A role held at one scope.' })
export class RoleAssignment {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => Role, { description: 'The role held.' })
  role!: Role;

  @Field(() => ScopeTypeEnum, { description: 'Platform, organisation or deployment.' })
  scopeType!: ScopeType;

  @Field(() => Organisation, {
    nullable: true,
    description: 'The organisation, for organisation and deployment scopes.',
  })
  organisation!: Organisation | null;

  @Field(() => Deployment, { nullable: true, description: 'The deployment, for deployment scope.' })
  deployment!: Deployment | null;

  @Field(() => Date, { description: 'When the role was granted.' })
  createdAt!: Date;
}

@ObjectType({
  description:
    'What the viewer may do at one scope: their roles there plus everything inherited from above.',
})
export class ScopeAccess {
  @Field(() => ScopeTypeEnum, { description: 'Platform, organisation or deployment.' })
  scopeType!: ScopeType;

  @Field(() => Organisation, {
    nullable: true,
    description: 'The organisation, for organisation and deployment scopes.',
  })
  organisation!: Organisation | null;

  @Field(() => Deployment, { nullable: true, description: 'The deployment, for deployment scope.' })
  deployment!: Deployment | null;

  @Field(() => [String], { description: 'Effective permission keys at this scope.' })
  permissions!: string[];
}

@ObjectType({ description: 'The signed-in user.' })
export class Viewer {
  @Field(() => ID, { description: 'User id.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Email address; also the username. Null for patients who joined by SMS.',
  })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile number (E.164), when known.' })
  mobile!: string | null;

  @Field(() => String, { description: 'Full name.' })
  fullName!: string;

  @Field(() => Boolean, {
    description: 'Holds a platform role (Super Admin, Account Manager, Support).',
  })
  isPlatformStaff!: boolean;

  @Field(() => [RoleAssignment], { description: 'Live role assignments.' })
  assignments!: RoleAssignment[];

  @Field(() => [ScopeAccess], {
    description:
      'Effective permissions at the platform (platform staff), at each organisation the viewer holds a role in, and at each deployment they can enter through an organisation or deployment role.',
  })
  scopes!: ScopeAccess[];
}
