import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../app/context.js';
import { PageArgs } from '../../common/pagination.js';
import { StaffMember, StaffMemberConnection } from './staff.types.js';
import { StaffService } from './staff.service.js';

@ArgsType()
class StaffMembersArgs extends PageArgs {
  @Field(() => ID, { description: 'The organisation.' })
  organisationId!: string;

  @Field(() => ID, { nullable: true, description: 'Only this deployment’s staff.' })
  deploymentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of a name or email, any case.' })
  @MaxLength(200)
  search?: string | null;
}

@Authorized()
@Resolver(() => StaffMember)
export class StaffResolver {
  @Query(() => StaffMemberConnection, {
    description: 'Staff of an organisation or one of its deployments, newest first. Needs `staff:view`. Errors: FORBIDDEN, NOT_FOUND.',
  })
  staffMembers(@Args(() => StaffMembersArgs) args: StaffMembersArgs, @Ctx() ctx: Context) {
    return new StaffService(ctx.em).list(ctx.viewer!, args);
  }
}
