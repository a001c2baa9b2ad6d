import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../app/context.js';
import { Permission, Role } from './role.types.js';
import { RoleService } from './role.service.js';

@Authorized()
@Resolver(() => Role)
export class RoleResolver {
  @Query(() => [Role], {
    description: 'Default roles, plus the custom roles of an organisation when one is given. Errors: NOT_FOUND for an organisation the viewer cannot enter.',
  })
  roles(@Arg('organisationId', () => ID, { nullable: true }) organisationId: string | null, @Ctx() ctx: Context): Promise<Role[]> {
    return new RoleService(ctx.em).list(ctx.viewer!, organisationId);
  }

  @Query(() => [Permission], { description: 'The permission catalogue.' })
  permissions(@Ctx() ctx: Context): Promise<Permission[]> {
    return new RoleService(ctx.em).permissions();
  }
}
