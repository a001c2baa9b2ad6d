import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import type { Viewer } from '../../common/access.js';
import { type InvitationKind, InvitationKindEnum } from '../invitation/index.js';
import { AdminDashboard } from './dashboard.types.js';

@ArgsType()
class AdminDashboardArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      'The organisation; leave out (with the deployment) for the platform-wide dashboard.',
  })
  organisationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'One deployment of the organisation.' })
  deploymentId?: string | null;

  @Field(() => InvitationKindEnum, {
    nullable: true,
    description: 'Limit the chart and the median to one kind of invitation.',
  })
  kind?: InvitationKind | null;
}

@Authorized()
@Resolver(() => AdminDashboard)
export class DashboardResolver {
  @Query(() => AdminDashboard, {
    description:
      'Figures for the admin dashboard of an organisation, one deployment, or (platform staff) the platform. Needs `staff:view` there. Errors: FORBIDDEN, NOT_FOUND.',
  })
  adminDashboard(
    @Args(() => AdminDashboardArgs) args: AdminDashboardArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<AdminDashboard> {
    return ctx.services.dashboard.load(viewer, args);
  }
}
