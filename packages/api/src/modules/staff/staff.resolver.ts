import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Mutation,
  Query,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { ScopeType } from '@porter/shared';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { ScopeTypeEnum } from '../../common/graphql-enums.js';
import { PageArgs } from '../../common/pagination.js';
import { RoleAssignmentEntity } from '../role/index.js';
import { StaffMember, StaffMemberConnection } from './staff.types.js';
import { STAFF_SORTS, type StaffSort } from './staff.service.js';

const StaffSortEnum = Object.fromEntries(STAFF_SORTS.map((s) => [s, s])) as { [K in StaffSort]: K };
registerEnumType(StaffSortEnum, { name: 'StaffSort', description: 'Order of the staff list.' });

@ArgsType()
class StaffMembersArgs extends PageArgs {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { nullable: true, description: 'Only this deployment’s staff.' })
  deploymentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of a name or email, any case.' })
  @MaxLength(200)
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only holders of this role.' })
  roleId?: string | null;

  @Field(() => ScopeTypeEnum, {
    nullable: true,
    description: 'Only organisation-level or only deployment-level roles.',
  })
  scopeType?: ScopeType | null;

  @Field(() => StaffSortEnum, {
    defaultValue: 'JOINED_DESC',
    description: 'Order; newest first by default.',
  })
  sort: StaffSort = 'JOINED_DESC';
}

const service = (ctx: Context) => ctx.services.staff;

@Authorized()
@Resolver(() => StaffMember)
export class StaffResolver {
  @Query(() => StaffMemberConnection, {
    description:
      'Staff of an organisation or one of its deployments. Needs `staff:view`. Errors: FORBIDDEN, NOT_FOUND.',
  })
  staffMembers(
    @Args(() => StaffMembersArgs) args: StaffMembersArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    return service(ctx).list(viewer, args);
  }

  @Mutation(() => StaffMember, {
    description:
      'Gives a staff member another role at the same scope. Errors: NOT_FOUND, FORBIDDEN, GRANT_NOT_ALLOWED, ESCALATION_REFUSED, ROLE_SCOPE_NOT_ALLOWED, LAST_KEEPER.',
  })
  async changeStaffRole(
    @Arg('staffMemberId', () => ID, { description: 'The StaffMember (role assignment) id.' })
    staffMemberId: string,
    @Arg('roleId', () => ID) roleId: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<StaffMember> {
    const staff = service(ctx);
    const assignment = await staff.changeRole(viewer, staffMemberId, roleId, ctx.ip);
    const fresh = await ctx.em
      .fork()
      .findOneOrFail(
        RoleAssignmentEntity,
        { id: assignment.id },
        { populate: ['user', 'role', 'organisation', 'deployment'] },
      );
    return staff.toStaffMember(viewer, fresh);
  }

  @Mutation(() => ID, {
    description:
      'Removes a staff member from the scope of this assignment; their sessions lose it at once. Returns the id. Errors: as changeStaffRole.',
  })
  async removeStaffMember(
    @Arg('staffMemberId', () => ID) staffMemberId: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    await service(ctx).remove(viewer, staffMemberId, ctx.ip);
    return staffMemberId;
  }
}
