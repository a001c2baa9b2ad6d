import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../app/context.js';
import { access } from '../../common/access.js';
import { PageArgs } from '../../common/pagination.js';
import { Organisation, OrganisationConnection } from './organisation.types.js';
import { OrganisationService } from './organisation.service.js';

@ArgsType()
class OrganisationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name, any case.' })
  @MaxLength(200)
  search?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Include archived organisations (needs `platform:organisations`).' })
  includeArchived: boolean = false;
}

@Authorized()
@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, { description: 'Organisations the viewer may enter, by name.' })
  organisations(@Args(() => OrganisationsArgs) args: OrganisationsArgs, @Ctx() ctx: Context) {
    return new OrganisationService(ctx.em).list(ctx.viewer!, args);
  }

  @Query(() => Organisation, { description: 'One organisation. Errors: NOT_FOUND, also for organisations the viewer cannot enter.' })
  organisation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Organisation> {
    return new OrganisationService(ctx.em).get(ctx.viewer!, id);
  }

  @FieldResolver(() => [String], { description: 'The viewer’s effective permissions in this organisation.' })
  viewerPermissions(@Root() organisation: Organisation, @Ctx() ctx: Context): string[] {
    return [...access.permissionsAt(ctx.viewer, { type: 'ORGANISATION', organisationId: organisation.id })].sort();
  }
}
