import { Field, ID, ObjectType } from 'type-graphql';
import type { ScopeType } from '@porter/shared';
import { Connection } from '../../common/pagination.js';
import { ScopeTypeEnum } from '../../common/graphql-enums.js';
import { Deployment } from '../deployment/index.js';
import { Role } from '../role/index.js';

@ObjectType({ description: 'A person as a staff member: the public part of their account.' })
export class StaffUser {
  @Field(() => ID, { description: 'User id.' })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  fullName!: string;

  @Field(() => String, { description: 'Email address.' })
  email!: string;
}

@ObjectType({ description: 'What the viewer may do with a staff member.' })
export class StaffMemberViewerCan {
  @Field(() => Boolean, { description: 'Give them another role.' })
  changeRole!: boolean;

  @Field(() => Boolean, { description: 'Remove them from this scope.' })
  remove!: boolean;
}

@ObjectType({ description: 'One staff member’s role at one scope of an organisation.' })
export class StaffMember {
  @Field(() => ID, { description: 'The role assignment id.' })
  id!: string;

  @Field(() => StaffUser, { description: 'The person.' })
  user!: StaffUser;

  @Field(() => Role, { description: 'The role held.' })
  role!: Role;

  @Field(() => ScopeTypeEnum, { description: 'Organisation or deployment.' })
  scopeType!: ScopeType;

  @Field(() => Deployment, {
    nullable: true,
    description: 'The deployment, for deployment-scoped roles.',
  })
  deployment!: Deployment | null;

  @Field(() => Date, { description: 'When they joined with this role.' })
  joinedAt!: Date;

  @Field(() => StaffMemberViewerCan, {
    description: 'What the viewer may do with this staff member.',
  })
  viewerCan!: StaffMemberViewerCan;
}

export const StaffMemberConnection = Connection(StaffMember, 'StaffMember');
