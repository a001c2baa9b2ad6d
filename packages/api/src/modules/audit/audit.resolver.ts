import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../app/context.js';
import { access } from '../../common/access.js';
import { decodeCursor, PageArgs, toConnection } from '../../common/pagination.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { AuditEvent, AuditEventConnection, toAuditEvent } from './audit.types.js';

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'An organisation’s events; omit for every event (platform `audit:view`).' })
  organisationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. `sign-in.failed`.' })
  @MaxLength(64)
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events whose actor email contains this text.' })
  @MaxLength(254)
  actor?: string | null;
}

@Authorized()
@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'Audit events, newest first. Needs `audit:view` at the organisation, or at the platform for all events. Errors: FORBIDDEN, NOT_FOUND.',
  })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<AuditEventEntity>[] = [];
    if (args.organisationId) {
      await new OrganisationService(ctx.em).load(ctx.viewer!, args.organisationId);
      access.require(ctx.viewer, 'audit:view', { type: 'ORGANISATION', organisationId: args.organisationId });
      where.push({ organisationId: args.organisationId });
    } else {
      access.require(ctx.viewer, 'audit:view', { type: 'PLATFORM' });
    }
    if (args.action) where.push({ action: args.action });
    if (args.actor) where.push({ actorEmail: { $ilike: `%${args.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2) as [string, string];
      const date = new Date(at);
      where.push({ $or: [{ occurredAt: { $lt: date } }, { occurredAt: date, id: { $lt: id } }] });
    }
    const rows = await ctx.em.find(AuditEventEntity, { $and: where }, { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: args.first + 1 });
    return toConnection(rows, args.first, (r) => [r.occurredAt.toISOString(), r.id], toAuditEvent);
  }
}
