import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../common/context.js';
import { CurrentViewer } from '../../common/current-viewer.js';
import { type Viewer, access } from '../../common/access.js';
import { NotFoundError } from '../../common/errors.js';
import { PageArgs } from '../../common/pagination.js';
import { counters, Organisation, toOrganisation } from '../organisation/index.js';
import { CreateDeploymentInput, UpdateDeploymentInput } from './deployment.inputs.js';
import { Deployment, DeploymentConnection, DeploymentViewerCan } from './deployment.types.js';
import { deploymentFacts, deploymentViewerCan } from './deployment.policy.js';

@ArgsType()
class DeploymentPageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only this organisation’s deployments.' })
  organisationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, any case.' })
  @MaxLength(200)
  search?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Include archived deployments.' })
  includeArchived: boolean = false;
}

const service = (ctx: Context) => ctx.services.deployments;
const scopeOf = (d: Deployment) =>
  ({ type: 'DEPLOYMENT', organisationId: d.organisationId, deploymentId: d.id }) as const;

@Authorized()
@Resolver(() => Deployment)
export class DeploymentResolver {
  @Query(() => [Deployment], {
    description:
      'Deployments of an organisation that the viewer may enter, by name. Errors: NOT_FOUND for an organisation the viewer cannot enter.',
  })
  deployments(
    @Arg('organisationId', () => ID) organisationId: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Deployment[]> {
    return service(ctx).list(viewer, organisationId);
  }

  @Query(() => DeploymentConnection, {
    description:
      'Deployments across the organisations the viewer may enter (platform staff: all that are not archived), by name, in pages; filter by organisation. Errors: NOT_FOUND for an organisation the viewer cannot enter.',
  })
  deploymentPage(
    @Args(() => DeploymentPageArgs) args: DeploymentPageArgs,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ) {
    return service(ctx).page(viewer, args);
  }

  @Mutation(() => Deployment, {
    description:
      'Creates a deployment (`deployment:create` in the organisation). Errors: NOT_FOUND, FORBIDDEN, CONFLICT, BAD_USER_INPUT.',
  })
  createDeployment(
    @Arg('input', () => CreateDeploymentInput) input: CreateDeploymentInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Deployment> {
    return service(ctx).create(viewer, input, ctx.ip);
  }

  @Mutation(() => Deployment, {
    description:
      'Renames a deployment and changes its settings (`deployment:configure`). Errors: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT.',
  })
  updateDeployment(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateDeploymentInput) input: UpdateDeploymentInput,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Deployment> {
    return service(ctx).update(viewer, id, input, ctx.ip);
  }

  @Mutation(() => Deployment, {
    description:
      'Archives a deployment: hidden from people who only work in it (`deployment:create` in the organisation). Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
  })
  archiveDeployment(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Deployment> {
    return service(ctx).archive(viewer, id, ctx.ip);
  }

  @Mutation(() => Deployment, {
    description:
      'Restores an archived deployment (`deployment:create` in the organisation). Errors: NOT_FOUND, FORBIDDEN, CONFLICT.',
  })
  restoreDeployment(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @CurrentViewer() viewer: Viewer,
  ): Promise<Deployment> {
    return service(ctx).restore(viewer, id, ctx.ip);
  }

  @FieldResolver(() => [String], {
    description: 'The viewer’s effective permissions in this deployment.',
  })
  viewerPermissions(@Root() deployment: Deployment, @Ctx() ctx: Context): string[] {
    return [...access.permissionsAt(ctx.viewer, scopeOf(deployment))].sort();
  }

  @FieldResolver(() => DeploymentViewerCan, {
    description: 'What the viewer may do to this deployment.',
  })
  async viewerCan(
    @Root() deployment: Deployment,
    @Ctx() ctx: Context,
  ): Promise<DeploymentViewerCan> {
    // The organisation's archived flag (inviting needs both open), batched across the page.
    const organisation = await counters(ctx, ctx.em).organisations.load(deployment.organisationId);
    return deploymentViewerCan(
      ctx.viewer,
      deploymentFacts({
        ...deployment,
        organisation: { id: deployment.organisationId, archivedAt: organisation?.archivedAt },
      }),
    );
  }

  @FieldResolver(() => Organisation, { description: 'The organisation it belongs to.' })
  async organisation(@Root() deployment: Deployment, @Ctx() ctx: Context): Promise<Organisation> {
    const organisation = await counters(ctx, ctx.em).organisations.load(deployment.organisationId);
    if (!organisation) throw new NotFoundError('Organisation', deployment.organisationId);
    return toOrganisation(organisation);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'People given a role in this deployment (organisation-wide staff not counted); null without `staff:view` there.',
  })
  staffCount(@Root() deployment: Deployment, @Ctx() ctx: Context): Promise<number> | null {
    if (!access.can(ctx.viewer, 'staff:view', scopeOf(deployment))) return null;
    return counters(ctx, ctx.em).deploymentStaff.load(deployment.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Active patients (joined, not offboarded); null without `patient:view` there.',
  })
  patientCount(@Root() deployment: Deployment, @Ctx() ctx: Context): Promise<number> | null {
    if (!access.can(ctx.viewer, 'patient:view', scopeOf(deployment))) return null;
    return counters(ctx, ctx.em).deploymentPatients.load(deployment.id);
  }
}
