import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../app/context.js';
import { access } from '../../common/access.js';
import { Deployment } from './deployment.types.js';
import { DeploymentService } from './deployment.service.js';

@Authorized()
@Resolver(() => Deployment)
export class DeploymentResolver {
  @Query(() => [Deployment], {
    description: 'Deployments of an organisation that the viewer may enter, by name. Errors: NOT_FOUND for an organisation the viewer cannot enter.',
  })
  deployments(@Arg('organisationId', () => ID) organisationId: string, @Ctx() ctx: Context): Promise<Deployment[]> {
    return new DeploymentService(ctx.em).list(ctx.viewer!, organisationId);
  }

  @FieldResolver(() => [String], { description: 'The viewer’s effective permissions in this deployment.' })
  viewerPermissions(@Root() deployment: Deployment, @Ctx() ctx: Context): string[] {
    const scope = { type: 'DEPLOYMENT', organisationId: deployment.organisationId, deploymentId: deployment.id } as const;
    return [...access.permissionsAt(ctx.viewer, scope)].sort();
  }
}
